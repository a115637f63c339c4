"""The inventory reads the folder once, by content, read-only, and never follows or blocks."""

from __future__ import annotations

import os

import factories as fx
import pytest
from conftest import AS_OF, snapshot

import mosprecheck
from mosprecheck.inventory import sniff, walk_package


def test_type_is_detected_by_content_not_extension(tmp_path):
    fx.write_jpeg(tmp_path / "scan.png")
    fx.write_png(tmp_path / "photo.jpg")
    fx.write_text_pdf(tmp_path / "letter.jpg", ["Hello"])
    (tmp_path / "contract.pdf").write_bytes(fx.docx_bytes())
    facts = {f.path: f for f in walk_package(tmp_path)}
    assert facts["scan.png"].detected_type == "jpeg"
    assert facts["photo.jpg"].detected_type == "png"
    assert facts["letter.jpg"].detected_type == "pdf"
    assert facts["contract.pdf"].detected_type == "other"


def test_docx_named_pdf_is_an_upload_blocker_naming_what_it_is(tmp_path):
    (tmp_path / "contract.pdf").write_bytes(fx.docx_bytes())
    report = mosprecheck.check(tmp_path, as_of=AS_OF)
    f001 = [d for d in report.defects if d.code == "F001"]
    assert len(f001) == 1 and f001[0].file == "contract.pdf"
    if mosprecheck.inventory.libmagic_available():
        assert "Word" in f001[0].message["en"]


def test_sniff_finds_a_late_pdf_header_and_empty_files():
    assert sniff(b"") == ("empty", None)
    assert sniff(b"%PDF-1.7\n") == ("pdf", 0)
    assert sniff(b"\r\n\x00junk%PDF-1.4\n") == ("pdf", 7)
    assert sniff(b"x" * 2000 + b"%PDF-1.4") == ("other", None)


def test_subfolders_are_walked_with_posix_relative_paths(tmp_path):
    fx.write_text_pdf(tmp_path / "a" / "b" / "deep.pdf", ["x"])
    fx.write_jpeg(tmp_path / "photo.jpg")
    assert [f.path for f in walk_package(tmp_path)] == ["a/b/deep.pdf", "photo.jpg"]


def test_zero_byte_file_is_reported(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    report = mosprecheck.check(tmp_path, as_of=AS_OF)
    assert ("F003", "empty.pdf") in [(d.code, d.file) for d in report.defects]
    assert report.files[0].detected_type == "empty"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_listed_but_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.pdf")
    facts = walk_package(tmp_path)  # would block forever if the FIFO were opened for reading
    assert [(f.path, f.detected_type) for f in facts] == [("pipe.pdf", "special")]
    assert "FIFO" in facts[0].problem


def test_symlink_out_of_the_package_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = fx.write_text_pdf(outside / "secret.pdf", ["secret"])
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    os.symlink(secret, pkg / "link.pdf")
    os.symlink("../outside", pkg / "dirlink")
    facts = {f.path: f for f in walk_package(pkg)}
    assert facts["link.pdf"].detected_type == "symlink" and facts["link.pdf"].sha256 is None
    assert "outside" in facts["link.pdf"].problem
    assert "dirlink" in facts and facts["dirlink"].sha256 is None


def test_symlink_inside_the_package_is_read_as_its_target(tmp_path):
    fx.write_jpeg(tmp_path / "photo.jpg")
    os.symlink("photo.jpg", tmp_path / "alias.jpg")
    facts = {f.path: f for f in walk_package(tmp_path)}
    assert facts["alias.jpg"].detected_type == "jpeg"
    assert facts["alias.jpg"].sha256 == facts["photo.jpg"].sha256
    assert facts["alias.jpg"].symlink_target == "photo.jpg"


def test_unreadable_file_is_reported_not_raised(tmp_path, monkeypatch):
    """As if the file's permissions denied reading: works as root too (root ignores chmod 0)."""
    p = fx.write_text_pdf(tmp_path / "locked.pdf", ["x"])
    fx.write_text_pdf(tmp_path / "open.pdf", ["y"])
    locked = os.fsencode(p)
    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        # The walk opens files relative to their folder's descriptor (dir_fd), by name.
        if os.fsencode(path) == locked or (kwargs.get("dir_fd") is not None and os.fsencode(path) == b"locked.pdf"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    facts = {f.path: f for f in walk_package(tmp_path)}
    assert facts["locked.pdf"].detected_type == "unreadable" and "cannot be opened" in facts["locked.pdf"].problem
    assert facts["locked.pdf"].sha256 is None
    assert facts["open.pdf"].detected_type == "pdf" and facts["open.pdf"].sha256 is not None


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_file_without_read_permission_is_reported_not_raised(tmp_path):
    p = fx.write_text_pdf(tmp_path / "locked.pdf", ["x"])
    p.chmod(0)
    try:
        facts = walk_package(tmp_path)
        assert facts[0].detected_type == "unreadable" and "cannot be opened" in facts[0].problem
    finally:
        p.chmod(0o644)


def test_file_names_that_are_not_utf8_are_escaped(tmp_path):
    raw = os.fsencode(tmp_path) + b"/scan-\xff\xfe.pdf"
    with open(raw, "wb") as fh:
        fh.write(b"%PDF-1.4\n")
    report = mosprecheck.check(tmp_path, as_of=AS_OF)
    assert report.files[0].path == "scan-\\xff\\xfe.pdf"
    report.model_dump_json()  # serialisable


def test_nothing_in_the_package_is_modified(work_package):
    before = snapshot(work_package)
    names = sorted(p.name for p in work_package.iterdir())
    mosprecheck.check(work_package, as_of=AS_OF)
    assert snapshot(work_package) == before
    assert sorted(p.name for p in work_package.iterdir()) == names
