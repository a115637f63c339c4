"""Shared helpers of the requirement rules: what the application declares, in domain terms.

Not a rule module (the leading underscore keeps :func:`mosprecheck.rules.all_rules` from treating
it as one). Nothing here knows a legal number: those come from the rulebook.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator

from ..application import Application, normalise_declared_path
from ..application.models import Document
from .registry import CheckContext

#: How each document kind is named in messages (presentation only, not law).
KIND_LABELS: dict[str, dict[str, str]] = {
    "application_form": {"pl": "formularz wniosku", "en": "application form"},
    "photo": {"pl": "fotografia", "en": "photograph"},
    "passport_copy": {"pl": "kopia wszystkich stron paszportu", "en": "copy of all passport pages"},
    "travel_document_copy": {"pl": "kopia dokumentu podróży", "en": "copy of the travel document"},
    "id_card_copy": {"pl": "kopia dowodu osobistego", "en": "copy of the identity card"},
    "annex_1": {"pl": "załącznik nr 1", "en": "Annex 1"},
    "enrolment_certificate": {"pl": "zaświadczenie uczelni o studiach", "en": "university enrolment certificate"},
    "hosting_agreement": {"pl": "umowa o przyjęciu z jednostką naukową", "en": "hosting agreement with the research unit"},
    "business_registration": {"pl": "wpis do CEIDG lub KRS", "en": "CEIDG or KRS registration"},
    "tax_records": {"pl": "dokumenty podatkowe i księgowe", "en": "tax and accounting records"},
    "employment_contract": {"pl": "umowa o pracę lub inna umowa", "en": "employment or other work contract"},
    "health_insurance": {"pl": "ubezpieczenie zdrowotne", "en": "health insurance"},
    "accommodation_proof": {"pl": "tytuł prawny do lokalu", "en": "proof of accommodation"},
    "income_proof": {"pl": "dokument o dochodach", "en": "proof of income"},
    "bank_statement": {"pl": "wyciąg z rachunku bankowego", "en": "bank statement"},
    "marriage_certificate": {"pl": "akt małżeństwa", "en": "marriage certificate"},
    "birth_certificate": {"pl": "akt urodzenia", "en": "birth certificate"},
    "spouse_id_copy": {"pl": "kopia dowodu osobistego małżonka", "en": "copy of the spouse's identity card"},
    "sponsor_residence_title": {"pl": "dokument pobytowy członka rodziny w Polsce",
                                "en": "residence title of the family member in Poland"},
    "karta_polaka_copy": {"pl": "kopia Karty Polaka", "en": "copy of the Karta Polaka"},
    "polish_origin_evidence": {"pl": "dokumenty potwierdzające polskie pochodzenie",
                               "en": "evidence of Polish origin"},
    "polish_language_certificate": {"pl": "urzędowe poświadczenie znajomości języka polskiego",
                                    "en": "certificate of Polish language proficiency"},
    "diploma": {"pl": "dyplom", "en": "diploma"},
    "residence_card_copy": {"pl": "kopia karty pobytu", "en": "copy of the residence card"},
    "visa_copy": {"pl": "kopia wizy", "en": "copy of the visa"},
    "sworn_translation": {"pl": "tłumaczenie przysięgłe", "en": "sworn translation"},
    "power_of_attorney": {"pl": "pełnomocnictwo", "en": "power of attorney"},
    "power_of_attorney_fee_proof": {"pl": "dowód opłaty skarbowej od pełnomocnictwa",
                                    "en": "proof of the power-of-attorney stamp duty"},
    "stamp_duty_proof": {"pl": "dowód zapłaty opłaty skarbowej", "en": "proof of the stamp duty payment"},
    "card_fee_proof": {"pl": "dowód opłaty za kartę pobytu", "en": "proof of the residence-card fee payment"},
    "fee_reduction_proof": {"pl": "dokument uprawniający do obniżenia opłaty", "en": "proof of the fee reduction"},
    "other": {"pl": "inny dokument", "en": "other document"},
}


def kinds_label(kinds: Iterable[str], lang: str) -> str:
    """The kinds as words, joined by "or" in the language."""
    joiner = {"pl": " lub ", "en": " or "}[lang]
    return joiner.join(KIND_LABELS.get(k, {}).get(lang, k) for k in kinds)


def permit_type(app: Application | None) -> str | None:
    """The permit type applied for, as its enum value."""
    return app.permit.type.value if app and app.permit and app.permit.type else None


def ground(app: Application | None) -> str | None:
    """The ground of the permit, as its enum value."""
    return app.permit.ground.value if app and app.permit and app.permit.ground else None


def in_mos_regime(c: CheckContext) -> bool:
    """True when applications are filed through MOS on the filing date."""
    return c.rulebook.value("channel.regime", None) == "mos"


def documents(app: Application | None) -> Iterator[tuple[int, Document]]:
    """(index, entry) of every declared document."""
    for i, doc in enumerate((app.documents or []) if app else []):
        yield i, doc


def declared_kinds(app: Application | None) -> set[str]:
    """Kinds of every documents[] entry.

    A required document counts as declared when an entry of its kind exists, even if its file is
    absent from the package: that case is already reported once, by A001 listed-document-missing.
    """
    return {doc.kind.value for _, doc in documents(app) if doc.kind}


def declared_path(doc: Document) -> str | None:
    """The declared file as the inventory names it."""
    return normalise_declared_path(doc.file) if doc.file else None


def subtract_months(day: dt.date, months: int) -> dt.date:
    """``day`` minus calendar months, clamped to the month's last day (31 May - 3 months = 28/29 Feb)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def unreliable(c: CheckContext, *pointers: str) -> bool:
    """True when the value at any of ``pointers``, a parent or a child was invalid and removed.

    The shape rule (D001) already reports it there; a requirement check built on what is left would
    report a second, misleading defect (e.g. "photo missing" when documents[] was not a list).
    """
    parsed = c.parsed
    if parsed is None:
        return False
    return any(parsed.was_pruned(p) or any(q.startswith(p + "/") for q in parsed.pruned) for p in pointers)
