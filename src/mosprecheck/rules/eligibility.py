"""Eligibility and channel: can this case go through MOS on the filing date, who signs it and how,
and does anything bar the voivode from opening it (art. 99)."""

from __future__ import annotations

from collections.abc import Iterator

from ..report.models import Category
from .registry import CheckContext, Finding, rule
from ._helpers import age_on, ground, in_mos_regime, permit_type, unreliable


@rule(
    code="K001",
    name="ground-filed-on-paper-only",
    category=Category.NOT_FILEABLE,
    title="This ground cannot be filed through MOS: it is filed on paper",
    legal_basis="art. 225a ustawy o cudzoziemcach",
    message={
        "pl": "Wniosku na podstawie „{ground}” {condition_pl} nie składa się przez MOS: składa się go w formie "
        "papierowej na dotychczasowych zasadach.",
        "en": "An application on ground '{ground}' {condition_en} is not filed through MOS: it is filed on paper "
        "under the previous rules.",
    },
    remedy={
        "pl": "Złóż wniosek w formie papierowej we właściwym urzędzie wojewódzkim (lub w konsulacie, jeśli "
        "cudzoziemiec jest za granicą), zgodnie z informacją urzędu.",
        "en": "File the application on paper at the competent voivodeship office (or consulate, when the foreigner "
        "is abroad), as the office instructs.",
    },
    needs_application=True,
)
def ground_filed_on_paper_only(c: CheckContext) -> Iterator[Finding]:
    """A closed list of temporary-residence cases (rulebook ``grounds.paper_only``: its permit
    types and grounds) stays on paper after 27 April 2026: intra-corporate transfer (ICT) and its
    long-term mobility always; family reunification and the family of a Polish, EU or UK citizen (including ECHR family life)
    when the foreigner is outside Poland.

    Why it blocks: MOS does not take these cases (O1); the package must go the paper route.
    """
    app = c.application
    rule_ = c.rulebook.value("grounds.paper_only", None)
    grd = ground(app)
    if app is None or rule_ is None or permit_type(app) not in rule_.get("permit_types", ()) or grd is None:
        return
    outside = app.current_stay is not None and app.current_stay.in_poland is False
    sources = c.rulebook.sources("grounds.paper_only")
    if grd in rule_.get("always", []):
        yield Finding(field="/permit/ground", ctx={
            "ground": grd, "condition": "always", "condition_pl": "", "condition_en": "", "sources": sources})
    elif grd in rule_.get("outside_poland", []) and outside:
        yield Finding(field="/current_stay/in_poland", ctx={
            "ground": grd, "condition": "outside_poland", "condition_pl": "przez cudzoziemca przebywającego poza Polską",
            "condition_en": "for a foreigner outside Poland", "sources": sources})


@rule(
    code="K002",
    name="ground-not-for-permit-type",
    category=Category.FORMAL_DEFECT,
    title="The ground does not belong to the permit type applied for",
    legal_basis="art. 64 § 2 KPA",
    message={
        "pl": "Podstawa „{ground}” nie jest podstawą zezwolenia typu „{permit_type}”. Dopuszczalne podstawy: {allowed}.",
        "en": "Ground '{ground}' is not a ground of a '{permit_type}' permit. Allowed grounds: {allowed}.",
    },
    remedy={
        "pl": "Wybierz właściwy rodzaj zezwolenia albo właściwą podstawę (permit.type, permit.ground).",
        "en": "Choose the right permit type or the right ground (permit.type, permit.ground).",
    },
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
    title="No PESEL: the applicant cannot log in to MOS or sign with the trusted profile",
    legal_basis="art. 225a ustawy o cudzoziemcach",
    message={
        "pl": "Wniosek nie podaje numeru PESEL cudzoziemca. Bez numeru PESEL nie można założyć konta w MOS przez "
        "login.gov.pl ani uzyskać profilu zaufanego, więc wniosku nie da się złożyć w MOS.",
        "en": "The application gives no PESEL number. Without a PESEL the applicant cannot open a MOS account through "
        "login.gov.pl or get a trusted profile, so the application cannot be filed in MOS.",
    },
    remedy={
        "pl": "Uzyskaj numer PESEL (wniosek o nadanie numeru PESEL w urzędzie gminy) i wpisz go w applicant.pesel.",
        "en": "Obtain a PESEL number (apply at the municipal office) and enter it in applicant.pesel.",
    },
    needs_application=True,
)
def mos_pesel_missing(c: CheckContext) -> Iterator[Finding]:
    """MOS requires a personal login through login.gov.pl and a trusted profile or qualified
    signature; the trusted profile needs a PESEL (rulebook ``mos.prerequisites``, §4). Only the
    presence of the number is checked here; its checksum and consistency are form-data checks.
    """
    app = c.application
    prereq = c.rulebook.value("mos.prerequisites", None) or {}
    if app is None or not prereq.get("pesel") or not in_mos_regime(c) or unreliable(c, "/applicant/pesel"):
        return
    if not (app.applicant and app.applicant.pesel and app.applicant.pesel.strip()):
        yield Finding(field="/applicant/pesel", ctx={"sources": c.rulebook.sources("mos.prerequisites")})


def _signature_rules(c: CheckContext) -> dict | None:
    if not in_mos_regime(c) or unreliable(c, "/signature"):
        return None
    return c.rulebook.value("signature.accepted_methods", None)


@rule(
    code="K004",
    name="application-unsigned",
    category=Category.NOT_FILEABLE,
    title="The application does not say who signs it and how: an unsigned application does not exist",
    legal_basis="art. 106d ust. 3, art. 203d ust. 3, art. 219d ust. 3 ustawy o cudzoziemcach",
    message={
        "pl": "Opis wniosku nie określa podpisu ({missing}). Niepodpisany wniosek w MOS uważa się za niezłożony "
        "(nieistniejący): nie wywołuje skutków prawnych i nie chroni legalności pobytu.",
        "en": "The description does not state the signature ({missing}). An unsigned MOS application is treated as "
        "never filed (non-existent): it has no legal effect and does not protect the legal stay.",
    },
    remedy={
        "pl": "Wpisz w signature sposób podpisu (method: trusted_profile lub qualified) i osobę podpisującą "
        "(signatory: applicant; dla małoletniego parent lub guardian).",
        "en": "Set signature.method (trusted_profile or qualified) and signature.signatory (applicant; for a minor "
        "parent or guardian).",
    },
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
    title="This signatory cannot sign the MOS application with this kind of signature",
    legal_basis="art. 106d ust. 3, art. 203d ust. 3, art. 219d ust. 3 ustawy o cudzoziemcach",
    message={
        "pl": "Podpis „{method}” nie jest dopuszczalny dla podpisującego „{signatory}”. Dopuszczalne: {accepted}. "
        "Wniosek podpisany w niedopuszczalny sposób uważa się za niezłożony.",
        "en": "A '{method}' signature is not accepted from signatory '{signatory}'. Accepted: {accepted}. An "
        "application signed in a way that is not accepted is treated as never filed.",
    },
    remedy={
        "pl": "Podpisz wniosek profilem zaufanym albo kwalifikowanym podpisem elektronicznym (podpis osobisty "
        "tylko rodzic lub opiekun małoletniego).",
        "en": "Sign with the trusted profile or a qualified electronic signature (the personal signature is for a "
        "minor's parent or guardian only).",
    },
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
    title="The application is signed by someone who cannot sign it",
    legal_basis="art. 106d ust. 3, art. 203d ust. 3, art. 219d ust. 3 ustawy o cudzoziemcach",
    message={
        "pl": "Wniosek podpisuje „{signatory}”, a {reason_pl} Wniosek podpisany przez niewłaściwą osobę uważa się "
        "za niezłożony.",
        "en": "The application is signed by '{signatory}', but {reason_en} An application signed by the wrong person "
        "is treated as never filed.",
    },
    remedy={
        "pl": "Wniosek osoby pełnoletniej podpisuje sam cudzoziemiec; wniosek małoletniego podpisuje rodzic lub "
        "opiekun. Pełnomocnik może pomóc go wypełnić, ale nie może go podpisać.",
        "en": "An adult applicant signs personally; a minor's application is signed by a parent or guardian. A "
        "representative may help fill it in but cannot sign it.",
    },
    needs_application=True,
)
def application_signed_by_wrong_person(c: CheckContext) -> Iterator[Finding]:
    """Who may sign (rulebook ``signature.accepted_signatories``): the adult foreigner personally
    (or the guardian of an incapacitated adult); for a minor (under the rulebook's
    ``signature.age_of_majority`` on the filing date) a parent or guardian; a representative
    (pełnomocnik) never signs the application (O2).
    """
    app = c.application
    accepted = _signature_rules(c)
    if app is None or accepted is None or app.signature is None or app.signature.signatory is None:
        return
    who = app.signature.signatory
    sources = c.rulebook.sources("signature.accepted_methods")
    if who.value not in accepted:
        yield Finding(field="/signature/signatory", ctx={
            "signatory": who.value, "reason": "not_a_signatory", "sources": sources,
            "reason_pl": "ta osoba nie może podpisać wniosku w MOS.",
            "reason_en": "this person cannot sign a MOS application."})
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
            "sources": sources, "reason_pl": f"cudzoziemiec w dniu złożenia ma {age} lat (jest małoletni): za "
            "małoletniego podpisuje rodzic lub opiekun.",
            "reason_en": f"the applicant is {age} on the filing date (a minor): a parent or guardian signs for a minor."})
    else:
        yield Finding(field="/signature/signatory", ctx={
            "signatory": who.value, "reason": "adult_signed_by_parent", "age": age, "age_of_majority": majority,
            "sources": sources, "reason_pl": f"cudzoziemiec w dniu złożenia ma {age} lat (jest pełnoletni) i "
            "podpisuje wniosek sam.",
            "reason_en": f"the applicant is {age} on the filing date (an adult) and signs personally."})


def _bars(c: CheckContext) -> dict:
    return c.rulebook.value("eligibility.bars_to_opening", None) or {}


@rule(
    code="K007",
    name="applicant-outside-poland",
    category=Category.REFUSAL_RISK,
    title="The applicant is outside Poland on the filing date: the voivode refuses to open the case",
    legal_basis="art. 99 ust. 1 / art. 213 ustawy o cudzoziemcach",
    message={
        "pl": "Według opisu cudzoziemiec nie przebywa w Polsce w dniu złożenia wniosku ({permit_type}). Wojewoda "
        "odmawia wszczęcia postępowania, gdy cudzoziemiec przebywa poza terytorium RP.",
        "en": "According to the description the applicant is not in Poland on the filing date ({permit_type}). The "
        "voivode refuses to open the case when the foreigner is outside Poland.",
    },
    remedy={
        "pl": "Złóż wniosek, gdy cudzoziemiec będzie przebywał w Polsce, albo skorzystaj z procedury wizowej "
        "w konsulacie.",
        "en": "File when the applicant is in Poland, or use the visa procedure at a consulate.",
    },
    needs_application=True,
)
def applicant_outside_poland(c: CheckContext) -> Iterator[Finding]:
    """Art. 99 ust. 1 (temporary residence) and art. 213 (long-term EU resident): the case is not
    opened when the foreigner is outside Poland on the filing date (rulebook
    ``eligibility.bars_to_opening``). The family grounds that may be filed from abroad (on paper,
    K001) are excepted.
    """
    app = c.application
    bar = _bars(c).get("outside_poland")
    ptype = permit_type(app)
    if app is None or bar is None or ptype not in bar["permit_types"]:
        return
    if app.current_stay is None or app.current_stay.in_poland is not False:
        return
    if ground(app) in bar.get("except_grounds", []):
        return
    yield Finding(field="/current_stay/in_poland", ctx={
        "permit_type": ptype, "legal_basis": bar["legal_basis"],
        "sources": c.rulebook.sources("eligibility.bars_to_opening")})


def _basis_bar(c: CheckContext, name: str) -> Iterator[Finding]:
    app = c.application
    bar = _bars(c).get(name)
    ptype = permit_type(app)
    if app is None or bar is None or ptype not in bar["permit_types"] or app.current_stay is None:
        return
    basis = app.current_stay.basis_of_stay
    if basis is not None and basis.value in bar["bases_of_stay"]:
        yield Finding(field="/current_stay/basis_of_stay", ctx={
            "basis_of_stay": basis.value, "permit_type": ptype, "legal_basis": bar["legal_basis"],
            "sources": c.rulebook.sources("eligibility.bars_to_opening")})


@rule(
    code="K008",
    name="applicant-holds-permanent-status",
    category=Category.REFUSAL_RISK,
    title="The applicant already holds a permanent-residence or long-term-resident permit",
    legal_basis="art. 99 ust. 1 ustawy o cudzoziemcach",
    message={
        "pl": "Cudzoziemiec przebywa w Polsce na podstawie „{basis_of_stay}”. Wojewoda odmawia wszczęcia "
        "postępowania w sprawie zezwolenia na pobyt czasowy cudzoziemca, który ma już zezwolenie na pobyt stały "
        "lub rezydenta długoterminowego UE.",
        "en": "The applicant stays in Poland on '{basis_of_stay}'. The voivode refuses to open a temporary-residence "
        "case for a foreigner who already holds a permanent-residence or long-term EU resident permit.",
    },
    remedy={
        "pl": "Sprawdź podstawę obecnego pobytu; posiadacz takiego zezwolenia nie potrzebuje zezwolenia na pobyt "
        "czasowy (np. do pracy).",
        "en": "Check the basis of the current stay; the holder of such a permit does not need a temporary-residence "
        "permit (e.g. to work).",
    },
    needs_application=True,
)
def applicant_holds_permanent_status(c: CheckContext) -> Iterator[Finding]:
    """Art. 99 ust. 1: a temporary-residence case is not opened for the holder of a permanent-
    residence or long-term-resident permit (rulebook ``eligibility.bars_to_opening``)."""
    yield from _basis_bar(c, "holds_permanent_status")


@rule(
    code="K009",
    name="applicant-in-protection-procedure",
    category=Category.REFUSAL_RISK,
    title="The applicant is applying for international protection",
    legal_basis="art. 99 ust. 1 ustawy o cudzoziemcach",
    message={
        "pl": "Cudzoziemiec przebywa w Polsce w związku z postępowaniem o udzielenie ochrony międzynarodowej. "
        "Wojewoda odmawia wszczęcia postępowania w sprawie zezwolenia na pobyt czasowy w czasie takiego "
        "postępowania.",
        "en": "The applicant stays in Poland in connection with an application for international protection. The "
        "voivode refuses to open a temporary-residence case while such proceedings are pending.",
    },
    remedy={
        "pl": "Zasięgnij porady prawnej: wniosek o zezwolenie na pobyt czasowy można złożyć dopiero po zakończeniu "
        "postępowania o ochronę.",
        "en": "Seek legal advice: a temporary-residence application can be filed only once the protection "
        "proceedings have ended.",
    },
    needs_application=True,
)
def applicant_in_protection_procedure(c: CheckContext) -> Iterator[Finding]:
    """Art. 99 ust. 1: no temporary-residence case is opened while the foreigner applies for
    international protection (rulebook ``eligibility.bars_to_opening``)."""
    yield from _basis_bar(c, "protection_procedure")


@rule(
    code="K010",
    name="paper-regime-on-filing-date",
    category=Category.ADVISORY,
    title="On the filing date applications were filed on paper, not through MOS",
    legal_basis="art. 225a ustawy o cudzoziemcach",
    message={
        "pl": "W dniu {filing_date} wnioski składano w formie papierowej (formularz według wzoru {form_model}, "
        "{photos} fotografie); obowiązek składania przez MOS obowiązuje od {mos_from}. Wymagania dotyczące MOS "
        "(PESEL, podpis elektroniczny, sprawy tylko papierowe) nie zostały sprawdzone.",
        "en": "On {filing_date} applications were filed on paper (form model {form_model}, {photos} photographs); "
        "filing through MOS is mandatory from {mos_from}. The MOS requirements (PESEL, electronic signature, "
        "paper-only cases) were not checked.",
    },
    remedy={
        "pl": "Jeśli wniosek zostanie złożony od {mos_from}, podaj tę datę w filing_date (lub --as-of), aby "
        "sprawdzić go według zasad MOS.",
        "en": "If the application will be filed on or after {mos_from}, give that date as filing_date (or --as-of) "
        "to check it under the MOS rules.",
    },
    needs_application=True,
)
def paper_regime_on_filing_date(c: CheckContext) -> Iterator[Finding]:
    """Until 26 April 2026 applications were filed on paper; MOS became the only channel on
    27 April 2026 (rulebook ``channel.regime``). For an earlier filing date the MOS prerequisites
    do not apply, and the report says so once.
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
    title="CUKR applications cannot be filed yet on the filing date",
    legal_basis="ustawa z 12 marca 2022 r. o pomocy obywatelom Ukrainy",
    message={
        "pl": "Wniosków o kartę CUKR nie można składać w dniu {filing_date}: MOS przyjmuje je od {open_from}.",
        "en": "CUKR applications cannot be filed on {filing_date}: MOS takes them from {open_from}.",
    },
    remedy={
        "pl": "Złóż wniosek w MOS od {open_from} i popraw filing_date.",
        "en": "File in MOS on or after {open_from} and correct filing_date.",
    },
    needs_application=True,
)
def cukr_not_yet_open(c: CheckContext) -> Iterator[Finding]:
    """The CUKR card for former temporary-protection holders from Ukraine can be applied for in MOS
    from 4 May 2026 (rulebook ``channel.cukr_open``, X2)."""
    if ground(c.application) != "cukr" or c.rulebook.value("channel.cukr_open", None):
        return
    opening = c.rulebook.first_value("channel.cukr_open", bool)
    yield Finding(field="/permit/ground", ctx={
        "filing_date": c.filing_date, "open_from": opening.effective_from if opening else None,
        "sources": list(opening.sources) if opening else []})
