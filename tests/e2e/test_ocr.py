"""OCR of the travel document's machine-readable zone (issue 11 item 2; the optional ``ocr`` extra).

The tests that run tesseract skip when pytesseract or the binary is missing (CI phase 2 installs
both); the line fitting and the thresholding are tested everywhere. OCR is off for the rest of the
suite (conftest: ``MOSPRECHECK_OCR=0``); the fixture ``ocr_on`` turns it on here.
"""

from __future__ import annotations

import os
import time

import factories as fx
import pytest
from conftest import AS_OF, write_application
from test_consistency import td3

import mosprecheck
from mosprecheck.inventory import Inspector, walk_package
from mosprecheck.inventory import ocr as ocr_mod
from mosprecheck.inventory.worker import inspect_image, inspect_pdf
from mosprecheck.report.models import Category
from mosprecheck.rules.consistency import find_mrzs

MRZ_CODES = ("C010", "C011", "C012", "C013", "C014", "C015")


def _backend_with(switch: str) -> str | None:
    """The binding OCR would use with ``MOSPRECHECK_OCR=switch`` (the environment left as it was)."""
    saved = os.environ.get(ocr_mod.ENV_SWITCH)
    os.environ[ocr_mod.ENV_SWITCH] = switch
    try:
        return ocr_mod.backend()
    finally:
        if saved is None:
            del os.environ[ocr_mod.ENV_SWITCH]
        else:
            os.environ[ocr_mod.ENV_SWITCH] = saved


needs_tesseract = pytest.mark.skipif(_backend_with("1") is None,
                                     reason="the ocr extra (tesserocr or pytesseract, and tesseract's model) is not installed")


def _backend_present(name: str) -> bool:
    return _backend_with(name) == name


@pytest.fixture(params=["tesserocr", "pytesseract"])
def each_backend(request, monkeypatch):
    """Each OCR binding in turn (skipped where it is not installed)."""
    if not _backend_present(request.param):
        pytest.skip(f"{request.param} (or tesseract's model) is not installed")
    monkeypatch.setenv(ocr_mod.ENV_SWITCH, request.param)
    return request.param


@pytest.fixture
def ocr_on(monkeypatch):
    monkeypatch.setenv(ocr_mod.ENV_SWITCH, "1")


def _mrz_found(folder, app):
    write_application(folder, app)
    report = mosprecheck.check(folder, as_of=AS_OF)
    return report, {d.code: d for d in report.defects if d.code in MRZ_CODES}


# --- without tesseract: the reading of OCR output ---------------------------------------------------

def test_filler_runs_read_short_are_recounted_to_the_format():
    # What tesseract made of a generated data page: the long runs of '<' were read short.
    text = "PASSPORTPASAPORT\n\nSKOWALENKO\nP<UKRKOWALENKO<<OLENA<<\nFX123456<5UKR9405147F3303034<<<<<6\n"
    group = ocr_mod.mrz_groups(text)
    assert len(group) == 1
    top, bottom = group[0].splitlines()
    assert len(top) == len(bottom) == 44
    assert top == "P<UKRKOWALENKO<<OLENA".ljust(44, "<")
    assert bottom == td3(number="FX123456")[1]
    mrzs, _seen = find_mrzs(group[0])
    assert [(m.document_number, m.surname, m.birth_date) for m in mrzs] == [("FX123456", "KOWALENKO", "940514")]


def test_a_wrong_recount_fails_the_check_digits_never_passes():
    # The personal-number run is recounted, but a digit read as '<' shifts nothing back: invalid.
    group = ocr_mod.mrz_groups("P<UKRKOWALENKO<<OLENA<<<<\nFX123456<5UKR9405147F3303034<<<<<<<<<<<<<<<<<\n")
    assert group and find_mrzs(group[0]) == ([], True)


def test_noise_and_prose_are_not_mrz_lines():
    assert ocr_mod.mrz_groups("UMOWANAJMULOKALU\nWJN\nNJOKOWALENKO\n") == []
    assert ocr_mod.mrz_groups("1 < S B\n< O AL\nS 2 < 7 3 F S <\nOS P4 O < NB 2 Y S\n") == []
    assert ocr_mod.mrz_candidates("PPPPPPSPPP55555555525YNI1024TWN") == []  # no filler
    td1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
    assert ocr_mod.mrz_groups("\n".join(td1)) == ["\n".join(td1)]


def test_threshold_keeps_print_and_drops_speckle():
    speckle = [0] * 256
    speckle[244], speckle[200], speckle[185] = 9000, 90, 10  # paper and light scanner speckle
    assert ocr_mod.threshold(speckle) < 185
    printed = list(speckle)
    printed[25] = 400  # dark print
    level = ocr_mod.threshold(printed)
    assert 25 < level < 185


def test_switched_off_or_without_the_binary_ocr_is_not_available(monkeypatch, tmp_path):
    monkeypatch.setenv(ocr_mod.ENV_SWITCH, "0")
    assert not ocr_mod.ocr_available()
    monkeypatch.setenv(ocr_mod.ENV_SWITCH, "pytesseract")
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract anywhere on the PATH
    assert not ocr_mod.ocr_available()
    monkeypatch.setenv(ocr_mod.ENV_SWITCH, "tesserocr")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # no model anywhere
    monkeypatch.setattr(ocr_mod, "TESSDATA_GLOBS", ())
    assert ocr_mod.tessdata_dir() is None and not ocr_mod.ocr_available()
    monkeypatch.setenv(ocr_mod.ENV_SWITCH, "1")
    assert not ocr_mod.ocr_available()


def test_the_model_folder_is_found_from_tessdata_prefix(monkeypatch, tmp_path):
    (tmp_path / "tessdata").mkdir()
    (tmp_path / "tessdata" / "eng.traineddata").write_bytes(b"model")
    monkeypatch.setattr(ocr_mod, "TESSDATA_GLOBS", ())
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    assert ocr_mod.tessdata_dir() == str(tmp_path / "tessdata")


def test_letters_read_where_only_digits_stand_are_the_digits_they_look_like():
    """Check digits and dates hold digits only (Doc 9303): 'O' read there is 0, 'I' is 1, 'S' is 5;
    the document number may hold letters and keeps them."""
    top, bottom = td3(number="W1234567", birth="030211", expiry="320614")
    misread = bottom[:9] + "O" + bottom[10:13] + "O3O211" + bottom[19:21] + "32O6I4" + bottom[27:]
    assert misread != bottom
    (group,) = ocr_mod.mrz_groups(top + "\n" + misread)
    assert group == top + "\n" + bottom and ocr_mod.check_digits_valid(group)


def test_a_deadline_already_past_claims_nothing():
    assert ocr_mod.read_mrz([lambda: fx.scan_page(["x"])], time.monotonic() - 1) is None


# --- with tesseract ----------------------------------------------------------------------------------

@needs_tesseract
def test_a_passport_scan_whose_mrz_matches_the_description_passes(work_package, work_application, ocr_on):
    fx.write_passport_scan_pdf(work_package / "passport.pdf", td3())
    report, found = _mrz_found(work_package, work_application)
    assert found == {}
    assert report.ready_to_file


@needs_tesseract
def test_another_number_in_the_description_is_a_formal_defect(work_package, work_application, ocr_on):
    fx.write_passport_scan_pdf(work_package / "passport.pdf", td3())
    work_application["travel_document"]["series_and_number"] = "FX765432"
    report, found = _mrz_found(work_package, work_application)
    assert set(found) == {"C010"}
    d = found["C010"]
    assert d.category is Category.FORMAL_DEFECT and d.field == "/travel_document/series_and_number"
    assert "FX123456" not in str(report.model_dump())  # nothing read from the file is reported
    assert not report.ready_to_file


@needs_tesseract
def test_a_lease_scan_declared_as_the_passport_has_no_mrz(work_package, work_application, ocr_on):
    fx.write_scan_pdf(work_package / "passport.pdf", [[
        "UMOWA NAJMU LOKALU MIESZKALNEGO", "Wynajmujacy: Jan Nowak", "Najemca: Olena KOWALENKO",
        "Okres najmu: od 2025-02-01 na czas nieokreslony"]])
    report, found = _mrz_found(work_package, work_application)
    assert set(found) == {"C013"}
    assert found["C013"].category is Category.REFUSAL_RISK
    assert found["C013"].ctx["pages_read"] == found["C013"].ctx["pages"] == 1


@needs_tesseract
def test_without_the_binary_the_mrz_is_not_verified(work_package, work_application, ocr_on, monkeypatch, tmp_path):
    fx.write_passport_scan_pdf(work_package / "passport.pdf", td3())
    monkeypatch.setenv(ocr_mod.ENV_SWITCH, "pytesseract")
    monkeypatch.setenv("PATH", str(tmp_path))  # the binary is away: nothing is OCR'd
    _report, found = _mrz_found(work_package, work_application)
    assert set(found) == {"C014"} and found["C014"].category is Category.ADVISORY


@needs_tesseract
def test_without_the_model_the_mrz_is_not_verified(work_package, work_application, monkeypatch, tmp_path):
    fx.write_passport_scan_pdf(work_package / "passport.pdf", td3())
    monkeypatch.setenv(ocr_mod.ENV_SWITCH, "tesserocr")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    monkeypatch.setattr(ocr_mod, "TESSDATA_GLOBS", ())
    _report, found = _mrz_found(work_package, work_application)
    assert set(found) == {"C014"}


@needs_tesseract
@pytest.mark.parametrize("example", ["work-ready", "study-ready", "business-ready", "family-reunification-ready",
                                     "spouse-of-polish-citizen-ready", "permanent-residence-ready",
                                     "long-term-resident-ready"])
def test_the_example_passports_are_read_and_match_their_descriptions(example, each_backend):
    """The bundled examples' passport scans carry valid machine-readable zones drawn from their
    descriptions: with OCR, each is read, passes its check digits and matches (no C010-C015)."""
    from conftest import EXAMPLES

    report = mosprecheck.check(EXAMPLES / example, as_of=AS_OF)
    assert not set(report.codes) & set(MRZ_CODES), report.codes
    assert report.ready_to_file


@needs_tesseract
def test_the_engine_is_loaded_once_and_reused(each_backend, tmp_path):
    path = fx.write_passport_scan_pdf(tmp_path / "p.pdf", td3(), pages=1)
    first = inspect_pdf(path.read_bytes(), 0, ocr_deadline=time.monotonic() + 6).ocr_text
    engine = ocr_mod._ENGINE
    second = inspect_pdf(path.read_bytes(), 0, ocr_deadline=time.monotonic() + 6).ocr_text
    assert first == second == "\n".join(td3())
    if each_backend == "tesserocr":
        assert engine is not None and ocr_mod._ENGINE is engine
        ocr_mod.warm()
        assert ocr_mod._ENGINE is engine


@needs_tesseract
def test_a_passport_photographed_as_an_image_file_is_read(work_package, work_application, ocr_on):
    page = fx.passport_data_page(td3(), size=(1000, 1400))
    page.rotate(90, expand=True).save(work_package / "passport-photo.jpg", "JPEG", quality=85)
    work_application["documents"] = [d for d in work_application["documents"] if d.get("kind") != "passport_copy"]
    work_application["documents"].append({"file": "passport-photo.jpg", "kind": "passport_copy"})
    (work_package / "passport.pdf").unlink()
    _report, found = _mrz_found(work_package, work_application)
    assert found == {}  # read (turned by 90 degrees), and it matches


@needs_tesseract
def test_only_declared_travel_documents_are_read(work_package, ocr_on):
    fx.write_passport_scan_pdf(work_package / "passport.pdf", td3(), pages=2)
    with Inspector(ocr_paths=frozenset({"passport.pdf"})) as inspector:
        files = {f.path: f for f in walk_package(work_package, exclude=frozenset({"application.json"}),
                                                 inspector=inspector)}
    assert files["passport.pdf"].pdf.ocr_text == "\n".join(td3())
    others = [f for f in files.values() if f.pdf is not None and f.path != "passport.pdf"]
    assert others and all(f.pdf.ocr_text is None for f in others)  # scans too, but not declared so
    assert all(f.image.ocr_text is None for f in files.values() if f.image is not None)


@needs_tesseract
def test_a_text_layer_is_not_ocrd(tmp_path):
    path = fx.write_text_pdf(tmp_path / "p.pdf", ["PASSPORT", *td3()])
    facts = inspect_pdf(path.read_bytes(), 0, ocr_deadline=time.monotonic() + 6)
    assert facts.ocr_text is None and "KOWALENKO" in (facts.text_sample or "")


@needs_tesseract
def test_ocr_is_bounded_in_time_and_claims_nothing_when_cut(tmp_path):
    path = fx.write_scan_pdf(tmp_path / "visa-pages.pdf", [[f"VISAS / page {i}"] for i in range(1, 9)])
    started = time.monotonic()
    facts = inspect_pdf(path.read_bytes(), 0, ocr_deadline=time.monotonic() + 0.5)
    assert time.monotonic() - started < 5  # the decode passes have their own bounds; OCR stops at 0.5 s
    assert facts.ocr_text is None  # not every page was read: not "no MRZ"


@needs_tesseract
def test_a_failing_engine_claims_nothing(tmp_path, monkeypatch):
    if not _backend_present("tesserocr"):
        pytest.skip("tesserocr (or tesseract's model) is not installed")
    monkeypatch.setenv(ocr_mod.ENV_SWITCH, "tesserocr")

    def broken():
        raise RuntimeError("engine failed")

    monkeypatch.setattr(ocr_mod, "_engine", broken)
    path = fx.write_passport_scan_pdf(tmp_path / "t.pdf", td3(), pages=1)
    assert inspect_pdf(path.read_bytes(), 0, ocr_deadline=time.monotonic() + 6).ocr_text is None


@needs_tesseract
def test_a_failing_tesseract_claims_nothing(tmp_path, monkeypatch):
    pytesseract = pytest.importorskip("pytesseract")
    if not _backend_present("pytesseract"):
        pytest.skip("pytesseract is not installed")
    monkeypatch.setenv(ocr_mod.ENV_SWITCH, "pytesseract")
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/bin/false")
    path = fx.write_passport_scan_pdf(tmp_path / "p.pdf", td3(), pages=1)
    assert inspect_pdf(path.read_bytes(), 0, ocr_deadline=time.monotonic() + 6).ocr_text is None
    jpeg = tmp_path / "p.jpg"
    fx.passport_data_page(td3()).save(jpeg, "JPEG")
    assert inspect_image(jpeg.read_bytes(), "jpeg", ocr_deadline=time.monotonic() + 6).ocr_text is None


@needs_tesseract
def test_accuracy_on_generated_data_pages(each_backend):
    """Ten generated data pages (random numbers, names, dates): each MRZ read is the printed one or
    none at all; a valid MRZ with other data (which would be a false C010-C012) never."""
    import random

    rng = random.Random(11)
    right = 0
    for i in range(10):
        number = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2)) + f"{rng.randrange(10**6):06d}"
        surname = rng.choice(["KOWALENKO", "SHEVCHENKO", "NGUYEN", "TRAN", "MOHAMMED", "IVANOVA", "LE"])
        birth = f"{rng.randrange(60, 99)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        page = fx.passport_data_page(td3(surname=surname, number=number, birth=birth), seed=i)
        text = ocr_mod.read_mrz([lambda page=page: page], time.monotonic() + 6)
        mrzs, _seen = find_mrzs(text)
        for m in mrzs:
            assert (m.document_number, m.surname, m.birth_date) == (number, surname, birth)
        right += bool(mrzs)
    assert right >= 8


@needs_tesseract
def test_no_mrz_is_claimed_only_when_every_page_was_looked_at(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr_mod, "OCR_MAX_PAGES", 2)
    pages = [fx.scan_page(["VISAS / page 1"]), fx.scan_page(["VISAS / page 2"], seed=2),
             fx.passport_data_page(td3())]  # the data page beyond the pages looked at
    path = tmp_path / "p.pdf"
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=100.0, quality=70)
    assert inspect_pdf(path.read_bytes(), 0, ocr_deadline=time.monotonic() + 6).ocr_text is None  # C014, not C013
    monkeypatch.setattr(ocr_mod, "OCR_MAX_PAGES", 3)
    assert inspect_pdf(path.read_bytes(), 0, ocr_deadline=time.monotonic() + 6).ocr_text == "\n".join(td3())
    two = tmp_path / "two.pdf"
    pages[0].save(two, "PDF", save_all=True, append_images=pages[1:2], resolution=100.0, quality=70)
    assert inspect_pdf(two.read_bytes(), 0, ocr_deadline=time.monotonic() + 6).ocr_text == ""  # all read: no MRZ


def test_an_image_that_does_not_decode_claims_nothing():
    assert ocr_mod.read_mrz([lambda: None], time.monotonic() + 6) is None


def test_digits_read_in_a_name_are_the_letters_they_look_like():
    # 'O' read as '0' in the surname: no check digit covers the name line, so it is corrected here.
    text = "P<UKRSHEVCHENK0<<OLENA<<<<<<<<<<<<<<<<<<<<<<\n" + td3(surname="SHEVCHENKO", number="EH097215")[1]
    mrzs, _seen = find_mrzs(ocr_mod.mrz_groups(text)[0])
    assert [m.surname for m in mrzs] == ["SHEVCHENKO"]
    # The document number keeps its digits.
    assert mrzs[0].document_number == "EH097215"


def test_check_digits_choose_between_readings():
    from test_consistency import ICAO_TD3

    assert ocr_mod.check_digits_valid("\n".join(ICAO_TD3))
    assert ocr_mod.check_digits_valid("\n".join(td3(number="AB1234567")))
    assert not ocr_mod.check_digits_valid("\n".join(td3())[:-1] + "9")
    td1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
    assert ocr_mod.check_digits_valid("\n".join(td1))


@needs_tesseract
@pytest.mark.parametrize("damage", ["truncated", "bomb", "blank"])
def test_a_damaged_travel_document_copy_is_never_a_crash_nor_a_pass(work_package, work_application, ocr_on, damage):
    passport = work_package / "passport.pdf"
    if damage == "truncated":
        fx.truncate_file(fx.write_passport_scan_pdf(passport, td3(), pages=2), keep=0.5)
    elif damage == "bomb":
        passport.unlink()
        (work_package / "passport.png").write_bytes(fx.png_bomb_bytes())
        for doc in work_application["documents"]:
            if doc.get("kind") == "passport_copy":
                doc["file"] = "passport.png"
    else:
        fx.write_scan_pdf(passport, [[]])  # a page of paper and speckle only
    report, found = _mrz_found(work_package, work_application)
    assert "X900" not in report.codes
    assert not report.ready_to_file  # blocked by the damage (P001, I003, P054)
    assert "C013" not in found  # nothing legible was read: not "a copy without MRZ"
    assert not {"C010", "C011", "C012"} & set(found)
