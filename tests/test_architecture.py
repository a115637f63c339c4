"""The layers of docs/architecture.md hold: the import-linter contracts of pyproject.toml are kept.

cli -> api -> rules -> derived values -> case -> rulebook, application, inventory -> findings: a
module imports only from layers below its own (also inside a function), so there is no circle
(rules <-> report, walk <-> worker, report -> api) and no upward import.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("importlinter.cli", reason="import-linter (the test extra) is not installed")

ROOT = Path(__file__).resolve().parents[1]

#: lint-imports through its Python API, in a child process: it configures logging for itself
#: (``dictConfig`` disables the loggers that exist), which must not leak into the other tests.
_LINT = ("import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))")


def _lint() -> tuple[int, str]:
    done = subprocess.run([sys.executable, "-c", _LINT], cwd=ROOT, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


def test_the_import_contracts_are_kept():
    status, output = _lint()
    assert status == 0, output
    contracts = (ROOT / "pyproject.toml").read_text(encoding="utf-8").count("[[tool.importlinter.contracts]]")
    assert contracts >= 2 and f"Contracts: {contracts} kept, 0 broken." in output, output


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


def test_every_inventory_module_has_its_place_in_the_inventory_order():
    """The inventory's contracts are complete: each of its packages (the inventory, the checker's
    side, the worker's side, the PDF parsers) has a contract whose layers name every module and
    subpackage in it, so that a module added there cannot stand outside the order unnoticed."""
    tomllib = pytest.importorskip("tomllib")

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    ordered: dict[str, set[str]] = {}
    for contract in config["contracts"]:
        if contract["id"].startswith("inventory"):
            (package,) = contract.get("containers", ["mosprecheck.inventory"])
            prefix = "" if "containers" not in contract else package + "."
            ordered[package] = {prefix + name.strip() for layer in contract["layers"] for name in layer.split("|")}
    base = ROOT / "src"
    packages = {".".join(p.parent.relative_to(base).parts)
                for p in (base / "mosprecheck" / "inventory").rglob("__init__.py")}
    assert packages == set(ordered), "a package of the inventory without its contract"
    for package, names in ordered.items():
        folder = base / Path(*package.split("."))
        present = {f"{package}.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__"}
        present |= {f"{package}.{p.name}" for p in folder.iterdir() if (p / "__init__.py").is_file()}
        assert present == names, package


def test_the_top_level_package_is_lazy_and_every_public_name_resolves():
    """``import mosprecheck`` loads no checker module (the CLI starts the parsers' process first);
    every name of ``__all__`` still resolves, from the module ``_PUBLIC`` says."""
    import subprocess
    import sys

    code = ("import sys, mosprecheck; "
            "print(sorted(m for m in sys.modules if m.startswith('mosprecheck.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['mosprecheck._version']"
    import mosprecheck

    assert set(mosprecheck.__all__) == set(mosprecheck._PUBLIC) | {"__version__"}
    for name in mosprecheck.__all__:
        assert getattr(mosprecheck, name) is not None
    assert set(mosprecheck.__all__) <= set(dir(mosprecheck))


def test_the_public_submodules_are_attributes_in_a_fresh_process():
    """``mosprecheck.errors.InputError`` works right after ``import mosprecheck``, as it would with
    eager imports (a test run alone once found ``errors`` missing)."""
    import subprocess
    import sys

    code = ("import mosprecheck; "
            "print(mosprecheck.errors.InputError.__name__, mosprecheck.rulebook.load_rulebook.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["InputError", "load_rulebook"]
