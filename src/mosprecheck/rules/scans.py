"""Scans: does the travel-document scan show all pages, and can a scanned page be read at all?

Facts come from the inventory: the PDF page count and, for pages that look scanned (an image
covering most of the page), the image's pixels over the size it is drawn at (its estimated
resolution; images are never decoded for this). The thresholds are rulebook facts
(``scans.min_travel_document_pages``, ``scans.min_readable_dpi``).

Both are ``formal_defect``: MOS asks for a scan of all pages of the travel document (§6.1 C3, X1,
X9), and an attachment nobody can read is as good as missing (art. 64 § 2 KPA).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from ..application import to_pointer
from ..inventory import FileFacts
from ..findings import Category
from ..case.helpers import declared_path, documents
from .registry import CheckContext, Finding, rule

#: The shorter side of a passport page (ICAO 9303 ID-3: 88 x 125 mm), for image files, which have
#: no page size: their resolution is estimated as if they showed one page of the document.
TRAVEL_DOCUMENT_SHORT_SIDE_MM = 88.0
from ..case.helpers import TRAVEL_DOCUMENT_KINDS  # noqa: E402  (one definition, shared with consistency and language)


def _inspected(f: FileFacts | None) -> bool:
    """The file was read and its page count is known (anything else is reported by other rules)."""
    if f is None or f.unverified is not None or not f.fully_read:
        return False
    if f.detected_type == "pdf":
        return f.readable_pdf and f.pdf.pages is not None
    if f.detected_type in ("jpeg", "png"):
        return f.image is not None and f.image.error_kind is None
    return False


def _pages(f: FileFacts) -> int:
    return f.pdf.pages if f.detected_type == "pdf" else 1


@rule(
    code="P050",
    name="travel-document-scan-incomplete",
    category=Category.FORMAL_DEFECT,
    reads=("scans.min_travel_document_pages",),
    title="The travel-document scan has far fewer pages than the document",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def travel_document_scan_incomplete(c: CheckContext) -> Iterator[Finding]:
    """MOS asks for a digital image of all pages of the valid travel document (X1, X9; X6: the cover
    and blank pages too). A scan of the data page alone, or of a few pages, is the classic brak
    formalny. All files declared with the kind count together (a PDF's pages, one per image file);
    fewer than ``scans.min_travel_document_pages`` for its kind (a passport and an identity card
    differ) is reported. Kinds whose file is absent or could not be read are left to A001
    and the file rules."""
    minimum = c.rulebook.value("scans.min_travel_document_pages", None) or {}
    for kind, required in sorted(minimum.items()):
        entries = [(i, declared_path(doc)) for i, doc in documents(c.application)
                   if doc.kind is not None and doc.kind.value == kind and doc.file]
        if not entries:
            continue
        files = [c.files_by_path.get(path) for _, path in entries]
        if not all(_inspected(f) for f in files):
            continue
        total = sum(_pages(f) for f in files)
        if total < required:
            first_index, first_path = entries[0]
            yield Finding(file=first_path, field=to_pointer(("documents", first_index, "file")), ctx={
                "kind": kind, "pages": total, "required": required, "files": [p for _, p in entries],
                "sources": c.rulebook.sources("scans.min_travel_document_pages")})


@rule(
    code="P051",
    name="scan-resolution-too-low",
    category=Category.FORMAL_DEFECT,
    reads=("scans.min_readable_dpi",),
    title="A scanned page's resolution is too low to read",
    legal_basis="art. 64 § 2 KPA",
)
def scan_resolution_too_low(c: CheckContext) -> Iterator[Finding]:
    """For PDF pages that are scans (an image covering at least half the page), the image's pixels
    over the size it is drawn at; for a JPEG/PNG declared as a travel document, its shorter side
    over a passport page's 88 mm. Under ``scans.min_readable_dpi`` the text and the
    machine-readable zone cannot be read. Only the first 64 pages are looked at."""
    minimum = c.rulebook.value("scans.min_readable_dpi", None)
    if not minimum:
        return
    sources = c.rulebook.sources("scans.min_readable_dpi")
    for f in c.files:
        if f.detected_type != "pdf" or not _inspected(f) or not f.pdf.page_images:
            continue
        low = [p for p in f.pdf.page_images if p.dpi < minimum]
        if low:
            worst = min(low, key=lambda p: (p.dpi, p.page))
            yield Finding(file=f.path, ctx={
                "file": f.path, "dpi": _shown(worst.dpi), "page": worst.page, "low_pages": len(low),
                "checked_pages": f.pdf.page_images_checked, "required": minimum, "width": worst.width,
                "height": worst.height, "sources": sources})
    for i, doc in documents(c.application):
        if doc.kind is None or doc.kind.value not in TRAVEL_DOCUMENT_KINDS or not doc.file:
            continue
        f = c.files_by_path.get(declared_path(doc) or "")
        if f is None or f.detected_type not in ("jpeg", "png") or not _inspected(f) or f.image.width is None:
            continue
        short = min(f.image.width, f.image.height)
        dpi = short / (TRAVEL_DOCUMENT_SHORT_SIDE_MM / 25.4)
        if dpi < minimum:
            yield Finding(file=f.path, field=to_pointer(("documents", i, "file")), ctx={
                "file": f.path, "dpi": _shown(dpi), "page": 1, "low_pages": 1, "checked_pages": 1,
                "required": minimum, "width": f.image.width, "height": f.image.height,
                "min_short_side": math.ceil(minimum * TRAVEL_DOCUMENT_SHORT_SIDE_MM / 25.4), "sources": sources})


def _shown(dpi: float) -> int:
    """Whole dpi, rounded down so that a figure shown never looks like it meets the minimum."""
    return int(math.floor(dpi))


def _page_list(pages: list[int]) -> str:
    shown = ", ".join(str(p) for p in pages[:12])
    return shown + (", …" if len(pages) > 12 else "")


def _nothing_legible(c: CheckContext, f: FileFacts) -> bool:
    pdf = f.pdf
    # Also when the time bound stopped the decoding before a legible page was found: a check that
    # did not find the document never passes it.
    return f.path in c.roles and pdf is not None and pdf.pages_decoded > 0 and pdf.pages_legible == 0


def _decoded_pdfs(c: CheckContext):
    for f in c.files:
        if f.detected_type == "pdf" and _inspected(f):
            yield f, f.pdf


@rule(
    code="P052",
    name="pdf-page-image-does-not-decode",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="A PDF page whose image does not decode (truncated, corrupt or not an image)",
    legal_basis="art. 64 § 2 KPA",
)
def pdf_page_image_does_not_decode(c: CheckContext) -> Iterator[Finding]:
    """Every image drawn on the first 64 pages is decoded at reduced scale (JPEG at 1/8: every
    entropy-coded byte read; other filters through pypdf). An image stream cut off (the classic
    interrupted scan, which viewers show white), overwritten, or not an image at all is reported
    with its pages: that page of the document is missing in substance."""
    for f, pdf in _decoded_pdfs(c):
        bad = [p.page for p in pdf.page_problems if p.kind == "undecodable"]
        if bad:
            yield Finding(file=f.path, ctx={"file": f.path, "pages": _page_list(bad), "page_numbers": bad,
                                             "count": len(bad)})


@rule(
    code="P053",
    name="pdf-page-blank",
    category=Category.ADVISORY,
    reads=(),
    title="PDF pages that show nothing (blank, or too small to show anything)",
    legal_basis=None,
)
def pdf_page_blank(c: CheckContext) -> Iterator[Finding]:
    """Pages that decode to (nearly) a single colour, draw nothing, or have no drawable area: a
    passport has blank visa pages, so this is advisory. A declared document with no legible page
    at all is P054 instead."""
    for f, pdf in _decoded_pdfs(c):
        blank = [p.page for p in pdf.page_problems if p.kind in ("blank", "no_area")]
        if blank and not _nothing_legible(c, f):
            yield Finding(file=f.path, ctx={"file": f.path, "pages": _page_list(blank), "page_numbers": blank,
                                             "count": len(blank)})


@rule(
    code="P054",
    name="pdf-nothing-legible",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Declared PDF document in which no page shows anything legible",
    legal_basis="art. 64 § 2 KPA",
)
def pdf_nothing_legible(c: CheckContext) -> Iterator[Finding]:
    """A file declared as a document of the application (the office must read it) in which every
    page looked at (the first 64, or those decoded before the time bound) is blank, has no drawable
    area or does not decode: the document (a travel-document copy of 32 white pages, of 32 pages of
    1 x 1 pt, of 32 broken images) is missing in substance. A file nobody declared is only P053."""
    for f, pdf in _decoded_pdfs(c):
        if _nothing_legible(c, f):
            kinds = sorted({p.kind for p in pdf.page_problems})
            yield Finding(file=f.path, ctx={"file": f.path, "checked": pdf.pages_decoded, "kinds": kinds})
