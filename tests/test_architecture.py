"""The layers of docs/architecture.md hold: the import-linter contracts of pyproject.toml are kept.

cli -> api -> rules -> derived values -> case -> rulebook, application, inventory -> findings: a
module imports only from layers below its own (also inside a function), so there is no circle
(rules <-> report, walk <-> worker, report -> api) and no upward import.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

importlinter_cli = pytest.importorskip("importlinter.cli", reason="import-linter (the test extra) is not installed")

ROOT = Path(__file__).resolve().parents[1]


def _lint() -> tuple[int, str]:
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)  # grimp finds the package by import; the contracts are in ROOT/pyproject.toml
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = importlinter_cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True,
                                                   no_logo=True)
    finally:
        os.chdir(cwd)
    return status, out.getvalue()


def test_the_import_contracts_are_kept():
    status, output = _lint()
    assert status == 0, output
    assert "Contracts: 2 kept, 0 broken." in output, output


def test_the_layers_contract_names_every_layer_of_the_architecture():
    """The contract is the written-down layering: its layers exist, in this order."""
    tomllib = pytest.importorskip("tomllib")  # standard library from Python 3.11

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["id"] == "layers")["layers"]
    flat = [name.strip() for layer in layers for name in layer.split("|")]
    order = ["mosprecheck.cli", "mosprecheck.api", "mosprecheck.report", "mosprecheck.rules", "mosprecheck.derived",
             "mosprecheck.case", "mosprecheck.rulebook", "mosprecheck.application", "mosprecheck.inventory",
             "mosprecheck.findings"]
    assert [flat.index(name) for name in order] == sorted(flat.index(name) for name in order)
    for name in flat:
        path = ROOT / "src" / Path(*name.split("."))
        assert path.is_dir() or path.with_suffix(".py").is_file(), name
