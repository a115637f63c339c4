"""Rules on the shape of the application description itself (before any legal requirement)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Category
from ..case.helpers import suggestion_ctx
from .registry import CheckContext, Finding, rule


@rule(
    code="D001",
    name="application-value-invalid",
    category=Category.FORMAL_DEFECT,
    title="Value of the wrong type or outside the allowed values",
    legal_basis="art. 64 § 2 KPA",
    message={
        "pl": "Pole {field} opisu wniosku ma nieprawidłową wartość: oczekiwano {expected}.{hint_pl}",
        "en": "Field {field} of the application has an invalid value: expected {expected}.{hint_en}",
    },
    remedy={
        "pl": "Popraw wartość pola {field} zgodnie ze schematem application.schema.json.",
        "en": "Correct the value of field {field} as application.schema.json describes it.",
    },
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
            "expected": issue.expected or issue.reason,
            "reason": issue.reason,
            **suggestion_ctx(issue.suggestion),
        }
        yield Finding(field=issue.pointer, ctx=ctx)


@rule(
    code="D002",
    name="application-unknown-key",
    category=Category.ADVISORY,
    title="Key the application format does not know",
    legal_basis=None,
    message={
        "pl": "Klucz {field} nie należy do formatu opisu wniosku i zostanie pominięty.{hint_pl}",
        "en": "Key {field} is not part of the application format and is ignored.{hint_en}",
    },
    remedy={
        "pl": "Usuń ten klucz albo popraw jego nazwę.",
        "en": "Remove the key or correct its name.",
    },
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
