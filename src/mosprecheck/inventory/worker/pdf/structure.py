"""Structural inspection of one PDF: what a reader at the office would meet. The entry point of the
PDF parsers (:func:`inspect_pdf`).

pypdf, ``strict=False`` like a forgiving viewer, with pypdf's safety limits as errors: can it be
read, how many pages, is it encrypted and does it need a password to open, does every page's
content stream decode, which active features (JavaScript, actions, embedded files, forms:
:mod:`.features`) and which electronic signatures it carries, and which structural damage the
reader had to repair.

What is inside (issue 6), within bounds of their own besides the worker's: the signatures in detail
(:mod:`.signatures`), the text layer and the scanned page images (:mod:`.content`), the pages
decoded as the office will see them (:mod:`.pages`). All but the decoding share one wall-clock
budget (:data:`EXTRAS_TIME_S`, enforced by an alarm between Python bytecodes), the decoding has its
own (:data:`PAGE_DECODE_TIME_S`), under pypdf's decompression limits; running out of it leaves these
facts partial, never the file unverified.

Runs inside the isolated worker (:mod:`mosprecheck.inventory.worker.serve`), which bounds its time
and memory; never raises (every exception becomes a fact) and never writes.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ...facts import PageImage, PdfFacts
from ..bounds import DEFAULT_PIXEL_BUDGET, Buffer, _OutOfTime, _quiet, _time_budget, cpu_now
from ..trailing import opens_as_zip, pdf_appended, pdf_between_updates
from .content import _Page, _page_images, _text_sample, _TextSample
from .features import _scan_features
from .pages import _decode_pages, _ocr_pdf
from .signatures import _analyse_signatures, _signature_facts

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

#: CPU seconds for text, page images and signature analysis together, per file. Well inside
#: the worker's time bound, so that a slow text layer never makes the whole file "not verified".
EXTRAS_TIME_S = 4.0
#: Files larger than this are not given to pyHanko (it holds the revisions it compares).
SIGNATURE_ANALYSIS_MAX_BYTES = 50_000_000
#: CPU seconds for decoding a PDF's pages, per file (inside the worker's own wall-clock time bound).
PAGE_DECODE_TIME_S = 4.0

#: pypdf warning messages that mean the reader had to repair the file's structure to open it,
#: mapped to a stable label (the messages themselves may quote the file's bytes: never kept).
_REPAIR_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"startxref|xref|Xref|cross.?reference", re.I), "xref"),
    (re.compile(r"Root object|/Catalog", re.I), "catalog"),
    (re.compile(r"EOF marker|truncated", re.I), "eof"),
    (re.compile(r"Invalid Elementary Object|not defined|wrong pointing object|Circular", re.I), "objects"),
    (re.compile(r"trailer", re.I), "trailer"),
)


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
    (:mod:`mosprecheck.inventory.ocr`). None: no OCR."""
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
    facts = _hidden_file(facts, data)
    return dataclasses.replace(facts, repairs=_repairs(messages))


def _hidden_file(facts: PdfFacts, data: Buffer) -> PdfFacts:
    """The facts with another file in the PDF recorded (a polyglot), where the office's security
    scan or an archive program would find it: after the last ``%%EOF``; between a ``%%EOF`` and the
    incremental update after it; after the end of a JPEG page image (found while decoding the
    pages); anywhere, when the file opens as a ZIP. The first of these that holds one is named."""
    try:
        appended = pdf_appended(data)
        if appended is not None:
            return dataclasses.replace(facts, appended=appended, appended_where=None, appended_page=None)
        between = pdf_between_updates(data)
        if between is not None:
            return dataclasses.replace(facts, appended=between, appended_where="between_updates", appended_page=None)
        if facts.appended is not None:
            return facts  # a page image's (set by the decoding)
        if opens_as_zip(data):
            return dataclasses.replace(facts, appended="zip", appended_where="opens_as_zip")
    except Exception:
        pass
    return facts


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


def _inside(reader: Any, data: Buffer, sig_values: list[tuple[str | None, Any]], readable: bool,
            pixel_budget: int = DEFAULT_PIXEL_BUDGET, ocr_deadline: float | None = None) -> dict[str, Any]:
    """Signature details, text sample and page images of an opened PDF, within :data:`EXTRAS_TIME_S`.
    Whatever was gathered when the budget ran out is kept."""
    deadline = cpu_now() + EXTRAS_TIME_S
    size = len(data)
    out: dict[str, Any] = {}
    details = [_signature_facts(name, value, data, size) for name, value in sig_values]
    out["signature_details"] = tuple(details)
    text = _TextSample()
    images: list[PageImage] = []
    checked = [0]
    pages: dict[int, _Page] = {}  # shared by both passes: each page's content and images read once
    try:
        with _quiet("pypdf"), _time_budget(deadline - cpu_now()):
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
    if decoded.get("hidden_file"):
        kind, page = decoded["hidden_file"]
        out.update(appended=kind, appended_where="page_image", appended_page=page)
    if readable and ocr_deadline is not None:
        shows_nothing = {p.page for p in decoded.get("page_problems", ())}
        out["ocr_text"] = _ocr_pdf(reader, data, pages, pixel_budget, ocr_deadline, shows_nothing)
    if details and size <= SIGNATURE_ANALYSIS_MAX_BYTES:
        out["signature_details"] = _analyse_signatures(data, tuple(details), deadline)
    return out
