"""Electronic signatures in PDFs: present where the rulebook requires one, and still whole.

Facts come from the inventory: every signed signature field or document timestamp, its
``/SubFilter``, signing time and ``/ByteRange`` (pypdf), and, with the optional ``signatures`` extra
(pyHanko, run inside the same bounded worker), whether the signed bytes still match the signature
and what was added after signing. No certificate chain, trust list or revocation is checked (that
needs the EU trust lists and the network): "intact" is not "valid".

P012 (issue 3) already says that a file carries a signature. These rules add: a document kind that
must be e-signed (``signatures.required_kinds``) and is not (P070) or whose signature is broken or
was followed by changes (P074), both ``formal_defect``; for any other signed file, bytes appended
after the last signature that pyHanko could not judge (P071), changes after signing (P072) and a
broken signature (P073), ``advisory``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..application import to_pointer
from ..inventory import FileFacts
from ..inventory.facts import SignatureFacts
from ..findings import Category
from ..case.helpers import declared_path, documents
from .registry import CheckContext, Finding, rule

#: pyHanko's modification levels that are a change of the signed document (not validation data, a
#: later signature or filled-in fields).
_CHANGED = ("annotations", "other")


def _signed(f: FileFacts) -> list[SignatureFacts]:
    return [s for s in f.pdf.signature_details if s.kind == "signature"]


def _broken(s: SignatureFacts) -> bool:
    """pyHanko found that the signed bytes do not match (the ``signatures`` extra)."""
    return s.checked and s.intact is False


def _unusable(s: SignatureFacts) -> bool:
    """Broken, or a /ByteRange that cannot belong to a valid PDF signature (pypdf level)."""
    return _broken(s) or s.byte_range_ok is False


def _changed(s: SignatureFacts) -> bool:
    return s.checked and (s.modification in _CHANGED or s.coverage == "unclear")


def _required_kinds(c: CheckContext) -> set[str]:
    return set(c.rulebook.value("signatures.required_kinds", None) or ())


def _required_paths(c: CheckContext) -> dict[str, tuple[int, str]]:
    """path -> (documents index, kind) for files of a kind that must carry an e-signature."""
    kinds = _required_kinds(c)
    out: dict[str, tuple[int, str]] = {}
    for i, doc in documents(c.application):
        path = declared_path(doc)
        if path and doc.kind is not None and doc.kind.value in kinds and path not in out:
            out[path] = (i, doc.kind.value)
    return out


def _first_time(sigs: list[SignatureFacts]) -> str | None:
    return next((s.signing_time for s in sigs if s.signing_time), None)


@rule(
    code="P070",
    name="required-e-signature-missing",
    category=Category.FORMAL_DEFECT,
    reads=("signatures.required_kinds",),
    title="A document that must be e-signed carries no electronic signature",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def required_e_signature_missing(c: CheckContext) -> Iterator[Finding]:
    """Kinds listed in ``signatures.required_kinds`` (from 27 April 2026: Annex 1, which the employer
    e-signs in MOS, §5) must be a PDF with a signed signature field. An image cannot carry one; an
    empty signature field waiting to be signed is not a signature. Files that could not be read are
    left to the file rules."""
    for path, (i, kind) in sorted(_required_paths(c).items()):
        f = c.files_by_path.get(path)
        if f is None:
            continue
        if f.detected_type in ("jpeg", "png") and f.unverified is None:
            reason = "image"  # an image cannot carry an electronic signature
        elif f.readable_pdf and not _signed(f):
            reason = "unsigned"
        else:
            continue
        yield Finding(file=path, field=to_pointer(("documents", i)), ctx={
            "file": path, "kind": kind, "reason": reason, "type": f.detected_type.upper(),
            "sources": c.rulebook.sources("signatures.required_kinds")})


@rule(
    code="P074",
    name="required-e-signature-not-intact",
    category=Category.FORMAL_DEFECT,
    reads=("signatures.required_kinds",),
    title="A document that must be e-signed has a broken signature or was changed after signing",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def required_e_signature_not_intact(c: CheckContext) -> Iterator[Finding]:
    """A required signature (``signatures.required_kinds``) that no longer holds is no signature:
    every signature of the file has a malformed /ByteRange, fails pyHanko's integrity check, or was
    followed by changes pyHanko cannot explain as validation data, form filling or a later signature.
    Without the ``signatures`` extra only the /ByteRange is judged."""
    for path, (i, kind) in sorted(_required_paths(c).items()):
        f = c.files_by_path.get(path)
        if f is None or not f.readable_pdf:
            continue
        sigs = _signed(f)
        if sigs and all(_unusable(s) or _changed(s) for s in sigs):
            yield Finding(file=path, field=to_pointer(("documents", i)), ctx={
                "file": path, "kind": kind, "count": len(sigs),
                "modification": sorted({s.modification or "—" for s in sigs}),
                "intact": [s.intact for s in sigs], "signing_time": _first_time(sigs),
                "sources": c.rulebook.sources("signatures.required_kinds")})


@rule(
    code="P071",
    name="signature-does-not-cover-file",
    category=Category.ADVISORY,
    reads=(),
    title="Bytes were added to a signed PDF after its last signature (not analysed)",
    legal_basis=None,
)
def signature_does_not_cover_file(c: CheckContext) -> Iterator[Finding]:
    """pypdf level: no signature or timestamp of the file has a /ByteRange reaching the end of the file
    (a final line end aside). An incremental update after the last signature can be harmless
    (long-term validation data) or a change of the signed document; reported only when pyHanko (the
    ``signatures`` extra) did not analyse it, since P072 then tells which."""
    for f in c.files:
        if not f.readable_pdf or not f.pdf.signature_details:
            continue
        details = f.pdf.signature_details
        if any(s.checked for s in details) or any(s.covers_to_end for s in details):
            continue
        tails = [s.uncovered_bytes for s in details if s.byte_range_ok and s.uncovered_bytes is not None]
        if tails:
            yield Finding(file=f.path, ctx={"file": f.path, "uncovered": min(tails), "signatures": len(details)})


@rule(
    code="P072",
    name="signed-file-changed-after-signing",
    category=Category.ADVISORY,
    reads=("signatures.required_kinds",),
    title="A signed PDF was changed after signing",
    legal_basis=None,
)
def signed_file_changed_after_signing(c: CheckContext) -> Iterator[Finding]:
    """pyHanko's difference analysis (``signatures`` extra): content added after a signature that is
    not long-term validation data, a later signature or filled-in form fields (annotations, new
    pages, replaced objects), or a signature whose coverage is unclear. Files of a kind that must be
    e-signed are P074's."""
    required = _required_paths(c)
    for f in c.files:
        if not f.readable_pdf or f.path in required:
            continue
        for s in f.pdf.signature_details:
            if _changed(s) and not _broken(s):
                yield Finding(file=f.path, ctx={"file": f.path, "field": s.field or "—", "coverage": s.coverage,
                                                 "modification": s.modification or "—",
                                                 "signing_time": s.signing_time})
                break


@rule(
    code="P073",
    name="signature-broken",
    category=Category.ADVISORY,
    reads=("signatures.required_kinds",),
    title="A PDF signature whose signed bytes do not match",
    legal_basis=None,
)
def signature_broken(c: CheckContext) -> Iterator[Finding]:
    """With pyHanko (the ``signatures`` extra): a digest of the signed bytes that differs from the
    signed one, or a cryptographic signature that does not verify with the signer's certificate.
    A /ByteRange that cannot belong to a valid signature (not from byte 0, overlapping, past the end,
    a gap that is not the /Contents value) is recorded by the inventory and counts against a required
    signature (P074), but is not reported here on its own: it is also what signature placeholders
    look like, and without pyHanko nothing was verified. Files of a kind that must be e-signed are
    P074's."""
    required = _required_paths(c)
    for f in c.files:
        if not f.readable_pdf or f.path in required:
            continue
        for s in f.pdf.signature_details:
            if not _broken(s):
                continue
            reason = "digest"
            yield Finding(file=f.path, ctx={"file": f.path, "field": s.field or "—", "reason": reason,
                                             "signature_kind": s.kind})
            break
