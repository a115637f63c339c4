"""Translations: one flat text catalogue per language, keyed by stable ids.

``i18n/catalogue/<lang>.yaml`` holds every text of a language (docs/translating.md)::

    F001.message: "..."            # a defect's message and remedy: str.format templates over its ctx
    F001.remedy: "..."
    F012.reason.reserved_device_name: "..."   # a part of a sentence a rule chooses by a neutral id
    kind.photo: "..."              # a document kind
    fee.card_fee: "..."            # a fee label
    ui.ready: "..."                # a word of the renderers
    field./applicant/surname: {part: A, box: '1', label: "..."}   # a box of the MOS form
    habit.applicant: "..."         # a word of the CLI habits
    unit.month: {one: ..., few: ..., many: ..., other: ...}       # CLDR plural categories

English (``en.yaml``) is the source; every other language records in ``sources.yaml`` which
English text each of its entries translates, and ``tests/test_i18n.py`` fails when one is stale.
A catalogue is read once, lazily, only for the languages asked for (``yaml.CSafeLoader``).
"""

from __future__ import annotations

import functools
import math
from importlib import resources
from typing import Any

from .._datafiles import load_yaml

from .kinds import KIND_LABELS, kinds_label

#: The languages of the MOS portal, in its order (requirements.md §7, O5). Every defect's message
#: and remedy, every fee label and every renderer word exists in each of them.
MOS_LANGUAGES = ("pl", "en", "uk", "ru", "fr", "ar", "vi")

#: Languages written right to left (the HTML page sets ``dir="rtl"`` for them).
RTL_LANGUAGES = frozenset({"ar"})

#: Endonyms, for language pickers and the generated documentation.
LANGUAGE_NAMES = {
    "pl": "polski", "en": "English", "uk": "українська", "ru": "русский", "fr": "français",
    "ar": "العربية", "vi": "Tiếng Việt",
}

__all__ = ["KIND_LABELS", "LANGUAGE_NAMES", "MOS_LANGUAGES", "RTL_LANGUAGES", "CatalogueError", "catalogue",
           "entries", "form_fields", "format_count", "format_number", "habits", "kinds_label", "plural", "text", "ui"]

# Digit grouping and decimal mark per language (CLDR; Latin digits everywhere, as the office's
# documents and the portal use them). A language not listed is written the English way.
_GROUP_SEPARATOR = {"pl": "\u00a0", "en": ",", "uk": "\u00a0", "ru": "\u00a0", "fr": "\u202f", "ar": ",", "vi": "."}
_DECIMAL_POINT = {"pl": ",", "en": ".", "uk": ",", "ru": ",", "fr": ",", "ar": ".", "vi": ","}


def format_number(value: float, lang: str, decimals: int | None = None) -> str:
    """``value`` with the digit grouping and decimal mark of ``lang``: ``52 000 000`` in Polish,
    ``52,000,000`` in English, ``1 234,50`` / ``1,234.50``.

    ``decimals``: digits after the decimal mark; None (the default) writes a whole number without
    any and any other number with two. The one formatting of numbers for rule texts
    (``{size:n}``) and renderers (amounts).
    """
    if not math.isfinite(value):
        return str(value)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    sep = _GROUP_SEPARATOR.get(lang, ",")
    if decimals == 0:
        return f"{round(value):,}".replace(",", sep)
    whole, frac = f"{value:,.{decimals}f}".split(".")
    return whole.replace(",", sep) + _DECIMAL_POINT.get(lang, ".") + frac


@functools.lru_cache(maxsize=None)
def _plural_rule(lang: str):
    from babel import Locale, UnknownLocaleError  # imported on first use: start-up does not pay for it

    try:
        return Locale.parse(lang).plural_form
    except (UnknownLocaleError, ValueError, TypeError):
        return lambda n: "other"


def plural(lang: str, unit: str, n: float) -> str:
    """The form of ``unit.<unit>`` for the number ``n`` in ``lang``, by CLDR's plural category
    (``one``, ``few``, ``many``, ``other``...; Babel); ``other`` when the language lacks that form."""
    forms = text(lang, f"unit.{unit}") or text("en", f"unit.{unit}") or {}
    if not isinstance(forms, dict):
        return str(forms)
    try:
        category = _plural_rule(lang)(abs(n)) if math.isfinite(n) else "other"
    except (ValueError, TypeError, LookupError, ArithmeticError):
        category = "other"
    return str(forms.get(category) or forms.get("other") or unit)


def format_count(n: float, unit: str, lang: str) -> str:
    """``n`` and its unit in ``lang``: ``5 stron``, ``1 page``, ``2 pages``."""
    return f"{format_number(n, lang)} {plural(lang, unit, n)}"


class CatalogueError(Exception):
    """A translation catalogue file is malformed."""


def catalogue_dir():
    """The folder of the catalogue files (a Traversable inside the package)."""
    return resources.files(__package__) / "catalogue"


@functools.lru_cache(maxsize=None)
def entries(lang: str) -> dict[str, Any]:
    """Every entry of ``lang``'s catalogue (empty for a language without one), read once."""
    path = catalogue_dir() / f"{lang}.yaml"
    if not path.is_file():
        return {}
    data: Any = load_yaml(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise CatalogueError(f"i18n/catalogue/{lang}.yaml: expected a mapping")
    return data


def text(lang: str, key: str, default: Any = None) -> Any:
    """The entry ``key`` of ``lang``'s catalogue, or ``default``."""
    return entries(lang).get(key, default)


def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """``{code: {lang: {"message": ..., "remedy": ...}}}`` over every output language."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for lang in MOS_LANGUAGES:
        for key, value in entries(lang).items():
            code, _, part = key.partition(".")
            if part in ("message", "remedy") and code[:1].isupper():
                out.setdefault(code, {}).setdefault(lang, {})[part] = str(value)
    return out


def _prefixed(lang: str, prefix: str) -> dict[str, Any]:
    return {key[len(prefix):]: value for key, value in entries(lang).items() if key.startswith(prefix)}


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in flat.items():
        head, dot, rest = key.partition(".")
        if dot:
            out.setdefault(head, {})[rest] = value
        else:
            out[key] = value
    return out


@functools.lru_cache(maxsize=None)
def ui(lang: str) -> dict[str, Any]:
    """The renderer words of ``lang`` (``ui.*``), falling back to English word by word."""
    english = _nest(_prefixed("en", "ui."))
    own = _nest(_prefixed(lang, "ui.")) if lang != "en" else english
    return {key: own.get(key, value) if not isinstance(value, dict) else {**value, **(own.get(key) or {})}
            for key, value in english.items()}


@functools.lru_cache(maxsize=None)
def form_fields(lang: str) -> dict[str, dict[str, Any]]:
    """The MOS form's boxes labelled in ``lang`` (``field.<pointer pattern>``)."""
    return _prefixed(lang, "field.")


@functools.lru_cache(maxsize=None)
def habits(lang: str) -> dict[str, str]:
    """The words of the CLI habits in ``lang`` (``habit.*``), falling back to English word by word."""
    return {**_prefixed("en", "habit."), **_prefixed(lang, "habit.")}
