"""Money: the proofs of the fees to pay (stamp duty, card fee, power of attorney), the income
threshold, and the Annex 1 salary against the minimum wage. Every amount comes from the rulebook;
the fees themselves are computed in :mod:`mosprecheck.derived.fees`."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

from ..application.models import Application
from ..case.helpers import add_months, declared_kinds, ground, permit_type, unreliable
from ..derived.fees import (
    FEES_DUE_READS, card_fee_exemption, card_fee_reduction, fees_due, minor_age_over_limit, not_established, stamp_duty,
)
from ..findings import Category
from .registry import CheckContext, Finding, rule


def _number(value: Any) -> float | None:
    """A finite number, or None (NaN, infinity and non-numbers compare false with everything, which
    would make every threshold check pass)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


@rule(
    code="M001",
    name="stamp-duty-proof-missing",
    category=Category.FORMAL_DEFECT,
    reads=("fees.not_established", "fees.stamp_duty", "fees.stamp_duty_exemptions",
           "fees.stamp_duty_legal_basis"),
    title="Proof of the stamp duty payment is not attached",
    legal_basis="art. 261 § 1 i 2 KPA",
    needs_application=True,
)
def stamp_duty_proof_missing(c: CheckContext) -> Iterator[Finding]:
    """The stamp duty for the permit (rulebook ``fees.stamp_duty``, by permit type and ground;
    ``fees.stamp_duty_exemptions``) is paid in advance and its proof attached.

    Why the office objects: unpaid stamp duty leads to a call to pay within the time limit of
    art. 261 § 1 KPA (``fees.stamp_duty_legal_basis.call_to_pay_days``) and then to the return of
    the application (zwrot podania, art. 261 § 2 KPA; O4).
    """
    duty = stamp_duty(c)
    if unreliable(c, "/documents") or duty.status != "due" or "stamp_duty_proof" in declared_kinds(c.application):
        return
    if duty.by_point:
        amount = ", ".join(f"{v:g} zł ({k})" for k, v in duty.by_point.items())
    else:
        amount = f"{duty.amount:g} zł"
    basis = c.rulebook.value("fees.stamp_duty_legal_basis", None) or {}
    days = basis.get("call_to_pay_days") or {}
    if "min" not in days or "max" not in days:
        return
    yield Finding(field="/documents", legal_basis=basis.get("call_legal_basis"), ctx={
        "amount_pln": duty.amount, "by_point": duty.by_point, "amount": amount,
        "days_min": days["min"], "days_max": days["max"],
        "ground": ground(c.application), "sources": c.rulebook.sources("fees.stamp_duty")})


@rule(
    code="M002",
    name="card-fee-proof-missing",
    category=Category.FORMAL_DEFECT,
    reads=FEES_DUE_READS,
    title="Proof of the residence-card fee payment is not attached",
    legal_basis="art. 239 ust. 1 ustawy o cudzoziemcach; art. 64 § 2 KPA",
    needs_application=True,
)
def card_fee_proof_missing(c: CheckContext) -> Iterator[Finding]:
    """MOS asks for the proof of the card fee (rulebook ``fees.card_fee``, halved by a reduction of
    ``fees.card_fee_reduction``, not charged in the cases of ``fees.card_fee_exemptions``) together
    with the stamp duty (X1, §6.1 C4). The card fee is not a stamp duty, so the office's basis for
    calling for the missing proof is art. 64 § 2 KPA, not art. 261 § 2.
    """
    fee = next((f for f in fees_due(c) if f.item == "card_fee"), None)
    if unreliable(c, "/documents") or fee is None or not fee.amount_pln or "card_fee_proof" in declared_kinds(c.application):
        return
    yield Finding(field="/documents", ctx={"amount_pln": fee.amount_pln, "sources": fee.sources})


@rule(
    code="M003",
    name="power-of-attorney-fee-proof-missing",
    category=Category.ADVISORY,
    reads=FEES_DUE_READS,
    title="A representative is named but the power-of-attorney stamp duty proof is not attached",
    legal_basis="art. 1 ust. 1 pkt 2 ustawy o opłacie skarbowej",
    needs_application=True,
)
def power_of_attorney_fee_proof_missing(c: CheckContext) -> Iterator[Finding]:
    """Naming a representative (pełnomocnik) costs a stamp duty on the power of attorney
    (rulebook ``fees.power_of_attorney``). A power of attorney given to the applicant's spouse,
    ascendant, descendant or sibling (``fees.power_of_attorney.exempt_relationships``,
    ``representative.relationship``) pays none. Advisory: an unpaid duty does not invalidate the
    power of attorney or the application; the duty is collected by administrative enforcement
    (legal review row 34), so it is no formal defect of the application."""
    fee = next((f for f in fees_due(c) if f.item == "power_of_attorney"), None)
    if unreliable(c, "/documents") or fee is None or not fee.amount_pln or "power_of_attorney_fee_proof" in declared_kinds(c.application):
        return
    yield Finding(field="/representative", legal_basis=fee.legal_basis, ctx={"amount_pln": fee.amount_pln, "sources": fee.sources})


@rule(
    code="M004",
    name="fee-reduction-proof-missing",
    category=Category.FORMAL_DEFECT,
    reads=("fees.card_fee_exemptions", "fees.card_fee_reduction", "fees.not_established"),
    title="A card-fee reduction is claimed without the document that proves it",
    legal_basis="art. 237 ust. 1 ustawy o cudzoziemcach; art. 64 § 2 KPA",
    needs_application=True,
)
def fee_reduction_proof_missing(c: CheckContext) -> Iterator[Finding]:
    """The card-fee reduction (art. 237 ust. 1: a difficult material situation, pupils and students,
    minors under the age limit; rulebook ``fees.card_fee_reduction``) needs its proof: the
    social-assistance certificate, the school or university certificate, the minor's birth
    certificate or passport (O26). A minor over the age limit is M013's, not this rule's."""
    reduction = card_fee_reduction(c)
    if reduction is None or not_established(c) or card_fee_exemption(c) or unreliable(c, "/documents"):
        return
    reason, rule_ = reduction
    kinds = list(rule_["proofs"][reason])
    if declared_kinds(c.application).isdisjoint(kinds):
        yield Finding(field="/fees/card_fee_reduction", ctx={
            "reason": reason, "kinds": kinds, "sources": c.rulebook.sources("fees.card_fee_reduction")})


@rule(
    code="M005",
    name="stamp-duty-exemption-not-applicable",
    category=Category.ADVISORY,
    reads=("fees.stamp_duty_exemptions",),
    title="The stamp-duty exemption claimed does not apply to this permit",
    legal_basis=None,
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


def _income_basis(c: CheckContext) -> str | None:
    """The ground's provision requiring a stable and regular income (rulebook
    ``income.stable_income_grounds``), or None when the ground has no such condition."""
    table = c.rulebook.value("income.stable_income_grounds", None) or {}
    return table.get(ground(c.application) or "")


def _with_regulation(c: CheckContext, provision: str) -> str:
    regulation = c.rulebook.value("income.regulation", None)
    return f"{provision}; {regulation}" if regulation else provision


def _household(app: Application) -> int | None:
    size = app.means_of_subsistence.household_size if app.means_of_subsistence else None
    if size is None:
        return 1
    return size if size >= 1 else None


def _threshold_ctx(c: CheckContext, household: int) -> dict[str, Any] | None:
    found = _income_threshold(c, household)
    if found is None:
        return None
    threshold, key, per_person = found
    single = household <= 1
    return {
        "threshold": threshold, "household_size": household,
        "basis": "single" if single else "per_person", "per_person": per_person,  # value.basis.<id>
        "sources": c.rulebook.sources(key) + c.rulebook.sources("income.regulation"),
    }


@rule(
    code="M006",
    name="income-below-threshold",
    category=Category.REFUSAL_RISK,
    reads=("income.per_person_in_family_monthly_net", "income.regulation", "income.single_person_monthly_net",
           "income.stable_income_grounds"),
    title="Declared income not higher than the threshold for a stable and regular income",
    legal_basis="art. 140 ust. 2 ustawy o cudzoziemcach (applied by the provision of the ground)",
    needs_application=True,
)
def income_below_threshold(c: CheckContext) -> Iterator[Finding]:
    """On the grounds that need a stable and regular income (rulebook
    ``income.stable_income_grounds``: business, posted workers, family reunification, the family of
    an EU/EEA/Swiss/UK citizen, ECHR family life, seasonal work, long-term EU residence) the net
    monthly income must be *higher than* the social-assistance threshold for the applicant and each
    dependant (art. 140 ust. 2; rulebook ``income.*``): an income equal to it fails. A person alone
    takes the single-person threshold, a larger household the per-person one times its size. The
    spouse of a Polish citizen has no income condition. A merits question, not a formal defect.
    """
    app = c.application
    provision = _income_basis(c)
    if app is None or provision is None or app.means_of_subsistence is None:
        return
    income = _number(app.means_of_subsistence.monthly_net_income_pln)
    household = _household(app)
    if income is None or household is None:
        return
    ctx = _threshold_ctx(c, household)
    if ctx is None:
        return
    if income <= ctx["threshold"]:
        yield Finding(field="/means_of_subsistence/monthly_net_income_pln",
                      legal_basis=_with_regulation(c, provision),
                      ctx={"income": income, "ground": ground(app), **ctx})


@rule(
    code="M007",
    name="income-not-declared",
    category=Category.ADVISORY,
    reads=("income.stable_income_grounds",),
    title="The ground needs a stable income but none is declared",
    legal_basis=None,
    needs_application=True,
)
def income_not_declared(c: CheckContext) -> Iterator[Finding]:
    """Without the declared income the threshold check (M006) cannot run; the office will ask."""
    app = c.application
    provision = _income_basis(c)
    if app is None or provision is None:
        return
    if app.means_of_subsistence is None or _number(app.means_of_subsistence.monthly_net_income_pln) is None:
        yield Finding(field="/means_of_subsistence/monthly_net_income_pln", legal_basis=provision,
                      ctx={"ground": ground(app)})


def _basis_for(rule_: dict[str, Any], app: Application | None) -> str | None:
    """The provision a wages rule cites for the ground applied for: ``legal_basis`` is one
    provision, or a mapping ground -> provision when the condition sits in several articles (art.
    127 for the Blue Card, art. 137a for its long-term mobility)."""
    basis = rule_.get("legal_basis")
    if isinstance(basis, dict):
        return basis.get(ground(app) or "")
    return basis


def _annex_salaries(app: Application) -> tuple[float | None, list[float]]:
    """(this Annex 1's monthly salary, the other entities' Annex 1 salaries); None when not a number."""
    job = app.annex_1.job if app.annex_1 else None
    salary = _number(job.monthly_gross_salary_pln) if job else None
    others = [_number(v) for v in (app.annex_1.other_entities_monthly_gross_salary_pln or [])] if app.annex_1 else []
    return salary, [v for v in others if v is not None]


@rule(
    code="M008",
    name="salary-below-minimum-wage",
    category=Category.REFUSAL_RISK,
    reads=("wages.minimum_monthly_gross", "wages.minimum_wage_rule"),
    title="Annex 1 salary below the minimum wage",
    legal_basis="art. 114 ust. 1 pkt 5 i ust. 4b ustawy o cudzoziemcach",
    needs_application=True,
)
def salary_below_minimum_wage(c: CheckContext) -> Iterator[Finding]:
    """A single-permit salary must not be below the minimum wage of the filing date (rulebook
    ``wages.minimum_monthly_gross``) "regardless of the working time and the kind of legal
    relationship" (art. 114 ust. 1 pkt 5): no pro rata for part-time work. When the foreigner works
    for several entities, the salaries of all their Annex 1 add up (art. 114 ust. 4b;
    ``wages.minimum_wage_rule``). When the salary is missing the form-data rules report it and this
    check does not run.
    """
    app = c.application
    found = _minimum_wage_check(c)
    minimum = _number(c.rulebook.value("wages.minimum_monthly_gross", None))
    if app is None or found is None or minimum is None:
        return
    rule_, salary, others, total = found
    required = _required(rule_, app, minimum)
    if total < required:
        yield Finding(field="/annex_1/job/monthly_gross_salary_pln", legal_basis=_basis_for(rule_, app), ctx={
            "salary": salary, "other_salaries": others, "total": total, "entities": 1 + len(others),
            "minimum": minimum, "required": required,
            "sources": c.rulebook.sources("wages.minimum_monthly_gross") + c.rulebook.sources("wages.minimum_wage_rule")})


def _minimum_wage_check(c: CheckContext) -> tuple[dict[str, Any], float, list[float], float] | None:
    """(``wages.minimum_wage_rule``, Annex 1 salary, other entities' salaries, the total compared)
    when the minimum-wage check applies to this application (its ground, a salary given)."""
    app = c.application
    rule_ = c.rulebook.value("wages.minimum_wage_rule", None) or {}
    if app is None or ground(app) not in (rule_.get("grounds") or []):
        return None
    salary, others = _annex_salaries(app)
    if salary is None:
        return None
    total = salary + (sum(others) if rule_.get("several_entities_add_up") else 0.0)
    return rule_, salary, others, total


def _required(rule_: dict[str, Any], app: Application, minimum: float) -> float:
    """The salary a minimum wage requires: the minimum itself (no pro rata, art. 114 ust. 1 pkt 5),
    or scaled to the working time when the rule says pro_rata."""
    job = app.annex_1.job if app.annex_1 else None
    fraction = _number(job.working_time_fraction) if job else None
    return minimum * min(fraction, 1.0) if rule_.get("pro_rata") and fraction and fraction > 0 else minimum


@rule(
    code="M015",
    name="salary-below-later-minimum-wage",
    category=Category.REFUSAL_RISK,
    reads=("wages.minimum_monthly_gross", "wages.minimum_wage_rule"),
    title="Annex 1 salary below a minimum wage in force during the work period",
    legal_basis="art. 114 ust. 1 pkt 5 i ust. 4b ustawy o cudzoziemcach",
    needs_application=True,
)
def salary_below_later_minimum_wage(c: CheckContext) -> Iterator[Finding]:
    """The minimum-wage condition (art. 114 ust. 1 pkt 5) is a condition of granting the permit: the
    voivode decides weeks or months after the filing, and the salary is paid over the Annex 1 work
    period. A salary that meets the minimum of the filing date (else M008) is also compared with
    every later value of ``wages.minimum_monthly_gross`` in force during the work period (from its
    start, or the filing date when that is later, to its end; an open end takes every later value):
    the first one it falls below is reported with the day it starts. A minimum not yet in the
    rulebook cannot be compared.
    """
    app = c.application
    found = _minimum_wage_check(c)
    filing_minimum = _number(c.rulebook.value("wages.minimum_monthly_gross", None))
    history = c.rulebook.history("wages.minimum_monthly_gross")
    if app is None or found is None or filing_minimum is None or not history:
        return
    rule_, salary, others, total = found
    if total < _required(rule_, app, filing_minimum):
        return  # M008
    job = app.annex_1.job if app.annex_1 else None
    start = max(c.filing_date, job.period_from) if job and job.period_from else c.filing_date
    end = job.period_to if job else None
    for fv in history:
        if fv.effective_from <= c.filing_date or (end is not None and fv.effective_from > end):
            continue
        if fv.effective_to is not None and fv.effective_to < start:
            continue
        minimum = _number(fv.value)
        if minimum is None or total >= _required(rule_, app, minimum):
            continue
        yield Finding(field="/annex_1/job/monthly_gross_salary_pln", legal_basis=_basis_for(rule_, app), ctx={
            "salary": salary, "other_salaries": others, "total": total, "entities": 1 + len(others),
            "filing_minimum": filing_minimum, "minimum": minimum, "minimum_from": fv.effective_from,
            "period_from": start, "sources": list(fv.sources) + c.rulebook.sources("wages.minimum_wage_rule")})
        return


def _blue_card(c: CheckContext) -> tuple[dict[str, Any], float] | None:
    """(``wages.blue_card_salary``, Annex 1 monthly salary) when the Blue Card check applies."""
    app = c.application
    rule_ = c.rulebook.value("wages.blue_card_salary", None)
    if app is None or rule_ is None or ground(app) not in (rule_.get("grounds") or []):
        return None
    salary, _ = _annex_salaries(app)
    return (rule_, salary) if salary is not None else None


@rule(
    code="M009",
    name="blue-card-salary-below-threshold",
    category=Category.REFUSAL_RISK,
    reads=("wages.average_monthly_gross_previous_year", "wages.blue_card_salary"),
    title="Blue Card salary below the share of the previous year's average wage",
    legal_basis="art. 127 pkt 3 ustawy o cudzoziemcach",
    needs_application=True,
)
def blue_card_salary_below_threshold(c: CheckContext) -> Iterator[Finding]:
    """The Blue Card needs an annual gross salary not lower than a share (``wages.blue_card_salary``
    rate) of the average monthly wage in the national economy in the year before the filing, as
    announced by the President of GUS (``wages.average_monthly_gross_previous_year``), counted
    over a year (art. 127 pkt 3). Equal passes ("not lower than"). When the average of that year
    is not in the rulebook, M010 says the salary was not verified.
    """
    found = _blue_card(c)
    average = c.rulebook.value("wages.average_monthly_gross_previous_year", None)
    if found is None or average is None:
        return
    rule_, salary = found
    rate, months = float(rule_["rate"]), int(rule_["months_per_year"])
    threshold_monthly = round(rate * float(average["amount"]), 2)
    threshold_annual = round(threshold_monthly * months, 2)
    annual = round(salary * months, 2)
    if annual < threshold_annual:
        yield Finding(field="/annex_1/job/monthly_gross_salary_pln", legal_basis=_basis_for(rule_, c.application), ctx={
            "salary": salary, "annual": annual, "rate": f"{rate:.0%}", "year": average["year"],
            "average": float(average["amount"]), "threshold_monthly": threshold_monthly,
            "threshold_annual": threshold_annual,
            "sources": c.rulebook.sources("wages.average_monthly_gross_previous_year")
            + c.rulebook.sources("wages.blue_card_salary")})


@rule(
    code="M010",
    name="blue-card-salary-not-verified",
    category=Category.ADVISORY,
    reads=("wages.average_monthly_gross_previous_year", "wages.blue_card_salary"),
    title="Blue Card salary not verified: the previous year's average wage is not in the rulebook",
    legal_basis="art. 127 pkt 3 ustawy o cudzoziemcach",
    needs_application=True,
)
def blue_card_salary_not_verified(c: CheckContext) -> Iterator[Finding]:
    """The Blue Card threshold rests on a figure GUS announces each February. For a filing year
    whose previous-year average is not in the rulebook, the salary is reported as not verified
    rather than passed (a silent pass would look like a verified salary)."""
    found = _blue_card(c)
    if found is None or c.rulebook.value("wages.average_monthly_gross_previous_year", None) is not None:
        return
    rule_, salary = found
    yield Finding(field="/annex_1/job/monthly_gross_salary_pln", legal_basis=_basis_for(rule_, c.application), ctx={
        "salary": salary, "year": c.filing_date.year - 1, "rate": f"{float(rule_['rate']):.0%}",
        "months_per_year": int(rule_["months_per_year"]),
        "sources": c.rulebook.sources("wages.blue_card_salary")})


def _funds(c: CheckContext) -> tuple[dict[str, Any], float | None, float | None] | None:
    """(the ground's ``income.funds_grounds`` entry, monthly funds, housing costs) or None."""
    app = c.application
    table = c.rulebook.value("income.funds_grounds", None) or {}
    entry = table.get(ground(app) or "") if app else None
    if app is None or entry is None:
        return None
    means = app.means_of_subsistence
    funds = _number(means.monthly_funds_pln) if means else None
    housing = _number(means.monthly_housing_costs_pln) if means else None
    return entry, funds, housing


@rule(
    code="M011",
    name="funds-below-threshold",
    category=Category.REFUSAL_RISK,
    reads=("income.funds_grounds", "income.per_person_in_family_monthly_net", "income.regulation",
           "income.single_person_monthly_net"),
    title="Monthly funds not higher than the threshold",
    legal_basis="art. 144 ust. 1a, art. 151 ust. 1a, art. 188 ust. 6 ustawy o cudzoziemcach",
    needs_application=True,
)
def funds_below_threshold(c: CheckContext) -> Iterator[Finding]:
    """Study and research (art. 144 ust. 1a, 151 ust. 1a) need monthly funds, after the housing
    costs, higher than the social-assistance threshold for the applicant and each dependant; a
    graduate or researcher looking for work (art. 188 ust. 1a pkt 3, ust. 6) the same without the
    deduction (rulebook ``income.funds_grounds``). Equal fails ("higher than"). Citizens of the
    states named under art. 113b deduct no housing costs (ust. 1c): the description cannot show
    that, so the deduction is made whenever costs are given.
    """
    found = _funds(c)
    app = c.application
    if found is None or app is None:
        return
    entry, funds, housing = found
    household = _household(app)
    if funds is None or household is None or (entry.get("deduct_housing") and housing is None):
        return
    housing = housing if entry.get("deduct_housing") and housing is not None else 0.0
    ctx = _threshold_ctx(c, household)
    if ctx is None:
        return
    available = funds - housing
    if available <= ctx["threshold"]:
        yield Finding(field="/means_of_subsistence/monthly_funds_pln",
                      legal_basis=_with_regulation(c, entry["legal_basis"]),
                      ctx={"funds": funds, "housing": housing, "available": available, "ground": ground(app), **ctx})


@rule(
    code="M012",
    name="funds-not-declared",
    category=Category.ADVISORY,
    reads=("income.funds_grounds",),
    title="The ground needs monthly funds above the threshold but they are not declared",
    legal_basis="art. 144 ust. 1a, art. 151 ust. 1a, art. 188 ust. 6 ustawy o cudzoziemcach",
    needs_application=True,
)
def funds_not_declared(c: CheckContext) -> Iterator[Finding]:
    """Without the monthly funds (and, for study and research, the housing costs deducted from them)
    the funds check (M011) cannot run; the office will ask."""
    found = _funds(c)
    if found is None:
        return
    entry, funds, housing = found
    missing = []
    if funds is None:
        missing.append("/means_of_subsistence/monthly_funds_pln")
    if entry.get("deduct_housing") and housing is None:
        missing.append("/means_of_subsistence/monthly_housing_costs_pln")
    if missing:
        yield Finding(field=missing[0], legal_basis=entry["legal_basis"],
                      ctx={"ground": ground(c.application), "missing": missing})


@rule(
    code="M013",
    name="card-fee-reduction-minor-over-age",
    category=Category.FORMAL_DEFECT,
    reads=FEES_DUE_READS,
    title="The minors' card-fee reduction is claimed for an applicant over its age limit",
    legal_basis="art. 237 ust. 1 pkt 3 ustawy o cudzoziemcach; art. 64 § 2 KPA",
    needs_application=True,
)
def card_fee_reduction_minor_over_age(c: CheckContext) -> Iterator[Finding]:
    """The minors' reduction (art. 237 ust. 1 pkt 3) is for an applicant who, on the day the permit
    application is filed, has not turned the age limit (rulebook
    ``fees.card_fee_reduction.minor_age_below``). A minor who has reached that limit pays the full
    fee; claiming the reduction leaves the fee underpaid, and the office calls for the rest."""
    over = minor_age_over_limit(c)
    if over is None or not_established(c) or card_fee_exemption(c) is not None:
        return
    fee = next((f for f in fees_due(c) if f.item == "card_fee"), None)
    if fee is None or not fee.amount_pln:
        return
    age, limit = over
    yield Finding(field="/fees/card_fee_reduction", ctx={
        "age": age, "age_limit": limit, "amount_pln": fee.amount_pln,
        "sources": c.rulebook.sources("fees.card_fee_reduction")})


@rule(
    code="M014",
    name="blue-card-contract-too-short",
    category=Category.REFUSAL_RISK,
    reads=("wages.blue_card_contract",),
    title="Blue Card work period shorter than the minimum contract period",
    legal_basis="art. 127 pkt 1 lit. a ustawy o cudzoziemcach",
    needs_application=True,
)
def blue_card_contract_too_short(c: CheckContext) -> Iterator[Finding]:
    """The Blue Card needs a contract concluded for at least the minimum period (rulebook
    ``wages.blue_card_contract``; art. 127 pkt 1 lit. a). The Annex 1 work period stands for the
    contract's: a period from 1 January to 30 June is six months; no end date (an indefinite
    contract) passes; a missing start is the form-data rules' concern."""
    app = c.application
    rule_ = c.rulebook.value("wages.blue_card_contract", None)
    if app is None or rule_ is None or ground(app) not in (rule_.get("grounds") or []):
        return
    job = app.annex_1.job if app.annex_1 else None
    start, end = (job.period_from, job.period_to) if job else (None, None)
    if start is None or end is None or end < start:
        return
    months = int(rule_["min_months"])
    last_needed = add_months(start, months) - dt.timedelta(days=1)
    if end < last_needed:
        yield Finding(field="/annex_1/job/period_to", legal_basis=_basis_for(rule_, app), ctx={
            "period_from": start, "period_to": end, "min_months": months,
            "sources": c.rulebook.sources("wages.blue_card_contract")})
