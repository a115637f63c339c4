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


@dataclass(frozen=True)
class PdfFacts:
    """What a structural open of a PDF found (filled by the inspector)."""

    opened: bool = False
    error: str | None = None
    header_offset: int | None = None
    version: str | None = None
    pages: int | None = None
    encrypted: bool = False
    needs_user_password: bool = False
    encryption: str | None = None
    active_content: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImageFacts:
    """What a structural open of an image found (filled by the inspector)."""

    format: str | None = None
    width: int | None = None
    height: int | None = None
    mode: str | None = None
    decoded: bool = False
    error: str | None = None


@dataclass(frozen=True)
class FileFacts:
    """One entry of the package folder."""

    path: str
    """Path relative to the package root, POSIX separators; undecodable bytes are backslash-escaped."""
    detected_type: DetectedType
    size_bytes: int | None = None
    sha256: str | None = None
    mime: str | None = None
    """MIME type named by libmagic (None when libmagic is unavailable or the content was not read)."""
    description: str | None = None
    """What the content is, as libmagic names it."""
    name_is_utf8: bool = True
    symlink_target: str | None = None
    """For a symbolic link: where it points (as stored in the link), never followed out of the package."""
    problem: str | None = None
    """Why the content could not be read (permission, special file, link out of the package...)."""
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
