"""What a PDF page holds, each part read once for the passes that need it (:class:`_Page`): its
decoded content, whether that shows text, its XObjects and their image sizes (read from their
dictionaries, never decoded). From these: the largest image of each of the first
:data:`IMAGE_MAX_PAGES` pages and the resolution it is drawn at (a scanned page), and the text layer
of the first :data:`TEXT_MAX_PAGES` pages (at most :data:`TEXT_MAX_CHARS` characters, pages whose
content stream is over :data:`TEXT_MAX_PAGE_CONTENT` bytes skipped), and the lines shaped like a
machine-readable zone of the pages after them, up to :data:`MRZ_MAX_PAGES` (a passport's data page
may be scanned last; at most :data:`MRZ_MAX_CHARS` more characters)."""

from __future__ import annotations

import math
import re
from functools import cached_property
from typing import Any

from ...facts import PageImage
from ..bounds import Buffer
from .objects import _resolve

#: Text layer: pages read, characters kept, and the decoded content-stream size above which a
#: page's text is not extracted (pypdf interprets content in Python: a 30 MB vector drawing would
#: take seconds and hold no document text worth a language guess).
TEXT_MAX_PAGES = 5
TEXT_MAX_CHARS = 20_000
TEXT_MAX_PAGE_CONTENT = 2_000_000
#: Pages after the first :data:`TEXT_MAX_PAGES` whose text is read only for lines shaped like a
#: machine-readable zone (MRZ), and the characters such lines may add to the sample. Only a page
#: whose content strings hold a run of MRZ fillers (``<<``, also as hex ``3C3C``) is extracted.
MRZ_MAX_PAGES = 64
MRZ_MAX_CHARS = 4_000
#: Pages looked at for scanned page images (their dictionaries only: images are never decoded).
IMAGE_MAX_PAGES = 64


# --- scanned page images -------------------------------------------------------------------------

_NUM = rb"([-+]?\d*\.?\d+)"
#: The operators that place an image: save/restore state, concatenate a matrix, draw an XObject.
_PLACEMENT = re.compile(rb"(?P<cm>" + rb"\s+".join([_NUM] * 6) + rb"\s+cm)(?![A-Za-z])"
                        rb"|(?<![A-Za-z*'\"])(?P<q>[qQ])(?![A-Za-z*])"
                        rb"|/(?P<name>[^\s/\[\]()<>{}%]+)\s*Do(?![A-Za-z])")
#: String literals and hex strings, blanked before looking for operators (their bytes are text).
_STRINGS = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>")
_TEXT_OPS = re.compile(rb"(?:^|\s|\]|\)|>)(?:Tj|TJ)(?:[\s(<\[/]|$)")


#: Inline images (``BI`` ... ``ID`` data ``EI``): the data is binary, never operators.
_INLINE_START = re.compile(rb"(?<![A-Za-z0-9*'\"/])BI(?![A-Za-z0-9*'\"])")
_INLINE_DATA = re.compile(rb"(?<![A-Za-z0-9*'\"/])ID\s")
_INLINE_END = re.compile(rb"\sEI(?![A-Za-z0-9*'\"])")
_MAX_INLINE_IMAGES = 1000
#: The operators that matter for visible text, with the number before ``Tr`` (the mode) and ``Tf``
#: (the size): save/restore state, render mode, font size, text showing.
_TEXT_STATE = re.compile(rb"(?<![A-Za-z0-9*'\"/.+-])(?:([-+]?(?:\d+\.?\d*|\.\d+))\s+)?"
                         rb"(q|Q|Tr|Tf|Tj|TJ|'|\")(?![A-Za-z0-9*'\"])")
_SHOW_OPS = frozenset((b"Tj", b"TJ", b"'", b'"'))
#: Text render modes that draw nothing on the page: invisible, and "add to clipping path" only.
_INVISIBLE_MODES = frozenset((3, 7))
#: Passes of string blanking (each removes one level of nested parentheses).
_STRING_PASSES = 8
_MAX_STACK = 256


def _without_strings(content: bytes) -> bytes:
    """The content with string literals (nested ones too, up to :data:`_STRING_PASSES` levels), hex
    strings and inline image data blanked: what is left are operators and their other operands."""
    plain = _without_inline_data(content)
    for _ in range(_STRING_PASSES):
        blanked = _STRINGS.sub(b" ", plain)
        if blanked == plain:
            break
        plain = blanked
    return plain


def _without_inline_data(content: bytes) -> bytes:
    """The content with each inline image's data (between ``ID`` and ``EI``) left out."""
    if b"BI" not in content:
        return content
    parts: list[bytes] = []
    pos = 0
    for _ in range(_MAX_INLINE_IMAGES):
        begin = _INLINE_START.search(content, pos)
        data = _INLINE_DATA.search(content, begin.end()) if begin else None
        end = _INLINE_END.search(content, data.end()) if data else None
        if end is None:
            break
        parts.append(content[pos:data.start()])
        pos = end.end()
    parts.append(content[pos:])
    return b" ".join(parts)


#: The text state a content stream starts in: render mode 0 (fill), no font size yet.
TextState = tuple[int, float | None]
START_STATE: TextState = (0, None)
_DRAW = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![A-Za-z0-9*'\"])")


def _visible_text(content: bytes | None, start: TextState = START_STATE) -> bool:
    """True when the content shows text visibly: the text render mode (``Tr``) and the font size
    (``Tf``) are followed from ``start`` (a form XObject inherits the state it is drawn in) through
    ``q``/``Q`` (both belong to the graphics state) up to each text-showing operator. Stops at the
    first visible one. Text shown before any ``Tf`` counts as visible (a viewer picks a font)."""
    if not content:
        return False
    plain = _without_strings(content)
    if _TEXT_OPS.search(plain) is None and b"'" not in plain and b'"' not in plain:
        return False
    return _follow_text_state(plain, start, None)


def text_states_at_draws(content: bytes | None) -> dict[str, TextState]:
    """The render mode and font size in effect where each XObject is first drawn (``/Name Do``):
    the state a form XObject's own text starts in."""
    states: dict[str, TextState] = {}
    if content:
        _follow_text_state(_without_strings(content), START_STATE, states)
    return states


def _follow_text_state(plain: bytes, start: TextState, draws: dict[str, TextState] | None) -> bool:
    """Walk the text state over ``plain`` (strings blanked). Without ``draws``: True at the first
    visibly shown text. With ``draws``: record the state at each ``Do`` instead, to the end."""
    mode, size = start
    stack: list[TextState] = []
    for m in _TEXT_STATE.finditer(plain) if draws is None else _STATE_OR_DRAW.finditer(plain):
        number, op = m.group(1), m.group(2)
        if op is None:  # a draw (only matched when draws are recorded)
            draws.setdefault(m.group(3).decode("latin-1"), (mode, size))  # type: ignore[union-attr]
        elif op in _SHOW_OPS:
            if draws is None and mode not in _INVISIBLE_MODES and size != 0:
                return True
        elif op == b"Tr":
            mode = _mode(number)
        elif op == b"Tf":
            size = float(number) if number else None
        elif op == b"q":
            if len(stack) < _MAX_STACK:
                stack.append((mode, size))
        elif stack:
            mode, size = stack.pop()
    return False


_STATE_OR_DRAW = re.compile(_TEXT_STATE.pattern + rb"|" + _DRAW.pattern)


def _mode(number: bytes | None) -> int:
    try:
        return int(float(number)) if number else 0
    except (ValueError, OverflowError):
        return 0


def _drawn_sizes(content: bytes) -> dict[str, tuple[float, float]]:
    """Size in points at which each XObject is drawn: the current transformation matrix at its
    ``Do`` (``cm`` concatenations under ``q``/``Q``), applied to the unit square."""
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list[tuple[float, ...]] = []
    out: dict[str, tuple[float, float]] = {}
    for m in _PLACEMENT.finditer(_STRINGS.sub(b" ", content)):
        if m.group("cm"):
            a, b, c, d, e, f = (float(m.group(i)) for i in range(2, 8))
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
        elif m.group("q"):
            if m.group("q") == b"q":
                if len(stack) < 256:
                    stack.append(ctm)
            elif stack:
                ctm = stack.pop()
        elif m.group("name"):
            a, b, c, d = ctm[:4]
            out.setdefault(m.group("name").decode("latin-1"), (math.hypot(a, b), math.hypot(c, d)))
    return out


def _content_bytes(page: Any, limit: int) -> bytes | None:
    """The page's decoded content streams (pypdf caches what the integrity pass decoded), or None
    when larger than ``limit``."""
    contents = _resolve(page.get("/Contents"))
    if contents is None:
        return b""
    streams = contents if isinstance(contents, list) else [contents]
    out = bytearray()
    for s in streams[:1000]:
        obj = _resolve(s)
        if obj is not None and hasattr(obj, "get_data"):
            out += obj.get_data()
            out += b"\n"
            if len(out) > limit:
                return None
    return bytes(out)


_IMAGE_HEADER = re.compile(rb"/Subtype\s*/Image\b")
_WIDTH = re.compile(rb"/Width\s+(\d{1,9})(?!\s+\d+\s+R)")
_HEIGHT = re.compile(rb"/Height\s+(\d{1,9})(?!\s+\d+\s+R)")


def _image_size(reader: Any, data: Buffer, ref: Any) -> tuple[int, int] | None:
    """Width and height of an image XObject, read from its dictionary at the object's offset in the
    file: resolving it through pypdf would read the whole image stream into memory (a scan's page
    images are tens of MB that nothing here needs). Only direct integers are used."""
    idnum, generation = getattr(ref, "idnum", None), getattr(ref, "generation", None)
    if idnum is None:
        return None
    try:
        offset = reader.xref.get(generation, {}).get(idnum)
    except Exception:
        return None
    if not isinstance(offset, int) or offset < 0:
        return None
    head = bytes(data[offset:offset + 4096])
    end = head.find(b"stream")
    head = head[:end] if end >= 0 else head
    if not _IMAGE_HEADER.search(head):
        return None
    w, h = _WIDTH.search(head), _HEIGHT.search(head)
    if w is None or h is None:
        return None
    return int(w.group(1)), int(h.group(1))


class _Page:
    """One page as the page-image and text passes both look at it, each part read once, when first
    needed: its decoded content (None over :data:`TEXT_MAX_PAGE_CONTENT`), whether that shows text
    (``Tj``/``TJ``), and its first 64 XObjects with their image sizes."""

    def __init__(self, reader: Any, data: Buffer, page: Any, number: int = 0):
        self.reader, self.data, self.page, self.number = reader, data, page, number

    @cached_property
    def content(self) -> bytes | None:
        return _content_bytes(self.page, TEXT_MAX_PAGE_CONTENT)

    @cached_property
    def shows_text(self) -> bool:
        """``Tj``/``TJ`` in the content (which must not be None)."""
        return _TEXT_OPS.search(self.content) is not None

    @cached_property
    def shows_visible_text(self) -> bool:
        """Text drawn so that it can be seen (the content must not be None): a text-showing operator
        (``Tj``, ``TJ``, ``'``, ``"``) in a text render mode other than 3 (invisible) or 7 (clip
        only) and at a font size other than 0. An OCR layer (image + invisible text) shows its text
        only through its image; the text is still there for the text sample and the MRZ."""
        return _visible_text(self.content)

    @cached_property
    def xobject_sizes(self) -> list[tuple[str, tuple[int, int] | None]] | None:
        """(name without the slash, image size or None when not an image) of the first 64 XObjects;
        None when the page has no XObject dictionary."""
        resources = _resolve(self.page.get("/Resources"))
        xobjects = _resolve(resources.get("/XObject")) if isinstance(resources, dict) else None
        if not isinstance(xobjects, dict):
            return None
        return [(str(name).lstrip("/"), _image_size(self.reader, self.data, ref))
                for name, ref in list(xobjects.items())[:64]]


def _page(pages: dict[int, _Page], reader: Any, data: Buffer, index: int, page: Any) -> _Page:
    found = pages.get(index)
    if found is None:
        found = pages[index] = _Page(reader, data, page, index + 1)
    return found


def _page_images(reader: Any, data: Buffer, pages: dict[int, _Page], images: list[PageImage],
                 checked: list[int]) -> None:
    """For each of the first :data:`IMAGE_MAX_PAGES` pages, the largest image that covers the page
    (at least half of an image-only page, 85 % of a page with text; its size from the ``cm`` before
    its ``Do``, or the page itself when it is the page's only content) and its resolution."""
    for index, page in enumerate(reader.pages):
        if index >= IMAGE_MAX_PAGES:
            return
        checked[0] += 1
        found = _page_image(_page(pages, reader, data, index, page), index + 1)
        if found is not None:
            images.append(found)


def _page_image(look: _Page, number: int) -> PageImage | None:
    page = look.page
    try:
        box = page.cropbox if "/CropBox" in page else page.mediabox
        page_w, page_h = abs(float(box.width)), abs(float(box.height))
    except Exception:
        return None
    if page_w < 1 or page_h < 1:
        return None
    xobjects = look.xobject_sizes
    if xobjects is None:
        return None
    sizes: dict[str, tuple[int, int]] = {}
    for name, found in xobjects:
        if found is not None and found[0] > 0 and found[1] > 0:
            sizes[name] = found
    if not sizes:
        return None
    content = look.content
    if content is None:
        return None
    drawn = _drawn_sizes(content)
    image_only = not look.shows_text
    best: PageImage | None = None
    for name, (w, h) in sizes.items():
        if name in drawn:
            dw, dh = drawn[name]
        elif image_only and len(sizes) == 1:
            dw, dh = (page_w, page_h) if (w >= h) == (page_w >= page_h) else (page_h, page_w)
        else:
            continue
        # A scan fills the page (an OCR text layer may lie over it); on a page with its own text, an
        # image that leaves room for it is an illustration, not a scanned page.
        if dw < 1 or dh < 1 or dw * dh < (0.5 if image_only else 0.85) * page_w * page_h:
            continue
        dpi = round(min(w / (dw / 72.0), h / (dh / 72.0)), 1)
        if best is None or w * h > best.width * best.height:
            best = PageImage(page=number, width=w, height=h, dpi=dpi)
    return best


def _xobject_refs(look: _Page) -> dict[str, Any]:
    resources = _resolve(look.page.get("/Resources"))
    xobjects = _resolve(resources.get("/XObject")) if isinstance(resources, dict) else None
    if not isinstance(xobjects, dict):
        return {}
    return {str(name).lstrip("/"): ref for name, ref in list(xobjects.items())[:64]}


# --- text layer ----------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class _TextSample:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.chars = 0
        self.pages = 0
        self.truncated = False
        self.error: str | None = None
        self.mrz_lines: list[str] = []
        self.mrz_chars = 0

    def stopped(self, why: str) -> None:
        self.truncated = True
        self.error = self.error or why

    def facts(self) -> dict[str, Any]:
        text = "\n".join(self.parts)[:TEXT_MAX_CHARS].strip()
        if self.mrz_lines:
            text = (text + "\n" + "\n".join(self.mrz_lines)).strip()
        return {"text_sample": text or None, "text_pages": self.pages, "text_truncated": self.truncated,
                "text_error": self.error}


def _may_hold_text(look: _Page) -> bool:
    """False for a page that draws only images and shows no text: pypdf's extraction would read
    every image stream it draws (to see whether it is a form) for nothing. The content must not be
    None."""
    content = look.content
    if look.shows_text or b"'" in content or b'"' in content:
        return True
    xobjects = look.xobject_sizes
    if xobjects is None:
        return False
    return any(size is None for _, size in xobjects)


def _text_sample(reader: Any, data: Buffer, pages: dict[int, _Page], sample: _TextSample) -> None:
    """The text layer of the first pages, bounded in pages, characters and content size; then the
    MRZ-shaped lines of the later pages (:func:`_mrz_lines_of_later_pages`)."""
    count = len(reader.pages)
    index = 0
    while index < min(count, TEXT_MAX_PAGES):
        look = _page(pages, reader, data, index, reader.pages[index])
        index += 1
        if look.content is None:
            sample.stopped("limit")
            continue
        if not _may_hold_text(look):
            sample.pages += 1  # a scanned page: no text layer (and its image is never read)
            continue
        text = _CONTROL.sub(" ", look.page.extract_text() or "")
        sample.pages += 1
        sample.parts.append(text[: TEXT_MAX_CHARS - sample.chars])
        sample.chars += len(text)
        if sample.chars >= TEXT_MAX_CHARS:
            sample.truncated = True
            break
    _mrz_lines_of_later_pages(reader, data, pages, sample, index)


#: A line of extracted text that may be (part of) an MRZ line: MRZ characters and a filler.
_MRZ_SHAPED = re.compile(r"[A-Z0-9<]*<[A-Z0-9<]*")
def _may_draw_fillers(content: bytes) -> bool:
    """True when a string of the content may draw MRZ fillers: ``<<`` (or ``<`` written as the
    escape ``\\074``, as pypdf writes it) in a literal string, ``3C3C`` (or ``3C003C`` of a two-byte
    encoding) in a hex string. Each string is found once by :data:`_STRINGS` (linear), then
    searched as bytes."""
    for found in _STRINGS.finditer(content):
        text = found.group()
        if text[:1] == b"(":
            if b"<<" in text or b"\\074" in text:
                return True
        else:
            digits = bytes(text[1:-1]).upper().translate(None, b" \t\r\n\f\x00")
            if b"3C3C" in digits or b"3C003C" in digits:
                return True
    return False


def _mrz_lines_of_later_pages(reader: Any, data: Buffer, pages: dict[int, _Page], sample: _TextSample,
                              start: int) -> None:
    """The lines shaped like an MRZ line (at least 20 MRZ characters, one a filler) of pages
    ``start`` to :data:`MRZ_MAX_PAGES`, at most :data:`MRZ_MAX_CHARS` characters: the data page of
    a passport copy may be its last page (issue 11). Only pages whose content strings may draw
    fillers are extracted, so a long contract costs a regular expression per page."""
    count = len(reader.pages)
    for index in range(start, min(count, MRZ_MAX_PAGES)):
        look = _page(pages, reader, data, index, reader.pages[index])
        sample.pages += 1
        content = look.content
        if content is None or not _may_hold_text(look) or not _may_draw_fillers(content):
            continue
        for line in _CONTROL.sub(" ", look.page.extract_text() or "").splitlines():
            if sum(len(run) for run in _MRZ_SHAPED.findall(re.sub(r"\s+", "", line.upper()))) < 20:
                continue
            if sample.mrz_chars + len(line) > MRZ_MAX_CHARS:
                sample.truncated = True
                return
            sample.mrz_lines.append(line)
            sample.mrz_chars += len(line) + 1
    if count > TEXT_MAX_PAGES:  # the later pages' text is not in the sample (only their MRZ lines)
        sample.truncated = True
