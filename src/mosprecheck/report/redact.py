"""Redaction: a report that can be passed around without the applicant's personal data.

:func:`redact` masks, wherever they appear in a report (messages and remedies in every language,
``ctx`` values, file paths, libmagic descriptions, the checklist's files):

- PESEL numbers: those of the description, and any 11-digit number with a valid PESEL check
  digit (a PESEL typed into a file name is caught too) -> ``[PESEL]``;
- travel- and identity-document numbers (``series_and_number``, ``id_document``), also with
  the spaces removed -> ``[DOC-NO]``;
- names of the applicant, family members, the sponsor, the representative and a natural person
  entrusting work (surnames, given names, previous names, parents' names, contact person): the
  whole value and each of its words, case-insensitively -> ``[NAME]``;
- dates of birth (of the description, and the ones PESEL numbers encode), written ``YYYY-MM-DD``,
  ``DD.MM.YYYY`` or ``DD/MM/YYYY`` -> ``[DOB]``.

Everything else (codes, categories, JSON pointers, amounts, dates of the case, hashes) is kept,
so a redacted report still says exactly what is wrong and where. What is masked is found in the
description itself: a name that appears only inside a file name and nowhere in the description
cannot be recognised as a name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

from stdnum.pl import pesel as stdnum_pesel

from .models import Report
from .subject import mask_subject as _mask_subject

PESEL_MASK = "[PESEL]"
DOCUMENT_MASK = "[DOC-NO]"
NAME_MASK = "[NAME]"
DOB_MASK = "[DOB]"

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
_MIN_TOKEN = 2
# "Not preceded/followed by a letter or digit": file names join words with "_" and "-".
_BEFORE = r"(?<![^\W_])"
_AFTER = r"(?![^\W_])"


def redact(report: Report, application: Any = None) -> Report:
    """A copy of ``report`` with personal data masked (see the module documentation).

    ``application``: the description the report was made from, as a path to its JSON file, the
    decoded JSON, or an :class:`~mosprecheck.application.Application`; without one, only PESEL
    numbers recognisable by their check digit and the dates they encode are masked.
    """
    masker = _Masker.from_application(_as_data(application))
    data = report.model_dump(mode="json")
    for defect in data["defects"]:
        for key in ("file", "field"):
            defect[key] = masker.mask(defect[key])
        for key in ("message", "remedy"):
            defect[key] = {lang: masker.mask(text) for lang, text in defect[key].items()}
        defect["ctx"] = masker.mask(defect["ctx"])
    for entry in data["files"]:
        entry["path"] = masker.mask(entry["path"])
        entry["description"] = masker.mask(entry["description"])
    for item in data["summary"].get("checklist", []):
        item["files"] = masker.mask(item["files"])
    data["subject"] = _mask_subject(data.get("subject"), masker.mask, NAME_MASK)
    return Report.model_validate(data)


class _Masker:
    def __init__(self, pesels: Iterable[str], documents: Iterable[str], names: Iterable[str],
                 births: Iterable[dt.date]):
        replacements: list[tuple[str, str, bool]] = []  # (text, mask, case-insensitive)
        for value in pesels:
            replacements.append((value, PESEL_MASK, False))
        for value in documents:
            replacements.append((value, DOCUMENT_MASK, True))
            compact = re.sub(r"[\s-]+", "", value)
            if compact != value:
                replacements.append((compact, DOCUMENT_MASK, True))
        for value in names:
            replacements.append((value, NAME_MASK, True))
            for token in re.split(r"[\s,;/()'\"-]+", value):
                if len(token) >= _MIN_TOKEN:
                    replacements.append((token, NAME_MASK, len(token) > 3))
        self._births = set(births)
        # Longest first, so that "OLENA MARIA" is masked whole before its words.
        replacements.sort(key=lambda r: -len(r[0]))
        self._patterns = [
            (re.compile(_BEFORE + re.escape(text) + _AFTER, re.IGNORECASE if fold else 0), mask)
            for text, mask, fold in dict.fromkeys(r for r in replacements if r[0].strip())
        ]

    @classmethod
    def from_application(cls, data: Any) -> _Masker:
        pesels: list[str] = []
        documents: list[str] = []
        names: list[str] = []
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
            elif key in _DOB_KEYS and isinstance(value, str):
                try:
                    births.append(dt.date.fromisoformat(value.strip()))
                except ValueError:
                    names.append(value.strip())  # an unparseable date of birth is still masked as text
        return cls(pesels, documents, names, births)

    def mask(self, value: Any) -> Any:
        if isinstance(value, str):
            return self._mask_text(value)
        if isinstance(value, list):
            return [self.mask(v) for v in value]
        if isinstance(value, dict):
            return {k: self.mask(v) for k, v in value.items()}
        return value

    def _mask_text(self, text: str) -> str:
        for pattern, mask in self._patterns:
            text = pattern.sub(mask, text)
        births = set(self._births)

        def any_pesel(m: re.Match[str]) -> str:
            born = _pesel_birth(m.group(0))
            if born is None:
                return m.group(0)
            births.add(born)
            return PESEL_MASK

        text = _ANY_PESEL.sub(any_pesel, text)
        for born in births:
            for shown in (born.isoformat(), born.strftime("%d.%m.%Y"), born.strftime("%d/%m/%Y")):
                text = re.sub(r"(?<![0-9])" + re.escape(shown) + r"(?![0-9])", DOB_MASK, text)
        return text


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
    gives its raw JSON, so that values the parser pruned as invalid are masked too)."""
    from ..application import ApplicationFileError, load_application_file

    if application is None:
        return None
    if hasattr(application, "raw") and hasattr(application, "model"):
        return application.raw
    if hasattr(application, "model_dump"):
        return application.model_dump(mode="json", exclude_none=True)
    if isinstance(application, (str, os.PathLike)):
        try:
            return load_application_file(application)
        except ApplicationFileError:
            return None
    return application
