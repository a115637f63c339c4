"""File facts: what the inventory learned about each entry of the package folder, once.

Rules read these facts; they never open files themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
]

#: Why the structural check of a readable PDF/JPEG/PNG could not give an answer
#: (``FileFacts.unverified``).
UnverifiedReason = Literal[
    "timeout",  # the parser did not finish within the time bound
    "memory",  # the parser needed more memory than the bound
    "crashed",  # the parser process died (a crash in a native decoder)
    "unavailable",  # the isolated inspector could not be started
    "changed",  # the file was replaced while it was being checked
]


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
    signatures: tuple[str, ...] = ()
    """One entry per signed signature field or document timestamp: its ``/SubFilter``."""
    repairs: tuple[str, ...] = ()
    """Structural damage the reader had to repair to open the file (``xref``, ``catalog``...)."""


@dataclass(frozen=True)
class ImageFacts:
    """What a structural open of an image found (filled by the inspector)."""

    format: str | None = None
    width: int | None = None
    height: int | None = None
    mode: str | None = None
    frames: int | None = None
    decoded: bool = False
    """True when every byte of the (first) image decoded and the integrity checks passed."""
    error: str | None = None
    """The exception type raised while opening, verifying or decoding."""
    error_kind: str | None = None
    """``unidentified`` (no valid header), ``checksum`` (CRC/Adler failure), ``decode`` (truncated or
    corrupt data), ``bomb`` (declared pixels over the budget, never decoded), ``metadata_bomb``
    (compressed metadata that inflates beyond Pillow's limits)."""
    pixel_budget: int | None = None

    @property
    def pixels(self) -> int | None:
        """Declared pixel count (width x height), when known."""
        return self.width * self.height if self.width is not None and self.height is not None else None


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
    notes: tuple[str, ...] = field(default=())

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
