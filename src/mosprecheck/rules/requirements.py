"""Documents per permit type and ground (rulebook ``documents.*``), and the third-party annexes.

A requirement is met by a ``documents[]`` entry of any of its kinds. An entry whose file is absent
from the package still counts here: A001 listed-document-missing reports that file once, so a
required kind is reported as missing only when no entry of that kind exists at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..report.models import Category
from .registry import CheckContext, Finding, rule
from ._helpers import declared_kinds, ground, kinds_label, permit_type, unreliable


def requirements(c: CheckContext, part: str) -> Iterator[tuple[dict[str, Any], list[str]]]:
    """(item, sources) for every requirement of ``part`` ("at_filing" or "later") on the filing date."""
    keys = ["documents.core"]
    ptype, grd = permit_type(c.application), ground(c.application)
    if ptype and grd:
        keys.append(f"documents.{ptype}.{grd}")
    for key in keys:
        if not c.rulebook.has(key):
            continue
        for item in (c.rulebook.value(key) or {}).get(part, []):
            yield item, c.rulebook.sources(key)


def _missing(c: CheckContext, part: str) -> Iterator[Finding]:
    if unreliable(c, "/documents"):
        return
    present = declared_kinds(c.application)
    for item, sources in requirements(c, part):
        kinds = list(item["any_of"])
        if present.isdisjoint(kinds):
            yield Finding(field="/documents", ctx={
                "requirement": item["id"], "kinds": kinds, "permit_type": permit_type(c.application),
                "ground": ground(c.application), "document_pl": kinds_label(kinds, "pl"),
                "document_en": kinds_label(kinds, "en"), "sources": sources,
            })


@rule(
    code="A003",
    name="required-document-missing",
    category=Category.FORMAL_DEFECT,
    title="A document required at filing for this permit and ground is not attached",
    legal_basis="art. 64 § 2 KPA",
    message={
        "pl": "Do wniosku nie dołączono dokumentu wymaganego przy złożeniu: {document_pl}.",
        "en": "A document required at filing is not attached: {document_en}.",
    },
    remedy={
        "pl": "Dołącz skan dokumentu ({document_pl}) i dodaj go do listy documents z właściwym rodzajem (kind).",
        "en": "Attach a scan of the document ({document_en}) and add it to the documents list with its kind.",
    },
    needs_application=True,
)
def required_document_missing(c: CheckContext) -> Iterator[Finding]:
    """Every application needs the photo and a scan of the travel document; each ground adds the
    documents that show the ground exists (rulebook ``documents.<type>.<ground>``, ``at_filing``):
    the CEIDG/KRS entry for a business, the marriage certificate for a spouse, the civil-status
    records for family reunification, the hosting agreement for research, the Polish diploma for a
    graduate, the Karta Polaka or the evidence of Polish origin for permanent residence.

    Why the office objects: without them the application is incomplete; the office sends a
    wezwanie do usunięcia braków formalnych with at least 7 days and leaves the application
    unexamined if the document does not follow (art. 64 § 2 KPA).
    """
    yield from _missing(c, "at_filing")


@rule(
    code="A004",
    name="later-evidence-not-attached",
    category=Category.ADVISORY,
    title="Evidence the office will ask for later is not attached yet",
    legal_basis="art. 112a ustawy o cudzoziemcach",
    message={
        "pl": "Nie dołączono dokumentu, o który urząd poprosi w toku sprawy: {document_pl}. Nie blokuje to złożenia "
        "wniosku.",
        "en": "Evidence the office will ask for during the case is not attached: {document_en}. This does not block "
        "filing.",
    },
    remedy={
        "pl": "Dołącz go już teraz ({document_pl}): urząd nie będzie musiał wzywać do jego doręczenia, co przyspieszy "
        "sprawę.",
        "en": "Attach it now ({document_en}): the office will not have to ask for it, which speeds up the case.",
    },
    needs_application=True,
)
def later_evidence_not_attached(c: CheckContext) -> Iterator[Finding]:
    """Supporting evidence for the ground (health insurance, accommodation, income, contracts...,
    rulebook ``documents.<type>.<ground>``, ``later``) "may" be attached at filing (X9); otherwise
    the voivode asks for it with a 14-day deadline, and the 60-day decision clock starts only after
    it arrives or the deadline lapses (art. 112a).
    """
    yield from _missing(c, "later")


def _host_annex_grounds(c: CheckContext, annex: str) -> list[str]:
    return list((c.rulebook.value("documents.host_annex", None) or {}).get(annex, []))


@rule(
    code="A005",
    name="employer-annex-not-signed",
    category=Category.FORMAL_DEFECT,
    title="Annex 1 has not been signed by the employer in MOS",
    legal_basis="art. 106 ust. 1a ustawy o cudzoziemcach; art. 64 § 2 KPA",
    message={
        "pl": "Załącznik nr 1 nie został podpisany przez podmiot powierzający pracę (pole signed_by_employer nie "
        "jest ustawione na true). Bez niego wniosku o zezwolenie ({ground}) nie można uzupełnić.",
        "en": "Annex 1 has not been signed by the entity entrusting the work (signed_by_employer is not true). "
        "Without it the application ({ground}) cannot be completed.",
    },
    remedy={
        "pl": "Wpisz w MOS adres e-mail pracodawcy: MOS wyśle mu link do wypełnienia i podpisania załącznika nr 1. "
        "Po podpisaniu ustaw signed_by_employer na true.",
        "en": "Enter the employer's e-mail address in MOS: MOS sends the employer a link to fill in and sign Annex 1. "
        "Once it is signed, set signed_by_employer to true.",
    },
    needs_application=True,
)
def employer_annex_not_signed(c: CheckContext) -> Iterator[Finding]:
    """On the work grounds (rulebook ``documents.host_annex``) the entity entrusting the work fills
    in and e-signs Annex 1 through the link MOS sends it; the annex is attached automatically.

    Why the office objects: a missing or unsigned Annex 1 is a brak formalny (X20, O10), and MOS
    does not let the application be completed before the signature (§6.1 C5). Whether the annex's
    data fields are complete is checked by the form-data rules (rulebook ``fields.yaml``); this rule
    checks only the employer's signature.
    """
    app = c.application
    grd = ground(app)
    if app is None or grd not in _host_annex_grounds(c, "annex_1"):
        return
    if not (app.annex_1 and app.annex_1.signed_by_employer is True):
        yield Finding(field="/annex_1/signed_by_employer", ctx={
            "ground": grd, "signed_by_employer": app.annex_1.signed_by_employer if app.annex_1 else None,
            "sources": c.rulebook.sources("documents.host_annex")})


@rule(
    code="A006",
    name="university-annex-not-signed",
    category=Category.FORMAL_DEFECT,
    title="The study annex has not been signed by the university in MOS",
    legal_basis="art. 64 § 2 KPA",
    message={
        "pl": "Załącznik uczelni nie został podpisany przez osobę upoważnioną przez rektora (pole "
        "signed_by_university nie jest ustawione na true).",
        "en": "The university annex has not been signed by a person authorised by the rector "
        "(signed_by_university is not true).",
    },
    remedy={
        "pl": "Wpisz w MOS adres e-mail uczelni wskazany do spraw MOS: uczelnia otrzyma link i podpisze załącznik. "
        "Po podpisaniu ustaw signed_by_university na true.",
        "en": "Enter the university's designated MOS e-mail address: the university receives a link and signs the "
        "annex. Once it is signed, set signed_by_university to true.",
    },
    needs_application=True,
)
def university_annex_not_signed(c: CheckContext) -> Iterator[Finding]:
    """For studies the university fills in and signs the annex through the link MOS sends to the
    address the applicant enters; the applicant cannot finish filing before it signs (X5).

    Why the office objects: the annex confirms the studies; without it the application is
    incomplete.
    """
    app = c.application
    grd = ground(app)
    if app is None or grd not in _host_annex_grounds(c, "study"):
        return
    if not (app.study and app.study.signed_by_university is True):
        yield Finding(field="/study/signed_by_university", ctx={
            "ground": grd, "signed_by_university": app.study.signed_by_university if app.study else None,
            "sources": c.rulebook.sources("documents.host_annex")})
