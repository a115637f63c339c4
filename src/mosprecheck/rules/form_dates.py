"""Form rules across fields: the travel document on the filing date, plausible dates of birth,
dates in the right order, numbers in a plausible range, names in Latin letters.

Signatures (who signs for a minor, and how) are checked by the signature rules, not here.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from typing import Any

from ..findings import Category
from ..case.form import application_data, expand, label_ctx, resolve
from ..case.helpers import add_months
from .registry import CheckContext, Finding, rule

FILING_DATE = "$filing_date"

#: (earlier, later, strictly before?): pairs of dates the form must hold in this order. ``*`` pairs
#: the same item of a list. Reported at the later date, or at the earlier one when the later is the
#: filing date. Common sense, not law: it lives here rather than in the rulebook.
DATE_ORDER: tuple[tuple[str, str, bool], ...] = (
    ("/travel_document/issued_on", "/travel_document/expires_on", True),
    ("/travel_document/issued_on", FILING_DATE, False),
    ("/applicant/date_of_birth", "/travel_document/issued_on", False),
    ("/current_stay/last_entry_on", FILING_DATE, False),
    ("/applicant/date_of_birth", "/current_stay/last_entry_on", False),
    ("/purpose/requested_period_from", "/purpose/requested_period_to", False),
    ("/annex_1/job/period_from", "/annex_1/job/period_to", False),
    ("/study/period_from", "/study/period_to", False),
    ("/sponsor/married_on", FILING_DATE, False),
    ("/previous_stays_in_poland/*/date_from", "/previous_stays_in_poland/*/date_to", False),
    ("/previous_stays_in_poland/*/date_from", FILING_DATE, False),
    ("/travels_abroad/*/date_from", "/travels_abroad/*/date_to", False),
    ("/travels_abroad/*/date_from", FILING_DATE, False),
    ("/stays_in_other_member_states/*/date_from", "/stays_in_other_member_states/*/date_to", False),
    ("/stays_in_other_member_states/*/date_from", FILING_DATE, False),
    ("/documents/*/issued_on", FILING_DATE, False),
)

#: pointer -> (minimum, maximum, minimum excluded?): plausibility bounds of numbers (not law).
#: A monthly amount in PLN above this is a typing error (an exponent, a pasted account number), not
#: an income: without a bound, 1e300 passes every income threshold.
MAX_MONTHLY_PLN = 100_000_000

VALUE_RANGES: dict[str, tuple[float | None, float | None, bool]] = {
    "/applicant/height_cm": (30, 260, False),
    "/travel_document/persons_entered": (0, 50, False),
    "/means_of_subsistence/household_size": (1, 50, False),
    "/means_of_subsistence/monthly_net_income_pln": (0, MAX_MONTHLY_PLN, False),
    "/means_of_subsistence/monthly_funds_pln": (0, MAX_MONTHLY_PLN, False),
    "/means_of_subsistence/monthly_housing_costs_pln": (0, MAX_MONTHLY_PLN, False),
    "/annex_1/job/monthly_gross_salary_pln": (0, MAX_MONTHLY_PLN, True),
    "/annex_1/other_entities_monthly_gross_salary_pln/*": (0, MAX_MONTHLY_PLN, False),
    "/annex_1/job/working_time_fraction": (0, 1, True),
    "/annex_1/job/hours_per_week": (0, 168, True),
}

BIRTH_DATES = ("/applicant/date_of_birth", "/family_members/*/date_of_birth", "/spouse/date_of_birth")
LATIN_NAME_FIELDS = ("/applicant/surname", "/applicant/given_names", "/applicant/family_name_at_birth",
                     "/applicant/father_name", "/applicant/mother_name", "/applicant/mother_maiden_name")


def _dates(c: CheckContext, pattern: str) -> Iterator[tuple[str, dt.date]]:
    data = application_data(c)
    if data is None or c.parsed is None:
        return
    for slot in expand(data, pattern):
        if isinstance(slot.value, dt.date) and not c.parsed.was_pruned(slot.pointer):
            yield slot.pointer, slot.value


@rule(
    code="D021",
    name="travel-document-expired",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Travel document expired on the filing date",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def travel_document_expired(c: CheckContext) -> Iterator[Finding]:
    """The application must be filed with a valid travel document (§10 D11, §13.1 K04): its expiry
    date must be on or after the filing date.

    Why the office objects: the copy of a valid travel document is a required attachment; an expired
    one is not a valid document, and the office summons the applicant to produce one.
    """
    for pointer, expires in _dates(c, "/travel_document/expires_on"):
        if expires < c.filing_date:
            yield Finding(field=pointer, ctx={"field": pointer, "expires_on": expires, "filing_date": c.filing_date})


@rule(
    code="D022",
    name="travel-document-expires-soon",
    category=Category.ADVISORY,
    reads=("form.travel_document_warning_months",),
    title="Travel document expires soon after filing",
    legal_basis=None,
    needs_application=True,
)
def travel_document_expires_soon(c: CheckContext) -> Iterator[Finding]:
    """Valid on filing, but expiring within the rulebook's warning period (``form.travel_document_
    warning_months``): SD4 says it must stay valid throughout the procedure, and a permit is not
    granted for longer than the passport allows in practice. Advisory only: no rule sets a minimum.
    """
    months = c.rulebook.value("form.travel_document_warning_months", default=None)
    if months is None:
        return
    horizon = add_months(c.filing_date, int(months))
    for pointer, expires in _dates(c, "/travel_document/expires_on"):
        if c.filing_date <= expires < horizon:
            yield Finding(field=pointer, ctx={"field": pointer, "expires_on": expires, "filing_date": c.filing_date,
                                              "months": months})


@rule(
    code="D023",
    name="date-of-birth-in-future",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Date of birth after the filing date",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def date_of_birth_in_future(c: CheckContext) -> Iterator[Finding]:
    """A date of birth lies in the past: a later one is a typing error (often day and month swapped,
    or the filing year typed instead of the birth year).

    Why the office objects: the personal data of the form are wrong and must be corrected.
    """
    for pattern in BIRTH_DATES:
        for pointer, born in _dates(c, pattern):
            if born > c.filing_date:
                yield Finding(field=pointer, ctx={"field": pointer, "date": born, "filing_date": c.filing_date})


@rule(
    code="D024",
    name="date-of-birth-implausible",
    category=Category.FORMAL_DEFECT,
    reads=("form.max_age_years",),
    title="Date of birth implausibly long ago",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def date_of_birth_implausible(c: CheckContext) -> Iterator[Finding]:
    """An age above the rulebook's plausibility bound (``form.max_age_years``) is a mistyped year
    (1894 for 1994).

    Why the office objects: the personal data of the form are wrong and must be corrected.
    """
    max_years = c.rulebook.value("form.max_age_years", default=None)
    if max_years is None:
        return
    oldest = add_months(c.filing_date, -12 * int(max_years))
    for pattern in BIRTH_DATES:
        for pointer, born in _dates(c, pattern):
            if born < oldest:
                yield Finding(field=pointer, ctx={"field": pointer, "date": born, "max_years": max_years})


def _pairs(c: CheckContext, data: Any, earlier: str, later: str) -> Iterator[tuple[str, Any, str, Any]]:
    """(pointer, value) of both dates of a pair, item by item for ``*`` patterns."""
    if later == FILING_DATE:
        for slot in expand(data, earlier):
            yield slot.pointer, slot.value, FILING_DATE, c.filing_date
        return
    for slot in expand(data, earlier):
        prefix = slot.pointer.rsplit("/", 1)[0]
        pattern_prefix = earlier.rsplit("/", 1)[0]
        concrete_later = prefix + "/" + later.rsplit("/", 1)[1] if "*" in pattern_prefix else later
        yield slot.pointer, slot.value, concrete_later, resolve(data, concrete_later)


@rule(
    code="D025",
    name="dates-out-of-order",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Two dates of the form in the wrong order",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def dates_out_of_order(c: CheckContext) -> Iterator[Finding]:
    """Dates of the form that must follow each other: a travel document issued before it expires and
    not after filing; entry into Poland before filing and after birth; every period (requested stay,
    work, studies, stays, travels) starting before it ends; documents issued by the filing date.
    ``$filing_date`` is the application's filing date (or the as-of date).

    Why the office objects: at least one of the dates is wrong, and the office asks which.
    """
    data = application_data(c)
    if data is None or c.parsed is None:
        return
    for earlier, later, strict in DATE_ORDER:
        for p1, d1, p2, d2 in _pairs(c, data, earlier, later):
            if not isinstance(d1, dt.date) or not isinstance(d2, dt.date):
                continue
            if c.parsed.was_pruned(p1) or (p2 != FILING_DATE and c.parsed.was_pruned(p2)):
                continue
            wrong = d1 >= d2 if strict else d1 > d2
            if not wrong:
                continue
            if p2 == FILING_DATE:
                yield Finding(field=p1, ctx={"field": p1, "date": d1, "other_field": "/filing_date",
                                             "other_date": d2, "order": "on_or_before"})  # D025.order.<id>
            else:
                yield Finding(field=p2, ctx={"field": p2, "date": d2, "other_field": p1, "other_date": d1,
                                             "order": "after" if strict else "on_or_after"})


@rule(
    code="D026",
    name="value-out-of-range",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Number outside its plausible range",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def value_out_of_range(c: CheckContext) -> Iterator[Finding]:
    """Numbers that cannot be right: a height outside 30–260 cm (metres or inches typed in), a
    household of no one, a negative income, a salary of zero, a monthly amount over
    :data:`MAX_MONTHLY_PLN` (1e300 would pass every income threshold), working time above full time
    or as a percentage, more hours per week than a week has, more than 50 persons entered in a
    travel document.

    Why the office objects: the value of the form is wrong and must be corrected.
    """
    data = application_data(c)
    if data is None or c.parsed is None:
        return
    for pattern, (low, high, low_excluded) in VALUE_RANGES.items():
        for slot in expand(data, pattern):
            v = slot.value
            if isinstance(v, bool) or not isinstance(v, (int, float)) or c.parsed.was_pruned(slot.pointer):
                continue
            too_low = low is not None and (v <= low if low_excluded else v < low)
            too_high = high is not None and v > high
            if too_low or too_high:
                yield Finding(field=slot.pointer, ctx={**label_ctx(slot.pointer), "minimum": low, "maximum": high})


def _is_latin_name(value: str) -> bool:
    for ch in value[:500]:
        if ch.isalpha():
            if "LATIN" not in unicodedata.name(ch, ""):
                return False
        elif ch not in " -'.’,":
            return False
    return True


@rule(
    code="D027",
    name="name-not-in-latin-letters",
    category=Category.ADVISORY,
    reads=(),
    title="Name not written in Latin letters",
    legal_basis=None,
    needs_application=True,
)
def name_not_in_latin_letters(c: CheckContext) -> Iterator[Finding]:
    """Names are entered as in the travel document's Latin transcription (§7: "as in passport (MRZ
    Latin form)"; paper forms in block Latin capitals). Cyrillic or Arabic script, digits or symbols
    in a name will not match the passport. Advisory: MOS's own input rules are not published.
    """
    data = application_data(c)
    if data is None or c.parsed is None:
        return
    for pattern in LATIN_NAME_FIELDS:
        for slot in expand(data, pattern):
            v = slot.value
            if isinstance(v, str) and v.strip() and not c.parsed.was_pruned(slot.pointer) and not _is_latin_name(v):
                yield Finding(field=slot.pointer, ctx=label_ctx(slot.pointer))
