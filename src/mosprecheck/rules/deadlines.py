"""Deadlines that depend on the filing date: the end of legal stay, the age of a marriage certificate."""

from __future__ import annotations

from collections.abc import Iterator

from ..application import to_pointer
from ..application.models import DocumentKind
from ..case.helpers import add_months, bars_to_opening, declared_path, documents, ground, resolve, unreliable
from ..derived.deadline import filing_deadline
from ..findings import Category
from .registry import CheckContext, Finding, rule


@rule(
    code="K020",
    name="filed-after-legal-stay",
    category=Category.REFUSAL_RISK,
    reads=("deadlines.filing", "eligibility.bars_to_opening", "signature.age_of_majority"),
    title="Filing date after the last day of legal stay: no protection of stay",
    legal_basis="art. 105 ust. 1, art. 202 ust. 1, art. 218a ust. 1 ustawy o cudzoziemcach",
    needs_application=True,
)
def filed_after_legal_stay(c: CheckContext) -> Iterator[Finding]:
    """The application must be filed by the last day of legal stay (visa, visa-free period or
    current permit): art. 105 ust. 1 (temporary residence), art. 202 ust. 1 (permanent residence),
    art. 218a ust. 1 (long-term EU resident); the finding names the provision of the permit type
    applied for (rulebook ``deadlines.filing``, ctx ``legal_basis``). Filed in time and without
    formal defects, the stay stays legal until the decision is final (art. 108 ust. 1 pkt 2,
    art. 206 ust. 1 pkt 2); filed later, it does not (the case is examined, but the foreigner
    stays illegally, and a temporary-residence permit is refused to whoever filed during illegal
    stay, art. 100 ust. 1 pkt 9).

    One late filing, one verdict: where the day after the last day of legal stay is a bar to
    opening the case (rulebook ``eligibility.bars_to_opening``, bar ``legal_stay_ended``: art. 196
    ust. 1 pkt 1 lit. a for permanent residence, art. 213 ust. 1 pkt 1 lit. a for the long-term EU
    resident), the case is not examined at all and K012 says so; this code stays silent. It
    speaks for temporary residence (art. 99 has no illegal-stay point) and where the statute lifts
    the bar (art. 196 ust. 2-3: asylum, the child of a Polish citizen, the minor born in Poland to
    a permanent resident): the case is opened, but the filing keeps no stay legal (art. 206
    ust. 1). An applicant outside Poland has no stay on Polish territory that the filing could
    keep legal (art. 105 ust. 1, 202 ust. 1, 218a ust. 1 count that stay): K007 or K001 speak.
    """
    deadline = filing_deadline(c)
    if deadline is None or deadline.filing_date_in_time or unreliable(c, "/filing_date"):
        return
    if resolve(c.application, "/current_stay/in_poland") is False:
        return
    if next(bars_to_opening(c, {"legal_stay_ended"}), None) is not None:
        return
    yield Finding(field="/filing_date", legal_basis=deadline.legal_basis or None, ctx={
        "filing_date": c.filing_date, "legal_stay_until": deadline.last_day,
        "days_late": (c.filing_date - deadline.last_day).days, "legal_basis": deadline.legal_basis,
        "sources": deadline.sources})


def _marriage_certificates(c: CheckContext):
    rule_ = c.rulebook.value("deadlines.marriage_certificate", None)
    if rule_ is None or ground(c.application) not in rule_["grounds"]:
        return
    for i, doc in documents(c.application):
        if doc.kind is DocumentKind.MARRIAGE_CERTIFICATE:
            yield i, doc, rule_


@rule(
    code="K021",
    name="marriage-certificate-too-old",
    category=Category.FORMAL_DEFECT,
    reads=("deadlines.marriage_certificate",),
    title="Marriage certificate issued too long before filing, where that blocks filing (before MOS)",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def marriage_certificate_too_old(c: CheckContext) -> Iterator[Finding]:
    """On the spouse and family grounds a marriage certificate had to be issued at most
    ``max_age_months`` before filing (rulebook ``deadlines.marriage_certificate``, O3, X31, SD4),
    and an older one blocked filing while the rulebook says ``blocks_filing`` (filing dates before
    27 April 2026). From then on the certificate is optional at filing (art. 106d ust. 2, 203d
    ust. 2) and an older copy is K023. The cut-off day itself is accepted: the same day of the
    month, ``max_age_months`` before the filing date.
    """
    for finding in _too_old(c):
        if finding.ctx["blocks_filing"]:
            yield finding


def _too_old(c: CheckContext) -> Iterator[Finding]:
    """Every marriage certificate issued before the earliest accepted day (K021 or K023)."""
    for i, doc, rule_ in _marriage_certificates(c):
        if doc.issued_on is None:
            continue
        earliest = add_months(c.filing_date, -int(rule_["max_age_months"]))
        if doc.issued_on < earliest:
            yield Finding(file=declared_path(doc), field=to_pointer(("documents", i, "issued_on")), ctx={
                "file": doc.file, "issued_on": doc.issued_on, "filing_date": c.filing_date, "earliest": earliest,
                "max_age_months": rule_["max_age_months"], "blocks_filing": bool(rule_.get("blocks_filing", True)),
                "sources": c.rulebook.sources("deadlines.marriage_certificate")})


@rule(
    code="K022",
    name="marriage-certificate-date-unknown",
    category=Category.ADVISORY,
    reads=("deadlines.marriage_certificate",),
    title="Issue date of the marriage certificate not given: its age cannot be checked",
    legal_basis=None,
    needs_application=True,
)
def marriage_certificate_date_unknown(c: CheckContext) -> Iterator[Finding]:
    """Without the issue date the age limit of K021 cannot be checked; the office will check it."""
    for i, doc, rule_ in _marriage_certificates(c):
        if doc.issued_on is None:
            yield Finding(file=declared_path(doc), field=to_pointer(("documents", i, "issued_on")), ctx={
                "file": doc.file, "max_age_months": rule_["max_age_months"]})


@rule(
    code="K023",
    name="marriage-certificate-may-be-too-old",
    category=Category.ADVISORY,
    reads=("deadlines.marriage_certificate", "documents.call_for_documents"),
    title="Marriage certificate older than the office accepts: the voivode may call for a recent copy",
    legal_basis="art. 106d ust. 2, art. 106f, art. 203d ust. 2, art. 203f ustawy o cudzoziemcach",
    needs_application=True,
)
def marriage_certificate_may_be_too_old(c: CheckContext) -> Iterator[Finding]:
    """From 27 April 2026 the marriage certificate "may" be attached (art. 106d ust. 2, 203d
    ust. 2) and the voivode calls for the documents he needs (art. 106f, 203f): a copy older than
    the offices' practice (``max_age_months``, rulebook ``deadlines.marriage_certificate`` with
    ``blocks_filing: false``) no longer blocks filing, but a recent copy may be called for.
    """
    fact = c.rulebook.value("documents.call_for_documents", None)
    app = c.application
    ptype = app.permit.type.value if app and app.permit and app.permit.type else None
    if not fact or ptype not in fact["legal_basis"]:
        return
    for finding in _too_old(c):
        if not finding.ctx["blocks_filing"]:
            yield Finding(file=finding.file, field=finding.field, ctx={
                **finding.ctx, "min_days": int(fact["min_days"]), "call_basis": fact["legal_basis"][ptype]})
