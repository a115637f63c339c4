"""Legibility counts only what is drawn visibly (issue 11): text in render mode 3 (invisible) or 7
(clip only), or at font size 0, shows nothing; an OCR layer over a scan stays legible through its
image, and its text is still read (text sample, MRZ)."""

from __future__ import annotations

import factories as fx
import pytest
from conftest import write_application
from PIL import Image

import mosprecheck
from conftest import AS_OF
from mosprecheck.inventory.worker import inspect_pdf
from mosprecheck.report.models import Category

WHITE = (255, 255, 255)


def _white() -> Image.Image:
    return Image.new("RGB", (500, 710), WHITE)


def _codes(folder, app, codes=("P052", "P053", "P054")):
    write_application(folder, app)
    report = mosprecheck.check(folder, as_of=AS_OF)
    return report, {d.code: d for d in report.defects if d.code in codes}


@pytest.mark.parametrize(("mode", "size"), [(3, 11), (7, 11), (0, 0)])
def test_text_that_is_not_drawn_does_not_make_a_page_legible(mode, size):
    data = fx.layered_pdf_bytes([{"text": ["Oplata skarbowa 440,00 PLN"], "mode": mode, "size": size}])
    facts = inspect_pdf(data)
    assert facts.pages_decoded == 1 and facts.pages_legible == 0
    assert [(p.kind, p.detail) for p in facts.page_problems] == [("blank", "nothing_drawn")]
    assert "Oplata skarbowa" in (facts.text_sample or "")  # the text layer is still read


@pytest.mark.parametrize("mode", [0, 1, 2, 4, 5, 6])
def test_text_drawn_in_a_visible_mode_is_legible(mode):
    facts = inspect_pdf(fx.layered_pdf_bytes([{"text": ["Oplata skarbowa 440,00 PLN"], "mode": mode}]))
    assert facts.pages_legible == 1 and facts.page_problems == ()


def test_an_ocr_layer_over_a_scan_stays_legible_through_its_image():
    pages = [{"image": fx.scan_page(lines, size=(500, 710), seed=i), "text": lines, "mode": 3}
             for i, lines in enumerate(fx.passport_pages(pages=4))]
    facts = inspect_pdf(fx.layered_pdf_bytes(pages))
    assert facts.pages_decoded == 4 and facts.pages_legible == 4 and facts.page_problems == ()


def test_mode_and_size_follow_the_graphics_state_stack():
    """``q``/``Q`` restore the render mode and the font size: visible text after a ``Q`` that ends an
    invisible block is legible; invisible text after a ``Q`` that restores mode 3 is not."""
    visible_after = b"q BT 3 Tr /F1 11 Tf 40 700 Td (hidden) Tj ET Q BT /F1 11 Tf 40 600 Td (shown) Tj ET\n"
    hidden_after = b"BT 3 Tr /F1 11 Tf ET q BT 0 Tr ET Q BT 40 600 Td (hidden) Tj ET\n"
    zero_then_restored = b"BT /F1 11 Tf ET q BT /F1 0 Tf ET Q BT 40 600 Td (shown) Tj ET\n"
    legible = [inspect_pdf(fx.layered_pdf_bytes([{"font": True, "extra": extra}])).pages_legible
               for extra in (visible_after, hidden_after, zero_then_restored)]
    assert legible == [1, 0, 1]


def test_a_passport_copy_of_blank_images_under_an_invisible_text_layer_has_no_legible_page(work_package,
                                                                                             work_application):
    """The audit's ``pp-invisible-text-everywhere-blank``: 32 white page images, each under an
    invisible text layer (the MRZ on the first), was READY with no defect at all."""
    mrz = fx.td3_mrz("KOWALENKO", "OLENA", "FX123456", "940514", "330303", "UKR", "F")
    pages = [{"image": _white(), "text": (["Surname: KOWALENKO", *mrz] if i == 0 else [f"VISA page {i}"]), "mode": 3}
             for i in range(32)]
    (work_package / "passport.pdf").write_bytes(fx.layered_pdf_bytes(pages))
    report, found = _codes(work_package, work_application)
    assert not report.ready_to_file
    assert found["P054"].category is Category.FORMAL_DEFECT and found["P054"].ctx["checked"] == 32
    assert "P053" not in found


def test_a_fee_proof_whose_only_text_is_invisible_is_not_legible(work_package, work_application):
    """The audit's ``stamp-invisible-text-only``: READY before."""
    (work_package / "stamp-duty-440.pdf").write_bytes(
        fx.layered_pdf_bytes([{"text": ["Oplata skarbowa 440,00 PLN KOWALENKO OLENA"], "mode": 3}]))
    report, found = _codes(work_package, work_application)
    assert not report.ready_to_file
    assert found["P054"].file == "stamp-duty-440.pdf" and found["P054"].category is Category.FORMAL_DEFECT


def test_an_ocr_layered_passport_scan_is_ready(work_package, work_application):
    pages = [{"image": fx.scan_page(lines, size=(500, 710), seed=i), "text": lines, "mode": 3}
             for i, lines in enumerate(fx.passport_pages(pages=32))]
    (work_package / "passport.pdf").write_bytes(fx.layered_pdf_bytes(pages))
    report, found = _codes(work_package, work_application)
    assert not found


def test_a_hex_string_glued_to_its_operator_is_text():
    """``<0053>Tj`` (no space between the string and the operator, as many writers emit it) shows
    text: the page is legible and its text is read (it was "blank" before)."""
    facts = inspect_pdf(fx.layered_pdf_bytes([{"font": True, "extra": b"BT /F1 11 Tf 40 700 Td <4F706C617461>Tj ET\n"}]))
    assert facts.pages_legible == 1 and facts.page_problems == ()
    assert "Oplata" in (facts.text_sample or "")


@pytest.mark.parametrize(("mode", "image", "legible"), [(3, False, 0), (0, False, 1), (3, True, 1)])
def test_a_text_layer_wrapped_in_a_form_xobject_is_judged_by_what_it_draws(mode, image, legible):
    """An invisible text layer inside a form XObject over a blank image shows nothing; visible text
    in a form, or an OCR layer in a form over a real scan, is legible."""
    page = {"image": fx.scan_page(["VISAS"], size=(500, 710)) if image else _white(), "text": ["KOWALENKO"],
            "mode": mode, "form": True}
    facts = inspect_pdf(fx.layered_pdf_bytes([page]))
    assert facts.pages_decoded == 1 and facts.pages_legible == legible
    assert "KOWALENKO" in (facts.text_sample or "")


@pytest.mark.parametrize(("prefix", "legible"), [(b"BT 3 Tr ET\n", 0), (b"q BT 3 Tr ET Q\n", 1), (b"BT 7 Tr ET\n", 0)])
def test_a_form_inherits_the_text_state_it_is_drawn_in(prefix, legible):
    """A form XObject's text without its own ``Tr``/``Tf`` is shown in the page's state at the
    ``Do``: invisible after ``3 Tr`` (or clip-only ``7 Tr``) on the page, visible once ``Q`` restored it."""
    page = {"image": _white(), "text": ["KOWALENKO"], "mode": None, "form": True, "prefix": prefix}
    assert inspect_pdf(fx.layered_pdf_bytes([page])).pages_legible == legible
