"""What ships: the sdist carries what its tests need, the wheel carries the schemas and the licence."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from conftest import ROOT

pytest.importorskip("build", reason="the test extra installs 'build'")


def _build_sdist(out: Path) -> str:
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (archive,) = out.glob("mosprecheck-*.tar.gz")
    return str(archive)


@pytest.fixture(scope="module")
def sdist_archive(tmp_path_factory) -> Path:
    """The sdist, built once per run: two builds at once would share the release tree that they
    make in the source folder."""
    from conftest import made_once

    return Path(made_once(tmp_path_factory, "sdist", lambda: _build_sdist(tmp_path_factory.mktemp("dist"))))


@pytest.fixture
def sdist(sdist_archive, tmp_path) -> Path:
    """The sdist unpacked afresh for each test (running its tests leaves files in it)."""
    target = tmp_path / "unpacked"
    with tarfile.open(sdist_archive) as tar:
        tar.extractall(target, filter="data")
    (root,) = target.iterdir()
    return root


@pytest.mark.slow
def test_the_sdist_holds_what_its_tests_need(sdist):
    for rel in ("LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "tests/conftest.py",
                "tests/factories.py", "scripts/build_examples.py", "examples/work-ready/application.json"):
        assert (sdist / rel).is_file(), rel
    assert sorted(p.name for p in (sdist / "examples").iterdir()) == sorted(
        p.name for p in (ROOT / "examples").iterdir() if p.is_dir())
    assert any((sdist / "tests" / "cases").rglob("*.yaml"))
    assert not list(sdist.rglob("__pycache__"))


@pytest.mark.slow
def test_pytest_runs_from_an_unpacked_sdist(sdist):
    # The installed package is the one under test; the sdist's tests and data must be enough to run them.
    # In one process (-n 0): this test already runs beside the others on the machine's cores.
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
                           "tests/e2e/test_examples.py"], cwd=sdist, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
