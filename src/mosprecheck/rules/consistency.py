"""Cross-document consistency: the travel document's machine-readable zone (MRZ) against the
description (C010-C013), and the passport number and the surname of the description looked for in
the text of the travel-document scan and of the sworn translations (C001-C004).

The MRZ is read from the text the inventory extracted: a PDF's text layer (``PdfFacts.text_sample``,
the first pages), and the OCR text of a PDF's pages or of an image (``ocr_text``, filled only when
the optional OCR ran; read with ``getattr`` so that this works with or without it). Its check
digits are validated as ICAO Doc 9303 part 3 § 4.9 defines them (weights 7, 3, 1, modulo 10) for
the TD3 (passport), TD2 and TD1 (identity card) formats. A valid MRZ is what the document itself
says, so a document number (C010), surname (C011) or date of birth (C012) that differs from the
description is a ``formal_defect``: the office has two versions of the applicant's identity. No MRZ
at all on a readable copy (a lease or a contract declared as the passport) is a ``refusal_risk``
(C013). When the copy could not be read (a scan without text layer and no OCR) the MRZ is "not
verified" (C014, advisory), never silently passed; MRZ-shaped lines whose check digits fail (an OCR
error, a damaged page) are C015 (advisory).

The check digits are computed here rather than with the ``mrz`` package of PyPI: that package is
GPL-3.0 (this project is MIT) and unmaintained since 2020, and python-stdnum has no MRZ module; the
computation is the three lines of :func:`mrz_check_digit`, tested against the ICAO specimen.

Only where a text layer was extracted (scans without OCR are not judged) and long enough to hold
the data. Comparison ignores letter case, diacritics, spaces, dashes and the ``<`` fillers of the
machine-readable zone (``P<UKRKOWALENKO<<OLENA`` contains KOWALENKO). ``advisory``: a text layer
may be partial (only the first pages are read) or come from OCR with errors; a mismatch is worth
a look, not proof. Nothing extracted from a file is put in a report: only what the description
already says.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from ..application import normalise_declared_path, to_pointer
from ..inventory import FileFacts
from ..findings import Category
from ..case.helpers import TRAVEL_DOCUMENT_KINDS, declared_path, documents, memo, unreliable
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


# ---------------------------------------------------------------------------------------------
# Machine-readable zone
# ---------------------------------------------------------------------------------------------

#: Characters an OCR engine reads in place of a digit, for fields that hold only digits.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5",
                                   "G": "6", "T": "7", "B": "8"})
_MRZ_LINE = re.compile(r"^[A-Z0-9<]{30,44}$")
_MRZ_CHARS = re.compile(r"[^A-Z0-9<]")
_MRZ_RUN = re.compile(r"[A-Z0-9<]*<[A-Z0-9<]*")
#: ICAO transliterations of Latin letters with diacritics (Doc 9303 part 3 § 6), beside the plain
#: letter that :func:`normalise` gives: "MÜLLER" is MULLER or MUELLER in a machine-readable zone.
_ICAO_TRANSLIT = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "Å": "AA", "Æ": "AE", "Ø": "OE", "ß": "SS", "Þ": "TH",
                  "Œ": "OE", "Ĳ": "IJ"}


def mrz_check_digit(field: str) -> str:
    """The ICAO 9303 check digit of an MRZ field: digits count as themselves, A-Z as 10-35, ``<`` as
    0, weighted 7, 3, 1 in turn, modulo 10."""
    total = 0
    for i, ch in enumerate(field):
        value = ord(ch) - 48 if "0" <= ch <= "9" else ord(ch) - 55 if "A" <= ch <= "Z" else 0
        total += value * (7, 3, 1)[i % 3]
    return str(total % 10)


@dataclass(frozen=True)
class Mrz:
    """The fields of a machine-readable zone whose check digits are all valid."""

    format: str
    document_number: str
    """Without fillers."""
    surname: str
    """Primary identifier, ``<`` between its parts turned into spaces."""
    name_truncated: bool
    """True when the name field is full to its last character (the name may be cut)."""
    birth_date: str
    """YYMMDD as printed (``<`` for an unknown part)."""
    given_names: str = ""
    """Secondary identifier, ``<`` between the names turned into spaces (empty when none)."""
    sex: str = "<"
    """``F``, ``M``, or ``<``/``X`` (unspecified)."""
    expiry_date: str = ""
    """YYMMDD as printed."""


def _check(field: str, digit: str) -> bool:
    return digit == mrz_check_digit(field) or (digit == "<" and set(field) <= {"<"})


def _digits(value: str) -> str:
    return value.translate(_DIGIT_LOOKALIKES)


#: Digits an OCR layer gives for the letters they look like: a name holds letters only (Doc 9303
#: part 3 § 4.6), so a digit in a name field is a misreading of its look-alike letter.
_LETTER_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"})


def _names(field: str) -> tuple[str, str, bool]:
    """(surname, given names, whether the field is full) of an MRZ name field, digits read as
    their look-alike letters."""
    letters = field.translate(_LETTER_LOOKALIKES)
    primary, _, secondary = letters.partition("<<")
    return (primary.replace("<", " ").strip(), secondary.replace("<", " ").strip(),
            not field.endswith("<"))


def _td3(l1: str, l2: str) -> Mrz | None:
    l2 = l2[:10] + l2[10:13] + _digits(l2[13:20]) + l2[20] + _digits(l2[21:28]) + l2[28:42] + _digits(l2[42:44])
    l2 = l2[:9] + _digits(l2[9]) + l2[10:]
    ok = (_check(l2[0:9], l2[9]) and _check(l2[13:19], l2[19]) and _check(l2[21:27], l2[27])
          and _check(l2[28:42], l2[42])
          and _check(l2[0:10] + l2[13:20] + l2[21:43], l2[43]))
    if not ok or not l1.startswith("P"):
        return None
    surname, given, cut = _names(l1[5:44])
    return Mrz("TD3", l2[0:9].replace("<", ""), surname, cut, l2[13:19], given, l2[20], l2[21:27])


def _td2(l1: str, l2: str) -> Mrz | None:
    l2 = l2[:9] + _digits(l2[9]) + l2[10:13] + _digits(l2[13:20]) + l2[20] + _digits(l2[21:28]) + l2[28:35] \
        + _digits(l2[35])
    ok = (_check(l2[0:9], l2[9]) and _check(l2[13:19], l2[19]) and _check(l2[21:27], l2[27])
          and _check(l2[0:10] + l2[13:20] + l2[21:35], l2[35]))
    if not ok or l1[0] not in "ACIP":
        return None
    surname, given, cut = _names(l1[5:36])
    return Mrz("TD2", l2[0:9].replace("<", ""), surname, cut, l2[13:19], given, l2[20], l2[21:27])


def _td1(l1: str, l2: str, l3: str) -> Mrz | None:
    l2 = _digits(l2[0:7]) + l2[7] + _digits(l2[8:15]) + l2[15:29] + _digits(l2[29])
    number, digit = l1[5:14], l1[14]
    if digit == "<":  # a number over 9 characters continues in the optional data (Doc 9303-5 § 4.2.4)
        rest = l1[15:30].split("<", 1)[0]
        if len(rest) < 2:
            return None
        number, digit = number + rest[:-1], rest[-1]
    ok = (_check(number, _digits(digit)) and _check(l2[0:6], l2[6]) and _check(l2[8:14], l2[14])
          and _check(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29]))
    if not ok or l1[0] not in "ACI":
        return None
    surname, given, cut = _names(l3[0:30])
    return Mrz("TD1", number.replace("<", ""), surname, cut, l2[0:6], given, l2[7], l2[8:14])


def _mrz_lines(text: str) -> list[str]:
    """Candidate MRZ lines: upper case, without the spaces OCR and text layers put inside them,
    ``«`` read as ``<``; a line holding two TD3 lines run together is split."""
    out: list[str] = []
    for raw in text.upper().replace("«", "<").splitlines():
        line = re.sub(r"\s+", "", raw)
        if "<" not in line:
            continue
        # The whole line, or (with a label or other words beside it) each long run of MRZ characters.
        candidates = [line] if not _MRZ_CHARS.search(line) else _MRZ_RUN.findall(raw.upper().replace("«", "<"))
        for candidate in candidates:
            if len(candidate) in (60, 72, 88, 90):  # two or three lines extracted as one
                width = {60: 30, 72: 36, 88: 44, 90: 30}[len(candidate)]
                out.extend(candidate[i:i + width] for i in range(0, len(candidate), width))
            elif _MRZ_LINE.match(candidate):
                out.append(candidate)
    return out


def find_mrzs(text: str | None) -> tuple[list[Mrz], bool]:
    """(every travel- or identity-document MRZ with valid check digits, whether lines shaped like
    one were seen). A visa's zone (document code ``V``: a visa page of the passport copy) is not the
    travel document's and is skipped."""
    if not text:
        return [], False
    lines = _mrz_lines(text)
    found: list[Mrz] = []
    seen = False
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.startswith("V") and len(nxt) == len(line):  # a visa's two lines: skip both
            i += 2
            continue
        if len(line) == 44 and len(nxt) == 44:
            mrz, size = _td3(line, nxt), 2
        elif len(line) == 36 and len(nxt) == 36:
            mrz, size = _td2(line, nxt), 2
        elif len(line) == 30 and len(nxt) == 30 and i + 2 < len(lines) and len(lines[i + 2]) == 30:
            mrz, size = _td1(line, nxt, lines[i + 2]), 3
        else:
            i += 1
            continue
        seen = True
        if mrz is not None:
            found.append(mrz)
            i += size  # the lines of a valid zone are not the start of another
        else:
            i += 1
    return found, seen


def find_mrz(text: str | None) -> tuple[Mrz | None, bool]:
    """(the first travel-document MRZ with valid check digits, whether lines shaped like one were seen)."""
    found, seen = find_mrzs(text)
    return (found[0] if found else None), seen


def _read_texts(f: FileFacts) -> tuple[list[str], bool, str | None]:
    """(texts to look for an MRZ in, whether the copy's pages were readable, why not verified).

    Readable: a text layer of at least :data:`MIN_TEXT` characters, or OCR that ran. The OCR
    attributes come from the optional OCR extra (None when it did not run)."""
    texts: list[str] = []
    readable = False
    if f.detected_type == "pdf" and f.pdf is not None:
        if not f.readable_pdf:
            return [], False, "unreadable"
        sample = f.pdf.text_sample
        if sample and len(normalise(sample)) >= MIN_TEXT:
            texts.append(sample)
            readable = True
        ocr = getattr(f.pdf, "ocr_text", None)
        if isinstance(ocr, str):
            texts.append(ocr)
            readable = True
    elif f.detected_type in ("jpeg", "png") and f.image is not None:
        ocr = getattr(f.image, "ocr_text", None)
        if isinstance(ocr, str):
            texts.append(ocr)
            readable = True
    else:
        return [], False, "unreadable"
    return texts, readable, None if readable else "no_text"


def _travel_document_files(c: CheckContext) -> Iterator[tuple[int, str, FileFacts]]:
    """(index, path, facts) of each declared travel-document copy present in the package, once per file."""
    seen: set[str] = set()
    for i, doc in documents(c.application):
        if doc.kind is None or doc.kind.value not in TRAVEL_DOCUMENT_KINDS or not doc.file:
            continue
        path = declared_path(doc)
        f = c.files_by_path.get(path or "")
        if path and f is not None and path not in seen:
            seen.add(path)
            yield i, path, f


def _mrz_of(c: CheckContext, f: FileFacts) -> tuple[tuple[Mrz, ...], bool, bool, str | None]:
    """(valid MRZs, MRZ-shaped lines seen, pages readable, why not verified) of one file, computed once."""

    def compute(_c: CheckContext) -> tuple[tuple[Mrz, ...], bool, bool, str | None]:
        texts, readable, why = _read_texts(f)
        found: list[Mrz] = []
        seen_any = False
        for text in texts:
            mrzs, seen = find_mrzs(text)
            seen_any = seen_any or seen
            found.extend(m for m in mrzs if m not in found)
        return tuple(found), seen_any, readable, why

    return memo(c, ("mrz", f.path), compute)


def _mrz_from_text_layer(c: CheckContext, f: FileFacts) -> tuple[Mrz, ...]:
    """The valid MRZs of the copy's text layer alone (not of the OCR text)."""

    def compute(_c: CheckContext) -> tuple[Mrz, ...]:
        if f.detected_type != "pdf" or f.pdf is None or not f.readable_pdf:
            return ()
        sample = f.pdf.text_sample
        if not sample or len(normalise(sample)) < MIN_TEXT:
            return ()
        return tuple(find_mrzs(sample)[0])

    return memo(c, ("mrz-text-layer", f.path), compute)


def _transliterations(value: str) -> set[str]:
    """The forms a name may take in an MRZ: without diacritics, and with ICAO's transliterations."""
    upper = unicodedata.normalize("NFC", value).upper()
    icao = "".join(_ICAO_TRANSLIT.get(ch, ch) for ch in upper)
    return {normalise(value), normalise(icao)}


def _surname_matches(declared: str, mrz: Mrz) -> bool:
    shown = normalise(mrz.surname)
    for form in _transliterations(declared):
        if form == shown or (mrz.name_truncated and shown and form.startswith(shown)):
            return True
    return False


def _birth_matches(declared: dt.date, mrz: Mrz) -> bool:
    printed = declared.strftime("%y%m%d")
    return all(m in ("<", "X") or m == d for m, d in zip(mrz.birth_date, printed))


def _number_matches(declared: str, mrz: Mrz) -> bool:
    form = normalise(declared)
    return form == mrz.document_number or (mrz.format != "TD1" and len(form) > 9 and form.startswith(mrz.document_number))


def _expiry_matches(declared: dt.date, mrz: Mrz) -> bool:
    return mrz.expiry_date == declared.strftime("%y%m%d")


def _sex_matches(declared: object, mrz: Mrz) -> bool:
    value = getattr(declared, "value", declared)
    return mrz.sex not in ("F", "M") or mrz.sex == value


def _given_names_match(declared: str, mrz: Mrz) -> bool:
    """False only when the given names certainly differ: no given name of the description is, or
    begins, or is begun by, or is one or two letters away from (a transliteration: OLENA, ALENA),
    a given name of the zone (ICAO's transliterations considered). A name missing on one side, a
    name cut where the field is full, or another spelling of the same name is uncertain, and not
    reported: the given names carry no check digit and are transliterated in many ways."""
    shown = [normalise(part) for part in mrz.given_names.split()]
    shown = [part for part in shown if part]
    if not shown:
        return True
    for name in re.split(r"[\s\-]+", declared):
        for word in (w for w in _transliterations(name) if w):
            for part in shown:
                if word.startswith(part) or part.startswith(word) or (len(word) <= 64 and _distance(word, part) <= 2):
                    return True
    return False


def _given_names_equal(declared: str, mrz: Mrz) -> bool:
    """The zone's given names are the description's, name for name, each as written or in an ICAO
    transliteration (the last one may be cut where the name field is full). A zone without given
    names is not compared."""
    shown = [part for part in (normalise(p) for p in mrz.given_names.split()) if part]
    if not shown:
        return True
    forms = [_transliterations(word) for word in re.split(r"[\s\-]+", declared) if normalise(word)]
    if len(shown) != len(forms) and not (mrz.name_truncated and len(shown) < len(forms)):
        return False
    for k, part in enumerate(shown):
        cut = mrz.name_truncated and k == len(shown) - 1
        if not any(part == form or (cut and form.startswith(part)) for form in forms[k]):
            return False
    return True


def _distance(a: str, b: str) -> int:
    """Levenshtein distance of two short words (names)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


#: Letters an OCR engine confuses with each other in capital OCR-B print (the digits are mapped to
#: their look-alike letters before: :data:`_LETTER_LOOKALIKES`).
_OCR_CONFUSABLE = frozenset(frozenset(pair) for pair in ("HN", "MN", "OQ", "OD", "CG", "IL", "UV", "EF", "PR", "KX"))


def _one_confusable_letter(declared: str, mrz: Mrz) -> bool:
    """The zone's surname differs from a form of the declared one by one letter, which an OCR
    engine reads for the other (``KOWALEHKO`` for ``KOWALENKO``)."""
    shown = normalise(mrz.surname)
    for form in _transliterations(declared):
        if len(form) == len(shown):
            diff = [(a, b) for a, b in zip(form, shown) if a != b]
            if len(diff) == 1 and frozenset(diff[0]) in _OCR_CONFUSABLE:
                return True
    return False


def _over_scan(f: FileFacts) -> bool:
    """The copy's text layer lies over scanned page images: an OCR layer (what a scanner's or a
    phone's OCR and ocrmypdf write, usually invisible), whose letters may be misread."""
    return f.pdf is not None and bool(f.pdf.page_images)


def _another_persons(c: CheckContext, mrz: Mrz) -> bool:
    """The zone is of another person than the description's applicant: its date of birth differs
    and so does its surname or its document number (the applicant's own old passport, or one
    issued before a change of surname, shares the date of birth); without a date of birth in the
    description, its surname and document number both differ."""
    app = c.application
    applicant = app.applicant if app else None
    surname = applicant.surname if applicant else None
    born = applicant.date_of_birth if applicant else None
    number = app.travel_document.series_and_number if app and app.travel_document else None
    other_name = bool(surname and len(normalise(surname)) >= 2) and not _surname_matches(surname, mrz)
    other_number = bool(number and len(normalise(number)) >= 5) and not _number_matches(number, mrz)
    if born is not None and not unreliable(c, "/applicant/date_of_birth"):
        return not _birth_matches(born, mrz) and (other_name or other_number)
    return other_name and other_number


#: The copy that carries the number of ``travel_document`` of each declared type.
_COPY_OF_TYPE = {"passport": "passport_copy", "travel_document": "travel_document_copy", "id_card": "id_card_copy"}


def _mrz_differences(c: CheckContext, pointer: str, declared: object, matches,
                     only_kind: str | None = None, ocr: str = "any",
                     also_matches=None) -> Iterator[Finding]:
    """One finding per travel-document copy (of ``only_kind`` when given) whose valid MRZ does not
    match ``declared``. Only what the description says is put in the report, never what the file
    holds. ``ocr``: "any" (every zone), "text_layer" (only copies whose zone the text layer gives),
    "only" (only copies whose zone comes from OCR alone). ``also_matches(declared, mrz, facts)``:
    a zone it accepts is not reported either (C011 leaves to C016 a name one OCR-confusable letter
    away in an OCR layer).

    Several zones in one copy: the applicant's old and new passport are one person, and a defect
    only when no zone matches; a zone of another person (:func:`_another_persons`) is a defect
    even when the applicant's own zone is there too: the copy holds someone else's document."""
    if declared is None or unreliable(c, pointer):
        return
    for i, path, f in _travel_document_files(c):
        if only_kind is not None and c.roles.get(path) != only_kind:
            continue
        mrzs = _mrz_of(c, f)[0]
        from_layer = bool(_mrz_from_text_layer(c, f)) if ocr != "any" else True
        if (ocr == "text_layer" and not from_layer) or (ocr == "only" and from_layer):
            continue
        if ocr == "text_layer":
            mrzs = _mrz_from_text_layer(c, f)

        def differs(mrz: Mrz) -> bool:
            return not matches(declared, mrz) and not (also_matches is not None and also_matches(declared, mrz, f))

        if mrzs and (all(differs(m) for m in mrzs) or any(differs(m) and _another_persons(c, m) for m in mrzs)):
            yield Finding(file=path, field=pointer,
                          ctx={"file": path, "field": pointer, "document": to_pointer(("documents", i))})


_MRZ_BASIS = "art. 106d ust. 1 pkt 3 ustawy o cudzoziemcach; art. 64 § 2 KPA"


@rule(
    code="C010",
    name="mrz-document-number-differs",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="The travel document's machine-readable zone gives another document number",
    legal_basis=_MRZ_BASIS,
    needs_application=True,
)
def mrz_document_number_differs(c: CheckContext) -> Iterator[Finding]:
    """The MRZ of the data page is what the document itself certifies, and its check digits prove it
    was read without error. Another document number than the description's: the number was
    mistyped, or the copy is of another (perhaps an expired) passport; the office has two
    documents for one application. In an OCR layer over scanned pages, a number that differs only
    by characters OCR confuses and the check digits cannot tell apart (G and 6) is the declared one
    misread, not another document."""
    app = c.application
    travel = app.travel_document if app else None
    number = travel.series_and_number if travel else None
    only_kind = _copy_compared(c)
    if only_kind is False:
        return
    yield from _mrz_differences(c, "/travel_document/series_and_number",
                                number if number and len(normalise(number)) >= 5 else None, _number_matches,
                                only_kind, also_matches=_number_misread_by_ocr)


def _copy_compared(c: CheckContext) -> str | None | bool:
    """Which copy a field of one document (its number, its expiry) is compared with: the copy of
    the declared travel document's type (an identity card attached beside the passport has its own
    number and expiry); None: any copy, when only one kind of copy is declared; False: none (several
    kinds, no declared type to choose by)."""
    app = c.application
    travel = app.travel_document if app else None
    declared_type = travel.type.value if travel and travel.type else None
    only_kind = _COPY_OF_TYPE.get(declared_type or "")
    kinds = {c.roles.get(path) for _i, path, _f in _travel_document_files(c)}
    if only_kind is None and len(kinds) > 1:
        return False
    return only_kind


def _declared_given_names(c: CheckContext) -> str | None:
    """The description's given names, when there are enough letters to compare (C018, C009)."""
    app = c.application
    given = app.applicant.given_names if app and app.applicant else None
    return given if given and len(normalise(given)) >= 2 else None


def _number_misread_by_ocr(declared: str, mrz: Mrz, f: FileFacts) -> bool:
    """In an OCR layer over scanned pages, a number that differs only by characters OCR confuses
    (G and 6, O and 0...: :data:`_DIGIT_LOOKALIKES`) is the declared one misread. Most such
    confusions break a check digit (C015), but not all: ``G`` counts 16 and ``6`` counts 6, and a
    difference of 10 never changes the ICAO check digit, so ``FX12345G`` passes where ``FX123456``
    is printed."""
    return _over_scan(f) and (normalise(declared).translate(_DIGIT_LOOKALIKES)
                              == mrz.document_number.translate(_DIGIT_LOOKALIKES))


@rule(
    code="C011",
    name="mrz-surname-differs",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="The travel document's machine-readable zone gives another surname",
    legal_basis=_MRZ_BASIS,
    needs_application=True,
)
def mrz_surname_differs(c: CheckContext) -> Iterator[Finding]:
    """The surname is entered as the travel document writes it. Compared without letter case,
    spaces, hyphens and diacritics, and with ICAO's transliterations (``MÜLLER`` = ``MUELLER``), and
    as a prefix where the MRZ's name field is full (cut): what still differs is another name, or
    another person's passport. Only a zone of the copy's text layer counts here: the name field has no
    check digit, so a letter misread by OCR would look like another name (C016 says so instead).
    Digits in the name field are read as the letters they look like (``K0WALENK0`` is KOWALENKO: a
    name holds no digit), and in a text layer laid over scanned pages (an OCR layer) a surname one
    OCR-confusable letter away (``KOWALEHKO``) is left to C016 too."""
    yield from _surname_differences(c, ocr="text_layer",
                                    also_matches=lambda declared, mrz, f: _over_scan(f)
                                    and _one_confusable_letter(declared, mrz))


@rule(
    code="C016",
    name="mrz-surname-differs-ocr",
    category=Category.ADVISORY,
    reads=(),
    title="The surname read by OCR from the machine-readable zone differs from the description",
    legal_basis=_MRZ_BASIS,
    needs_application=True,
)
def mrz_surname_differs_ocr(c: CheckContext) -> Iterator[Finding]:
    """The same comparison as C011 on a zone that only OCR read (a scan without a text layer). The
    document number and the date of birth carry check digits, so a misreading there is caught (C015)
    and a difference stays a formal defect (C010, C012); the name does not, so a difference found by
    OCR is advice to compare, never a block: a false "not ready" would hold a good package. Also a
    text layer laid over scanned pages (an OCR layer) whose surname is one OCR-confusable letter
    (H/N, O/Q...) away from the description's: the layer was made by OCR too."""
    yield from _surname_differences(c, ocr="only")
    seen = set()
    for finding in _surname_differences(c, ocr="text_layer"):  # what C011 reports without leniency
        seen.add(finding.file)
    for finding in _surname_differences(c, ocr="text_layer",
                                        also_matches=lambda declared, mrz, f: _over_scan(f)
                                        and _one_confusable_letter(declared, mrz)):
        seen.discard(finding.file)
    for finding in _surname_differences(c, ocr="text_layer"):
        if finding.file in seen:
            yield finding


def _surname_differences(c: CheckContext, *, ocr: str, also_matches=None) -> Iterator[Finding]:
    """C011 and C016: the description's surname against the zones read from a text layer
    (``text_layer``) or by OCR only (``only``)."""
    app = c.application
    surname = app.applicant.surname if app and app.applicant else None
    yield from _mrz_differences(c, "/applicant/surname",
                                surname if surname and len(normalise(surname)) >= 2 else None, _surname_matches,
                                ocr=ocr, also_matches=also_matches)


@rule(
    code="C012",
    name="mrz-birth-date-differs",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="The travel document's machine-readable zone gives another date of birth",
    legal_basis=_MRZ_BASIS,
    needs_application=True,
)
def mrz_birth_date_differs(c: CheckContext) -> Iterator[Finding]:
    """The MRZ gives the date of birth as YYMMDD (``<`` for a part the document does not know, which
    is not compared). Another date: a typing error in the description, or another person's passport."""
    app = c.application
    born = app.applicant.date_of_birth if app and app.applicant else None
    yield from _mrz_differences(c, "/applicant/date_of_birth", born, _birth_matches)


@rule(
    code="C017",
    name="mrz-expiry-date-differs",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="The travel document's machine-readable zone gives another date of expiry",
    legal_basis=_MRZ_BASIS,
    needs_application=True,
)
def mrz_expiry_date_differs(c: CheckContext) -> Iterator[Finding]:
    """The date of expiry in the MRZ has its own check digit. Another date than the description's
    (``travel_document.expires_on``): the copy is of another document than the one described (an
    expired passport, a previous one), or the date was mistyped; the office has two documents for
    one application, and the one copied may not be valid."""
    app = c.application
    travel = app.travel_document if app else None
    expires = travel.expires_on if travel else None
    only_kind = _copy_compared(c)
    if only_kind is False:
        return
    yield from _mrz_differences(c, "/travel_document/expires_on", expires, _expiry_matches, only_kind)


@rule(
    code="C018",
    name="mrz-given-names-differ",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="The travel document's machine-readable zone gives other given names",
    legal_basis=_MRZ_BASIS,
    needs_application=True,
)
def mrz_given_names_differ(c: CheckContext) -> Iterator[Finding]:
    """The given names are entered as the travel document writes them. The MRZ's names have no
    check digit and are transliterated in many ways, so only a certain difference is reported:
    none of the description's given names is, begins or is begun by, or is within two letters of,
    a given name of the zone (IVANNA for OLENA). A missing middle name, a name cut where the field
    is full, or another spelling (ALENA, OLENA) is not. Only a zone of the copy's text layer
    counts (as for C011)."""
    yield from _mrz_differences(c, "/applicant/given_names", _declared_given_names(c), _given_names_match,
                                ocr="text_layer")


@rule(
    code="C009",
    name="mrz-given-names-may-differ",
    category=Category.ADVISORY,
    reads=(),
    title="The given names of the travel document's machine-readable zone are not those of the description, letter for letter",
    legal_basis=None,
    needs_application=True,
)
def mrz_given_names_may_differ(c: CheckContext) -> Iterator[Finding]:
    """Given names that differ where C018 cannot be certain: a name missing on one side (a second
    given name not entered), another transliteration (ALENA, OLENA), fillers OCR read as letters,
    or a zone that only OCR read (the names have no check digit). Worth a look: the form takes the
    given names as the travel document writes them, but none of these is proof of another
    person."""
    given = _declared_given_names(c)
    certain = {f.file for f in _mrz_differences(c, "/applicant/given_names", given, _given_names_match,
                                                ocr="text_layer")}
    for finding in _mrz_differences(c, "/applicant/given_names", given, _given_names_equal):
        if finding.file not in certain:
            yield finding


@rule(
    code="C019",
    name="mrz-sex-differs",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="The travel document's machine-readable zone gives another sex",
    legal_basis=_MRZ_BASIS,
    needs_application=True,
)
def mrz_sex_differs(c: CheckContext) -> Iterator[Finding]:
    """The sex is entered as in the travel document (``F`` or ``M``; a zone's ``<`` or ``X``,
    unspecified, is not compared). It is one letter no transliteration changes: another one is a
    typing error or another person's document. Only a zone of the copy's text layer counts (the
    sex has no check digit)."""
    app = c.application
    sex = app.applicant.sex if app and app.applicant else None
    yield from _mrz_differences(c, "/applicant/sex", sex, _sex_matches, ocr="text_layer")


@rule(
    code="C013",
    name="travel-document-without-mrz",
    category=Category.REFUSAL_RISK,
    reads=(),
    title="No machine-readable zone in the copy declared as the travel document",
    legal_basis="art. 106d ust. 1 pkt 3 ustawy o cudzoziemcach",
    needs_application=True,
)
def travel_document_without_mrz(c: CheckContext) -> Iterator[Finding]:
    """A passport's (or identity card's) data page carries a machine-readable zone. A readable copy
    (text layer, or OCR of its pages) in which none is found is not a copy of the data page: a
    lease or a contract declared as the passport, a cut-off data page, a scan too poor to read.
    ``refusal_risk``: the office needs the copy of the travel document (art. 106d ust. 1 pkt 3),
    but a text layer may miss the page the MRZ is on."""
    for i, path, f in _travel_document_files(c):
        mrzs, seen, readable, _why = _mrz_of(c, f)
        if not mrzs and not seen and readable:
            pages = f.pdf.pages if f.pdf is not None and f.pdf.pages else 1
            read = (f.pdf.text_pages or pages) if f.pdf is not None else 1
            if f.pdf is not None and getattr(f.pdf, "ocr_text", None) is not None:
                read = pages
            yield Finding(file=path, field=to_pointer(("documents", i, "file")), ctx={
                "file": path, "kind": c.roles.get(path, "passport_copy"), "pages_read": min(read, pages),
                "pages": pages})


@rule(
    code="C014",
    name="mrz-not-verified",
    category=Category.ADVISORY,
    reads=(),
    title="The travel document's machine-readable zone could not be read",
    legal_basis=None,
    needs_application=True,
)
def mrz_not_verified(c: CheckContext) -> Iterator[Finding]:
    """A scan without a text layer, checked without OCR, cannot be read: its MRZ is neither passed
    nor failed, and the report says so rather than staying silent. (A file that cannot be opened at
    all is reported by the file and PDF rules.)"""
    for _i, path, f in _travel_document_files(c):
        mrzs, seen, readable, why = _mrz_of(c, f)
        if not mrzs and not seen and not readable and why == "no_text":
            yield Finding(file=path, ctx={"file": path})


@rule(
    code="C015",
    name="mrz-check-digits-invalid",
    category=Category.ADVISORY,
    reads=(),
    title="The travel document's machine-readable zone has wrong check digits",
    legal_basis=None,
    needs_application=True,
)
def mrz_check_digits_invalid(c: CheckContext) -> Iterator[Finding]:
    """Lines shaped like an MRZ whose check digits fail are not evidence either way: OCR confuses
    ``0`` and ``O``, and a forged or damaged page fails too. Advisory: worth a look."""
    for _i, path, f in _travel_document_files(c):
        mrzs, seen, _readable, _why = _mrz_of(c, f)
        if not mrzs and seen:
            yield Finding(file=path, ctx={"file": path})


def _has_valid_mrz(c: CheckContext, path: str) -> bool:
    f = c.files_by_path.get(path)
    return f is not None and bool(_mrz_of(c, f)[0])


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
    reads=(),
    title="The declared travel-document number does not appear in the travel-document scan",
    legal_basis=None,
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
        if number not in text and not _has_valid_mrz(c, path):  # a valid MRZ is compared by C010-C012
            yield Finding(file=path, field="/travel_document/series_and_number",
                          ctx={"file": path, "document": to_pointer(("documents", i))})


@rule(
    code="C002",
    name="surname-not-in-travel-document",
    category=Category.ADVISORY,
    reads=(),
    title="The applicant's surname does not appear in the travel-document scan",
    legal_basis=None,
    needs_application=True,
)
def surname_not_in_travel_document(c: CheckContext) -> Iterator[Finding]:
    """The surname is entered as in the travel document (Latin letters of the MRZ, §7). Not found in
    the scan's text: a transliteration that differs from the passport's, or another person's scan."""
    surname = _surname(c)
    if surname is None:
        return
    for i, path, text in _travel_documents(c):
        if surname not in text and not _has_valid_mrz(c, path):  # a valid MRZ is compared by C010-C012
            yield Finding(file=path, field="/applicant/surname",
                          ctx={"file": path, "document": to_pointer(("documents", i))})


@rule(
    code="C003",
    name="surname-not-in-translation",
    category=Category.ADVISORY,
    reads=(),
    title="The applicant's surname does not appear in a sworn translation of a personal document",
    legal_basis=None,
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
    reads=(),
    title="The declared travel-document number does not appear in the translation of the travel document",
    legal_basis=None,
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
