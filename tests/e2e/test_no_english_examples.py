"""No English reaches another language in the bundled examples (issue 13 item 2): each example's
report, rendered as text and HTML in pl, uk, ru, fr, ar and vi, holds no untranslated English and no
escape of a character the user did not type, and its Arabic isolates pointers, numbers and dates.
The detector and its own tests are in tests/test_no_english.py."""

from __future__ import annotations

import json

import pytest
from conftest import AS_OF, EXAMPLES
from test_no_english import leaks, rtl_unisolated

import mosprecheck

NAMES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def reports():
    return {}


def _report(name, cache):
    if name not in cache:
        cache[name] = mosprecheck.check(EXAMPLES / name, as_of=AS_OF)
    return cache[name]


def test_there_are_thirteen_examples():
    assert len(NAMES) == 13


@pytest.mark.parametrize("name", NAMES)
def test_no_english_in_other_languages(name, reports):
    folder = EXAMPLES / name
    app_file = folder / "application.json"
    application = json.loads(app_file.read_text(encoding="utf-8")) if app_file.exists() else None
    paths = [str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()]
    assert not leaks(_report(name, reports), application, paths)


@pytest.mark.parametrize("name", NAMES)
def test_arabic_isolates_pointers_numbers_and_dates(name, reports):
    assert not rtl_unisolated(_report(name, reports))
