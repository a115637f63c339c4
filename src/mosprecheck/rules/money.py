"""Money: the fees to pay and their proofs (stamp duty, card fee, power of attorney), the income
threshold, and the Annex 1 salary against the minimum wage. Every amount comes from the rulebook."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..application.models import Application
from ..report.models import Category, FeeItem
from .registry import CheckContext, Finding, rule
from ..i18n.values import complete_labels
from ._form import application_data, resolve
from ._helpers import declared_kinds, ground, kinds_label, memo, permit_type, unreliable


@dataclass(frozen=True)
class StampDuty:
    """The stamp duty of this application on the filing date."""

    status: str  # "due", "exempt" or "unknown"
    amount: float | None = None
    by_point: dict[str, float] | None = None  # art. 181 ust. 1 sub-cases the form does not tell apart
    exemption: str | None = None


def _not_established(c: CheckContext) -> bool:
    return ground(c.application) in (c.rulebook.value("fees.not_established", None) or [])


def _exemption(c: CheckContext) -> str | None:
    """The exemption reason that applies to this permit type, if any: the one claimed in
    ``fees.stamp_duty_exemption``, else one whose ``applies_when`` values the description holds
    (rulebook ``fees.stamp_duty_exemptions``)."""
    app = c.application
    ptype = permit_type(app)
    table = c.rulebook.value("fees.stamp_duty_exemptions", None) or {}
    data = application_data(c)
    claimed = []
    if app and app.fees and app.fees.stamp_duty_exemption:
        claimed.append(app.fees.stamp_duty_exemption.value)
    for reason, exemption in table.items():
        when = exemption.get("applies_when") or {}
        if when and all(resolve(data, pointer) == value for pointer, value in when.items()):
            claimed.append(reason)
    return next((r for r in claimed if r in table and ptype in table[r]["permit_types"]), None)


def stamp_duty(c: CheckContext) -> StampDuty:
    """What the stamp duty is for the declared permit type and ground on the filing date (computed
    once per check)."""
    return memo(c, stamp_duty, _stamp_duty)


def _stamp_duty(c: CheckContext) -> StampDuty:
    app = c.application
    ptype, grd = permit_type(app), ground(app)
    table = c.rulebook.value("fees.stamp_duty", None)
    if app is None or table is None or not ptype or not grd or _not_established(c):
        return StampDuty("unknown")
    amount = table.get(ptype, {}).get(grd)
    if amount is None:
        return StampDuty("unknown")
    reason = _exemption(c)
    if reason:
        return StampDuty("exempt", amount=0.0, exemption=reason)
    if isinstance(amount, dict):
        return StampDuty("due", by_point={k: float(v) for k, v in amount.items()})
    return StampDuty("due", amount=float(amount))


def _reduction(c: CheckContext) -> tuple[str, dict[str, Any]] | None:
    app = c.application
    rule_ = c.rulebook.value("fees.card_fee_reduction", None)
    if app is None or rule_ is None or app.fees is None or app.fees.card_fee_reduction is None:
        return None
    reason = app.fees.card_fee_reduction.value
    return (reason, rule_) if reason in rule_["proofs"] else None


def _representative_named(app: Application | None) -> bool:
    rep = app.representative if app else None
    return rep is not None and any(v not in (None, "") for v in rep.model_dump().values())


def fees_due(c: CheckContext) -> list[FeeItem]:
    """Every fee to pay for this application, in a fixed order: stamp duty, card fee, power of
    attorney (computed once per check: M002, M003 and the report summary share it)."""
    return list(memo(c, fees_due, _fees_due))


def _fees_due(c: CheckContext) -> tuple[FeeItem, ...]:
    app = c.application
    if app is None:
        return ()
    items: list[FeeItem] = []
    duty = stamp_duty(c)
    duty_basis = c.rulebook.value("fees.stamp_duty_legal_basis", None) or {}
    if permit_type(app) and ground(app):
        src = c.rulebook.sources("fees.stamp_duty")
        pay_pl, pay_en = duty_basis.get("paid_to_pl", ""), duty_basis.get("paid_to_en", "")
        if duty.status == "exempt":
            label = complete_labels("stamp_duty_exempt", {
                "pl": f"Opłata skarbowa za udzielenie zezwolenia: zwolnienie ({duty.exemption})",
                "en": f"Stamp duty for the permit: exempt ({duty.exemption})"}, exemption=duty.exemption)
        elif duty.by_point:
            alts = "; ".join(f"{k}: {v:g} zł" for k, v in duty.by_point.items())
            label = complete_labels("stamp_duty_by_case", {
                "pl": f"Opłata skarbowa za udzielenie zezwolenia, zależnie od przypadku ({alts}); wpłata: {pay_pl}",
                "en": f"Stamp duty for the permit, depending on the case ({alts}); paid to: {pay_en}"},
                alternatives=alts, paid_to=pay_en)
        elif duty.status == "unknown":
            label = complete_labels("stamp_duty_unknown", {
                "pl": "Opłata skarbowa za udzielenie zezwolenia: kwoty nie ustalono w źródłach",
                "en": "Stamp duty for the permit: no source states the amount"})
        else:
            label = complete_labels("stamp_duty", {
                "pl": f"Opłata skarbowa za udzielenie zezwolenia; wpłata: {pay_pl}",
                "en": f"Stamp duty for the permit; paid to: {pay_en}"}, paid_to=pay_en)
        items.append(FeeItem(item="stamp_duty", label=label, amount_pln=duty.amount,
                             legal_basis=duty_basis.get("legal_basis"), sources=src))
    if _not_established(c):
        items.append(FeeItem(item="card_fee", label=complete_labels("card_fee_not_established", {
            "pl": "Opłata za wydanie karty pobytu: w źródłach nie ustalono, czy jest pobierana",
            "en": "Residence-card fee: no source states whether it is charged"}), amount_pln=None,
            sources=c.rulebook.sources("fees.not_established")))
    elif permit_type(app):
        card = c.rulebook.value("fees.card_fee", None)
        if card is not None:
            amount = float(card["amount"])
            label = complete_labels("card_fee", {
                "pl": f"Opłata za wydanie karty pobytu; wpłata: {card['paid_to_pl']}",
                "en": f"Residence-card fee; paid to: {card['paid_to_en']}"}, paid_to=card["paid_to_en"])
            basis = card["legal_basis"]
            reduction = _reduction(c)
            if reduction:
                reason, rule_ = reduction
                amount = amount * (1 - float(rule_["rate"]))
                label = complete_labels("card_fee_reduced", {
                    "pl": f"Opłata za wydanie karty pobytu; wpłata: {card['paid_to_pl']}"
                    f" (obniżona o {float(rule_['rate']):.0%}: {reason})",
                    "en": f"Residence-card fee; paid to: {card['paid_to_en']}"
                    f" (reduced by {float(rule_['rate']):.0%}: {reason})"},
                    paid_to=card["paid_to_en"], rate=f"{float(rule_['rate']):.0%}", reason=reason)
                basis = f"{basis}; {rule_['legal_basis']}"
            items.append(FeeItem(item="card_fee", label=label, amount_pln=amount, legal_basis=basis,
                                 sources=c.rulebook.sources("fees.card_fee")))
    poa = c.rulebook.value("fees.power_of_attorney", None)
    if poa is not None and _representative_named(app):
        items.append(FeeItem(item="power_of_attorney", label=complete_labels("power_of_attorney", {
            "pl": "Opłata skarbowa od pełnomocnictwa", "en": "Stamp duty on the power of attorney"}),
            amount_pln=float(poa["amount"]), legal_basis=poa["legal_basis"],
            sources=c.rulebook.sources("fees.power_of_attorney")))
    return tuple(items)


@rule(
    code="M001",
    name="stamp-duty-proof-missing",
    category=Category.FORMAL_DEFECT,
    title="Proof of the stamp duty payment is not attached",
    legal_basis="art. 261 § 2 KPA",
    message={
        "pl": "Do wniosku nie dołączono dowodu zapłaty opłaty skarbowej ({amount_pl}). Urząd wezwie do jej "
        "uiszczenia w terminie 7-14 dni, a po jego upływie zwróci wniosek.",
        "en": "No proof of the stamp duty payment ({amount_en}) is attached. The office will call for payment within "
        "7-14 days and return the application after that.",
    },
    remedy={
        "pl": "Zapłać opłatę skarbową na rachunek urzędu miasta, w którym ma siedzibę wojewoda, i dołącz potwierdzenie "
        "przelewu (kind \"stamp_duty_proof\").",
        "en": "Pay the stamp duty to the city office of the city where the voivode sits and attach the transfer "
        "confirmation (kind \"stamp_duty_proof\").",
    },
    needs_application=True,
)
def stamp_duty_proof_missing(c: CheckContext) -> Iterator[Finding]:
    """The stamp duty for the permit (rulebook ``fees.stamp_duty``: 440, 340, 170, 85 or 640 zł by
    ground; Karta Polaka holders and asylum holders exempt for permanent residence) is paid in
    advance and its proof attached.

    Why the office objects: unpaid stamp duty leads to a summons to pay within 7-14 days and then
    to the return of the application (zwrot podania, art. 261 § 2 KPA; O4).
    """
    duty = stamp_duty(c)
    if unreliable(c, "/documents") or duty.status != "due" or "stamp_duty_proof" in declared_kinds(c.application):
        return
    if duty.by_point:
        alts = ", ".join(f"{v:g} zł ({k})" for k, v in duty.by_point.items())
        amount_pl = amount_en = alts
    else:
        amount_pl = amount_en = f"{duty.amount:g} zł"
    yield Finding(field="/documents", ctx={
        "amount_pln": duty.amount, "by_point": duty.by_point, "amount_pl": amount_pl, "amount_en": amount_en,
        "ground": ground(c.application), "sources": c.rulebook.sources("fees.stamp_duty")})


@rule(
    code="M002",
    name="card-fee-proof-missing",
    category=Category.FORMAL_DEFECT,
    title="Proof of the residence-card fee payment is not attached",
    legal_basis="art. 239 ust. 1 ustawy o cudzoziemcach; art. 64 § 2 KPA",
    message={
        "pl": "Do wniosku nie dołączono dowodu zapłaty opłaty za wydanie karty pobytu ({amount_pln:n} zł).",
        "en": "No proof of the residence-card fee payment ({amount_pln:n} zł) is attached.",
    },
    remedy={
        "pl": "Zapłać opłatę na rachunek urzędu wojewódzkiego i dołącz potwierdzenie przelewu (kind "
        "\"card_fee_proof\").",
        "en": "Pay the fee to the voivodeship office's account and attach the transfer confirmation (kind "
        "\"card_fee_proof\").",
    },
    needs_application=True,
)
def card_fee_proof_missing(c: CheckContext) -> Iterator[Finding]:
    """MOS asks for the proof of the card fee (rulebook ``fees.card_fee``: 100 zł, 50 zł with a
    reduction) together with the stamp duty (X1, §6.1 C4). The card fee is not a stamp duty, so the
    office's basis for calling for the missing proof is art. 64 § 2 KPA, not art. 261 § 2.
    """
    fee = next((f for f in fees_due(c) if f.item == "card_fee"), None)
    if unreliable(c, "/documents") or fee is None or fee.amount_pln is None or "card_fee_proof" in declared_kinds(c.application):
        return
    yield Finding(field="/documents", ctx={"amount_pln": fee.amount_pln, "sources": fee.sources})


@rule(
    code="M003",
    name="power-of-attorney-fee-proof-missing",
    category=Category.FORMAL_DEFECT,
    title="A representative is named but the power-of-attorney stamp duty proof is not attached",
    legal_basis="art. 261 § 2 KPA",
    message={
        "pl": "Wniosek wskazuje pełnomocnika, ale nie dołączono dowodu zapłaty opłaty skarbowej od pełnomocnictwa "
        "({amount_pln:n} zł).",
        "en": "The application names a representative but no proof of the power-of-attorney stamp duty "
        "({amount_pln:n} zł) is attached.",
    },
    remedy={
        "pl": "Zapłać opłatę skarbową od pełnomocnictwa i dołącz potwierdzenie (kind \"power_of_attorney_fee_proof\").",
        "en": "Pay the power-of-attorney stamp duty and attach the confirmation (kind \"power_of_attorney_fee_proof\").",
    },
    needs_application=True,
)
def power_of_attorney_fee_proof_missing(c: CheckContext) -> Iterator[Finding]:
    """Naming a representative (pełnomocnik) costs a stamp duty on the power of attorney
    (rulebook ``fees.power_of_attorney``, 17 zł, SD2); unpaid, the office calls for it."""
    fee = next((f for f in fees_due(c) if f.item == "power_of_attorney"), None)
    if unreliable(c, "/documents") or fee is None or "power_of_attorney_fee_proof" in declared_kinds(c.application):
        return
    yield Finding(field="/representative", ctx={"amount_pln": fee.amount_pln, "sources": fee.sources})


@rule(
    code="M004",
    name="fee-reduction-proof-missing",
    category=Category.FORMAL_DEFECT,
    title="A card-fee reduction is claimed without the document that proves it",
    legal_basis="art. 237 ust. 1 ustawy o cudzoziemcach; art. 64 § 2 KPA",
    message={
        "pl": "Wniosek korzysta z obniżonej opłaty za kartę pobytu ({reason}), ale nie dołączono dokumentu, który "
        "to uprawnienie potwierdza ({document_pl}).",
        "en": "The application claims the reduced residence-card fee ({reason}) but attaches no document proving it "
        "({document_en}).",
    },
    remedy={
        "pl": "Dołącz dokument potwierdzający uprawnienie ({document_pl}) albo zapłać pełną opłatę i usuń "
        "fees.card_fee_reduction.",
        "en": "Attach the document proving the entitlement ({document_en}) or pay the full fee and remove "
        "fees.card_fee_reduction.",
    },
    needs_application=True,
)
def fee_reduction_proof_missing(c: CheckContext) -> Iterator[Finding]:
    """The 50 % card-fee reduction (social-assistance recipients, pupils and students, minors;
    rulebook ``fees.card_fee_reduction``) needs its proof: the social-assistance certificate, the
    school or university certificate, the minor's birth certificate or passport (O26)."""
    reduction = _reduction(c)
    if reduction is None or _not_established(c) or unreliable(c, "/documents"):
        return
    reason, rule_ = reduction
    kinds = list(rule_["proofs"][reason])
    if declared_kinds(c.application).isdisjoint(kinds):
        yield Finding(field="/fees/card_fee_reduction", ctx={
            "reason": reason, "kinds": kinds, "document_pl": kinds_label(kinds, "pl"),
            "document_en": kinds_label(kinds, "en"), "sources": c.rulebook.sources("fees.card_fee_reduction")})


@rule(
    code="M005",
    name="stamp-duty-exemption-not-applicable",
    category=Category.ADVISORY,
    title="The stamp-duty exemption claimed does not apply to this permit",
    legal_basis=None,
    message={
        "pl": "Zwolnienie z opłaty skarbowej „{exemption}” dotyczy tylko zezwoleń: {applies_to}; wniosek dotyczy "
        "„{permit_type}”, więc opłata skarbowa jest należna.",
        "en": "The '{exemption}' stamp-duty exemption applies only to: {applies_to}; this is a '{permit_type}' "
        "application, so the stamp duty is due.",
    },
    remedy={
        "pl": "Usuń fees.stamp_duty_exemption i dołącz dowód zapłaty opłaty skarbowej.",
        "en": "Remove fees.stamp_duty_exemption and attach the proof of the stamp duty payment.",
    },
    needs_application=True,
)
def stamp_duty_exemption_not_applicable(c: CheckContext) -> Iterator[Finding]:
    """The Karta Polaka and asylum exemptions cover the permanent-residence permit only (rulebook
    ``fees.stamp_duty_exemptions``, O4); claimed for another permit, the duty is still due and a
    missing proof is reported by M001."""
    app = c.application
    if app is None or app.fees is None or app.fees.stamp_duty_exemption is None:
        return
    ptype = permit_type(app)
    table = c.rulebook.value("fees.stamp_duty_exemptions", None) or {}
    reason = app.fees.stamp_duty_exemption.value
    if ptype and reason in table and ptype not in table[reason]["permit_types"]:
        yield Finding(field="/fees/stamp_duty_exemption", ctx={
            "exemption": reason, "applies_to": list(table[reason]["permit_types"]), "permit_type": ptype,
            "sources": c.rulebook.sources("fees.stamp_duty_exemptions")})


def _income_threshold(c: CheckContext, household: int) -> tuple[float, str, float] | None:
    """(threshold, rulebook key, per-person amount) for a household of this size."""
    single = c.rulebook.value("income.single_person_monthly_net", None)
    per_person = c.rulebook.value("income.per_person_in_family_monthly_net", None)
    if single is None or per_person is None:
        return None
    if household <= 1:
        return float(single), "income.single_person_monthly_net", per_person
    return float(per_person) * household, "income.per_person_in_family_monthly_net", per_person


def _income_required(c: CheckContext) -> bool:
    return ground(c.application) in (c.rulebook.value("grounds.income_required", None) or [])


@rule(
    code="M006",
    name="income-below-threshold",
    category=Category.REFUSAL_RISK,
    title="Declared income below the threshold for a stable and regular income",
    legal_basis="ustawa o cudzoziemcach (stabilne i regularne źródło dochodu); Dz.U. 2024 poz. 1044",
    message={
        "pl": "Zadeklarowany miesięczny dochód netto {income:n} zł jest niższy od progu {threshold:n} zł dla "
        "gospodarstwa liczącego {household_size} os. ({basis_pl}). Na tej podstawie ({ground}) grozi to odmową.",
        "en": "The declared net monthly income of {income:n} zł is below the threshold of {threshold:n} zł for a "
        "household of {household_size} ({basis_en}). On this ground ({ground}) that risks refusal.",
    },
    remedy={
        "pl": "Wykaż wyższy stabilny dochód (np. inne źródła, dochód małżonka w gospodarstwie) i dołącz dokumenty, "
        "albo sprawdź wielkość gospodarstwa domowego.",
        "en": "Show a higher stable income (other sources, a spouse's income in the household) with documents, or "
        "check the household size.",
    },
    needs_application=True,
)
def income_below_threshold(c: CheckContext) -> Iterator[Finding]:
    """On the grounds that need a stable and regular income (rulebook ``grounds.income_required``:
    business, family reunification, seasonal work, posted workers, long-term EU residence) the net
    monthly income must reach the social-assistance threshold: 1010 zł for a person alone, 823 zł
    per person in a family (from 1 January 2025, rulebook ``income.*``). The spouse of a Polish
    citizen is exempt. A merits question, not a formal defect.
    """
    app = c.application
    if app is None or not _income_required(c) or app.means_of_subsistence is None:
        return
    income = app.means_of_subsistence.monthly_net_income_pln
    household = app.means_of_subsistence.household_size or 1
    if income is None or household < 1:
        return
    found = _income_threshold(c, household)
    if found is None:
        return
    threshold, key, per_person = found
    if income < threshold:
        single = household <= 1
        yield Finding(field="/means_of_subsistence/monthly_net_income_pln", ctx={
            "income": income, "threshold": threshold, "household_size": household, "ground": ground(app),
            "basis_pl": "osoba samotnie gospodarująca" if single else f"{household} × {per_person} zł na osobę",
            "basis_en": "person living alone" if single else f"{household} × {per_person} zł per person",
            "sources": c.rulebook.sources(key)})


@rule(
    code="M007",
    name="income-not-declared",
    category=Category.ADVISORY,
    title="The ground needs a stable income but none is declared",
    legal_basis=None,
    message={
        "pl": "Podstawa „{ground}” wymaga stabilnego i regularnego źródła dochodu, a opis wniosku nie podaje "
        "miesięcznego dochodu netto; progu nie sprawdzono.",
        "en": "Ground '{ground}' needs a stable and regular income, but the description gives no net monthly income; "
        "the threshold was not checked.",
    },
    remedy={
        "pl": "Wpisz means_of_subsistence.monthly_net_income_pln i household_size.",
        "en": "Enter means_of_subsistence.monthly_net_income_pln and household_size.",
    },
    needs_application=True,
)
def income_not_declared(c: CheckContext) -> Iterator[Finding]:
    """Without the declared income the threshold check (M006) cannot run; the office will ask."""
    app = c.application
    if app is None or not _income_required(c):
        return
    if app.means_of_subsistence is None or app.means_of_subsistence.monthly_net_income_pln is None:
        yield Finding(field="/means_of_subsistence/monthly_net_income_pln", ctx={"ground": ground(app)})


@rule(
    code="M008",
    name="salary-below-minimum-wage",
    category=Category.REFUSAL_RISK,
    title="Annex 1 salary below the minimum wage for the working time",
    legal_basis="art. 114 ustawy o cudzoziemcach",
    message={
        "pl": "Wynagrodzenie w załączniku nr 1 ({salary:n} zł brutto miesięcznie) jest niższe od minimalnego "
        "wynagrodzenia dla wymiaru {fraction} etatu ({required:n} zł; pełny etat {minimum:n} zł w dniu złożenia).",
        "en": "The Annex 1 salary ({salary:n} zł gross a month) is below the minimum wage for a {fraction} "
        "working time ({required:n} zł; full time {minimum:n} zł on the filing date).",
    },
    remedy={
        "pl": "Pracodawca musi podnieść wynagrodzenie co najmniej do minimalnego (proporcjonalnie do wymiaru) i "
        "poprawić załącznik nr 1.",
        "en": "The employer must raise the salary to at least the minimum wage (pro rata) and correct Annex 1.",
    },
    needs_application=True,
)
def salary_below_minimum_wage(c: CheckContext) -> Iterator[Finding]:
    """A single-permit salary must not be below the minimum wage of the year (rulebook
    ``wages.minimum_monthly_gross``: 4666 zł in 2025, 4806 zł in 2026), pro rata to the working
    time. The salary and working time are Annex 1 data; when either is missing the form-data rules
    report it and this check does not run.
    """
    app = c.application
    grounds = c.rulebook.value("wages.salary_check_grounds", None) or []
    minimum = c.rulebook.value("wages.minimum_monthly_gross", None)
    if app is None or minimum is None or ground(app) not in grounds or not app.annex_1 or not app.annex_1.job:
        return
    job = app.annex_1.job
    salary, fraction = job.monthly_gross_salary_pln, job.working_time_fraction
    if salary is None or fraction is None or fraction <= 0:
        return
    required = round(float(minimum) * min(float(fraction), 1.0), 2)
    if salary < required:
        yield Finding(field="/annex_1/job/monthly_gross_salary_pln", ctx={
            "salary": salary, "fraction": fraction, "required": required, "minimum": minimum,
            "sources": c.rulebook.sources("wages.minimum_monthly_gross")})
