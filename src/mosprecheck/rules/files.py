"""File-level rules: what the MOS portal accepts (type by content, size), what it cannot take
(special files, links out of the package, unreadable files) and package hygiene (system files,
duplicates, names that break on upload or on Windows).

Which names count as system files and which characters break a name are facts about operating
systems, not about the law: they live here, beside the rules that use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..inventory import ALLOWED_CONTENT_TYPES, FileFacts
from ..inventory.sniff import friendly_name
from ..report.models import Category
from .registry import CheckContext, Finding, rule

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
    title="File type the portal does not accept",
    legal_basis=None,
    message={
        "pl": "Plik „{file}” nie jest dokumentem żadnego z typów przyjmowanych przez portal ({types}); jego zawartość "
        "to: {description}. Portal MOS nie przyjmie tego pliku.{hint_pl}",
        "en": "File '{file}' is not a document of a type the portal accepts ({types}); its content is: {description}. "
        "The MOS portal will not accept it.{hint_en}",
    },
    remedy={
        "pl": "Zapisz dokument jako PDF (dokumenty, skany) lub JPEG (zdjęcie) i dołącz ten plik zamiast obecnego.",
        "en": "Save the document as PDF (documents, scans) or JPEG (the photo) and attach that file instead.",
    },
)
def file_type_not_allowed(c: CheckContext) -> Iterator[Finding]:
    """The type is judged by content (magic bytes), never by the extension.

    Why the office objects: the portal accepts PDF, JPEG and PNG attachments only (requirements.md §8 F1).
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
            yield Finding(file=f.path, ctx={
                "file": f.path, "description": friendly_name(f.mime, f.description), "mime": f.mime,
                "libmagic": f.description, "allowed": sorted(allowed), "types": types, "extension": f.extension,
                "disguised_as": claimed,
                "hint_pl": f" Rozszerzenie .{f.extension} sugeruje {_TYPE_NAMES[claimed]}, ale zawartość nim nie jest."
                if claimed else "",
                "hint_en": f" The .{f.extension} extension claims {_TYPE_NAMES[claimed]}, but the content is not."
                if claimed else "",
            })


@rule(
    code="F002",
    name="file-too-large",
    category=Category.UPLOAD_BLOCKER,
    title="File larger than the portal's per-file limit",
    legal_basis=None,
    message={
        "pl": "Plik „{file}” ma {size_bytes:n} bajtów, więcej niż {limit_bytes:n} bajtów, "
        "największy rozmiar pliku przyjmowany przez portal MOS.",
        "en": "File '{file}' is {size_bytes:n} bytes, more than {limit_bytes:n} bytes, "
        "the largest file the MOS portal accepts.",
    },
    remedy={
        "pl": "Zmniejsz plik (skan w rozdzielczości 200–300 dpi, kompresja JPEG w PDF) albo podziel dokument "
        "na części, każdą poniżej {limit_bytes:n} bajtów.",
        "en": "Make the file smaller (scan at 200-300 dpi, JPEG compression inside the PDF) or split the "
        "document into parts, each under {limit_bytes:n} bytes.",
    },
)
def file_too_large(c: CheckContext) -> Iterator[Finding]:
    """A single file over the portal's limit (rulebook ``upload.max_file_bytes``, the conservative 10^6 reading)."""
    limit = c.rulebook.value("upload.max_file_bytes", None)
    if limit is None:
        return
    for f in c.files:
        if f.size_bytes is not None and f.size_bytes > limit:
            yield Finding(file=f.path, ctx={"file": f.path, "size_bytes": f.size_bytes, "limit_bytes": limit,
                                             "sources": c.rulebook.sources("upload.max_file_bytes")})


@rule(
    code="F003",
    name="file-empty",
    category=Category.UPLOAD_BLOCKER,
    title="Empty (zero-byte) file",
    legal_basis=None,
    message={
        "pl": "Plik „{file}” jest pusty (0 bajtów); nie zawiera żadnego dokumentu.",
        "en": "File '{file}' is empty (0 bytes); it holds no document.",
    },
    remedy={
        "pl": "Zapisz lub zeskanuj dokument ponownie i sprawdź, że plik otwiera się przed dołączeniem.",
        "en": "Save or scan the document again and check that the file opens before attaching it.",
    },
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
    title="File close to the portal's per-file limit",
    legal_basis=None,
    message={
        "pl": "Plik „{file}” ma {size_bytes:n} bajtów: mieści się w limicie {limit_bytes:n} bajtów, ale niewiele "
        "brakuje (ostrzegamy od {warn_bytes:n} bajtów).",
        "en": "File '{file}' is {size_bytes:n} bytes: within the {limit_bytes:n}-byte limit, but close to it "
        "(we warn from {warn_bytes:n} bytes).",
    },
    remedy={
        "pl": "Jeśli plik będzie jeszcze zapisywany lub skanowany ponownie, zmniejsz go (200–300 dpi, kompresja JPEG).",
        "en": "If the file will be saved or scanned again, make it smaller (200-300 dpi, JPEG compression).",
    },
)
def file_near_size_limit(c: CheckContext) -> Iterator[Finding]:
    """A file in the warning band below the limit (rulebook ``upload.warn_file_bytes``): a re-saved or
    re-scanned copy may cross the limit unnoticed."""
    warn = c.rulebook.value("upload.warn_file_bytes", None)
    limit = c.rulebook.value("upload.max_file_bytes", None)
    if warn is None or limit is None:
        return
    for f in c.files:
        if f.size_bytes is not None and warn <= f.size_bytes <= limit:
            yield Finding(file=f.path, ctx={"file": f.path, "size_bytes": f.size_bytes, "limit_bytes": limit,
                                             "warn_bytes": warn, "sources": c.rulebook.sources("upload.warn_file_bytes")})


@rule(
    code="F005",
    name="package-total-over-limit",
    category=Category.ADVISORY,
    title="All attachments together over the per-application limit one source gives",
    legal_basis=None,
    message={
        "pl": "Wszystkie pliki paczki mają razem {total_bytes:n} bajtów, więcej niż {limit_bytes:n}. Jedno źródło "
        "podaje ten limit dla całego wniosku, a nie dla pojedynczego pliku.",
        "en": "All files of the package total {total_bytes:n} bytes, more than {limit_bytes:n}. One source gives "
        "this limit per application rather than per file.",
    },
    remedy={
        "pl": "Jeśli portal odrzuci kolejne załączniki, zmniejsz największe pliki (skany 200–300 dpi, kompresja JPEG).",
        "en": "If the portal refuses further attachments, make the largest files smaller (200-300 dpi scans, JPEG "
        "compression).",
    },
)
def package_total_over_limit(c: CheckContext) -> Iterator[Finding]:
    """The per-application reading of the 50 MB limit (rulebook ``upload.max_package_bytes``, source X6)
    contradicts the per-file one (SD2); we block per file and report the total as advisory."""
    limit = c.rulebook.value("upload.max_package_bytes", None)
    if limit is None:
        return
    total = sum(f.size_bytes or 0 for f in c.files if f.is_content and not _system(f))
    if total > limit:
        yield Finding(ctx={"total_bytes": total, "limit_bytes": limit,
                           "sources": c.rulebook.sources("upload.max_package_bytes")})


@rule(
    code="F006",
    name="extension-does-not-match-content",
    category=Category.ADVISORY,
    title="File name extension does not match the content",
    legal_basis=None,
    message={
        "pl": "Plik „{file}” zawiera {actual}, ale jego nazwa kończy się na „{extension_shown}”.",
        "en": "File '{file}' contains a {actual}, but its name ends in '{extension_shown}'.",
    },
    remedy={
        "pl": "Zmień nazwę pliku tak, by kończyła się na .{expected}.",
        "en": "Rename the file so that its name ends in .{expected}.",
    },
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
    title="System file that is not a document",
    legal_basis=None,
    message={
        "pl": "„{file}” to plik systemowy utworzony przez: {creator}. Nie jest dokumentem i portal go nie przyjmie.",
        "en": "'{file}' is a system file created by {creator}. It is not a document and the portal will not take it.",
    },
    remedy={
        "pl": "Usuń ten plik z paczki (nie zawiera żadnego dokumentu).",
        "en": "Delete this file from the package (it holds no document).",
    },
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
    title="The same file twice",
    legal_basis=None,
    message={
        "pl": "Plik „{file}” ma dokładnie tę samą zawartość co „{same_as}” (ten sam skrót SHA-256).",
        "en": "File '{file}' has exactly the same content as '{same_as}' (same SHA-256).",
    },
    remedy={
        "pl": "Sprawdź, czy w miejsce jednej z kopii nie miał trafić inny dokument; usuń zbędną kopię.",
        "en": "Check whether another document was meant to be attached in place of one copy; remove the extra copy.",
    },
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
    title="File name with characters that break on upload or on Windows",
    legal_basis=None,
    message={
        "pl": "Nazwa pliku „{file}” zawiera znaki, które psują przesyłanie lub są niedozwolone w systemie "
        "Windows: {characters}.",
        "en": "The name of file '{file}' contains characters that break uploads or are not allowed on Windows: "
        "{characters}.",
    },
    remedy={
        "pl": "Zmień nazwę pliku, używając tylko liter, cyfr, spacji, myślników i kropki przed rozszerzeniem.",
        "en": "Rename the file using only letters, digits, spaces, hyphens and a dot before the extension.",
    },
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
    title="File name longer than 255 bytes",
    legal_basis=None,
    message={
        "pl": "Nazwa pliku „{file}” ma {name_bytes:n} bajtów (UTF-8), więcej niż {limit:n}.",
        "en": "The name of file '{file}' is {name_bytes:n} bytes long (UTF-8), more than {limit:n}.",
    },
    remedy={
        "pl": "Skróć nazwę pliku (np. „paszport.pdf”).",
        "en": "Shorten the file name (e.g. 'passport.pdf').",
    },
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
    title="File name that is not valid text (UTF-8)",
    legal_basis=None,
    message={
        "pl": "Nazwa pliku „{file}” nie jest poprawnym tekstem UTF-8 (nieczytelne bajty pokazano jako \\xNN); "
        "przeglądarka prześle ją zniekształconą albo wcale.",
        "en": "The name of file '{file}' is not valid UTF-8 text (unreadable bytes shown as \\xNN); a browser will "
        "upload it garbled or not at all.",
    },
    remedy={
        "pl": "Zmień nazwę pliku na nową, wpisaną od nowa.",
        "en": "Rename the file, typing the new name afresh.",
    },
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
    title="File name Windows cannot hold (reserved name, trailing dot or space)",
    legal_basis=None,
    message={
        "pl": "Nazwa pliku „{file}” jest niedozwolona w systemie Windows: {reason_pl}.",
        "en": "The name of file '{file}' is not allowed on Windows: {reason_en}.",
    },
    remedy={
        "pl": "Zmień nazwę pliku (np. „umowa.pdf”).",
        "en": "Rename the file (e.g. 'contract.pdf').",
    },
)
def file_name_reserved_on_windows(c: CheckContext) -> Iterator[Finding]:
    """CON, PRN, AUX, NUL, COM1-9, LPT1-9 (with any extension), or a name ending in a dot or a space:
    Windows cannot create such a file, so the office cannot save it (same conservative reading as F009)."""
    for f in c.files:
        name = f.name
        if _WINDOWS_RESERVED_NAMES.match(name):
            reasons = ("zarezerwowana nazwa urządzenia", "a reserved device name")
        elif name.endswith((".", " ")):
            reasons = ("kończy się kropką lub spacją", "it ends in a dot or a space")
        else:
            continue
        yield Finding(file=f.path, ctx={"file": f.path, "reason_pl": reasons[0], "reason_en": reasons[1]})


@rule(
    code="F013",
    name="entry-not-a-file",
    category=Category.UPLOAD_BLOCKER,
    title="Entry that is not a file (named pipe, socket, device)",
    legal_basis=None,
    message={
        "pl": "„{file}” nie jest plikiem, tylko: {kind}. Nie został otwarty i nie da się go przesłać.",
        "en": "'{file}' is not a file but a {kind}. It was not opened and cannot be uploaded.",
    },
    remedy={
        "pl": "Usuń ten element z paczki i umieść w niej zwykły plik z dokumentem.",
        "en": "Remove this entry from the package and put a regular file with the document there.",
    },
)
def entry_not_a_file(c: CheckContext) -> Iterator[Finding]:
    """A FIFO, socket or device in the folder: never opened (opening a FIFO would hang the checker,
    and the browser too)."""
    for f in c.files:
        if f.problem_kind == "special":
            yield Finding(file=f.path, ctx={"file": f.path, "kind": f.problem})


@rule(
    code="F014",
    name="symlink-not-followed",
    category=Category.UPLOAD_BLOCKER,
    title="Symbolic link leading out of the package, broken, or not to a file",
    legal_basis=None,
    message={
        "pl": "„{file}” to dowiązanie symboliczne do „{target}”, którego nie sprawdzono: {reason_pl}.",
        "en": "'{file}' is a symbolic link to '{target}' that was not checked: {reason_en}.",
    },
    remedy={
        "pl": "Zastąp dowiązanie kopią samego dokumentu.",
        "en": "Replace the link with a copy of the document itself.",
    },
)
def symlink_not_followed(c: CheckContext) -> Iterator[Finding]:
    """A link out of the package is never followed (the package must hold its documents, and the
    checker reads nothing outside it); a broken link or a link to a folder holds no document."""
    reasons = {
        "symlink_outside": ("prowadzi poza paczkę", "it leads outside the package"),
        "symlink_broken": ("wskazuje na nieistniejący plik", "it points to nothing"),
        "symlink_not_file": ("nie wskazuje na zwykły plik", "it does not point to a regular file"),
    }
    for f in c.files:
        if f.problem_kind in reasons:
            pl, en = reasons[f.problem_kind]
            yield Finding(file=f.path, ctx={"file": f.path, "target": f.symlink_target, "reason": f.problem_kind,
                                             "reason_pl": pl, "reason_en": en})


@rule(
    code="F015",
    name="file-unreadable",
    category=Category.UPLOAD_BLOCKER,
    title="File or folder that cannot be read",
    legal_basis=None,
    message={
        "pl": "Nie można odczytać „{file}” ({problem}); nie da się go też przesłać.",
        "en": "'{file}' cannot be read ({problem}); it cannot be uploaded either.",
    },
    remedy={
        "pl": "Sprawdź uprawnienia do pliku (lub skopiuj go ponownie z nośnika) i uruchom sprawdzenie jeszcze raz.",
        "en": "Check the file's permissions (or copy it again from its medium) and run the check again.",
    },
)
def file_unreadable(c: CheckContext) -> Iterator[Finding]:
    """Permission denied, an I/O error, a folder that cannot be listed: what the checker cannot read,
    the browser cannot upload."""
    for f in c.files:
        if f.problem_kind in ("unreadable", "listing_failed"):
            yield Finding(file=f.path, ctx={"file": f.path, "problem": f.problem})
