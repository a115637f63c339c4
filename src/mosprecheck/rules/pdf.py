"""PDF rules: can the office open and read it, and what does it carry besides its pages.

All facts come from the inventory's isolated structural open (pypdf, ``strict=False`` like a
forgiving viewer, with pypdf's safety limits as errors); these rules never open a file.

Categories: what stops the office from reading the document (unparseable, no pages, a password
needed to open it, a decompression bomb) is a ``formal_defect``: the portal takes any bytes that
start like a PDF, but the attachment is then as good as missing and the office calls for it again
(art. 64 § 2 KPA). A header that is not at byte 0 is an ``upload_blocker``: a content check by the
portal may not see a PDF at all. Restrictions, repairs, active content and signatures are
``advisory``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..inventory import FileFacts, PdfFacts
from ..findings import Category
from .registry import CheckContext, Finding, rule

#: Active-content ids (PdfFacts.active_content) each rule reports (texts: P009.features.<id>,
#: P011.features.<id>).
_ACTIVE = ("javascript", "launch", "open_action", "additional_actions", "submit_form", "import_data",
           "embedded_goto", "rich_media", "unreadable_objects")
_FORMS = ("form_fields", "xfa")


def _pdfs(c: CheckContext) -> Iterator[tuple[FileFacts, PdfFacts]]:
    """Every PDF the inspector opened (read in full and verified), errors included."""
    for f in c.files:
        if f.detected_type == "pdf" and f.pdf is not None and f.unverified is None and f.fully_read:
            yield f, f.pdf


@rule(
    code="P001",
    name="pdf-unreadable",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="PDF that cannot be read",
    legal_basis="art. 64 § 2 KPA",
)
def pdf_unreadable(c: CheckContext) -> Iterator[Finding]:
    """pypdf cannot read the cross-reference structure, the page tree or a page's content stream
    (truncated download, damaged xref, corrupt compression, a page tree that loops). An attachment
    the office cannot read is as good as missing: a brak formalny."""
    for f, pdf in _pdfs(c):
        if pdf.error is None or pdf.limit_exceeded or pdf.locked:
            continue
        stage = pdf.error_stage or "structure"
        if stage not in ("structure", "pages", "content"):  # texts: P001.stage.<id>
            stage = "structure"
        yield Finding(file=f.path, ctx={"file": f.path, "error": pdf.error, "stage": stage})


@rule(
    code="P002",
    name="pdf-no-pages",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="PDF with no pages",
    legal_basis="art. 64 § 2 KPA",
)
def pdf_no_pages(c: CheckContext) -> Iterator[Finding]:
    """A PDF whose page tree is empty shows nothing: the document is missing in substance."""
    for f, pdf in _pdfs(c):
        if pdf.error is None and pdf.pages == 0:
            yield Finding(file=f.path, ctx={"file": f.path})


@rule(
    code="P003",
    name="pdf-password-required",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="PDF that needs a password to open",
    legal_basis="art. 64 § 2 KPA",
)
def pdf_password_required(c: CheckContext) -> Iterator[Finding]:
    """A user (open) password, or a public-key security handler: nobody at the office can open it."""
    for f, pdf in _pdfs(c):
        if pdf.encrypted and pdf.needs_user_password is True:
            yield Finding(file=f.path, ctx={"file": f.path, "encryption": pdf.encryption or "?"})


@rule(
    code="P004",
    name="pdf-encrypted-restrictions",
    category=Category.ADVISORY,
    reads=(),
    title="PDF encrypted with restrictions only (opens without a password)",
    legal_basis=None,
)
def pdf_encrypted_restrictions(c: CheckContext) -> Iterator[Finding]:
    """Owner-password-only encryption (empty user password): readable, but the office's systems may be
    unable to print, stamp or merge it."""
    for f, pdf in _pdfs(c):
        if pdf.encrypted and pdf.needs_user_password is False:
            yield Finding(file=f.path, ctx={"file": f.path, "encryption": pdf.encryption or "?"})


@rule(
    code="P005",
    name="pdf-encryption-not-verifiable",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Encrypted PDF whose password requirement could not be determined",
    legal_basis="art. 64 § 2 KPA",
)
def pdf_encryption_not_verifiable(c: CheckContext) -> Iterator[Finding]:
    """An encryption scheme whose empty-password check failed (malformed /Encrypt, unknown revision):
    blocking on the conservative reading, since a file that needs a password is unreadable."""
    for f, pdf in _pdfs(c):
        if pdf.encrypted and pdf.needs_user_password is None:
            yield Finding(file=f.path, ctx={"file": f.path, "encryption": pdf.encryption or "?"})


@rule(
    code="P006",
    name="pdf-header-not-at-start",
    category=Category.UPLOAD_BLOCKER,
    reads=(),
    title="PDF whose header is not at the start of the file",
    legal_basis=None,
)
def pdf_header_not_at_start(c: CheckContext) -> Iterator[Finding]:
    """The PDF specification (ISO 32000-2 §7.5.2) puts ``%PDF-`` at byte 0; leading bytes come from a
    broken export or a polyglot (a file that is two formats at once). Forgiving readers open it,
    but a portal that checks the type by content would see something else."""
    for f in c.files:
        if f.detected_type == "pdf" and f.pdf is not None and (f.pdf.header_offset or 0) > 0:
            yield Finding(file=f.path, ctx={"file": f.path, "offset": f.pdf.header_offset})


@rule(
    code="P007",
    name="pdf-safety-limit-exceeded",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="PDF that exceeds safe reading limits (decompression bomb, hostile structure)",
    legal_basis="art. 64 § 2 KPA",
)
def pdf_safety_limit_exceeded(c: CheckContext) -> Iterator[Finding]:
    """pypdf stopped at one of its limits (32 MB per decompressed stream, page-tree depth 100...): a
    decompression bomb or a deliberately hostile file. Not decoded further."""
    for f, pdf in _pdfs(c):
        if pdf.limit_exceeded:
            yield Finding(file=f.path, ctx={"file": f.path, "error": pdf.error, "stage": pdf.error_stage})


@rule(
    code="P008",
    name="pdf-structure-repaired",
    category=Category.ADVISORY,
    reads=(),
    title="Damaged PDF that readers must repair to open",
    legal_basis=None,
)
def pdf_structure_repaired(c: CheckContext) -> Iterator[Finding]:
    """A wrong startxref pointer, a damaged cross-reference table, a catalog found only by scanning:
    forgiving readers repair it (so it is not blocking), strict ones refuse it."""
    for f, pdf in _pdfs(c):
        if pdf.repairs and pdf.error is None:
            repairs = list(pdf.repairs)
            yield Finding(file=f.path, ctx={
                "file": f.path, "repairs": repairs,
                "repair": repairs})  # neutral ids; each language names them (P008.repair.<id>)


@rule(
    code="P009",
    name="pdf-active-content",
    category=Category.ADVISORY,
    reads=(),
    title="PDF with JavaScript or automatic actions",
    legal_basis=None,
)
def pdf_active_content(c: CheckContext) -> Iterator[Finding]:
    """JavaScript (document-level, OpenAction, /AA, annotation or field actions), Launch actions,
    form submission or import. Navigation (a page destination, a /URI link) is not active content."""
    for f, pdf in _pdfs(c):
        ids = [a for a in pdf.active_content if a in _ACTIVE]
        if ids:
            yield Finding(file=f.path, ctx={"file": f.path, "features": ids})


@rule(
    code="P010",
    name="pdf-embedded-files",
    category=Category.ADVISORY,
    reads=(),
    title="PDF with embedded files",
    legal_basis=None,
)
def pdf_embedded_files(c: CheckContext) -> Iterator[Finding]:
    """Files embedded in the PDF (/EmbeddedFiles name tree, file-attachment annotations)."""
    for f, pdf in _pdfs(c):
        if "embedded_files" in pdf.active_content:
            yield Finding(file=f.path, ctx={"file": f.path})


@rule(
    code="P011",
    name="pdf-interactive-form",
    category=Category.ADVISORY,
    reads=(),
    title="PDF with interactive form fields or an XFA form",
    legal_basis=None,
)
def pdf_interactive_form(c: CheckContext) -> Iterator[Finding]:
    """AcroForm fields (including an empty signature field waiting to be signed) and XFA forms, whose
    content some viewers do not show at all. Signed signature fields are not form fields (P012)."""
    for f, pdf in _pdfs(c):
        ids = [a for a in pdf.active_content if a in _FORMS]
        if ids:
            yield Finding(file=f.path, ctx={"file": f.path, "features": ids})


@rule(
    code="P012",
    name="pdf-electronic-signature",
    category=Category.ADVISORY,
    reads=(),
    title="PDF carrying an electronic signature",
    legal_basis=None,
)
def pdf_electronic_signature(c: CheckContext) -> Iterator[Finding]:
    """Detection only: a signature field (/FT /Sig) whose value has a /ByteRange or /Contents, or a
    document timestamp (/DocTimeStamp). An empty signature field is not a signature. Reported so that
    nobody "repairs" a signed file (re-saving breaks the signature); validity is not assessed."""
    for f, pdf in _pdfs(c):
        if pdf.signatures:
            yield Finding(file=f.path, ctx={"file": f.path, "count": len(pdf.signatures),
                                             "kinds": sorted(set(pdf.signatures))})


@rule(
    code="P013",
    name="pdf-another-file-appended",
    category=Category.UPLOAD_BLOCKER,
    reads=(),
    title="PDF with another file appended after its end or hidden inside it (a polyglot)",
    legal_basis=None,
)
def pdf_another_file_appended(c: CheckContext) -> Iterator[Finding]:
    """Bytes after the last ``%%EOF`` that form another file (a ZIP anywhere in them, HTML or script
    markup, or the signature of an archive, document, image or executable): a polyglot, which the
    corpus policy blocks like a header after byte 0 (P006). So is another file hidden before the end
    (``where``): between a ``%%EOF`` and the incremental update after it, after the end of a JPEG
    page image or in its metadata segments (``page``), or a file that archive programs open as a
    ZIP (a ZIP directory at its end that parses). A few bytes of padding (line ends, zeros) after
    ``%%EOF`` are common and not reported; so are incremental updates (signed PDFs)."""
    for f in c.files:
        if f.detected_type == "pdf" and f.pdf is not None and f.pdf.appended:
            ctx = {"file": f.path, "appended": f.pdf.appended.upper(), "where": f.pdf.appended_where or "after_eof"}
            if f.pdf.appended_page is not None:
                ctx["page"] = f.pdf.appended_page
            yield Finding(file=f.path, ctx=ctx)
