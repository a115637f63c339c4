"""Redaction: a report that can be passed around without the applicant's personal data.

Redaction masks **values**, never text: the values a report carries (each defect's ``ctx``, its
``file`` and ``field``, the inventory's paths and descriptions, the checklist's files, the subject)
are masked, and each defect's messages and remedies are then rendered from the masked values
through its rule's templates (:meth:`~mosprecheck.rules.registry.Rule.render`), in every language.
No pattern ever searches a rendered sentence: the words of a template are never masked (a surname
"Plik" leaves the Polish word "Plik" alone), and a name in a value is masked whatever language the
sentence around it is in. :func:`mosprecheck.check` with ``redact=True`` masks each finding before
its texts are rendered at all; :func:`redact` does the same to a report already built.

What is masked:

- PESEL numbers: those of the description (also written in groups), and any 11-digit number with
  a valid PESEL check digit (a PESEL typed into a file name is caught too) -> ``[PESEL]``;
- travel- and identity-document numbers (``series_and_number``, ``id_document``), with or without
  spaces, dashes, dots or slashes between their characters -> ``[DOC-NO]``;
- names of the applicant, family members, the sponsor, the representative and a natural person
  entrusting work (surnames, given names, previous names, parents' names, contact person), and the
  names of the report's subject: the whole value and each of its words -> ``[NAME]``;
- dates of birth (of the description, and the ones PESEL numbers encode), year first or day first,
  with ``-``, ``.``, ``/`` or a space between the parts, with or without leading zeros, or run
  together (``YYYYMMDD``, ``DDMMYYYY``); day first with a two-digit year (``14.5.94``,
  ``14-05-94``); month first with ``/`` (the American ``5/14/94``, ``05/14/1994``: for a day up to
  12 this also masks the other date it reads as day first, of the same year); six digits run
  together (``940514``, ``140594``) as a word of their own; the month by its name in any of the
  report's languages, full or abbreviated (Babel's CLDR data: ``14 May 1994``, ``14 maja 1994``,
  ``14 травня 1994``, ``14MAY94``, ``May 14, 1994``) -> ``[DOB]``;
- the same data in a machine-readable zone typed into a value: a surname glued to the document
  code and state (``P<UKRKOWALENKO<<OLENA``, even a short one: in a zone a name is a name), a
  document number followed by its check digit (``FX12345670UKR``), a birth date ``YYMMDD`` before
  its check digit and the sex (``UKR9405141F``).

What people really write is matched inside a value, not only the exact value: a value and the
personal data are compared after folding both the same way (Unicode compatibility decomposition, so
NFC, NFD and NFKC forms and full-width letters are one; diacritics dropped; Cyrillic and Greek
letters that look like Latin ones read as those; case folded, except for name words of up to three
letters), and a document number may have spaces, dashes, dots or slashes between its characters
(``FX 123 456``). A name word of four letters or more is also found with digits typed for the
letters they look like (``KOWALENK0``, ``0LENA``: 0 for O, 1 for I or L, 5 for S, 2 for Z, 8 for B;
always more letters than digits), and one of six letters or more split in two by a space, hyphen,
underscore or dot (``KOWAL ENKO``; parts of two letters or more); shorter words are only found as
written, so that ordinary short words and numbers are never masked. A name of four letters or
more is also found written in another script: the text is transliterated to Latin letters
(anyascii) and both sides are reduced to a skeleton the usual transliterations of a name share
(``Коваленко`` = KOVALENKO = KOWALENKO; ``Сергій`` = SERHII; ``გიორგი`` = GIORGI). The mask
replaces the original characters, whatever form they had. A value that is not text (a number, a
date) is masked through its text (``str``) and becomes the mask's text when anything in it is
masked; otherwise it is kept as it was, so that it is rendered as before.

Descriptions of file contents (libmagic's, which quote EXIF and document metadata such as an
image description or a PDF title) are cut to their first clause (``JPEG image data``): nothing
from a file's metadata reaches a redacted report.

Everything else (codes, categories, JSON pointers that hold no personal data, amounts, dates of the
case, hashes) is kept, so a redacted report still says exactly what is wrong and where: the same
defects in the same order as the plain report. A defect of a code this version does not know (a
report of another version) whose values had to be masked cannot be rendered again: its texts become
``[REDACTED]``. What is masked is found in the description (and the report's subject): a name
that appears only inside a file name and nowhere in the description cannot be recognised as a name.
Redacting a redacted report changes nothing (a mask is never masked again).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from stdnum.pl import pesel as stdnum_pesel

from ..findings import Finding
from ..rules import all_rules
from .models import Report, Subject

PESEL_MASK = "[PESEL]"
DOCUMENT_MASK = "[DOC-NO]"
NAME_MASK = "[NAME]"
DOB_MASK = "[DOB]"
#: The texts of a defect whose code this version does not know (a report of another version) and
#: whose values had to be masked: they cannot be rendered again from the masked values.
WITHHELD_TEXT = "[REDACTED]"
MASKS = (PESEL_MASK, DOCUMENT_MASK, NAME_MASK, DOB_MASK, WITHHELD_TEXT)

_PESEL_KEYS = frozenset({"pesel"})
_DOCUMENT_KEYS = frozenset({"series_and_number", "id_document"})
_NAME_KEYS = frozenset({
    "surname", "given_names", "family_name_at_birth", "previous_surnames", "previous_given_names",
    "father_name", "mother_name", "mother_maiden_name", "contact_person",
})
_DOB_KEYS = frozenset({"date_of_birth"})
#: Objects whose ``name`` is a person's name when they carry a PESEL (a natural person).
_PERSON_NAME_WHEN_PESEL = "name"

_ANY_PESEL = re.compile(r"(?<![0-9])[0-9]{11}(?![0-9])")
#: A mask already in a value (folded): never masked again, so that redaction is idempotent.
_A_MASK = re.compile("|".join(re.escape(m.casefold()) for m in MASKS))
_MIN_TOKEN = 2
_NAME_SPLIT = re.compile(r"[\s,;/()'\"-]+")
# "Not preceded/followed by a letter or digit": file names join words with "_" and "-".
_BEFORE = r"(?<![^\W_])"
_AFTER = r"(?![^\W_])"


def redact(report: Report, application: Any = None) -> Report:
    """A copy of ``report`` with personal data masked (see the module documentation).

    ``application``: the description the report was made from, as a path to its JSON file, the
    decoded JSON, or an :class:`~mosprecheck.application.Application`; without one, the names of
    the report's subject, PESEL numbers recognisable by their check digit and the dates they encode
    are masked.
    """
    return masker_for(application, report.subject).report(report)


def masker_for(application: Any = None, subject: Subject | None = None) -> Masker:
    """The masker of the personal data of ``application`` (as :func:`redact` takes it) and of the
    names of ``subject`` (a report's)."""
    names: list[str] = []
    if subject is not None:
        names = [v for v in (subject.surname, subject.given_names) if isinstance(v, str) and v.strip()]
    return Masker.from_application(_as_data(application), extra_names=names)


#: ctx keys that may hold a file's own description (libmagic) or metadata.
_METADATA_KEYS = frozenset({"description", "magic", "libmagic"})


def content_type_only(description: Any) -> Any:
    """libmagic's description cut to its first clause: ``JPEG image data, JFIF standard 1.01, ...
    Exif ... description=...`` -> ``JPEG image data``. What follows the first comma may quote the
    file's metadata (EXIF image description, artist, PDF title, a ZIP member's name)."""
    if not isinstance(description, str):
        return description
    return description.split(",", 1)[0].strip()


def _without_metadata(ctx: Any) -> Any:
    if isinstance(ctx, Mapping):
        return {k: content_type_only(v) if k in _METADATA_KEYS else _without_metadata(v) for k, v in ctx.items()}
    if isinstance(ctx, (list, tuple)):
        return type(ctx)(_without_metadata(v) for v in ctx)
    return ctx


# --- folding: one form for what looks the same ----------------------------------------------------

#: Cyrillic and Greek letters that look like Latin ones (both cases), read as those. Enough for
#: names written with one look-alike letter typed on another keyboard layout.
_LOOKALIKES = str.maketrans({
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ү": "Y", "Һ": "H",
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "х": "x", "у": "y", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ү": "y", "һ": "h", "ӏ": "l",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "α": "a", "ι": "i", "κ": "k", "ν": "v", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x",
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H",
})


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.translate(_LOOKALIKES))
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.translate(_LOOKALIKES).casefold()


@functools.lru_cache(maxsize=4096)
def _fold_char_keep_case(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.translate(_LOOKALIKES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LOOKALIKES)


def fold(text: str) -> str:
    """``text`` in the form values and texts are compared in (see the module documentation)."""
    return "".join(_fold_char(ch) for ch in text)


def _folded_with_origins(text: str, per_char: Callable[[str], str] = _fold_char) -> tuple[str, list[int]]:
    """The folded text (each character through ``per_char``) and, for each of its characters, the
    index of the original character."""
    parts: list[str] = []
    origins: list[int] = []
    for i, ch in enumerate(text):
        f = per_char(ch)
        parts.append(f)
        origins.extend([i] * len(f))
    return "".join(parts), origins


#: The second way names are compared: a name written in another script (``Коваленко.pdf``,
#: ``გიორგი``) transliterated to Latin letters (anyascii), and both sides reduced to a skeleton that
#: the usual transliterations of one name share: ``w``/``v`` (KOWALENKO, KOVALENKO), ``y``/``j``/``i``
#: (IRYNA, Ірина -> Irina), ``g``/``h`` (SERHII, Сергій -> Sergiy), apostrophes (Ковальова ->
#: Koval'ova) dropped and repeated letters read as one (YULIIA, Юлія -> Yuliya).
_SKELETON = str.maketrans({"w": "v", "y": "i", "j": "i", "g": "h", "'": None, "\u02bc": None, "`": None})
#: Names shorter than this (skeleton letters) are not looked for in another script.
_MIN_TRANSLITERATED = 4


@functools.lru_cache(maxsize=4096)
def _skeleton_char(ch: str) -> str:
    """One character in the transliteration pass: a Latin one as :func:`fold` reads it, any other
    transliterated (Cyrillic, Georgian, Greek ...); then the skeleton."""
    if ch.isascii() or "LATIN" in unicodedata.name(ch, "LATIN"):
        base = _fold_char(ch)
    else:
        from anyascii import anyascii

        base = "".join(_fold_char(c) for c in anyascii(ch))
    return base.translate(_SKELETON)


def _other_script(text: str) -> bool:
    """True when ``text`` has a letter of a script other than Latin (worth the second pass)."""
    return any(not ch.isascii() and ch.isalpha() and "LATIN" not in unicodedata.name(ch, "LATIN") for ch in text)


_DOC_SEPARATORS = r"[\s\-./]*"

# --- what people type: digits for letters, a name split in two, a machine-readable zone ------------

#: Digits typed (or read by OCR) for the letters they look like: KOWALENK0, 0LENA, 1RYNA, 5ERHII.
_DIGIT_LOOKALIKES = {"o": "0", "i": "1", "l": "1", "s": "5", "z": "2", "b": "8"}
#: Name words shorter than this (letters) are only found as written: "0la" or "1i" are not names.
_MIN_LOOSE = 4
#: Name words of at least this many letters are also found split in two by one space, hyphen,
#: underscore or dot (KOWAL ENKO, KOWAL-ENKO), each part at least two letters long.
_MIN_SPLIT = 6
_INNER_SEPARATOR = r"[\s\-_.]"
#: The start of a machine-readable zone's first line before the name (TD3: ``P<UKR``) or the
#: document number (TD1: ``I<UKR``): the document code and the issuing state, glued to what follows.
_MRZ_PREFIX = r"(?<=(?<![^\W_])[a-z][a-z<][a-z<]{3})"
#: A state or nationality code of a machine-readable zone (``UKR``, ``D<<``).
_MRZ_CODE = r"[a-z<]{3}"


def _loose_name_body(folded: str) -> str | None:
    """The regular expression of a name word (folded) written with digits for look-alike letters,
    or split in two: None for a word too short for it (or not a word)."""
    if len(folded) < _MIN_LOOSE or not folded.isalpha():
        return None
    chars = [f"[{re.escape(ch)}{_DIGIT_LOOKALIKES[ch]}]" if ch in _DIGIT_LOOKALIKES else re.escape(ch)
             for ch in folded]
    joint = f"{_INNER_SEPARATOR}?" if len(folded) >= _MIN_SPLIT else ""
    return joint.join(chars)


def _looks_like_name(found: str) -> bool:
    """A match of :func:`_loose_name_body` that is a name as people type it: more letters than
    digits (``8o8o`` is no ``Bobo``), and split at most once into parts of two letters or more."""
    parts = re.split(_INNER_SEPARATOR, found)
    letters = sum(ch.isalpha() for ch in found)
    return letters > sum(ch.isdigit() for ch in found) and len(parts) <= 2 and all(len(p) >= 2 for p in parts)


def _mrz_name(word: str) -> str:
    """A name word (a regular expression) as a machine-readable zone writes it, where words are
    separated by ``<`` and the surname is glued to the document code and state (``P<UKRKOWALENKO<<
    OLENA``): there even a short name is a name, whatever its case."""
    return (rf"(?:{_MRZ_PREFIX}{word}(?=<)"         # the surname after P<UKR
            rf"|(?<![^\W_<]){word}(?=<<)"           # the surname opening a line (TD1's third)
            rf"|(?<=<){word}(?=<)"                  # a word between fillers
            rf"|(?<=<<){word}{_AFTER})")            # the last given name


class Masker:
    """Masks the personal data of one description in values: text, numbers, dates, and lists,
    tuples, sets and mappings of them (the keys of a mapping inside a value too; a ctx's own keys
    are the rule's names for its values and are kept)."""

    def __init__(self, pesels: Iterable[str], documents: Iterable[str], names: Iterable[str],
                 births: Iterable[dt.date]):
        # (folded text, regex, mask, the case that must match: short name words only, so that a
        # given name "An" or "Li" does not mask the words "an" or "li"; True for a name word written
        # with look-alike digits or split in two, which must look like a name: _looks_like_name)
        replacements: list[tuple[str, str, str, str | None, bool]] = []

        def add(text: str, body: str, mask: str, cased: str | None = None, loose: bool = False) -> None:
            replacements.append((text, _BEFORE + body + _AFTER, mask, cased, loose))

        for value in pesels:  # also written in groups ("940514 12345")
            compact = re.sub(r"[\W_]+", "", fold(value))
            if len(compact) >= 3:
                add(compact, _DOC_SEPARATORS.join(map(re.escape, compact)), PESEL_MASK)
            add(value, re.escape(fold(value)), PESEL_MASK)
        for value in documents:
            compact = re.sub(r"[\W_]+", "", fold(value))
            if len(compact) >= 3:
                add(compact, _DOC_SEPARATORS.join(re.escape(ch) for ch in compact), DOCUMENT_MASK)
                # In a machine-readable zone: padded with "<" and followed by its check digit, after
                # the document code and state (TD1) or before the nationality (TD3).
                number = re.escape(compact) + r"<*[0-9]"
                replacements.append((compact, rf"(?:{_MRZ_PREFIX}|{_BEFORE}){number}(?={_MRZ_CODE})",
                                     DOCUMENT_MASK, None, False))
                replacements.append((compact, rf"{_MRZ_PREFIX}{number}", DOCUMENT_MASK, None, False))
            add(fold(value), re.escape(fold(value)), DOCUMENT_MASK)
        for value in names:
            for token in (value, *_NAME_SPLIT.split(value)):
                if len(token) >= _MIN_TOKEN or token is value:
                    cased = "".join(_fold_char_keep_case(ch) for ch in token) if len(token) <= 3 else None
                    folded = fold(token)
                    add(folded, re.escape(folded), NAME_MASK, cased)
                    if token is not value or not _NAME_SPLIT.search(value):
                        loose = _loose_name_body(folded)
                        if loose is not None:
                            add(folded, loose, NAME_MASK, None, True)
                            replacements.append((folded, _mrz_name(loose), NAME_MASK, None, True))  # OCR'd
                        if len(folded) >= _MIN_TOKEN and folded.isalpha():
                            # In a machine-readable zone: whatever its length and case.
                            replacements.append((folded, _mrz_name(re.escape(folded)), NAME_MASK, None, False))
        self._births = frozenset(births)
        # The transliteration pass: each name word's skeleton, a letter repeated any number of times.
        skeletons = {"".join(_skeleton_char(ch) for ch in token)
                     for value in names for token in (value, *_NAME_SPLIT.split(value))}
        self._transliterated = [
            re.compile(_BEFORE + "".join(re.escape(ch) + "+" for ch, _ in itertools.groupby(sk)) + _AFTER)
            for sk in sorted((sk for sk in skeletons if len(sk) >= _MIN_TRANSLITERATED and sk.isalpha()),
                             key=lambda sk: (-len(sk), sk))
        ]
        # Longest first, so that "OLENA MARIA" is masked whole before its words.
        replacements.sort(key=lambda r: -len(r[0]))
        self._patterns = [
            (re.compile(regex), mask, cased, loose)
            for text, regex, mask, cased, loose in dict.fromkeys(replacements)
            if text.strip() and not _A_MASK.fullmatch(text.strip())
        ]

    @classmethod
    def from_application(cls, data: Any, extra_names: Iterable[str] = ()) -> Masker:
        """The masker of the description ``data`` (plain JSON) and of ``extra_names``."""
        pesels: list[str] = []
        documents: list[str] = []
        names: list[str] = [n.strip() for n in extra_names if n.strip()]
        births: list[dt.date] = []
        for key, value, parent in _walk(data):
            if key in _PESEL_KEYS and isinstance(value, str) and value.strip():
                pesels.append(value.strip())
                born = _pesel_birth(value.strip())
                if born:
                    births.append(born)
            elif key in _DOCUMENT_KEYS and isinstance(value, str) and value.strip():
                documents.append(value.strip())
            elif key in _NAME_KEYS:
                names.extend(v.strip() for v in _strings(value) if v.strip())
            elif key == _PERSON_NAME_WHEN_PESEL and isinstance(value, str) and parent.get("pesel"):
                names.append(value.strip())
            elif key in _DOB_KEYS and isinstance(value, (str, dt.date)):
                born = _as_date(value)
                if born is not None:
                    births.append(born)
                elif isinstance(value, str):
                    names.append(value.strip())  # an unparseable date of birth is still masked as text
        return cls(pesels, documents, names, births)

    # --- values ---------------------------------------------------------------------------------

    def mask(self, value: Any) -> Any:
        """``value`` with personal data masked; the very object when nothing in it is masked."""
        if value is None or isinstance(value, (bool, float)):
            return value
        if isinstance(value, str):
            masked = self._mask_text(value)
            return value if masked == value else masked
        if isinstance(value, Mapping):  # a mapping inside a value: its keys are data too
            pairs = [(self.mask(k), self.mask(v)) for k, v in value.items()]
            if all(mk is k and mv is v for (mk, mv), (k, v) in zip(pairs, value.items())):
                return value
            return dict(pairs)
        if isinstance(value, (list, tuple, set, frozenset)):
            items = [self.mask(v) for v in value]
            if all(m is v for m, v in zip(items, value)):
                return value
            return type(value)(items)
        # A number, a date, anything else: masked through its text, kept as it is when unmasked.
        try:
            text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
        except Exception:  # an object whose str() raises carries no text to show either
            return value
        masked = self._mask_text(text)
        return value if masked == text else masked

    def finding(self, finding: Finding) -> Finding:
        """``finding`` with its file, field and ctx masked (libmagic descriptions cut), ready to be
        rendered: what :func:`~mosprecheck.report.build.build_report` takes as ``mask``."""
        ctx = _without_metadata(finding.ctx)  # its keys are the rule's own names (template fields)
        return Finding(file=self.mask(finding.file), field=self.mask(finding.field),
                       ctx={k: self.mask(v) for k, v in ctx.items()}, legal_basis=finding.legal_basis,
                       facts=finding.facts)  # rulebook facts: nothing personal

    def report(self, report: Report) -> Report:
        """``report`` with every value masked and the texts of each defect whose values changed
        rendered again from the masked values (a defect with nothing to mask keeps its texts: they
        were rendered from those very values)."""
        rules = all_rules()
        defects = []
        for d in report.defects:
            masked = self.finding(Finding(file=d.file, field=d.field, ctx=d.ctx, legal_basis=d.legal_basis))
            ctx = dict(masked.ctx)
            if (masked.file, masked.field, ctx) == (d.file, d.field, d.ctx):
                defects.append(d)
                continue
            message, remedy = _rendered(rules.get(d.code), masked, d.message, d.remedy)
            defects.append(d.model_copy(update={"file": masked.file, "field": masked.field, "ctx": ctx,
                                                "message": message, "remedy": remedy}))
        files = [e.model_copy(update={"path": self.mask(e.path), "description": self.mask(content_type_only(e.description))})
                 for e in report.files]
        checklist = [item.model_copy(update={"files": self.mask(list(item.files))})
                     for item in report.summary.checklist]
        summary = report.summary.model_copy(update={"checklist": checklist})
        return report.model_copy(update={"defects": defects, "files": files, "summary": summary,
                                         "subject": self._subject(report.subject)})

    def _subject(self, subject: Subject | None) -> Subject | None:
        """The subject: its names replaced whether or not the description was at hand (the masker
        knows them: :func:`masker_for`), the package name masked as a value."""
        if subject is None:
            return None
        update: dict[str, Any] = {key: NAME_MASK for key in ("surname", "given_names") if getattr(subject, key)}
        if subject.package:
            update["package"] = self.mask(subject.package)
        return subject.model_copy(update=update)

    # --- text inside a value ----------------------------------------------------------------------

    def _mask_text(self, text: str) -> str:
        folded, origins = _folded_with_origins(text)
        # Masks already there are kept as they are (and nothing overlapping them is masked).
        spans: list[tuple[int, int, str | None]] = [(m.start(), m.end(), None) for m in _A_MASK.finditer(folded)]

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e, _ in spans)

        for pattern, mask, cased, loose in self._patterns:
            for m in pattern.finditer(folded):
                if m.end() > m.start() and free(m.start(), m.end()) and (
                        cased is None or "".join(_fold_char_keep_case(ch) for ch in
                                                 text[origins[m.start()]:_origin_end(origins, m.end(), text)]) == cased
                ) and (not loose or _looks_like_name(m.group(0))):
                    spans.append((m.start(), m.end(), mask))
        births = set(self._births)
        for m in _ANY_PESEL.finditer(folded):
            born = _pesel_birth(m.group(0))
            if born is not None:
                births.add(born)
                if free(m.start(), m.end()):
                    spans.append((m.start(), m.end(), PESEL_MASK))
        for born in sorted(births):
            for m in _date_pattern(born).finditer(folded):
                if free(m.start(), m.end()):
                    spans.append((m.start(), m.end(), DOB_MASK))
        # Spans in the original text's indices; then names written in another script.
        found = [(origins[start], _origin_end(origins, end, text), mask) for start, end, mask in spans]
        if self._transliterated and _other_script(text):
            skeleton, sk_origins = _folded_with_origins(text, _skeleton_char)
            for pattern in self._transliterated:
                for m in pattern.finditer(skeleton):
                    o_start, o_end = sk_origins[m.start()], _origin_end(sk_origins, m.end(), text)
                    if all(o_end <= s or o_start >= e for s, e, _ in found):
                        found.append((o_start, o_end, NAME_MASK))
        if all(mask is None for _, _, mask in found):
            return text
        out: list[str] = []
        last = 0
        for o_start, o_end, mask in sorted(found, key=lambda s: (s[0], s[1])):
            if mask is None:
                continue
            if o_start < last:
                continue
            out.append(text[last:o_start])
            out.append(mask)
            last = o_end
        out.append(text[last:])
        return "".join(out)


def _rendered(rule: Any, finding: Finding, message: dict[str, str],
              remedy: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The message and remedy of ``finding`` (masked values) rendered by ``rule`` in the languages
    the defect had; :data:`WITHHELD_TEXT` where they cannot be rendered (a code or a language this
    version does not know): the old text held the values that were masked."""
    fresh_message: dict[str, str] = {}
    fresh_remedy: dict[str, str] = {}
    if rule is not None:
        try:
            fresh_message, fresh_remedy = rule.render(finding)
        except Exception:  # a text that cannot be rendered is withheld, never a crash
            fresh_message, fresh_remedy = {}, {}
    return ({lang: fresh_message.get(lang, WITHHELD_TEXT) for lang in message},
            {lang: fresh_remedy.get(lang, WITHHELD_TEXT) for lang in remedy})


def _origin_end(origins: list[int], end: int, text: str) -> int:
    """The original index where a folded span ending at ``end`` ends (marks that fold to nothing,
    such as the combining accents of an NFD name, stay with the letter before them)."""
    return origins[end] if end < len(origins) else len(text)


@functools.lru_cache(maxsize=256)
def _date_pattern(born: dt.date) -> re.Pattern[str]:
    """A date of birth as people write it: year first or day first, separated by ``-``, ``.``,
    ``/`` or a space (with optional spaces around), leading zeros optional; or run together; day
    first with a two-digit year; month first with ``/``; with the month by its name; in a
    machine-readable zone (see the module documentation)."""
    y, yy, m, d = f"{born.year:04d}", f"{born.year % 100:02d}", born.month, born.day
    mm, dd = f"(?:0?{m})", f"(?:0?{d})"
    sep = r"\s*[-./]\s*|\s+"
    slash = r"\s*/\s*"
    forms = [
        f"{y}(?:{sep}){mm}(?:{sep}){dd}",
        f"{dd}(?:{sep}){mm}(?:{sep}){y}",
        f"{dd}(?:{sep}){mm}(?:{sep}){yy}",  # day first, two-digit year: 14.5.94, 14-05-94
        f"{mm}{slash}{dd}{slash}(?:{y}|{yy})",  # month first, the American way: 5/14/94, 05/14/1994
        f"{y}{m:02d}{d:02d}",
        f"{d:02d}{m:02d}{y}",
    ]
    # Six digits run together (940514 as in a PESEL or a machine-readable zone, 140594) only as a
    # word of their own; in a machine-readable zone, after the nationality and before the check digit
    # and sex (UKR9405141F).
    short = f"(?:{yy}{m:02d}{d:02d}|{d:02d}{m:02d}{yy})"
    mrz = rf"(?:(?<=[a-z<]{{3}})|{_BEFORE}){yy}{m:02d}{d:02d}(?=[0-9][mfx<])"
    names = "|".join(re.escape(name) for name in _month_names(m))
    if names:  # the month by its name: 14 May 1994, 14 maja 1994, 14-MAY-94, 14MAY94, May 14, 1994
        gap = r"(?:\s*[-./,]\s*|\s+)?"
        not_letter = r"(?![^\W\d_])"  # the name is a word ("may", not "mayor"), digits may follow: 14MAY94
        forms += [rf"{dd}{gap}(?:{names}){not_letter}\.?{gap}(?:{y}|{yy})",
                  rf"(?<![^\W\d_])(?:{names})\.?\s*{dd}(?:st|nd|rd|th)?,?\s*{y}"]
    return re.compile(r"(?<![0-9])(?:" + "|".join(forms) + r")(?![0-9])"
                      + rf"|{_BEFORE}{short}{_AFTER}|{mrz}")


@functools.lru_cache(maxsize=12)
def _month_names(month: int) -> tuple[str, ...]:
    """The names of ``month`` (folded, longest first) in the languages of the report: full and
    abbreviated, as in a date and standing alone (Polish "maja" and "maj"), from Babel's CLDR data;
    empty if they cannot be had (the numeric forms are still masked)."""
    try:
        from babel.dates import get_month_names

        from ..i18n import MOS_LANGUAGES

        names = {fold(get_month_names(width, context, locale=lang)[month]).rstrip(".")
                 for lang in MOS_LANGUAGES for width in ("wide", "abbreviated") for context in ("format", "stand-alone")}
    except Exception:  # locale data missing: no names, never a failed redaction
        return ()
    return tuple(sorted((n for n in names if len(n) >= 3 and not n.isdigit()), key=lambda n: (-len(n), n)))


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _pesel_birth(value: str) -> dt.date | None:
    if not stdnum_pesel.is_valid(value):
        return None
    try:
        return stdnum_pesel.get_birth_date(value)
    except Exception:  # stdnum raises its own ValidationError for an impossible date
        return None


def _walk(data: Any, parent: dict | None = None) -> Iterator[tuple[str, Any, dict]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield str(key), value, data
            yield from _walk(value, data)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value, parent)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _as_data(application: Any) -> Any:
    """The description as plain JSON data, whatever form it was given in (a ParsedApplication
    gives its raw JSON, so that values the parser pruned as invalid are masked too; Python values
    such as dates become their JSON text, and nothing in it can make the walk raise)."""
    from ..application import ApplicationFileError, load_application_file
    from ..application.parse import plain_json

    if application is None:
        return None
    if hasattr(application, "raw") and hasattr(application, "model"):
        return plain_json(application.raw)
    if hasattr(application, "model_dump"):
        return plain_json(application.model_dump(mode="python", exclude_none=True))
    if isinstance(application, (str, os.PathLike)):
        try:
            return load_application_file(application)
        except ApplicationFileError:
            return None
    return plain_json(application)
