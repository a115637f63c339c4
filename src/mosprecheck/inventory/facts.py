"""File facts: what the inventory learned about each entry of the package folder, once.

Rules read these facts; they never open files themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Types detected from content. ``symlink``, ``special`` and ``unreadable`` are entries whose
#: content was not (or could not be) read.
DetectedType = Literal["pdf", "jpeg", "png", "other", "empty", "symlink", "special", "unreadable"]

ALLOWED_CONTENT_TYPES = frozenset({"pdf", "jpeg", "png"})

#: Why an entry's content was not read (``FileFacts.problem_kind``).
ProblemKind = Literal[
    "special",  # FIFO, socket or device: never opened
    "symlink_outside",  # symbolic link leading out of the package: not followed
    "symlink_broken",  # symbolic link to nothing (or a loop)
    "symlink_not_file",  # symbolic link to a folder, FIFO, device...: not followed
    "unreadable",  # permission denied, I/O error
    "listing_failed",  # a sub-folder that cannot be listed
    "entry_limit",  # the walk stopped: too many entries
    "depth_limit",  # a folder nested too deep: not walked
    "time_budget",  # the walk stopped: the package's time budget ran out
]

#: Why the structural check of a readable PDF/JPEG/PNG could not give an answer
#: (``FileFacts.unverified``).
UnverifiedReason = Literal[
    "timeout",  # the parser did not finish within the time bound
    "memory",  # the parser needed more memory than the bound
    "crashed",  # the parser process died (a crash in a native decoder)
    "unavailable",  # the isolated inspector could not be started
    "changed",  # the file was replaced while it was being checked
    "budget",  # the package's time budget ran out before the file was inspected
]


@dataclass(frozen=True)
class SignatureFacts:
    """One signed signature field or document timestamp of a PDF (filled by the inspector).

    The pypdf part (always): what the signature dictionary says. The pyHanko part (``checked``
    True, only with the optional ``signatures`` extra): whether the signed bytes still match the
    signature, how much of the file they cover and what changed after signing. Nothing here is
    a judgement of trust (no certificate chain or revocation is checked: that needs trust lists
    and the network)."""

    field: str | None = None
    """The signature field's name (``/T``), e.g. ``Signature1``."""
    kind: str = "signature"
    """``signature`` or ``timestamp`` (a document timestamp, ``/DocTimeStamp``)."""
    sub_filter: str | None = None
    """The ``/SubFilter`` without its slash, e.g. ``ETSI.CAdES.detached``."""
    signer_name: str | None = None
    """``/Name`` of the signature dictionary, else (with pyHanko) the signer certificate's common
    name. Personal data: kept for API users, never logged and never put in a defect."""
    signing_time: str | None = None
    """``/M`` (else, with pyHanko, the signed signing-time attribute) as ISO 8601."""
    byte_range: tuple[int, ...] | None = None
    """The ``/ByteRange`` as found (four integers in a well-formed signature)."""
    byte_range_ok: bool | None = None
    """True when the byte range is four non-negative integers starting at 0, in order, within the
    file, whose gap holds the ``/Contents`` value."""
    covers_to_end: bool | None = None
    """True when the signed bytes reach the end of the file (at most a line end after them);
    False when bytes were appended after signing (an incremental update: another signature,
    validation data, or a change). None when the byte range is unusable."""
    uncovered_bytes: int | None = None
    """Bytes after the signed range (0 when it reaches the end)."""
    checked: bool = False
    """True when pyHanko analysed this signature (the ``signatures`` extra is installed)."""
    intact: bool | None = None
    """pyHanko: the digest of the signed bytes matches the one in the signature and the
    cryptographic signature over it verifies (None: not checked, or could not be computed)."""
    coverage: str | None = None
    """pyHanko: ``entire_file``, ``entire_revision`` (later incremental updates exist),
    ``contiguous_block_from_start`` or ``unclear``."""
    modification: str | None = None
    """pyHanko's difference analysis of what was added after signing: ``none``, ``lta_updates``
    (validation data, timestamps), ``form_filling`` (incl. later signatures), ``annotations`` or
    ``other`` (anything else, or a suspicious change)."""


@dataclass(frozen=True)
class PageImage:
    """The largest image drawn on one PDF page, and the resolution it is shown at."""

    page: int
    """Page number, from 1."""
    width: int
    height: int
    dpi: float
    """Estimated resolution: the image's pixels over the size it is drawn at, in inches (the
    smaller of the horizontal and vertical figure)."""


@dataclass(frozen=True)
class PageProblem:
    """A page the office would see nothing (or nothing whole) on, found by decoding it at reduced scale."""

    page: int
    """Page number, from 1."""
    kind: str
    """``undecodable`` (an image drawn on the page does not decode: truncated, corrupt or not an
    image at all), ``blank`` (the page decodes to (nearly) a single colour, or draws nothing) or
    ``no_area`` (the page is too small to show anything: a side under ``MIN_PAGE_SIDE_PT``)."""
    detail: str | None = None
    """A stable label of what failed (``truncated``, ``corrupt``, ``grey_tail``...), never parser text."""


@dataclass(frozen=True)
class PdfFacts:
    """What a structural open of a PDF found (filled by the inspector)."""

    opened: bool = False
    """True when pypdf could read the cross-reference structure and the trailer."""
    error: str | None = None
    """Why the PDF cannot be read: the exception type raised by pypdf (never its message, which may
    quote the file's bytes)."""
    error_stage: str | None = None
    """Where reading failed: ``structure`` (xref, trailer), ``pages`` (page tree), ``content``
    (a page's content stream)."""
    limit_exceeded: bool = False
    """True when reading stopped at one of pypdf's safety limits (decompression output, page-tree
    depth...): a decompression bomb or a hostile structure."""
    header_offset: int | None = None
    version: str | None = None
    pages: int | None = None
    encrypted: bool = False
    needs_user_password: bool | None = False
    """True: a password is needed to open the file. None: encrypted with a scheme whose password
    check needs a cipher this installation lacks, so it is unknown."""
    encryption: str | None = None
    """The security handler, e.g. ``Standard V2 R3 (RC4)`` or ``Adobe.PubSec (public key)``."""
    active_content: tuple[str, ...] = ()
    """Active features found, as stable ids: ``javascript``, ``launch``, ``open_action``,
    ``additional_actions``, ``submit_form``, ``embedded_files``, ``xfa``, ``form_fields``..."""
    repairs: tuple[str, ...] = ()
    """Structural damage the reader had to repair to open the file (``xref``, ``catalog``...)."""
    signature_details: tuple[SignatureFacts, ...] = ()
    """One entry per signed signature field or document timestamp, with its dictionary's details."""
    text_sample: str | None = None
    """The text layer of the first pages (bounded: pages, characters and time; see
    ``inventory/inspect.py``), or None when nothing was extracted. Personal data: rules may look
    into it, nothing may log or report it."""
    text_pages: int = 0
    """How many pages the text sample was read from."""
    text_truncated: bool = False
    """True when the sample stopped at a bound (pages, characters, time) before the end."""
    text_error: str | None = None
    """Why text extraction stopped early: an exception type, or ``time`` / ``limit``."""
    page_images: tuple[PageImage, ...] = ()
    """For pages that look scanned (an image covering most of the page, or the only content),
    the largest image and its estimated resolution; bounded to the first pages."""
    page_images_checked: int = 0
    """How many pages were looked at for page images."""
    pages_decoded: int = 0
    """How many pages (from the first) were decoded at reduced scale (bounded in pages and time)."""
    pages_legible: int = 0
    """How many of the decoded pages show something: text, or an image that decodes and is not a
    single colour."""
    page_problems: tuple[PageProblem, ...] = ()
    """The decoded pages that do not decode, are blank or have no drawable area."""
    pages_decode_complete: bool = False
    """True when every page up to the page bound was decoded (False: the time bound stopped it)."""
    appended: str | None = None
    """What the bytes after the last ``%%EOF`` form, when they form another file (``zip``, ``html``,
    ``pdf``, ``jpeg``...): a polyglot. None when nothing (or only padding) follows. Also another file
    hidden before the end (:attr:`appended_where` says where)."""
    appended_where: str | None = None
    """Where the other file of :attr:`appended` sits, when not after the last ``%%EOF`` (None):
    ``between_updates`` (between a ``%%EOF`` and an incremental update that follows it),
    ``page_image`` (after the end of a JPEG page image, on :attr:`appended_page`), ``opens_as_zip``
    (the file's end holds a ZIP directory that parses: archive programs open it as a ZIP)."""
    appended_page: int | None = None
    """The page (from 1) whose image carries the other file, for ``page_image``."""
    ocr_text: str | None = None
    """The machine-readable zone read by OCR from the image-only pages of a declared travel-document
    copy (``inventory/ocr.py``): its MRZ-shaped lines, ``""`` when every page was read and none was
    found, None when OCR did not run (not a travel-document copy, no image-only page, the optional
    ``ocr`` extra or the tesseract binary missing, switched off) or could not finish (time, error).
    Personal data: rules may look into it, nothing may log or report it."""

    @classmethod
    def from_dict(cls, d: dict) -> PdfFacts:
        """Rebuild from :func:`dataclasses.asdict` output sent over JSON (lists back to tuples)."""
        d = dict(d)
        for key in ("active_content", "repairs"):
            d[key] = tuple(d.get(key) or ())
        d["signature_details"] = tuple(
            SignatureFacts(**{**s, "byte_range": tuple(s["byte_range"]) if s.get("byte_range") is not None else None})
            for s in d.get("signature_details") or ())
        d["page_images"] = tuple(PageImage(**p) for p in d.get("page_images") or ())
        d["page_problems"] = tuple(PageProblem(**p) for p in d.get("page_problems") or ())
        return cls(**d)

    @property
    def signatures(self) -> tuple[str, ...]:
        """One entry per signed signature field or document timestamp: its ``/SubFilter`` (``?`` when
        it has none), marked `` (document timestamp)`` for a timestamp."""
        return tuple(f"{s.sub_filter or '?'} (document timestamp)" if s.kind == "timestamp" else s.sub_filter or "?"
                     for s in self.signature_details)

    @property
    def locked(self) -> bool:
        """Encrypted, and a password is (or may be) needed to open it."""
        return self.encrypted and self.needs_user_password is not False

    @property
    def scan_dpi(self) -> float | None:
        """The lowest estimated resolution among the scanned pages looked at (None: no scanned page)."""
        return min((p.dpi for p in self.page_images), default=None)


@dataclass(frozen=True)
class ImageFacts:
    """What a structural open of an image found (filled by the inspector)."""

    format: str | None = None
    width: int | None = None
    height: int | None = None
    mode: str | None = None
    decoded: bool = False
    """True when every byte of the (first) image decoded and the integrity checks passed."""
    error: str | None = None
    """The exception type raised while opening, verifying or decoding."""
    error_kind: str | None = None
    """``unidentified`` (no valid header), ``checksum`` (CRC/Adler failure), ``decode`` (truncated or
    corrupt data), ``bomb`` (declared pixels over the budget, never decoded), ``metadata_bomb``
    (compressed metadata that inflates beyond Pillow's limits)."""
    pixel_budget: int | None = None
    exif_datetime: str | None = None
    """When the picture was taken, from EXIF (``DateTimeOriginal``, else ``DateTimeDigitized``, else
    ``DateTime``), as ISO 8601 without a zone (EXIF times are local); None when absent or invalid."""
    exif_datetime_tag: str | None = None
    """Which EXIF tag :attr:`exif_datetime` came from."""
    orientation: int | None = None
    """The EXIF orientation (2-8) when the file declares one that turns or mirrors its pixels for
    display (1, "as stored", and an absent tag are None). Programs that apply it (phones, browsers,
    most viewers) show the picture turned; others show the pixels as stored."""
    dpi: tuple[float, float] | None = None
    """Resolution the file declares (JFIF density, EXIF or PNG pHYs), when it declares one."""
    greyscale: bool | None = None
    """True when the image has no colour: a grey mode (``L``, ``LA``, ``1``, ``I``), or colour
    channels that are grey everywhere (measured on a reduced decode). None when not measured."""
    saturation: float | None = None
    """Mean HSV saturation (0-255) of the reduced image, when measured (JPEG only)."""
    colour_share: float | None = None
    """Share (0-1) of the reduced image's pixels with a visible colour (saturation over 40),
    when measured."""
    blank: bool | None = None
    """True when the decoded image is (nearly) a single colour: it shows nothing. None when not measured."""
    appended: str | None = None
    """What the bytes after the image's end (JPEG ``FF D9``, PNG ``IEND``) form, when they form another
    file (``zip``, ``html``, ``pdf``...): a polyglot. None when nothing (or only padding) follows. Also
    another file hidden before the end (:attr:`appended_where` says where)."""
    appended_where: str | None = None
    """Where the other file of :attr:`appended` sits, when not after the image's end (None):
    ``app_segment`` (a PDF or a ZIP inside a JPEG's metadata segment, APPn or comment),
    ``opens_as_zip`` (the file's end holds a ZIP directory that parses)."""
    ocr_text: str | None = None
    """The machine-readable zone read by OCR from an image declared as a travel-document copy
    (``inventory/ocr.py``): its MRZ-shaped lines, ``""`` when none was found, None when OCR did not
    run or could not finish (as :attr:`PdfFacts.ocr_text`)."""

    @classmethod
    def from_dict(cls, d: dict) -> ImageFacts:
        """Rebuild from :func:`dataclasses.asdict` output sent over JSON."""
        d = dict(d)
        if d.get("dpi") is not None:
            d["dpi"] = tuple(d["dpi"])
        return cls(**d)

    @property
    def pixels(self) -> int | None:
        """Declared pixel count (width x height), when known."""
        return self.width * self.height if self.width is not None and self.height is not None else None

    @property
    def turned(self) -> bool:
        """True when the EXIF orientation turns the picture a quarter (5-8): shown, width and
        height trade places."""
        return self.orientation in (5, 6, 7, 8)

    @property
    def shown_width(self) -> int | None:
        """The width as programs that apply the EXIF orientation show the picture."""
        return self.height if self.turned else self.width

    @property
    def shown_height(self) -> int | None:
        """The height as programs that apply the EXIF orientation show the picture."""
        return self.width if self.turned else self.height


@dataclass(frozen=True)
class FileFacts:
    """One entry of the package folder."""

    path: str
    """Path relative to the package root, POSIX separators; undecodable bytes are backslash-escaped."""
    detected_type: DetectedType
    size_bytes: int | None = None
    sha256: str | None = None
    """SHA-256 of the whole content; None when not read, or when the file is larger than the read
    bound (``fully_read`` is then False)."""
    mime: str | None = None
    """MIME type named by libmagic (None when libmagic is unavailable or the content was not read)."""
    description: str | None = None
    """What the content is, as libmagic names it."""
    name_is_utf8: bool = True
    name_bytes: int | None = None
    """Length of the file name (last path component) in bytes, as on disk."""
    symlink_target: str | None = None
    """For a symbolic link: where it points (as stored in the link), never followed out of the package."""
    problem: str | None = None
    """Why the content could not be read (permission, special file, link out of the package...)."""
    problem_kind: ProblemKind | None = None
    fully_read: bool = True
    """False when the file is larger than the read bound: only its first bytes were read (type), it
    was neither hashed nor parsed."""
    unverified: UnverifiedReason | None = None
    """Why the structural check gave no answer (time or memory bound, parser crash)."""
    pdf: PdfFacts | None = None
    image: ImageFacts | None = None

    @property
    def name(self) -> str:
        """The last component of the path."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def extension(self) -> str:
        """Lower-case extension without the dot ('' when there is none)."""
        name = self.name
        return name.rsplit(".", 1)[-1].lower() if "." in name.lstrip(".") else ""

    @property
    def is_content(self) -> bool:
        """True when the entry is a regular file whose bytes were read."""
        return self.detected_type not in ("symlink", "special", "unreadable")

    @property
    def readable_pdf(self) -> bool:
        """A PDF read in full and opened by the inspector, without error, and not locked by a
        password: its page count, signatures and contents are facts rules can judge."""
        return (self.detected_type == "pdf" and self.unverified is None and self.fully_read
                and self.pdf is not None and self.pdf.error is None and not self.pdf.locked)
