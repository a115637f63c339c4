"""Which translations are current: every language but English records, per entry, a short hash of
the English text it translates (``i18n/catalogue/sources.yaml``, one file for every language, written by
``scripts/i18n_mark.py`` when a translator has updated the entry). An entry whose English source
changed since is stale; a key English has and the language lacks is missing; a key the language has
and English lacks is extra. ``tests/test_i18n.py`` fails on any of them, naming language and key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .._datafiles import parse_yaml

#: Length of the hash prefix recorded per entry (hex digits of sha256).
HASH_DIGITS = 12


def source_hash(value: Any) -> str:
    """The short hash of an English entry (a text, or a mapping such as a plural unit)."""
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def load_yaml(path: Path) -> dict[str, Any]:
    return (parse_yaml(path.read_text(encoding="utf-8")) or {}) if path.is_file() else {}


def problems(english: Mapping[str, Any], own: Mapping[str, Any], marks: Mapping[str, str]) -> list[tuple[str, str]]:
    """(key, problem) for every entry of a language that is missing, extra, unmarked or stale."""
    out: list[tuple[str, str]] = []
    for key, value in english.items():
        if key not in own:
            out.append((key, "missing"))
        elif key not in marks:
            out.append((key, "not marked as translated (run scripts/i18n_mark.py)"))
        elif marks[key] != source_hash(value):
            out.append((key, "stale: the English source changed since it was translated"))
    out.extend((key, "extra: English has no such key") for key in own if key not in english)
    return out


#: The file of every language's marks, beside the catalogues.
SOURCES = "sources.yaml"


def check_folder(folder: Path, lang: str) -> list[tuple[str, str]]:
    """:func:`problems` of ``lang`` for the catalogue files in ``folder``."""
    english = load_yaml(folder / "en.yaml")
    return problems(english, load_yaml(folder / f"{lang}.yaml"), load_yaml(folder / SOURCES).get(lang) or {})


def mark(folder: Path, lang: str, keys: list[str] | None = None) -> int:
    """Record that ``lang``'s entries (all, or only ``keys``) translate the current English: write
    its part of ``sources.yaml``. Returns the number of entries marked."""
    english = load_yaml(folder / "en.yaml")
    own = load_yaml(folder / f"{lang}.yaml")
    path = folder / SOURCES
    every = dict(load_yaml(path))
    marks = dict(every.get(lang) or {})
    chosen = keys if keys is not None else list(own)
    count = 0
    for key in chosen:
        if key in english and key in own:
            marks[key] = source_hash(english[key])
            count += 1
    every[lang] = {key: marks[key] for key in sorted(marks) if key in english and key in own}
    header = ("# Which English text each translated entry translates: per language, per key, a sha256 prefix of\n"
              "# en.yaml's entry. Written by scripts/i18n_mark.py after a translation is updated; never edit by hand.\n")
    path.write_text(header + yaml.safe_dump(every, allow_unicode=True, sort_keys=True, width=1000), encoding="utf-8")
    return count
