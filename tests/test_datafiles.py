"""The compiled YAML data (``_datafiles.json``, written into the wheel by ``setup.py``) is complete,
faithful, and never wrong when stale."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

from mosprecheck import _datafiles
from mosprecheck._datafiles import compile_entry, digest, load_yaml, parse_yaml

import mosprecheck

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "mosprecheck"
BUNDLED = sorted(p for p in PACKAGE.rglob("*.yaml") if "__pycache__" not in p.parts)
#: The package the tests import: the installed wheel in CI (README's `pip install ".[test]"`), the
#: source tree in an editable install.
INSTALLED = Path(mosprecheck.__file__).resolve().parent


def _script():
    spec = importlib.util.spec_from_file_location("compile_data", ROOT / "scripts" / "compile_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_installed_wheel_has_every_bundled_file_compiled():
    """A built package (not an editable install, whose source tree has no compilation unless a
    developer ran scripts/compile_data.py) must not parse YAML at start-up."""
    compiled = INSTALLED / _datafiles.COMPILED_NAME
    if INSTALLED == PACKAGE and not compiled.exists():
        pytest.skip("an editable install without scripts/compile_data.py: the YAML is parsed")
    installed_yaml = sorted(p for p in INSTALLED.rglob("*.yaml") if "__pycache__" not in p.parts)
    assert installed_yaml
    missing = [p.relative_to(INSTALLED).as_posix() for p in installed_yaml
               if digest(p.read_text(encoding="utf-8")) not in _datafiles._compiled()]
    assert not missing, "compiled data is missing or stale for: " + ", ".join(missing)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_every_bundled_file_compiles_to_what_its_yaml_parses_to(path):
    text = path.read_text(encoding="utf-8")
    entry = compile_entry(text)
    compiled = json.loads(entry["json"], object_hook=_datafiles._decode_object if entry["dates"] else None)
    parsed = parse_yaml(text)
    assert compiled == parsed
    assert json.dumps(compiled, default=repr, sort_keys=True) == json.dumps(parsed, default=repr, sort_keys=True)
    assert load_yaml(text) == parsed  # through the compilation when there is one, else parsed


def test_the_compilation_covers_every_bundled_file():
    """``compile_package`` (what setup.py's build step and scripts/compile_data.py both call) leaves
    no bundled YAML file out."""
    built = json.loads(_script().build())["files"]
    assert set(built) == {digest(p.read_text(encoding="utf-8")) for p in BUNDLED}


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
