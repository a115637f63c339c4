"""Form rules: identifiers and formatted values (requirements.md §12).

Checksums are python-stdnum's (PESEL, NIP, REGON), never hand-written; countries are ISO 3166-1
alpha-3 as in passports (pycountry), named in Polish in Polish messages. Values are never copied
into a defect: a PESEL is personal data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from stdnum import exceptions as stdnum_errors
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import pesel as stdnum_pesel
from stdnum.pl import regon as stdnum_regon

from ..findings import Category
from ..case.form import application_data, country_names, expand, is_blank, is_none_answer, label_ctx, suggest_country
from ..case.helpers import suggestion_ctx
from .registry import CheckContext, Finding, rule

#: Longer values are rejected without looking further (a form field never holds them).
_MAX_CHECKED = 200

PESEL_FIELDS = ("/applicant/pesel", "/annex_1/entity/pesel", "/annex_1/user_employer/pesel", "/sponsor/pesel")
NIP_FIELDS = ("/annex_1/entity/nip", "/annex_1/user_employer/nip", "/business/nip")
REGON_FIELDS = ("/annex_1/entity/regon", "/annex_1/user_employer/regon", "/business/regon")
KRS_FIELDS = ("/annex_1/entity/krs", "/annex_1/user_employer/krs", "/business/krs")
POSTAL_CODE_FIELDS = ("/address_in_poland/postal_code", "/annex_1/entity/address/postal_code",
                      "/annex_1/user_employer/address/postal_code", "/representative/address/postal_code")
COUNTRY_FIELDS = ("/applicant/country_of_birth", "/applicant/citizenship", "/travel_document/issuing_country",
                  "/address_in_country_of_origin/country", "/address_in_previous_country/country",
                  "/family_members/*/citizenship", "/previous_stays_in_poland/*/country", "/travels_abroad/*/country",
                  "/stays_in_other_member_states/*/country",
                  "/sponsor/citizenship", "/spouse/citizenship")
PKD_FIELDS = ("/annex_1/entity/pkd", "/annex_1/user_employer/pkd", "/business/pkd")
OCCUPATION_CODE_FIELDS = ("/annex_1/job/occupation_code",)
EMAIL_FIELDS = ("/applicant/email", "/annex_1/entity/email", "/annex_1/user_employer/email", "/representative/email",
                "/study/university_email")
PHONE_FIELDS = ("/applicant/phone", "/annex_1/entity/phone", "/annex_1/user_employer/phone", "/representative/phone")

_KRS = re.compile(r"\d{10}")
_POSTAL_CODE = re.compile(r"\d{2}-\d{3}")
_PKD = re.compile(r"\d{2}\.\d{2}\.[A-Z]")
_OCCUPATION_CODE = re.compile(r"\d{6}")
# No part may contain '.', so matching is linear; the length is capped before matching.
_EMAIL = re.compile(r"[^@\s.]+(\.[^@\s.]+)*@[^@\s.]+(\.[^@\s.]+)+")
_PHONE = re.compile(r"\+?[0-9 ()\-]+")

# Why a number is not valid: a neutral id per stdnum exception (texts: value.reason.<id>).
_REASONS = {
    stdnum_errors.InvalidLength: "invalid_length",
    stdnum_errors.InvalidFormat: "invalid_format",
    stdnum_errors.InvalidChecksum: "invalid_checksum",
    stdnum_errors.InvalidComponent: "invalid_component",
}
_TOO_LONG = "too_long"


def _strings(c: CheckContext, patterns: tuple[str, ...], *, none_answer_ok: bool = True) -> Iterator[tuple[str, str]]:
    """(pointer, value) of every given string at these pointer patterns, skipping pruned values and,
    unless ``none_answer_ok`` is false, the form's answer "brak" (no such number, code or phone)."""
    data = application_data(c)
    if data is None or c.parsed is None:
        return
    for pattern in patterns:
        for slot in expand(data, pattern):
            if not isinstance(slot.value, str) or is_blank(slot.value) or c.parsed.was_pruned(slot.pointer):
                continue
            if none_answer_ok and is_none_answer(slot.value):
                continue
            yield slot.pointer, slot.value


def _stdnum_reason(validate: Callable[[str], Any], value: str) -> str | None:
    """None when valid, else the reason's neutral id."""
    if len(value) > _MAX_CHECKED:
        return _TOO_LONG
    try:
        validate(value)
    except stdnum_errors.ValidationError as exc:
        for cls, reason in _REASONS.items():
            if isinstance(exc, cls):
                return reason
        return _REASONS[stdnum_errors.InvalidFormat]
    return None


def _number_findings(c: CheckContext, patterns: tuple[str, ...], validate: Callable[[str], Any]) -> Iterator[Finding]:
    for pointer, value in _strings(c, patterns):
        reason = _stdnum_reason(validate, value)
        if reason is not None:
            yield Finding(field=pointer, ctx={**label_ctx(pointer), "reason": reason})


_FORMAT_LEGAL_BASIS = "art. 64 § 2 KPA"


@rule(
    code="D010",
    name="pesel-invalid",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="PESEL number invalid (length, digits or check digit)",
    legal_basis=_FORMAT_LEGAL_BASIS,
    needs_application=True,
)
def pesel_invalid(c: CheckContext) -> Iterator[Finding]:
    """A PESEL must have 11 digits whose first six encode an existing date of birth and whose last
    digit is the check digit (python-stdnum ``stdnum.pl.pesel``).

    Why the office objects: the form identifies the person by PESEL; a number that cannot exist is a
    mistyped identifier the office must ask about, and MOS logs in through it.
    """
    yield from _number_findings(c, PESEL_FIELDS, stdnum_pesel.validate)


def _applicant_pesel(c: CheckContext) -> str | None:
    """The applicant's PESEL when it is valid."""
    for _pointer, value in _strings(c, ("/applicant/pesel",)):
        if _stdnum_reason(stdnum_pesel.validate, value) is None:
            return value
    return None


@rule(
    code="D011",
    name="pesel-birth-date-mismatch",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Date of birth differs from the one the PESEL encodes",
    legal_basis=_FORMAT_LEGAL_BASIS,
    needs_application=True,
)
def pesel_birth_date_mismatch(c: CheckContext) -> Iterator[Finding]:
    """The first six digits of a PESEL encode the date of birth (the month carries the century).
    The declared date of birth must be the same day.

    Why the office objects: one of the two is wrong, and the office cannot tell which; the data of
    the form must match the registers.
    """
    pesel = _applicant_pesel(c)
    applicant = c.application.applicant if c.application else None
    if pesel is None or applicant is None:
        return
    declared = applicant.date_of_birth
    encoded = stdnum_pesel.get_birth_date(pesel)
    if declared is not None and declared != encoded:
        yield Finding(field="/applicant/pesel", ctx={"field": "/applicant/pesel", "pesel_date": encoded,
                                                     "declared_date": declared})


@rule(
    code="D012",
    name="pesel-sex-mismatch",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Sex differs from the one the PESEL encodes",
    legal_basis=_FORMAT_LEGAL_BASIS,
    needs_application=True,
)
def pesel_sex_mismatch(c: CheckContext) -> Iterator[Finding]:
    """The tenth digit of a PESEL is even for women and odd for men; the declared sex must agree.

    Why the office objects: as for the date of birth, the form and the register contradict each other.
    """
    pesel = _applicant_pesel(c)
    applicant = c.application.applicant if c.application else None
    if pesel is None or applicant is None:
        return
    declared = applicant.sex.value if applicant.sex else None
    encoded = stdnum_pesel.get_gender(pesel)
    if declared in ("M", "F") and declared != encoded:
        yield Finding(field="/applicant/pesel", ctx={
            "field": "/applicant/pesel", "pesel_sex": encoded, "declared_sex": declared,  # D012.*_sex.<F|M>
        })


@rule(
    code="D013",
    name="nip-invalid",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="NIP invalid (length, digits or check digit)",
    legal_basis=_FORMAT_LEGAL_BASIS,
    needs_application=True,
)
def nip_invalid(c: CheckContext) -> Iterator[Finding]:
    """A NIP has 10 digits (dashes and a 'PL' prefix are tolerated) and a check digit (weights
    6,5,7,2,3,4,5,6,7, modulo 11; python-stdnum ``stdnum.pl.nip``).

    Why the office objects: the entity is identified by its NIP; a number that cannot exist leaves
    it unidentified on the form.
    """
    yield from _number_findings(c, NIP_FIELDS, stdnum_nip.validate)


@rule(
    code="D014",
    name="regon-invalid",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="REGON invalid (9 or 14 digits with check digit)",
    legal_basis=_FORMAT_LEGAL_BASIS,
    needs_application=True,
)
def regon_invalid(c: CheckContext) -> Iterator[Finding]:
    """A REGON has 9 digits (an entity) or 14 (a local unit), each with its check digit
    (python-stdnum ``stdnum.pl.regon``).

    Why the office objects: Annex 1 identifies the entity by REGON (O10); an impossible number is a
    defect of the annex.
    """
    yield from _number_findings(c, REGON_FIELDS, stdnum_regon.validate)


def _pattern_findings(c: CheckContext, patterns: tuple[str, ...], regex: re.Pattern[str],
                      suggest: Callable[[str], str | None], *, max_len: int = _MAX_CHECKED,
                      none_answer_ok: bool = True) -> Iterator[Finding]:
    for pointer, value in _strings(c, patterns, none_answer_ok=none_answer_ok):
        stripped = value.strip()
        if len(stripped) <= max_len and regex.fullmatch(stripped):
            continue
        suggestion = suggest(stripped) if len(stripped) <= max_len else None
        yield Finding(field=pointer, ctx={**label_ctx(pointer), **suggestion_ctx(suggestion)})


def _suggest_krs(value: str) -> str | None:
    digits = re.sub(r"[\s-]", "", value)
    return digits.zfill(10) if digits.isascii() and digits.isdigit() and len(digits) < 10 else None


@rule(
    code="D015",
    name="krs-invalid",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="KRS number is not 10 digits",
    legal_basis=_FORMAT_LEGAL_BASIS,
    needs_application=True,
)
def krs_invalid(c: CheckContext) -> Iterator[Finding]:
    """A KRS number is 10 digits, zero-padded ("0000060963", X54); it has no check digit.

    Why the office objects: the register entry is how Annex 1 part I identifies a company (O10).
    """
    yield from _pattern_findings(c, KRS_FIELDS, _KRS, _suggest_krs)


def _suggest_postal_code(value: str) -> str | None:
    digits = re.sub(r"[\s-]", "", value)
    return f"{digits[:2]}-{digits[2:]}" if digits.isascii() and digits.isdigit() and len(digits) == 5 else None


@rule(
    code="D016",
    name="postal-code-invalid",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Polish postal code not in the form NN-NNN",
    legal_basis=_FORMAT_LEGAL_BASIS,
    needs_application=True,
)
def postal_code_invalid(c: CheckContext) -> Iterator[Finding]:
    """A Polish postal code is two digits, a dash and three digits (§12).

    Why the office objects: the address in Poland decides the competent voivode and is where letters
    are delivered; an address the post cannot use is a defect of part B.
    """
    yield from _pattern_findings(c, POSTAL_CODE_FIELDS, _POSTAL_CODE, _suggest_postal_code)


@rule(
    code="D017",
    name="country-code-unknown",
    category=Category.FORMAL_DEFECT,
    reads=("form.travel_document_country_codes",),
    title="Country is not an ISO 3166-1 alpha-3 code",
    legal_basis=_FORMAT_LEGAL_BASIS,
    needs_application=True,
)
def country_code_unknown(c: CheckContext) -> Iterator[Finding]:
    """Countries are chosen from a drop-down list in MOS (O5); the description names them by their
    ISO 3166-1 alpha-3 code, as the machine-readable zone of a passport does, or by one of the ICAO
    travel-document codes (XXA stateless, D Germany...). Letter case is not significant.

    Why the office objects: a country the list does not hold cannot be entered in the form.
    """
    extra = c.rulebook.value("form.travel_document_country_codes", default={}) or {}
    for pointer, value in _strings(c, COUNTRY_FIELDS):
        code = value.strip().upper()
        if len(code) <= 3 and country_names(code, extra) is not None:
            continue
        suggestion = suggest_country(value)
        names = country_names(suggestion, extra) if suggestion else None
        # the hint names the country in each language ({suggestion:country}) when pycountry knows it
        ctx = {**label_ctx(pointer), **suggestion_ctx(suggestion, "did_you_mean_country" if names else "did_you_mean")}
        yield Finding(field=pointer, ctx=ctx)


def _suggest_pkd(value: str) -> str | None:
    m = re.fullmatch(r"(\d{2})\.?(\d{2})\.?([A-Za-z])", value.replace(" ", ""))
    return f"{m.group(1)}.{m.group(2)}.{m.group(3).upper()}" if m else None


@rule(
    code="D018",
    name="pkd-code-invalid",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="PKD code not in the form NN.NN.X",
    legal_basis=_FORMAT_LEGAL_BASIS,
    needs_application=True,
)
def pkd_code_invalid(c: CheckContext) -> Iterator[Finding]:
    """A PKD (Polish classification of activities) symbol is written NN.NN.X: two digits, a dot, two
    digits, a dot and a capital letter (§12; inferred pattern).

    Why the office objects: Annex 1 asks for the PKD of the activity linked to the work; a symbol
    that does not exist cannot be matched to it.
    """
    yield from _pattern_findings(c, PKD_FIELDS, _PKD, _suggest_pkd)


@rule(
    code="D019",
    name="email-invalid",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="E-mail address malformed",
    legal_basis=_FORMAT_LEGAL_BASIS,
    needs_application=True,
)
def email_invalid(c: CheckContext) -> Iterator[Finding]:
    """An e-mail address is one local part, '@' and a domain with at least one dot, at most 254
    characters, without spaces.

    Why the office objects: MOS and the office write to this address (the study annex link goes to
    the university's); an address that cannot receive mail loses the correspondence. "brak" is no
    answer here: the MOS account and the annex links need an address that receives mail.
    """
    yield from _pattern_findings(c, EMAIL_FIELDS, _EMAIL, lambda v: None, max_len=254, none_answer_ok=False)


@rule(
    code="D020",
    name="phone-invalid",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Phone number malformed",
    legal_basis=_FORMAT_LEGAL_BASIS,
    needs_application=True,
)
def phone_invalid(c: CheckContext) -> Iterator[Finding]:
    """A phone number is digits with optional spaces, dashes or brackets and a leading '+', 7 to 15
    digits in all (the E.164 maximum).

    Why the office objects: the contact number of the form must be one the office can call.
    """
    for pointer, value in _strings(c, PHONE_FIELDS):
        stripped = value.strip()
        digits = sum(ch.isdigit() for ch in stripped) if len(stripped) <= 40 else 0
        if len(stripped) <= 40 and _PHONE.fullmatch(stripped) and 7 <= digits <= 15:
            continue
        yield Finding(field=pointer, ctx=label_ctx(pointer))


def _suggest_occupation_code(value: str) -> str | None:
    digits = re.sub(r"[\s.\-]", "", value)
    return digits if re.fullmatch(r"\d{6}", digits) else None


@rule(
    code="D028",
    name="occupation-code-invalid",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Occupation is not a six-digit code of the classification of occupations",
    legal_basis="art. 106 ust. 2 pkt 3 lit. b ustawy o cudzoziemcach",
    needs_application=True,
)
def occupation_code_invalid(c: CheckContext) -> Iterator[Finding]:
    """Annex 1 part IV item 2 names the occupation per the classification of occupations and
    specialisations for the labour market, whose entries have six-digit codes (e.g. 251401,
    programista aplikacji); a name or a shorter group code is not an entry of it.

    Why the office objects: the statute asks for the occupation as classified (art. 106 ust. 2 pkt 3
    lit. b); a value that is not an entry of the classification leaves the box unanswered.
    """
    yield from _pattern_findings(c, OCCUPATION_CODE_FIELDS, _OCCUPATION_CODE, _suggest_occupation_code)
