"""Eligibility and channel: can this case go through MOS on the filing date, who signs it and how,
and does anything bar the voivode from opening it (art. 99, 196, 213)."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from ..case.helpers import age_on, bars_to_opening, ground, in_mos_regime, permit_type, unreliable
from ..findings import Category
from .registry import CheckContext, Finding, rule


@rule(
    code="K001",
    name="ground-filed-on-paper-only",
    category=Category.NOT_FILEABLE,
    reads=("form.paper_photo_count", "form.temporary_residence_model", "grounds.paper_only"),
    title="This case is not filed through MOS: it is filed on paper, by the host entity or the family member "
    "in Poland",
    legal_basis="art. 106c ust. 5, art. 106k ust. 1, art. 106l ust. 1 ustawy o cudzoziemcach",
    needs_application=True,
)
def ground_filed_on_paper_only(c: CheckContext) -> Iterator[Finding]:
    """A closed list of temporary-residence cases (rulebook ``grounds.paper_only``: its permit
    types, grounds, filers and provisions) stays on paper after MOS became the only channel: the
    intra-corporate transfer (ICT) and its long-term mobility always, filed by the host entity
    (art. 106k ust. 1); family reunification and the family member of a Polish, EU, EEA, Swiss or
    UK citizen (including ECHR family life) when the foreigner is outside Poland, filed by the
    family member living in Poland (art. 106l ust. 1, 168, 168a). The paper application takes the
    rulebook's ``form.paper_photo_count`` photographs (§ 5 of the form regulation).

    Why it blocks: a temporary-residence application filed otherwise than through MOS is left
    unexamined except in these cases (art. 106c ust. 5), and MOS does not take them: the package
    must go the paper route, filed by someone else. The spouse of a Polish citizen is not on the
    list: from abroad that case is barred (K007).
    """
    app = c.application
    rule_ = c.rulebook.value("grounds.paper_only", None)
    grd = ground(app)
    if app is None or rule_ is None or permit_type(app) not in rule_.get("permit_types", ()) or grd is None:
        return
    outside = app.current_stay is not None and app.current_stay.in_poland is False
    if grd in rule_.get("always", []):
        field, condition = "/permit/ground", "always"
    elif grd in rule_.get("outside_poland", []) and outside:
        field, condition = "/current_stay/in_poland", "outside_poland"
    else:
        return
    filed_by = (rule_.get("filed_by") or {}).get(grd)
    basis = (rule_.get("legal_basis") or {}).get(grd)
    yield Finding(field=field, legal_basis=basis or None, ctx={
        "ground": grd, "condition": condition, "filed_by": filed_by,  # K001.condition.<id>, K001.filed_by.<id>
        "legal_basis": basis,
        "form_model": c.rulebook.value("form.temporary_residence_model", None),
        "photos": c.rulebook.value("form.paper_photo_count", None),
        "sources": _merged(c, "grounds.paper_only", "form.paper_photo_count", "form.temporary_residence_model")})


def _merged(c: CheckContext, *keys: str) -> list[str]:
    """The sources of several facts, each once, in order."""
    out: list[str] = []
    for key in keys:
        out += [s for s in c.rulebook.sources(key) if s not in out]
    return out


@rule(
    code="K002",
    name="ground-not-for-permit-type",
    category=Category.FORMAL_DEFECT,
    reads=("grounds.permit_types",),
    title="The ground does not belong to the permit type applied for",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def ground_not_for_permit_type(c: CheckContext) -> Iterator[Finding]:
    """Each permit type has its own grounds (rulebook ``grounds.permit_types``); MOS offers only
    those in its drop-down, so a combination outside the list describes an application that cannot
    be filled in, and none of the ground's requirements can be checked.
    """
    ptype, grd = permit_type(c.application), ground(c.application)
    table = c.rulebook.value("grounds.permit_types", None)
    if not ptype or not grd or table is None or ptype not in table:
        return
    if grd not in table[ptype]:
        yield Finding(field="/permit/ground", ctx={"ground": grd, "permit_type": ptype, "allowed": list(table[ptype]),
                                                  "sources": c.rulebook.sources("grounds.permit_types")})


@rule(
    code="K003",
    name="mos-pesel-missing",
    category=Category.NOT_FILEABLE,
    reads=("channel.regime", "mos.prerequisites"),
    title="No PESEL: the applicant filing himself cannot open a MOS account or sign with the trusted profile",
    legal_basis="art. 225b ust. 3 pkt 6 ustawy o cudzoziemcach",
    needs_application=True,
)
def mos_pesel_missing(c: CheckContext) -> Iterator[Finding]:
    """MOS takes an application only from an individual account, and the account holder gives his
    own PESEL (rulebook ``mos.prerequisites``, art. 225b ust. 3 pkt 6). The applicant's PESEL is
    therefore needed unless the application is filed from the account of someone else: a minor's
    or an incapacitated person's application is filed by the parent, guardian or court guardian
    from his own account (art. 225b ust. 1 pkt 2-4, rulebook ``other_account_holders``), whose
    PESEL the description does not hold, so a minor without a PESEL filed by a parent is fileable. Only the presence of
    the number is checked here; its checksum and consistency are form-data checks.
    """
    app = c.application
    prereq = c.rulebook.value("mos.prerequisites", None) or {}
    if app is None or not prereq.get("pesel") or not in_mos_regime(c) or unreliable(c, "/applicant/pesel"):
        return
    who = app.signature.signatory if app.signature else None
    if who is not None and who.value in (prereq.get("other_account_holders") or ()):
        return
    if not (app.applicant and app.applicant.pesel and app.applicant.pesel.strip()):
        yield Finding(field="/applicant/pesel", legal_basis=prereq.get("legal_basis") or None, ctx={
            "legal_basis": prereq.get("legal_basis"), "sources": c.rulebook.sources("mos.prerequisites")})


def _signature_rules(c: CheckContext) -> dict | None:
    if not in_mos_regime(c) or unreliable(c, "/signature"):
        return None
    return c.rulebook.value("signature.accepted_methods", None)


@rule(
    code="K004",
    name="application-unsigned",
    category=Category.NOT_FILEABLE,
    reads=("channel.regime", "signature.accepted_methods"),
    title="The application does not say who signs it and how: an unsigned application does not exist",
    legal_basis="art. 106d ust. 3, art. 203d ust. 3, art. 219d ust. 3 ustawy o cudzoziemcach",
    needs_application=True,
)
def application_unsigned(c: CheckContext) -> Iterator[Finding]:
    """The MOS application is signed electronically by the foreigner (or a minor's parent or
    guardian); without a stated method and signatory it cannot be filed.

    Why it blocks: art. 106d ust. 3 (and 203d, 219d for permanent and long-term-resident permits):
    an application not signed, or signed by the wrong person, is treated as not filed at all; it is
    not a curable formal defect (O2).
    """
    app = c.application
    if app is None or _signature_rules(c) is None:
        return
    sig = app.signature
    missing = [name for name, value in (("method", sig.method if sig else None),
                                         ("signatory", sig.signatory if sig else None)) if value is None]
    if missing:
        yield Finding(field="/signature" if sig is None else f"/signature/{missing[0]}",
                      ctx={"missing": missing, "sources": c.rulebook.sources("signature.accepted_methods")})


@rule(
    code="K005",
    name="signature-method-not-accepted",
    category=Category.NOT_FILEABLE,
    reads=("channel.regime", "signature.accepted_methods"),
    title="This signatory cannot sign the MOS application with this kind of signature",
    legal_basis="art. 106d ust. 3, art. 203d ust. 3, art. 219d ust. 3 ustawy o cudzoziemcach",
    needs_application=True,
)
def signature_method_not_accepted(c: CheckContext) -> Iterator[Finding]:
    """The applicant signs with the trusted profile (podpis zaufany) or a qualified electronic
    signature; the personal signature (e-ID) is accepted only from a parent or guardian signing for
    a minor or incapacitated person (rulebook ``signature.accepted_methods``, O2; see §14 X-7).
    A signatory who may not sign at all is K006.
    """
    app = c.application
    accepted = _signature_rules(c)
    if app is None or accepted is None or app.signature is None:
        return
    sig = app.signature
    if sig.method is None or sig.signatory is None or sig.signatory.value not in accepted:
        return
    allowed = list(accepted[sig.signatory.value])
    if sig.method.value not in allowed:
        yield Finding(field="/signature/method", ctx={
            "method": sig.method.value, "signatory": sig.signatory.value, "accepted": allowed,
            "sources": c.rulebook.sources("signature.accepted_methods")})


@rule(
    code="K006",
    name="application-signed-by-wrong-person",
    category=Category.NOT_FILEABLE,
    reads=("channel.regime", "signature.accepted_methods", "signature.accepted_signatories",
           "signature.age_of_majority"),
    title="The application is signed by someone who cannot sign it",
    legal_basis="art. 106d ust. 3, art. 203d ust. 3, art. 219d ust. 3 ustawy o cudzoziemcach",
    needs_application=True,
)
def application_signed_by_wrong_person(c: CheckContext) -> Iterator[Finding]:
    """Who may sign (rulebook ``signature.accepted_signatories``, art. 105 ust. 2 and 106d ust. 3):
    the adult foreigner personally, or the guardian (opiekun) of a fully incapacitated adult; for a
    minor (under the rulebook's ``signature.age_of_majority`` on the filing date) one of the parents
    or guardians, or the court guardian (kurator) of an unaccompanied minor; a court guardian never
    signs for an adult, and a representative (pełnomocnik) never signs the application.
    """
    app = c.application
    accepted = _signature_rules(c)
    if app is None or accepted is None or app.signature is None or app.signature.signatory is None:
        return
    who = app.signature.signatory
    sources = c.rulebook.sources("signature.accepted_methods")
    if who.value not in accepted:
        yield Finding(field="/signature/signatory", ctx={
            "signatory": who.value, "reason": "not_a_signatory", "sources": sources})
        return
    born = app.applicant.date_of_birth if app.applicant else None
    majority = c.rulebook.value("signature.age_of_majority", None)
    by_age = c.rulebook.value("signature.accepted_signatories", None)
    if born is None or majority is None or by_age is None:
        return
    age = age_on(born, c.filing_date)
    minor = age < majority
    if who.value in by_age["minor" if minor else "adult"]:
        return
    sources += [s for s in c.rulebook.sources("signature.accepted_signatories") if s not in sources]
    if minor:
        yield Finding(field="/signature/signatory", ctx={
            "signatory": who.value, "reason": "minor_signs", "age": age, "age_of_majority": majority,
            "sources": sources})
    elif who.value == "court_guardian":
        yield Finding(field="/signature/signatory", ctx={
            "signatory": who.value, "reason": "adult_signed_by_court_guardian", "age": age,
            "age_of_majority": majority, "sources": sources})
    else:
        yield Finding(field="/signature/signatory", ctx={
            "signatory": who.value, "reason": "adult_signed_by_parent", "age": age, "age_of_majority": majority,
            "sources": sources})


def _barring(c: CheckContext, names: Collection[str] | None) -> Iterator[tuple[dict, object]]:
    """(bar, value found) for each bar of the permit type applied for that the description reveals
    and no exception lifts (``case.helpers.bars_to_opening``); only the bars in ``names``, or
    (``names`` None) every bar no other rule reports."""
    return bars_to_opening(c, names, skip=_NAMED_BARS if names is None else ())


def _bar_findings(c: CheckContext, names: Collection[str] | None) -> Iterator[Finding]:
    ptype = permit_type(c.application)
    for bar, found in _barring(c, names):
        ctx = {"bar": bar["bar"], "permit_type": ptype, "legal_basis": bar.get("legal_basis"),
               "sources": c.rulebook.sources("eligibility.bars_to_opening")}
        if bar["field"] == "/current_stay/basis_of_stay":
            ctx["basis_of_stay"] = found
        if bar.get("before_filing_date"):
            ctx["legal_stay_until"], ctx["filing_date"] = found, c.filing_date
        yield Finding(field=bar["field"], legal_basis=bar.get("legal_basis") or None, ctx=ctx)


@rule(
    code="K007",
    name="applicant-outside-poland",
    category=Category.NOT_FILEABLE,
    reads=("eligibility.bars_to_opening", "signature.age_of_majority"),
    title="The applicant is outside Poland on the filing date: the voivode refuses to open the case",
    legal_basis="art. 99 ust. 1 pkt 10, art. 196 ust. 1 pkt 6, art. 213 ust. 1 pkt 7 ustawy o cudzoziemcach",
    needs_application=True,
)
def applicant_outside_poland(c: CheckContext) -> Iterator[Finding]:
    """The case is not opened when the foreigner is outside Poland on the filing date (rulebook
    ``eligibility.bars_to_opening``, bar ``outside_poland``): art. 99 ust. 1 pkt 10 (temporary
    residence), art. 196 ust. 1 pkt 6 (permanent residence), art. 213 ust. 1 pkt 7 (long-term EU
    resident). Art. 99 ust. 2 excepts the family cases filed from abroad on paper by the family
    member in Poland (art. 168, 168a; K001); the spouse of a Polish citizen is not excepted.

    Why it blocks: an application the office refuses to open (odmowa wszczęcia postępowania) is
    never examined; until 21 November 2026 this code was a refusal risk, a legal error.
    """
    yield from _bar_findings(c, {"outside_poland"})


@rule(
    code="K008",
    name="applicant-holds-permanent-status",
    category=Category.NOT_FILEABLE,
    reads=("eligibility.bars_to_opening", "signature.age_of_majority"),
    title="The applicant already holds a permit that bars this case (permanent residence or long-term resident)",
    legal_basis="art. 99 ust. 1 pkt 1, art. 196 ust. 1 pkt 1 lit. d ustawy o cudzoziemcach",
    needs_application=True,
)
def applicant_holds_permanent_status(c: CheckContext) -> Iterator[Finding]:
    """A temporary-residence case is not opened for the holder of a permanent-residence or
    long-term-resident permit (art. 99 ust. 1 pkt 1), nor a permanent-residence case for a
    foreigner staying on a long-term-resident permit (art. 196 ust. 1 pkt 1 lit. d; rulebook
    ``eligibility.bars_to_opening``, bar ``holds_permanent_status``).

    Why it blocks: the office refuses to open the case; until 21 November 2026 this code was a
    refusal risk, a legal error."""
    yield from _bar_findings(c, {"holds_permanent_status"})


@rule(
    code="K009",
    name="applicant-in-protection-procedure",
    category=Category.NOT_FILEABLE,
    reads=("eligibility.bars_to_opening", "signature.age_of_majority"),
    title="The applicant is applying for international protection or asylum",
    legal_basis="art. 99 ust. 1 pkt 5, art. 213 ust. 1 pkt 1 lit. f ustawy o cudzoziemcach",
    needs_application=True,
)
def applicant_in_protection_procedure(c: CheckContext) -> Iterator[Finding]:
    """No temporary-residence or long-term-resident case is opened while the foreigner applies for
    international protection or asylum (art. 99 ust. 1 pkt 5, art. 213 ust. 1 pkt 1 lit. f;
    rulebook ``eligibility.bars_to_opening``, bar ``protection_procedure``).

    Why it blocks: the office refuses to open the case; until 21 November 2026 this code was a
    refusal risk, a legal error."""
    yield from _bar_findings(c, {"protection_procedure"})


#: The bars K007, K008 and K009 report; K012 reports every other bar of the rulebook.
_NAMED_BARS = frozenset({"outside_poland", "holds_permanent_status", "protection_procedure"})


@rule(
    code="K012",
    name="case-not-opened",
    category=Category.NOT_FILEABLE,
    reads=("eligibility.bars_to_opening", "signature.age_of_majority"),
    title="On the filing date the applicant is in a situation in which the voivode refuses to open the case",
    legal_basis="art. 99 ust. 1, art. 196 ust. 1, art. 213 ust. 1 ustawy o cudzoziemcach",
    needs_application=True,
)
def case_not_opened(c: CheckContext) -> Iterator[Finding]:
    """Every other bar to opening the case that the description can show (rulebook
    ``eligibility.bars_to_opening``; K007-K009 report their own): for temporary residence
    art. 99 ust. 1 pkt 2-4 and 6-9 (a Schengen visa of art. 60 ust. 1 pkt 23, an art. 181 permit,
    tolerated or humanitarian stay, asylum, subsidiary or temporary protection, refugee status,
    detention or imprisonment, a running return deadline, the duty to leave of art. 299 ust. 6);
    for permanent residence art. 196 ust. 1 pkt 1 lit. a-c and 2-5 with the exceptions of ust. 2-4;
    for the long-term EU resident art. 213 ust. 1 pkt 1 lit. a-e, g, h and pkt 2-6 (illegal stay,
    studies, education, protection statuses, ICT and art. 181 permits, local border traffic,
    posted workers, detention, return); and the bars of a ground's own list the description can
    show (art. 116 pkt 1 posted worker for the single permit, art. 139e pkt 2 lit. f a first ICT
    permit for a foreigner in Poland, art. 131 pkt 8 for the Blue Card,
    which replaces art. 99 ust. 1 pkt 4; art. 182 lifts pkt 2, 3 and 6-8 for the art. 181
    permit). For both, illegal stay is also a last day of legal stay
    (``legal_stay_until``) before the filing date of an applicant in Poland. Each finding names the
    exact point (ctx ``legal_basis``).

    Why it blocks: the office refuses to open the case (odmowa wszczęcia postępowania); nothing is
    examined and the application protects no stay.
    """
    for finding in _bar_findings(c, None):
        ctx = dict(finding.ctx)
        ctx["ground"] = ground(c.application)
        for lang in ("pl", "en"):
            text = ctx.get(f"bar_{lang}")
            if text:
                ctx[f"bar_{lang}"] = text.format(
                    basis_of_stay=ctx.get("basis_of_stay"), ground=ctx["ground"],
                    legal_stay_until=ctx.get("legal_stay_until"), filing_date=ctx.get("filing_date"))
        yield Finding(field=finding.field, legal_basis=finding.legal_basis, ctx=ctx)


@rule(
    code="K010",
    name="paper-regime-on-filing-date",
    category=Category.ADVISORY,
    reads=("channel.regime", "form.paper_photo_count", "form.temporary_residence_model"),
    title="On the filing date applications were filed on paper, not through MOS",
    legal_basis="art. 106c ust. 1, art. 203c ust. 1, art. 219c ust. 1 ustawy o cudzoziemcach",
    needs_application=True,
)
def paper_regime_on_filing_date(c: CheckContext) -> Iterator[Finding]:
    """Applications were filed on paper until MOS became the only channel (rulebook
    ``channel.regime``, from the day its value is ``mos``). For an earlier filing date the MOS
    prerequisites do not apply, and the report says so once.
    """
    if c.rulebook.value("channel.regime", None) != "paper":
        return
    mos_from = c.rulebook.starts_on("channel.regime", lambda regime: regime == "mos")
    yield Finding(ctx={
        "filing_date": c.filing_date, "mos_from": mos_from,
        "form_model": c.rulebook.value("form.temporary_residence_model", None),
        "photos": c.rulebook.value("form.paper_photo_count", None),
        "sources": c.rulebook.sources("channel.regime") + c.rulebook.sources("form.temporary_residence_model")})


@rule(
    code="K011",
    name="cukr-not-yet-open",
    category=Category.NOT_FILEABLE,
    reads=("channel.cukr_open",),
    title="CUKR applications cannot be filed yet on the filing date",
    legal_basis="ustawa z 12 marca 2022 r. o pomocy obywatelom Ukrainy",
    needs_application=True,
)
def cukr_not_yet_open(c: CheckContext) -> Iterator[Finding]:
    """The CUKR card for former temporary-protection holders from Ukraine can be applied for in MOS
    from the day the rulebook's ``channel.cukr_open`` starts (X2)."""
    if ground(c.application) != "cukr" or c.rulebook.value("channel.cukr_open", None):
        return
    opening = c.rulebook.first_value("channel.cukr_open", bool)
    yield Finding(field="/permit/ground", ctx={
        "filing_date": c.filing_date, "open_from": opening.effective_from if opening else None,
        "sources": list(opening.sources) if opening else []})
