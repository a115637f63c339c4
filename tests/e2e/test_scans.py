"""Scans (issue 6): all pages of the travel document, and the estimated resolution of scanned pages."""

from __future__ import annotations

import datetime as dt

import factories as fx
import pytest
from conftest import AS_OF, CORPUS, write_application

import mosprecheck
from mosprecheck.inventory.worker import inspect_pdf
from mosprecheck.inventory.worker.pdf.content import IMAGE_MAX_PAGES
from mosprecheck.report.models import Category


def _codes(folder, app, as_of=AS_OF, codes=("P050", "P051")):
    write_application(folder, app)
    report = mosprecheck.check(folder, as_of=as_of)
    return report, {d.code: d for d in report.defects if d.code in codes}


def _replace_passport(folder, app, files):
    (folder / "passport.pdf").unlink()
    app["documents"] = [d for d in app["documents"] if d["kind"] != "passport_copy"]
    app["documents"] += [{"file": name, "kind": kind} for name, kind in files]


def test_the_complete_passport_scan_passes(work_package, work_application):
    report, found = _codes(work_package, work_application)
    assert not found and report.ready_to_file


@pytest.mark.parametrize(("pages", "reported"), [(1, True), (7, True), (8, False), (32, False)])
def test_a_passport_scan_far_below_a_passports_pages_is_reported(work_package, work_application, pages, reported):
    fx.write_scan_pdf(work_package / "passport.pdf", fx.passport_pages(pages=pages), size=(500, 710), quality=45)
    _, found = _codes(work_package, work_application)
    assert ("P050" in found) is reported
    if reported:
        d = found["P050"]
        assert d.category is Category.FORMAL_DEFECT and d.ctx["pages"] == pages and d.ctx["required"] == 8
        assert d.file == "passport.pdf" and d.field == "/documents/1/file"
        assert "passport" in d.message["en"] and "паспорта" in d.message["uk"]


def test_image_files_of_the_kind_are_counted_together(work_package, work_application):
    for n in range(3):
        fx.write_jpeg(work_package / f"passport-{n}.jpg", fx.scan_page(["PASSPORT"], size=(1240, 880), seed=n))
    _replace_passport(work_package, work_application, [(f"passport-{n}.jpg", "passport_copy") for n in range(3)])
    _, found = _codes(work_package, work_application)
    assert found["P050"].ctx["pages"] == 3 and found["P050"].ctx["files"] == [f"passport-{n}.jpg" for n in range(3)]


def test_an_identity_card_needs_its_two_sides(work_package, work_application):
    fx.write_jpeg(work_package / "id-front.jpg", fx.scan_page(["ID"], size=(1012, 638)))
    _replace_passport(work_package, work_application, [("id-front.jpg", "id_card_copy")])
    _, found = _codes(work_package, work_application)
    assert found["P050"].ctx == {**found["P050"].ctx, "kind": "id_card_copy", "pages": 1, "required": 2}
    fx.write_jpeg(work_package / "id-back.jpg", fx.scan_page(["ID"], size=(1012, 638), seed=2))
    work_application["documents"].append({"file": "id-back.jpg", "kind": "id_card_copy"})
    _, found = _codes(work_package, work_application)
    assert "P050" not in found


def test_a_missing_or_unreadable_passport_file_is_left_to_other_rules(work_package, work_application):
    (work_package / "passport.pdf").unlink()
    report, found = _codes(work_package, work_application)
    assert not found and "A001" in report.codes
    (work_package / "passport.pdf").write_bytes(b"%PDF-1.7\n garbage without structure\n")
    report, found = _codes(work_package, work_application)
    assert not found and "P001" in report.codes


def test_page_count_rule_starts_with_mos(work_package, work_application):
    fx.write_scan_pdf(work_package / "passport.pdf", fx.passport_pages(pages=1), size=(500, 710), quality=45)
    work_application["filing_date"] = "2026-03-02"
    work_application["legal_stay_until"] = "2026-04-30"
    _, found = _codes(work_package, work_application, dt.date(2026, 3, 1))
    assert "P050" not in found


@pytest.mark.parametrize(("dpi", "reported"), [(60, True), (99, True), (100, False), (150, False), (300, False)])
def test_scan_resolution_is_estimated_from_page_images(work_package, work_application, dpi, reported):
    fx.write_scan_pdf_at(work_package / "passport.pdf", fx.passport_pages(pages=10), dpi=dpi)
    facts = inspect_pdf((work_package / "passport.pdf").read_bytes())
    assert len(facts.page_images) == 10 and abs(facts.scan_dpi - dpi) <= 1
    _, found = _codes(work_package, work_application)
    assert ("P051" in found) is reported
    if reported:
        d = found["P051"]
        assert d.category is Category.FORMAL_DEFECT and d.ctx["required"] == 100 and d.ctx["low_pages"] == 10
        assert f"{d.ctx['dpi']} dpi" in d.message["en"] and d.ctx["dpi"] <= dpi


def test_a_small_image_of_the_passport_is_too_low_to_read(work_package, work_application):
    fx.write_jpeg(work_package / "passport.jpg", fx.scan_page(["PASSPORT"], size=(300, 210)))
    _replace_passport(work_package, work_application, [("passport.jpg", "passport_copy")])
    _, found = _codes(work_package, work_application)
    assert found["P051"].ctx["min_short_side"] == 347 and found["P051"].ctx["dpi"] == 60


def test_text_pages_and_illustrations_are_not_scans(tmp_path):
    text = fx.write_text_pdf(tmp_path / "letter.pdf", ["Umowa o prace"])
    assert inspect_pdf(text.read_bytes()).page_images == ()
    logo = fx.scan_page(["logo"], size=(60, 30))
    pdf = tmp_path / "with-logo.pdf"
    logo.save(pdf, "PDF", resolution=10.0)  # a tiny image drawn at 6 x 3 inches on a 6 x 3 inch page: a scan
    assert inspect_pdf(pdf.read_bytes()).page_images[0].dpi == 10.0


def test_only_the_first_pages_are_measured(tmp_path):
    pdf = fx.write_scan_pdf_at(tmp_path / "long.pdf", [["p"]] * (IMAGE_MAX_PAGES + 6), dpi=20, page_mm=(50, 30))
    facts = inspect_pdf(pdf.read_bytes())
    assert facts.pages == IMAGE_MAX_PAGES + 6 and facts.page_images_checked == IMAGE_MAX_PAGES
    assert len(facts.page_images) == IMAGE_MAX_PAGES


@pytest.mark.corpus
def test_nested_transformations_of_a_real_document_are_followed():
    path = CORPUS / "pdf-ok" / "samplefiles__GeoTopo-komprimiert.pdf"
    if not path.exists():
        pytest.skip("shared corpus absent")
    facts = inspect_pdf(path.read_bytes())
    assert facts.pages == 117 and facts.page_images == ()  # small figures beside text, not scanned pages


# --- issue 11: every page the office will look at is decoded -------------------------------------

def _dct_streams_replaced(data: bytes, replace) -> bytes:
    """The PDF with every JPEG image stream's bytes replaced (same length: offsets stay valid)."""
    import re

    out = bytearray(data)
    for m in re.finditer(rb"/DCTDecode.*?stream\r?\n", data, re.S):
        start = m.end()
        end = data.find(b"endstream", start)
        new = replace(data[start:end])
        assert len(new) == end - start
        out[start:end] = new
    return bytes(out)


def _images_pdf(path, images, resolution=100.0):
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=resolution)
    return path


def _hostile_passport(folder, how):
    from PIL import Image

    target = folder / "passport.pdf"
    if how == "blank":
        _images_pdf(target, [Image.new("RGB", (500, 710), (255, 255, 255)) for _ in range(32)])
    elif how == "one-point":
        _images_pdf(target, [Image.new("RGB", (1, 1), (0, 0, 0)) for _ in range(32)], resolution=72.0)
    else:
        fx.write_scan_pdf(target, fx.passport_pages(pages=32), size=(500, 710), quality=45)
        rng = __import__("random").Random(7)
        cut = {"random-bytes": lambda s: bytes(rng.randrange(256) for _ in range(len(s))),
               "cut-after-600": lambda s: s[:600] + b"\x00" * (len(s) - 600)}[how]
        target.write_bytes(_dct_streams_replaced(target.read_bytes(), cut))


@pytest.mark.parametrize("how", ["blank", "random-bytes", "cut-after-600", "one-point"])
def test_a_travel_document_copy_with_no_legible_page_is_a_formal_defect(work_package, work_application, how):
    """The issue's four hostile passport copies: each passed the page-count and dpi checks."""
    _hostile_passport(work_package, how)
    report, found = _codes(work_package, work_application, codes=("P052", "P053", "P054"))
    assert not report.ready_to_file
    d = found["P054"]
    assert d.category is Category.FORMAL_DEFECT and d.file == "passport.pdf" and d.ctx["checked"] == 32
    assert "P053" not in found  # one finding for the file, not 32 pages of advice
    if how in ("random-bytes", "cut-after-600"):
        assert found["P052"].category is Category.FORMAL_DEFECT and found["P052"].ctx["count"] == 32
        assert found["P052"].ctx["pages"].startswith("1, 2, 3")


def test_decoded_pages_of_a_good_scan_are_all_legible(work_package, work_application):
    fx.write_scan_pdf(work_package / "passport.pdf", fx.passport_pages(pages=32), size=(500, 710), quality=45)
    facts = inspect_pdf((work_package / "passport.pdf").read_bytes())
    assert facts.pages_decoded == 32 and facts.pages_legible == 32 and facts.pages_decode_complete
    assert facts.page_problems == ()
    report, found = _codes(work_package, work_application, codes=("P052", "P053", "P054"))
    assert not found and report.ready_to_file


def test_some_blank_pages_in_a_passport_are_only_advice(work_package, work_application):
    """A passport has blank visa pages: a scan with some blank pages is advisory (P053)."""
    from PIL import Image

    pages = [fx.scan_page(lines, size=(500, 710), seed=i) for i, lines in enumerate(fx.passport_pages(pages=30))]
    pages[3:5] = [Image.new("RGB", (500, 710), (255, 255, 255))] * 2
    _images_pdf(work_package / "passport.pdf", pages)
    report, found = _codes(work_package, work_application, codes=("P052", "P053", "P054"))
    assert set(found) == {"P053"} and found["P053"].category is Category.ADVISORY
    assert found["P053"].ctx["page_numbers"] == [4, 5] and report.ready_to_file


def test_one_damaged_page_image_is_named(work_package, work_application):
    import re

    fx.write_scan_pdf(work_package / "passport.pdf", fx.passport_pages(pages=10), size=(500, 710), quality=45)
    data = (work_package / "passport.pdf").read_bytes()
    third = list(re.finditer(rb"/DCTDecode.*?stream\r?\n", data, re.S))[2].end()
    end = data.find(b"endstream", third)
    half = third + (end - third) // 2
    damaged = data[:half] + b"\x00" * (end - half - 2) + b"\xff\xd9" + data[end:]  # cut, closed again
    (work_package / "passport.pdf").write_bytes(damaged)
    report, found = _codes(work_package, work_application, codes=("P052", "P054"))
    assert found["P052"].ctx["page_numbers"] == [3] and "P054" not in found and not report.ready_to_file


def _flate_image_pdf(pixels: bytes, width: int, height: int, space: bytes = b"/DeviceRGB", cut: bool = False) -> bytes:
    import zlib

    stream = zlib.compress(pixels)
    if cut:
        stream = stream[: len(stream) // 3]
    content = b"q %d 0 0 %d 0 0 cm /Im0 Do Q" % (width, height)
    return fx._assemble_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 5 0 R >> >> "
        b"/Contents 4 0 R >>" % (width, height),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, space, len(stream)) + stream + b"\nendstream",
    ])


def test_flate_page_images_are_decoded_too():
    import random

    rng = random.Random(3)
    w, h = 120, 160
    noisy = bytes(rng.randrange(150, 256) for _ in range(w * h * 3))
    good = inspect_pdf(_flate_image_pdf(noisy, w, h))
    assert good.pages_legible == 1 and good.page_problems == ()
    cut = inspect_pdf(_flate_image_pdf(noisy, w, h, cut=True))
    assert cut.page_problems and cut.page_problems[0].kind == "undecodable" and cut.pages_legible == 0
    white = inspect_pdf(_flate_image_pdf(b"\xff" * (w * h * 3), w, h))
    assert white.page_problems[0].kind == "blank" and white.pages_legible == 0
    # A palette image is decoded (damage is found) but its colours are never called blank.
    grey = inspect_pdf(_flate_image_pdf(b"\x00" * (w * h), w, h, space=b"[/Indexed /DeviceRGB 0 <FFFFFF>]"))
    assert grey.page_problems == () and grey.pages_legible == 1
