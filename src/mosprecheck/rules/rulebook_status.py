"""Rules about the rulebook itself: is it fresh enough, and does it cover the filing date."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Category
from .registry import CheckContext, Finding, rule


@rule(
    code="X010",
    name="rulebook-not-recently-verified",
    category=Category.ADVISORY,
    reads=(),
    title="The rulebook's facts were last verified long before the as-of date",
    legal_basis=None,
)
def rulebook_not_recently_verified(c: CheckContext) -> Iterator[Finding]:
    """Every fact carries the date it was last verified; when the oldest is more than
    ``stale_after_days`` (rulebook.yaml) before the as-of date, the answers may be out of date
    (the law behind MOS changed several times in 2025-2026). Reported once, never blocking.
    """
    rb = c.rulebook.rulebook
    if rb.is_stale(c.as_of):
        oldest = [f.key for f in rb if f.last_verified == rb.last_verified]
        yield Finding(ctx={"version": rb.version, "last_verified": rb.last_verified, "as_of": c.as_of,
                           "days": rb.days_since_verified(c.as_of), "limit": rb.stale_after_days,
                           "oldest_facts": oldest[:10]})


@rule(
    code="X011",
    name="filing-date-before-rulebook-coverage",
    category=Category.ADVISORY,
    reads=(),
    title="The filing date is before the period the rulebook was researched for",
    legal_basis=None,
)
def filing_date_before_rulebook_coverage(c: CheckContext) -> Iterator[Finding]:
    """Facts whose history before ``coverage_from`` (rulebook.yaml) was not researched have no value
    earlier, so the checks that need them stay silent: the report must say that, not look clean."""
    rb = c.rulebook.rulebook
    if not rb.covers(c.filing_date):
        yield Finding(ctx={"filing_date": c.filing_date, "coverage_from": rb.coverage_from})
