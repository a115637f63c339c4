"""Shared fixtures: paths, a fixed as-of date, and a package builder over real generated files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
EXAMPLES = ROOT / "examples"
SCHEMAS = ROOT / "src" / "mosprecheck" / "schemas"
CORPUS = ROOT.parent / "shared" / "corpus"

sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(ROOT / "scripts"))

# OCR (the optional ``ocr`` extra) is off for the suite, so that expected reports do not depend on
# whether tesseract happens to be installed; tests/e2e/test_ocr.py turns it on where it is available.
os.environ["MOSPRECHECK_OCR"] = "0"

#: The examples file on 2026-12-01; checking a few days before is the realistic use.
AS_OF = dt.date(2026, 11, 25)


def snapshot(folder: Path) -> dict[str, tuple[int, str, int]]:
    """(mode, sha256, mtime_ns) of every regular file under ``folder``: proves nothing was modified."""
    out = {}
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            p = Path(dirpath) / name
            if p.is_symlink() or not p.is_file():
                continue
            st = p.stat()
            out[str(p.relative_to(folder))] = (st.st_mode, hashlib.sha256(p.read_bytes()).hexdigest(), st.st_mtime_ns)
    return out


def made_once(tmp_path_factory, name: str, make) -> str:
    """``make()`` (a str) made once per test run. Under pytest-xdist the first test process that
    needs it makes it while holding a lock, and the others read what it wrote (the pattern of the
    xdist documentation); in one process it is simply made. A ``make`` that raises leaves nothing,
    so the next test that needs it tries again (and fails the same way)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make()
    import fcntl

    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above every worker's own
    done = shared / f"{name}.made"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.is_file():
            return done.read_text(encoding="utf-8")
        value = make()
        done.write_text(value, encoding="utf-8")
        return value


@pytest.fixture(scope="session")
def facts_bank(tmp_path_factory):
    """The file facts of the work package and of every file the rule cases generate, read once per
    session by the real inventory (tests/test_rule_cases.py, shared with tests/test_no_english.py)."""
    from test_rule_cases import read_facts_bank

    return read_facts_bank(tmp_path_factory)


@pytest.fixture(scope="session")
def _work_package_template(tmp_path_factory) -> Path:
    """The complete work package, generated once per session (generating its scans takes ~150 ms)."""
    import build_examples

    folder = tmp_path_factory.mktemp("work-template") / "pkg"
    folder.mkdir()
    build_examples.build_work_ready(folder)
    return folder


@pytest.fixture
def work_package(tmp_path: Path, _work_package_template: Path):
    """A fresh copy of the complete work package, built from the same generator as examples/work-ready."""
    import shutil

    folder = tmp_path / "pkg"
    shutil.copytree(_work_package_template, folder)
    return folder


@pytest.fixture(scope="session")
def example_report():
    """``example_report(name)``: the report of ``examples/<name>`` on AS_OF, checked once per test
    process (a deep copy each call, so that a test may change it). For tests that read a report; a
    test about what checking does (the folder left untouched, the CLI or the service giving the same
    report) checks for itself."""
    import mosprecheck

    reports: dict[str, Any] = {}

    def get(name: str):
        if name not in reports:
            reports[name] = mosprecheck.check(EXAMPLES / name, as_of=AS_OF)
        return reports[name].model_copy(deep=True)

    return get


@pytest.fixture
def work_application() -> dict[str, Any]:
    import build_examples

    return build_examples.work_application()


def write_application(folder: Path, app: Any) -> Path:
    path = folder / "application.json"
    path.write_text(json.dumps(app, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch):
    """The CLI reads its language from LANGUAGE / LC_ALL / LC_MESSAGES / LANG when --lang is absent
    (issue 12 item 5): tests that expect the English default run under no locale, whatever the
    developer's, and without FORCE_COLOR."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
