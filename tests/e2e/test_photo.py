"""The photograph (issue 6): count per channel, JPEG only, pixel size, proportions, file size, colour
and EXIF age, on generated photos of many sizes and modes, with and without EXIF."""

from __future__ import annotations

import datetime as dt

import factories as fx
import pytest
from conftest import AS_OF, write_application

import mosprecheck
from mosprecheck.inventory.worker import inspect_image
from mosprecheck.report.models import Category
from mosprecheck.rulebook import load_rulebook

PHOTO_CODES = {"I050", "I051", "I052", "I053", "I054", "I055", "I056", "I057", "I059", "I060"}
RECENT = "2026:10:01 10:00:00"


def _check(folder, app, as_of=AS_OF):
    write_application(folder, app)
    report = mosprecheck.check(folder, as_of=as_of)
    return report, {d.code: d for d in report.defects if d.code in PHOTO_CODES}


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({}, set()),
    ({"width": 600, "height": 775}, {"I053"}),
    ({"width": 900, "height": 1162}, set()),  # § 4: "co najmniej 684 × 883", larger is no defect
    ({"width": 684 * 3, "height": 883 * 3, "quality": 60}, set()),
    ({"width": 1200, "height": 900}, {"I054"}),
    ({"width": 684, "height": 912}, {"I054"}),  # 3:4
    ({"width": 720, "height": 900}, {"I054"}),  # 4:5
    ({"mode": "L"}, {"I056"}),
    ({"fmt": "PNG"}, {"I052"}),
    ({"width": 1800, "height": 2324, "noise": True, "quality": 100}, {"I055"}),
    ({"exif_datetime": "2025:01:10 12:00:00"}, {"I059"}),
    ({"exif_datetime": "2025:01:10 12:00:00", "exif_tag": "DateTime"}, {"I059"}),
    ({"exif_datetime": "2025:01:10 12:00:00", "exif_tag": "DateTimeDigitized"}, {"I059"}),
    ({"exif_datetime": "2026:06:01 00:00:00"}, set()),  # the cut-off day: 6 months before 2026-12-01
    ({"exif_datetime": "2026:05:31 23:59:59"}, {"I059"}),
    ({"exif_datetime": "2027:05:01 10:00:00"}, set()),  # after the filing date: a wrong clock, ignored
    ({"exif_datetime": "0000:00:00 00:00:00"}, set()),  # an invalid date is no date
    ({"exif_datetime": None}, set()),  # no EXIF date: no defect
    # EXIF orientation: judged as shown (a phone's portrait stored on its side is upright), with an
    # advisory that only programs applying the tag show it so; upright pixels turned on their side
    # by the tag are a landscape picture.
    ({"width": 883, "height": 684, "orientation": 6}, {"I060"}),
    ({"width": 883, "height": 684, "orientation": 8}, {"I060"}),
    ({"width": 684, "height": 883, "orientation": 6}, {"I053", "I054", "I060"}),  # shown 883 x 684
    ({"width": 684, "height": 883, "orientation": 3}, {"I060"}),  # upside down: shown upright
    ({"width": 883, "height": 684, "orientation": 1}, {"I053", "I054"}),  # "as stored": landscape
    ({"width": 684, "height": 883, "orientation": 1}, set()),
])
def test_photo_variants(work_package, work_application, kwargs, expected):
    (work_package / "photo.jpg").unlink()
    fx.write_photo(work_package / "photo.jpg", **{"exif_datetime": RECENT, **kwargs})
    report, found = _check(work_package, work_application)
    assert set(found) == expected, {c: d.message["en"] for c, d in found.items()}
    for code, d in found.items():
        assert d.category is mosprecheck.rules.all_rules()[code].category
        assert d.file == "photo.jpg" and "{" not in d.message["en"] and "{" not in d.message["uk"]


def test_each_failure_names_the_measured_and_the_required_value(work_package, work_application):
    (work_package / "photo.jpg").unlink()
    fx.write_photo(work_package / "photo.jpg", 600, 775, exif_datetime="2025:01:10 12:00:00")
    _, found = _check(work_package, work_application)
    assert "600 x 775" in found["I053"].message["en"] and "684 x 883" in found["I053"].message["en"]
    assert found["I053"].category is Category.UPLOAD_BLOCKER
    old = found["I059"]
    assert "2025-01-10" in old.message["en"] and "2026-06-01" in old.message["en"]
    assert old.category is Category.FORMAL_DEFECT and old.field == "/documents/0/file"
    assert old.ctx["provision"] == "§ 3 pkt 3 rozporządzenia MSWiA z 10.04.2026 (Dz.U. 2026 poz. 553)"
    assert old.ctx["provision"] in old.message["pl"] and old.ctx["provision"] in old.message["uk"]
    assert old.legal_basis.startswith("§ 3 pkt 3 rozporządzenia MSWiA z 10.04.2026 (Dz.U. 2026 poz. 553)")


def test_old_exif_date_blocks_in_mos_and_is_an_advisory_before(work_package, work_application):
    """§ 3 pkt 3 of Dz.U. 2026 poz. 553 from 27 April 2026: formal_defect I059; on an earlier filing
    date the file stood for prints (paper regime): the advisory I057, which never blocks."""
    (work_package / "photo.jpg").unlink()
    fx.write_photo(work_package / "photo.jpg", exif_datetime="2025:01:10 12:00:00")
    work_application["legal_stay_until"] = "2027-04-30"
    seen = {}
    for filing in ("2026-04-26", "2026-04-27"):
        work_application["filing_date"] = filing
        report, found = _check(work_package, work_application, dt.date(2026, 4, 20))
        seen[filing] = found
    assert set(seen["2026-04-26"]) & {"I057", "I059"} == {"I057"}
    assert seen["2026-04-26"]["I057"].category is Category.ADVISORY
    assert set(seen["2026-04-27"]) & {"I057", "I059"} == {"I059"}
    assert seen["2026-04-27"]["I059"].category is Category.FORMAL_DEFECT
    assert seen["2026-04-27"]["I059"].ctx["earliest"] == "2025-10-27"


def test_retired_photo_code_i058_is_gone_everywhere():
    """I058 (advisory for a photo larger than 684 x 883 px) is retired: § 4 says "at least"."""
    from mosprecheck.i18n import catalogue
    assert "I058" not in mosprecheck.rules.all_rules() and "I058" not in catalogue()


@pytest.mark.parametrize(("code", "provision"), [("I052", "§ 4"), ("I053", "§ 4"), ("I055", "§ 4"),
                                                  ("I059", "§ 3 pkt 3")])
def test_photo_rules_of_the_regulation_cite_it(code, provision):
    """The declaration names the unit; the regulation comes from the rulebook (photo.provisions), per
    permit type, never typed into the rule."""
    basis = mosprecheck.rules.all_rules()[code].legal_basis
    assert basis.startswith(f"{provision} rozporządzenia") and "553" not in basis
    book = load_rulebook().at(AS_OF).value("photo.provisions")
    topic = "age" if code == "I059" else "file"
    assert book["temporary_residence"][topic] == f"{provision} rozporządzenia MSWiA z 10.04.2026 (Dz.U. 2026 poz. 553)"
    assert book["temporary_residence"]["verified"] is True
    for permit, regulation in (("permanent_residence", "poz. 488"), ("long_term_eu_resident", "poz. 487")):
        assert book[permit]["verified"] is False and regulation in book[permit]["legal_basis_note"]


def test_greyscale_photo_stored_as_rgb_is_measured_on_a_reduced_decode(tmp_path):
    grey_rgb = fx.photo_image().convert("L").convert("RGB")
    path = fx.write_jpeg(tmp_path / "grey.jpg", grey_rgb)
    facts = inspect_image(path.read_bytes(), "jpeg")
    assert facts.mode == "RGB" and facts.greyscale is True and facts.colour_share < 0.01
    colour = inspect_image(fx.write_jpeg(tmp_path / "c.jpg").read_bytes(), "jpeg")
    assert colour.greyscale is False and colour.colour_share > 0.1 and colour.saturation > 8


def test_photo_metadata_is_read_without_decoding_and_never_for_a_bomb(tmp_path):
    facts = inspect_image(fx.png_bomb_bytes(), "png")
    assert facts.error_kind == "bomb" and facts.greyscale is True and facts.saturation is None  # mode L, not decoded
    jpeg = fx.write_photo(tmp_path / "p.jpg", exif_datetime="2026:09:30 08:00:00")
    facts = inspect_image(jpeg.read_bytes(), "jpeg")
    assert facts.exif_datetime == "2026-09-30T08:00:00" and facts.exif_datetime_tag == "DateTimeOriginal"
    png = fx.write_photo(tmp_path / "p.png", fmt="PNG")
    facts = inspect_image(png.read_bytes(), "png")
    assert facts.exif_datetime is None and facts.greyscale is None  # colour of an RGB PNG is not measured


def test_mos_takes_one_photo_more_is_an_advisory(work_package, work_application):
    fx.write_photo(work_package / "photo-2.jpg", exif_datetime=RECENT)
    work_application["documents"].append({"file": "photo-2.jpg", "kind": "photo"})
    report, found = _check(work_package, work_application)
    assert set(found) == {"I051"} and found["I051"].ctx["required"] == 1 and found["I051"].ctx["count"] == 2
    assert report.ready_to_file


@pytest.mark.parametrize(("filing", "required"), [("2026-01-15", 2), ("2025-06-02", 4)])
def test_paper_filing_dates_ask_for_the_paper_count(work_package, work_application, filing, required):
    work_application["filing_date"] = filing
    work_application["legal_stay_until"] = "2026-04-30"
    as_of = dt.date.fromisoformat(filing) - dt.timedelta(days=5)
    report, found = _check(work_package, work_application, as_of)
    assert "I050" in found and found["I050"].ctx == {**found["I050"].ctx, "count": 1, "required": required,
                                                      "channel": "paper"}
    assert found["I050"].category is Category.FORMAL_DEFECT


def test_no_photo_is_reported_once_by_a003_not_by_the_count(work_package, work_application):
    (work_package / "photo.jpg").unlink()
    work_application["documents"] = [d for d in work_application["documents"] if d["kind"] != "photo"]
    report, found = _check(work_package, work_application)
    assert not found and "A003" in report.codes


def test_upload_rules_of_mos_do_not_apply_to_a_paper_filing_date(work_package, work_application):
    (work_package / "photo.jpg").unlink()
    fx.write_photo(work_package / "photo.jpg", 600, 775, fmt="PNG", mode="L")
    work_application["documents"] += [{"file": "photo-b.jpg", "kind": "photo"}]
    fx.write_photo(work_package / "photo-b.jpg", exif_datetime=RECENT)
    work_application["filing_date"] = "2026-03-02"
    work_application["legal_stay_until"] = "2026-04-30"
    _, found = _check(work_package, work_application, dt.date(2026, 3, 1))
    # JPEG-only, pixel and byte limits are MOS upload rules; colour applies on every date.
    assert "I052" not in found and "I053" not in found and "I056" in found
