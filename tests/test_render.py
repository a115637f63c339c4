"""Decisions the text and HTML renderers share (render/_common.py): both formats say the same thing
about one report; numbers are written one way for rule texts and renderers (i18n.format_number)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import AS_OF, EXAMPLES

import mosprecheck
from mosprecheck.i18n import MOS_LANGUAGES, format_number, ui
from mosprecheck.render import render_html, render_text
from mosprecheck.render._common import deadline_state, defect_groups, format_amount, pick
from mosprecheck.report.models import Category, FilingDeadline


@pytest.fixture(scope="module")
def report():
    return mosprecheck.check(EXAMPLES / "work-passport-missing", as_of=AS_OF)


def _with_deadline(report, **fields):
    deadline = FilingDeadline(**{"last_day": dt.date(2026, 11, 20), "days_left": 10,
                                 "filing_date_in_time": True, **fields})
    return report.model_copy(update={"summary": report.summary.model_copy(update={"filing_deadline": deadline})})


@pytest.mark.parametrize(("days_left", "in_time", "state"), [
    (10, True, "in_time"),
    (0, True, "in_time"),  # the last day itself
    (-5, True, "late"),  # as-of after the last day, filing date before it: that date has passed
    (10, False, "late"),  # still time today, but the intended filing date is after the last day
    (-5, False, "late"),
])
@pytest.mark.parametrize("lang", ["en", "pl"])
def test_text_and_html_agree_on_whether_the_filing_is_late(report, days_left, in_time, state, lang):
    shown = _with_deadline(report, days_left=days_left, filing_date_in_time=in_time)
    assert deadline_state(shown.summary.filing_deadline) == state
    words = ui(lang)
    text, page = render_text(shown, lang), render_html(shown, lang)
    [line] = [line for line in text.splitlines() if line.startswith(f"{words['deadline']}:")]
    if state == "late":
        assert words["late"] in line and words["days_left"] not in line
        assert f'<span class="late">{words["late"]}</span>' in page and words["days_left"] not in page
    else:
        assert f"{words['days_left']}: {days_left}" in line and words["late"] not in line
        assert f"<strong>{days_left}</strong>" in page and 'class="late"' not in page


def test_pick_falls_back_to_english_then_any_language_then_the_default():
    assert pick({"pl": "tak", "en": "yes"}, "pl") == "tak"
    assert pick({"pl": "tak", "en": "yes"}, "uk") == "yes"
    assert pick({"pl": "tak"}, "uk") == "tak"
    assert pick({}, "uk", "stamp_duty") == "stamp_duty"


def test_defect_groups_follow_the_categories_and_the_report_order(report):
    groups = defect_groups(report)
    assert [c for c, _ in groups] == [c for c in Category if report.summary.counts[c]]
    assert [d for _, ds in groups for d in ds] == report.defects


@pytest.mark.parametrize(("value", "lang", "decimals", "expected"), [
    (52_000_000, "pl", None, "52\u00a0000\u00a0000"),
    (52_000_000, "en", None, "52,000,000"),
    (52_000_000.0, "fr", None, "52\u202f000\u202f000"),
    (1234.5, "pl", None, "1\u00a0234,50"),
    (1234.5, "en", None, "1,234.50"),
    (1234.5, "vi", None, "1.234,50"),
    (440, "pl", 2, "440,00"),
    (440, "ar", 2, "440.00"),
    (-1234.5, "en", 2, "-1,234.50"),
    (7, "xx", None, "7"),  # a language without a table: the English way
])
def test_format_number(value, lang, decimals, expected):
    assert format_number(value, lang, decimals=decimals) == expected


@pytest.mark.parametrize("lang", MOS_LANGUAGES)
def test_amounts_and_rule_numbers_are_written_the_same_way(lang):
    from mosprecheck.rules import all_rules
    from mosprecheck.rules.registry import Finding

    msg, _ = all_rules()["F002"].render(Finding(file="a.pdf", ctx={"file": "a.pdf", "size_bytes": 52_000_001,
                                                                   "limit_bytes": 52_000_000}))
    assert format_number(52_000_000, lang) in msg[lang]
    assert format_amount(1540.0, lang, "?") == f"{format_number(1540, lang, decimals=2)} PLN"
    assert format_amount(None, lang, "?") == "?"
