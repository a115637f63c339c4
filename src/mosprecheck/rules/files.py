"""File-level rules: what the MOS portal accepts (type by content, size), what it cannot take
(special files, links out of the package, unreadable files) and package hygiene (system files,
duplicates, names that break on upload or on Windows).

The size limits and the PDF format of digital copies of paper documents are § 6 of the regulation
on the temporary-residence application (``upload.*`` in the rulebook, from 27 April 2026); which
document kinds exist on paper by nature is rulebook data too (``upload.document_origin``). Which
names count as system files and which characters break a name are facts about operating systems,
not about the law: they live here, beside the rules that use them.

Retired codes (never reused): F005 package-total-over-limit (advisory) became F016
package-total-too-large (upload_blocker) when § 6 made the total a hard limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..application import normalise_declared_path, to_pointer
from ..inventory import ALLOWED_CONTENT_TYPES, FileFacts
from ..inventory.sniff import content_kind, friendly_name
from ..findings import Category
from ..case.helpers import documents, permit_type
from .registry import CheckContext, Finding, rule

#: The declared legal basis of the size and format rules, without a regulation number: each defect
#: carries the provision of its permit type's regulation from the rulebook (``upload.provisions``,
#: dated; :func:`provision_basis`).
_S6 = "§ 6 rozporządzenia o wniosku właściwym dla rodzaju zezwolenia (rulebook: upload.provisions)"

#: Extensions that name each accepted content type (compared lower-case).
CANONICAL_EXTENSIONS = {"pdf": ("pdf",), "jpeg": ("jpg", "jpeg"), "png": ("png",)}
_TYPE_NAMES = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}
_EXTENSION_TYPE = {ext: kind for kind, exts in CANONICAL_EXTENSIONS.items() for ext in exts}


def is_system_file(name: str) -> str | None:
    """What created a file that is not a document (Finder, Explorer, Office, LibreOffice), or None."""
    lower = name.lower()
    if lower == ".ds_store":
        return "macOS Finder (.DS_Store)"
    if name.startswith("._"):
        return "macOS (AppleDouble resource fork)"
    if lower in ("thumbs.db", "ehthumbs.db", "ehthumbs_vista.db"):
        return "Windows Explorer (thumbnail cache)"
    if lower == "desktop.ini":
        return "Windows Explorer (desktop.ini)"
    if name.startswith("~$"):
        return "Microsoft Office (lock file of an open document)"
    if name.startswith(".~lock.") and name.endswith("#"):
        return "LibreOffice (lock file of an open document)"
    if name in ("Icon\r", ".localized", ".directory"):
        return "desktop folder settings"
    return None


def _system(f: FileFacts) -> bool:
    return is_system_file(f.name) is not None


@rule(
    code="F001",
    name="file-type-not-allowed",
    category=Category.UPLOAD_BLOCKER,
    reads=("upload.allowed_types",),
    title="File type the portal does not accept",
    legal_basis=None,
)
def file_type_not_allowed(c: CheckContext) -> Iterator[Finding]:
    """The type is judged by content (magic bytes), never by the extension.

    Why the office objects: the portal accepts PDF, JPEG and PNG attachments only (``upload.allowed_types``:
    § 6 makes copies of paper documents PDF, § 4 makes the photo JPG; SD2 lists PNG for electronic
    documents). Whether a JPEG or PNG document is acceptable is F017/F018.
    """
    accepted = list(c.rulebook.value("upload.allowed_types", ()))
    allowed = set(accepted)
    if not allowed:
        return
    types = [_TYPE_NAMES.get(t, t.upper()) for t in accepted]
    for f in c.files:
        if _system(f):
            continue  # F007 says what it is
        if f.detected_type == "other" or (f.detected_type in ALLOWED_CONTENT_TYPES and f.detected_type not in allowed):
            claimed = _EXTENSION_TYPE.get(f.extension)
            content, fmt = content_kind(f.mime, f.description)
            yield Finding(file=f.path, ctx={
                "file": f.path, "description": friendly_name(f.mime, f.description), "mime": f.mime,
                "content": content, "format": fmt,  # content: a neutral id (F001.content.<id>)
                "libmagic": f.description, "allowed": sorted(allowed), "types": types, "extension": f.extension,
                "disguised_as": claimed, "claimed": _TYPE_NAMES[claimed] if claimed else None,
                "hint": "disguised" if claimed else "",  # F001.hint.disguised
            })


@rule(
    code="F002",
    name="file-too-large",
    category=Category.UPLOAD_BLOCKER,
    reads=("upload.max_file_bytes", "upload.provisions"),
    title="File larger than the per-file limit of the regulation",
    legal_basis=_S6,
)
def file_too_large(c: CheckContext) -> Iterator[Finding]:
    """A single file over the limit of § 6 for one file ("pliku o wielkości nieprzekraczającej [...]
    w przypadku pojedynczego pliku"), its megabytes read as millions of bytes (rulebook
    ``upload.max_file_bytes``, the conservative reading, so that a file we pass is never refused).
    From 27 April 2026; no limit before (paper filing)."""
    limit = c.rulebook.value("upload.max_file_bytes", None)
    if limit is None:
        return
    provision = _provision(c, "file_size")
    for f in c.files:
        if f.size_bytes is not None and f.size_bytes > limit:
            yield Finding(file=f.path, legal_basis=provision_basis(c, "upload.provisions", "file_size"),
                          ctx={"file": f.path, "size_bytes": f.size_bytes, "limit_bytes": limit,
                                             "provision": provision,
                                             "sources": c.rulebook.sources("upload.max_file_bytes")})


def permit_provisions(c: CheckContext, fact: str) -> dict[str, Any]:
    """The entry of a per-permit-type provisions fact (``upload.provisions``, ``photo.provisions``)
    for the permit type applied for on the filing date; its ``default`` entry when the description
    names no permit type ({} when the fact has no value)."""
    table = c.rulebook.value(fact, None) or {}
    entry = table.get(permit_type(c.application) or "default") or table.get("default")
    return entry if isinstance(entry, dict) else {}


def provision_basis(c: CheckContext, fact: str, topic: str, extra: str | None = None) -> str | None:
    """The legal basis of a defect: the provision cited for ``topic``, with the rulebook's note when
    it is assumed for this permit type (its own regulation unverified), and ``extra`` after a ';'."""
    entry = permit_provisions(c, fact)
    citation = entry.get(topic)
    if not citation:
        return None
    note = entry.get("legal_basis_note")
    basis = f"{citation} – {note}" if note else str(citation)
    return f"{basis}; {extra}" if extra else basis


def _provision(c: CheckContext, topic: str) -> str | None:
    """The provision (``upload.provisions``) a text cites for ``topic`` on the filing date."""
    return permit_provisions(c, "upload.provisions").get(topic)


@rule(
    code="F003",
    name="file-empty",
    category=Category.UPLOAD_BLOCKER,
    reads=(),
    title="Empty (zero-byte) file",
    legal_basis=None,
)
def file_empty(c: CheckContext) -> Iterator[Finding]:
    """A zero-byte file: a failed download, save or scan."""
    for f in c.files:
        if f.detected_type == "empty" and not _system(f):
            yield Finding(file=f.path, ctx={"file": f.path})


@rule(
    code="F004",
    name="file-near-size-limit",
    category=Category.ADVISORY,
    reads=("upload.max_file_bytes", "upload.warn_file_bytes"),
    title="File close to the portal's per-file limit",
    legal_basis=None,
)
def file_near_size_limit(c: CheckContext) -> Iterator[Finding]:
    """A file in the warning band below the limit of § 6 (rulebook ``upload.warn_file_bytes``, below
    ``upload.max_file_bytes``): a re-saved or re-scanned copy may cross the limit unnoticed. Policy,
    not law: advisory."""
    warn = c.rulebook.value("upload.warn_file_bytes", None)
    limit = c.rulebook.value("upload.max_file_bytes", None)
    if warn is None or limit is None:
        return
    for f in c.files:
        if f.size_bytes is not None and warn <= f.size_bytes <= limit:
            yield Finding(file=f.path, ctx={"file": f.path, "size_bytes": f.size_bytes, "limit_bytes": limit,
                                             "warn_bytes": warn, "sources": c.rulebook.sources("upload.warn_file_bytes")})


#: How many of the largest files the package-total defect names.
LARGEST_FILES_NAMED = 3


def _uploaded(c: CheckContext) -> list[FileFacts]:
    """The files that would be uploaded as attachments: every regular file of the package (declared
    or not, duplicates included), but not system files (F007: deleted, not uploaded). The
    description (application.json) is never among ``c.files``: it is the form, not an attachment."""
    return [f for f in c.files if f.is_content and not _system(f)]


@rule(
    code="F016",
    name="package-total-too-large",
    category=Category.UPLOAD_BLOCKER,
    reads=("upload.max_package_bytes", "upload.provisions"),
    aliases=("F005",),
    title="All attachments together over the limit the regulation sets for one application",
    legal_basis=_S6,
)
def package_total_too_large(c: CheckContext) -> Iterator[Finding]:
    """All attachments together over the limit of § 6 for all files ("suma wielkości wszystkich
    plików nie może przekroczyć [...]"), its megabytes read as millions of bytes (rulebook
    ``upload.max_package_bytes``). Every file that would be uploaded counts, declared or not;
    system files (F007) and the description do not.
    The defect names the total, the excess and the largest files, the ones worth making smaller.
    It replaces the advisory F005 (retired): the regulation makes the total a hard limit.

    Why the office objects: the portal takes no more than the regulation allows; the package as it
    stands cannot be uploaded whole.
    """
    limit = c.rulebook.value("upload.max_package_bytes", None)
    if limit is None:
        return
    files = _uploaded(c)
    total = sum(f.size_bytes or 0 for f in files)
    if total <= limit:
        return
    largest = sorted((f for f in files if f.size_bytes), key=lambda f: (-(f.size_bytes or 0), f.path))
    largest = largest[:LARGEST_FILES_NAMED]
    yield Finding(legal_basis=provision_basis(c, "upload.provisions", "package_size"), ctx={
        "total_bytes": total, "limit_bytes": limit, "excess_bytes": total - limit, "file_count": len(files),
        "largest": [f.path for f in largest], "largest_sizes": [f.size_bytes for f in largest],
        "provision": _provision(c, "package_size"), "sources": c.rulebook.sources("upload.max_package_bytes")})


def _declared_images(c: CheckContext) -> Iterator[tuple[FileFacts, str | None, str | None]]:
    """(file, declared kind or None, JSON pointer of its documents entry or None) of every JPEG or PNG
    of the package that is not a system file; the first declaration of a file names its kind."""
    declared: dict[str, tuple[str | None, str]] = {}
    for i, doc in documents(c.application):
        path = normalise_declared_path(doc.file) if doc.file else None
        if path and path not in declared:
            declared[path] = (doc.kind.value if doc.kind else None, to_pointer(("documents", i, "file")))
    for f in c.files:
        if f.detected_type not in ("jpeg", "png") or _system(f):
            continue
        kind, pointer = declared.get(f.path, (None, None))
        yield f, kind, pointer


def _image_ctx(c: CheckContext, f: FileFacts, kind: str, origin: str) -> dict:
    return {"file": f.path, "kind": kind, "origin": origin,
            "image_type": _TYPE_NAMES[f.detected_type],
            "required": [_TYPE_NAMES.get(t, t.upper()) for t in c.rulebook.value("upload.paper_copy_formats", ())],
            "provision": _provision(c, "paper_copy_format"),
            "sources": c.rulebook.sources("upload.paper_copy_formats") + c.rulebook.sources("upload.document_origin")}


@rule(
    code="F017",
    name="paper-document-as-image",
    category=Category.FORMAL_DEFECT,
    reads=("upload.document_origin", "upload.paper_copy_formats", "upload.provisions"),
    title="A copy of a paper document attached as an image instead of a PDF",
    legal_basis=_S6 + "; art. 64 § 2 KPA",
)
def paper_document_as_image(c: CheckContext) -> Iterator[Finding]:
    """A JPEG or PNG declared as a kind that exists on paper by nature (``upload.document_origin``
    ``paper``: travel and identity documents, civil-status certificates, diplomas, contracts and leases
    signed on paper...): a digital copy of a paper document, which § 6 requires as a PDF file
    (``upload.paper_copy_formats``). From 27 April 2026.

    Why the office objects: the document is not attached in the form the regulation prescribes; the
    portal takes the image, and the office calls for the PDF (brak formalny, art. 64 § 2 KPA).
    """
    formats = c.rulebook.value("upload.paper_copy_formats", None)
    origin = c.rulebook.value("upload.document_origin", None)
    if not formats or not origin:
        return
    paper = set(origin.get("paper", ()))
    for f, kind, pointer in _declared_images(c):
        if kind in paper and f.detected_type not in formats:
            yield Finding(file=f.path, field=pointer, ctx=_image_ctx(c, f, kind, "paper"),
                          legal_basis=provision_basis(c, "upload.provisions", "paper_copy_format", "art. 64 § 2 KPA"))


@rule(
    code="F018",
    name="document-image-may-need-pdf",
    category=Category.ADVISORY,
    reads=("upload.document_origin", "upload.paper_copy_formats", "upload.provisions"),
    title="A document attached as an image: a copy of a paper document must be a PDF",
    legal_basis=_S6,
)
def document_image_may_need_pdf(c: CheckContext) -> Iterator[Finding]:
    """A JPEG or PNG declared in documents as a kind that is often born digital
    (``upload.document_origin`` ``often_electronic``: payment confirmations, bank statements, income
    and tax records, insurance confirmations, register extracts) or as ``other``. § 6 requires PDF
    only for digital copies of paper documents; it prescribes no format for electronic documents,
    and the checker cannot tell which one the image is. The photo (``not_a_copy``) is § 4's (I052).
    A file not declared in documents has no kind to judge (without a description it may well be the
    photo): it is not reported here. From 27 April 2026.
    """
    formats = c.rulebook.value("upload.paper_copy_formats", None)
    origin = c.rulebook.value("upload.document_origin", None)
    if not formats or not origin:
        return
    paper = set(origin.get("paper", ()))
    exempt = set(origin.get("not_a_copy", ()))
    electronic = set(origin.get("often_electronic", ()))
    for f, kind, pointer in _declared_images(c):
        if kind is None or kind in paper or kind in exempt or f.detected_type in formats:
            continue
        where = "often_electronic" if kind in electronic else "not_classified"
        yield Finding(file=f.path, field=pointer, ctx=_image_ctx(c, f, kind, where),
                      legal_basis=provision_basis(c, "upload.provisions", "paper_copy_format"))


@rule(
    code="F006",
    name="extension-does-not-match-content",
    category=Category.ADVISORY,
    reads=(),
    title="File name extension does not match the content",
    legal_basis=None,
)
def extension_does_not_match_content(c: CheckContext) -> Iterator[Finding]:
    """The content is an accepted type (judged by its bytes) but the name says otherwise: a JPEG
    named .png, a PDF without extension, an MPO photo named .mpo.

    Advisory, not blocking: the portal's documented rule is about formats (SD2), which are checked by
    content; no source says it checks extensions. A misleading name is still worth fixing, since the
    upload form's file picker and the office's viewer go by the name.
    """
    for f in c.files:
        expected = CANONICAL_EXTENSIONS.get(f.detected_type)
        if expected is None or f.extension in expected or _system(f):
            continue
        yield Finding(file=f.path, ctx={
            "file": f.path, "actual": _TYPE_NAMES[f.detected_type], "extension": f.extension,
            "extension_shown": f".{f.extension}" if f.extension else "(no extension)", "expected": expected[0],
        })


@rule(
    code="F007",
    name="system-file-in-package",
    category=Category.UPLOAD_BLOCKER,
    reads=(),
    title="System file that is not a document",
    legal_basis=None,
)
def system_file_in_package(c: CheckContext) -> Iterator[Finding]:
    """.DS_Store, Thumbs.db, desktop.ini, Office ``~$`` and LibreOffice ``.~lock`` files, AppleDouble
    ``._`` files: created by the system, not by the applicant, and never a PDF/JPEG/PNG. Reported
    instead of F001/F003 so that the remedy is to delete, not to convert."""
    for f in c.files:
        creator = is_system_file(f.name)
        if creator is not None and f.is_content:
            yield Finding(file=f.path, ctx={"file": f.path, "creator": creator})


@rule(
    code="F008",
    name="duplicate-content",
    category=Category.ADVISORY,
    reads=(),
    title="The same file twice",
    legal_basis=None,
)
def duplicate_content(c: CheckContext) -> Iterator[Finding]:
    """Two files with equal SHA-256: usually a document attached twice in place of another one that
    is now missing. The first path (in sort order) is the original; every later one is reported."""
    first: dict[str, str] = {}
    for f in c.files:
        if not f.sha256 or not f.size_bytes or _system(f):
            continue
        if f.sha256 in first:
            yield Finding(file=f.path, ctx={"file": f.path, "same_as": first[f.sha256], "sha256": f.sha256})
        else:
            first[f.sha256] = f.path


#: Characters Windows does not allow in a file name (besides control characters).
_WINDOWS_RESERVED_CHARS = '<>:"\\|?*'
_WINDOWS_RESERVED_NAMES = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\.[^.]*)?$", re.I)
#: Longest file name (one path component) in bytes that common file systems and upload forms accept.
MAX_NAME_BYTES = 255


def _bad_characters(name: str) -> list[str]:
    bad = []
    for ch in name:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code < 0xA0 or ch in _WINDOWS_RESERVED_CHARS or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            shown = f"U+{code:04X}" if not ch.isprintable() else ch
            if shown not in bad:
                bad.append(shown)
    return bad


@rule(
    code="F009",
    name="file-name-unsafe-characters",
    category=Category.UPLOAD_BLOCKER,
    reads=(),
    title="File name with characters that break on upload or on Windows",
    legal_basis=None,
)
def file_name_unsafe_characters(c: CheckContext) -> Iterator[Finding]:
    """Control characters (newline, tab, escape...), bidirectional overrides (which make a name
    display as something else) and the characters Windows forbids (< > : " \\ | ? *). Blocking on the
    conservative reading: a name a common system cannot hold may be refused or altered by the portal,
    and the office may not be able to save the file."""
    for f in c.files:
        # Undecodable bytes are shown as \xNN escapes (F011 reports them); their backslash is not the name's.
        bad = _bad_characters(f.name if f.name_is_utf8 else re.sub(r"\\x[0-9a-f]{2}", "", f.name))
        if bad:
            yield Finding(file=f.path, ctx={"file": f.path, "characters": bad})


@rule(
    code="F010",
    name="file-name-too-long",
    category=Category.UPLOAD_BLOCKER,
    reads=(),
    title="File name longer than 255 bytes",
    legal_basis=None,
)
def file_name_too_long(c: CheckContext) -> Iterator[Finding]:
    """A name over 255 bytes cannot be stored on most file systems (ext4, NTFS counts 255 UTF-16
    units, FAT) and is cut or refused by upload forms."""
    for f in c.files:
        n = f.name_bytes if f.name_bytes is not None else len(f.name.encode("utf-8", "surrogateescape"))
        if n > MAX_NAME_BYTES:
            yield Finding(file=f.path, ctx={"file": f.path, "name_bytes": n, "limit": MAX_NAME_BYTES})


@rule(
    code="F011",
    name="file-name-not-utf8",
    category=Category.UPLOAD_BLOCKER,
    reads=(),
    title="File name that is not valid text (UTF-8)",
    legal_basis=None,
)
def file_name_not_utf8(c: CheckContext) -> Iterator[Finding]:
    """Names with bytes that are not UTF-8 (e.g. copied from an old Windows code page or a ZIP)."""
    for f in c.files:
        if not f.name_is_utf8:
            yield Finding(file=f.path, ctx={"file": f.path})


@rule(
    code="F012",
    name="file-name-reserved-on-windows",
    category=Category.UPLOAD_BLOCKER,
    reads=(),
    title="File name Windows cannot hold (reserved name, trailing dot or space)",
    legal_basis=None,
)
def file_name_reserved_on_windows(c: CheckContext) -> Iterator[Finding]:
    """CON, PRN, AUX, NUL, COM1-9, LPT1-9 (with any extension), or a name ending in a dot or a space:
    Windows cannot create such a file, so the office cannot save it (same conservative reading as F009)."""
    for f in c.files:
        name = f.name
        if _WINDOWS_RESERVED_NAMES.match(name):
            reason = "reserved_device_name"
        elif name.endswith((".", " ")):
            reason = "trailing_dot_or_space"
        else:
            continue
        yield Finding(file=f.path, ctx={"file": f.path, "reason": reason})  # F012.reason.<id>


@rule(
    code="F013",
    name="entry-not-a-file",
    category=Category.UPLOAD_BLOCKER,
    reads=(),
    title="Entry that is not a file (named pipe, socket, device)",
    legal_basis=None,
)
def entry_not_a_file(c: CheckContext) -> Iterator[Finding]:
    """A FIFO, socket or device in the folder: never opened (opening a FIFO would hang the checker,
    and the browser too)."""
    for f in c.files:
        if f.problem_kind == "special":
            problem = f.problem or ""
            entry = ("fifo" if "FIFO" in problem or "pipe" in problem else "socket" if "socket" in problem
                     else "device" if "device" in problem else "special")
            yield Finding(file=f.path, ctx={"file": f.path, "kind": f.problem, "entry": entry})  # F013.entry.<id>


@rule(
    code="F014",
    name="symlink-not-followed",
    category=Category.UPLOAD_BLOCKER,
    reads=(),
    title="Symbolic link leading out of the package, broken, or not to a file",
    legal_basis=None,
)
def symlink_not_followed(c: CheckContext) -> Iterator[Finding]:
    """A link out of the package is never followed (the package must hold its documents, and the
    checker reads nothing outside it); a broken link or a link to a folder holds no document."""
    for f in c.files:
        if f.problem_kind in ("symlink_outside", "symlink_broken", "symlink_not_file"):  # value.reason.<id>
            yield Finding(file=f.path, ctx={"file": f.path, "target": f.symlink_target, "reason": f.problem_kind})


@rule(
    code="F015",
    name="file-unreadable",
    category=Category.UPLOAD_BLOCKER,
    reads=(),
    title="File or folder that cannot be read",
    legal_basis=None,
)
def file_unreadable(c: CheckContext) -> Iterator[Finding]:
    """Permission denied, an I/O error, a folder that cannot be listed: what the checker cannot read,
    the browser cannot upload."""
    for f in c.files:
        if f.problem_kind in ("unreadable", "listing_failed"):
            # texts: value.reason.<id>; the system's own wording stays in ctx ``problem``
            yield Finding(file=f.path, ctx={"file": f.path, "problem": f.problem, "reason": f.problem_kind})


