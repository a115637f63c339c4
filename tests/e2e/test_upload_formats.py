"""§ 6 of Dz.U. 2026 poz. 553: a digital copy of a paper document is attached as a PDF file.

A JPEG or PNG of a kind that exists on paper by nature is a formal defect (F017); of a kind that
is often born digital, an advisory that explains the rule (F018); the photo is § 4's (a JPG). The
kinds are rulebook data (``upload.document_origin``). Every case uses real generated files.
"""

from __future__ import annotations

import datetime as dt

import factories as fx
import pytest
from conftest import write_application

import mosprecheck
from mosprecheck.application.models import DocumentKind
from mosprecheck.report.models import Category
from mosprecheck.rulebook import load_rulebook
from mosprecheck.rules import all_rules

R553_S6 = "§ 6 rozporządzenia MSWiA z 10.04.2026 (Dz.U. 2026 poz. 553)"


def _swap(folder, app, kind: str, name: str, fmt: str = "JPEG") -> str:
    """Replace the file of the first document of ``kind`` with an image ``name``."""
    for doc in app["documents"]:
        if doc["kind"] == kind:
            (folder / doc["file"]).unlink(missing_ok=True)
            doc["file"] = name
            break
    else:
        app["documents"].append({"file": name, "kind": kind, "language": "pl"})
    img = fx.scan_page([kind, "strona 1"], size=(827, 1169))
    if fmt == "PNG":
        fx.write_png(folder / name, img)
    else:
        fx.write_jpeg(folder / name, img)
    return name


def _check(folder, app, as_of=dt.date(2026, 11, 25)):
    write_application(folder, app)
    return mosprecheck.check(folder, as_of=as_of)


def test_every_document_kind_is_classified_once_with_its_reason():
    fact = load_rulebook().fact("upload.document_origin")
    value = load_rulebook().value("upload.document_origin", dt.date(2026, 4, 27))
    listed = [k for group in value.values() for k in group]
    assert len(listed) == len(set(listed)), "a kind is in two groups"
    kinds = {k.value for k in DocumentKind} - {"other"}
    assert kinds <= set(listed), f"classify in upload.document_origin: {sorted(kinds - set(listed))}"
    # Kinds another branch adds to the model (issue 10: dwelling title, Blue Card and researcher
    # annexes) are classified ahead; nothing else may be listed that the model does not know.
    assert set(listed) - kinds <= {"dwelling_title", "blue_card_annex", "researcher_annex"}
    assert value["not_a_copy"] == ["photo"]
    assert {"passport_copy", "marriage_certificate", "diploma", "accommodation_proof",
            "employment_contract"} <= set(value["paper"])
    assert {"stamp_duty_proof", "card_fee_proof", "bank_statement"} <= set(value["often_electronic"])
    assert "§ 6" in fact.decision and "Dz.U. 2026 poz. 553 § 6" in fact.values[-1].sources


@pytest.mark.parametrize(("kind", "fmt"), [("accommodation_proof", "JPEG"), ("passport_copy", "PNG"),
                                           ("employment_contract", "JPEG"), ("marriage_certificate", "JPEG")])
def test_an_image_of_a_paper_document_is_a_formal_defect(work_package, work_application, kind, fmt):
    name = _swap(work_package, work_application, kind, f"scan.{fmt.lower().replace('jpeg', 'jpg')}", fmt)
    report = _check(work_package, work_application)
    hits = [d for d in report.defects if d.code == "F017"]
    assert len(hits) == 1 and not report.ready_to_file, report.codes
    d = hits[0]
    index = next(i for i, doc in enumerate(work_application["documents"]) if doc["file"] == name)
    assert d.category is Category.FORMAL_DEFECT and d.file == name and d.field == f"/documents/{index}/file"
    assert d.ctx["kind"] == kind and d.ctx["image_type"] == fmt and d.ctx["required"] == ["PDF"]
    assert d.ctx["provision"] == R553_S6 and R553_S6 in d.message["pl"] and R553_S6 in d.message["vi"]
    assert "Microsoft Print to PDF" in d.remedy["en"] and "PDF" in d.remedy["ar"]
    assert d.legal_basis.startswith(R553_S6)
    assert "F018" not in report.codes


@pytest.mark.parametrize("kind", ["stamp_duty_proof", "bank_statement", "other"])
def test_an_image_of_an_often_electronic_document_is_an_advisory(work_package, work_application, kind):
    name = _swap(work_package, work_application, kind, "confirmation.png", "PNG")
    report = _check(work_package, work_application)
    hits = [d for d in report.defects if d.code == "F018"]
    assert len(hits) == 1 and hits[0].file == name and hits[0].category is Category.ADVISORY
    assert hits[0].ctx["origin"] == ("not_classified" if kind == "other" else "often_electronic")
    assert R553_S6 in hits[0].message["fr"] and "F017" not in report.codes
    assert report.ready_to_file, report.codes


def test_the_photo_and_pdfs_are_not_reported_and_undeclared_images_are_not_judged(work_package, work_application):
    fx.write_jpeg(work_package / "stray.jpg")  # undeclared: no kind to judge
    report = _check(work_package, work_application)
    assert not {"F017", "F018"} & set(report.codes), report.codes


@pytest.mark.parametrize(("filing", "reported"), [("2026-04-26", False), ("2026-04-27", True)])
def test_the_pdf_rule_applies_from_27_april_2026(work_package, work_application, filing, reported):
    """Before 27 April 2026 (paper filing) § 6 did not apply: no value, no defect."""
    _swap(work_package, work_application, "accommodation_proof", "lease.jpg")
    _swap(work_package, work_application, "bank_statement", "statement.jpg")
    work_application["filing_date"] = filing
    work_application["legal_stay_until"] = "2026-06-30"
    report = _check(work_package, work_application, dt.date(2026, 4, 20))
    assert ({"F017", "F018"} <= set(report.codes)) is reported
    assert bool({"F017", "F018"} & set(report.codes)) is reported


def test_the_paper_rule_and_the_advisory_have_one_category_each():
    rules = all_rules()
    assert rules["F017"].category is Category.FORMAL_DEFECT and rules["F018"].category is Category.ADVISORY
    assert rules["F016"].category is Category.UPLOAD_BLOCKER
