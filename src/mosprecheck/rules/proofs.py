"""Proofs are distinct: one document declared under two kinds that must be two different documents.

A ``documents[]`` entry says what a file proves. When one document is declared twice, under two
kinds that cannot be one document, one of the two required documents is in fact missing, even
though the "document missing" rules (A003, M003, M004) see both kinds declared. Both entries are
reported, each at its own pointer, so that whichever is wrong can be fixed.

One document is one file path (after the path normalisation of the inventory: ``./a.pdf`` and
``a.pdf``, NFC and NFD forms of one name are one file), or two files with the same content (the
same SHA-256, ``FileFacts.sha256``): ``cp stamp-duty-440.pdf card-fee-100.pdf`` gives two names,
not two receipts.

Pairs that must differ (docs/rulebook.md, section "proofs"):

- the stamp-duty proof and the card-fee proof: the two fees go to different payees (the rulebook's
  ``fees.stamp_duty_legal_basis`` and ``fees.card_fee`` name them), so one transfer confirmation
  cannot prove both (C020);
- the photograph, and the copy of the travel document, against any other kind: two attachments of
  art. 106d ust. 1 pkt 2 and pkt 3 ustawy o cudzoziemcach that no other document is (C021). The
  copy of every page of the passport may also be declared as the copy of the visa in it
  (``visa_copy``), and as a passport under the wider kind ``travel_document_copy``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from ..application import normalise_declared_path, to_pointer
from ..findings import Category
from ..case.helpers import TRAVEL_DOCUMENT_KINDS, documents, unreliable
from .registry import CheckContext, Finding, rule

_FEE_PROOFS = ("stamp_duty_proof", "card_fee_proof")
#: Kinds that are documents of their own: declared for the same document as any other kind, one
#: of the two is missing.
_STANDS_ALONE = ("photo", *TRAVEL_DOCUMENT_KINDS)
#: Pairs of kinds that one document may legitimately be: a passport is a travel document (the
#: two kinds name it), and the copy of every page of the passport holds the visa stuck in it.
_MAY_SHARE = frozenset({
    frozenset({"passport_copy", "travel_document_copy"}),
    frozenset({"passport_copy", "visa_copy"}),
    frozenset({"travel_document_copy", "visa_copy"}),
})


def _document_key(c: CheckContext, path: str) -> tuple[str, str]:
    """What identifies the document a declared path holds: the content's SHA-256 when the file was
    read in full (two names for the same bytes are one document), else the path."""
    f = c.files_by_path.get(path)
    if f is not None and f.sha256 and f.fully_read and f.size_bytes and f.detected_type != "empty":
        return "sha256", f.sha256
    return "path", path


def _shared_documents(c: CheckContext, first: Collection[str], second: Collection[str] | None = None,
                      ) -> Iterator[tuple[int, int, str, str]]:
    """(index, other index, file, other file) for every pair of entries that declare one document
    (one path, or two paths with the same content), one under a kind of ``first`` and the other
    under a kind of ``second`` (None: any other kind but a pair of :data:`_MAY_SHARE`); each
    entry reported once per pair, at its own pointer."""
    if unreliable(c, "/documents"):
        return
    by_document: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for i, doc in documents(c.application):
        if doc.file and doc.kind is not None:
            path = normalise_declared_path(doc.file)
            by_document.setdefault(_document_key(c, path), []).append((i, doc.kind.value, path))
    for entries in by_document.values():
        if len(entries) < 2:
            continue
        for i, kind_i, path_i in entries:
            for j, kind_j, path_j in entries:
                if i == j or kind_i == kind_j:
                    continue
                if second is None:
                    pair = kind_i in first or kind_j in first
                    pair = pair and frozenset({kind_i, kind_j}) not in _MAY_SHARE
                else:
                    pair = (kind_i in first and kind_j in second) or (kind_i in second and kind_j in first)
                if pair:
                    yield i, j, path_i, path_j


def _finding(c: CheckContext, i: int, j: int, path: str, other_path: str, **extra: object) -> Finding:
    app = c.application
    docs = app.documents if app and app.documents else []
    copy = {"copy": "same_content", "other_file": docs[j].file} if other_path != path else {"copy": ""}
    return Finding(
        file=path,
        field=to_pointer(("documents", i, "file")),
        ctx={"file": docs[i].file, "field": to_pointer(("documents", i, "file")), "kind": docs[j].kind.value,
             "own_kind": docs[i].kind.value, "other_field": to_pointer(("documents", j, "file")), **copy, **extra},
    )


@rule(
    code="C020",
    name="one-receipt-for-two-fees",
    category=Category.FORMAL_DEFECT,
    reads=("fees.card_fee", "fees.stamp_duty_legal_basis"),
    title="One document is declared as both the stamp-duty proof and the card-fee proof",
    legal_basis="art. 261 § 2 KPA; art. 239 ust. 1 ustawy o cudzoziemcach; art. 64 § 2 KPA",
    needs_application=True,
)
def one_receipt_for_two_fees(c: CheckContext) -> Iterator[Finding]:
    """The stamp duty goes to the city office where the voivode sits, the card fee to the
    voivodeship office (rulebook ``fees.stamp_duty_legal_basis``, ``fees.card_fee``): two
    transfers, two confirmations. A single file declared as both, or two files with the same
    content (a copy under another name), hides a missing proof from the "proof missing" rules
    (M003, M004), and the office would call for the missing one (or, for the stamp duty due in
    advance, return the application)."""
    duty = c.rulebook.value("fees.stamp_duty_legal_basis", None)
    card = c.rulebook.value("fees.card_fee", None)
    payees = [v.get("paid_to_en") if isinstance(v, dict) else None for v in (duty, card)]
    if None in payees or payees[0] == payees[1]:
        return  # the rulebook does not say the payees differ: nothing to object to
    for i, j, path, other in _shared_documents(c, (_FEE_PROOFS[0],), (_FEE_PROOFS[1],)):
        yield _finding(c, i, j, path, other)


@rule(
    code="C021",
    name="photo-or-travel-document-shares-a-file",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="The photograph or the travel-document copy is also declared as another document",
    legal_basis="art. 106d ust. 1 pkt 2 i 3 ustawy o cudzoziemcach; art. 64 § 2 KPA",
    needs_application=True,
)
def photo_or_travel_document_shares_a_file(c: CheckContext) -> Iterator[Finding]:
    """The photograph (art. 106d ust. 1 pkt 2; § 3 of regulation 553 says what it shows) and the
    copy of every page of the travel document (pkt 3) are attachments of their own: a passport's
    data page is not the applicant's photograph, a photograph is not a copy of the passport, and
    neither is a lease, a contract or any other document. Declared as one document with another
    kind (one file, or two files with the same content), one of the two is missing although both
    kinds are declared. A passport may be declared both as ``passport_copy`` and
    ``travel_document_copy``, and its copy also as the ``visa_copy`` of the visa stuck in it."""
    for i, j, path, other in _shared_documents(c, _STANDS_ALONE):
        kinds = {c.application.documents[i].kind.value, c.application.documents[j].kind.value}
        why = "photo_travel" if "photo" in kinds and kinds & set(TRAVEL_DOCUMENT_KINDS) else \
            "photo" if "photo" in kinds else "travel"
        yield _finding(c, i, j, path, other, why=why)
