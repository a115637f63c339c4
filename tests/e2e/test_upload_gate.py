"""The upload gate (issue 3): every file judged by its content, within bounded time and memory.

Every case uses real files generated here (tests/factories.py); nothing is mocked except where a
parser must be made to hang, blow up or crash on purpose (the isolation tests).
"""

from __future__ import annotations

import io

import functools
import os
import time
from pathlib import Path

import factories as fx
import pytest
from conftest import AS_OF, CORPUS, snapshot

import mosprecheck
from mosprecheck import Category
from mosprecheck.inventory import FileFacts, Inspector, walk_package
from mosprecheck.render import render_text
from mosprecheck.rulebook import load_rulebook
from mosprecheck.rules import all_rules
from mosprecheck.case import CheckContext


def check(folder: Path):
    return mosprecheck.check(folder, as_of=AS_OF)


def codes_for(report, path: str) -> list[str]:
    return sorted(d.code for d in report.defects if d.file == path)


def defect(report, code: str, path: str | None = None):
    hits = [d for d in report.defects if d.code == code and (path is None or d.file == path)]
    assert len(hits) == 1, (code, path, report.codes)
    return hits[0]


def run_rule(code: str, files: list[FileFacts]):
    """Run one rule over hand-made facts (for facts a test machine cannot produce on disk)."""
    view = load_rulebook().at(AS_OF)
    ctx = CheckContext(files=tuple(files), parsed=None, as_of=AS_OF, filing_date=AS_OF, rulebook=view)
    return list(all_rules()[code].check(ctx))


# --- 1. type by content ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "named"),
    [
        ("contract.pdf", fx.docx_bytes(), "Word"),
        ("photo.jpg", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40, "WebP"),
        ("scan.png", b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 20, "GIF"),
        ("letter.pdf", b"<!DOCTYPE html><html><body>Umowa</body></html>", "HTML"),
        ("notes.pdf", "Umowa o pracę, strona 1\n".encode() * 20, "text"),
        ("archive.pdf", b"PK\x05\x06" + b"\x00" * 18, "Zip"),
    ],
)
def test_content_that_is_not_pdf_jpeg_or_png_is_an_upload_blocker_named_by_content(tmp_path, name, content, named):
    (tmp_path / name).write_bytes(content)
    report = check(tmp_path)
    d = defect(report, "F001", name)
    assert d.category is Category.UPLOAD_BLOCKER and not report.ready_to_file
    if mosprecheck.inventory.libmagic_available():
        assert named.lower() in d.message["en"].lower()
    # The name claims an accepted type: the message says so (a disguised file).
    assert d.ctx["disguised_as"] in ("pdf", "jpeg", "png")
    assert "extension claims" in d.message["en"]


def test_accepted_content_with_a_mismatching_extension_is_reported(tmp_path):
    fx.write_jpeg(tmp_path / "scan.png")
    fx.write_png(tmp_path / "photo.jpg")
    fx.write_text_pdf(tmp_path / "letter", ["Hello"])
    report = check(tmp_path)
    assert defect(report, "F006", "scan.png").ctx["expected"] == "jpg"
    assert defect(report, "F006", "photo.jpg").ctx["expected"] == "png"
    assert "(no extension)" in defect(report, "F006", "letter").message["en"]
    assert all(d.category is Category.ADVISORY for d in report.defects)
    # The content is accepted; the name is worth fixing: nothing blocks. (Issue 11: without a
    # description the verdict itself is "not ready", X001.)
    assert not any(d.category.blocking for d in report.defects) and not report.ready_to_file


def test_matching_extensions_in_any_case_are_not_reported(tmp_path):
    fx.write_jpeg(tmp_path / "photo.JPEG")
    fx.write_jpeg(tmp_path / "photo2.jpg", quality=80)
    fx.write_text_pdf(tmp_path / "letter.PDF", ["Hello"])
    assert check(tmp_path).codes == ["X001"]


def test_pdf_header_not_at_byte_0_is_an_upload_blocker(tmp_path):
    pdf = fx.write_text_pdf(tmp_path / "tmp.pdf", ["Hello"]).read_bytes()
    (tmp_path / "tmp.pdf").unlink()
    (tmp_path / "polyglot.pdf").write_bytes(b"PK\x03\x04" + b"\x00" * 96 + pdf)
    report = check(tmp_path)
    d = defect(report, "P006", "polyglot.pdf")
    assert d.category is Category.UPLOAD_BLOCKER and d.ctx["offset"] == 100


# --- 2. size -------------------------------------------------------------------------------------


def _sparse_pdf(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(size)
    return path


R553_S6 = "§ 6 rozporządzenia MSWiA z 10.04.2026 (Dz.U. 2026 poz. 553)"


def test_size_limits_are_those_of_section_6_of_the_regulation_read_conservatively():
    """§ 6 of Dz.U. 2026 poz. 553: 10 MB per file, 50 MB for all files, read as 10^6 bytes so that a
    package we pass is never refused; the warning band is 90 % of the per-file limit."""
    rb = load_rulebook().at(AS_OF)
    limit, warn, total = (rb.value(k) for k in ("upload.max_file_bytes", "upload.warn_file_bytes",
                                                  "upload.max_package_bytes"))
    assert (limit, warn, total) == (10_000_000, 9_000_000, 50_000_000)
    for key in ("upload.max_file_bytes", "upload.warn_file_bytes", "upload.max_package_bytes"):
        assert "Dz.U. 2026 poz. 553 § 6" in rb.sources(key)
    assert rb.value("upload.provisions")["temporary_residence"] == {
        "verified": True, "file_size": R553_S6, "package_size": R553_S6, "paper_copy_format": R553_S6}
    rules = all_rules()
    for code in ("F002", "F016", "F017", "F018"):
        # The regulation is the permit type's, from the rulebook: never typed into the rule.
        assert "553" not in rules[code].legal_basis, code
        assert "553" not in rules[code].message["en"] + rules[code].message["pl"], code  # from the rulebook


def test_file_size_limit_at_its_boundary_with_the_warning_band(tmp_path):
    _sparse_pdf(tmp_path / "over.pdf", 10_000_001)
    _sparse_pdf(tmp_path / "at-limit.pdf", 10_000_000)
    _sparse_pdf(tmp_path / "near.pdf", 9_000_000)
    _sparse_pdf(tmp_path / "below.pdf", 8_999_999)
    report = check(tmp_path)
    over = defect(report, "F002", "over.pdf")
    assert over.category is Category.UPLOAD_BLOCKER and over.ctx["limit_bytes"] == 10_000_000
    assert over.ctx["sources"] and over.ctx["provision"] == R553_S6 and over.legal_basis.startswith(R553_S6)
    # No description, so no permit type: the basis says the temporary-residence rule is assumed.
    assert "rodzaju zezwolenia nie podano" in over.legal_basis
    assert "10 000 000" in over.message["pl"].replace("\u00a0", " ") and R553_S6 in over.message["pl"]
    assert "10,000,001" in over.message["en"] and R553_S6 in over.message["uk"]
    assert [d.file for d in report.defects if d.code == "F004"] == ["at-limit.pdf", "near.pdf"]
    assert defect(report, "F004", "near.pdf").category is Category.ADVISORY
    assert "F002" not in codes_for(report, "at-limit.pdf") and codes_for(report, "below.pdf") == ["P001"]
    assert "F016" not in report.codes  # 37,999,999 bytes together
    assert not report.ready_to_file


def test_package_total_over_50_mb_blocks_and_names_the_largest_files(tmp_path):
    sizes = {"a.pdf": 9_500_000, "b.pdf": 9_400_000, "c.pdf": 9_300_000, "d.pdf": 9_200_000,
             "e.pdf": 9_100_000, "f.pdf": 3_500_001}  # 50,000,001 bytes, no file over 10 MB
    for name, size in sizes.items():
        _sparse_pdf(tmp_path / name, size)
    report = check(tmp_path)
    total = defect(report, "F016")
    assert total.category is Category.UPLOAD_BLOCKER and total.file is None and not report.ready_to_file
    assert total.ctx["total_bytes"] == 50_000_001 and total.ctx["excess_bytes"] == 1
    assert total.ctx["largest"] == ["a.pdf", "b.pdf", "c.pdf"]
    assert total.ctx["largest_sizes"] == [9_500_000, 9_400_000, 9_300_000]
    assert "a.pdf, b.pdf, c.pdf" in total.message["en"] and "50,000,001" in total.message["en"]
    assert total.legal_basis.startswith(R553_S6) and R553_S6 in total.message["pl"]
    assert "F002" not in report.codes and "F005" not in all_rules()  # F005 (advisory) is retired


def test_package_total_counts_attachments_only(tmp_path):
    """Exactly 50,000,000 bytes of attachments pass; application.json (the form, not a file) and a
    system file (F007: deleted, not uploaded) do not count."""
    for name in ("a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf"):
        _sparse_pdf(tmp_path / name, 9_000_000)
    _sparse_pdf(tmp_path / "f.pdf", 5_000_000)
    (tmp_path / "application.json").write_text('{"schema_version": "1", "notes": "' + "x" * 2_000 + '"}')
    with open(tmp_path / ".DS_Store", "wb") as fh:
        fh.truncate(3_000_000)
    report = check(tmp_path)
    assert "F016" not in report.codes, [d.ctx for d in report.defects if d.code == "F016"]
    assert "F007" in report.codes
    _sparse_pdf(tmp_path / "g.pdf", 1)
    assert defect(check(tmp_path), "F016").ctx["total_bytes"] == 50_000_001


@pytest.mark.parametrize(("as_of", "limited"), [("2026-04-26", False), ("2026-04-27", True)])
def test_size_limits_apply_from_27_april_2026(tmp_path, as_of, limited):
    """Before 27 April 2026 applications were filed on paper: no upload limit (the earlier value:
    none); from that day § 6 applies."""
    import datetime as dt

    _sparse_pdf(tmp_path / "big.pdf", 10_000_001)
    for name in ("a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf"):
        _sparse_pdf(tmp_path / name, 9_999_999)
    report = mosprecheck.check(tmp_path, as_of=dt.date.fromisoformat(as_of))
    found = {"F002", "F004", "F016"} & set(report.codes)
    assert found == ({"F002", "F004", "F016"} if limited else set()), report.codes


def test_a_file_far_over_the_limit_is_not_hashed_or_parsed(tmp_path):
    _sparse_pdf(tmp_path / "huge.pdf", 3 * 50_000_000)  # 15 x the 10 MB limit
    start = time.monotonic()
    report = check(tmp_path)
    assert time.monotonic() - start < 5
    entry = report.files[0]
    assert entry.sha256 is None and entry.size_bytes == 150_000_000 and entry.detected_type == "pdf"
    assert codes_for(report, "huge.pdf") == ["F002"]


# --- 3. readability ------------------------------------------------------------------------------


def test_pdf_needing_a_password_blocks_and_owner_restrictions_are_advisory(tmp_path):
    fx.write_encrypted_pdf(tmp_path / "locked.pdf", user_password="1234")
    fx.write_encrypted_pdf(tmp_path / "restricted.pdf", user_password="")
    report = check(tmp_path)
    locked = defect(report, "P003", "locked.pdf")
    assert locked.category is Category.FORMAL_DEFECT and "RC4" in locked.ctx["encryption"]
    assert codes_for(report, "restricted.pdf") == ["P004"]
    assert defect(report, "P004").category is Category.ADVISORY


def test_unparseable_empty_and_pageless_pdfs_block(tmp_path):
    fx.truncate_file(fx.write_scan_pdf(tmp_path / "cut.pdf", [["Page 1"], ["Page 2"]]), keep=0.5)
    (tmp_path / "nopages.pdf").write_bytes(fx.no_pages_pdf_bytes())
    (tmp_path / "garbage.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    report = check(tmp_path)
    assert defect(report, "P001", "cut.pdf").category is Category.FORMAL_DEFECT
    assert defect(report, "P001", "garbage.pdf").ctx["stage"] == "structure"
    assert defect(report, "P002", "nopages.pdf").category is Category.FORMAL_DEFECT
    assert not report.ready_to_file


def test_damaged_images_block(tmp_path):
    fx.truncate_file(fx.write_jpeg(tmp_path / "cut.jpg"), keep=0.5)
    fx.truncate_file(fx.write_png(tmp_path / "cut.png"), keep=0.7)
    fx.png_with_bad_crc(fx.write_png(tmp_path / "crc.png"))
    report = check(tmp_path)
    assert defect(report, "I001", "cut.jpg").category is Category.FORMAL_DEFECT
    assert defect(report, "I001", "cut.png").category is Category.FORMAL_DEFECT
    assert defect(report, "I002", "crc.png").category is Category.FORMAL_DEFECT


def test_decompression_bombs_block_and_are_never_decoded(tmp_path):
    (tmp_path / "bomb.png").write_bytes(fx.png_bomb_bytes(50_000, 50_000))  # 2.5 Gpx, 100 bytes
    (tmp_path / "bomb.pdf").write_bytes(fx.flate_bomb_pdf_bytes(120_000_000))
    (tmp_path / "deep.pdf").write_bytes(fx.deep_page_tree_pdf_bytes(150))
    start = time.monotonic()
    report = check(tmp_path)
    assert time.monotonic() - start < 8
    assert defect(report, "I003", "bomb.png").ctx["budget"] == load_rulebook().value("upload.max_image_pixels", AS_OF)
    assert defect(report, "P007", "bomb.pdf").category is Category.FORMAL_DEFECT
    assert defect(report, "P007", "deep.pdf").ctx["stage"] == "pages"


def test_an_image_just_over_the_pixel_budget_is_not_decoded(tmp_path):
    fx.write_png(tmp_path / "scan.png")  # 620 x 877 = 543,740 px
    facts = walk_package(tmp_path, inspector=Inspector(pixel_budget=500_000))
    assert facts[0].image.error_kind == "bomb" and not facts[0].image.decoded
    assert facts[0].image.pixels == 543_740


# --- 4. active content and signatures -------------------------------------------------------------


def test_active_content_is_reported_naming_the_feature(tmp_path):
    fx.write_active_pdf(tmp_path / "js.pdf", javascript=True)
    fx.write_active_pdf(tmp_path / "launch.pdf", launch=True)
    fx.write_active_pdf(tmp_path / "attach.pdf", attachment=True)
    fx.write_active_pdf(tmp_path / "form.pdf", form_field=True)
    fx.write_active_pdf(tmp_path / "xfa.pdf", xfa=True)
    report = check(tmp_path)
    assert defect(report, "P009", "js.pdf").ctx["features"] == ["javascript", "open_action"]
    assert "JavaScript" in defect(report, "P009", "js.pdf").message["en"]
    assert "Launch" in defect(report, "P009", "launch.pdf").message["en"]
    assert codes_for(report, "attach.pdf") == ["P010"]
    assert defect(report, "P011", "form.pdf").ctx["features"] == ["form_fields"]
    assert "xfa" in defect(report, "P011", "xfa.pdf").ctx["features"]
    assert all(d.category is Category.ADVISORY for d in report.defects)


def test_signature_is_detected_and_an_empty_signature_field_is_not_a_signature(tmp_path):
    fx.write_signature_field_pdf(tmp_path / "signed.pdf", signed=True)
    fx.write_signature_field_pdf(tmp_path / "unsigned.pdf", signed=False)
    report = check(tmp_path)
    signed = defect(report, "P012", "signed.pdf")
    assert signed.category is Category.ADVISORY and signed.ctx["kinds"] == ["ETSI.CAdES.detached"]
    assert codes_for(report, "signed.pdf") == ["P012"]
    assert codes_for(report, "unsigned.pdf") == ["P011"]


# --- 5. hygiene ----------------------------------------------------------------------------------


def test_system_files_are_reported_once_with_a_delete_remedy(tmp_path):
    fx.write_text_pdf(tmp_path / "letter.pdf", ["Hello"])
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 60)
    (tmp_path / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "desktop.ini").write_text("[.ShellClassInfo]\n")
    (tmp_path / "~$umowa.docx").write_bytes(b"\x05Olena" + b"\x00" * 150)
    (tmp_path / "._letter.pdf").write_bytes(b"")
    report = check(tmp_path)
    flagged = sorted(d.file for d in report.defects if d.code == "F007")
    assert flagged == [".DS_Store", "._letter.pdf", "Thumbs.db", "sub/desktop.ini", "~$umowa.docx"]
    assert not [d for d in report.defects if d.code in ("F001", "F003")]
    assert "Delete" in defect(report, "F007", ".DS_Store").remedy["en"]


def test_zero_byte_and_duplicate_files_are_reported(tmp_path):
    fx.write_text_pdf(tmp_path / "a" / "passport.pdf", ["Passport"])
    (tmp_path / "lease.pdf").write_bytes((tmp_path / "a" / "passport.pdf").read_bytes())
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "empty2.pdf").write_bytes(b"")
    report = check(tmp_path)
    dup = defect(report, "F008")
    assert (dup.file, dup.ctx["same_as"], dup.category) == ("lease.pdf", "a/passport.pdf", Category.ADVISORY)
    assert sorted(d.file for d in report.defects if d.code == "F003") == ["empty.pdf", "empty2.pdf"]


def test_names_that_break_on_upload_or_windows_are_reported_and_escaped_in_text(tmp_path):
    for name in ("scan\x1b[31m.pdf", "a:b.pdf", "what?.pdf", "CON.pdf", "ends-with-dot.", "tab\there.pdf",
                 "evil\u202eFDP.exe.pdf"):
        fx.write_text_pdf(tmp_path / name, [name.encode("ascii", "replace").decode()])
    raw = os.fsencode(tmp_path) + b"/skan-\xff.pdf"
    with open(raw, "wb") as fh:
        fh.write(fx.no_pages_pdf_bytes())
    report = check(tmp_path)
    unsafe = {d.file: d.ctx["characters"] for d in report.defects if d.code == "F009"}
    assert unsafe == {"scan\x1b[31m.pdf": ["U+001B"], "a:b.pdf": [":"], "what?.pdf": ["?"],
                      "tab\there.pdf": ["U+0009"], "evil\u202eFDP.exe.pdf": ["U+202E"]}
    assert sorted(d.file for d in report.defects if d.code == "F012") == ["CON.pdf", "ends-with-dot."]
    assert [d.file for d in report.defects if d.code == "F011"] == ["skan-\\xff.pdf"]
    assert all(d.category is Category.UPLOAD_BLOCKER for d in report.defects if d.code in ("F009", "F011", "F012"))
    # Names are reported exactly as on disk in JSON, escaped in text output.
    assert any(f.path == "scan\x1b[31m.pdf" for f in report.files)
    text = render_text(report)
    assert "\x1b" not in text and "\u202e" not in text and "\t" not in text
    assert "scan\\x1b[31m.pdf" in text


def test_names_over_255_bytes_are_reported():
    long_name = "dokument-" + "ż" * 125 + ".pdf"  # 263 bytes in UTF-8
    facts = [FileFacts(path=f"sub/{long_name}", detected_type="pdf", size_bytes=10,
                       name_bytes=len(long_name.encode())),
             FileFacts(path="ok.pdf", detected_type="pdf", size_bytes=10, name_bytes=6)]
    found = run_rule("F010", facts)
    assert [(f.file, f.ctx["name_bytes"]) for f in found] == [(f"sub/{long_name}", 263)]


def test_subfolders_are_walked_and_paths_are_relative_to_the_root(tmp_path):
    fx.write_text_pdf(tmp_path / "scans" / "2026" / "passport.pdf", ["P"])
    fx.write_jpeg(tmp_path / "photo.jpg")
    report = check(tmp_path)
    assert [f.path for f in report.files] == ["photo.jpg", "scans/2026/passport.pdf"]


def test_folders_nested_beyond_the_depth_bound_are_reported_not_dropped(tmp_path, monkeypatch):
    from mosprecheck.inventory.checker import walk

    deep = tmp_path
    for i in range(4):
        deep = deep / f"d{i}"
    fx.write_text_pdf(deep / "x.pdf", ["x"])
    fx.write_text_pdf(tmp_path / "d0" / "d1" / "y.pdf", ["y"])  # two levels down: still walked
    monkeypatch.setattr(walk, "MAX_DEPTH", 3)
    report = check(tmp_path)
    x005 = [d for d in report.defects if d.code == "X005"]
    # The root is level 0: d0 (1) and d0/d1 (2) are walked, d0/d1/d2 (3) is not.
    assert [(d.file, d.ctx["reason"]) for d in x005] == [("d0/d1/d2", "depth_limit")]
    assert "d0/d1/y.pdf" in {f.path for f in report.files}
    assert not any(f.path.startswith("d0/d1/d2/") for f in report.files)
    assert x005[0].category is Category.FORMAL_DEFECT and not report.ready_to_file


def test_entries_beyond_the_entry_bound_are_reported_not_dropped(tmp_path, monkeypatch):
    from mosprecheck.inventory.checker import walk

    for i in range(6):
        fx.write_text_pdf(tmp_path / f"f{i}.pdf", [str(i)])
    monkeypatch.setattr(walk, "MAX_ENTRIES", 4)
    report = check(tmp_path)
    x005 = [d for d in report.defects if d.code == "X005"]
    # Four entries are read; the fifth is reported and the walk stops there.
    assert [(d.file, d.ctx["reason"]) for d in x005] == [("f4.pdf", "entry_limit")]
    assert [f.path for f in report.files] == ["f0.pdf", "f1.pdf", "f2.pdf", "f3.pdf", "f4.pdf"]
    assert x005[0].category is Category.FORMAL_DEFECT and not report.ready_to_file


# --- 6. never ------------------------------------------------------------------------------------


def test_links_fifos_and_unreadable_files_are_reported_never_followed_or_opened(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    fx.write_text_pdf(outside / "secret.pdf", ["secret"])
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    os.symlink(outside / "secret.pdf", pkg / "link.pdf")
    os.symlink("missing.pdf", pkg / "broken.pdf")
    (pkg / "dir").mkdir()
    os.symlink("dir", pkg / "dirlink.pdf")
    if hasattr(os, "mkfifo"):
        os.mkfifo(pkg / "pipe.pdf")
    fx.write_text_pdf(pkg / "locked.pdf", ["x"])
    real_open = os.open

    def deny(path, flags, *a, **k):  # as if the file's permissions denied reading (tests may run as root)
        if os.fsencode(path).endswith(b"locked.pdf"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *a, **k)

    monkeypatch.setattr(os, "open", deny)
    start = time.monotonic()
    report = check(pkg)
    assert time.monotonic() - start < 10  # opening the FIFO would hang
    links = {d.file: d.ctx["reason"] for d in report.defects if d.code == "F014"}
    assert links == {"link.pdf": "symlink_outside", "broken.pdf": "symlink_broken", "dirlink.pdf": "symlink_not_file"}
    assert {f.path: f.sha256 for f in report.files}["link.pdf"] is None
    if hasattr(os, "mkfifo"):
        assert defect(report, "F013", "pipe.pdf").category is Category.UPLOAD_BLOCKER
    assert "Permission denied" in defect(report, "F015", "locked.pdf").message["en"]


def hostile_package(folder: Path) -> Path:
    """One of everything this issue guards against."""
    fx.write_encrypted_pdf(folder / "locked.pdf")
    (folder / "bomb.png").write_bytes(fx.png_bomb_bytes())
    (folder / "flate-bomb.pdf").write_bytes(fx.flate_bomb_pdf_bytes(90_000_000))
    (folder / "deep.pdf").write_bytes(fx.deep_page_tree_pdf_bytes())
    fx.truncate_file(fx.write_jpeg(folder / "cut.jpg"))
    fx.write_active_pdf(folder / "active.pdf", javascript=True, launch=True, attachment=True, xfa=True)
    (folder / "contract.pdf").write_bytes(fx.docx_bytes())
    (folder / "empty.pdf").write_bytes(b"")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    fx.write_jpeg(folder / "scan\x07.png")
    return folder


def test_every_input_is_byte_identical_afterwards(tmp_path):
    pkg = hostile_package(tmp_path)
    before = snapshot(pkg)
    names = sorted(os.listdir(pkg))
    report = check(pkg)
    assert not report.ready_to_file
    assert snapshot(pkg) == before and sorted(os.listdir(pkg)) == names


# --- 7. bounds and isolation ---------------------------------------------------------------------


def _hang(*args, **kwargs):
    while True:
        time.sleep(1)


def _blow_up(*args, **kwargs):
    hog = []
    while True:
        hog.append(bytearray(50 * 2**20))


def _crash(*args, **kwargs):
    os.abort()


# The memory case gets a longer time bound: filling 512 MB takes well under a second on an idle
# machine, but on a loaded CI core it must not lose the race against the time-out (seen: X002).
@pytest.mark.parametrize(("parser", "reason", "code", "limit"), [(_hang, "timeout", "X002", 1.5),
                                                                 (_blow_up, "memory", "X003", 8.0),
                                                                 (_crash, "crashed", "X004", 1.5)])
def test_a_parser_that_hangs_blows_up_or_crashes_becomes_a_blocking_defect(tmp_path, monkeypatch, parser, reason,
                                                                            code, limit):
    from mosprecheck.inventory.worker import serve

    fx.write_text_pdf(tmp_path / "a-hostile.pdf", ["x"])
    fx.write_jpeg(tmp_path / "b-photo.jpg")
    fx.write_text_pdf(tmp_path / "c-letter.pdf", ["y"])
    from mosprecheck.inventory.checker.inspector import prestart

    real = serve.inspect_pdf
    prestart()  # the zygote starts before the patch (forked after it, it would keep it for good)
    # Workers forked from this process (not from the zygote) inherit the patched parser.
    monkeypatch.setattr(serve, "inspect_pdf", lambda data, off: parser() if data.find(b"(x) Tj") >= 0 else real(data, off))
    monkeypatch.setattr(mosprecheck.api, "Inspector", functools.partial(Inspector, time_limit=limit, start_method="fork"))
    start = time.monotonic()
    report = check(tmp_path)
    assert time.monotonic() - start < limit + 6
    d = defect(report, code, "a-hostile.pdf")
    assert d.category is Category.FORMAL_DEFECT and not report.ready_to_file
    # The worker was replaced: the files after the hostile one were still checked.
    assert codes_for(report, "b-photo.jpg") == [] and codes_for(report, "c-letter.pdf") == []
    facts = {f.path: f for f in walk_package(tmp_path, inspector=Inspector(time_limit=limit, start_method="fork"))}
    assert facts["a-hostile.pdf"].unverified == reason
    assert facts["c-letter.pdf"].pdf.pages == 1


def test_a_fresh_interpreter_worker_gives_the_same_facts(tmp_path):
    fx.write_encrypted_pdf(tmp_path / "locked.pdf")
    fx.truncate_file(fx.write_jpeg(tmp_path / "cut.jpg"))
    forked = walk_package(tmp_path, inspector=Inspector(start_method="fork"))
    spawned = walk_package(tmp_path, inspector=Inspector(start_method="spawn"))
    from_zygote = walk_package(tmp_path, inspector=Inspector(start_method="zygote"))
    assert forked == spawned == from_zygote
    assert spawned[1].pdf.needs_user_password and spawned[0].image.error_kind == "decode"


def test_a_file_replaced_after_hashing_is_not_trusted(tmp_path):
    p = fx.write_text_pdf(tmp_path / "letter.pdf", ["x"])
    st = p.stat()
    inspector = Inspector()
    inspector.submit(0, os.fsencode(p), "pdf", header_offset=0, dev=st.st_dev, ino=st.st_ino + 1,
                     size=st.st_size)
    assert inspector.finish()[0].unverified == "changed"


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "jpeg-broken" / "qpdf__69977b.fuzz").is_file(), reason="shared corpus not present")
def test_the_cpu_dos_jpeg_is_stopped_by_the_time_bound(tmp_path):
    (tmp_path / "photo.jpg").write_bytes((CORPUS / "jpeg-broken" / "qpdf__69977b.fuzz").read_bytes())
    facts = walk_package(tmp_path, inspector=Inspector(time_limit=1.0))
    assert facts[0].unverified == "timeout"
    start = time.monotonic()
    report = check(tmp_path)  # default bound (10 s): stopped, or decoded to an error, either way blocking
    assert time.monotonic() - start < 15
    assert {"X002", "I001"} & set(report.codes) and not report.ready_to_file


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_encryption_is_told_apart_by_whether_opening_needs_a_password(tmp_path, algorithm):
    """Owner-password-only (empty user password) opens; a user password blocks. AES goes through
    pypdf's own cipher support (the `cryptography` package, via the pypdf[crypto] dependency)."""
    from pypdf import PdfWriter

    from mosprecheck.inventory.worker import inspect_pdf

    def encrypted(user: str) -> bytes:
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        writer.encrypt(user_password=user, owner_password="owner-secret", algorithm=algorithm)
        buf = io.BytesIO()
        writer.write(buf)
        return buf.getvalue()

    owner_only = inspect_pdf(encrypted(""))
    assert owner_only.encrypted and owner_only.needs_user_password is False and owner_only.pages == 1
    locked = inspect_pdf(encrypted("open-me"))
    assert locked.encrypted and locked.needs_user_password is True


R6_FILE = CORPUS / "pdf-encrypted" / "qpdf__enc-XI-R6,V5,U=view,O=master.pdf"


@pytest.mark.corpus
@pytest.mark.skipif(not R6_FILE.is_file(), reason="shared corpus not present")
def test_a_real_aes_256_file_with_a_user_password_needs_it():
    from mosprecheck.inventory.worker import inspect_pdf

    assert inspect_pdf(R6_FILE.read_bytes()).needs_user_password is True


# --- issue 11: decoding, polyglots, isolation, the walk -------------------------------------------

def _jpeg_bytes(progressive: bool = False) -> bytes:
    buf = io.BytesIO()
    fx.photo_image().save(buf, "JPEG", quality=90, progressive=progressive)
    return buf.getvalue()


def _noise_in_entropy_data(data: bytes) -> bytes:
    """Half of the entropy-coded data overwritten with noise that holds no 0xFF (no false markers)."""
    import random

    rng = random.Random(5)
    start = data.find(b"\xff\xda") + 20
    n = (len(data) - start) // 2
    return data[:start] + bytes(rng.randrange(255) for _ in range(n)) + data[start + n:]


@pytest.mark.parametrize("damage", ["cut-at-half-closed", "noise-in-half", "progressive-cut-at-30-closed"])
def test_a_visibly_corrupt_photo_is_damaged(tmp_path, damage):
    """Pillow decodes these without an exception (libjpeg only warns, and fills what it never got
    with flat grey); the office sees a broken picture."""
    data = {"cut-at-half-closed": lambda: (lambda d: d[:len(d) // 2] + b"\xff\xd9")(_jpeg_bytes()),
            "noise-in-half": lambda: _noise_in_entropy_data(_jpeg_bytes()),
            "progressive-cut-at-30-closed": lambda: (lambda d: d[:int(len(d) * 0.3)] + b"\xff\xd9")(_jpeg_bytes(True)),
            }[damage]()
    (tmp_path / "photo.jpg").write_bytes(data)
    report = check(tmp_path)
    d = defect(report, "I001", "photo.jpg")
    assert d.category is Category.FORMAL_DEFECT and not report.ready_to_file


def test_intact_jpegs_baseline_and_progressive_are_not_damaged(tmp_path):
    (tmp_path / "a.jpg").write_bytes(_jpeg_bytes())
    (tmp_path / "b.jpg").write_bytes(_jpeg_bytes(progressive=True))
    facts = walk_package(tmp_path, inspector=Inspector())
    assert [f.image.decoded for f in facts] == [True, True]
    assert [f.image.error for f in facts] == [None, None] and [f.image.blank for f in facts] == [False, False]


@pytest.mark.parametrize(("name", "tail", "kind"), [
    ("scan.pdf", b"PK\x03\x04\x14\x00" + b"\x00" * 40 + b"PK\x05\x06" + b"\x00" * 18, "ZIP"),
    ("scan.pdf", b"\n<html><body><script>alert(1)</script></body></html>\n", "HTML"),
    ("photo.jpg", b"PK\x03\x04\x14\x00" + b"\x00" * 40 + b"PK\x05\x06" + b"\x00" * 18, "ZIP"),
    ("scan.png", b"<!DOCTYPE html><html></html>", "HTML"),
])
def test_another_file_appended_after_the_end_is_blocked(tmp_path, name, tail, kind):
    path = tmp_path / name
    {"pdf": lambda: fx.write_text_pdf(path, ["x"]), "jpg": lambda: fx.write_jpeg(path),
     "png": lambda: fx.write_png(path)}[name.rsplit(".", 1)[1]]()
    path.write_bytes(path.read_bytes() + tail)
    report = check(tmp_path)
    code = "P013" if name.endswith(".pdf") else "I004"
    d = defect(report, code, name)
    assert d.category is Category.UPLOAD_BLOCKER and d.ctx["appended"] == kind and not report.ready_to_file


def test_padding_after_the_end_is_not_another_file(tmp_path):
    pdf = fx.write_text_pdf(tmp_path / "scan.pdf", ["x"])
    pdf.write_bytes(pdf.read_bytes() + b"\r\n\x00\x00\x00\x00\n")
    jpg = fx.write_jpeg(tmp_path / "photo.jpg")
    jpg.write_bytes(jpg.read_bytes() + b"\x00" * 64)
    report = check(tmp_path)
    assert not {"P013", "I004"} & set(report.codes)


def test_a_blank_declared_photo_is_a_formal_defect(work_package, work_application):
    from PIL import Image

    from conftest import write_application

    Image.new("RGB", (684, 883), (238, 238, 238)).save(work_package / "photo.jpg", "JPEG", quality=95)
    write_application(work_package, work_application)
    report = check(work_package)
    assert defect(report, "I005", "photo.jpg").category is Category.FORMAL_DEFECT and not report.ready_to_file


def _threads_alive():
    """Another thread running (as in every web server): workers then come from the zygote."""
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    return stop


def test_with_other_threads_alive_workers_come_from_the_zygote_and_give_the_same_report(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from mosprecheck.render import render_json

    fx.write_encrypted_pdf(tmp_path / "locked.pdf")
    fx.truncate_file(fx.write_jpeg(tmp_path / "cut.jpg"))
    fx.write_scan_pdf(tmp_path / "scan.pdf", fx.passport_pages(pages=3), size=(400, 560))
    sequential = render_json(check(tmp_path))
    stop = _threads_alive()
    try:
        with ThreadPoolExecutor(8) as pool:
            reports = list(pool.map(lambda _: render_json(check(tmp_path)), range(16)))
    finally:
        stop.set()
    assert all(r == sequential for r in reports)
    assert "X002" not in sequential and "X004" not in sequential


def test_a_host_whose_executable_is_not_python_still_works(tmp_path, monkeypatch):
    import sys

    from mosprecheck.inventory.checker import zygote as zygote_handle

    fx.write_text_pdf(tmp_path / "letter.pdf", ["x"])
    fx.write_jpeg(tmp_path / "photo.jpg")
    monkeypatch.setattr(sys, "executable", "/usr/sbin/uwsgi")
    monkeypatch.setattr(sys, "_base_executable", "/usr/sbin/uwsgi", raising=False)
    zygote_handle.IdleWorkers.clear()  # no worker of an earlier test: each one forked now
    monkeypatch.setattr(zygote_handle._Zygote, "_current", None)  # a zygote started now, without a Python to run
    for method in ("fork", "zygote"):
        facts = walk_package(tmp_path, inspector=Inspector(start_method=method))
        assert [f.unverified for f in facts] == [None, None], method
        assert facts[0].pdf.pages == 1 and facts[1].image.decoded
    stop = _threads_alive()
    try:
        report = check(tmp_path)
        assert not {"X002", "X003", "X004"} & set(report.codes)
        assert [f.sha256 is not None for f in report.files] == [True, True]
    finally:
        stop.set()


def test_workers_that_die_at_start_leave_no_file_without_an_x_mark(tmp_path, monkeypatch):
    from mosprecheck.inventory.worker import serve

    from mosprecheck.inventory.checker.inspector import prestart

    for n in range(5):
        fx.write_text_pdf(tmp_path / f"doc-{n}.pdf", [f"doc {n}"])
    prestart()  # the process's zygote exists before the patch: forked later, it would keep it for good
    monkeypatch.setattr(serve, "_apply_limits", lambda *a: os._exit(3))  # every worker dies before it is ready
    facts = walk_package(tmp_path, inspector=Inspector(start_method="fork"))
    assert [f.unverified for f in facts] == ["unavailable"] * 5
    monkeypatch.setattr(mosprecheck.api, "Inspector", functools.partial(Inspector, start_method="fork"))
    report = check(tmp_path)
    assert sorted(d.file for d in report.defects if d.code == "X004") == [f"doc-{n}.pdf" for n in range(5)]


def test_the_package_time_budget_ends_with_an_x_mark_on_what_was_not_inspected(tmp_path):
    for n in range(3):
        fx.write_jpeg(tmp_path / f"photo-{n}.jpg")
    report = mosprecheck.check(tmp_path, as_of=AS_OF, time_budget=0.0)
    marked = [d for d in report.defects if d.code in ("X004", "X005")]
    assert marked and not report.ready_to_file
    assert all(d.category is Category.FORMAL_DEFECT for d in marked)


def test_application_json_linking_out_of_the_package_is_never_read(tmp_path):
    outside = tmp_path / "elsewhere.json"
    outside.write_text("{}", encoding="utf-8")
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    fx.write_text_pdf(pkg / "letter.pdf", ["x"])
    (pkg / "application.json").symlink_to(outside)
    with pytest.raises(mosprecheck.errors.ApplicationError, match="outside the package"):
        check(pkg)
    from mosprecheck.cli import main

    assert main(["check", str(pkg)]) == 2


def test_a_folder_swapped_for_a_link_during_the_walk_is_not_entered(tmp_path):
    from mosprecheck.inventory.checker import walk

    (tmp_path / "sub").mkdir()
    st = (tmp_path / "sub").stat()
    os.rename(tmp_path / "sub", tmp_path / "listed")  # the listed folder lives on elsewhere
    (tmp_path / "sub").symlink_to("/etc")  # swapped after it was listed
    root_fd = os.open(tmp_path, os.O_RDONLY)
    try:
        with pytest.raises(OSError):
            walk._open_dir(root_fd, b"sub", (st.st_dev, st.st_ino))
        (tmp_path / "sub").unlink()
        (tmp_path / "sub").mkdir()  # a different folder under the same name
        assert (tmp_path / "sub").stat().st_ino != st.st_ino or pytest.skip("inode reused")
        with pytest.raises(OSError):
            walk._open_dir(root_fd, b"sub", (st.st_dev, st.st_ino))
    finally:
        os.close(root_fd)


def test_a_file_that_grows_past_the_limit_after_it_was_read_is_judged_at_its_new_size(tmp_path):
    pdf = fx.write_text_pdf(tmp_path / "letter.pdf", ["x"])

    class GrowsDuringTheCheck(Inspector):
        def finish(self):
            outcomes = super().finish()
            with open(pdf, "ab") as fh:  # after it was hashed and parsed, someone appends
                fh.truncate(60_000_000)
            return outcomes

    facts = walk_package(tmp_path, inspector=GrowsDuringTheCheck())
    assert facts[0].unverified == "changed" and facts[0].size_bytes == 60_000_000


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")
def test_special_filesystems_are_bounded(tmp_path):
    start = time.monotonic()
    facts = walk_package("/proc/self", max_read_bytes=1_000_000, deadline=time.monotonic() + 5)
    assert time.monotonic() - start < 15 and facts
    # Files that say they are empty but yield bytes are not stable files: never trusted.
    assert all(f.sha256 is None or f.size_bytes is not None for f in facts)
    status = [f for f in facts if f.path == "status"]
    assert status and status[0].unverified == "changed"


@pytest.mark.parametrize("root", ["/"])
def test_the_filesystem_root_is_a_usage_error(root, capsys):
    from mosprecheck.cli import main

    assert main(["check", root]) == 2
    assert "root of the filesystem" in capsys.readouterr().err


def test_an_unreadable_root_is_a_usage_error(tmp_path, monkeypatch, capsys):
    from mosprecheck.cli import main

    real_scandir = os.scandir

    def deny(path=".", *a, **k):
        if isinstance(path, int):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path, *a, **k)

    monkeypatch.setattr(os, "scandir", deny)
    assert main(["check", str(tmp_path)]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_a_second_picture_is_appended_only_when_the_first_does_not_declare_it(tmp_path):
    """A phone's depth map or an MPO's second picture follows the first image's end and is declared
    in it (XMP container, MPF); an undeclared JPEG after the end is another file."""
    first = _jpeg_bytes()
    xmp = b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><Container:Directory/></x:xmpmeta>"
    declared = first[:2] + b"\xff\xe1" + (len(xmp) + 2).to_bytes(2, "big") + xmp + first[2:]
    (tmp_path / "declared.jpg").write_bytes(declared + first)
    (tmp_path / "undeclared.jpg").write_bytes(first + first)
    facts = {f.path: f for f in walk_package(tmp_path, inspector=Inspector())}
    assert facts["declared.jpg"].image.appended is None and facts["declared.jpg"].image.decoded
    assert facts["undeclared.jpg"].image.appended == "jpeg"


def test_with_threads_alive_the_zygote_is_a_fresh_python(tmp_path, monkeypatch):
    from mosprecheck.inventory.checker import zygote as zygote_handle

    fx.write_encrypted_pdf(tmp_path / "locked.pdf")
    fx.write_jpeg(tmp_path / "photo.jpg")
    forked = walk_package(tmp_path, inspector=Inspector(start_method="fork"))
    zygote_handle.IdleWorkers.clear()  # no worker of an earlier test: this one is forked by a new zygote
    monkeypatch.setattr(zygote_handle._Zygote, "_current", None)
    stop = _threads_alive()
    try:
        spawned = walk_package(tmp_path, inspector=Inspector(start_method="zygote"))
        zygote = zygote_handle._Zygote._current
        assert zygote is not None and zygote.proc is not None  # started as an interpreter, not forked
    finally:
        stop.set()
        monkeypatch.undo()
        zygote.close()
    assert spawned == forked and spawned[0].pdf.needs_user_password
