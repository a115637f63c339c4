"""Every rule declares the rulebook facts it reads (``@rule(reads=...)``), and only facts the
rulebook has; the engine attaches the dated facts to each defect (issue 13 item 4).

The reads are observed, not guessed: every case of tests/cases runs in process (as
tests/test_rule_cases.py runs it) inside :func:`mosprecheck.rules.engine.observe_reads`, which
records every key each rule asked the rulebook view for, directly or through the derived values
and case helpers it calls.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import AS_OF
from test_rule_cases import _cases, _load, build_case

from mosprecheck.api import check_facts
from mosprecheck.rulebook import load_rulebook
from mosprecheck.rules import all_rules
from mosprecheck.rules.engine import dated_facts, observe_reads, shown_value
from mosprecheck.rules.registry import covers

RULES = all_rules()
RULEBOOK = load_rulebook()


@pytest.fixture(scope="module")
def observed(facts_bank) -> dict[str, dict[str, set[str]]]:
    """rule code -> key read -> the cases (CODE/name) in which the rule read it."""
    where: dict[str, dict[str, set[str]]] = {}
    for code, path in _cases():
        case = _load(path)
        app, files = build_case(case, facts_bank)
        as_of = case.get("as_of") or AS_OF
        if isinstance(as_of, str):
            as_of = dt.date.fromisoformat(as_of)
        with observe_reads() as reads:
            check_facts(files, None if case.get("no_application") else app, as_of=as_of)
        for rule_code, keys in reads.items():
            for key in keys:
                where.setdefault(rule_code, {}).setdefault(key, set()).add(f"{code}/{path.stem}")
    return where


@pytest.mark.parametrize("code", sorted(RULES))
def test_a_rule_reads_only_the_facts_it_declares(code, observed):
    undeclared = {key: sorted(cases)[:3] for key, cases in observed.get(code, {}).items()
                  if not RULES[code].declares(key)}
    assert not undeclared, (f"{code} reads rulebook facts it does not declare in @rule(reads=...) "
                            f"(key: some cases that read it): {undeclared}")


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_declared_fact_is_in_the_rulebook(code):
    missing = [key for key in RULES[code].reads
               if not any(covers((key,), fact) for fact in RULEBOOK.facts)]
    assert not missing, f"{code} declares facts the rulebook does not have: {missing}"


def test_the_cases_exercise_the_declarations(observed):
    """The observation is not empty: the rules that read facts are seen reading them (a recorder that
    stopped recording would make the test above pass vacuously)."""
    assert "upload.max_file_bytes" in observed["F002"]
    # fees_due() is computed once per check (derived/fees.py, memo): every rule using it reads fees.*
    for code in ("M002", "M003", "M013"):
        assert {"fees.stamp_duty", "fees.card_fee", "fees.power_of_attorney"} <= set(observed[code]), code
    assert sum(len(keys) for keys in observed.values()) > 100


def test_engine_emitted_codes_read_nothing():
    assert all(r.reads == () for r in RULES.values() if r.check is None)


def test_a_defect_carries_the_dated_facts_its_rule_declared_and_read(facts_bank):
    case = _load(sorted((c, p) for c, p in _cases() if c == "F002" and _load(p)["expect"] == "reported")[0][1])
    app, files = build_case(case, facts_bank)
    report = check_facts(files, app, as_of=AS_OF)
    defect = next(d for d in report.defects if d.code == "F002")
    keys = [f.key for f in defect.facts]
    assert keys == sorted(keys) and "upload.max_file_bytes" in keys
    assert all(RULES["F002"].declares(k) for k in keys)
    limit = next(f for f in defect.facts if f.key == "upload.max_file_bytes")
    dated = RULEBOOK.fact_value("upload.max_file_bytes", report.filing_date)
    assert (limit.value, limit.effective_from, limit.effective_to) == (dated.value, dated.effective_from,
                                                                     dated.effective_to)
    assert limit.value == defect.ctx["limit_bytes"] and limit.sources == list(dated.sources)


def test_a_fact_that_is_a_table_keeps_its_key_and_sources_but_not_its_value():
    view = RULEBOOK.at(dt.date(2026, 12, 1))
    (table,) = dated_facts(view, ["upload.provisions"])
    assert table.value is None and table.sources
    assert shown_value(("pdf", "jpeg")) == ["pdf", "jpeg"] and shown_value({"width": 684}) == {"width": 684}
    assert shown_value(dt.date(2026, 4, 27)) == "2026-04-27" and shown_value({"a": object()}) is None
    assert shown_value(list(range(100))) is None
    assert dated_facts(view, ["no.such_fact"]) == ()


def test_a_memoised_value_counts_as_read_by_every_rule_that_uses_it():
    """fees_due() is computed once per check; the second rule that uses it still reads fees.*."""
    from mosprecheck.case import CheckContext
    from mosprecheck.case.helpers import memo

    view = RULEBOOK.at(dt.date(2026, 12, 1))
    c = CheckContext(files=(), parsed=None, as_of=AS_OF, filing_date=dt.date(2026, 12, 1), rulebook=view)
    calls = []

    def compute(c):
        calls.append(1)
        return c.rulebook.value("upload.max_file_bytes")

    with view.recording() as first:
        memo(c, "limit", compute)
    with view.recording() as second:
        memo(c, "limit", compute)
    assert len(calls) == 1  # computed once: the second rule's read is the memo's replay
    assert first == second == {"upload.max_file_bytes"}


def test_no_rule_reads_a_fact_behind_the_recording_view():
    """``c.rulebook.rulebook`` is the whole rulebook, for its metadata (X010, X011): a fact read
    through it would not be recorded, declared or attached. Rules, derived values and case helpers
    read facts through the view (``history()`` for every dated value)."""
    import re

    from conftest import ROOT

    behind = re.compile(r"rulebook\.rulebook\.(facts|fact\(|value\(|fact_value\()")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for layer in ("rules", "derived", "case")
                 for p in sorted((ROOT / "src" / "mosprecheck" / layer).glob("*.py"))
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if behind.search(line)]
    assert not offenders, offenders


def test_the_view_records_every_way_of_asking_and_recordings_nest():
    view = RULEBOOK.at(dt.date(2026, 12, 1))
    with view.recording() as outer:
        view.value("upload.max_file_bytes")
        with view.recording() as inner:
            view.sources("photo.pixels")
            view.has("documents.temporary_residence.no_such_ground")
            assert view.history("wages.minimum_monthly_gross")[0].effective_from == dt.date(2025, 1, 1)
            view.starts_on("channel.regime", lambda v: v == "mos")
        view.fact_value("photo.max_bytes")
    assert inner == {"photo.pixels", "documents.temporary_residence.no_such_ground", "wages.minimum_monthly_gross",
                     "channel.regime"}
    assert outer == inner | {"upload.max_file_bytes", "photo.max_bytes"}
    view.value("upload.max_file_bytes")  # outside a recording: nothing to record, nothing raised
    assert view.history("no.such_fact") == ()
