"""Structural inspection of one JPEG or PNG: what a reader at the office would meet.

Pillow restricted to the sniffed format: the declared size is checked against the pixel budget
*before* any decoding (a bomb is never decoded); PNG chunk CRCs are verified; the pixel data is
decoded in full (JPEG at 1/8 scale: every entropy-coded byte is still decoded, so truncation and
corruption are found, at a fraction of the time and memory; :mod:`.jpeg`, :mod:`.png`). What follows
the end of the image is named when it forms another file (:mod:`.trailing`).

Inside: EXIF date taken and declared resolution (from the metadata segment read at open, never by
decoding); for JPEG, colour measured on the 1/8-scale decode reduced to at most 256 px.

Runs inside the isolated worker (:mod:`.serve`), which bounds its time and memory; never raises
(every exception becomes a fact) and never writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import warnings
import zlib
from typing import Any

from ..facts import ImageFacts
from .bounds import DEFAULT_PIXEL_BUDGET, Buffer, _quiet
from .decoding import _damage_warnings, _open_lazily, is_blank
from .jpeg import _JpegLayout, _xmp_container, decode_jpeg_reduced
from .png import _png_data_problem, _png_layout, _png_may_be_blank
from .trailing import appended_file, image_hidden_file


_PIL_FORMATS = {"jpeg": ["JPEG"], "png": ["PNG"]}


def inspect_image(data: Buffer, kind: str, pixel_budget: int = DEFAULT_PIXEL_BUDGET,
                  ocr_deadline: float | None = None) -> ImageFacts:
    """Facts about a JPEG or PNG given as bytes or a read-only memory map. Never raises; never decodes
    over the budget. ``ocr_deadline``: the image is a travel-document copy, read for an MRZ by OCR
    until then (:mod:`mosprecheck.inventory.ocr`), when it decoded without damage."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            facts = image_hidden_file(_inspect_image(data, kind, pixel_budget), data, kind)
        except Exception as exc:  # pragma: no cover - _inspect_image classifies every stage
            return ImageFacts(error=type(exc).__name__, error_kind="decode", pixel_budget=pixel_budget)
    if ocr_deadline is not None and facts.error is None and not facts.blank:
        facts = dataclasses.replace(facts, ocr_text=_ocr_image(data, kind, pixel_budget, ocr_deadline))
    return facts


def _ocr_image(data: Buffer, kind: str, budget: int, deadline: float) -> str | None:
    """The MRZ read by OCR from an image file that decoded without damage
    (:func:`mosprecheck.inventory.ocr.read_mrz`)."""
    from PIL import ImageOps

    from ..ocr import read_mrz

    def load() -> Any:
        im = _open_lazily(data, _PIL_FORMATS[kind])
        if im.size[0] * im.size[1] > budget:
            return None
        with _damage_warnings():
            im.load()
        return ImageOps.exif_transpose(im)

    try:
        with _quiet("PIL"):
            return read_mrz([load], deadline)
    except MemoryError:
        raise
    except Exception:
        return None


def _classify(exc: BaseException) -> str:
    from PIL import Image

    if isinstance(exc, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
        return "bomb"
    text = str(exc)
    if "Decompressed data too large" in text or "Too much memory used in text chunks" in text:
        return "metadata_bomb"
    if isinstance(exc, SyntaxError) and ("checksum" in text or "CRC" in text):
        return "checksum"
    if isinstance(exc, Image.UnidentifiedImageError):
        return "unidentified"
    return "decode"


def _inspect_image(data: Buffer, kind: str, budget: int) -> ImageFacts:
    formats = _PIL_FORMATS.get(kind, ["JPEG", "PNG"])
    try:
        im = _open_lazily(data, formats)
    except Exception as exc:
        return ImageFacts(error=type(exc).__name__, error_kind=_classify(exc), pixel_budget=budget)
    width, height = im.size
    base = {"format": im.format, "width": width, "height": height, "mode": im.mode, "pixel_budget": budget}
    base.update(_image_metadata(im))
    if width * height > budget:
        return ImageFacts(error="DecompressionBombError", error_kind="bomb", **base)
    if kind == "png":
        interlaced = bool(im.info.get("interlace"))
        try:
            im.verify()  # chunk structure and CRCs; leaves the image unusable
        except Exception as exc:
            return ImageFacts(error=type(exc).__name__, error_kind=_classify(exc), **base)
        end, idat_bytes = _png_layout(data)
        base["appended"] = appended_file(data, end) if end is not None else None
        if not interlaced:
            # Inflate the image data as a stream (Adler-32, length, row filters) without building
            # the image: what a full decode would find, in a fraction of the time and memory.
            try:
                problem = _png_data_problem(data)
            except zlib.error:
                problem = "corrupt compressed data"
            if problem is not None:
                return ImageFacts(error=problem, error_kind="decode", **base)
            if not _png_may_be_blank(im, idat_bytes):
                return ImageFacts(decoded=True, blank=False, **base)
        try:
            im = _open_lazily(data, formats)
        except Exception as exc:
            return ImageFacts(error=type(exc).__name__, error_kind=_classify(exc), **base)
        try:
            with _damage_warnings():
                im.load()
        except Warning as exc:
            return ImageFacts(error=type(exc).__name__, error_kind="decode", **base)
        except Exception as exc:
            return ImageFacts(error=type(exc).__name__, error_kind=_classify(exc), **base)
        return ImageFacts(decoded=True, blank=_blank(im), **base)
    # JPEG: decoded at 1/8 scale (libjpeg still reads and entropy-decodes every byte of the scan
    # data), with what libjpeg only warns about treated as damage.
    decoded, why = decode_jpeg_reduced(data, budget)
    layout = _JpegLayout(data)
    if layout.end is not None:
        appended = appended_file(data, layout.end)
        if appended == "jpeg" and (layout.multi_picture or _xmp_container(data)):
            appended = None  # further pictures of the same shot (MPO, a phone's depth map), declared in the first
        base["appended"] = appended
    if decoded is None:
        if why == "too_large":
            return ImageFacts(error="DecompressionBombError", error_kind="bomb", **base)
        return ImageFacts(error=_JPEG_DAMAGE.get(why or "", why), error_kind="decode", **base)
    base.update(_colour(decoded))
    return ImageFacts(decoded=True, blank=_blank(decoded), **base)

#: The labels of :func:`decode_jpeg_reduced` as the image facts' error.
_JPEG_DAMAGE = {
    "not_an_image": "UnidentifiedImageError",
    "truncated": "image file is truncated",
    "corrupt": "corrupt image data",
    "warning": "decoder warning",
    "grey_tail": "premature end of image data (the lower part shows flat grey)",
    "incomplete_scans": "progressive image cut short (missing scans)",
}


def _blank(im: Any) -> bool | None:
    try:
        return is_blank(im)
    except Exception:
        return None

#: Largest EXIF block parsed (a real one is a few KB; Pillow joins repeated APP1 segments).
_EXIF_MAX_BYTES = 256 * 1024
_EXIF_ORIENTATION = 0x0112
_EXIF_DATE_TAGS = ((0x9003, "DateTimeOriginal", True), (0x9004, "DateTimeDigitized", True), (0x0132, "DateTime", False))
_EXIF_DATE = re.compile(r"^\s*(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_GREY_MODES = {"1", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L", "I;16N", "F"}


def _image_metadata(im: Any) -> dict[str, Any]:
    """EXIF date taken, declared resolution and (for grey modes) greyscale, from what the open read.
    Never decodes: ``getexif()`` of a PNG would load the whole image, so the raw block is parsed."""
    from PIL import Image

    out: dict[str, Any] = {}
    if im.mode in _GREY_MODES:
        out["greyscale"] = True
    dpi = im.info.get("dpi")
    try:
        if dpi and len(dpi) == 2 and all(float(v) > 0 for v in dpi):
            out["dpi"] = (round(float(dpi[0]), 1), round(float(dpi[1]), 1))
    except (TypeError, ValueError):
        pass
    raw = im.info.get("exif")
    if not isinstance(raw, (bytes, bytearray)) or not raw or len(raw) > _EXIF_MAX_BYTES:
        return out
    try:
        exif = Image.Exif()
        exif.load(bytes(raw))
        orientation = exif.get(_EXIF_ORIENTATION)
        if isinstance(orientation, int) and 2 <= orientation <= 8:
            out["orientation"] = orientation
        sub = exif.get_ifd(0x8769)
        for tag, label, in_sub in _EXIF_DATE_TAGS:
            when = _exif_date((sub if in_sub else exif).get(tag))
            if when is not None:
                out["exif_datetime"], out["exif_datetime_tag"] = when, label
                break
    except Exception:
        pass
    return out


def _exif_date(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    m = _EXIF_DATE.match(value)
    if m is None:
        return None
    try:
        return dt.datetime(*(int(g) for g in m.groups())).isoformat()
    except ValueError:  # 0000:00:00 00:00:00 and other impossible dates
        return None

#: Saturation (HSV, 0-255) above which a pixel counts as coloured.
_COLOURED = 40


def _colour(im: Any) -> dict[str, Any]:
    """How colourful a decoded (1/8-scale) JPEG is, measured on a copy of at most 256 x 256 px."""
    from PIL import ImageStat

    try:
        if im.mode in _GREY_MODES:
            return {"greyscale": True}
        small = im.copy()
        small.thumbnail((256, 256))
        sat = small.convert("RGB").convert("HSV").getchannel("S")
        hist = sat.histogram()
        total = sum(hist) or 1
        share = sum(hist[_COLOURED + 1:]) / total
        mean = ImageStat.Stat(sat).mean[0]
        return {"saturation": round(mean, 2), "colour_share": round(share, 4),
                "greyscale": share < 0.01 and mean < 8}
    except Exception:
        return {}
