"""Issue 11 (audit): proofs are distinct by content, one file is not two kinds of document, and the
travel document's machine-readable zone is read on every page and compared field by field.

Every package here is generated: the work package with one change (a copied file, a second
declaration, a passport copy whose text layer holds a zone)."""

from __future__ import annotations

import json
import shutil

import factories as fx
import pytest
from conftest import AS_OF, write_application
from pypdf import PdfReader, PdfWriter

import mosprecheck
from mosprecheck.inventory.worker.pdf.content import MRZ_MAX_PAGES, TEXT_MAX_PAGES
from mosprecheck.inventory.worker.pdf.structure import inspect_pdf
from mosprecheck.report.models import Category

MRZ_CODES = ("C009", "C010", "C011", "C012", "C013", "C015", "C016", "C017", "C018", "C019")
OWN = dict(surname="KOWALENKO", given="OLENA", number="FX123456", birth="940514", expiry="330303",
           nationality="UKR", sex="F")
OTHER = dict(surname="PETRENKO", given="IVAN", number="EK987654", birth="880101", expiry="330303",
             nationality="UKR", sex="M")


def _check(folder, app):
    write_application(folder, app)
    return mosprecheck.check(folder, as_of=AS_OF)


def _codes(report, code):
    return [d for d in report.defects if d.code == code]


def _mrz(**changes) -> list[str]:
    return fx.td3_mrz(**{**OWN, **changes})


# --- proofs by content ------------------------------------------------------------------------------

def test_a_receipt_copied_under_the_other_fees_name_is_one_receipt(work_package, work_application):
    shutil.copy(work_package / "stamp-duty-440.pdf", work_package / "card-fee-100.pdf")
    report = _check(work_package, work_application)
    c020 = {d.field: d for d in _codes(report, "C020")}
    assert sorted(c020) == ["/documents/2/file", "/documents/3/file"]
    assert all(d.category is Category.FORMAL_DEFECT for d in c020.values()) and not report.ready_to_file
    card = c020["/documents/3/file"]
    assert card.file == "card-fee-100.pdf" and card.ctx["other_file"] == "stamp-duty-440.pdf"
    assert "'stamp-duty-440.pdf' has exactly the same content" in card.message["en"]
    assert "stamp-duty-440.pdf" in card.message["pl"] and "{" not in card.message["uk"]


def test_two_different_receipts_pass(work_package, work_application):
    report = _check(work_package, work_application)
    assert not _codes(report, "C020") and not _codes(report, "C021") and report.ready_to_file


def test_the_passport_declared_as_the_employment_contract_too_is_a_defect_at_both_pointers(work_package,
                                                                                          work_application):
    for doc in work_application["documents"]:
        if doc["kind"] == "employment_contract":
            doc["file"] = "passport.pdf"
    (work_package / "employment-contract.pdf").unlink()
    report = _check(work_package, work_application)
    c021 = {d.field: d for d in _codes(report, "C021")}
    assert sorted(c021) == ["/documents/1/file", "/documents/4/file"] and not report.ready_to_file
    assert c021["/documents/1/file"].ctx["kind"] == "employment_contract"
    assert c021["/documents/1/file"].ctx["why"] == "travel"
    assert "no other document can be the copy of the passport" in c021["/documents/4/file"].message["en"]


def test_a_lease_copied_as_the_passport_is_caught_by_its_content(work_package, work_application):
    shutil.copy(work_package / "lease.pdf", work_package / "passport.pdf")
    report = _check(work_package, work_application)
    c021 = {d.field: d for d in _codes(report, "C021")}
    assert sorted(c021) == ["/documents/1/file", "/documents/6/file"] and not report.ready_to_file
    assert c021["/documents/1/file"].ctx["other_file"] == "lease.pdf"


@pytest.mark.parametrize(("file", "kind"), [
    ("passport.pdf", "visa_copy"),              # the visa is stuck in the passport
    ("passport.pdf", "travel_document_copy"),   # a passport is a travel document
    ("lease.pdf", "dwelling_title"),            # neither kind stands alone
    ("employment-contract.pdf", "income_proof"),
])
def test_one_file_under_kinds_that_may_be_one_document_passes(work_package, work_application, file, kind):
    work_application["documents"].append({"file": file, "kind": kind, "language": "pl"})
    report = _check(work_package, work_application)
    assert not _codes(report, "C020") and not _codes(report, "C021")


# --- the zone on every page ------------------------------------------------------------------------

def _scan_with_text(folder, pages: int, text: dict[int, list[str]], name: str = "passport.pdf") -> None:
    """A scan of ``pages`` page images; the pages in ``text`` (from 1) carry a text layer over their image."""
    scan = folder.parent / f"{folder.name}-scan.pdf"
    fx.write_scan_pdf(scan, [[f"VISAS / page {i}"] for i in range(1, pages + 1)], size=(500, 710), quality=40)
    writer = PdfWriter(clone_from=scan)
    for number, page in enumerate(writer.pages, start=1):
        if number in text:
            layer = folder.parent / f"{folder.name}-layer-{number}.pdf"
            fx.write_text_pdf(layer, text[number])
            page.merge_page(PdfReader(layer).pages[0])
    with open(folder / name, "wb") as fh:
        writer.write(fh)


def test_another_persons_zone_on_the_last_page_is_found(work_package, work_application):
    _scan_with_text(work_package, 32, {32: ["Surname: PETRENKO", *fx.td3_mrz(**OTHER)]})
    report = _check(work_package, work_application)
    found = {d.code: d for d in report.defects if d.code in MRZ_CODES}
    assert {"C010", "C011", "C012"} <= set(found) and not report.ready_to_file
    assert all(found[c].category is Category.FORMAL_DEFECT for c in ("C010", "C011", "C012"))
    assert "PETRENKO" not in json.dumps(report.model_dump(mode="json"))  # nothing read from the file


def test_the_applicants_zone_on_the_last_page_passes(work_package, work_application):
    _scan_with_text(work_package, 32, {32: ["Surname: KOWALENKO", *_mrz()]})
    report = _check(work_package, work_application)
    assert not {d.code for d in report.defects} & {*MRZ_CODES, "C014"}, report.codes
    assert report.ready_to_file, report.codes


def test_another_persons_zone_beside_the_applicants_is_a_defect(work_package, work_application):
    _scan_with_text(work_package, 32, {1: fx.td3_mrz(**OTHER), 2: _mrz()})
    report = _check(work_package, work_application)
    assert {"C010", "C011", "C012"} <= {d.code for d in report.defects} and not report.ready_to_file


def test_the_applicants_old_passport_beside_the_new_one_passes(work_package, work_application):
    _scan_with_text(work_package, 32, {1: _mrz(number="EK000001", expiry="230303"), 2: _mrz()})
    report = _check(work_package, work_application)
    assert not {d.code for d in report.defects} & set(MRZ_CODES), report.codes


def test_the_text_sample_reads_zones_of_later_pages_within_bounds(tmp_path):
    zone = _mrz()
    fx.write_text_pdf(tmp_path / "contract.pdf", ["UMOWA O PRACE", "strona"], pages=MRZ_MAX_PAGES + 6)
    facts = inspect_pdf((tmp_path / "contract.pdf").read_bytes())
    assert facts.text_pages == MRZ_MAX_PAGES and facts.text_truncated
    assert facts.text_sample.count("UMOWA") == TEXT_MAX_PAGES  # later pages without fillers: not extracted
    fx.write_unicode_text_pdf(tmp_path / "late.pdf", ["Сторінка"], pages=1)
    writer = PdfWriter()
    for _ in range(40):
        writer.add_page(PdfReader(tmp_path / "late.pdf").pages[0])
    fx.write_unicode_text_pdf(tmp_path / "zone.pdf", ["Прізвище / Surname", *zone])
    writer.add_page(PdfReader(tmp_path / "zone.pdf").pages[0])  # two-byte codes: fillers as <003C003C>
    with open(tmp_path / "late-zone.pdf", "wb") as fh:
        writer.write(fh)
    facts = inspect_pdf((tmp_path / "late-zone.pdf").read_bytes())
    assert facts.text_pages == 41 and zone[0] in facts.text_sample and zone[1] in facts.text_sample
    assert "Surname" not in facts.text_sample  # only the zone's lines of a later page are kept


# --- every field of the zone --------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "code", "pointer"), [
    (dict(expiry="250303"), "C017", "/travel_document/expires_on"),
    (dict(given="IVANNA"), "C018", "/applicant/given_names"),
    (dict(sex="M"), "C019", "/applicant/sex"),
])
def test_another_expiry_given_name_or_sex_is_a_formal_defect(work_package, work_application, change, code, pointer):
    fx.write_text_pdf(work_package / "passport.pdf", ["PASSPORT / PASAPORT", *_mrz(**change)], pages=32)
    report = _check(work_package, work_application)
    found = {d.code: d for d in report.defects if d.code in MRZ_CODES}
    assert set(found) == {code}, report.codes
    assert found[code].field == pointer and found[code].category is Category.FORMAL_DEFECT
    assert not report.ready_to_file


@pytest.mark.parametrize("given", ["ALENA", "OLENA<MARIA", "OLENAKKKKKKKK"])
def test_given_names_that_may_be_the_same_are_not_reported(work_package, work_application, given):
    fx.write_text_pdf(work_package / "passport.pdf", ["PASSPORT / PASAPORT", *_mrz(given=given)], pages=32)
    report = _check(work_package, work_application)
    assert "C018" not in report.codes and report.ready_to_file, report.codes
    c009 = _codes(report, "C009")  # advice to compare, at the given names
    assert len(c009) == 1 and c009[0].category is Category.ADVISORY and c009[0].field == "/applicant/given_names"


def test_digits_in_the_name_field_are_read_as_letters(work_package, work_application):
    zone = _mrz()
    zone[0] = zone[0].replace("KOWALENKO", "K0WALENK0")  # the name field has no check digit
    _scan_with_text(work_package, 32, {1: zone})
    report = _check(work_package, work_application)
    assert not {d.code for d in report.defects} & set(MRZ_CODES) and report.ready_to_file, report.codes


def test_one_ocr_confusable_letter_in_an_ocr_layer_is_advice(work_package, work_application):
    zone = _mrz()
    zone[0] = zone[0].replace("KOWALENKO", "KOWALEHKO")
    _scan_with_text(work_package, 32, {1: zone})  # text over the scanned page: an OCR layer
    report = _check(work_package, work_application)
    found = {d.code: d for d in report.defects if d.code in MRZ_CODES}
    assert set(found) == {"C016"} and found["C016"].category is Category.ADVISORY
    assert report.ready_to_file, report.codes


def test_one_letter_off_in_a_text_only_copy_is_another_surname(work_package, work_application):
    zone = _mrz()
    zone[0] = zone[0].replace("KOWALENKO", "KOWALEHKO")
    fx.write_text_pdf(work_package / "passport.pdf", ["PASSPORT / PASAPORT", *zone], pages=32)
    report = _check(work_package, work_application)
    assert "C011" in report.codes and "C016" not in report.codes and not report.ready_to_file
