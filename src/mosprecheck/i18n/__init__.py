"""Translations: rule texts keyed by defect code, values rules pass as text, and renderer words.

A rule declares its Polish and English templates beside its logic (the source texts). Every other
language lives in catalogue files ``i18n/<lang>/*.yaml``, keyed by defect code::

    F001:
      message: "..."   # the same str.format placeholders as the English template
      remedy: "..."

Several files per language are merged (one per rule family, so that families can be translated
independently); a code defined twice for one language is an error. Texts are always rendered from
a defect's ``ctx``, never stored as finished text.

Files whose name starts with ``_`` are not code catalogues:

- ``_values.yaml``: how a language says the values some rules pass as ready text per language
  (``<key>_pl``, ``<key>_en`` in ``ctx``), see :mod:`mosprecheck.i18n.values`;
- ``_ui.yaml``: the words of the renderers (headings, labels of the text and HTML output).
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
           "format_number", "kinds_label", "ui", "value_table"]

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


class CatalogueError(Exception):
    """A translation catalogue file is malformed."""


def _language_dirs():
    root = resources.files(__package__)
    for lang_dir in sorted(root.iterdir(), key=lambda e: e.name):
        if lang_dir.is_dir() and not lang_dir.name.startswith(("_", ".")):
            yield lang_dir.name, lang_dir


def _load(entry: Any, where: str) -> dict:
    data: Any = load_yaml(entry.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise CatalogueError(f"{where}: expected a mapping")
    return data


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """``{code: {lang: {"message": ..., "remedy": ...}}}`` from every bundled catalogue file."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for lang, lang_dir in _language_dirs():
        for entry in sorted(lang_dir.iterdir(), key=lambda e: e.name):
            if not entry.name.endswith(".yaml") or entry.name.startswith("_"):
                continue
            data = _load(entry, f"i18n/{lang}/{entry.name}")
            for code, texts in data.items():
                if not isinstance(texts, dict) or not {"message", "remedy"} <= set(texts):
                    raise CatalogueError(f"i18n/{lang}/{entry.name}: {code} needs 'message' and 'remedy'")
                per_code = out.setdefault(str(code), {})
                if lang in per_code:
                    raise CatalogueError(f"i18n/{lang}/{entry.name}: {code} is translated twice")
                per_code[lang] = {"message": str(texts["message"]), "remedy": str(texts["remedy"])}
    return out


@functools.lru_cache(maxsize=None)
def _special(name: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for lang, lang_dir in _language_dirs():
        entry = lang_dir / name
        if entry.is_file():
            out[lang] = _load(entry, f"i18n/{lang}/{name}")
    return out


def value_table(lang: str) -> dict[str, Any]:
    """The ``_values.yaml`` of ``lang`` (empty when the language has none)."""
    return _special("_values.yaml").get(lang, {})


def ui(lang: str) -> dict[str, Any]:
    """The renderer words of ``lang`` (``_ui.yaml``), falling back to English word by word."""
    tables = _special("_ui.yaml")
    english = tables.get("en", {})
    own = tables.get(lang, {})
    return {key: own.get(key, value) if not isinstance(value, dict) else {**value, **(own.get(key) or {})}
            for key, value in english.items()}
