"""Image rules: does every JPEG/PNG decode completely, pass its integrity checks, and stay within
the pixel budget (a decompression bomb is never decoded).

All facts come from the inventory's isolated structural open (Pillow restricted to the sniffed
format); these rules never open a file. An image the office cannot display is as good as missing:
``formal_defect`` (art. 64 § 2 KPA).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Category
from .registry import CheckContext, Finding, rule


def _images(c: CheckContext):
    for f in c.files:
        if f.detected_type in ("jpeg", "png") and f.image is not None and f.unverified is None:
            yield f, f.image


@rule(
    code="I001",
    name="image-damaged",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Image that does not decode completely (truncated or corrupt)",
    legal_basis="art. 64 § 2 KPA",
)
def image_damaged(c: CheckContext) -> Iterator[Finding]:
    """A truncated download or scan, corrupt compressed data, or a header Pillow cannot identify: part
    of the image (or all of it) cannot be shown."""
    for f, im in _images(c):
        if im.error_kind in ("decode", "unidentified"):
            yield Finding(file=f.path, ctx={"file": f.path, "kind": f.detected_type.upper(), "error": im.error,
                                             "reason": im.error_kind})


@rule(
    code="I002",
    name="image-checksum-error",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Image that fails its integrity checks (CRC)",
    legal_basis="art. 64 § 2 KPA",
)
def image_checksum_error(c: CheckContext) -> Iterator[Finding]:
    """A PNG chunk whose CRC does not match its data: the bytes changed after the file was written.
    Some viewers refuse such a file, others show garbage."""
    for f, im in _images(c):
        if im.error_kind == "checksum":
            yield Finding(file=f.path, ctx={"file": f.path, "error": im.error})


@rule(
    code="I003",
    name="image-decompression-bomb",
    category=Category.FORMAL_DEFECT,
    reads=("photo.pixels", "upload.max_image_pixels"),
    title="Image that would inflate beyond safe limits (decompression bomb)",
    legal_basis="art. 64 § 2 KPA",
)
def image_decompression_bomb(c: CheckContext) -> Iterator[Finding]:
    """Declared width x height over the pixel budget (rulebook ``upload.max_image_pixels``), checked
    before any decoding; or compressed metadata (PNG text chunks) that inflates beyond Pillow's
    limits. Never decoded, so it cannot exhaust the checker's memory. The remedy's photo size is the
    rulebook's ``photo.pixels`` (none before MOS took digital photos)."""
    photo = c.rulebook.value("photo.pixels", None) or {}
    size = {"photo_width": photo.get("width"), "photo_height": photo.get("height")}
    for f, im in _images(c):
        if im.error_kind == "bomb":
            pixels = im.pixels
            yield Finding(file=f.path, ctx={"file": f.path, "width": im.width, "height": im.height, "pixels": pixels,
                                             "budget": im.pixel_budget,  # I003.detail.<id>
                                             "detail": "too_many_pixels" if pixels is not None else "pixels_over_budget",
                                             "sources": c.rulebook.sources("upload.max_image_pixels"), **size})
        elif im.error_kind == "metadata_bomb":
            yield Finding(file=f.path, ctx={"file": f.path, "budget": im.pixel_budget, "error": im.error,
                                             "detail": "metadata_bomb", **size})


@rule(
    code="I004",
    name="image-another-file-appended",
    category=Category.UPLOAD_BLOCKER,
    reads=(),
    title="Image with another file appended after its end or hidden inside it (a polyglot)",
    legal_basis=None,
)
def image_another_file_appended(c: CheckContext) -> Iterator[Finding]:
    """Bytes after a JPEG's end marker (``FF D9`` of its first image) or a PNG's ``IEND`` chunk that
    form another file (a ZIP anywhere in them, HTML or script markup, the signature of an archive,
    document or executable): a polyglot, blocked as the corpus policy says. So is another file hidden
    before the end (``where``): a PDF or a ZIP inside a JPEG's metadata segment (APPn, comment), or
    a file that archive programs open as a ZIP. An MPO's further pictures (declared in its ``MPF``
    segment), an EXIF thumbnail, XMP, ICC profiles and PNG text chunks are part of the file."""
    for f in c.files:
        if f.detected_type in ("jpeg", "png") and f.image is not None and f.image.appended:
            yield Finding(file=f.path, ctx={"file": f.path, "kind": f.detected_type.upper(),
                                             "appended": f.image.appended.upper(),
                                             "where": f.image.appended_where or "after_end"})


@rule(
    code="I005",
    name="image-blank",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Declared image that shows nothing (a single colour)",
    legal_basis="art. 64 § 2 KPA",
)
def image_blank(c: CheckContext) -> Iterator[Finding]:
    """An image declared in the application (the photo or a document the office must read) that,
    decoded and reduced, has (nearly) a single grey level: a blank sheet, a lens cap, a scan that
    failed and was saved white or black. A real scan of paper keeps its texture and noise; an
    attachment that shows nothing is as good as missing. Files nobody declared are not judged."""
    for f, im in _images(c):
        if im.blank and im.error_kind is None and f.path in c.roles:
            yield Finding(file=f.path, ctx={"file": f.path, "kind": f.detected_type.upper()})
