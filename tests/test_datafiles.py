"""The compiled YAML data (``_datafiles.json``) is fresh, faithful, and never wrong when stale."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

from mosprecheck import _datafiles
from mosprecheck._datafiles import compile_entry, digest, load_yaml, parse_yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "mosprecheck"
BUNDLED = sorted(p for p in PACKAGE.rglob("*.yaml") if "__pycache__" not in p.parts)


def _script():
    spec = importlib.util.spec_from_file_location("compile_data", ROOT / "scripts" / "compile_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_compilation_is_fresh():
    """Stale is only slower, never wrong, but the shipped package must not parse YAML at start-up."""
    current = (PACKAGE / _datafiles.COMPILED_NAME).read_text(encoding="utf-8")
    assert current == _script().build(), "run: python scripts/compile_data.py"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_every_bundled_file_is_compiled_and_decodes_to_what_its_yaml_parses_to(path):
    text = path.read_text(encoding="utf-8")
    assert digest(text) in _datafiles._compiled(), "run: python scripts/compile_data.py"
    compiled = load_yaml(text)
    parsed = parse_yaml(text)
    assert compiled == parsed
    assert json.dumps(compiled, default=repr, sort_keys=True) == json.dumps(parsed, default=repr, sort_keys=True)


def test_dates_come_back_as_dates():
    text = "facts:\n  x:\n    values:\n      - effective_from: 2026-04-27\n        value: [1, 2.5, true, null, '2026-01-01']\n"
    entry = compile_entry(text)
    assert entry["dates"] is True
    data = json.loads(entry["json"], object_hook=_datafiles._decode_object)
    assert data == parse_yaml(text)
    value = data["facts"]["x"]["values"][0]
    assert value["effective_from"] == dt.date(2026, 4, 27) and value["value"][4] == "2026-01-01"


def test_an_edited_file_is_parsed_as_yaml_not_taken_from_a_stale_compilation():
    rulebook = PACKAGE / "rulebook" / "data" / "rulebook.yaml"
    text = rulebook.read_text(encoding="utf-8")
    edited = text + "\nextra_key_added_after_compiling: 42\n"
    assert digest(edited) not in _datafiles._compiled()
    assert load_yaml(edited)["extra_key_added_after_compiling"] == 42


def test_what_json_cannot_hold_is_left_to_yaml():
    with pytest.raises(TypeError):
        compile_entry("1: one\n")  # an integer key
    with pytest.raises(TypeError):
        compile_entry("when: 2026-04-27 10:00:00\n")  # a timestamp
