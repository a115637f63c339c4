"""The Python API: inputs it accepts, shape errors as defects, ordering and verdict."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import AS_OF, EXAMPLES, write_application

import mosprecheck
from mosprecheck import Application, Category
from mosprecheck.report.build import build_report
from mosprecheck.rules import all_rules
from mosprecheck.rules.registry import Finding


def test_application_as_path_dict_or_model_gives_the_same_report(work_application):
    folder = EXAMPLES / "work-ready"
    by_default = mosprecheck.check(folder, as_of=AS_OF)
    by_path = mosprecheck.check(folder, folder / "application.json", as_of=AS_OF)
    by_dict = mosprecheck.check(folder, work_application, as_of=AS_OF)
    by_model = mosprecheck.check(folder, Application.model_validate_json(json.dumps(work_application)), as_of=AS_OF)
    assert by_default == by_path == by_dict == by_model
    assert by_default.ready_to_file


def test_without_application_only_file_checks_run_and_the_verdict_is_not_ready(work_package):
    # Issue 11: valid files alone say nothing about completeness; "ready" needs a description.
    (work_package / "application.json").unlink()
    report = mosprecheck.check(work_package, as_of=AS_OF)
    assert report.codes == ["X001"]
    assert not report.ready_to_file and not report.application_checked
    assert all(f.role is None for f in report.files)


def test_filing_date_defaults_to_as_of_and_report_records_both(work_package, work_application):
    del work_application["filing_date"]
    write_application(work_package, work_application)
    report = mosprecheck.check(work_package, as_of=dt.date(2026, 11, 30))
    assert report.as_of == report.filing_date == dt.date(2026, 11, 30)


def test_inventory_lists_every_file_with_hash_type_and_declared_role():
    report = mosprecheck.check(EXAMPLES / "work-ready", as_of=AS_OF)
    by_path = {f.path: f for f in report.files}
    assert "application.json" not in by_path
    assert by_path["photo.jpg"].detected_type == "jpeg" and by_path["photo.jpg"].role == "photo"
    assert by_path["passport.pdf"].detected_type == "pdf" and by_path["passport.pdf"].role == "passport_copy"
    assert all(len(f.sha256) == 64 and f.size_bytes > 0 for f in report.files)
    assert report.summary.files == len(report.files)
    assert report.summary.total_size_bytes == sum(f.size_bytes for f in report.files)


@pytest.mark.parametrize(
    ("patch", "pointer", "code"),
    [
        ({"filing_date": "01.12.2026"}, "/filing_date", "D001"),
        ({"permit": {"type": "temporary_residence", "ground": "work"}}, "/permit/ground", "D001"),
        ({"permit": {"type": "temporary", "ground": "work_single_permit"}}, "/permit/type", "D001"),
        ({"documents": "passport.pdf"}, "/documents", "D001"),
        ({"applicant": {"height_cm": "168"}}, "/applicant/height_cm", "D001"),
        ({"applicant": {"surname": 123}}, "/applicant/surname", "D001"),
        ({"fileing_date": "2026-12-01"}, "/fileing_date", "D002"),
    ],
)
def test_wrong_shape_becomes_a_defect_at_its_pointer(work_package, work_application, patch, pointer, code):
    work_application.update(patch)
    write_application(work_package, work_application)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    hits = [d for d in report.defects if d.field == pointer]
    assert [d.code for d in hits] == [code]
    expected_category = Category.FORMAL_DEFECT if code == "D001" else Category.ADVISORY
    assert hits[0].category is expected_category
    assert hits[0].message["pl"] and hits[0].message["en"] and hits[0].remedy["pl"]


def test_invalid_list_item_points_at_its_index_and_the_rest_is_still_checked(work_package, work_application):
    work_application["documents"].insert(2, "stamp.pdf")
    work_application["documents"].append({"file": "missing.pdf", "kind": "other"})
    write_application(work_package, work_application)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    assert ("D001", "/documents/2") in [(d.code, d.field) for d in report.defects]
    missing = [d for d in report.defects if d.code == "A001"]
    assert [d.field for d in missing] == [f"/documents/{len(work_application['documents']) - 1}/file"]


def test_enum_typo_gets_a_suggestion(work_package, work_application):
    work_application["permit"]["ground"] = "work_single_permt"
    write_application(work_package, work_application)
    d = next(d for d in mosprecheck.check(work_package, as_of=AS_OF).defects if d.field == "/permit/ground")
    assert d.ctx["suggestion"] == "work_single_permit"
    assert "work_single_permit" in d.message["en"]


def test_listed_file_with_wrong_case_is_missing_with_a_hint(work_package, work_application):
    work_application["documents"][1]["file"] = "Passport.PDF"
    write_application(work_package, work_application)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    a001 = [d for d in report.defects if d.code == "A001"]
    assert len(a001) == 1 and a001[0].ctx["suggestion"] == "passport.pdf"
    assert "A002" in report.codes  # passport.pdf itself is now not listed


def test_listed_path_normalisation_accepts_dot_slash_and_backslashes(work_package, work_application):
    (work_package / "scans").mkdir()
    (work_package / "passport.pdf").rename(work_package / "scans" / "passport.pdf")
    work_application["documents"][1]["file"] = ".\\scans\\passport.pdf"
    write_application(work_package, work_application)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    assert report.ready_to_file, report.codes
    assert {f.path: f.role for f in report.files}["scans/passport.pdf"] == "passport_copy"


def test_unlisted_file_is_advisory_and_does_not_block(work_package):
    (work_package / "notes.pdf").write_bytes((work_package / "lease.pdf").read_bytes() + b"\n% copy\n")
    report = mosprecheck.check(work_package, as_of=AS_OF)
    # C014: the passport is an image-only scan checked without OCR (advisory, "MRZ not verified").
    assert report.codes == ["A002", "C014"] and report.ready_to_file
    assert report.defects[0].file == "notes.pdf"


def test_file_over_limit_is_upload_blocker_at_the_boundary(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    limit = mosprecheck.load_rulebook().value("upload.max_file_bytes", AS_OF)
    for name, size in (("at-limit.pdf", limit), ("over-limit.pdf", limit + 1)):
        with open(pkg / name, "wb") as fh:
            fh.write(b"%PDF-1.4\n")
            fh.truncate(size)
    report = mosprecheck.check(pkg, as_of=AS_OF)
    f002 = [d for d in report.defects if d.code == "F002"]
    assert [d.file for d in f002] == ["over-limit.pdf"]
    assert f002[0].category is Category.UPLOAD_BLOCKER and f002[0].ctx["size_bytes"] == limit + 1
    assert "50\u00a0000\u00a0001" in f002[0].message["pl"] and "50,000,001" in f002[0].message["en"]


def test_ready_iff_no_blocking_category():
    rules = all_rules()
    for code, ready in (("A002", True), ("X001", True), ("A001", False), ("F001", False), ("D001", False)):
        report = build_report([(rules[code], Finding(file="a.pdf", ctx={}))], [], roles={}, as_of=AS_OF,
                              filing_date=AS_OF, rulebook_version="t", application_checked=True)
        assert report.ready_to_file is ready, code


def test_defects_ordered_most_severe_first_then_file_then_field():
    rules = all_rules()
    findings = [
        (rules["A002"], Finding(file="b.pdf")),
        (rules["D001"], Finding(field="/z")),
        (rules["F001"], Finding(file="b.pdf")),
        (rules["A002"], Finding(file="a.pdf")),
        (rules["D001"], Finding(field="/a")),
        (rules["F001"], Finding(file="a.pdf")),
    ]
    report = build_report(findings, [], roles={}, as_of=AS_OF, filing_date=AS_OF, rulebook_version="t",
                          application_checked=True)
    assert [(d.code, d.file or d.field) for d in report.defects] == [
        ("F001", "a.pdf"), ("F001", "b.pdf"), ("D001", "/a"), ("D001", "/z"), ("A002", "a.pdf"), ("A002", "b.pdf")]
    assert report.summary.counts[Category.UPLOAD_BLOCKER] == 2 and report.summary.total == 6


def test_a_rule_that_raises_blocks_the_verdict_instead_of_passing(monkeypatch, work_package):
    from mosprecheck.rules import registry

    spec = registry._REGISTRY["A002"]

    def broken(c):
        raise RuntimeError("boom with PESEL 94051407321")

    monkeypatch.setitem(registry._REGISTRY, "A002", registry.Rule(**{**spec.__dict__, "check": broken}))
    report = mosprecheck.check(work_package, as_of=AS_OF)
    assert [c for c in report.codes if c != "C014"] == ["X900"] and not report.ready_to_file
    assert report.defects[0].ctx == {"rule_code": "A002", "rule_name": "file-not-listed", "error": "RuntimeError"}
    assert "94051407321" not in report.model_dump_json()


def test_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(mosprecheck.PackageNotFoundError):
        mosprecheck.check(tmp_path / "nope")


def test_unparseable_application_is_an_input_error(tmp_path):
    (tmp_path / "application.json").write_text("{", encoding="utf-8")
    with pytest.raises(mosprecheck.ApplicationError):
        mosprecheck.check(tmp_path)


def test_a_summary_that_raises_blocks_the_verdict_instead_of_crashing(monkeypatch, work_package):
    import mosprecheck.api as api

    def broken(c):
        raise ZeroDivisionError

    monkeypatch.setattr(api, "summary_facts", broken)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    assert "X900" in report.codes and not report.ready_to_file
    assert report.summary.fees == [] and report.summary.filing_deadline is None


def test_catalogue_languages_are_rendered_beside_the_inline_ones(monkeypatch):
    from mosprecheck.rules import registry

    monkeypatch.setattr(registry, "catalogue", lambda: {"F003": {"uk": {"message": "Файл «{file}» порожній.",
                                                                         "remedy": "Збережіть документ ще раз."}}})
    message, remedy = all_rules()["F003"].render(Finding(file="a.pdf", ctx={"file": "a.pdf"}))
    assert message["uk"] == "Файл «a.pdf» порожній." and set(message) == {"en", "pl", "uk"}
