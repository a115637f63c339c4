"""The rulebook is dated, sourced, validated data; its tables name only known grounds and kinds;
staleness and coverage are reported; every decision is explained in docs/rulebook.md."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import AS_OF, ROOT

import mosprecheck
from mosprecheck.application.models import DocumentKind, Ground, PermitType
from mosprecheck.rulebook import RulebookError, _parse_file, load_rulebook

RB = load_rulebook()
FACTS = sorted(RB.facts)
GROUNDS = {g.value for g in Ground}
KINDS = {k.value for k in DocumentKind}
TYPES = {t.value for t in PermitType}


@pytest.mark.parametrize("key", FACTS)
def test_every_fact_has_a_source_dates_and_a_verification_date(key):
    fact = RB.fact(key)
    assert fact.description.strip()
    assert isinstance(fact.last_verified, dt.date)
    for v in fact.values:
        assert isinstance(v.effective_from, dt.date)
        assert v.sources, f"{key}: a value without sources"
        assert v.effective_to is None or v.effective_to >= v.effective_from
    # Only the last value may be open-ended.
    assert all(v.effective_to is not None for v in fact.values[:-1]), key


@pytest.mark.parametrize(
    "body, message",
    [
        ("facts:\n  k:\n    description: d\n    last_verified: 2026-01-01\n    values:\n"
         "      - {effective_from: 2026-01-01, value: 1}\n", "sources"),
        ("facts:\n  k:\n    description: d\n    last_verified: 2026-01-01\n    values:\n"
         "      - {value: 1, sources: [O1]}\n", "effective_from"),
        ("facts:\n  k:\n    description: d\n    values:\n"
         "      - {effective_from: 2026-01-01, value: 1, sources: [O1]}\n", "last_verified"),
        ("facts:\n  k:\n    description: d\n    last_verified: 2026-01-01\n    values:\n"
         "      - {effective_from: 2026-01-01, value: 1, sources: [my blog]}\n", "sources"),
        ("facts:\n  k:\n    description: d\n    last_verified: 2026-01-01\n    values:\n"
         "      - {effective_from: 2026-01-01, value: 1, sources: [O1]}\n"
         "      - {effective_from: 2026-06-01, value: 2, sources: [O1]}\n", "overlaps"),
    ],
)
def test_a_fact_without_source_or_dates_is_refused_at_load(body, message):
    with pytest.raises(RulebookError, match=message):
        _parse_file("test.yaml", body)


def test_rulebook_metadata_is_loaded():
    assert RB.version and RB.coverage_from == dt.date(2024, 1, 1) and RB.stale_after_days == 180


def test_key_dates_are_change_dates():
    assert {dt.date(2025, 1, 1), dt.date(2025, 12, 1), dt.date(2026, 4, 27)} <= set(RB.change_dates())


@pytest.mark.parametrize("day", RB.change_dates())
def test_every_change_date_changes_some_fact(day):
    before, after = RB.at(day - dt.timedelta(days=1)), RB.at(day)
    assert any(before.value(k, None) != after.value(k, None) for k in FACTS), day


def test_ground_tables_name_only_known_permit_types_and_grounds():
    table = RB.value("grounds.permit_types", AS_OF)
    assert set(table) == TYPES
    listed = {g for gs in table.values() for g in gs}
    assert listed == GROUNDS
    paper = RB.value("grounds.paper_only", AS_OF)
    assert set(paper["always"]) | set(paper["outside_poland"]) <= set(table["temporary_residence"])
    assert set(RB.value("grounds.income_required", AS_OF)) <= GROUNDS
    assert "spouse_of_polish_citizen" not in RB.value("grounds.income_required", AS_OF)


def test_every_permit_type_and_ground_has_a_stamp_duty_entry():
    duty = RB.value("fees.stamp_duty", AS_OF)
    table = RB.value("grounds.permit_types", AS_OF)
    for ptype, grounds in table.items():
        assert set(duty[ptype]) == set(grounds), ptype
    assert duty["temporary_residence"]["work_single_permit"] == 440
    assert duty["temporary_residence"]["seasonal_work"] == 170
    assert duty["temporary_residence"]["study"] == 340
    assert duty["permanent_residence"]["karta_polaka"] == 640
    assert duty["long_term_eu_resident"]["long_term_residence"] == 640


def test_every_fileable_ground_has_a_document_list_of_known_kinds():
    table = RB.value("grounds.permit_types", AS_OF)
    paper_always = set(RB.value("grounds.paper_only", AS_OF)["always"])
    for ptype, grounds in table.items():
        for g in grounds:
            if g in paper_always:
                continue
            value = RB.value(f"documents.{ptype}.{g}", AS_OF)
            for part in ("at_filing", "later"):
                for item in value[part]:
                    assert item["id"] and set(item["any_of"]) <= KINDS, (ptype, g, item)
    for part in ("at_filing", "later"):
        for item in RB.value("documents.core", AS_OF)[part]:
            assert set(item["any_of"]) <= KINDS
    assert set(RB.value("translations.exempt_kinds", AS_OF)) <= KINDS
    for kinds in RB.value("fees.card_fee_reduction", AS_OF)["proofs"].values():
        assert set(kinds) <= KINDS


def test_amounts_of_the_issue():
    assert RB.value("wages.minimum_monthly_gross", dt.date(2025, 6, 1)) == 4666
    assert RB.value("wages.minimum_monthly_gross", dt.date(2026, 6, 1)) == 4806
    assert RB.value("income.single_person_monthly_net", dt.date(2025, 1, 1)) == 1010
    assert RB.value("income.per_person_in_family_monthly_net", dt.date(2025, 1, 1)) == 823
    assert RB.value("fees.card_fee", AS_OF)["amount"] == 100
    assert RB.value("fees.card_fee_reduction", AS_OF)["rate"] == 0.5
    assert RB.value("fees.power_of_attorney", AS_OF)["amount"] == 17


def test_staleness_boundary():
    oldest = RB.last_verified
    assert not RB.is_stale(oldest + dt.timedelta(days=180))
    assert RB.is_stale(oldest + dt.timedelta(days=181))


def test_stale_rulebook_gives_exactly_one_advisory(work_package):
    report = mosprecheck.check(work_package, as_of=RB.last_verified + dt.timedelta(days=400))
    stale = [d for d in report.defects if d.code == "X010"]
    assert len(stale) == 1 and stale[0].category.value == "advisory"
    assert stale[0].ctx["limit"] == 180 and stale[0].ctx["days"] == 400


#: Data files documented with their own rules (file checks, form data), not in the decisions section.
OTHER_OWNERS = {"upload.yaml", "fields.yaml", "rulebook.yaml"}


def test_every_decision_is_explained_in_docs():
    import yaml

    text = (ROOT / "docs" / "rulebook.md").read_text(encoding="utf-8")
    data = ROOT / "src" / "mosprecheck" / "rulebook" / "data"
    checked = 0
    for path in sorted(data.glob("*.yaml")):
        if path.name in OTHER_OWNERS:
            continue
        for key, body in yaml.safe_load(path.read_text(encoding="utf-8"))["facts"].items():
            if body.get("decision"):
                checked += 1
                assert f"`{key}`" in text, f"docs/rulebook.md does not explain the decision on {key}"
    assert checked


def test_every_document_kind_has_a_label_in_every_language():
    from mosprecheck.case.helpers import KIND_LABELS
    from mosprecheck.rules.registry import REQUIRED_LANGUAGES

    assert set(KIND_LABELS) == KINDS
    for kind, labels in KIND_LABELS.items():
        assert all(labels.get(lang) for lang in REQUIRED_LANGUAGES), kind
