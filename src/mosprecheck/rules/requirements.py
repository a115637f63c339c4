"""Documents per permit type and ground (rulebook ``documents.*``), and the third-party annexes.

A requirement is met by a ``documents[]`` entry of any of its kinds. An entry whose file is absent
from the package still counts here: A001 listed-document-missing reports that file once, so a
required kind is reported as missing only when no entry of that kind exists at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..case.helpers import declared_kinds, ground, permit_type, unreliable
from ..derived.requirements import REQUIREMENTS_READS, call_for_documents, provision, requirements
from ..findings import Category
from ..i18n import text
from .registry import CheckContext, Finding, rule


def _declared_hint(item: dict[str, Any], present: set[str]) -> dict[str, str]:
    """The ctx of the hint for a missing item that may be attached under another kind (the first
    declared kind the item's ``declared_as`` names; rulebook ``declared_as``: kind -> hint id, whose
    text is the catalogue's ``A003.declared_hint.<id>``), or an empty hint when there is none."""
    for kind, hint in (item.get("declared_as") or {}).items():
        if kind in present and text("en", f"A003.declared_hint.{hint}") is not None:
            return {"declared_hint": hint}
    return {"declared_hint": ""}


def _missing(c: CheckContext, part: str, extra: dict[str, Any] | None = None, *,
             annexes: bool = False) -> Iterator[Finding]:
    """Requirements of ``part`` no documents[] entry meets: the applicant's own annexes
    (``annex: applicant``) with ``annexes``, every other item without."""
    if unreliable(c, "/documents"):
        return
    present = declared_kinds(c.application)
    ptype = permit_type(c.application)
    for item, sources in requirements(c, part):
        if (item.get("annex") == "applicant") is not annexes:
            continue
        kinds = list(item["any_of"])
        if present.isdisjoint(kinds):
            ctx = {
                "requirement": item["id"], "kinds": kinds, "permit_type": ptype,
                "ground": ground(c.application), "sources": sources, **(extra or {}),
            }
            if part == "at_filing":
                ctx["provision"] = provision(item, ptype)
                ctx.update(_declared_hint(item, present))
            yield Finding(field="/documents", ctx=ctx)


@rule(
    code="A003",
    name="required-document-missing",
    category=Category.FORMAL_DEFECT,
    reads=REQUIREMENTS_READS,
    title="A document the law requires at filing for this permit and ground is not attached",
    legal_basis="art. 106d ust. 1, art. 203d ust. 1, art. 219d ust. 1 ustawy o cudzoziemcach; art. 64 § 2 KPA",
    needs_application=True,
)
def required_document_missing(c: CheckContext) -> Iterator[Finding]:
    """Every application needs a current photo and a copy of all pages of the travel document;
    from 27 April 2026 the statute adds the annexes the ground requires (art. 106d ust. 1 pkt 1;
    the applicant's own annexes are A008, the third parties' annexes A005/A006) and, for the
    long-term EU resident, a copy of the current legal title to the dwelling (art. 219d ust. 1
    pkt 3). Nothing else is required at filing (art. 106d ust. 2, 203d ust. 2, 219d ust. 2:
    it "may" be attached; A004). For a filing date before 27 April 2026 the lists then in force
    apply (rulebook ``documents.*``, ``at_filing``, dated): they also required the documents that
    showed the ground exists (CEIDG/KRS entry, marriage certificate, civil-status records, hosting
    agreement, Polish diploma, Karta Polaka, evidence of Polish origin, birth certificate).

    Why the office objects: without them the application is incomplete; the office calls for the
    braki formalne to be remedied within the days art. 64 § 2 KPA gives and leaves the application
    unexamined if the document does not follow.
    """
    yield from _missing(c, "at_filing")


@rule(
    code="A008",
    name="applicant-annex-missing",
    category=Category.FORMAL_DEFECT,
    reads=REQUIREMENTS_READS,
    title="The annex the applicant fills in and signs for this ground is not attached",
    legal_basis="art. 106 ust. 4, art. 106 ust. 6, art. 106d ust. 1 pkt 1, art. 106d ust. 3 ustawy o "
    "cudzoziemcach; art. 64 § 2 KPA",
    needs_application=True,
)
def applicant_annex_missing(c: CheckContext) -> Iterator[Finding]:
    """From 27 April 2026 the Blue Card and Blue Card long-term mobility applicant attaches his own
    annex (art. 106 ust. 4; annex 3 of Dz.U. 2026 poz. 553, "Załącznik nr 2 do wniosku":
    qualifications, earlier Blue Card stays in other member states) and the researcher his
    (art. 106 ust. 6; annex 5, "Załącznik nr 4 do wniosku": the research unit, a mobility
    programme). Both are filed only electronically in MOS and signed with the application
    (art. 106d ust. 3). Rulebook ``documents.<type>.<ground>``, ``at_filing`` items marked
    ``annex: applicant``.

    Why the office objects: the annex is required at filing (art. 106d ust. 1 pkt 1); without it
    the application has a brak formalny, to be remedied within the days art. 64 § 2 KPA gives.
    """
    yield from _missing(c, "at_filing", annexes=True)


@rule(
    code="A004",
    name="later-evidence-not-attached",
    category=Category.ADVISORY,
    reads=("documents.call_for_documents", *REQUIREMENTS_READS),
    title="Evidence the voivode will call for is not attached yet",
    legal_basis="art. 106d ust. 2, art. 106f, art. 203d ust. 2, art. 203f, art. 219d ust. 2, art. 219f "
    "ustawy o cudzoziemcach",
    needs_application=True,
)
def later_evidence_not_attached(c: CheckContext) -> Iterator[Finding]:
    """Evidence of the data and of the ground (health insurance, accommodation, income, contracts,
    and from 27 April 2026 also the documents that show the ground exists: the CEIDG/KRS entry,
    the marriage certificate, the civil-status records...; rulebook ``documents.<type>.<ground>``,
    ``later``) "may" be attached at filing (art. 106d ust. 2, 203d ust. 2, 219d ust. 2); otherwise
    the voivode calls for it with a deadline of at least ``documents.call_for_documents`` days
    (art. 106f, 203f, 219f; the message cites the provision of the permit type). Silent for a
    filing date before 27 April 2026, when the law had no such call (the report's checklist still
    lists the evidence).
    """
    call = call_for_documents(c)
    if call is None:
        return
    min_days, basis = call
    yield from _missing(c, "later", {"min_days": min_days, "call_basis": basis,
                                     "call_sources": c.rulebook.sources("documents.call_for_documents")})


def _host_annex_grounds(c: CheckContext, annex: str) -> list[str]:
    return list((c.rulebook.value("documents.host_annex", None) or {}).get(annex, []))


def annex_1_required(c: CheckContext) -> bool:
    """True when the ground needs Annex 1 of the entity entrusting the work (art. 106 ust. 2): a
    work ground of ``documents.host_annex``, or the business ground when the foreigner's declared
    role (``business.role``) is one the fact lists (board member, general partner, prokurent)."""
    app = c.application
    grd = ground(app)
    if app is None or grd is None:
        return False
    if grd in _host_annex_grounds(c, "annex_1"):
        return True
    roles = _host_annex_grounds(c, "annex_1_business_roles")
    role = app.business.role.value if app.business and app.business.role else None
    return grd == "business" and role is not None and role in roles


@rule(
    code="A005",
    name="employer-annex-not-signed",
    category=Category.FORMAL_DEFECT,
    reads=("documents.host_annex",),
    title="Annex 1 has not been signed by the employer in MOS",
    legal_basis="art. 106 ust. 2, art. 106d ust. 1 pkt 1, art. 106d ust. 4 ustawy o cudzoziemcach; art. 64 § 2 KPA",
    needs_application=True,
)
def employer_annex_not_signed(c: CheckContext) -> Iterator[Finding]:
    """Annex 1 is filled in and e-signed by the entity entrusting the work (art. 106d ust. 4)
    through the link MOS sends it, for the single permit, the Blue Card, Blue Card long-term
    mobility, and the business ground when the foreigner is a board member of a sp. z o.o. or S.A.
    he founded or holds shares in, a general partner or a prokurent (art. 106 ust. 2; rulebook
    ``documents.host_annex``, the role from ``business.role``). It is attached at filing
    (art. 106d ust. 1 pkt 1).

    Why the office objects: a missing or unsigned Annex 1 is a brak formalny (X20, O10), and MOS
    does not let the application be completed before the signature (§6.1 C5). Whether the annex's
    data fields are complete is checked by the form-data rules (rulebook ``fields.yaml``); this rule
    checks only the employer's signature.
    """
    app = c.application
    grd = ground(app)
    if app is None or not annex_1_required(c):
        return
    if not (app.annex_1 and app.annex_1.signed_by_employer is True):
        yield Finding(field="/annex_1/signed_by_employer", ctx={
            "ground": grd, "signed_by_employer": app.annex_1.signed_by_employer if app.annex_1 else None,
            "sources": c.rulebook.sources("documents.host_annex")})


@rule(
    code="A006",
    name="university-annex-not-signed",
    category=Category.FORMAL_DEFECT,
    reads=("documents.host_annex",),
    title="The study annex has not been signed by the university in MOS",
    legal_basis="art. 106 ust. 7, art. 106d ust. 1 pkt 1, art. 106d ust. 4 ustawy o cudzoziemcach; art. 64 § 2 KPA",
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


@rule(
    code="A007",
    name="business-role-not-declared",
    category=Category.ADVISORY,
    reads=("documents.host_annex",),
    title="Business ground without the foreigner's role: whether Annex 1 is needed was not checked",
    legal_basis="art. 106 ust. 2 ustawy o cudzoziemcach",
    needs_application=True,
)
def business_role_not_declared(c: CheckContext) -> Iterator[Finding]:
    """On the business ground Annex 1 is required only when the foreigner is a board member of a
    company he founded or holds shares in, a general partner or a prokurent (art. 106 ust. 2;
    rulebook ``documents.host_annex``, ``annex_1_business_roles``). Without ``business.role`` A005
    cannot tell, so the gap is reported instead of guessed.
    """
    app = c.application
    if app is None or ground(app) != "business" or unreliable(c, "/business"):
        return
    if not _host_annex_grounds(c, "annex_1_business_roles"):
        return
    if app.business is None or app.business.role is None:
        yield Finding(field="/business/role", ctx={
            "ground": "business", "roles": _host_annex_grounds(c, "annex_1_business_roles"),
            "sources": c.rulebook.sources("documents.host_annex")})
