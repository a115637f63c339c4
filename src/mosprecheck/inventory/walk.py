"""Walk the package folder once, read-only, into :class:`FileFacts`.

Never follows a symbolic link out of the package, never opens a FIFO, socket or device (opening a
FIFO would block), never writes. Each regular file is opened with ``O_NOFOLLOW | O_NONBLOCK`` and
checked with ``fstat`` after opening, so a file swapped for a FIFO between listing and opening is
still not read.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from .facts import FileFacts, PdfFacts
from .sniff import HEAD_BYTES, name_content, sniff

#: Read size for hashing.
_CHUNK = 1 << 20
#: Bounds on the walk itself: deeper folders and further entries are not read.
MAX_DEPTH = 16
MAX_ENTRIES = 5000

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


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
    inspect: Callable[[FileFacts, str], FileFacts] | None = None,
) -> list[FileFacts]:
    """Read every entry under ``root`` into facts, sorted by path.

    ``exclude`` holds relative POSIX paths not to list (the application description itself).
    ``inspect`` (path facts, absolute path) -> facts deepens the facts of a readable file.
    """
    root_b = os.fsencode(os.path.abspath(root))
    real_root = os.path.realpath(root_b)
    facts: list[FileFacts] = []
    for rel_b, abs_b, st in _entries(root_b):
        rel, is_utf8 = display_path(rel_b)
        if rel in exclude:
            continue
        if len(facts) >= MAX_ENTRIES:
            facts.append(FileFacts(path=rel, detected_type="unreadable", name_is_utf8=is_utf8,
                                   problem=f"not read: the package has more than {MAX_ENTRIES} entries"))
            break
        facts.append(_facts_for(rel, is_utf8, abs_b, st, real_root, inspect))
    facts.sort(key=lambda f: f.path)
    return facts


def _entries(root_b: bytes) -> Iterator[tuple[bytes, bytes, os.stat_result | None]]:
    """(relative path, absolute path, lstat or None) of every non-directory entry, depth first."""
    stack: list[tuple[bytes, int]] = [(b"", 0)]
    while stack:
        rel_dir, depth = stack.pop()
        abs_dir = os.path.join(root_b, rel_dir) if rel_dir else root_b
        try:
            with os.scandir(abs_dir) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            if rel_dir:
                yield rel_dir, abs_dir, None
            continue
        for entry in entries:
            rel = rel_dir + b"/" + entry.name if rel_dir else entry.name
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                yield rel, entry.path, None
                continue
            if stat.S_ISDIR(st.st_mode):
                if depth + 1 < MAX_DEPTH:
                    stack.append((rel, depth + 1))
                continue
            yield rel, entry.path, st


def _facts_for(rel, is_utf8, abs_b, st, real_root, inspect) -> FileFacts:
    if st is None:
        return FileFacts(path=rel, detected_type="unreadable", name_is_utf8=is_utf8, problem="cannot be listed")
    if stat.S_ISLNK(st.st_mode):
        return _symlink_facts(rel, is_utf8, abs_b, real_root, inspect)
    if not stat.S_ISREG(st.st_mode):
        return FileFacts(path=rel, detected_type="special", name_is_utf8=is_utf8, size_bytes=None,
                         problem=_special_kind(st.st_mode))
    return _read_regular(rel, is_utf8, abs_b, inspect)


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _symlink_facts(rel, is_utf8, abs_b, real_root, inspect) -> FileFacts:
    try:
        target = os.readlink(abs_b)
    except OSError:
        target = b"?"
    target_s, _ = display_path(target)
    resolved = os.path.realpath(abs_b)
    inside = resolved == real_root or resolved.startswith(real_root + b"/")
    if not inside:
        return FileFacts(path=rel, detected_type="symlink", name_is_utf8=is_utf8, symlink_target=target_s,
                         problem="symbolic link pointing outside the package (not followed)")
    try:
        st = os.stat(resolved)
    except OSError:
        return FileFacts(path=rel, detected_type="symlink", name_is_utf8=is_utf8, symlink_target=target_s,
                         problem="broken symbolic link")
    if not stat.S_ISREG(st.st_mode):
        return FileFacts(path=rel, detected_type="symlink", name_is_utf8=is_utf8, symlink_target=target_s,
                         problem="symbolic link to something that is not a regular file (not followed)")
    read = _read_regular(rel, is_utf8, resolved, inspect)
    return replace(read, symlink_target=target_s)


def _read_regular(rel, is_utf8, abs_b, inspect) -> FileFacts:
    try:
        fd = os.open(abs_b, _OPEN_FLAGS)
    except OSError as exc:
        return FileFacts(path=rel, detected_type="unreadable", name_is_utf8=is_utf8,
                         problem=f"cannot be opened: {exc.strerror or exc}")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return FileFacts(path=rel, detected_type="special", name_is_utf8=is_utf8, problem=_special_kind(st.st_mode))
        digest = hashlib.sha256()
        head = b""
        size = 0
        with os.fdopen(fd, "rb", buffering=0, closefd=False) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        return FileFacts(path=rel, detected_type="unreadable", name_is_utf8=is_utf8,
                         problem=f"cannot be read: {exc.strerror or exc}")
    finally:
        os.close(fd)
    detected, pdf_offset = sniff(head)
    mime, description = name_content(head)
    facts = FileFacts(path=rel, detected_type=detected, size_bytes=size, sha256=digest.hexdigest(),
                      mime=mime, description=description, name_is_utf8=is_utf8,
                      pdf=PdfFacts(header_offset=pdf_offset) if detected == "pdf" else None)
    if inspect is not None and detected in ("pdf", "jpeg", "png"):
        facts = inspect(facts, os.fsdecode(abs_b))
    return facts


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
