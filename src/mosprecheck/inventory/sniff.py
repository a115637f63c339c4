"""Type by content: magic bytes for the three accepted types, libmagic to name anything else.

The extension is never trusted. libmagic (python-magic) is used only to *name* what a file really is;
when it is not installed the checker still works and names the type from a small built-in table.
"""

from __future__ import annotations

import functools
from typing import Any

from .facts import DetectedType

#: Bytes read from the start of a file for sniffing and naming.
HEAD_BYTES = 65536
#: A PDF header found later than byte 0 but within this many bytes is still a PDF (with a defect);
#: readers such as Acrobat accept a header within the first 1024 bytes.
PDF_HEADER_WINDOW = 1024

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SOI = b"\xff\xd8\xff"


def sniff(head: bytes) -> tuple[DetectedType, int | None]:
    """Detect the type from the first bytes. Returns (type, PDF header offset or None)."""
    if not head:
        return "empty", None
    if head.startswith(b"%PDF-"):
        return "pdf", 0
    if head.startswith(JPEG_SOI):
        return "jpeg", None
    if head.startswith(PNG_SIGNATURE):
        return "png", None
    offset = head.find(b"%PDF-", 0, PDF_HEADER_WINDOW)
    if offset > 0:
        return "pdf", offset
    return "other", None


# A few names for when libmagic is missing (ordered: first match wins).
_FALLBACK_NAMES: tuple[tuple[bytes, int, str, str], ...] = (
    (b"PK\x03\x04", 0, "application/zip", "Zip archive (or an Office document: DOCX, XLSX, ODT)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "application/x-ole-storage", "Microsoft Office document (OLE2: DOC, XLS)"),
    (b"GIF8", 0, "image/gif", "GIF image"),
    (b"BM", 0, "image/bmp", "BMP image"),
    (b"II*\x00", 0, "image/tiff", "TIFF image"),
    (b"MM\x00*", 0, "image/tiff", "TIFF image"),
    (b"RIFF", 0, "image/webp", "WebP image (RIFF)"),
    (b"ftypheic", 4, "image/heic", "HEIC image"),
    (b"ftypheix", 4, "image/heic", "HEIC image"),
    (b"ftypmif1", 4, "image/heif", "HEIF image"),
    (b"ftypavif", 4, "image/avif", "AVIF image"),
    (b"\x00\x00\x00\x0cjP  ", 0, "image/jp2", "JPEG 2000 image"),
    (b"7z\xbc\xaf\x27\x1c", 0, "application/x-7z-compressed", "7-zip archive"),
    (b"Rar!", 0, "application/x-rar", "RAR archive"),
    (b"\x1f\x8b", 0, "application/gzip", "gzip compressed data"),
    (b"{\\rtf", 0, "text/rtf", "Rich Text Format document"),
    (b"%!PS", 0, "application/postscript", "PostScript document"),
    (b"MZ", 0, "application/x-dosexec", "Windows executable"),
    (b"\x7fELF", 0, "application/x-executable", "ELF executable"),
)


@functools.lru_cache(maxsize=1)
def _magic() -> tuple[Any, Any] | None:
    try:
        import magic  # python-magic; needs the libmagic shared library
    except Exception:  # ImportError, or OSError when libmagic itself is missing
        return None
    try:
        return magic.Magic(mime=True), magic.Magic()
    except Exception:
        return None


def libmagic_available() -> bool:
    """True when python-magic and libmagic are usable."""
    return _magic() is not None


def name_content(head: bytes) -> tuple[str | None, str | None]:
    """(MIME type, human description) of a file's first bytes."""
    if not head:
        return "application/x-empty", "empty"
    m = _magic()
    if m is not None:
        try:
            mime, desc = m[0].from_buffer(head), m[1].from_buffer(head)
            return _clean(mime), _clean(desc)
        except Exception:
            pass
    for sig, offset, mime, desc in _FALLBACK_NAMES:
        if head[offset : offset + len(sig)] == sig:
            return mime, desc
    lowered = head[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "text/html", "HTML document"
    if lowered.startswith(b"<?xml") or lowered.startswith(b"<svg"):
        return "text/xml", "XML document"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream", "data"
    return "text/plain", "text"


_FRIENDLY = {
    "image/webp": "WebP image",
    "image/heic": "HEIC image (iPhone photo format)",
    "image/heif": "HEIF image",
    "image/avif": "AVIF image",
    "image/gif": "GIF image",
    "image/bmp": "BMP image",
    "image/x-ms-bmp": "BMP image",
    "image/tiff": "TIFF image",
    "image/jp2": "JPEG 2000 image",
    "image/svg+xml": "SVG image",
    "image/vnd.adobe.photoshop": "Photoshop image (PSD)",
    "image/vnd.microsoft.icon": "Windows icon",
    "text/html": "HTML document",
    "text/plain": "plain text",
    "text/rtf": "Rich Text Format document",
    "application/zip": "Zip archive",
    "application/x-7z-compressed": "7-zip archive",
    "application/x-tar": "tar archive",
    "application/gzip": "gzip archive",
    "application/msword": "Microsoft Word document (DOC)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Microsoft Word document (DOCX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Microsoft Excel workbook (XLSX)",
    "application/vnd.oasis.opendocument.text": "OpenDocument text (ODT)",
    "application/postscript": "PostScript document",
    "application/x-dosexec": "Windows executable",
    "application/x-executable": "executable program",
    "application/x-sharedlib": "executable program",
    "application/x-empty": "empty file",
}


#: A known MIME type as a neutral id of its kind and the format's own name (a proper noun in every
#: language): the messages say "a {format} image" in each language (``by_value.content``); any other
#: type is ``other`` and libmagic's description is shown as a technical detail, never as a sentence.
_CONTENT = {
    "image/webp": ("image", "WebP"), "image/heic": ("image", "HEIC"), "image/heif": ("image", "HEIF"),
    "image/avif": ("image", "AVIF"), "image/gif": ("image", "GIF"), "image/bmp": ("image", "BMP"),
    "image/x-ms-bmp": ("image", "BMP"), "image/tiff": ("image", "TIFF"), "image/jp2": ("image", "JPEG 2000"),
    "image/svg+xml": ("image", "SVG"), "image/vnd.adobe.photoshop": ("image", "Photoshop (PSD)"),
    "image/vnd.microsoft.icon": ("image", "ICO"), "text/html": ("html", "HTML"), "text/plain": ("text", ""),
    "text/rtf": ("word_processor", "RTF"), "application/zip": ("archive", "Zip"),
    "application/x-7z-compressed": ("archive", "7-Zip"), "application/x-tar": ("archive", "tar"),
    "application/gzip": ("archive", "gzip"), "application/msword": ("word_processor", "Microsoft Word (DOC)"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("word_processor",
                                                                                "Microsoft Word (DOCX)"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("spreadsheet", "Microsoft Excel (XLSX)"),
    "application/vnd.oasis.opendocument.text": ("word_processor", "OpenDocument (ODT)"),
    "application/postscript": ("postscript", "PostScript"), "application/x-dosexec": ("program", ""),
    "application/x-executable": ("program", ""), "application/x-sharedlib": ("program", ""),
    "application/x-empty": ("empty", ""),
}


def content_kind(mime: str | None, description: str | None) -> tuple[str, str]:
    """(neutral id, format name) of a file's content for messages: a known MIME type's kind
    (``image``, ``word_processor``...), else ``other`` (libmagic described it) or ``unknown``."""
    if mime in _CONTENT:
        return _CONTENT[mime]
    return ("other", "") if description else ("unknown", "")


def friendly_name(mime: str | None, description: str | None) -> str:
    """A short name for a type, for messages: a known MIME type's name, else libmagic's description
    cut to its first clauses."""
    if mime in _FRIENDLY:
        return _FRIENDLY[mime]
    if description:
        short = ", ".join(description.split(", ")[:2])
        return short if len(short) <= 80 else short[:77] + "..."
    return mime or "unknown data"


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text[:200] or None
