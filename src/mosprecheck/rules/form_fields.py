"""Form rules: every mandatory field of the form, for the permit type and ground applied for.

Which fields are mandatory is rulebook data (``form.mandatory_fields`` in ``rulebook/data/fields.yaml``),
never ``required=`` in the models: the MOS wizard refuses a blank mandatory field one screen at a
time, the checker names all of them at once, each at its JSON pointer and with the condition that
makes it mandatory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..findings import Category
from ..rulebook import FactValue
from ..case.form import (
    Entry,
    Requirement,
    application_data,
    expand,
    is_blank,
    is_given,
    is_none_answer,
    label_ctx,
    parse_spec,
    pattern_of,
    resolve,
)
from ..case.helpers import memo
from .registry import CheckContext, Finding, rule

MANDATORY_FIELDS = "form.mandatory_fields"
FORM_MODELS = "form.models"
BRAK_ALLOWED = "form.brak_allowed_fields"


#: Compiled entries per rulebook value (the value object is kept, so its id is never reused).
_COMPILED: dict[int, tuple[FactValue, tuple[Entry, ...]]] = {}


def mandatory_entries(c: CheckContext) -> tuple[Entry, ...] | None:
    """The compiled mandatory-field entries in force on the filing date (None when none apply)."""
    fv = c.rulebook.fact_value(MANDATORY_FIELDS)
    if fv is None:
        return None
    cached = _COMPILED.get(id(fv))
    if cached is None or cached[0] is not fv:
        cached = _COMPILED[id(fv)] = (fv, parse_spec(fv.value))
    return cached[1]


def brak_allowed_entries(c: CheckContext) -> tuple[Entry, ...]:
    """The compiled entries of ``form.brak_allowed_fields`` on the filing date: the boxes that may be
    answered "brak" (instruction 3 of the form: only where there are no data). () when no value
    applies: then "brak" answers no mandatory box."""
    fv = c.rulebook.fact_value(BRAK_ALLOWED) if c.rulebook.has(BRAK_ALLOWED) else None
    if fv is None:
        return ()
    cached = _COMPILED.get(id(fv))
    if cached is None or cached[0] is not fv:
        cached = _COMPILED[id(fv)] = (fv, parse_spec(fv.value, BRAK_ALLOWED))
    return cached[1]


def _brak_allowed(c: CheckContext, data: Any, pointer: str) -> bool:
    """Whether the box at a concrete pointer may be answered "brak" in this application."""
    pattern = pattern_of(pointer)
    return any(pattern in req.pointers for entry in brak_allowed_entries(c) if entry.applies(data)
               for req in entry.requirements)


def form_model(c: CheckContext) -> dict[str, Any] | None:
    """The form the mandatory-field list stands for, for the permit type applied for, on the filing
    date: ``{regulation, verified, checked_against}`` (None without a permit type or a value)."""
    models = c.rulebook.value(FORM_MODELS, None)
    app = c.application
    if not isinstance(models, dict) or app is None or app.permit is None or app.permit.type is None:
        return None
    model = models.get(app.permit.type.value)
    return model if isinstance(model, dict) else None


def _form_ctx(c: CheckContext) -> dict[str, Any]:
    """Which form a missing-field defect refers to and whether its list was checked against it."""
    model = form_model(c)
    if model is None:
        return {}
    return {"form": model.get("regulation"), "form_verified": bool(model.get("verified"))}


@dataclass(frozen=True)
class Gap:
    """A mandatory field (or group of alternatives) that is not given."""

    pointer: str  # the field, or the common parent of an any_of group
    alternatives: tuple[str, ...]  # the group's pointers; () for a single field
    section: str | None  # highest absent ancestor object, if the field's section is missing
    requirement: Requirement
    none_answer: bool = False  # answered "brak" where the form takes no "brak" (data cannot be absent)


def find_gaps(c: CheckContext) -> list[Gap]:
    """Every mandatory field not given, in rulebook order, once per pointer (computed once per
    check: D003, D004 and D005 share it)."""
    return list(memo(c, find_gaps, _find_gaps))


def _find_gaps(c: CheckContext) -> tuple[Gap, ...]:
    data = application_data(c)
    entries = mandatory_entries(c)
    if data is None or entries is None or c.parsed is None:
        return ()
    gaps: dict[str, Gap] = {}
    for entry in entries:
        if not entry.applies(data):
            continue
        for req in entry.requirements:
            for gap in _gaps_of(c, data, req):
                gaps.setdefault(gap.pointer, gap)
    return tuple(gaps.values())


def _gaps_of(c: CheckContext, data: Any, req: Requirement) -> Iterator[Gap]:
    assert c.parsed is not None
    if len(req.pointers) == 1:
        for slot in expand(data, req.pointers[0]):
            if c.parsed.was_pruned(slot.pointer):
                continue  # invalid, already reported by D001
            if is_blank(slot.value, empty_list_is_blank=req.empty_list_is_blank):
                yield Gap(slot.pointer, (), slot.missing_section, req)
            elif is_none_answer(slot.value) and not _brak_allowed(c, data, slot.pointer):
                yield Gap(slot.pointer, (), None, req, none_answer=True)
        return
    group = req.pointers
    if any(c.parsed.was_pruned(p) for p in group):
        return
    if any(is_given(resolve(data, p)) for p in group):
        return
    parent = _common_parent(group)
    section = None
    for slot in expand(data, parent):
        section = slot.missing_section or (slot.pointer if slot.value is None else None)
    yield Gap(parent, group, section, req)


def _common_parent(pointers: tuple[str, ...]) -> str:
    split = [p.split("/") for p in pointers]
    common: list[str] = []
    for segs in zip(*split):
        if len(set(segs)) != 1:
            break
        common.append(segs[0])
    return "/".join(common[:-1] if len(common) == len(split[0]) else common)


_LEGAL_BASIS = "art. 64 § 2 KPA"


@rule(
    code="D003",
    name="mandatory-field-missing",
    category=Category.FORMAL_DEFECT,
    reads=("form.brak_allowed_fields", "form.mandatory_fields", "form.models"),
    title="Mandatory form field missing or empty",
    legal_basis=_LEGAL_BASIS,
    needs_application=True,
)
def mandatory_field_missing(c: CheckContext) -> Iterator[Finding]:
    """A field the form requires for this permit type and ground is absent, null, blank or an empty
    list (where [] is not an answer). Lists such as family members accept [] as "none". A text box
    answered "brak" is filled only where the data may really be absent (rulebook
    ``form.brak_allowed_fields``, instruction 3 of the form): a surname, the address in Poland, the
    justification or an Annex 1 item answered "brak" is reported here (``ctx.none_answer``).

    Why the office objects: a form with a blank mandatory field is incomplete; the office summons the
    applicant to complete it within at least 7 days, or leaves the application without examination.
    """
    for gap in find_gaps(c):
        if gap.section is not None or gap.alternatives:
            continue
        req = gap.requirement
        yield Finding(field=gap.pointer, ctx={**label_ctx(gap.pointer), **_requirement_ctx(req),
                                              "reason": "brak_not_an_answer" if gap.none_answer else "mandatory",
                                              "none_answer": gap.none_answer, **_form_ctx(c)})


def _requirement_ctx(req: Requirement) -> dict[str, Any]:
    """Why a field is mandatory, as neutral ids (value.requirement.<id>, value.conditions.<id>)."""
    return {"requirement": req.requirement, "conditions": [dict(cond) for cond in req.conditions]}


@rule(
    code="D004",
    name="mandatory-section-missing",
    category=Category.FORMAL_DEFECT,
    reads=("form.brak_allowed_fields", "form.mandatory_fields", "form.models"),
    title="Section of the form with mandatory fields missing",
    legal_basis=_LEGAL_BASIS,
    needs_application=True,
)
def mandatory_section_missing(c: CheckContext) -> Iterator[Finding]:
    """A whole section (an object of the description) is absent while it holds mandatory fields: one
    defect for the section, listing its mandatory fields, instead of one per field.

    Why the office objects: as for a single field (D003), every one of them is a formal defect.
    """
    sections: dict[str, list[str]] = {}
    for gap in find_gaps(c):
        if gap.section is None:
            continue
        shown = " | ".join(gap.alternatives) if gap.alternatives else gap.pointer
        sections.setdefault(gap.section, []).append(shown)
    for section, fields in sections.items():
        yield Finding(field=section, ctx={**label_ctx(section), "count": len(fields), "fields": fields,
                                          **_form_ctx(c)})


@rule(
    code="D005",
    name="mandatory-alternative-missing",
    category=Category.FORMAL_DEFECT,
    reads=("form.brak_allowed_fields", "form.mandatory_fields", "form.models"),
    title="None of the alternative mandatory fields given",
    legal_basis=_LEGAL_BASIS,
    needs_application=True,
)
def mandatory_alternative_missing(c: CheckContext) -> Iterator[Finding]:
    """Some form items may be answered in more than one way: the employer is identified by its KRS
    number, its CEIDG entry, or (for a natural person) a PESEL or an ID document; working time as a
    fraction of full time or as hours per week. None of the alternatives is given.

    Why the office objects: the item is blank on the form, a formal defect like any blank field.
    """
    for gap in find_gaps(c):
        if gap.section is not None or not gap.alternatives:
            continue
        req = gap.requirement
        yield Finding(field=gap.pointer, ctx={**label_ctx(gap.pointer), "fields": list(gap.alternatives),
                                              **_requirement_ctx(req), "reason": "mandatory", **_form_ctx(c)})


@rule(
    code="D006",
    name="form-fields-not-checked",
    category=Category.ADVISORY,
    reads=("form.mandatory_fields",),
    title="No mandatory-field list for the filing date",
    legal_basis=None,
    needs_application=True,
)
def form_fields_not_checked(c: CheckContext) -> Iterator[Finding]:
    """The field list is known only from the form in force since the first date of the rulebook's
    ``form.mandatory_fields`` (2025-12-01); an earlier filing date is a paper case under an older
    form, which the checker does not guess."""
    if c.parsed is not None and mandatory_entries(c) is None:
        yield Finding(ctx={"filing_date": c.filing_date, "fields_from": c.rulebook.starts_on(MANDATORY_FIELDS)})


@rule(
    code="D007",
    name="form-fields-unverified",
    category=Category.ADVISORY,
    reads=("form.mandatory_fields", "form.models"),
    title="Mandatory-field list not checked against the text of the form",
    legal_basis=None,
    needs_application=True,
)
def form_fields_unverified(c: CheckContext) -> Iterator[Finding]:
    """The rulebook's ``form.models`` says the mandatory-field list of this permit type's form was not
    checked against the form's text (``regulation`` names the form, ``checked_against`` what the list
    rests on instead: from 27 April 2026 the permanent-residence and long-term-resident forms, whose
    lists follow the statute's content of the form). A "ready" verdict then rests on that source,
    not on the form, and the user is told so instead of trusting it silently."""
    if c.parsed is None or mandatory_entries(c) is None:
        return
    model = form_model(c)
    if model is None or model.get("verified"):
        return
    assert c.application is not None and c.application.permit is not None and c.application.permit.type is not None
    yield Finding(ctx={"permit_type": c.application.permit.type.value, "regulation": model.get("regulation") or "—",
                       "checked_against": model.get("checked_against") or "—"})


def mandatory_pointers(c: CheckContext) -> list[str]:
    """Every concrete pointer that is mandatory for this application as it stands (for tests and
    tools): the single fields of the entries that apply, expanded over the list items present."""
    data = application_data(c)
    entries = mandatory_entries(c)
    if data is None or entries is None:
        return []
    out: dict[str, None] = {}
    for entry in entries:
        if not entry.applies(data):
            continue
        for req in entry.requirements:
            if len(req.pointers) == 1:
                for slot in expand(data, req.pointers[0]):
                    out.setdefault(slot.pointer)
    return list(out)
