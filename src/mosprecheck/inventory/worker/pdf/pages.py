"""What the office will look at, decoded: each of a PDF's first pages with its images at reduced
scale (a JPEG at 1/8: :mod:`mosprecheck.inventory.worker.jpeg`), told apart as legible, blank
(nothing drawn, or a single colour) or undecodable (damage a forgiving viewer hides); and, for a
travel-document copy, the MRZ read by OCR from its image-only pages
(:mod:`mosprecheck.inventory.ocr`)."""

from __future__ import annotations

import re
import zlib
from typing import Any

from ...facts import PageProblem
from ..bounds import Buffer, _OutOfTime, _quiet
from ..decoding import _damage_warnings, _open_lazily, is_blank
from ..jpeg import _JpegLayout, _xmp_container, decode_jpeg_reduced
from ..trailing import appended_file, jpeg_segments_hold_file
from .content import (_STRINGS, IMAGE_MAX_PAGES, START_STATE, TEXT_MAX_PAGE_CONTENT, TextState, _drawn_sizes, _page,
                      _Page, _visible_text, _without_strings, _xobject_refs, text_states_at_draws)
from .objects import _name, _resolve

#: A page whose shorter side is under this many points (1/72 in) has no drawable area (the 1 x 1 pt
#: pages of a hostile copy). Kept tiny on purpose: real files have pages of a few points (a 16 px
#: image at 300 dpi on a 3.84 pt page, in the shared corpus's ``pdf-ok``); legibility beyond that is
#: judged by resolution (P051).
MIN_PAGE_SIDE_PT = 2.0
#: Images decoded per page (the largest first).
MAX_IMAGES_PER_PAGE = 8


#: Operators that paint: fill, stroke, shading, inline image (never a name's letters: ``/F1``).
_PAINT_OPS = re.compile(rb"(?<![A-Za-z0-9*'\"/])(?:f\*?|F|B\*?|b\*?|S|s|sh|BI)(?![A-Za-z0-9*'\"])")


_PLAIN_SPACES = {"/DeviceGray", "/DeviceRGB", "/DeviceCMYK", "/CalGray", "/CalRGB", "/ICCBased"}


def _plain_colour_space(obj: Any) -> bool:
    """True for an image whose pixels are its colours (device, calibrated or ICC-based space): only
    then is "one colour" judged on pypdf's decode. Indexed, separation, DeviceN and Lab images, and
    image masks, are decoded (damage is found) but never called blank."""
    try:
        if _resolve(obj.get("/ImageMask")):
            return False
        space = _resolve(obj.get("/ColorSpace"))
        if isinstance(space, list) and space:
            space = _resolve(space[0])
        return str(space) in _PLAIN_SPACES
    except Exception:
        return False


def _jpeg_hidden_file(raw: Any) -> str | None:
    """Another file inside a JPEG page image (:mod:`..trailing`'s kinds): after its end marker, or in
    one of its metadata segments. An MPO's further pictures are part of it, not another file."""
    layout = _JpegLayout(raw)
    if layout.end is not None:
        kind = appended_file(raw, layout.end)
        if kind == "jpeg" and (layout.multi_picture or _xmp_container(raw)):
            kind = None
        if kind is not None:
            return kind
    return jpeg_segments_hold_file(raw)


def _decode_xobject(ref: Any, budget: int, hidden: list[str] | None = None) -> tuple[str, str | None]:
    """Decode one image XObject at reduced scale: (``ok`` | ``blank`` | ``undecodable`` | ``unchecked``,
    a label of why). ``hidden``: the kind of another file found inside a JPEG image is added to it."""
    try:
        obj = _resolve(ref)
        filters = obj.get("/Filter")
        filters = [str(_resolve(f)) for f in (filters if isinstance(filters, list) else [filters])] if filters else []
    except Exception:
        return "undecodable", "unreadable_object"
    try:
        if filters == ["/DCTDecode"] or filters == ["/DCT"]:
            raw = obj._data  # the JPEG itself: decoded here at 1/8 scale, not by pypdf at full size
            if hidden is not None:
                try:
                    kind = _jpeg_hidden_file(raw)
                except Exception:
                    kind = None
                if kind is not None:
                    hidden.append(kind)
            im, why = decode_jpeg_reduced(raw, budget)
            if im is None:
                return ("unchecked", why) if why == "too_large" else ("undecodable", why)
        else:
            width, height = int(_resolve(obj.get("/Width")) or 0), int(_resolve(obj.get("/Height")) or 0)
            if width <= 0 or height <= 0:
                return "undecodable", "no_size"
            if width * height > budget:
                return "unchecked", "too_large"
            if any(f in ("/JBIG2Decode",) for f in filters):
                return "unchecked", "jbig2"
            im = obj.decode_as_image()
            if im is None:
                return "undecodable", "corrupt"
            im.load()
            if not _plain_colour_space(obj):
                return "ok", None  # decoded; its colours are not judged (palette, spot colours...)
    except _OutOfTime:
        raise
    except MemoryError:
        raise
    except Exception as exc:
        return _xobject_failure(exc)
    try:
        return ("blank" if is_blank(im) else "ok"), None
    except Exception:
        return "undecodable", "corrupt"


#: Messages of failures that mean the image data itself is damaged (not a feature this
#: installation lacks): truncated or corrupt compressed data, fewer pixels than declared.
_DAMAGED = re.compile(r"truncated|not enough image data|broken data stream|incorrect header check|invalid "
                      r"(?:stored|distance|code|block)|unexpected end|corrupt|Error -[0-9]+ while decompressing", re.I)


def _xobject_failure(exc: Exception) -> tuple[str, str | None]:
    """A failed decode of a page image: damage (``undecodable``), or something this installation
    cannot decode (a filter, colour space or codec it lacks: ``unchecked``, never a defect)."""
    from pypdf.errors import LimitReachedError

    if isinstance(exc, LimitReachedError):
        return "unchecked", "too_large"
    if isinstance(exc, zlib.error) or _DAMAGED.search(str(exc)):
        return "undecodable", "corrupt"
    return "unchecked", type(exc).__name__


def _decode_page(look: _Page, budget: int, hidden: list[str] | None = None) -> tuple[PageProblem | None, bool]:
    """Decode what one page draws; (problem or None, legible). Text counts only when it is drawn
    visibly (:attr:`_Page.shows_visible_text`): an invisible text layer (an OCR layer) over a blank
    image shows nothing. ``hidden``: kinds of other files found inside its JPEG images."""
    number = look.number
    page = look.page
    try:
        box = page.cropbox if "/CropBox" in page else page.mediabox
        page_w, page_h = abs(float(box.width)), abs(float(box.height))
    except Exception:
        return PageProblem(page=number, kind="no_area", detail="no_page_box"), False
    if min(page_w, page_h) < MIN_PAGE_SIDE_PT:
        return PageProblem(page=number, kind="no_area", detail=None), False
    content = look.content
    if content is None:
        return None, True  # too large a content stream to look into here: not judged
    plain = _STRINGS.sub(b" ", content)
    text = look.shows_visible_text
    refs = _xobject_refs(look)
    drawn = set(_drawn_sizes(content))
    sizes = dict(look.xobject_sizes or [])
    images = [name for name in refs if name in drawn and sizes.get(name)]
    forms = [name for name in refs if name in drawn and not sizes.get(name)]
    vector = _PAINT_OPS.search(plain) is not None
    images.sort(key=lambda n: -(sizes[n][0] * sizes[n][1]))
    outcomes = [(name, *_decode_xobject(refs[name], budget, hidden)) for name in images[:MAX_IMAGES_PER_PAGE]]
    bad = [why for _name, status, why in outcomes if status == "undecodable"]
    showing = any(status in ("ok", "unchecked") for _name, status, _why in outcomes)
    legible = text or vector or showing or len(forms) > MAX_IMAGES_PER_PAGE or _has_visible_annotations(page)
    if not legible and forms:
        states = text_states_at_draws(content)
        legible = any(_form_shows_something(refs[name], states.get(name, START_STATE)) for name in forms)
    if bad:
        return PageProblem(page=number, kind="undecodable", detail=bad[0]), legible
    if not legible:
        return PageProblem(page=number, kind="blank", detail="single_colour" if outcomes else "nothing_drawn"), False
    return None, True


_DRAWS_XOBJECT = re.compile(rb"(?<![A-Za-z0-9*'\"])Do(?![A-Za-z0-9*'\"])")


def _form_shows_something(ref: Any, state: TextState = START_STATE) -> bool:
    """False only for a form XObject whose content draws nothing visible: no visibly drawn text (its
    text state starts as ``state``, the page's where it is drawn), no painting, no image or form of
    its own (an invisible text layer wrapped in a form). Anything that cannot be told (not a form,
    unreadable, too large) shows something, as before."""
    try:
        obj = _resolve(ref)
        if _name(obj.get("/Subtype")) != "/Form":
            return True
        content = obj.get_data()
    except _OutOfTime:
        raise
    except MemoryError:
        raise
    except Exception:
        return True
    if not isinstance(content, bytes) or len(content) > TEXT_MAX_PAGE_CONTENT:
        return True
    plain = _without_strings(content)
    return (_PAINT_OPS.search(plain) is not None or _DRAWS_XOBJECT.search(plain) is not None
            or _visible_text(content, state))


def _has_visible_annotations(page: Any) -> bool:
    """True when the page carries an annotation with an appearance (a filled form field, a stamp):
    what it shows is drawn by the viewer, not by the page's content."""
    annots = _resolve(page.get("/Annots"))
    if not isinstance(annots, list):
        return False
    for annot in annots[:200]:
        annot = _resolve(annot)
        if isinstance(annot, dict) and "/AP" in annot and _name(annot.get("/Subtype")) not in ("/Link", "/Popup"):
            return True
    return False


def _ocr_pdf(reader: Any, data: Buffer, pages: dict[int, _Page], budget: int, deadline: float,
             shows_nothing: set[int] = frozenset()) -> str | None:  # type: ignore[assignment]
    """The MRZ read by OCR from the image-only pages among the first :data:`mosprecheck.inventory.ocr.OCR_MAX_PAGES`
    (:func:`mosprecheck.inventory.ocr.read_mrz`); None when no page is image-only (the text layer is what is read) or
    OCR did not finish. "No MRZ" (``""``) only when every page of the file was looked at: a longer
    file in which none was found on its first pages is not verified, never "without MRZ"; so is a
    file with a page the decoding found blank or undecodable (``shows_nothing``, page numbers from 1:
    P052-P054 report it)."""
    from ...ocr import OCR_MAX_PAGES, read_mrz

    candidates: list[Any] = []
    try:
        with _quiet("pypdf"):
            total = len(reader.pages)
            for index in range(min(total, OCR_MAX_PAGES)):
                look = _page(pages, reader, data, index, reader.pages[index])
                if look.content is None or look.shows_text:
                    continue  # a text layer: read by the text sample, not by OCR
                if look.number in shows_nothing:
                    candidates.append(None)  # not read: the page shows nothing legible
                    continue
                refs = _xobject_refs(look)
                drawn = set(_drawn_sizes(look.content))
                sizes = {name: size for name, size in (look.xobject_sizes or []) if size and name in drawn}
                if sizes:
                    largest = max(sizes, key=lambda n: sizes[n][0] * sizes[n][1])
                    if largest in refs:
                        candidates.append(refs[largest])
    except Exception:
        return None
    if not candidates:
        return None

    def loader(ref: Any) -> Any:
        return lambda: None if ref is None else _ocr_decode(ref, budget)

    with _quiet("pypdf", "PIL"):
        text = read_mrz((loader(ref) for ref in candidates), deadline)
    return None if text == "" and total > OCR_MAX_PAGES else text


def _ocr_decode(ref: Any, budget: int) -> Any:
    """A page image decoded for OCR (the 1/8-scale decode of the legibility check is far too small
    to read characters from): a JPEG at the largest ``draft`` scale that keeps it at least
    :data:`mosprecheck.inventory.ocr.TARGET_WIDTH` wide, anything else through pypdf. None when it does not decode or is
    over the pixel budget."""
    from ...ocr import TARGET_WIDTH

    try:
        obj = _resolve(ref)
        filters = obj.get("/Filter")
        filters = [str(_resolve(f)) for f in (filters if isinstance(filters, list) else [filters])] if filters else []
        if filters in (["/DCTDecode"], ["/DCT"]):
            im = _open_lazily(obj._data, ["JPEG"])
            width, height = im.size
            if width * height > budget:
                return None
            if im.mode in ("RGB", "L"):
                scale = max(1, width // TARGET_WIDTH)
                im.draft("L", (max(1, width // scale), max(1, height // scale)))
            with _damage_warnings():
                im.load()
            return im
        width, height = int(_resolve(obj.get("/Width")) or 0), int(_resolve(obj.get("/Height")) or 0)
        if width <= 0 or height <= 0 or width * height > budget or "/JBIG2Decode" in filters:
            return None
        im = obj.decode_as_image()
        if im is not None:
            im.load()
        return im
    except MemoryError:
        raise
    except Exception:  # damage, an unsupported filter, a bomb: nothing to read
        return None


def _decode_pages(reader: Any, data: Buffer, pages: dict[int, _Page], budget: int, out: dict[str, Any]) -> None:
    """Decode the first :data:`IMAGE_MAX_PAGES` pages; results into ``out`` as they come (so that
    running out of time keeps the pages done)."""
    problems: list[PageProblem] = []
    out["page_problems"] = problems
    total = len(reader.pages)
    for index in range(min(total, IMAGE_MAX_PAGES)):
        look = _page(pages, reader, data, index, reader.pages[index])
        hidden: list[str] = []
        problem, legible = _decode_page(look, budget, hidden)
        if hidden and "hidden_file" not in out:
            out["hidden_file"] = (hidden[0], index + 1)
        if problem is not None:
            problems.append(problem)
        out["pages_decoded"] = index + 1
        out["pages_legible"] = out.get("pages_legible", 0) + (1 if legible else 0)
    out["pages_decode_complete"] = True
