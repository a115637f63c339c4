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

What is inside (issue 6), within bounds of their own besides the worker's:

- PDF: the signature dictionaries (field, /SubFilter, /Name, /M, /ByteRange and whether it reaches
  the end of the file); with the optional ``signatures`` extra (pyHanko, imported only when a
  signature was found), whether the signed bytes still match and what changed after signing; the
  text layer of the first :data:`TEXT_MAX_PAGES` pages (at most :data:`TEXT_MAX_CHARS` characters,
  pages whose content stream is over :data:`TEXT_MAX_PAGE_CONTENT` bytes skipped); the largest image
  of each of the first :data:`IMAGE_MAX_PAGES` pages (dimensions from its dictionary, never
  decoded) and the resolution it is drawn at. All of it shares one wall-clock budget
  (:data:`EXTRAS_TIME_S`, enforced by an alarm between Python bytecodes), under pypdf's
  decompression limits; running out of it leaves these facts partial, never the file unverified.
- Images: EXIF date taken and declared resolution (from the metadata segment read at open, never by
  decoding); for JPEG, colour measured on the 1/8-scale decode reduced to at most 256 px.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import math
import re
import signal
import threading
import time
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any

from .facts import ImageFacts, PageImage, PageProblem, PdfFacts, SignatureFacts

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

#: Text layer: pages read, characters kept, and the decoded content-stream size above which a
#: page's text is not extracted (pypdf interprets content in Python: a 30 MB vector drawing would
#: take seconds and hold no document text worth a language guess).
TEXT_MAX_PAGES = 5
TEXT_MAX_CHARS = 20_000
TEXT_MAX_PAGE_CONTENT = 2_000_000
#: Pages looked at for scanned page images (their dictionaries only: images are never decoded).
IMAGE_MAX_PAGES = 64
#: Wall-clock seconds for text, page images and signature analysis together, per file. Well inside
#: the worker's time bound, so that a slow text layer never makes the whole file "not verified".
EXTRAS_TIME_S = 4.0
#: Files larger than this are not given to pyHanko (it holds the revisions it compares).
SIGNATURE_ANALYSIS_MAX_BYTES = 50_000_000
#: Bytes after the signed range still counted as "to the end": a final end-of-line.
_TRAILING_SLACK = 2

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


def inspect_pdf(data: Buffer, header_offset: int | None = 0, pixel_budget: int | None = None,
                ocr_deadline: float | None = None) -> PdfFacts:
    """Facts about a PDF given as bytes or a read-only memory map of the file (only the parts the
    reader touches are then read). Never raises. ``pixel_budget``: page images declaring more
    pixels are not decoded (default: Pillow's ``MAX_IMAGE_PIXELS``, which the worker sets to the
    rulebook's budget, else :data:`DEFAULT_PIXEL_BUDGET`). ``ocr_deadline`` (``time.monotonic()``):
    the file is a travel-document copy; its image-only pages are read for an MRZ by OCR until then
    (:mod:`.ocr`). None: no OCR."""
    from PIL import Image
    from pypdf import apply_configuration

    if pixel_budget is None:
        pixel_budget = int(Image.MAX_IMAGE_PIXELS or DEFAULT_PIXEL_BUDGET)

    with apply_configuration(jbig2dec_binary=None, **_DECOMPRESSION_LIMITS), _pypdf_messages() as messages:
        try:
            facts = _inspect_pdf(data, header_offset, pixel_budget, ocr_deadline)
        except Exception as exc:  # any pypdf failure outside the stages below
            facts = PdfFacts(opened=False, error=type(exc).__name__, error_stage="structure",
                             header_offset=header_offset)
    try:
        appended = pdf_appended(data)
    except Exception:
        appended = None
    if appended is not None:
        facts = dataclasses.replace(facts, appended=appended)
    return dataclasses.replace(facts, repairs=_repairs(messages))


def _inspect_pdf(data: Buffer, header_offset: int | None, pixel_budget: int = DEFAULT_PIXEL_BUDGET,
                 ocr_deadline: float | None = None) -> PdfFacts:
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
    sig_values: list[tuple[str | None, Any]] = []
    try:
        active = _scan_features(reader, sig_values)
    except LimitReachedError as exc:
        return PdfFacts(error=type(exc).__name__, error_stage="content", limit_exceeded=True, **common)
    except Exception:
        active, sig_values = ("unreadable_objects",), []
    extras = _inside(reader, data, sig_values, can_decrypt_objects, pixel_budget, ocr_deadline)
    return PdfFacts(active_content=active, **common, **extras)


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
    triggered = False
    for value in list(aa.values())[:100]:
        before = len(found)
        _actions(value, found, budget)
        action = _resolve(value)
        if len(found) > before or (isinstance(action, dict) and _name(action.get("/S"))):
            triggered = True
    if triggered:
        found.add("additional_actions")


def _scan_features(reader: Any, sig_values: list[tuple[str | None, Any]]) -> tuple[str, ...]:
    """Active content ids found in the catalog, name trees, form and pages; every signed signature
    field's (name, value dictionary) is appended to ``sig_values``."""
    found: set[str] = set()
    budget = _Budget()
    root = _resolve(reader.trailer.get("/Root"))
    if not isinstance(root, dict):
        return ()

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
        _fields(form.get("/Fields"), found, sig_values, budget, 0, set())

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
    return tuple(sorted(found))


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


def _fields(fields: Any, found: set[str], sig_values: list[tuple[str | None, Any]], budget: _Budget, depth: int,
            seen: set[int], inherited_ft: str | None = None) -> None:
    """Walk the AcroForm field tree: signed signature fields are signatures (their name and value
    dictionary appended to ``sig_values``); any other terminal field (including an empty signature
    field waiting to be signed) is an interactive form field."""
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
            _fields(kids, found, sig_values, budget, depth + 1, seen, ft)
            continue
        if ft == "/Sig":
            value = _resolve(field.get("/V"))
            if isinstance(value, dict) and ("/ByteRange" in value or "/Contents" in value):
                sig_values.append((_name(field.get("/T")), value))
                continue
        found.add("form_fields")


# ---------------------------------------------------------------------------------------------
# Inside a PDF (issue 6): signatures in detail, the text layer, scanned page images
# ---------------------------------------------------------------------------------------------


class _OutOfTime(BaseException):
    """Raised by the alarm when the budget for the facts below is spent. A BaseException, so that a
    parser's own ``except Exception`` cannot swallow it."""


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` of wall-clock time (SIGALRM, between Python
    bytecodes: pypdf and pyHanko are Python). Only in the main thread; elsewhere the worker's own
    time bound is the only one."""
    if seconds <= 0:
        raise _OutOfTime()
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _alarm(signum: int, frame: Any) -> None:
        raise _OutOfTime()

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _quiet(*loggers: str) -> Iterator[None]:
    """Keep the parsers' warnings out of the repair labels (and out of any output)."""
    saved = [(logging.getLogger(name), logging.getLogger(name).disabled) for name in loggers]
    for logger, _ in saved:
        logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, was in saved:
            logger.disabled = was


def _inside(reader: Any, data: Buffer, sig_values: list[tuple[str | None, Any]], readable: bool,
            pixel_budget: int = DEFAULT_PIXEL_BUDGET, ocr_deadline: float | None = None) -> dict[str, Any]:
    """Signature details, text sample and page images of an opened PDF, within :data:`EXTRAS_TIME_S`.
    Whatever was gathered when the budget ran out is kept."""
    deadline = time.monotonic() + EXTRAS_TIME_S
    size = len(data)
    out: dict[str, Any] = {}
    details = [_signature_facts(name, value, data, size) for name, value in sig_values]
    out["signature_details"] = tuple(details)
    text = _TextSample()
    images: list[PageImage] = []
    checked = [0]
    pages: dict[int, _Page] = {}  # shared by both passes: each page's content and images read once
    try:
        with _quiet("pypdf"), _time_budget(deadline - time.monotonic()):
            if readable:
                try:
                    _page_images(reader, data, pages, images, checked)
                except Exception:  # a page that cannot be measured: the pages before it are kept
                    pass
                try:
                    _text_sample(reader, data, pages, text)
                except Exception as exc:  # a parser failure here leaves the structural facts untouched
                    text.stopped(type(exc).__name__)
    except _OutOfTime:
        text.stopped("time")
    out.update(page_images=tuple(images), page_images_checked=checked[0], **text.facts())
    decoded: dict[str, Any] = {}
    if readable:
        try:
            with _quiet("pypdf", "PIL"), _time_budget(PAGE_DECODE_TIME_S):
                _decode_pages(reader, data, pages, pixel_budget, decoded)
        except _OutOfTime:
            pass
        except Exception:  # the page that failed stays undecided; the pages before it are kept
            pass
    out.update(pages_decoded=decoded.get("pages_decoded", 0), pages_legible=decoded.get("pages_legible", 0),
               page_problems=tuple(decoded.get("page_problems", ())),
               pages_decode_complete=bool(decoded.get("pages_decode_complete")))
    if readable and ocr_deadline is not None:
        shows_nothing = {p.page for p in decoded.get("page_problems", ())}
        out["ocr_text"] = _ocr_pdf(reader, data, pages, pixel_budget, ocr_deadline, shows_nothing)
    if details and size <= SIGNATURE_ANALYSIS_MAX_BYTES:
        out["signature_details"] = _analyse_signatures(data, tuple(details), deadline)
    return out


# --- signatures ----------------------------------------------------------------------------------


def _pdf_date(value: Any) -> str | None:
    """A PDF date string (``D:20261001093000+02'00'``) as ISO 8601, or None."""
    text = _name(value)
    if not text:
        return None
    try:
        from pypdf._utils import parse_iso8824_date

        parsed = parse_iso8824_date(text)
        return parsed.isoformat() if parsed is not None else None
    except Exception:
        return None


def _signature_facts(name: str | None, value: Any, data: Buffer, size: int) -> SignatureFacts:
    """What the signature dictionary says, and whether its /ByteRange reaches the end of the file."""
    sub = _name(value.get("/SubFilter"))
    kind = "timestamp" if _name(value.get("/Type")) == "/DocTimeStamp" or sub == "/ETSI.RFC3161" else "signature"
    signer = _name(value.get("/Name"))
    byte_range: tuple[int, ...] | None = None
    ok = covers = None
    uncovered = None
    raw = _resolve(value.get("/ByteRange"))
    if isinstance(raw, list):
        try:
            byte_range = tuple(int(_resolve(n)) for n in raw[:16])
        except (TypeError, ValueError):
            byte_range = None
    if byte_range is not None:
        ok = (len(byte_range) == 4 and all(n >= 0 for n in byte_range) and byte_range[0] == 0
              and byte_range[1] <= byte_range[2] and byte_range[2] + byte_range[3] <= size)
        if ok:
            gap = bytes(data[byte_range[1]:byte_range[2]]).strip()
            ok = gap.startswith(b"<") and gap.endswith(b">")  # the gap is exactly the /Contents hex string
            end = byte_range[2] + byte_range[3]
            tail = bytes(data[end:end + 64])
            uncovered = size - end
            covers = uncovered <= _TRAILING_SLACK and not tail.strip()
        else:
            ok = False
    return SignatureFacts(field=name, kind=kind, sub_filter=sub.lstrip("/") if sub else None,
                          signer_name=signer or None, signing_time=_pdf_date(value.get("/M")),
                          byte_range=byte_range, byte_range_ok=ok, covers_to_end=covers,
                          uncovered_bytes=uncovered)


def _analyse_signatures(data: Buffer, details: tuple[SignatureFacts, ...], deadline: float
                        ) -> tuple[SignatureFacts, ...]:
    """With pyHanko installed (the ``signatures`` extra): integrity, coverage and modification
    analysis of each signature, matched to the pypdf details by byte range. Without it, or when it
    fails, the details are returned unchanged (``checked`` stays False)."""
    try:
        with _quiet("pyhanko", "pyhanko_certvalidator"), _time_budget(deadline - time.monotonic()):
            try:
                from pyhanko.pdf_utils.reader import PdfFileReader
            except ImportError:
                return details
            stream = io.BytesIO(data) if isinstance(data, bytes) else io.BufferedReader(_MapReader(data))
            reader = PdfFileReader(stream, strict=False)
            results: dict[tuple[int, ...], dict[str, Any]] = {}
            for sig in reader.embedded_signatures:
                try:
                    key = tuple(int(n) for n in sig.byte_range)
                except Exception:
                    continue
                results[key] = _hanko_one(sig)
    except _OutOfTime:
        return details
    except ImportError:
        return details
    except Exception:
        return details
    out = []
    for d in details:
        found = results.get(d.byte_range or ())
        if found is None:
            out.append(d)
        else:
            out.append(dataclasses.replace(d, **{**found, "signer_name": d.signer_name or found.get("signer_name"),
                                                 "signing_time": d.signing_time or found.get("signing_time")}))
    return tuple(out)


class _MapReader(io.RawIOBase):
    """A read-only file over a memory map (pyHanko reads with ``readinto``, which ``mmap`` lacks)."""

    def __init__(self, data: Buffer):
        self._data = data
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data[self._pos:self._pos + len(buffer)]
        buffer[:len(chunk)] = chunk
        self._pos += len(chunk)
        return len(chunk)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: len(self._data)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos


def _hanko_one(sig: Any) -> dict[str, Any]:
    """pyHanko's integrity facts of one embedded signature (no trust, revocation or network)."""
    from pyhanko.sign.diff_analysis import DiffResult
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity

    out: dict[str, Any] = {"checked": True}
    try:
        sig.compute_integrity_info()
        info = sig.summarise_integrity_info()
        coverage = info.get("coverage")
        out["coverage"] = coverage.name.lower() if coverage is not None else None
        diff = info.get("diff_result")
        if isinstance(diff, DiffResult):
            out["modification"] = diff.modification_level.name.lower()
        elif diff is not None:  # SuspiciousModification: a change the policy cannot explain
            out["modification"] = "other"
        elif coverage is not None and coverage.name == "ENTIRE_FILE":
            out["modification"] = "none"
    except Exception:
        return out
    try:
        if str(sig.sig_object_type) == "/DocTimeStamp":
            imprint = sig.signed_data["encap_content_info"]["content"].parsed["message_imprint"]
            out["intact"] = bytes(imprint["hashed_message"].native) == sig.compute_digest()
        else:
            content_type = sig.signed_data["encap_content_info"]["content_type"].native
            intact, valid = validate_sig_integrity(sig.signer_info, sig.signer_cert,
                                                   expected_content_type=content_type,
                                                   actual_digest=sig.compute_digest())
            out["intact"] = bool(intact and valid)
    except Exception:
        out["intact"] = None
    try:
        cert = sig.signer_cert
        out["signer_name"] = cert.subject.native.get("common_name") if cert is not None else None
    except Exception:
        out["signer_name"] = None
    try:
        when = sig.self_reported_timestamp
        out["signing_time"] = when.isoformat() if when is not None else None
    except Exception:
        out["signing_time"] = None
    return out


# --- scanned page images -------------------------------------------------------------------------

_NUM = rb"([-+]?\d*\.?\d+)"
#: The operators that place an image: save/restore state, concatenate a matrix, draw an XObject.
_PLACEMENT = re.compile(rb"(?P<cm>" + rb"\s+".join([_NUM] * 6) + rb"\s+cm)(?![A-Za-z])"
                        rb"|(?<![A-Za-z*'\"])(?P<q>[qQ])(?![A-Za-z*])"
                        rb"|/(?P<name>[^\s/\[\]()<>{}%]+)\s*Do(?![A-Za-z])")
#: String literals and hex strings, blanked before looking for operators (their bytes are text).
_STRINGS = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>")
_TEXT_OPS = re.compile(rb"(?:^|\s|\]|\))(?:Tj|TJ)(?:\s|$)")


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


# --- text layer ----------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class _TextSample:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.chars = 0
        self.pages = 0
        self.truncated = False
        self.error: str | None = None

    def stopped(self, why: str) -> None:
        self.truncated = True
        self.error = self.error or why

    def facts(self) -> dict[str, Any]:
        text = "\n".join(self.parts)[:TEXT_MAX_CHARS].strip()
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
    """The text layer of the first pages, bounded in pages, characters and content size."""
    count = len(reader.pages)
    for index in range(min(count, TEXT_MAX_PAGES)):
        look = _page(pages, reader, data, index, reader.pages[index])
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
            return
    if count > TEXT_MAX_PAGES:
        sample.truncated = True


# ---------------------------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------------------------

_PIL_FORMATS = {"jpeg": ["JPEG"], "png": ["PNG"]}


def inspect_image(data: Buffer, kind: str, pixel_budget: int = DEFAULT_PIXEL_BUDGET,
                  ocr_deadline: float | None = None) -> ImageFacts:
    """Facts about a JPEG or PNG given as bytes or a read-only memory map. Never raises; never decodes
    over the budget. ``ocr_deadline``: the image is a travel-document copy, read for an MRZ by OCR
    until then (:mod:`.ocr`), when it decoded without damage."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            facts = _inspect_image(data, kind, pixel_budget)
        except Exception as exc:  # pragma: no cover - _inspect_image classifies every stage
            return ImageFacts(error=type(exc).__name__, error_kind="decode", pixel_budget=pixel_budget)
    if ocr_deadline is not None and facts.error is None and not facts.blank:
        facts = dataclasses.replace(facts, ocr_text=_ocr_image(data, kind, pixel_budget, ocr_deadline))
    return facts


def _ocr_image(data: Buffer, kind: str, budget: int, deadline: float) -> str | None:
    """The MRZ read by OCR from an image file that decoded without damage (:func:`.ocr.read_mrz`)."""
    from PIL import ImageOps

    from .ocr import read_mrz

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


def _xmp_container(data: Buffer) -> bool:
    """True when the JPEG's XMP declares a container of further images (Google's ``GContainer`` /
    ``Container:Directory``: portrait-mode depth maps, motion photos), which follow its end."""
    head = bytes(data[:262_144])
    return b"GContainer" in head or b"Container:Directory" in head


def _blank(im: Any) -> bool | None:
    try:
        return is_blank(im)
    except Exception:
        return None


def _png_layout(data: Buffer) -> tuple[int | None, int]:
    """(offset just after the IEND chunk, or None when there is none; total IDAT bytes)."""
    size = len(data)
    pos, idat = 8, 0
    while pos + 8 <= size:
        length = int.from_bytes(bytes(data[pos:pos + 4]), "big")
        ctype = bytes(data[pos + 4:pos + 8])
        end = pos + 12 + length
        if ctype == b"IDAT":
            idat += length
        if ctype == b"IEND":
            return min(end, size), idat
        pos = end
    return None, idat


def _png_may_be_blank(im: Any, idat_bytes: int) -> bool:
    """Only an image that compresses over a hundredfold can be a single colour (a scan's noise and
    texture never compress so far): such images are decoded to look (they inflate quickly)."""
    width, height = im.size
    raw = width * height * max(1, len(im.getbands()))
    return idat_bytes * 100 < raw


#: Largest EXIF block parsed (a real one is a few KB; Pillow joins repeated APP1 segments).
_EXIF_MAX_BYTES = 256 * 1024
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


# ---------------------------------------------------------------------------------------------
# What the office will look at, decoded (issue 11): page images at reduced scale, blank pages,
# damage a forgiving decoder hides, and other files appended after the end (polyglots)
# ---------------------------------------------------------------------------------------------

#: A page whose shorter side is under this many points (1/72 in) has no drawable area (the 1 x 1 pt
#: pages of a hostile copy). Kept tiny on purpose: real files have pages of a few points (a 16 px
#: image at 300 dpi on a 3.84 pt page, in the shared corpus's ``pdf-ok``); legibility beyond that is
#: judged by resolution (P051).
MIN_PAGE_SIDE_PT = 2.0
#: Wall-clock seconds for decoding a PDF's pages, per file (inside the worker's own time bound).
PAGE_DECODE_TIME_S = 4.0
#: Images decoded per page (the largest first).
MAX_IMAGES_PER_PAGE = 8
#: A decoded image reduced to at most this many pixels a side is "a single colour" when its grey
#: levels spread less than :data:`BLANK_MAX_RANGE` and deviate less than :data:`BLANK_MAX_STDDEV`.
#: A scan of a blank sheet still has paper texture and scanner noise (a range of 20 and more);
#: a generated blank, a page whose image stream failed and was left white, or a flat fill has none.
BLANK_THUMBNAIL = 64
BLANK_MAX_RANGE = 12
BLANK_MAX_STDDEV = 2.0

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


#: A marker after entropy-coded data: 0xFF followed by neither a stuffed zero, a restart marker
#: (RST0-7) nor another fill byte.
_NEXT_MARKER = re.compile(rb"\xff[\x01-\xcf\xd8-\xfe]")


class _JpegLayout:
    """The marker structure of a JPEG's first image: where it ends (after ``FF D9``), its frame's
    component ids, its scans (components, Ss, Se, Ah, Al), whether it is progressive and whether it
    declares further images (an MPO's ``MPF`` segment). Reading stops at the first ``FF D9`` that
    follows entropy-coded data, or when the structure is lost (``end`` stays None)."""

    def __init__(self, data: Buffer):
        self.end: int | None = None
        self.components: tuple[int, ...] = ()
        self.scans: list[tuple[tuple[int, ...], int, int, int, int]] = []
        self.progressive = False
        self.multi_picture = False
        try:
            self._read(data)
        except (IndexError, ValueError):
            self.end = None

    def _read(self, data: Buffer) -> None:
        size = len(data)
        pos = 2
        while pos + 2 <= size:
            if data[pos] != 0xFF:
                return
            marker = data[pos + 1]
            if marker == 0xFF:
                pos += 1
                continue
            if marker == 0xD9:
                self.end = pos + 2
                return
            if 0xD0 <= marker <= 0xD7 or marker == 0x01:
                pos += 2
                continue
            if pos + 4 > size:
                return
            length = int.from_bytes(bytes(data[pos + 2:pos + 4]), "big")
            if length < 2:
                return
            seg, end = pos + 4, pos + 2 + length
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                self.progressive = marker in (0xC2, 0xC6, 0xCA, 0xCE)
                count = data[seg + 5]
                self.components = tuple(data[seg + 6 + 3 * i] for i in range(count))
            elif marker == 0xE2 and bytes(data[seg:seg + 4]) == b"MPF\x00":
                self.multi_picture = True
            elif marker == 0xDA:
                count = data[seg]
                comps = tuple(data[seg + 1 + 2 * i] for i in range(count))
                p = seg + 1 + 2 * count
                approx = data[p + 2]
                self.scans.append((comps, data[p], data[p + 1], approx >> 4, approx & 15))
                found = _NEXT_MARKER.search(data, end)  # skip the entropy-coded data (C speed)
                if found is None:
                    return
                pos = found.start()
                continue
            pos = end

    def scans_incomplete(self) -> bool:
        """A progressive image whose scans do not bring every coefficient of every component to full
        precision (``Al`` = 0): the file ended (or was cut and closed with ``FF D9``) before its last
        scans, and the picture is blurred, blocky or grey where they are missing."""
        if not self.progressive or not self.components:
            return False
        done = {c: [False] * 64 for c in self.components}
        for comps, ss, se, _ah, al in self.scans:
            if al:
                continue
            for c in comps:
                if c in done:
                    for k in range(ss, min(se, 63) + 1):
                        done[c][k] = True
        return not all(all(v) for v in done.values())


def _grey_tail(im: Any) -> bool:
    """True when a JPEG decoded at 1/8 scale (one pixel per 8 x 8 block: its DC value) ends with at
    least a full row of blocks that are exactly mid-grey in every channel (Y = Cb = Cr = 128).
    That is what libjpeg makes of the blocks it never received: a file cut (and closed again with
    ``FF D9``) or whose entropy-coded data was overwritten decodes without an error, its lower part
    flat grey. Only for ``YCbCr`` and ``L`` decodes."""
    if im.mode not in ("YCbCr", "L"):
        return False
    raw = im.tobytes()
    channels = 3 if im.mode == "YCbCr" else 1
    grey = (len(raw) - len(raw.rstrip(b"\x80"))) // channels
    return im.width > 0 and grey >= im.width


def is_blank(im: Any) -> bool:
    """True when a decoded image is (nearly) a single colour (see :data:`BLANK_MAX_RANGE`)."""
    from PIL import ImageStat

    small = im.copy()
    if small.mode not in ("L", "RGB", "1"):
        small = small.convert("RGB")
    small.thumbnail((BLANK_THUMBNAIL, BLANK_THUMBNAIL))
    grey = small.convert("L")
    lo, hi = grey.getextrema()
    return hi - lo <= BLANK_MAX_RANGE and ImageStat.Stat(grey).stddev[0] <= BLANK_MAX_STDDEV


@contextmanager
def _damage_warnings() -> Iterator[None]:
    """What a decoder warns about while decoding pixels (truncated or corrupt data) raised as an
    error; deprecations and the like are not about the file and stay ignored."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("error", RuntimeWarning)
        yield


def decode_jpeg_reduced(data: Buffer, budget: int) -> tuple[Any, str | None]:
    """Decode a JPEG at 1/8 scale, every entropy-coded byte read; (image, None) or (None, why): a
    stable label: ``not_an_image``, ``too_large``, ``truncated``, ``corrupt``, ``grey_tail`` (the
    lower part was never received), ``incomplete_scans`` (a progressive image cut short),
    ``warning`` (the decoder warned)."""
    from PIL import Image

    try:
        im = _open_lazily(data, ["JPEG"])
    except Exception:
        return None, "not_an_image"
    width, height = im.size
    if width * height > budget:
        return None, "too_large"
    try:
        if im.mode in ("RGB", "L"):
            im.draft("YCbCr" if im.mode == "RGB" else "L", (max(1, width // 8), max(1, height // 8)))
        with _damage_warnings():
            im.load()
    except Warning:
        return None, "warning"
    except Image.DecompressionBombError:
        return None, "too_large"
    except Exception as exc:
        return None, "truncated" if "truncated" in str(exc) else "corrupt"
    if im.info.get("progressive") or im.info.get("progression"):
        if _JpegLayout(data).scans_incomplete():
            return None, "incomplete_scans"
    if _grey_tail(im):
        return None, "grey_tail"
    return im, None


def _xobject_refs(look: _Page) -> dict[str, Any]:
    resources = _resolve(look.page.get("/Resources"))
    xobjects = _resolve(resources.get("/XObject")) if isinstance(resources, dict) else None
    if not isinstance(xobjects, dict):
        return {}
    return {str(name).lstrip("/"): ref for name, ref in list(xobjects.items())[:64]}


_PAINT_OPS = re.compile(rb"(?<![A-Za-z*'\"])(?:f\*?|F|B\*?|b\*?|S|s|sh|BI)(?![A-Za-z*'\"])")


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


def _decode_xobject(ref: Any, budget: int) -> tuple[str, str | None]:
    """Decode one image XObject at reduced scale: (``ok`` | ``blank`` | ``undecodable`` | ``unchecked``,
    a label of why)."""
    try:
        obj = _resolve(ref)
        filters = obj.get("/Filter")
        filters = [str(_resolve(f)) for f in (filters if isinstance(filters, list) else [filters])] if filters else []
    except Exception:
        return "undecodable", "unreadable_object"
    try:
        if filters == ["/DCTDecode"] or filters == ["/DCT"]:
            raw = obj._data  # the JPEG itself: decoded here at 1/8 scale, not by pypdf at full size
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


def _decode_page(look: _Page, budget: int) -> tuple[PageProblem | None, bool]:
    """Decode what one page draws; (problem or None, legible)."""
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
    text = look.shows_text or b"'" in content or b'"' in content
    refs = _xobject_refs(look)
    drawn = set(_drawn_sizes(content))
    sizes = dict(look.xobject_sizes or [])
    images = [name for name in refs if name in drawn and sizes.get(name)]
    forms = [name for name in refs if name in drawn and not sizes.get(name)]
    vector = _PAINT_OPS.search(plain) is not None
    images.sort(key=lambda n: -(sizes[n][0] * sizes[n][1]))
    outcomes = [(name, *_decode_xobject(refs[name], budget)) for name in images[:MAX_IMAGES_PER_PAGE]]
    bad = [why for _name, status, why in outcomes if status == "undecodable"]
    showing = any(status in ("ok", "unchecked") for _name, status, _why in outcomes)
    legible = text or vector or bool(forms) or showing or _has_visible_annotations(page)
    if bad:
        return PageProblem(page=number, kind="undecodable", detail=bad[0]), legible
    if not legible:
        return PageProblem(page=number, kind="blank", detail="single_colour" if outcomes else "nothing_drawn"), False
    return None, True


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
    """The MRZ read by OCR from the image-only pages among the first :data:`.ocr.OCR_MAX_PAGES`
    (:func:`.ocr.read_mrz`); None when no page is image-only (the text layer is what is read) or
    OCR did not finish. "No MRZ" (``""``) only when every page of the file was looked at: a longer
    file in which none was found on its first pages is not verified, never "without MRZ"; so is a
    file with a page the decoding found blank or undecodable (``shows_nothing``, page numbers from 1:
    P052-P054 report it)."""
    from .ocr import OCR_MAX_PAGES, read_mrz

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
    :data:`.ocr.TARGET_WIDTH` wide, anything else through pypdf. None when it does not decode or is
    over the pixel budget."""
    from .ocr import TARGET_WIDTH

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
        problem, legible = _decode_page(look, budget)
        if problem is not None:
            problems.append(problem)
        out["pages_decoded"] = index + 1
        out["pages_legible"] = out.get("pages_legible", 0) + (1 if legible else 0)
    out["pages_decode_complete"] = True
