"""Translations of rule messages and remedies beyond the languages a rule declares inline.

A rule declares its Polish and English templates beside its logic (the source texts). Every other
language lives in catalogue files ``i18n/<lang>/*.yaml``, keyed by defect code::

    F001:
      message: "..."   # the same str.format placeholders as the English template
      remedy: "..."

Several files per language are merged (one per rule family, so that families can be translated
independently); a code defined twice for one language is an error. Texts are always rendered from
a defect's ``ctx``, never stored as finished text.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

#: The languages of the MOS portal, in its order (requirements.md §7, O5).
MOS_LANGUAGES = ("pl", "en", "uk", "ru", "fr", "ar", "vi")

__all__ = ["MOS_LANGUAGES", "CatalogueError", "catalogue"]


class CatalogueError(Exception):
    """A translation catalogue file is malformed."""


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """``{code: {lang: {"message": ..., "remedy": ...}}}`` from every bundled catalogue file."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    root = resources.files(__package__)
    for lang_dir in sorted(root.iterdir(), key=lambda e: e.name):
        if not lang_dir.is_dir() or lang_dir.name.startswith(("_", ".")):
            continue
        lang = lang_dir.name
        for entry in sorted(lang_dir.iterdir(), key=lambda e: e.name):
            if not entry.name.endswith(".yaml"):
                continue
            data: Any = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            if not isinstance(data, dict):
                raise CatalogueError(f"i18n/{lang}/{entry.name}: expected a mapping of codes")
            for code, texts in data.items():
                if not isinstance(texts, dict) or not {"message", "remedy"} <= set(texts):
                    raise CatalogueError(f"i18n/{lang}/{entry.name}: {code} needs 'message' and 'remedy'")
                per_code = out.setdefault(str(code), {})
                if lang in per_code:
                    raise CatalogueError(f"i18n/{lang}/{entry.name}: {code} is translated twice")
                per_code[lang] = {"message": str(texts["message"]), "remedy": str(texts["remedy"])}
    return out
