"""Cross-document consistency: the passport number and the surname of the description, looked for in
the text of the travel-document scan and of the sworn translations.

Only where a text layer was extracted (scans without OCR are not judged) and long enough to hold
the data. Comparison ignores letter case, diacritics, spaces, dashes and the ``<`` fillers of the
machine-readable zone (``P<UKRKOWALENKO<<OLENA`` contains KOWALENKO). ``advisory``: a text layer
may be partial (only the first pages are read) or come from OCR with errors; a mismatch is worth
a look, not proof. Nothing extracted from a file is put in a report: only what the description
already says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..application import normalise_declared_path, to_pointer
from ..inventory import FileFacts
from ..report.models import Category
from ._helpers import TRAVEL_DOCUMENT_KINDS, declared_path, documents
from .registry import CheckContext, Finding, rule

#: Kinds of original whose translation names the applicant (a translation of the sponsor's or a
#: company's documents need not).
_NAMES_APPLICANT = frozenset({
    *TRAVEL_DOCUMENT_KINDS, "marriage_certificate", "birth_certificate", "diploma",
    "enrolment_certificate", "employment_contract", "polish_language_certificate", "karta_polaka_copy",
    "residence_card_copy", "visa_copy", "health_insurance", "income_proof", "bank_statement",
})
#: Fewer alphanumeric characters than this: too little text to expect the data in it.
MIN_TEXT = 40

_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")


def normalise(text: str) -> str:
    """Upper case, without diacritics, spaces, punctuation or MRZ fillers (``ł`` -> ``L``)."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
                     if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", folded.upper())


def _text(f: FileFacts | None) -> str | None:
    if f is None or f.detected_type != "pdf" or f.pdf is None or not f.pdf.text_sample:
        return None
    text = normalise(f.pdf.text_sample)
    return text if len(text) >= MIN_TEXT else None


def _travel_documents(c: CheckContext) -> Iterator[tuple[int, str, str]]:
    for i, doc in documents(c.application):
        if doc.kind is None or doc.kind.value not in TRAVEL_DOCUMENT_KINDS or not doc.file:
            continue
        path = declared_path(doc)
        text = _text(c.files_by_path.get(path or ""))
        if path and text:
            yield i, path, text


def _translations(c: CheckContext) -> Iterator[tuple[int, str, str, str]]:
    """(index, path, normalised text, kind of the original) of sworn translations of personal documents."""
    kinds = {declared_path(doc): doc.kind.value for _, doc in documents(c.application) if doc.kind and doc.file}
    for i, doc in documents(c.application):
        if doc.kind is None or doc.kind.value != "sworn_translation" or not doc.file or not doc.translation_of:
            continue
        original = kinds.get(normalise_declared_path(doc.translation_of))
        path = declared_path(doc)
        text = _text(c.files_by_path.get(path or ""))
        if path and text and original in _NAMES_APPLICANT:
            yield i, path, text, original


def _surname(c: CheckContext) -> str | None:
    app = c.application
    value = app.applicant.surname if app and app.applicant else None
    return normalise(value) if value and len(normalise(value)) >= 2 else None


def _number(c: CheckContext) -> str | None:
    app = c.application
    value = app.travel_document.series_and_number if app and app.travel_document else None
    return normalise(value) if value and len(normalise(value)) >= 5 else None


@rule(
    code="C001",
    name="passport-number-not-in-travel-document",
    category=Category.ADVISORY,
    title="The declared travel-document number does not appear in the travel-document scan",
    legal_basis=None,
    message={
        "pl": "Numer dokumentu podróży z pola /travel_document/series_and_number nie występuje w tekście pliku "
        "„{file}”.",
        "en": "The travel-document number given in /travel_document/series_and_number does not appear in the text "
        "of file '{file}'.",
    },
    remedy={
        "pl": "Sprawdź, czy numer we wniosku jest przepisany bez błędu i czy dołączono skan właściwego (ważnego) "
        "paszportu.",
        "en": "Check that the number in the application is copied without a mistake and that the scan is of the "
        "right (valid) passport.",
    },
    needs_application=True,
)
def passport_number_not_in_travel_document(c: CheckContext) -> Iterator[Finding]:
    """A scan with a text layer (OCR, or an electronic copy) shows the document number on the data
    page and in the machine-readable zone. When it does not contain the number of the description,
    either the number was mistyped (the office then has two numbers for one person) or the scan is of
    another, perhaps an expired, passport."""
    number = _number(c)
    if number is None:
        return
    for i, path, text in _travel_documents(c):
        if number not in text:
            yield Finding(file=path, field="/travel_document/series_and_number",
                          ctx={"file": path, "document": to_pointer(("documents", i))})


@rule(
    code="C002",
    name="surname-not-in-travel-document",
    category=Category.ADVISORY,
    title="The applicant's surname does not appear in the travel-document scan",
    legal_basis=None,
    message={
        "pl": "Nazwisko z pola /applicant/surname nie występuje w tekście pliku „{file}” (skan dokumentu podróży).",
        "en": "The surname given in /applicant/surname does not appear in the text of file '{file}' (the "
        "travel-document scan).",
    },
    remedy={
        "pl": "Wpisz nazwisko dokładnie tak, jak w paszporcie (litery łacińskie ze strefy MRZ), i sprawdź, czy "
        "dołączono paszport wnioskodawcy.",
        "en": "Enter the surname exactly as in the passport (the Latin letters of the MRZ) and check that the "
        "passport is the applicant's.",
    },
    needs_application=True,
)
def surname_not_in_travel_document(c: CheckContext) -> Iterator[Finding]:
    """The surname is entered as in the travel document (Latin letters of the MRZ, §7). Not found in
    the scan's text: a transliteration that differs from the passport's, or another person's scan."""
    surname = _surname(c)
    if surname is None:
        return
    for i, path, text in _travel_documents(c):
        if surname not in text:
            yield Finding(file=path, field="/applicant/surname",
                          ctx={"file": path, "document": to_pointer(("documents", i))})


@rule(
    code="C003",
    name="surname-not-in-translation",
    category=Category.ADVISORY,
    title="The applicant's surname does not appear in a sworn translation of a personal document",
    legal_basis=None,
    message={
        "pl": "Nazwisko z pola /applicant/surname nie występuje w tekście tłumaczenia „{file}” ({document_pl}).",
        "en": "The surname given in /applicant/surname does not appear in the text of translation '{file}' "
        "({document_en}).",
    },
    remedy={
        "pl": "Sprawdź, czy tłumacz zapisał nazwisko tak jak w paszporcie; inaczej poproś o poprawienie tłumaczenia "
        "lub o adnotację o zgodności zapisu.",
        "en": "Check that the translator spelt the surname as in the passport; otherwise ask for a corrected "
        "translation or a note that both spellings are the same person.",
    },
    needs_application=True,
)
def surname_not_in_translation(c: CheckContext) -> Iterator[Finding]:
    """A sworn translation of the applicant's own document (certificates, diploma, contract...)
    should give the surname as the passport does; a translator's own transliteration of a Cyrillic
    name (Kowalenko / Kovalenko) makes the office ask whether both are the same person."""
    surname = _surname(c)
    if surname is None:
        return
    for i, path, text, original in _translations(c):
        if surname not in text:
            yield Finding(file=path, field="/applicant/surname",
                          ctx={"file": path, "kind": original, "document": to_pointer(("documents", i))})


@rule(
    code="C004",
    name="passport-number-not-in-translation",
    category=Category.ADVISORY,
    title="The declared travel-document number does not appear in the translation of the travel document",
    legal_basis=None,
    message={
        "pl": "Numer dokumentu podróży z pola /travel_document/series_and_number nie występuje w tekście tłumaczenia "
        "„{file}” ({document_pl}).",
        "en": "The travel-document number given in /travel_document/series_and_number does not appear in the text of "
        "translation '{file}' ({document_en}).",
    },
    remedy={
        "pl": "Sprawdź numer we wniosku i w tłumaczeniu; poproś tłumacza o poprawienie błędu.",
        "en": "Check the number in the application and in the translation; ask the translator to correct a mistake.",
    },
    needs_application=True,
)
def passport_number_not_in_translation(c: CheckContext) -> Iterator[Finding]:
    """A translation of the travel document itself (not required, but sometimes attached) should carry
    the same number as the description."""
    number = _number(c)
    if number is None:
        return
    for i, path, text, original in _translations(c):
        if original in TRAVEL_DOCUMENT_KINDS and number not in text:
            yield Finding(file=path, field="/travel_document/series_and_number",
                          ctx={"file": path, "kind": original, "document": to_pointer(("documents", i))})
