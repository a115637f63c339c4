"""Safe unpacking of a package sent as a zip archive (the HTTP service and :func:`mosprecheck.check`).

A zip is only a way to carry a package folder: it is unpacked into a private temporary folder
(mode 0700, created with :func:`tempfile.mkdtemp`) that is always removed, whatever happens, and the
folder is checked as if it had been given directly. Nothing of the archive is written anywhere else.

Limits (:class:`ArchiveLimits`), each refused with an :class:`ArchiveError` that says which one:

- size of the archive (413), derived from the rulebook's package limit (``upload.max_package_bytes``)
  plus a margin for the archive's own overhead;
- number of entries (413);
- total unpacked size (413): twice the package limit, so that a package that is too big for MOS is
  still checked and reported as such, while a zip bomb is stopped;
- compression ratio of each entry (413: a zip bomb), counted on the bytes really produced, never
  trusting the sizes the archive declares;
- names that escape the package (422): absolute paths, ``..`` components, drive letters, NUL bytes,
  too deep or too long names, two entries with the same name;
- symbolic links, devices, FIFOs and sockets (422), encrypted entries and unsupported compression
  (422), anything that is not a readable zip archive (422).

Files are created one path component at a time relative to the folder's own file descriptor, with
``O_NOFOLLOW | O_EXCL``: even a bug in the name checks cannot write through a link or outside.
A single folder holding every entry (a zipped package folder) is the package itself; ``__MACOSX/``
(the resource forks macOS's Archive Utility adds) is not part of the package and is skipped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import os
import re
import shutil
import stat
import struct
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, Union

from .errors import InputError

#: What :func:`mosprecheck.check` accepts as a zip archive besides a path to one.
ZipSource = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]

_CHUNK = 1 << 16
#: Entries unpacked below this size are never refused for their compression ratio (small text
#: files compress very well and cannot be a bomb on their own; the total is bounded anyway).
_RATIO_FLOOR_BYTES = 1 << 20
#: Same bound as the folder walk (inventory.checker.walk.MAX_DEPTH).
_MAX_DEPTH = 16
_MAX_COMPONENT_BYTES = 255
_MAX_NAME_BYTES = 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_SKIPPED_TOP = "__MACOSX"
_SUPPORTED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


class ArchiveError(InputError):
    """The archive (or the uploaded files) cannot be unpacked safely.

    ``status`` is the HTTP status the service answers with (413: a size limit, 422: unsafe or
    unreadable content); ``kind`` is a stable slug for the problem type.
    """

    def __init__(self, status: int, kind: str, detail: str):
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds on one archive or one set of uploaded files (see the module docstring)."""

    max_archive_bytes: int
    max_unpacked_bytes: int
    max_entries: int = 1000
    max_ratio: int = 100

    @classmethod
    def from_rulebook(cls, on: dt.date | None = None, **overrides: Any) -> ArchiveLimits:
        """Limits derived from the rulebook's package limit on ``on`` (default: today): the archive
        may be 10 % larger than the legal package total (archive and multipart overhead), unpacked
        twice as large (so that an oversized package is still reported, not refused)."""
        from .rulebook import load_rulebook

        view = load_rulebook().at(on or dt.date.today())
        package = view.value("upload.max_package_bytes", None) or view.value("upload.max_file_bytes")
        values: dict[str, Any] = {"max_archive_bytes": int(package) * 11 // 10,
                                  "max_unpacked_bytes": 2 * int(package)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def default_limits() -> ArchiveLimits:
    """The limits shared by the service and :func:`mosprecheck.check` (from the rulebook, today)."""
    return ArchiveLimits.from_rulebook()


# ---------------------------------------------------------------------------------------------
# What is a zip source
# ---------------------------------------------------------------------------------------------

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def is_zip_source(source: object) -> bool:
    """True when ``source`` is to be read as a zip archive: bytes, a binary file object, or a path to a
    regular file that is named ``*.zip`` or starts like one. A folder (or a missing path) is not."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return True
    if hasattr(source, "read"):
        return True
    if not isinstance(source, (str, os.PathLike)):
        return False
    path = Path(source)
    try:
        if not path.is_file():
            return False
        if path.suffix.lower() == ".zip":
            return True
        with open(path, "rb") as fh:
            return fh.read(4) in _ZIP_MAGIC
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------


def safe_parts(name: str) -> tuple[str, ...]:
    """The path components of an entry name, or :class:`ArchiveError` (422) when the name could
    leave the package: absolute, a drive letter, ``..``, a NUL byte, too deep or too long.
    Backslashes count as separators (archives made on Windows); ``.`` and empty components are dropped."""
    if "\x00" in name:
        raise ArchiveError(422, "unsafe-name", "an entry name contains a NUL byte")
    unified = name.replace("\\", "/")
    if unified.startswith("/") or _DRIVE.match(unified):
        raise ArchiveError(422, "unsafe-name", f"an entry name is an absolute path: {_shown(name)}")
    parts = tuple(p for p in unified.split("/") if p not in ("", "."))
    if any(p == ".." for p in parts):
        raise ArchiveError(422, "unsafe-name", f"an entry name leaves the package: {_shown(name)}")
    if len(parts) > _MAX_DEPTH:
        raise ArchiveError(422, "unsafe-name", f"an entry is nested deeper than {_MAX_DEPTH} folders: {_shown(name)}")
    encoded = [os.fsencode(p) for p in parts]
    if any(len(p) > _MAX_COMPONENT_BYTES for p in encoded) or sum(map(len, encoded)) > _MAX_NAME_BYTES:
        raise ArchiveError(422, "unsafe-name", f"an entry name is too long: {_shown(name)}")
    return parts


def _shown(name: str) -> str:
    text = name if len(name) <= 120 else name[:117] + "..."
    return repr(text)


# ---------------------------------------------------------------------------------------------
# Writing below a private folder
# ---------------------------------------------------------------------------------------------

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class PackageWriter:
    """Creates a package's files below ``root`` (a fresh private folder), within ``limits``.

    Every component is created or opened relative to its parent's descriptor, never following a
    link, files with ``O_EXCL``: two entries with one name, or a file where a folder is needed,
    are refused (422).
    """

    def __init__(self, root: Path, limits: ArchiveLimits):
        self.root = root
        self.limits = limits
        self.entries = 0
        self.total = 0

    def count_entry(self) -> None:
        self.entries += 1
        if self.entries > self.limits.max_entries:
            raise ArchiveError(413, "too-many-entries",
                               f"the package has more than {self.limits.max_entries} entries")

    def _open_dir(self, parts: Iterable[str], create: bool = True) -> int:
        fd = os.open(self.root, _DIR_FLAGS)
        try:
            for part in parts:
                if create:
                    try:
                        os.mkdir(part, 0o700, dir_fd=fd)
                    except FileExistsError:
                        pass
                try:
                    nxt = os.open(part, _DIR_FLAGS, dir_fd=fd)
                except OSError:
                    raise ArchiveError(422, "name-conflict",
                                       f"a file and a folder have the same name: {_shown('/'.join(parts))}") from None
                os.close(fd)
                fd = nxt
            return fd
        except BaseException:
            os.close(fd)
            raise

    def make_dir(self, parts: tuple[str, ...]) -> None:
        if parts:
            os.close(self._open_dir(parts))

    def write_file(self, parts: tuple[str, ...], source: IO[bytes], compressed_size: int | None = None) -> int:
        """Copy ``source`` to the file at ``parts``; returns the bytes written. ``compressed_size``
        (for a zip entry) enables the compression-ratio bound."""
        if not parts:
            raise ArchiveError(422, "unsafe-name", "an entry has an empty name")
        dir_fd = self._open_dir(parts[:-1])
        try:
            try:
                fd = os.open(parts[-1], _FILE_FLAGS, 0o600, dir_fd=dir_fd)
            except FileExistsError:
                raise ArchiveError(422, "duplicate-entry",
                                   f"two entries have the same name: {_shown('/'.join(parts))}") from None
            except IsADirectoryError:
                raise ArchiveError(422, "name-conflict",
                                   f"a file and a folder have the same name: {_shown('/'.join(parts))}") from None
        finally:
            os.close(dir_fd)
        written = 0
        with os.fdopen(fd, "wb") as out:
            while True:
                chunk = source.read(_CHUNK)
                if not chunk:
                    break
                written += len(chunk)
                self.total += len(chunk)
                if self.total > self.limits.max_unpacked_bytes:
                    raise ArchiveError(413, "unpacked-too-large",
                                       f"the package is larger than {self.limits.max_unpacked_bytes} bytes unpacked")
                if (compressed_size is not None and written > _RATIO_FLOOR_BYTES
                        and written > self.limits.max_ratio * max(compressed_size, 1)):
                    raise ArchiveError(413, "compression-ratio",
                                       f"an entry expands more than {self.limits.max_ratio} times "
                                       f"(a zip bomb?): {_shown('/'.join(parts))}")
                out.write(chunk)
        return written


# ---------------------------------------------------------------------------------------------
# Zip archives
# ---------------------------------------------------------------------------------------------


def _declared_entry_count(fh: IO[bytes]) -> int | None:
    """The entry count in the end-of-central-directory record (zip64 aware), read before
    :mod:`zipfile` builds an object per entry; None when it cannot be found (zipfile decides)."""
    try:
        fh.seek(0, io.SEEK_END)
        size = fh.tell()
        start = max(0, size - (22 + 0xFFFF))
        fh.seek(start)
        tail = fh.read()
        pos = tail.rfind(b"PK\x05\x06")
        if pos < 0 or len(tail) < pos + 22:
            return None
        count = struct.unpack("<H", tail[pos + 10:pos + 12])[0]
        if count != 0xFFFF or pos < 20 or tail[pos - 20:pos - 16] != b"PK\x06\x07":
            return count
        offset = struct.unpack("<Q", tail[pos - 12:pos - 4])[0]
        fh.seek(offset)
        record = fh.read(56)
        if record[:4] != b"PK\x06\x06" or len(record) < 40:
            return None
        return struct.unpack("<Q", record[32:40])[0]
    except (OSError, struct.error, ValueError, OverflowError):
        return None
    finally:
        with contextlib.suppress(OSError, ValueError):
            fh.seek(0)


def _entry_kind(info: zipfile.ZipInfo) -> str:
    """'dir', 'file', or what else the entry's Unix mode says it is."""
    mode = info.external_attr >> 16
    fmt = stat.S_IFMT(mode)
    if fmt == stat.S_IFLNK:
        return "a symbolic link"
    if fmt in (stat.S_IFCHR, stat.S_IFBLK):
        return "a device"
    if fmt == stat.S_IFIFO:
        return "a FIFO"
    if fmt == stat.S_IFSOCK:
        return "a socket"
    if fmt == stat.S_IFDIR or info.filename.endswith(("/", "\\")):
        return "dir"
    if fmt not in (0, stat.S_IFREG):
        return "not a regular file"
    return "file"


def unpack_zip(fh: IO[bytes], dest: Path, limits: ArchiveLimits) -> None:
    """Unpack the zip archive read from ``fh`` (seekable) into the empty folder ``dest``."""
    declared = _declared_entry_count(fh)
    if declared is not None and declared > limits.max_entries:
        raise ArchiveError(413, "too-many-entries", f"the archive has more than {limits.max_entries} entries")
    try:
        archive = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, struct.error, UnicodeDecodeError, OverflowError):
        raise ArchiveError(422, "not-a-zip", "the upload is not a readable zip archive") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise ArchiveError(413, "too-many-entries", f"the archive has more than {limits.max_entries} entries")
        planned: list[tuple[zipfile.ZipInfo, tuple[str, ...], str]] = []
        for info in infos:
            parts = safe_parts(info.filename)
            if parts and parts[0] == _SKIPPED_TOP:
                continue
            kind = _entry_kind(info)
            if kind not in ("dir", "file"):
                raise ArchiveError(422, "not-a-regular-file",
                                   f"an entry is {kind}, not a regular file: {_shown(info.filename)}")
            if kind == "file":
                if info.flag_bits & 0x1:
                    raise ArchiveError(422, "encrypted-entry",
                                       f"an entry is encrypted: {_shown(info.filename)}")
                if info.compress_type not in _SUPPORTED_METHODS:
                    raise ArchiveError(422, "unsupported-compression",
                                       f"an entry uses an unsupported compression method: {_shown(info.filename)}")
            planned.append((info, parts, kind))
        # Declared sizes are checked up front (cheap refusal); the real bytes are counted while writing.
        if sum(i.file_size for i, _p, k in planned if k == "file") > limits.max_unpacked_bytes:
            raise ArchiveError(413, "unpacked-too-large",
                               f"the package is larger than {limits.max_unpacked_bytes} bytes unpacked")
        writer = PackageWriter(dest, limits)
        for info, parts, kind in planned:
            writer.count_entry()
            try:
                if kind == "dir":
                    writer.make_dir(parts)
                    continue
                with archive.open(info) as src:
                    writer.write_file(parts, src, compressed_size=info.compress_size)
            except ArchiveError:
                raise
            except OSError as exc:
                if exc.errno == errno.ENOSPC:  # the server's disk, not the archive: an internal error
                    raise
                raise ArchiveError(422, "corrupt-entry",
                                   f"an entry cannot be unpacked ({type(exc).__name__}): {_shown(info.filename)}") from None
            except Exception as exc:  # zlib, bz2, lzma, CRC and truncation errors of a corrupt entry
                raise ArchiveError(422, "corrupt-entry",
                                   f"an entry cannot be unpacked ({type(exc).__name__}): {_shown(info.filename)}") from None


def package_root(dest: Path) -> Path:
    """The package folder inside an unpacked archive: ``dest`` itself, or the single folder that
    holds everything (a zipped package folder), unless ``dest`` has its own application.json."""
    if (dest / "application.json").exists():
        return dest
    entries = list(dest.iterdir())
    if len(entries) == 1 and entries[0].is_dir() and not entries[0].is_symlink():
        return entries[0]
    return dest


# ---------------------------------------------------------------------------------------------
# Sources and the private folder
# ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def private_folder(parent: str | os.PathLike[str] | None = None) -> Iterator[Path]:
    """A fresh folder only this user can read (0700), removed with everything in it on exit."""
    path = Path(tempfile.mkdtemp(prefix="mosprecheck-", dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        if path.exists():  # pragma: no cover - a file made read-only inside; make writable and retry
            for dirpath, dirs, _files in os.walk(path):
                for d in dirs:
                    with contextlib.suppress(OSError):
                        os.chmod(os.path.join(dirpath, d), 0o700)
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def _open_source(source: ZipSource, limits: ArchiveLimits, spool_dir: Path) -> Iterator[IO[bytes]]:
    too_big = ArchiveError(413, "archive-too-large",
                           f"the archive is larger than {limits.max_archive_bytes} bytes")
    if isinstance(source, (bytes, bytearray, memoryview)):
        if len(source) > limits.max_archive_bytes:
            raise too_big
        yield io.BytesIO(bytes(source))
        return
    if isinstance(source, (str, os.PathLike)):
        try:
            fh = open(source, "rb")
        except OSError as exc:
            raise ArchiveError(422, "not-a-zip", f"the archive cannot be read: {exc.strerror}") from None
        with fh:
            if os.fstat(fh.fileno()).st_size > limits.max_archive_bytes:
                raise too_big
            yield fh
        return
    fh = source  # a binary file object: copied (bounded) unless it is seekable
    try:
        seekable = bool(fh.seekable())
    except Exception:
        seekable = False
    if seekable:
        try:
            start = fh.tell()
            size = fh.seek(0, io.SEEK_END) - start
            fh.seek(start)
        except (OSError, ValueError):
            seekable = False
        else:
            if size > limits.max_archive_bytes:
                raise too_big
            if start == 0:
                yield fh
                return
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, dir=spool_dir) as spool:
        copied = 0
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            if not isinstance(chunk, (bytes, bytearray)):
                raise ArchiveError(422, "not-a-zip", "the archive must be read in binary mode")
            copied += len(chunk)
            if copied > limits.max_archive_bytes:
                raise too_big
            spool.write(chunk)
        spool.seek(0)
        yield spool


@contextlib.contextmanager
def unpacked(source: ZipSource, limits: ArchiveLimits | None = None, *,
             parent: str | os.PathLike[str] | None = None) -> Iterator[Path]:
    """Unpack ``source`` (a path to a zip, its bytes or a binary file object) into a private
    temporary folder and yield the package folder in it; the folder is removed on exit, also when
    unpacking fails (:class:`ArchiveError`) or the caller raises."""
    limits = limits or default_limits()
    with private_folder(parent) as tmp:
        dest = tmp / "package"
        dest.mkdir(mode=0o700)
        with _open_source(source, limits, tmp) as fh:
            unpack_zip(fh, dest, limits)
        yield package_root(dest)


__all__ = ["ArchiveError", "ArchiveLimits", "PackageWriter", "default_limits", "is_zip_source", "package_root",
           "private_folder", "safe_parts", "unpack_zip", "unpacked"]
