"""Walk the package folder once, read-only, into :class:`FileFacts`.

Never follows a symbolic link out of the package, never opens a FIFO, socket or device (opening a
FIFO would block), never writes. Each regular file is opened with ``O_NOFOLLOW | O_NONBLOCK`` and
checked with ``fstat`` after opening, so a file swapped for a FIFO between listing and opening is
still not read.

Two passes: the first lists every entry and reads each file's first 64 KiB (type by content), handing
PDFs, JPEGs and PNGs to the :class:`~mosprecheck.inventory.checker.inspector.Inspector` at once; the second
hashes every byte while the inspector's isolated workers parse the same files in parallel. The
second pass checks that each file is still the one the first pass saw (device and inode).

Bounds: at most :data:`MAX_ENTRIES` entries and :data:`MAX_DEPTH` folder levels are walked (what lies
beyond is reported, not silently dropped); a file larger than ``max_read_bytes`` is not hashed or
parsed, only its first bytes are read to name its type (it is over the upload limit anyway).
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..access import OPEN_FLAGS
from ..facts import ALLOWED_CONTENT_TYPES, FileFacts, PdfFacts, ProblemKind
from ..sniff import HEAD_BYTES, name_content, sniff

if TYPE_CHECKING:
    from .inspector import Inspector

#: Read size for hashing.
_CHUNK = 1 << 20
#: Bounds on the walk itself: deeper folders and further entries are not read (and are reported).
MAX_DEPTH = 16
MAX_ENTRIES = 5000


def _problem(rel: str, is_utf8: bool, kind: ProblemKind, problem: str, **more: object) -> FileFacts:
    """Facts of an entry whose content was not read, and why (its type follows from the kind)."""
    detected = "special" if kind == "special" else "symlink" if kind.startswith("symlink") else "unreadable"
    return FileFacts(path=rel, detected_type=detected, name_is_utf8=is_utf8, problem=problem,  # type: ignore[arg-type]
                     problem_kind=kind, **more)  # type: ignore[arg-type]


def display_path(rel_bytes: bytes) -> tuple[str, bool]:
    """A path for the report: UTF-8 decoded, undecodable bytes escaped as ``\\xNN``."""
    try:
        return rel_bytes.decode("utf-8"), True
    except UnicodeDecodeError:
        return rel_bytes.decode("utf-8", "backslashreplace"), False


def walk_package(
    root: str | os.PathLike[str],
    *,
    exclude: frozenset[str] = frozenset(),
    inspector: Inspector | None = None,
    max_read_bytes: int | None = None,
    deadline: float | None = None,
) -> list[FileFacts]:
    """Read every entry under ``root`` into facts, sorted by path.

    ``exclude`` holds relative POSIX paths not to list (the application description itself).
    ``inspector`` parses PDFs and images (structure, encryption, active content, decoding); without
    one, only the inventory facts are gathered. ``max_read_bytes``: files larger than this are not
    hashed or parsed (None: no bound); it also bounds what is read of a file that reports a smaller
    size than it yields (``/proc``, ``/sys``). ``deadline`` (``time.monotonic()``; default: the
    inspector's): entries not reached by then are reported (X005), files not inspected are marked.

    Folders are opened relative to their parent's descriptor with ``O_NOFOLLOW`` and checked to be
    the folder that was listed (device and inode), so a folder swapped for a symbolic link during
    the walk is never entered; every file is opened relative to its folder's descriptor.
    """
    if deadline is None and inspector is not None:
        deadline = inspector.deadline
    root_b = os.fsencode(os.path.abspath(root))
    real_root = os.path.realpath(root_b)
    facts: list[FileFacts] = []
    hashed: list[tuple[int, bytes, tuple[int, int, int, int]]] = []
    try:
        root_fd = os.open(root_b, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return [_problem(".", True, "listing_failed", f"folder cannot be listed: {exc.strerror or exc}")]
    try:
        for rel_b, dir_fd, name_b, st, limit in _entries(root_fd):
            rel, is_utf8 = display_path(rel_b)
            if rel in exclude:
                continue
            name_bytes = len(name_b)
            if len(facts) >= MAX_ENTRIES:
                facts.append(_problem(rel, is_utf8, "entry_limit",
                                      f"not read: the package has more than {MAX_ENTRIES} entries", name_bytes=name_bytes))
                break
            if deadline is not None and time.monotonic() >= deadline:
                facts.append(_problem(rel, is_utf8, "time_budget",
                                      "not read: the time budget for checking the package ran out", name_bytes=name_bytes))
                break
            if limit is not None:
                facts.append(_problem(rel, is_utf8, limit[0], limit[1], name_bytes=name_bytes))  # type: ignore[arg-type]
                continue
            abs_b = root_b + b"/" + rel_b
            f, opened = _facts_for(rel, is_utf8, dir_fd, name_b, abs_b, st, real_root, max_read_bytes,
                                   inspector, len(facts))
            f = replace(f, name_bytes=name_bytes)
            if opened is not None:
                hashed.append((len(facts), opened[0], opened[1]))
            facts.append(f)
            if inspector is not None:
                inspector.poll()
    finally:
        os.close(root_fd)
    if inspector is not None:
        for key, outcome in inspector.finish().items():
            f = facts[key]
            facts[key] = replace(f, unverified=f.unverified or outcome.unverified, image=outcome.image,
                                 pdf=outcome.pdf or f.pdf)
    # Last: every file read must still be the one read (same inode, size and modification time).
    for key, path_b, identity in hashed:
        facts[key] = _still_the_same(facts[key], path_b, identity)
    facts.sort(key=lambda f: f.path)
    return facts


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _open_dir(root_fd: int, rel_b: bytes, expected: tuple[int, int] | None) -> int:
    """A descriptor of the folder ``rel_b`` under the root, every component opened relative to the
    previous one without following links, checked to be the folder listed (device, inode)."""
    fd = os.dup(root_fd)
    try:
        for part in rel_b.split(b"/") if rel_b else ():
            nxt = os.open(part, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = nxt
        st = os.fstat(fd)
        if not stat.S_ISDIR(st.st_mode) or (expected is not None and (st.st_dev, st.st_ino) != expected):
            raise OSError(0, "the folder was replaced while the package was being read")
        return fd
    except BaseException:
        os.close(fd)
        raise


def _entries(root_fd: int) -> Iterator[tuple[bytes, int, bytes, os.stat_result | None, tuple[str, str] | None]]:
    """(relative path, its folder's descriptor, name, lstat or None, limit) of every non-directory
    entry, depth first; ``limit`` is (problem kind, reason) for a folder that was not walked. The
    folder's descriptor is valid until the next entry is asked for."""
    stack: list[tuple[bytes, int, tuple[int, int] | None]] = [(b"", 0, None)]
    while stack:
        rel_dir, depth, expected = stack.pop()
        try:
            dir_fd = _open_dir(root_fd, rel_dir, expected)
        except OSError as exc:
            if rel_dir:
                yield rel_dir, root_fd, rel_dir.rsplit(b"/", 1)[-1], None, (
                    "listing_failed", f"folder cannot be listed: {exc.strerror or exc}")
            continue
        try:
            try:
                with os.scandir(dir_fd) as it:
                    names = sorted(os.fsencode(e.name) for e in it)
            except OSError as exc:
                if rel_dir:
                    yield rel_dir, root_fd, rel_dir.rsplit(b"/", 1)[-1], None, (
                        "listing_failed", f"folder cannot be listed: {exc.strerror or exc}")
                continue
            subdirs = []
            for name in names:
                rel = rel_dir + b"/" + name if rel_dir else name
                try:
                    st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
                except OSError:
                    yield rel, dir_fd, name, None, None
                    continue
                if stat.S_ISDIR(st.st_mode):
                    if depth + 1 < MAX_DEPTH:
                        subdirs.append((rel, depth + 1, (st.st_dev, st.st_ino)))
                    else:
                        yield rel, dir_fd, name, None, ("depth_limit",
                                                        f"folder not walked: nested deeper than {MAX_DEPTH} levels")
                    continue
                yield rel, dir_fd, name, st, None
            stack.extend(reversed(subdirs))
        finally:
            os.close(dir_fd)


def _facts_for(rel, is_utf8, dir_fd, name_b, abs_b, st, real_root, max_read_bytes, inspector, key):
    if st is None:
        return _problem(rel, is_utf8, "unreadable", "cannot be listed"), None
    if stat.S_ISLNK(st.st_mode):
        return _symlink_facts(rel, is_utf8, abs_b, real_root, max_read_bytes, inspector, key)
    if not stat.S_ISREG(st.st_mode):
        return _problem(rel, is_utf8, "special", _special_kind(st.st_mode)), None
    try:
        fd = os.open(name_b, OPEN_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        return _problem(rel, is_utf8, "unreadable", f"cannot be opened: {exc.strerror or exc}"), None
    return _read_regular(rel, is_utf8, fd, abs_b, max_read_bytes, inspector, key, (st.st_dev, st.st_ino))


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _inside(path_b: bytes, real_root: bytes) -> bool:
    return path_b == real_root or path_b.startswith(real_root.rstrip(b"/") + b"/")


def _symlink_facts(rel, is_utf8, abs_b, real_root, max_read_bytes, inspector, key):
    try:
        target = os.readlink(abs_b)
    except OSError:
        target = b"?"
    target_s, _ = display_path(target)
    resolved = os.path.realpath(abs_b)
    if not _inside(resolved, real_root):
        return _problem(rel, is_utf8, "symlink_outside", "symbolic link pointing outside the package (not followed)",
                        symlink_target=target_s), None
    try:
        st = os.stat(resolved, follow_symlinks=False)
    except OSError:
        return _problem(rel, is_utf8, "symlink_broken", "broken symbolic link", symlink_target=target_s), None
    if not stat.S_ISREG(st.st_mode):
        return _problem(rel, is_utf8, "symlink_not_file",
                        "symbolic link to something that is not a regular file (not followed)",
                        symlink_target=target_s), None
    try:
        fd = os.open(resolved, OPEN_FLAGS)
    except OSError as exc:
        return _problem(rel, is_utf8, "unreadable", f"cannot be opened: {exc.strerror or exc}",
                        symlink_target=target_s), None
    opened_at = fd_path(fd)
    if opened_at is not None and not _inside(opened_at, real_root):  # a folder on the way was swapped
        os.close(fd)
        return _problem(rel, is_utf8, "symlink_outside", "symbolic link pointing outside the package (not followed)",
                        symlink_target=target_s), None
    read, opened = _read_regular(rel, is_utf8, fd, resolved, max_read_bytes, inspector, key, (st.st_dev, st.st_ino))
    return replace(read, symlink_target=target_s), opened


def fd_path(fd: int) -> bytes | None:
    """Where an open descriptor leads, as the kernel resolved it (Linux ``/proc/self/fd``), or None."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}".encode())
    except OSError:
        return None


def _read_regular(rel, is_utf8, fd, path_b, max_read_bytes, inspector, key, listed):
    """Read an open regular file once: its first bytes (type, handed to the inspector at once so
    that it parses while this reads on), then every byte for the SHA-256. Closes ``fd``. Returns
    (facts, (path, identity after reading)) or (facts, None) when it was not read in full."""
    try:
        return _read_open(rel, is_utf8, fd, path_b, max_read_bytes, inspector, key, listed)
    except OSError as exc:
        return _problem(rel, is_utf8, "unreadable", f"cannot be read: {exc.strerror or exc}"), None
    finally:
        os.close(fd)


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def _read_open(rel, is_utf8, fd, path_b, max_read_bytes, inspector, key, listed):
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        return _problem(rel, is_utf8, "special", _special_kind(st.st_mode)), None
    if (st.st_dev, st.st_ino) != listed:
        return _problem(rel, is_utf8, "unreadable", "replaced between listing and opening"), None
    whole = max_read_bytes is None or st.st_size <= max_read_bytes
    head = b""
    while len(head) < HEAD_BYTES:  # short reads
        more = os.read(fd, HEAD_BYTES - len(head))
        if not more:
            break
        head += more
    detected, pdf_offset = sniff(head)
    if detected == "empty" and st.st_size > 0:  # not read in full
        detected = "other"
    mime, description = name_content(head)
    facts = FileFacts(path=rel, detected_type=detected, size_bytes=st.st_size, sha256=None, mime=mime,
                      description=description, name_is_utf8=is_utf8, fully_read=whole,
                      pdf=PdfFacts(header_offset=pdf_offset) if detected == "pdf" else None)
    if len(head) > st.st_size:
        # It yields more than it says it holds (/proc, /sys, a file that grows): not a stable file.
        return replace(facts, unverified="changed", sha256=None, pdf=None), None
    if not whole:
        return facts, None
    if inspector is not None and detected in ALLOWED_CONTENT_TYPES:
        if inspector.out_of_time:
            facts = replace(facts, unverified="budget")
        else:
            inspector.submit(key, path_b, detected, dev=st.st_dev, ino=st.st_ino, size=st.st_size,
                             header_offset=pdf_offset, rel=rel)  # returned in the PDF facts
    digest = hashlib.sha256(head)
    size = len(head)
    bound = st.st_size
    while True:
        chunk = os.read(fd, min(_CHUNK, bound + 1 - size))
        if not chunk:
            break
        digest.update(chunk)
        size += len(chunk)
        if size > bound:  # grew while it was read: stop, never read on and on
            return replace(facts, unverified="changed", size_bytes=size), None
        if inspector is not None:
            inspector.poll()
    after = os.fstat(fd)
    if size != st.st_size or _identity(after) != _identity(st):
        return replace(facts, unverified="changed", size_bytes=max(size, after.st_size)), None
    return replace(facts, sha256=digest.hexdigest(), size_bytes=size), (path_b, _identity(after))


def _still_the_same(f: FileFacts, path_b: bytes, identity: tuple[int, int, int, int]) -> FileFacts:
    """``f`` unchanged when the file at ``path_b`` (not followed if a link) is still the one read;
    else marked changed, with its size now (a file that grew past the limit is judged at it)."""
    try:
        st = os.stat(path_b, follow_symlinks=False)
    except OSError:
        return replace(f, unverified=f.unverified or "changed")
    if _identity(st) == identity:
        return f
    return replace(f, unverified=f.unverified or "changed", size_bytes=max(f.size_bytes or 0, st.st_size))


def package_root_is_valid(path: str | os.PathLike[str]) -> str | None:
    """None when ``path`` is a readable folder that can be a package, else a one-line reason (for a
    usage error): not found, not a folder, unreadable (it is opened and listed), or the root of the
    filesystem (never a package; checking it would read the whole machine)."""
    p = Path(path)
    try:
        if not p.exists():
            return f"package folder not found: {p}"
        if not p.is_dir():
            return f"not a folder: {p}"
        if os.path.realpath(p) == os.path.realpath(os.sep) or os.path.realpath(p) == os.path.abspath(os.sep):
            return f"the root of the filesystem is not a package folder: {p}"
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NONBLOCK", 0))
        try:
            with os.scandir(fd) as it:
                next(it, None)
        finally:
            os.close(fd)
    except OSError as exc:
        return f"package folder cannot be read: {p} ({exc.strerror or exc})"
    except ValueError:  # a path with a NUL byte
        return f"not a valid folder name: {p!s:.200}"
    return None
