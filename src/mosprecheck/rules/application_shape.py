"""Rules on the shape of the application description itself (before any legal requirement)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Category
from ..i18n import text
from ..case.helpers import suggestion_ctx
from .registry import CheckContext, Finding, rule


@rule(
    code="D001",
    name="application-value-invalid",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Value of the wrong type or outside the allowed values",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def application_value_invalid(c: CheckContext) -> Iterator[Finding]:
    """A value the form cannot hold (a date that is not a date, a number given as text, an unknown
    ground): the MOS wizard would refuse it, and the office cannot act on it."""
    if c.parsed is None:
        return
    for issue in c.parsed.issues:
        if issue.kind != "invalid":
            continue
        field = issue.pointer or "/"
        ctx = {
            "field": field,
            # a neutral id; each language says it (D001.expected.<id>)
            "expected": issue.expect if text("en", f"D001.expected.{issue.expect}") is not None else "valid_value",
            "choices": ", ".join(f"'{v}'" for v in issue.choices),
            "limit": issue.limit,
            "last": issue.last,
            "reason": issue.reason,
            **suggestion_ctx(issue.suggestion),
        }
        yield Finding(field=issue.pointer, ctx=ctx)


@rule(
    code="D002",
    name="application-unknown-key",
    category=Category.ADVISORY,
    reads=(),
    title="Key the application format does not know",
    legal_basis=None,
    needs_application=True,
)
def application_unknown_key(c: CheckContext) -> Iterator[Finding]:
    """An unknown key is usually a typo of a known one: its value would silently not be checked."""
    if c.parsed is None:
        return
    for issue in c.parsed.issues:
        if issue.kind != "unknown_key":
            continue
        yield Finding(field=issue.pointer, ctx={"field": issue.pointer, **suggestion_ctx(issue.suggestion)})
