"""Structural inspection of one PDF, JPEG or PNG: what a reader at the office would meet.

These functions parse hostile bytes. They run inside the isolated worker (:mod:`.worker`), which
bounds their time and memory; they never raise (every exception becomes a fact) and never write.

- PDF (pypdf, ``strict=False`` like a forgiving viewer, with pypdf's safety limits as errors): can it
  be read, how many pages, is it encrypted and does it need a password to open, does every page's
  content stream decode, which active features (JavaScript, actions, embedded files, forms) and
  which electronic signatures it carries, and which structural damage the reader had to repair.
- JPEG/PNG (Pillow restricted to the sniffed format): the declared size is checked against the
  pixel budget *before* any decoding (a bomb is never decoded); PNG chunk CRCs are verified; the
  pixel data is decoded in full (JPEG at 1/8 scale: every entropy-coded byte is still decoded, so
  truncation and corruption are found, at a fraction of the time and memory).
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .facts import ImageFacts, PdfFacts

#: What the inspectors read: the file's bytes, or a read-only ``mmap`` of it.
Buffer = Any

#: Declared pixel count above which an image is never decoded (the rulebook's
#: ``upload.max_image_pixels`` is passed in by the checker; this is the fallback).
DEFAULT_PIXEL_BUDGET = 100_000_000

#: pypdf's decompression output limits, lowered from its 75 MB defaults: only page content streams,
#: object streams and XFA are ever decompressed here (never images), and none of these reaches
#: 32 MB in a real document; a bomb stops there, keeping the worker well inside its memory bound.
_DECOMPRESSION_LIMITS = {
    "zlib_maximum_output_length": 32_000_000,
    "lzw_maximum_output_length": 32_000_000,
    "run_length_maximum_output_length": 32_000_000,
    "brotli_maximum_output_length": 32_000_000,
    "array_based_stream_maximum_output_length": 32_000_000,
}

#: Bounds on the walk over a PDF's object graph for active content and signatures.
MAX_NODES = 20_000
MAX_DEPTH = 64

#: pypdf warning messages that mean the reader had to repair the file's structure to open it,
#: mapped to a stable label (the messages themselves may quote the file's bytes: never kept).
_REPAIR_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"startxref|xref|Xref|cross.?reference", re.I), "xref"),
    (re.compile(r"Root object|/Catalog", re.I), "catalog"),
    (re.compile(r"EOF marker|truncated", re.I), "eof"),
    (re.compile(r"Invalid Elementary Object|not defined|wrong pointing object|Circular", re.I), "objects"),
    (re.compile(r"trailer", re.I), "trailer"),
)

#: Action types (``/S``) that run something rather than navigate.
_ACTIVE_ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/SubmitForm": "submit_form",
    "/ImportData": "import_data",
    "/GoToE": "embedded_goto",
    "/RichMediaExecute": "rich_media",
    "/Rendition": "rich_media",
    "/Movie": "rich_media",
    "/Sound": "rich_media",
}


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


@contextmanager
def _pypdf_messages() -> Iterator[list[str]]:
    """Collect pypdf's warnings (logged and warned) while reading, without printing them."""
    messages: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if len(messages) < 1000:
                try:
                    messages.append(record.getMessage())
                except Exception:
                    messages.append("")

    logger = logging.getLogger("pypdf")
    handler = _Collect(level=logging.WARNING)
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
            messages.extend(str(w.message) for w in caught[:1000])
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


def _repairs(messages: list[str]) -> tuple[str, ...]:
    found: set[str] = set()
    for msg in messages:
        if msg.startswith("invalid pdf header"):
            continue  # reported as its own defect (header offset)
        for pattern, label in _REPAIR_PATTERNS:
            if pattern.search(msg):
                found.add(label)
                break
    return tuple(sorted(found))


def inspect_pdf(data: Buffer, header_offset: int | None = 0) -> PdfFacts:
    """Facts about a PDF given as bytes or a read-only memory map of the file (only the parts the
    reader touches are then read: image streams never are). Never raises."""
    from pypdf import apply_configuration

    with apply_configuration(jbig2dec_binary=None, **_DECOMPRESSION_LIMITS), _pypdf_messages() as messages:
        try:
            facts = _inspect_pdf(data, header_offset)
        except Exception as exc:  # any pypdf failure outside the stages below
            facts = PdfFacts(opened=False, error=type(exc).__name__, error_stage="structure",
                             header_offset=header_offset)
    return PdfFacts(**{**facts.__dict__, "repairs": _repairs(messages)})


def _inspect_pdf(data: Buffer, header_offset: int | None) -> PdfFacts:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, LimitReachedError

    base: dict[str, Any] = {"header_offset": header_offset, "version": _version(data, header_offset)}
    if data.rfind(b"%%EOF") < 0:
        # pypdf would walk back over the whole file line by line (in Python, holding the "line") and
        # then fail: a PDF without any end-of-file marker cannot be opened. Said at C speed instead.
        return PdfFacts(error="EOFMarkerNotFound", error_stage="structure", **base)
    try:
        reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data, strict=False)
    except LimitReachedError as exc:
        return PdfFacts(error=type(exc).__name__, error_stage="structure", limit_exceeded=True, **base)
    except NotImplementedError as exc:
        if data.find(b"/Encrypt") >= 0:  # a security handler pypdf does not implement (public key)
            handler = "Adobe.PubSec (public key)" if data.find(b"PubSec") >= 0 else "non-standard handler"
            return PdfFacts(opened=True, encrypted=True, needs_user_password=True, encryption=handler,
                            error=type(exc).__name__, **base)
        return PdfFacts(error=type(exc).__name__, error_stage="structure", **base)
    except Exception as exc:
        return PdfFacts(error=type(exc).__name__, error_stage="structure", **base)

    encrypted = False
    needs_password: bool | None = False
    encryption = None
    can_decrypt_objects = True
    if reader.is_encrypted:
        encrypted = True
        encryption = _encryption_name(reader.trailer.get("/Encrypt"))
        try:
            result = reader.decrypt("")
            needs_password = int(result) == 0  # PasswordType.NOT_DECRYPTED
        except DependencyError:
            # AES needs the `cryptography` package (a dependency through pypdf[crypto]); without
            # it, whether a password is needed cannot be told: reported as not verified.
            needs_password = None
            can_decrypt_objects = False
        except Exception as exc:
            return PdfFacts(opened=True, encrypted=True, needs_user_password=None, encryption=encryption,
                            error=type(exc).__name__, error_stage="structure", **base)
        if needs_password:
            return PdfFacts(opened=True, encrypted=True, needs_user_password=True, encryption=encryption, **base)

    common = {"opened": True, "encrypted": encrypted, "needs_user_password": needs_password,
              "encryption": encryption, **base}
    try:
        pages = len(reader.pages)
    except DependencyError:
        # Objects are AES-encrypted and cannot be decrypted here: the file opens without a password
        # (checked above), but its pages could not be counted.
        return PdfFacts(**common)
    except LimitReachedError as exc:
        return PdfFacts(error=type(exc).__name__, error_stage="pages", limit_exceeded=True, **common)
    except Exception as exc:
        return PdfFacts(error=type(exc).__name__, error_stage="pages", **common)

    common["pages"] = pages
    if can_decrypt_objects:
        try:
            for page in reader.pages:
                _decode_contents(page)
        except DependencyError:
            pass
        except LimitReachedError as exc:
            return PdfFacts(error=type(exc).__name__, error_stage="content", limit_exceeded=True, **common)
        except Exception as exc:
            return PdfFacts(error=type(exc).__name__, error_stage="content", **common)
    try:
        active, signatures = _scan_features(reader)
    except LimitReachedError as exc:
        return PdfFacts(error=type(exc).__name__, error_stage="content", limit_exceeded=True, **common)
    except Exception:
        active, signatures = ("unreadable_objects",), ()
    return PdfFacts(active_content=active, signatures=signatures, **common)


def _version(data: Buffer, offset: int | None) -> str | None:
    m = re.match(rb"%PDF-(\d\.\d)", data[offset or 0: (offset or 0) + 16])
    return m.group(1).decode("ascii") if m else None


def _encryption_name(encrypt: Any) -> str:
    try:
        enc = encrypt.get_object()
        filt = str(enc.get("/Filter", "?")).lstrip("/")
        v, r = enc.get("/V"), enc.get("/R")
        cipher = {1: "RC4-40", 2: "RC4", 4: "RC4/AES-128", 5: "AES-256"}.get(int(v) if v is not None else 0, "?")
        return f"{filt} V{v} R{r} ({cipher})"
    except Exception:
        return "unknown"


def _decode_contents(page: Any) -> None:
    """Decode every content stream of a page (what a viewer must do to show it)."""
    contents = page.get("/Contents")
    if contents is None:
        return
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    for s in streams:
        obj = s.get_object()
        if obj is not None and hasattr(obj, "get_data"):
            obj.get_data()


# --- active content and signatures ---------------------------------------------------------------


def _name(value: Any) -> str | None:
    try:
        v = value.get_object() if hasattr(value, "get_object") else value
        return str(v) if v is not None else None
    except Exception:
        return None


def _resolve(value: Any) -> Any:
    try:
        return value.get_object() if hasattr(value, "get_object") else value
    except Exception:
        return None


class _Budget:
    def __init__(self) -> None:
        self.nodes = 0

    def spend(self) -> bool:
        self.nodes += 1
        return self.nodes <= MAX_NODES


def _actions(action: Any, found: set[str], budget: _Budget, depth: int = 0) -> None:
    """Classify an action dictionary (and its /Next chain)."""
    action = _resolve(action)
    if depth > MAX_DEPTH or not budget.spend():
        return
    if isinstance(action, list):
        for a in action[:1000]:
            _actions(a, found, budget, depth + 1)
        return
    if not isinstance(action, dict):
        return
    kind = _name(action.get("/S"))
    if kind in _ACTIVE_ACTIONS:
        found.add(_ACTIVE_ACTIONS[kind])
    if "/JS" in action:
        found.add("javascript")
    if "/Next" in action:
        _actions(action["/Next"], found, budget, depth + 1)


def _additional_actions(aa: Any, found: set[str], budget: _Budget) -> None:
    aa = _resolve(aa)
    if not isinstance(aa, dict):
        return
    triggers = set()
    for key, value in list(aa.items())[:100]:
        before = set(found)
        _actions(value, found, budget)
        if found - before or _name(_resolve(value).get("/S") if isinstance(_resolve(value), dict) else None):
            triggers.add(str(key))
    if triggers:
        found.add("additional_actions")


def _scan_features(reader: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Active content ids and signatures found in the catalog, name trees, form and pages."""
    found: set[str] = set()
    signatures: list[str] = []
    budget = _Budget()
    root = _resolve(reader.trailer.get("/Root"))
    if not isinstance(root, dict):
        return (), ()

    open_action = _resolve(root.get("/OpenAction"))
    if isinstance(open_action, dict):
        before = set(found)
        _actions(open_action, found, budget)
        if found - before:
            found.add("open_action")
    if "/AA" in root:
        _additional_actions(root["/AA"], found, budget)

    names = _resolve(root.get("/Names"))
    if isinstance(names, dict):
        if _name_tree_has_entries(names.get("/JavaScript"), budget):
            found.add("javascript")
        if _name_tree_has_entries(names.get("/EmbeddedFiles"), budget):
            found.add("embedded_files")

    form = _resolve(root.get("/AcroForm"))
    if isinstance(form, dict):
        if form.get("/XFA") is not None:
            found.add("xfa")
        _fields(form.get("/Fields"), found, signatures, budget, 0, set())

    for page in reader.pages:
        if not budget.spend():
            break
        page = _resolve(page)
        if not isinstance(page, dict):
            continue
        if "/AA" in page:
            _additional_actions(page["/AA"], found, budget)
        annots = _resolve(page.get("/Annots"))
        if not isinstance(annots, list):
            continue
        for annot in annots[:5000]:
            annot = _resolve(annot)
            if not isinstance(annot, dict) or not budget.spend():
                continue
            subtype = _name(annot.get("/Subtype"))
            if subtype == "/FileAttachment":
                found.add("embedded_files")
            elif subtype in ("/RichMedia", "/Screen", "/Movie", "/Sound"):
                found.add("rich_media")
            if "/A" in annot:
                _actions(annot["/A"], found, budget)
            if "/AA" in annot:
                _additional_actions(annot["/AA"], found, budget)
    return tuple(sorted(found)), tuple(signatures)


def _name_tree_has_entries(tree: Any, budget: _Budget, depth: int = 0) -> bool:
    """True when a name tree has an entry, or is present but cannot be resolved (a viewer that
    rebuilds the file's cross-references may still find it: reported, conservatively)."""
    if tree is None:
        return False
    tree = _resolve(tree)
    if tree is None and depth == 0:
        return True
    if not isinstance(tree, dict) or depth > MAX_DEPTH or not budget.spend():
        return False
    names = _resolve(tree.get("/Names"))
    if isinstance(names, list) and names:
        return True
    kids = _resolve(tree.get("/Kids"))
    if isinstance(kids, list):
        return any(_name_tree_has_entries(k, budget, depth + 1) for k in kids[:1000])
    return False


def _fields(fields: Any, found: set[str], signatures: list[str], budget: _Budget, depth: int,
            seen: set[int], inherited_ft: str | None = None) -> None:
    """Walk the AcroForm field tree: signed signature fields are signatures; any other terminal field
    (including an empty signature field waiting to be signed) is an interactive form field."""
    fields = _resolve(fields)
    if not isinstance(fields, list) or depth > MAX_DEPTH:
        return
    for ref in fields[:10000]:
        if not budget.spend():
            return
        key = getattr(ref, "idnum", None)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        field = _resolve(ref)
        if not isinstance(field, dict):
            continue
        ft = _name(field.get("/FT")) or inherited_ft
        if "/AA" in field:
            _additional_actions(field["/AA"], found, budget)
        if "/A" in field:
            _actions(field["/A"], found, budget)
        kids = _resolve(field.get("/Kids"))
        has_field_kids = isinstance(kids, list) and any(
            isinstance(_resolve(k), dict) and "/T" in _resolve(k) for k in kids[:10000])
        if has_field_kids:
            _fields(kids, found, signatures, budget, depth + 1, seen, ft)
            continue
        if ft == "/Sig":
            value = _resolve(field.get("/V"))
            if isinstance(value, dict) and ("/ByteRange" in value or "/Contents" in value):
                sub = _name(value.get("/SubFilter")) or "?"
                if _name(value.get("/Type")) == "/DocTimeStamp" or sub == "/ETSI.RFC3161":
                    signatures.append(f"{sub.lstrip('/')} (document timestamp)")
                else:
                    signatures.append(sub.lstrip("/"))
                continue
        found.add("form_fields")


# ---------------------------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------------------------

_PIL_FORMATS = {"jpeg": ["JPEG"], "png": ["PNG"]}


def inspect_image(data: Buffer, kind: str, pixel_budget: int = DEFAULT_PIXEL_BUDGET) -> ImageFacts:
    """Facts about a JPEG or PNG given as bytes or a read-only memory map. Never raises; never decodes
    over the budget."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _inspect_image(data, kind, pixel_budget)
        except Exception as exc:  # pragma: no cover - _inspect_image classifies every stage
            return ImageFacts(error=type(exc).__name__, error_kind="decode", pixel_budget=pixel_budget)


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


def _open_lazily(data: Buffer, formats: list[str]) -> Any:
    """Open without decoding: reads the headers only, so the declared size is known before any
    pixel is decoded. Pillow's own bomb check is suspended for this call because the budget is
    checked right after, against the rulebook's value (and with the declared size kept)."""
    from PIL import Image

    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        if isinstance(data, bytes):
            data = io.BytesIO(data)
        else:
            data.seek(0)
        return Image.open(data, formats=formats)
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def _inspect_image(data: Buffer, kind: str, budget: int) -> ImageFacts:
    from PIL import Image

    formats = _PIL_FORMATS.get(kind, ["JPEG", "PNG"])
    try:
        im = _open_lazily(data, formats)
    except Exception as exc:
        return ImageFacts(error=type(exc).__name__, error_kind=_classify(exc), pixel_budget=budget)
    width, height = im.size
    base = {"format": im.format, "width": width, "height": height, "mode": im.mode, "pixel_budget": budget}
    try:
        base["frames"] = int(getattr(im, "n_frames", 1))
    except Exception:
        base["frames"] = None
    if width * height > budget:
        return ImageFacts(error="DecompressionBombError", error_kind="bomb", **base)
    if kind == "png":
        interlaced = bool(im.info.get("interlace"))
        try:
            im.verify()  # chunk structure and CRCs; leaves the image unusable
        except Exception as exc:
            return ImageFacts(error=type(exc).__name__, error_kind=_classify(exc), **base)
        if not interlaced:
            # Inflate the image data as a stream (Adler-32, length, row filters) without building
            # the image: what a full decode would find, in a fraction of the time and memory.
            try:
                problem = _png_data_problem(data)
            except zlib.error:
                problem = "corrupt compressed data"
            if problem is not None:
                return ImageFacts(error=problem, error_kind="decode", **base)
            return ImageFacts(decoded=True, **base)
        try:
            im = _open_lazily(data, formats)
        except Exception as exc:
            return ImageFacts(error=type(exc).__name__, error_kind=_classify(exc), **base)
    elif kind == "jpeg":
        # Decode at 1/8 scale: libjpeg still reads and entropy-decodes every byte of the scan data.
        try:
            im.draft(im.mode, (max(1, width // 8), max(1, height // 8)))
        except Exception:
            pass
    try:
        im.load()
    except Exception as exc:
        return ImageFacts(error=type(exc).__name__, error_kind=_classify(exc), **base)
    return ImageFacts(decoded=True, **base)


_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_INFLATE_STEP = 1 << 20


def _png_data_problem(data: Buffer) -> str | None:
    """Why a non-interlaced PNG's pixel data would not decode (None: it decodes): the zlib stream
    must be complete and intact (Adler-32), hold at least height x (1 + row bytes) bytes, and every
    row must start with a valid filter type (0-4). The output is counted, never kept."""
    view = memoryview(data) if isinstance(data, bytes) else data
    pos = 8
    size = len(data)
    ihdr = None
    inflater = zlib.decompressobj()
    stride = expected = produced = 0
    seen_idat = False
    while pos + 8 <= size:
        length = int.from_bytes(view[pos:pos + 4], "big")
        ctype = bytes(view[pos + 4:pos + 8])
        start, end = pos + 8, pos + 8 + length
        if end + 4 > size:
            return "truncated chunk"
        if ctype == b"IHDR" and length >= 13:
            width, height = int.from_bytes(view[start:start + 4], "big"), int.from_bytes(view[start + 4:start + 8], "big")
            depth, colour = view[start + 8], view[start + 9]
            channels = _PNG_CHANNELS.get(colour)
            if channels is None:
                return "invalid colour type"
            stride = 1 + (width * channels * depth + 7) // 8
            expected = height * stride
            ihdr = True
        elif ctype == b"IDAT":
            if ihdr is None:
                return "image data before header"
            seen_idat = True
            chunk = bytes(view[start:end])
            while chunk and not inflater.eof:
                out = inflater.decompress(chunk, _INFLATE_STEP)
                chunk = inflater.unconsumed_tail
                problem = _check_filters(out, produced, stride, expected)
                if problem:
                    return problem
                produced += len(out)
        elif ctype == b"IEND":
            break
        pos = end + 4
    if not seen_idat:
        return "no image data"
    try:
        while not inflater.eof:  # flush what zlib still holds
            out = inflater.decompress(b"", _INFLATE_STEP)
            if not out:
                break
            problem = _check_filters(out, produced, stride, expected)
            if problem:
                return problem
            produced += len(out)
    except zlib.error:
        return "corrupt compressed data"
    if produced < expected:
        return "image data is truncated"
    if not inflater.eof:
        return "compressed data stream is incomplete"
    return None


def _check_filters(out: bytes, offset: int, stride: int, expected: int) -> str | None:
    """Every row's first byte (at multiples of ``stride`` in the raw stream) is a filter type 0-4."""
    if not stride:
        return None
    first = -(-offset // stride) * stride
    end = min(offset + len(out), expected)
    for row_start in range(first, end, stride):
        if out[row_start - offset] > 4:
            return "invalid row filter"
    return None
