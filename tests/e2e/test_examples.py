"""Every bundled example gives the verdict and the defect codes its story says."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import AS_OF, EXAMPLES, SCHEMAS, snapshot

import mosprecheck

#: example -> (ready_to_file, sorted defect codes)
EXPECTED = {
    # C014: the example passports are image-only scans checked without OCR, so their machine-readable
    # zone is "not verified" (advisory), never silently passed (issue 11).
    "work-ready": (True, ["C014"]),
    "work-passport-missing": (False, ["A001"]),
    "work-docx-contract": (False, ["C014", "F001"]),
    "work-form-typos": (False, ["C014", "D001", "D001", "D002", "K003"]),
    "files-only-webp-photo": (False, ["F001", "X001"]),
    "work-form-identifiers": (False, ["C014", "D010", "D013", "D014", "D016", "D017"]),
    "study-ready": (True, ["C014"]),
    "study-form-incomplete": (False, ["A006", "C014", "D003", "D004", "D020", "D021"]),
    "business-ready": (True, ["C014"]),
    "family-reunification-ready": (True, ["C014"]),
    "spouse-of-polish-citizen-ready": (True, ["C014"]),
    # Ready, with the advisory that the 2026 permanent-residence and long-term-resident forms (Dz.U. 2026
    # poz. 488, 487) were not available and their mandatory fields follow art. 203 / 219 ust. 1 of the Act.
    "permanent-residence-ready": (True, ["C014", "D007"]),
    "long-term-resident-ready": (True, ["C014", "D007"]),
}


def test_every_example_folder_has_an_expectation():
    folders = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
    assert folders == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_verdict_and_codes(name):
    before = snapshot(EXAMPLES / name)
    report = mosprecheck.check(EXAMPLES / name, as_of=AS_OF)
    ready, codes = EXPECTED[name]
    assert report.ready_to_file is ready, [d.code for d in report.defects]
    assert sorted(report.codes) == codes
    assert snapshot(EXAMPLES / name) == before


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_report_matches_report_schema(name, example_report):
    report = example_report(name)
    schema = json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(report.model_dump_json()))


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if (EXAMPLES / n / "application.json").exists()))
def test_example_application_is_described_by_the_schema_unless_it_shows_a_typo(name, example_report):
    schema = json.loads((SCHEMAS / "application.schema.json").read_text(encoding="utf-8"))
    data = json.loads((EXAMPLES / name / "application.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    report = example_report(name)
    shape_defects = [d for d in report.defects if d.code in ("D001", "D002")]
    # The schema and the checker agree on which descriptions are malformed.
    assert bool(errors) == bool(shape_defects)


def test_examples_are_regenerated_identically(tmp_path):
    """The committed examples are exactly what scripts/build_examples.py produces."""
    import build_examples

    for name, build in build_examples.BUILDERS.items():
        folder = tmp_path / name
        folder.mkdir()
        build(folder)
        fresh = {k: v[1] for k, v in snapshot(folder).items()}
        committed = {k: v[1] for k, v in snapshot(EXAMPLES / name).items()}
        assert fresh == committed, f"examples/{name} is stale: run python scripts/build_examples.py"
