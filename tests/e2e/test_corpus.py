"""The shared real-file corpus (../shared/corpus, 196 files from public repositories, see its
README.md): every file gets the verdict its MANIFEST.tsv row expects (or its alt_expected).

The whole corpus is checked once, as one package (which also exercises the walk, the worker's
reuse across ~150 parsed files and its restart after a time-out). The mapping below is the only
place that translates defect codes into the manifest's vocabulary.
"""

from __future__ import annotations

import pytest
from conftest import AS_OF, CORPUS

import mosprecheck

MANIFEST = CORPUS / "MANIFEST.tsv"
pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not MANIFEST.is_file(), reason="shared corpus not present")]

#: Defect code -> the manifest verdicts it establishes.
VERDICTS: dict[str, set[str]] = {
    "F001": {"wrong_type"}, "F007": {"wrong_type"}, "F003": {"empty"},
    "F006": {"disguised"}, "P006": {"disguised"},
    "P001": {"broken"}, "P002": {"broken"}, "P008": {"broken"}, "I001": {"broken"}, "I002": {"broken"},
    "X002": {"broken"}, "X003": {"broken"}, "X004": {"broken"},
    "P007": {"broken", "bomb"}, "I003": {"bomb"},
    "P003": {"encrypted"}, "P004": {"encrypted"}, "P005": {"encrypted"},
    "P009": {"active_content"}, "P010": {"active_content"}, "P011": {"active_content"},
    "P012": {"signed"},
}


def manifest_rows() -> list[dict[str, str]]:
    if not MANIFEST.is_file():
        return []
    # Split on "\n" only: one notes field holds a bare "\r" (a PNG signature quoted by pypdf), which
    # universal-newline reading or the csv module would take for the end of a row.
    lines = MANIFEST.read_bytes().decode("utf-8").split("\n")
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]


def accepted(row: dict[str, str]) -> set[str]:
    out = {row["expected"]}
    notes = row.get("notes") or ""
    if "alt_expected=" in notes:
        out.add(notes.split("alt_expected=")[1].split()[0].strip(";,()"))
    return out


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    """The corpus checked once per run (its CPU-bound JPEG alone waits out the 10 s file bound),
    shared by the test processes as the report's JSON."""
    from conftest import made_once

    from mosprecheck.report.models import Report

    made = made_once(tmp_path_factory, "corpus-report",
                     lambda: mosprecheck.check(CORPUS, as_of=AS_OF).model_dump_json())
    return Report.model_validate_json(made)


def verdicts(report, path: str) -> tuple[set[str], list[str]]:
    """(manifest verdicts established for a file, its blocking defect codes)."""
    found: set[str] = set()
    blocking = []
    for d in report.defects:
        if d.file != path:
            continue
        found |= VERDICTS.get(d.code, set())
        if d.code == "F001" and d.ctx.get("disguised_as"):
            found.add("disguised")  # wrong content under an accepted extension
        if d.category.blocking:
            blocking.append(d.code)
    return found, blocking


def row_passes(report, row: dict[str, str]) -> bool:
    found, blocking = verdicts(report, row["path"])
    want = accepted(row)
    if want == {"ok"}:
        return not blocking
    return bool(want & found)


def test_manifest_is_read_completely():
    rows = manifest_rows()
    assert len(rows) == 196 and all(r["expected"] for r in rows)


@pytest.mark.slow
def test_whole_corpus_is_inventoried_and_no_check_crashed(corpus_report):
    """The run as a whole; the verdicts are checked row by row below, every row strictly (issue 3
    asked for at least 98 %: all 196 rows pass, so no aggregate threshold is kept)."""
    rows = manifest_rows()
    paths = {f.path for f in corpus_report.files}
    assert {r["path"] for r in rows} <= paths
    crashed = [(d.ctx, d.file) for d in corpus_report.defects if d.code == "X900"]
    assert not crashed, crashed


@pytest.mark.slow
@pytest.mark.parametrize("row", manifest_rows(), ids=lambda r: r["path"])
def test_corpus_file_verdict(corpus_report, row):
    found, blocking = verdicts(corpus_report, row["path"])
    want = accepted(row)
    if want == {"ok"}:
        assert not blocking, f"ok file got blocking defects {blocking}"
    else:
        assert want & found, f"expected {sorted(want)}, got {sorted(found)} (blocking: {blocking})"
