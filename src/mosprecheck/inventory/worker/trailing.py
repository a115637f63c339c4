"""Other files appended after the end of an accepted one (polyglots): what the bytes after a PDF's
last ``%%EOF``, a JPEG's end of image or a PNG's ``IEND`` chunk form, when they form a file."""

from __future__ import annotations

import re

from .bounds import Buffer

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
