"""Rules about the check itself: what could not be checked, and why."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Category
from .registry import CheckContext, Finding, declare, rule


@rule(
    code="X001",
    name="application-not-provided",
    category=Category.ADVISORY,
    reads=(),
    title="No application description: only the files were checked",
    legal_basis=None,
)
def application_not_provided(c: CheckContext) -> Iterator[Finding]:
    """Without a description, a package of valid files may still miss everything the ground requires:
    the verdict is then "not ready" (:func:`mosprecheck.report.build.build_report`), and this
    advisory says why."""
    if c.parsed is None:
        yield Finding(ctx={})


CHECK_FAILED = declare(
    code="X900",
    name="check-not-completed",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="A check could not be completed",
    legal_basis=None,
    doc="Emitted by the engine when a rule raises. It blocks the verdict: a check that did not run must never "
    "look like a pass.",
)
