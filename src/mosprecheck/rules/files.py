"""File-level rules: what the MOS portal accepts (type by content, size)."""

from __future__ import annotations

from collections.abc import Iterator

from ..inventory.sniff import friendly_name
from ..report.models import Category
from .registry import CheckContext, Finding, rule


@rule(
    code="F001",
    name="file-type-not-allowed",
    category=Category.UPLOAD_BLOCKER,
    title="File type the portal does not accept",
    legal_basis=None,
    message={
        "pl": "Plik „{file}” nie jest dokumentem PDF, JPEG ani PNG; jego zawartość to: {description}. "
        "Portal MOS nie przyjmie tego pliku.",
        "en": "File '{file}' is not a PDF, JPEG or PNG document; its content is: {description}. "
        "The MOS portal will not accept it.",
    },
    remedy={
        "pl": "Zapisz dokument jako PDF (dokumenty, skany) lub JPEG (zdjęcie) i dołącz ten plik zamiast obecnego.",
        "en": "Save the document as PDF (documents, scans) or JPEG (the photo) and attach that file instead.",
    },
)
def file_type_not_allowed(c: CheckContext) -> Iterator[Finding]:
    """The type is judged by content (magic bytes), never by the extension.

    Why the office objects: the portal accepts PDF, JPEG and PNG attachments only (requirements.md §8 F1).
    """
    allowed = set(c.rulebook.value("upload.allowed_types", ()))
    if not allowed:
        return
    for f in c.files:
        if f.detected_type == "other" or (f.detected_type in ("pdf", "jpeg", "png") and f.detected_type not in allowed):
            yield Finding(file=f.path, ctx={"file": f.path, "description": friendly_name(f.mime, f.description),
                                             "mime": f.mime, "libmagic": f.description, "allowed": sorted(allowed)})


@rule(
    code="F002",
    name="file-too-large",
    category=Category.UPLOAD_BLOCKER,
    title="File larger than the portal's per-file limit",
    legal_basis=None,
    message={
        "pl": "Plik „{file}” ma {size_bytes:n} bajtów, więcej niż {limit_bytes:n} bajtów, "
        "największy rozmiar pliku przyjmowany przez portal MOS.",
        "en": "File '{file}' is {size_bytes:n} bytes, more than {limit_bytes:n} bytes, "
        "the largest file the MOS portal accepts.",
    },
    remedy={
        "pl": "Zmniejsz plik (skan w rozdzielczości 200–300 dpi, kompresja JPEG w PDF) albo podziel dokument "
        "na części, każdą poniżej {limit_bytes:n} bajtów.",
        "en": "Make the file smaller (scan at 200-300 dpi, JPEG compression inside the PDF) or split the "
        "document into parts, each under {limit_bytes:n} bytes.",
    },
)
def file_too_large(c: CheckContext) -> Iterator[Finding]:
    """A single file over the portal's limit (rulebook ``upload.max_file_bytes``, the conservative 10^6 reading)."""
    limit = c.rulebook.value("upload.max_file_bytes", None)
    if limit is None:
        return
    for f in c.files:
        if f.size_bytes is not None and f.size_bytes > limit:
            yield Finding(file=f.path, ctx={"file": f.path, "size_bytes": f.size_bytes, "limit_bytes": limit,
                                             "sources": c.rulebook.sources("upload.max_file_bytes")})


@rule(
    code="F003",
    name="file-empty",
    category=Category.UPLOAD_BLOCKER,
    title="Empty (zero-byte) file",
    legal_basis=None,
    message={
        "pl": "Plik „{file}” jest pusty (0 bajtów); nie zawiera żadnego dokumentu.",
        "en": "File '{file}' is empty (0 bytes); it holds no document.",
    },
    remedy={
        "pl": "Zapisz lub zeskanuj dokument ponownie i sprawdź, że plik otwiera się przed dołączeniem.",
        "en": "Save or scan the document again and check that the file opens before attaching it.",
    },
)
def file_empty(c: CheckContext) -> Iterator[Finding]:
    """A zero-byte file: a failed download, save or scan."""
    for f in c.files:
        if f.detected_type == "empty":
            yield Finding(file=f.path, ctx={"file": f.path})
