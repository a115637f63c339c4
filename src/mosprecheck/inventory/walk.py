"""Walk the package folder once, read-only, into :class:`FileFacts`.

Never follows a symbolic link out of the package, never opens a FIFO, socket or device (opening a
FIFO would block), never writes. Each regular file is opened with ``O_NOFOLLOW | O_NONBLOCK`` and
checked with ``fstat`` after opening, so a file swapped for a FIFO between listing and opening is
still not read.

Two passes: the first lists every entry and reads each file's first 64 KiB (type by content), handing
PDFs, JPEGs and PNGs to the :class:`~mosprecheck.inventory.worker.Inspector` at once; the second
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
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .facts import ALLOWED_CONTENT_TYPES, FileFacts, PdfFacts, ProblemKind
from .sniff import HEAD_BYTES, name_content, sniff

if TYPE_CHECKING:
    from .worker import Inspector

#: Read size for hashing.
_CHUNK = 1 << 20
#: Bounds on the walk itself: deeper folders and further entries are not read (and are reported).
MAX_DEPTH = 16
MAX_ENTRIES = 5000

#: How every file is opened, here and in the inspector's worker: read-only, never through a link,
#: never blocking on a FIFO, never becoming a controlling terminal.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


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
) -> list[FileFacts]:
    """Read every entry under ``root`` into facts, sorted by path.

    ``exclude`` holds relative POSIX paths not to list (the application description itself).
    ``inspector`` parses PDFs and images (structure, encryption, active content, decoding); without
    one, only the inventory facts are gathered. ``max_read_bytes``: files larger than this are not
    hashed or parsed (None: no bound).
    """
    root_b = os.fsencode(os.path.abspath(root))
    real_root = os.path.realpath(root_b)
    facts: list[FileFacts] = []
    to_hash: list[tuple[int, tuple[bytes, int, int]]] = []
    # First pass: list every entry, read each file's first bytes (type) and hand PDFs and images to
    # the inspector at once, so that parsing starts while the second pass hashes.
    for rel_b, abs_b, st, limit in _entries(root_b):
        rel, is_utf8 = display_path(rel_b)
        if rel in exclude:
            continue
        name_bytes = len(rel_b.rsplit(b"/", 1)[-1])
        if len(facts) >= MAX_ENTRIES:
            facts.append(_problem(rel, is_utf8, "entry_limit", f"not read: the package has more than {MAX_ENTRIES} entries",
                                  name_bytes=name_bytes))
            break
        if limit is not None:
            facts.append(_problem(rel, is_utf8, limit[0], limit[1], name_bytes=name_bytes))  # type: ignore[arg-type]
            continue
        f, opened = _facts_for(rel, is_utf8, abs_b, st, real_root, max_read_bytes)
        f = replace(f, name_bytes=name_bytes)
        if opened is not None and inspector is not None and f.fully_read and f.detected_type in ALLOWED_CONTENT_TYPES:
            read_path, dev, ino = opened
            inspector.submit(len(facts), read_path, f.detected_type, dev=dev, ino=ino, size=f.size_bytes or 0,
                             header_offset=f.pdf.header_offset if f.pdf else None)  # returned in the PDF facts
        if opened is not None and f.fully_read:
            to_hash.append((len(facts), opened))
        facts.append(f)
    # Second pass: hash every byte, while the inspector's workers parse the same files in parallel.
    for key, (path_b, dev, ino) in to_hash:
        facts[key] = _hashed(facts[key], path_b, dev, ino)
        if inspector is not None:
            inspector.poll()
    if inspector is not None:
        for key, outcome in inspector.finish().items():
            f = facts[key]
            facts[key] = replace(f, unverified=f.unverified or outcome.unverified, image=outcome.image,
                                 pdf=outcome.pdf or f.pdf)
    facts.sort(key=lambda f: f.path)
    return facts


def _entries(root_b: bytes) -> Iterator[tuple[bytes, bytes, os.stat_result | None, tuple[str, str] | None]]:
    """(relative path, absolute path, lstat or None, limit) of every non-directory entry, depth first;
    ``limit`` is (problem kind, reason) for a folder that was not walked."""
    stack: list[tuple[bytes, int]] = [(b"", 0)]
    while stack:
        rel_dir, depth = stack.pop()
        abs_dir = os.path.join(root_b, rel_dir) if rel_dir else root_b
        try:
            with os.scandir(abs_dir) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            if rel_dir:
                yield rel_dir, abs_dir, None, ("listing_failed", f"folder cannot be listed: {exc.strerror or exc}")
            continue
        subdirs = []
        for entry in entries:
            rel = rel_dir + b"/" + entry.name if rel_dir else entry.name
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                yield rel, entry.path, None, None
                continue
            if stat.S_ISDIR(st.st_mode):
                if depth + 1 < MAX_DEPTH:
                    subdirs.append((rel, depth + 1))
                else:
                    yield rel, entry.path, None, ("depth_limit",
                                                  f"folder not walked: nested deeper than {MAX_DEPTH} levels")
                continue
            yield rel, entry.path, st, None
        stack.extend(reversed(subdirs))


def _facts_for(rel, is_utf8, abs_b, st, real_root, max_read_bytes) -> tuple[FileFacts, tuple[bytes, int, int] | None]:
    if st is None:
        return _problem(rel, is_utf8, "unreadable", "cannot be listed"), None
    if stat.S_ISLNK(st.st_mode):
        return _symlink_facts(rel, is_utf8, abs_b, real_root, max_read_bytes)
    if not stat.S_ISREG(st.st_mode):
        return _problem(rel, is_utf8, "special", _special_kind(st.st_mode)), None
    return _read_regular(rel, is_utf8, abs_b, max_read_bytes)


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _symlink_facts(rel, is_utf8, abs_b, real_root, max_read_bytes):
    try:
        target = os.readlink(abs_b)
    except OSError:
        target = b"?"
    target_s, _ = display_path(target)
    resolved = os.path.realpath(abs_b)
    inside = resolved == real_root or resolved.startswith(real_root + b"/")
    if not inside:
        return _problem(rel, is_utf8, "symlink_outside", "symbolic link pointing outside the package (not followed)",
                        symlink_target=target_s), None
    try:
        st = os.stat(resolved)
    except OSError:
        return _problem(rel, is_utf8, "symlink_broken", "broken symbolic link", symlink_target=target_s), None
    if not stat.S_ISREG(st.st_mode):
        return _problem(rel, is_utf8, "symlink_not_file",
                        "symbolic link to something that is not a regular file (not followed)",
                        symlink_target=target_s), None
    read, opened = _read_regular(rel, is_utf8, resolved, max_read_bytes)
    return replace(read, symlink_target=target_s), opened


def _read_regular(rel, is_utf8, abs_b, max_read_bytes) -> tuple[FileFacts, tuple[bytes, int, int] | None]:
    """Open the file and read its first bytes; (facts without the hash, (path, device, inode))."""
    try:
        fd = os.open(abs_b, OPEN_FLAGS)
    except OSError as exc:
        return _problem(rel, is_utf8, "unreadable", f"cannot be opened: {exc.strerror or exc}"), None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return _problem(rel, is_utf8, "special", _special_kind(st.st_mode)), None
        whole = max_read_bytes is None or st.st_size <= max_read_bytes
        head = os.read(fd, HEAD_BYTES)
        while len(head) < HEAD_BYTES:  # short reads
            more = os.read(fd, HEAD_BYTES - len(head))
            if not more:
                break
            head += more
    except OSError as exc:
        return _problem(rel, is_utf8, "unreadable", f"cannot be read: {exc.strerror or exc}"), None
    finally:
        os.close(fd)
    detected, pdf_offset = sniff(head)
    if detected == "empty" and st.st_size > 0:  # grew since it was listed, or not read in full
        detected = "other"
    mime, description = name_content(head)
    facts = FileFacts(path=rel, detected_type=detected, size_bytes=st.st_size, sha256=None, mime=mime,
                      description=description, name_is_utf8=is_utf8, fully_read=whole,
                      pdf=PdfFacts(header_offset=pdf_offset) if detected == "pdf" else None)
    return facts, (abs_b, st.st_dev, st.st_ino)


def _hashed(f: FileFacts, path_b: bytes, dev: int, ino: int) -> FileFacts:
    """``f`` with the SHA-256 and size of every byte of the file, read again (read-only, no links
    followed) and checked to be the same file as in the first pass."""
    try:
        fd = os.open(path_b, OPEN_FLAGS)
    except OSError as exc:
        return replace(f, detected_type="unreadable", problem=f"cannot be opened: {exc.strerror or exc}",
                       problem_kind="unreadable", pdf=None)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != (dev, ino):
            return replace(f, unverified="changed")
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(fd, "rb", buffering=0, closefd=False) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        return replace(f, detected_type="unreadable", problem=f"cannot be read: {exc.strerror or exc}",
                       problem_kind="unreadable", pdf=None)
    finally:
        os.close(fd)
    return replace(f, sha256=digest.hexdigest(), size_bytes=size)


def package_root_is_valid(path: str | os.PathLike[str]) -> str | None:
    """None when ``path`` is a readable folder, else a one-line reason (for a usage error)."""
    p = Path(path)
    if not p.exists():
        return f"package folder not found: {p}"
    if not p.is_dir():
        return f"not a folder: {p}"
    if not os.access(p, os.R_OK | os.X_OK):
        return f"package folder cannot be read: {p}"
    return None
