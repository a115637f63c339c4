"""Proofs are distinct: one file declared under two kinds that must be two different documents.

A ``documents[]`` entry says what a file proves. When the same file is declared twice, under two
kinds that cannot be one document, one of the two required documents is in fact missing, even
though the "document missing" rules (A003, M003, M004) see both kinds declared. Both entries are
reported, each at its own pointer, so that whichever is wrong can be fixed.

Pairs that must differ:

- the stamp-duty proof and the card-fee proof: the two fees go to different payees (the rulebook's
  ``fees.stamp_duty_legal_basis`` and ``fees.card_fee`` name them), so one transfer confirmation
  cannot prove both (C020);
- the photograph and the copy of the travel document: two attachments of art. 106d ust. 1 pkt 2
  and pkt 3 ustawy o cudzoziemcach (C021).

Files are matched after the path normalisation of the inventory (``./a.pdf`` and ``a.pdf``, NFC
and NFD forms of one name are one file).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..application import normalise_declared_path, to_pointer
from ..findings import Category
from ..case.helpers import TRAVEL_DOCUMENT_KINDS, documents, unreliable
from .registry import CheckContext, Finding, rule

_FEE_PROOFS = ("stamp_duty_proof", "card_fee_proof")


def _shared_files(c: CheckContext, first: tuple[str, ...], second: tuple[str, ...]) -> Iterator[tuple[int, int, str]]:
    """(index, other index, file) for every pair of entries that declare one file, one under a kind
    of ``first`` and the other under a kind of ``second`` (each entry reported once per pair)."""
    if unreliable(c, "/documents"):
        return
    by_file: dict[str, list[tuple[int, str]]] = {}
    for i, doc in documents(c.application):
        if doc.file and doc.kind is not None:
            by_file.setdefault(normalise_declared_path(doc.file), []).append((i, doc.kind.value))
    for path, entries in by_file.items():
        if len(entries) < 2:
            continue
        for i, kind_i in entries:
            for j, kind_j in entries:
                if i != j and ((kind_i in first and kind_j in second) or (kind_i in second and kind_j in first)) \
                        and kind_i != kind_j:
                    yield i, j, path


def _finding(c: CheckContext, i: int, j: int, path: str, **extra: object) -> Finding:
    app = c.application
    docs = app.documents if app and app.documents else []
    return Finding(
        file=path,
        field=to_pointer(("documents", i, "file")),
        ctx={"file": docs[i].file, "field": to_pointer(("documents", i, "file")), "kind": docs[j].kind.value, "own_kind": docs[i].kind.value,
             "other_field": to_pointer(("documents", j, "file")), **extra},
    )


@rule(
    code="C020",
    name="one-receipt-for-two-fees",
    category=Category.FORMAL_DEFECT,
    reads=("fees.card_fee", "fees.stamp_duty_legal_basis"),
    title="One file is declared as both the stamp-duty proof and the card-fee proof",
    legal_basis="art. 261 § 2 KPA; art. 239 ust. 1 ustawy o cudzoziemcach; art. 64 § 2 KPA",
    needs_application=True,
)
def one_receipt_for_two_fees(c: CheckContext) -> Iterator[Finding]:
    """The stamp duty goes to the city office where the voivode sits, the card fee to the
    voivodeship office (rulebook ``fees.stamp_duty_legal_basis``, ``fees.card_fee``): two
    transfers, two confirmations. A single file declared as both hides a missing proof from the
    "proof missing" rules (M003, M004), and the office would call for the missing one (or, for the
    stamp duty due in advance, return the application)."""
    duty = c.rulebook.value("fees.stamp_duty_legal_basis", None)
    card = c.rulebook.value("fees.card_fee", None)
    payees = [v.get("paid_to_en") if isinstance(v, dict) else None for v in (duty, card)]
    if None in payees or payees[0] == payees[1]:
        return  # the rulebook does not say the payees differ: nothing to object to
    for i, j, path in _shared_files(c, (_FEE_PROOFS[0],), (_FEE_PROOFS[1],)):
        yield _finding(c, i, j, path)


@rule(
    code="C021",
    name="photo-and-travel-document-in-one-file",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="One file is declared as both the photograph and the travel-document copy",
    legal_basis="art. 106d ust. 1 pkt 2 i 3 ustawy o cudzoziemcach; art. 64 § 2 KPA",
    needs_application=True,
)
def photo_and_travel_document_in_one_file(c: CheckContext) -> Iterator[Finding]:
    """The photograph (art. 106d ust. 1 pkt 2; § 3 of regulation 553 says what it shows) and the
    copy of every page of the travel document (pkt 3) are two attachments: a passport's data page
    is not the applicant's photograph, and a photograph is not a copy of the passport. Declared as
    one file, one of them is missing although both kinds are declared."""
    for i, j, path in _shared_files(c, ("photo",), TRAVEL_DOCUMENT_KINDS):
        yield _finding(c, i, j, path)
