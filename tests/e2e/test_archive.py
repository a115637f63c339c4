"""A package sent as a zip (issue 12, part 4): check() takes a path, bytes or a file object, unpacks
it under the service's limits into a private temporary folder that is always removed, and refuses
every archive that could write outside it, bomb the disk or smuggle links and devices."""

from __future__ import annotations

import io
import os
import stat
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
import factories as fx
from conftest import AS_OF, EXAMPLES, snapshot

import mosprecheck
from mosprecheck.report.subject import renamed
from mosprecheck.archive import ArchiveError, ArchiveLimits, default_limits, is_zip_source, safe_parts, unpacked
from mosprecheck.render import render_json

SMALL = ArchiveLimits(max_archive_bytes=2_000_000, max_unpacked_bytes=3_000_000, max_entries=20, max_ratio=100)


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Redirect the temporary folder: every private folder is made (and must vanish) here."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def zip_entries(*entries: tuple[str, bytes] | zipfile.ZipInfo | tuple[zipfile.ZipInfo, bytes],
                method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": wanted here
        for entry in entries:
            if isinstance(entry, tuple) and isinstance(entry[0], zipfile.ZipInfo):
                zf.writestr(entry[0], entry[1])
            else:
                name, data = entry  # type: ignore[misc]
                zf.writestr(name, data)
    return buf.getvalue()


def unix_entry(name: str, mode: int, data: bytes = b"target") -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info, data


def encrypted(data: bytes) -> bytes:
    """Set the 'encrypted' flag of the first entry in the local and central headers."""
    out = bytearray(data)
    local = out.find(b"PK\x03\x04")
    central = out.find(b"PK\x01\x02")
    out[local + 6] |= 1
    out[central + 8] |= 1
    return bytes(out)


# --- the same report as the folder ---------------------------------------------------------------


def test_check_takes_a_zip_as_path_bytes_or_file_object_and_reports_as_for_the_folder(tmp_path, private_tmp):
    folder = EXAMPLES / "work-ready"
    expected = render_json(mosprecheck.check(folder, as_of=AS_OF))
    data = fx.zip_folder(folder, prefix="work-ready/")  # a zipped package folder: its single folder is the package
    path = tmp_path / "package.zip"
    path.write_bytes(data)
    before = snapshot(tmp_path)
    for source in (path, str(path), data, io.BytesIO(data), open(path, "rb")):
        report = mosprecheck.check(source, as_of=AS_OF)
        assert render_json(report) == expected
        assert report.ready_to_file
    assert list(private_tmp.iterdir()) == []
    assert snapshot(tmp_path) == before


def test_a_zip_of_the_files_themselves_is_the_package(private_tmp):
    folder = EXAMPLES / "work-passport-missing"
    # Loose files as bytes carry no package name: the subject names none, all else is the folder's report.
    expected = renamed(mosprecheck.check(folder, as_of=AS_OF), None)
    report = mosprecheck.check(fx.zip_folder(folder), as_of=AS_OF)
    assert report.subject is not None and report.subject.package is None
    assert render_json(report) == render_json(expected)
    assert not report.ready_to_file and "A001" in report.codes
    assert list(private_tmp.iterdir()) == []


def test_a_non_seekable_stream_is_copied_within_the_limit(private_tmp):
    data = fx.zip_folder(EXAMPLES / "work-ready")

    class Stream(io.RawIOBase):
        def __init__(self):
            self._buf = io.BytesIO(data)

        def readable(self):
            return True

        def seekable(self):
            return False

        def readinto(self, b):
            chunk = self._buf.read(len(b))
            b[:len(chunk)] = chunk
            return len(chunk)

    assert mosprecheck.check(io.BufferedReader(Stream()), as_of=AS_OF).ready_to_file
    assert list(private_tmp.iterdir()) == []


def test_a_folder_or_a_missing_path_is_not_a_zip(tmp_path):
    assert not is_zip_source(tmp_path)
    assert not is_zip_source(tmp_path / "missing.zip")
    (tmp_path / "a.txt").write_text("x")
    assert not is_zip_source(tmp_path / "a.txt")
    with pytest.raises(mosprecheck.PackageNotFoundError):
        mosprecheck.check(tmp_path / "a.txt")


def test_default_limits_come_from_the_rulebook_package_limit():
    from mosprecheck.rulebook import load_rulebook

    package = load_rulebook().at(AS_OF).value("upload.max_package_bytes")
    limits = default_limits()
    assert package < limits.max_archive_bytes <= package * 1.2  # "a little over" the legal total
    assert limits.max_unpacked_bytes == 2 * package


# --- hostile archives ------------------------------------------------------------------------------


HOSTILE = {
    "dot-dot": (zip_entries(("../evil.pdf", b"%PDF-1.4")), 422, "unsafe-name"),
    "dot-dot-deep": (zip_entries(("a/../../evil.pdf", b"%PDF-1.4")), 422, "unsafe-name"),
    "absolute": (zip_entries(("/tmp/evil.pdf", b"%PDF-1.4")), 422, "unsafe-name"),
    "drive-letter": (zip_entries(("C:/evil.pdf", b"%PDF-1.4")), 422, "unsafe-name"),
    "drive-relative": (zip_entries(("C:evil.pdf", b"%PDF-1.4")), 422, "unsafe-name"),
    "backslash-escape": (zip_entries(("..\\evil.pdf", b"%PDF-1.4")), 422, "unsafe-name"),
    "unc": (zip_entries(("\\\\server\\share\\evil.pdf", b"%PDF-1.4")), 422, "unsafe-name"),
    "too-deep": (zip_entries(("/".join(["d"] * 20) + "/a.pdf", b"%PDF-1.4")), 422, "unsafe-name"),
    "symlink": (zip_entries(unix_entry("link.pdf", stat.S_IFLNK | 0o777, b"/etc/passwd")), 422, "not-a-regular-file"),
    "symlink-dir": (zip_entries(unix_entry("dir", stat.S_IFLNK | 0o777, b".."), ("dir/evil.pdf", b"x")), 422,
                    "not-a-regular-file"),
    "fifo": (zip_entries(unix_entry("pipe.pdf", stat.S_IFIFO | 0o644, b"")), 422, "not-a-regular-file"),
    "device": (zip_entries(unix_entry("dev.pdf", stat.S_IFCHR | 0o644, b"")), 422, "not-a-regular-file"),
    "socket": (zip_entries(unix_entry("sock.pdf", stat.S_IFSOCK | 0o644, b"")), 422, "not-a-regular-file"),
    "duplicate": (zip_entries(("a.pdf", b"1"), ("a.pdf", b"2")), 422, "duplicate-entry"),
    "file-then-folder": (zip_entries(("a", b"1"), ("a/b.pdf", b"2")), 422, "name-conflict"),
    "encrypted": (encrypted(zip_entries(("a.pdf", b"%PDF-1.4 secret"), method=zipfile.ZIP_STORED)), 422,
                  "encrypted-entry"),
    "not-a-zip": (b"%PDF-1.4 this is no archive", 422, "not-a-zip"),
    "truncated": (zip_entries(("a.pdf", os.urandom(5000)))[:3000], 422, "not-a-zip"),
    "ratio-bomb": (zip_entries(("bomb.pdf", b"\0" * 2_500_000)), 413, "compression-ratio"),
    "archive-too-large": (zip_entries(("a.pdf", os.urandom(1_100_000)), ("b.pdf", os.urandom(1_100_000)),
                                       ("c.pdf", os.urandom(1_100_000)), method=zipfile.ZIP_STORED), 413,
                           "archive-too-large"),
    "too-many-entries": (zip_entries(*((f"f{i}.pdf", b"x") for i in range(25))), 413, "too-many-entries"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archive_is_refused_and_nothing_is_written_or_left(tmp_path, private_tmp, case):
    data, status, kind = HOSTILE[case]
    outside = tmp_path / "outside"
    outside.mkdir()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    with pytest.raises(ArchiveError) as err:
        with unpacked(data, SMALL):
            pytest.fail("a hostile archive was unpacked")
    assert (err.value.status, err.value.kind) == (status, kind)
    assert list(private_tmp.iterdir()) == []
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert not Path("/tmp/evil.pdf").exists()


def test_sizes_the_archive_declares_are_not_trusted(private_tmp):
    data = bytearray(zip_entries(("bomb.pdf", b"\0" * 2_500_000)))
    # Lie in both headers: the entry claims to unpack to 1,000 bytes (a ratio far under the bound).
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 22:local + 26] = (1000).to_bytes(4, "little")
    data[central + 24:central + 28] = (1000).to_bytes(4, "little")
    with pytest.raises(ArchiveError) as err:
        with unpacked(bytes(data), SMALL):
            pass
    assert err.value.status in (413, 422)
    assert list(private_tmp.iterdir()) == []


def test_unpacked_size_limit_counts_real_bytes(private_tmp):
    limits = ArchiveLimits(max_archive_bytes=10_000_000, max_unpacked_bytes=1_000_000, max_entries=20)
    data = zip_entries(("a.pdf", os.urandom(600_000)), ("b.pdf", os.urandom(600_000)), method=zipfile.ZIP_STORED)
    with pytest.raises(ArchiveError) as err:
        with unpacked(data, limits):
            pass
    assert (err.value.status, err.value.kind) == (413, "unpacked-too-large")


def test_check_raises_an_input_error_for_a_hostile_zip(private_tmp):
    with pytest.raises(mosprecheck.InputError):
        mosprecheck.check(HOSTILE["dot-dot"][0])
    assert list(private_tmp.iterdir()) == []


def test_the_private_folder_is_removed_when_the_caller_fails(private_tmp):
    with pytest.raises(RuntimeError):
        with unpacked(fx.zip_folder(EXAMPLES / "work-ready")) as root:
            assert (root / "passport.pdf").is_file()
            assert stat.S_IMODE(os.stat(root.parent if root.name == "package" else root).st_mode) == 0o700
            raise RuntimeError("caller failed")
    assert list(private_tmp.iterdir()) == []


def test_macos_resource_forks_and_dot_components_are_not_part_of_the_package(private_tmp):
    data = zip_entries(("./a.pdf", b"%PDF-1.4"), ("__MACOSX/._a.pdf", b"\0\5\26\7"), ("sub//b.pdf", b"%PDF-1.4"))
    with unpacked(data) as root:
        assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == ["a.pdf", "sub/b.pdf"]


@pytest.mark.parametrize("name", ["a.pdf", "skany/paszport.pdf", "Zażółć gęślą.pdf", "./x.pdf"])
def test_safe_names_keep_their_path(name):
    assert "/".join(safe_parts(name)) == name.removeprefix("./")


@pytest.mark.parametrize("name", ["../a", "/a", "C:\\a", "a/../../b", "a\x00b", "x" * 300])
def test_unsafe_names_are_refused(name):
    with pytest.raises(ArchiveError):
        safe_parts(name)


def test_the_cli_checks_a_zip_and_refuses_a_hostile_one_with_exit_2(tmp_path, private_tmp, capsys):
    from mosprecheck.cli import main

    good = tmp_path / "work-ready.zip"
    good.write_bytes(fx.zip_folder(EXAMPLES / "work-ready", prefix="work-ready/"))
    assert main(["check", str(EXAMPLES / "work-ready"), "--format", "json", "--as-of", AS_OF.isoformat()]) == 0
    expected = capsys.readouterr().out
    assert main(["check", str(good), "--format", "json", "--as-of", AS_OF.isoformat()]) == 0
    assert capsys.readouterr().out == expected
    bad = tmp_path / "evil.zip"
    bad.write_bytes(HOSTILE["symlink"][0])
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "symbolic link" in err
    assert list(private_tmp.iterdir()) == []
