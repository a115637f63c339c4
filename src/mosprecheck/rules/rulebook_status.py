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
    message={
        "pl": "Najstarsze fakty zbioru reguł (wersja {version}) sprawdzono {last_verified}, {days:n} dni przed datą "
        "sprawdzenia {as_of} (próg: {limit:n} dni). Przepisy, opłaty lub progi mogły się od tego czasu zmienić.",
        "en": "The rulebook's oldest facts (version {version}) were last verified on {last_verified}, {days:n} days "
        "before the as-of date {as_of} (limit: {limit:n} days). Rules, fees or thresholds may have changed since.",
    },
    remedy={
        "pl": "Zaktualizuj mosprecheck albo sprawdź kwoty i terminy w aktualnych informacjach urzędu wojewódzkiego.",
        "en": "Update mosprecheck, or check amounts and deadlines against the voivodeship office's current guidance.",
    },
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
    message={
        "pl": "Data złożenia {filing_date} jest wcześniejsza niż {coverage_from}, od której zbiór reguł opisuje "
        "przepisy; część wymagań mogła nie zostać sprawdzona.",
        "en": "The filing date {filing_date} is before {coverage_from}, from which the rulebook describes the law; "
        "some requirements may not have been checked.",
    },
    remedy={
        "pl": "Sprawdź wniosek z datą złożenia nie wcześniejszą niż {coverage_from} albo zweryfikuj wymagania ręcznie.",
        "en": "Check with a filing date on or after {coverage_from}, or verify the requirements by hand.",
    },
)
def filing_date_before_rulebook_coverage(c: CheckContext) -> Iterator[Finding]:
    """Facts whose history before ``coverage_from`` (rulebook.yaml) was not researched have no value
    earlier, so the checks that need them stay silent: the report must say that, not look clean."""
    rb = c.rulebook.rulebook
    if not rb.covers(c.filing_date):
        yield Finding(ctx={"filing_date": c.filing_date, "coverage_from": rb.coverage_from})
