"""The fees to pay for an application on the filing date: stamp duty, residence-card fee and the
stamp duty on a power of attorney, with exemptions and reductions. Every amount comes from the
rulebook (``fees.*``).

Not a rule: the money rules (M001-M005, M013), the report summary, ``batch`` and the
``requirements`` command read :func:`fees_due` (computed once per check). (Was part of
``rules/money.py``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..application.models import Application
from ..case import CheckContext
from ..case.form import application_data, resolve
from ..case.helpers import age_on, ground, memo, permit_type
from ..findings import FeeItem
from ..i18n.values import fee_labels


@dataclass(frozen=True)
class StampDuty:
    """The stamp duty of this application on the filing date."""

    status: str  # "due", "exempt" or "unknown"
    amount: float | None = None
    by_point: dict[str, float] | None = None  # art. 181 ust. 1 sub-cases the form does not tell apart
    exemption: str | None = None


def not_established(c: CheckContext) -> bool:
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
    if app is None or table is None or not ptype or not grd or not_established(c):
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


def _claimed_reduction(c: CheckContext) -> tuple[str, dict[str, Any]] | None:
    app = c.application
    rule_ = c.rulebook.value("fees.card_fee_reduction", None)
    if app is None or rule_ is None or app.fees is None or app.fees.card_fee_reduction is None:
        return None
    reason = app.fees.card_fee_reduction.value
    return (reason, rule_) if reason in rule_["proofs"] else None


def minor_age_over_limit(c: CheckContext) -> tuple[int, int] | None:
    """(age on the filing date, age limit) when a minor's reduction is claimed for an applicant who
    is no longer under the limit of art. 237 ust. 1 pkt 3 (rulebook
    ``fees.card_fee_reduction.minor_age_below``); None when it applies or the birth date is unknown."""
    claimed = _claimed_reduction(c)
    if claimed is None or claimed[0] != "minor":
        return None
    limit = claimed[1].get("minor_age_below")
    app = c.application
    born = app.applicant.date_of_birth if app and app.applicant else None
    if limit is None or born is None or born > c.filing_date:
        return None
    age = age_on(born, c.filing_date)
    return (age, int(limit)) if age >= int(limit) else None


def card_fee_reduction(c: CheckContext) -> tuple[str, dict[str, Any]] | None:
    """The claimed card-fee reduction when the law grants it on what the description shows."""
    claimed = _claimed_reduction(c)
    if claimed is None or minor_age_over_limit(c) is not None:
        return None
    return claimed


def card_fee_exemption(c: CheckContext) -> tuple[str, dict[str, Any]] | None:
    """The claimed card-fee exemption when it can go with this permit type and ground (rulebook
    ``fees.card_fee_exemptions``)."""
    app = c.application
    table = c.rulebook.value("fees.card_fee_exemptions", None) or {}
    if app is None or app.fees is None or app.fees.card_fee_exemption is None:
        return None
    reason = app.fees.card_fee_exemption.value
    exemption = table.get(reason)
    if not exemption or permit_type(app) not in exemption.get("permit_types", []):
        return None
    grounds = exemption.get("grounds") or []
    if grounds and ground(app) not in grounds:
        return None
    return reason, exemption


def _poa_exempt_relationship(c: CheckContext, poa: dict[str, Any]) -> str | None:
    rep = c.application.representative if c.application else None
    rel = rep.relationship.value if rep is not None and rep.relationship is not None else None
    return rel if rel in (poa.get("exempt_relationships") or []) else None


def _representative_named(app: Application | None) -> bool:
    rep = app.representative if app else None
    return rep is not None and any(v not in (None, "") for v in rep.model_dump().values())


#: The rulebook facts :func:`fees_due` reads: what a rule that uses the fees declares it reads.
FEES_DUE_READS = ("fees.card_fee", "fees.card_fee_exemptions", "fees.card_fee_reduction", "fees.not_established",
                  "fees.power_of_attorney", "fees.stamp_duty", "fees.stamp_duty_exemptions",
                  "fees.stamp_duty_legal_basis")


def fees_due(c: CheckContext) -> list[FeeItem]:
    """Every fee to pay for this application, in a fixed order: stamp duty, card fee, power of
    attorney (computed once per check: M002, M003 and the report summary share it)."""
    return list(memo(c, fees_due, _fees_due))


def _paid_to(basis: dict) -> dict[str, str]:
    """The payee as the rulebook words it in Polish and English (the other languages: the
    catalogue's ``fee.paid_to.<fee>``, whose English a test holds equal to the rulebook's)."""
    return {"pl": basis.get("paid_to_pl", ""), "en": basis.get("paid_to_en", "")}


def _fees_due(c: CheckContext) -> tuple[FeeItem, ...]:
    app = c.application
    if app is None:
        return ()
    items: list[FeeItem] = []
    duty = stamp_duty(c)
    duty_basis = c.rulebook.value("fees.stamp_duty_legal_basis", None) or {}
    if permit_type(app) and ground(app):
        src = c.rulebook.sources("fees.stamp_duty")
        paid_to = _paid_to(duty_basis)
        if duty.status == "exempt":
            label = fee_labels("stamp_duty_exempt", exemption=duty.exemption)
        elif duty.by_point:
            alts = "; ".join(f"{k}: {v:g} zł" for k, v in duty.by_point.items())
            label = fee_labels("stamp_duty_by_case", "stamp_duty", paid_to, alternatives=alts)
        elif duty.status == "unknown":
            label = fee_labels("stamp_duty_unknown")
        else:
            label = fee_labels("stamp_duty", "stamp_duty", paid_to)
        items.append(FeeItem(item="stamp_duty", label=label, amount_pln=duty.amount,
                             legal_basis=duty_basis.get("legal_basis"), sources=src))
    if not_established(c):
        items.append(FeeItem(item="card_fee", label=fee_labels("card_fee_not_established"), amount_pln=None,
            sources=c.rulebook.sources("fees.not_established")))
    elif permit_type(app):
        card = c.rulebook.value("fees.card_fee", None)
        if card is not None:
            amount = float(card["amount"])
            label = fee_labels("card_fee", "card_fee", _paid_to(card))
            basis = card["legal_basis"]
            exemption = card_fee_exemption(c)
            reduction = card_fee_reduction(c)
            if exemption:
                reason, rule_ = exemption
                amount = 0.0
                label = fee_labels("card_fee_exempt", exemption=reason)
                basis = rule_["legal_basis"]
                sources = c.rulebook.sources("fees.card_fee_exemptions")
            elif reduction:
                reason, rule_ = reduction
                amount = amount * (1 - float(rule_["rate"]))
                label = fee_labels("card_fee_reduced", "card_fee", _paid_to(card), rate=f"{float(rule_['rate']):.0%}",
                                   reason=reason)
                basis = f"{basis}; {(rule_.get('provisions') or {}).get(reason) or rule_['legal_basis']}"
                sources = c.rulebook.sources("fees.card_fee")
            else:
                sources = c.rulebook.sources("fees.card_fee")
            items.append(FeeItem(item="card_fee", label=label, amount_pln=amount, legal_basis=basis,
                                 sources=sources))
    poa = c.rulebook.value("fees.power_of_attorney", None)
    if poa is not None and _representative_named(app):
        relationship = _poa_exempt_relationship(c, poa)
        if relationship:
            items.append(FeeItem(item="power_of_attorney", label=fee_labels("power_of_attorney_exempt",
                                                                                  relationship=relationship),
                amount_pln=0.0, legal_basis=poa.get("exemption_legal_basis") or poa["legal_basis"],
                sources=c.rulebook.sources("fees.power_of_attorney")))
        else:
            items.append(FeeItem(item="power_of_attorney", label=fee_labels("power_of_attorney"),
                amount_pln=float(poa["amount"]), legal_basis=poa["legal_basis"],
                sources=c.rulebook.sources("fees.power_of_attorney")))
    return tuple(items)
