"""Other files appended after the end of an accepted one (polyglots): what the bytes after a PDF's
last ``%%EOF``, a JPEG's end of image or a PNG's ``IEND`` chunk form, when they form a file; and
other files hidden before the end: a file any archive program opens as a ZIP (its directory at the
end), a ZIP or an HTML page between a PDF's ``%%EOF`` and an incremental update, a PDF or a ZIP
inside a JPEG's metadata segment."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from .bounds import Buffer, BufferReader

#: Signatures of files that must not follow the end of an accepted file (the corpus's polyglot
#: policy): archives, documents, executables, scripts and images.
_APPENDED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"), (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"PK\x07\x08", "zip"),
    (b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"GIF8", "gif"), (b"\x7fELF", "elf"),
    (b"MZ", "exe"), (b"7z\xbc\xaf\x27\x1c", "7z"), (b"Rar!\x1a\x07", "rar"), (b"\x1f\x8b\x08", "gzip"),
    (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"), (b"RIFF", "riff"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
    (b"#!", "script"), (b"{\\rtf", "rtf"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"),
)
_APPENDED_MARKUP = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|\?php)\b", re.I)
_PADDING = b" \t\r\n\x00\x0c"


def appended_file(data: Buffer, start: int) -> str | None:
    """What the bytes from ``start`` to the end form when they form another file: its kind (``zip``,
    ``html``, ``pdf``...), else None (nothing, padding, or bytes of no known kind). A ZIP is
    recognised anywhere in them (readers find its end record from the end of the file)."""
    size = len(data)
    if start >= size:
        return None
    head = bytes(data[start:start + 4096])
    stripped = head.lstrip(_PADDING)
    if not stripped:
        if size - start <= len(head):
            return None
    for magic, kind in _APPENDED_MAGIC:
        if stripped.startswith(magic):
            return kind
    if _APPENDED_MARKUP.search(head):
        return "html"
    if data.find(b"PK\x05\x06", max(start, size - 65_557)) >= 0 or data.find(b"PK\x03\x04", start, start + 65_536) >= 0:
        return "zip"
    return None


def pdf_appended(data: Buffer) -> str | None:
    """What follows the last ``%%EOF`` of a PDF, when it forms another file."""
    end = data.rfind(b"%%EOF")
    return None if end < 0 else appended_file(data, end + 5)


# --- other files hidden before the end -----------------------------------------------------------

#: The end-of-central-directory record is at most this far from a ZIP's end (22 bytes + a comment
#: of up to 65,535): where ``unzip`` and :func:`zipfile.is_zipfile` look for it.
_ZIP_TAIL = 22 + 65_535
#: A central directory declared larger than this is not read (no real polyglot has one; reading it
#: would cost time for nothing): the file is then not called a ZIP.
_ZIP_MAX_DIRECTORY = 8 * 1024 * 1024
_ZIP_MAX_ENTRIES = 65_535


def opens_as_zip(data: Buffer) -> bool:
    """True when an archive program would open the file as a ZIP: an end-of-central-directory record
    in its last 64 KiB (:func:`zipfile.is_zipfile`) whose central directory really parses (every
    entry's header read by :meth:`zipfile.ZipFile.infolist`). Bounded: the tail and a directory of at
    most :data:`_ZIP_MAX_DIRECTORY` bytes are read, never an entry's data. Never raises."""
    import struct
    import zipfile

    size = len(data)
    record = data.rfind(b"PK\x05\x06", max(0, size - _ZIP_TAIL))
    if record < 0 or record + 22 > size:
        return False
    try:
        _sig, _disk, _cd_disk, _here, entries, cd_size, _cd_offset, _comment = struct.unpack(
            "<4s4H2LH", bytes(data[record:record + 22]))
        if entries > _ZIP_MAX_ENTRIES or (cd_size > _ZIP_MAX_DIRECTORY and cd_size != 0xFFFFFFFF):
            return False
        fh = BufferReader(data)
        if not zipfile.is_zipfile(fh):  # type: ignore[arg-type]
            return False
        with zipfile.ZipFile(fh) as archive:  # type: ignore[arg-type]
            return len(archive.infolist()) > 0
    except Exception:  # not a ZIP after all (a stray signature, a directory that does not parse)
        return False


#: Files recognised inside a JPEG's metadata segments (APPn, COM): a PDF or a ZIP archive. (EXIF
#: carries a JPEG thumbnail, XMP and ICC profiles carry text and binary tables: never called files.)
_SEGMENT_MAGIC: tuple[tuple[bytes, str], ...] = ((b"%PDF-", "pdf"), (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"))
_MAX_SEGMENTS = 4096


def jpeg_segments_hold_file(data: Buffer) -> str | None:
    """The kind of another file (``pdf``, ``zip``) carried inside one of a JPEG's metadata segments
    (APP0-APP15 or a comment) before its first scan, else None. Reads the marker structure only."""
    size = len(data)
    pos = 2
    if bytes(data[:2]) != b"\xff\xd8":
        return None
    for _ in range(_MAX_SEGMENTS):
        if pos + 4 > size or data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: metadata comes before
            return None
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        length = int.from_bytes(bytes(data[pos + 2:pos + 4]), "big")
        if length < 2:
            return None
        start, end = pos + 4, min(size, pos + 2 + length)
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            for magic, kind in _SEGMENT_MAGIC:
                if data.find(magic, start, end) >= 0:
                    return kind
        pos = pos + 2 + length
    return None


#: What begins an object, a cross-reference section or a trailer (where an update starts).
_NEXT_SECTION = re.compile(rb"\d{1,10}\s+\d{1,5}\s+obj\b|xref\b|trailer\b|startxref\b|endstream\b|endobj\b")
_MAX_EOF_MARKERS = 1000
_GAP_LOOK = 65_536


def _gap_file(gap: bytes) -> str | None:
    """What the bytes between one ``%%EOF`` and the next section form, when they form a file."""
    stripped = gap.lstrip(_PADDING)
    if not stripped:
        return None
    for magic, kind in _APPENDED_MAGIC:
        if stripped.startswith(magic):
            return kind
    if _APPENDED_MARKUP.search(stripped[:4096]):
        return "html"
    if b"PK\x03\x04" in stripped or b"PK\x05\x06" in stripped:
        return "zip"
    return None


def pdf_between_updates(data: Buffer) -> str | None:
    """What lies between a ``%%EOF`` that is not the last and the incremental update that follows
    it (its next object, cross-reference section or trailer), when it forms another file: a ZIP or
    an HTML page hidden where readers skip, the file still opening as a valid PDF. Only the first
    :data:`_GAP_LOOK` bytes after each marker are looked at."""
    last = data.rfind(b"%%EOF")
    if last < 0:
        return None
    pos, seen = 0, 0
    while seen < _MAX_EOF_MARKERS:
        at = data.find(b"%%EOF", pos, last)
        if at < 0:
            return None
        seen += 1
        start = at + 5
        window = bytes(data[start:min(start + _GAP_LOOK, last)])
        found = _NEXT_SECTION.search(window)
        kind = _gap_file(window[:found.start()] if found else window)
        if kind is not None:
            return kind
        pos = start
    return None


def image_hidden_file(facts: Any, data: Buffer, kind: str) -> Any:
    """An image's facts with another file hidden before its end recorded (``appended`` and
    ``appended_where``), when nothing was found after its end: a PDF or a ZIP in a JPEG's
    metadata segment (``app_segment``), or a file that opens as a ZIP (``opens_as_zip``). Never
    raises."""
    if getattr(facts, "appended", None):
        return facts
    try:
        found = jpeg_segments_hold_file(data) if kind == "jpeg" else None
        if found is not None:
            return dataclasses.replace(facts, appended=found, appended_where="app_segment")
        if opens_as_zip(data):
            return dataclasses.replace(facts, appended="zip", appended_where="opens_as_zip")
    except Exception:
        pass
    return facts
