"""The application as form fields, for the form rules and the fee computation: JSON pointers over
the parsed application, the mandatory-field specification of the rulebook
(``form.mandatory_fields``), field labels and country names. (Was ``rules/_form.py``.)

The form rules read the *pruned* model (values the parser found invalid are gone and already
reported as D001), dumped to plain Python: dates stay dates, enumerations become their values.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import pycountry

from ..application import to_pointer
from ..application.pointers import ANY, model_field, pointer_parts
from .helpers import memo
from . import CheckContext

# ---------------------------------------------------------------------------------------------
# Pointers
# ---------------------------------------------------------------------------------------------


#: ``/a/b~1c`` -> ``('a', 'b/c')`` (the application package's :func:`pointer_parts`).
parts = pointer_parts


def plain(value: Any) -> Any:
    """Enumeration members as their values, containers converted recursively."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def application_data(c: CheckContext) -> dict[str, Any] | None:
    """The parsed application as plain Python data (None when no description was given).

    Dumped once per check (:func:`.helpers.memo`) and shared by every form rule: read it, never
    change it.
    """
    return memo(c, application_data, _dump)


def _dump(c: CheckContext) -> dict[str, Any] | None:
    app = c.application
    return None if app is None else plain(app.model_dump(mode="python"))


def resolve(data: Any, pointer: str) -> Any:
    """The value at a concrete pointer, or None when it (or a parent) is absent."""
    current = data
    for part in parts(pointer):
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current


@dataclass(frozen=True)
class Slot:
    """One concrete place a pointer pattern names: its pointer, its value, and the highest absent
    ancestor (None when the parent object is present)."""

    pointer: str
    value: Any
    missing_section: str | None


def expand(data: Any, pattern: str) -> Iterator[Slot]:
    """Every concrete place a pattern names; ``*`` iterates the items of a list that is present."""
    yield from _expand(data, parts(pattern), (), None)


def _expand(current: Any, rest: tuple[str, ...], done: tuple[str | int, ...], missing: str | None) -> Iterator[Slot]:
    if not rest:
        yield Slot(to_pointer(done), current, missing)
        return
    head, tail = rest[0], rest[1:]
    if head == ANY:
        if isinstance(current, list):
            for i, item in enumerate(current):
                yield from _expand(item, tail, done + (i,), missing)
        return
    if isinstance(current, dict):
        value = current.get(head)
    else:
        value = None
    here = done + (head,)
    if value is None and tail and missing is None:
        missing = to_pointer(here)
    yield from _expand(value, tail, here, missing)


def is_blank(value: Any, *, empty_list_is_blank: bool = True) -> bool:
    """Missing for the form: null, an empty or whitespace-only string, or (unless it is an answer) []."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return empty_list_is_blank and not value
    return False


#: The form's answer for a box without data (instruction 3 of the form, Dz.U. 2026 poz. 553 annex 1).
NONE_ANSWER = "brak"


def is_none_answer(value: Any) -> bool:
    """The text answer "brak" (any case, surrounding whitespace ignored): the box is answered, with no data.

    Only text boxes take it: a list answers "none" with [], a count with 0, a yes/no question with
    false; a date has no "none" answer (a date box that may lack data is not mandatory here)."""
    return isinstance(value, str) and value.strip().casefold() == NONE_ANSWER


def pattern_of(pointer: str) -> str:
    """The pattern of a concrete pointer: list indexes as ``*`` (``/family_members/0/surname`` ->
    ``/family_members/*/surname``)."""
    return "/".join(ANY if p.isdigit() else p for p in pointer.split("/"))


def is_given(value: Any) -> bool:
    """A value that counts as given in a condition or an alternative: not blank, not false, and not
    the answer "brak" (an answered box without data: it does not make other boxes mandatory and does
    not stand for one of several alternatives)."""
    return not is_blank(value) and value is not False and not is_none_answer(value)


def _matches(value: Any, accepted: tuple[Any, ...]) -> bool:
    """A condition's comparison: text compared trimmed and case-insensitively ("Brak" is "brak")."""
    if isinstance(value, str):
        folded = value.strip().casefold()
        return any(isinstance(a, str) and a.casefold() == folded for a in accepted)
    return value in accepted


# ---------------------------------------------------------------------------------------------
# The mandatory-field specification (rulebook fact form.mandatory_fields)
# ---------------------------------------------------------------------------------------------

_ENTRY_KEYS = {"when", "unless", "when_present", "unless_present", "fields", "answered", "any_of"}


class SpecError(ValueError):
    """The mandatory-field data does not follow its format (a programming error in the rulebook)."""


@dataclass(frozen=True)
class Requirement:
    """One mandatory field (or group of alternatives) and why it is mandatory."""

    pointers: tuple[str, ...]  # one pointer, or the alternatives of an any_of group
    empty_list_is_blank: bool
    requirement: str  # "always" or "when" (texts: value.requirement.<id>)
    conditions: tuple[dict[str, str], ...]  # {"id": "equals"|"given", "pointer": ..., "value": ...}


@dataclass(frozen=True)
class Entry:
    when: tuple[tuple[str, tuple[Any, ...]], ...]
    unless: tuple[tuple[str, tuple[Any, ...]], ...]
    when_present: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    unless_present: tuple[str, ...] = ()

    def applies(self, data: Any) -> bool:
        if not all(_matches(resolve(data, p), values) for p, values in self.when):
            return False
        if self.unless and all(_matches(resolve(data, p), values) for p, values in self.unless):
            return False
        if any(is_given(resolve(data, p)) for p in self.unless_present):
            return False
        return all(is_given(resolve(data, p)) for p in self.when_present)


def parse_spec(raw: Any, name: str = "form.mandatory_fields") -> tuple[Entry, ...]:
    """Validate and compile the value of ``form.mandatory_fields`` (or of another fact in the same
    format, such as ``form.brak_allowed_fields``). Raises :class:`SpecError`."""
    if not isinstance(raw, list):
        raise SpecError(f"{name} must be a list of entries")
    return tuple(_parse_entry(e, i, name) for i, e in enumerate(raw))


def _conditions(raw: Any, where: str) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise SpecError(f"{where}: a condition must map pointers to values")
    out = []
    for pointer, values in raw.items():
        _check_pointer(pointer, where, wildcard=False)
        vals = tuple(values) if isinstance(values, list) else (values,)
        out.append((pointer, vals))
    return tuple(out)


def _check_pointer(pointer: Any, where: str, *, wildcard: bool = True) -> None:
    if not isinstance(pointer, str) or not pointer.startswith("/"):
        raise SpecError(f"{where}: {pointer!r} is not a JSON pointer")
    if not wildcard and ANY in parts(pointer):
        raise SpecError(f"{where}: {pointer!r}: conditions and any_of groups cannot use '*'")
    if field_info(pointer) is None:
        raise SpecError(f"{where}: {pointer!r} names no field of the application model")


def _parse_entry(raw: Any, index: int, name: str = "form.mandatory_fields") -> Entry:
    where = f"{name}[{index}]"
    if not isinstance(raw, dict) or not raw.keys() <= _ENTRY_KEYS:
        raise SpecError(f"{where}: an entry is a mapping with keys among {sorted(_ENTRY_KEYS)}")
    when = _conditions(raw.get("when"), where)
    unless = _conditions(raw.get("unless"), where)
    when_present = tuple(raw.get("when_present") or ())
    unless_present = tuple(raw.get("unless_present") or ())
    for p in when_present + unless_present:
        _check_pointer(p, where, wildcard=False)
    requirement, conditions = _reason(when, when_present)
    reqs: list[Requirement] = []
    for key, empty_list_is_blank in (("fields", True), ("answered", False)):
        for p in raw.get(key) or ():
            _check_pointer(p, where)
            reqs.append(Requirement((p,), empty_list_is_blank, requirement, conditions))
    for group in raw.get("any_of") or ():
        if not isinstance(group, list) or len(group) < 2:
            raise SpecError(f"{where}: an any_of group lists at least two pointers")
        for p in group:
            _check_pointer(p, where, wildcard=False)
        reqs.append(Requirement(tuple(group), True, requirement, conditions))
    if not reqs:
        raise SpecError(f"{where}: the entry requires nothing")
    return Entry(when, unless, when_present, tuple(reqs), unless_present)


def _show(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _reason(when: tuple[tuple[str, tuple[Any, ...]], ...],
            when_present: tuple[str, ...]) -> tuple[str, tuple[dict[str, str], ...]]:
    """Why an entry's fields are mandatory, as neutral data: ``("always", ())``, or ``("when",
    conditions)`` with each condition ``{"id": "equals", "pointer", "value"}`` or ``{"id": "given",
    "pointer"}`` (texts: ``value.requirement.<id>``, ``value.conditions.<id>``)."""
    conditions = [{"id": "equals", "pointer": pointer, "value": " / ".join(_show(v) for v in values)}
                  for pointer, values in when]
    conditions += [{"id": "given", "pointer": pointer} for pointer in when_present]
    return ("when", tuple(conditions)) if conditions else ("always", ())


# ---------------------------------------------------------------------------------------------
# Field labels from the model (English name, Polish label of the form)
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def field_info(pointer: str) -> Any:
    """The pydantic FieldInfo a pointer (pattern) names, or None when it names no field."""
    found = model_field(pointer_parts(pointer))
    return found[0] if found else None


_PL_LABEL = re.compile(r"PL: (.+?)\.?$")


@functools.lru_cache(maxsize=512)
def _labels(pattern: str) -> tuple[str, str]:
    info = field_info(pattern)
    name = next((p for p in reversed(parts(pattern)) if p != ANY and not p.isdigit()), "")
    en = name.replace("_", " ")
    pl = en
    if info is not None and info.description:
        m = _PL_LABEL.search(info.description)
        if m:
            pl = m.group(1)
    return pl, en


def labels(pointer: str) -> tuple[str, str]:
    """(Polish form label, English name) of the field at a concrete pointer."""
    return _labels(pattern_of(pointer))


def label_ctx(pointer: str) -> dict[str, str]:
    """ctx naming a field: its pointer, the form's own (Polish) label, quoted as is in every
    language but English, and the data model's English name of the field."""
    pl, en = labels(pointer)
    return {"field": pointer, "form_label": pl, "field_name": en}


# ---------------------------------------------------------------------------------------------
# Countries (ISO 3166-1 alpha-3 via pycountry, names in Polish from its gettext catalogue)
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _polish() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["pl"])
    except OSError:
        return gettext.NullTranslations()


def country_names(code: str, extra: Mapping[str, Mapping[str, str]]) -> tuple[str, str] | None:
    """(Polish name, English name) of an alpha-3 code or an ICAO travel-document code; None if unknown."""
    if code in extra:
        names = extra[code]
        return str(names.get("pl", code)), str(names.get("en", code))
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 and code.isalpha() else None
    if country is None:
        return None
    return _polish().gettext(country.name), country.name


@functools.lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    """Folded English and Polish country names (and alpha-2 codes) -> alpha-3 code."""
    out: dict[str, str] = {}
    pl = _polish()
    for country in pycountry.countries:
        names = {country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)}
        names.add(pl.gettext(country.name))
        for n in names:
            if n:
                out.setdefault(n.casefold(), country.alpha_3)
        out.setdefault(country.alpha_2.casefold(), country.alpha_3)
    return out


def suggest_country(value: str) -> str | None:
    """The alpha-3 code a wrong country value probably meant ('UA', 'Ukraina', 'Ukraine' -> 'UKR')."""
    folded = value.strip().casefold()
    if len(folded) > 80:
        return None
    return _by_name().get(folded)
