"""One late filing, one verdict (issue 11 follow-up): an application filed after the last day of
legal stay is either a bar to opening the case (K012, bar ``legal_stay_ended``: art. 196 ust. 1
pkt 1 lit. a, art. 213 ust. 1 pkt 1 lit. a) or a refusal risk (K020: art. 105 ust. 1, 202 ust. 1,
218a ust. 1), never both; for an applicant in Poland (or whose whereabouts are not given) one of
the two always speaks, and neither does for a filing on time.

Runs in process on the work package's facts (``facts_bank``), as the rule cases do."""

from __future__ import annotations

import copy
import datetime as dt

from conftest import AS_OF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rule_cases import build_case

from mosprecheck.api import check_facts

#: (permit type, ground, the verdict the law gives a late filing in Poland).
CASES = [
    ("temporary_residence", "work_single_permit", "K020"),  # art. 99 has no illegal-stay point
    ("temporary_residence", "study", "K020"),
    ("permanent_residence", "karta_polaka", "K012"),  # art. 196 ust. 1 pkt 1 lit. a
    ("permanent_residence", "polish_origin", "K012"),
    ("permanent_residence", "child_of_polish_citizen", "K020"),  # art. 196 ust. 3 lifts the bar
    ("permanent_residence", "asylum", "K020"),  # art. 196 ust. 2 lifts the bar
    ("long_term_eu_resident", "long_term_residence", "K012"),  # art. 213 ust. 1 pkt 1 lit. a, no exception
]
LEGAL_STAY_UNTIL = dt.date(2027, 1, 15)


def _verdicts(facts_bank, ptype: str, grd: str, filing: dt.date, in_poland: bool | None,
              legal_stay_until: dt.date = LEGAL_STAY_UNTIL) -> tuple[set[str], bool]:
    """The late-filing codes the report gives (K012 only for its ``legal_stay_ended`` bar) and the verdict."""
    application = {"permit": {"type": ptype, "ground": grd}, "filing_date": filing.isoformat(),
                   "legal_stay_until": legal_stay_until.isoformat(),
                   "current_stay": {"in_poland": in_poland}}
    if ptype != "temporary_residence":
        application["annex_1"] = None
    app, files = build_case({"application": copy.deepcopy(application)}, facts_bank)
    if in_poland is None:
        app["current_stay"].pop("in_poland", None)
    report = check_facts(files, app, as_of=AS_OF)
    assert not [d for d in report.defects if d.code == "X900"], "a rule crashed"
    codes = {d.code for d in report.defects
             if d.code == "K020" or (d.code == "K012" and d.ctx.get("bar") == "legal_stay_ended")}
    return codes, report.ready_to_file


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(CASES), days=st.integers(min_value=-30, max_value=800),
       in_poland=st.sampled_from([True, None, False]),
       last_day=st.dates(min_value=dt.date(2024, 2, 1), max_value=dt.date(2028, 12, 31)))
def test_a_late_filing_gets_one_verdict_never_both(facts_bank, case, days, in_poland, last_day):
    """Over filing dates on both sides of 27 April 2026 (paper and MOS filing): the bars and the
    deadline are dated facts of their own, and the verdict must not change with the channel."""
    ptype, grd, expected = case
    filing = last_day + dt.timedelta(days=days)
    codes, ready = _verdicts(facts_bank, ptype, grd, filing, in_poland, last_day)
    assert codes != {"K012", "K020"}, (ptype, grd, filing, in_poland)
    if days <= 0 or in_poland is False:
        assert not codes, (ptype, grd, filing, in_poland)  # on time, or no stay in Poland to lose
    else:
        assert codes == {expected}, (ptype, grd, filing, in_poland)
        if expected == "K012":
            assert not ready  # not fileable: a false "ready" is the worst bug


def test_each_permit_type_gets_the_verdict_the_law_gives_the_day_after(facts_bank):
    day_after = LEGAL_STAY_UNTIL + dt.timedelta(days=1)
    got = {(ptype, grd): _verdicts(facts_bank, ptype, grd, day_after, True)[0] for ptype, grd, _ in CASES}
    assert got == {(ptype, grd): {expected} for ptype, grd, expected in CASES}
