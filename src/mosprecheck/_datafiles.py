"""The bundled YAML data (rulebook facts, text catalogues) read fast: from a JSON compilation when
one matches the file's exact bytes, else by parsing the YAML.

Parsing the YAML of the rulebook and the seven catalogues takes about 150 ms of CPU even with
libyaml (PyYAML builds every node in Python), more than everything else a one-file check does.
``scripts/compile_data.py`` writes ``_datafiles.json`` beside this module: for each bundled YAML
file, keyed by the SHA-256 of its bytes, the same data as JSON text, which the standard library
decodes about ten times faster. The key is the content, not the name: a YAML file edited after the
compilation no longer matches and is parsed as YAML, so the compilation can be stale (slower) but
never wrong. ``tests/test_datafiles.py`` fails when it is stale, and checks that every compiled file
decodes to exactly what its YAML parses to.

YAML values JSON has no type for (dates, in the rulebook) are written as ``{"$date": "YYYY-MM-DD"}``
and decoded back, only in the files that hold one.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from importlib import resources
from typing import Any

#: The compilation, beside this module (absent: everything is parsed as YAML).
COMPILED_NAME = "_datafiles.json"
FORMAT = 1
_DATE = "$date"


def load_yaml(text: str) -> Any:
    """The data of a bundled YAML document ``text``: its compilation when one matches, else parsed."""
    entry = _compiled().get(digest(text))
    if entry is not None:
        return json.loads(entry["json"], object_hook=_decode_object if entry.get("dates") else None)
    return parse_yaml(text)


def parse_yaml(text: str) -> Any:
    """``text`` parsed as YAML (libyaml's parser when present, the safe constructor)."""
    import yaml  # only when a file is not compiled: importing PyYAML costs about 20 ms

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def compile_entry(text: str) -> dict[str, Any]:
    """The compilation of one YAML document: its data as JSON text, and whether it holds dates."""
    dates = False

    def encode(value: Any) -> Any:
        nonlocal dates
        if isinstance(value, dt.datetime):
            raise TypeError("a timestamp in bundled YAML: write a date or a string")
        if isinstance(value, dt.date):
            dates = True
            return {_DATE: value.isoformat()}
        raise TypeError(f"{type(value).__name__} cannot be compiled to JSON")

    data = parse_yaml(text)
    _check_keys(data)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=encode)
    return {"json": body, "dates": dates}


def compile_package(package_dir: str) -> tuple[str, list[str]]:
    """The compilation of every YAML file below ``package_dir`` (the ``mosprecheck`` package, in the
    source tree or in a wheel being built), as the text of ``_datafiles.json``; and the files left to
    the YAML parser, with why. Used by the build step (``setup.py``) and ``scripts/compile_data.py``."""
    import os

    files: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    for folder, dirs, names in os.walk(package_dir):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(n for n in names if n.endswith(".yaml")):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, package_dir).replace(os.sep, "/")
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            try:
                files[digest(text)] = {"path": rel, **compile_entry(text)}
            except TypeError as exc:
                skipped.append(f"{rel}: {exc}")
    ordered = dict(sorted(files.items(), key=lambda kv: (kv[1]["path"], kv[0])))
    return json.dumps({"format": FORMAT, "files": ordered}, ensure_ascii=False, indent=0) + "\n", skipped


def _check_keys(value: Any) -> None:
    """JSON keys are strings: a YAML mapping keyed by numbers, booleans or dates cannot be compiled
    faithfully (its file is then left to the YAML parser)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"non-string key {key!r}")
            _check_keys(item)
    elif isinstance(value, list):
        for item in value:
            _check_keys(item)


def _decode_object(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and _DATE in obj:
        return dt.date.fromisoformat(obj[_DATE])
    return obj


@functools.lru_cache(maxsize=1)
def _compiled() -> dict[str, dict[str, Any]]:
    try:
        raw = resources.files(__package__).joinpath(COMPILED_NAME).read_bytes()
        data = json.loads(raw)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]
