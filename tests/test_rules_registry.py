"""Every rule declares itself completely, and its templates render from its ctx."""

from __future__ import annotations

import re
import string

import pytest

from mosprecheck import Category
from mosprecheck.rules import OUTPUT_LANGUAGES, REQUIRED_LANGUAGES, all_rules
from mosprecheck.rules.registry import Finding

RULES = all_rules()


def test_codes_are_unique_stable_shaped_and_names_unique():
    assert RULES, "no rule registered"
    assert all(re.fullmatch(r"[A-Z]\d{3}", code) for code in RULES)
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_declares_category_title_doc_and_every_language(code):
    r = RULES[code]
    assert isinstance(r.category, Category)
    assert r.title and r.doc, f"{code} needs a title and a docstring"
    for lang in REQUIRED_LANGUAGES:
        assert r.message.get(lang) and r.remedy.get(lang)


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_language_uses_the_same_placeholders(code):
    """The catalogue templates of every language name the same ctx values as the English source; a
    field's name counts as its label ({field_name} in English, the form's own {form_label} elsewhere)."""
    r = RULES[code]
    same = {"field_name": "label", "form_label": "label"}

    def fields(tpl: str) -> set[str]:
        return {same.get(f, f) for _, f, _, _ in string.Formatter().parse(tpl) if f}

    messages, remedies = r.templates()
    ref_msg, ref_rem = fields(messages["en"]), fields(remedies["en"])
    for lang in messages:
        assert fields(messages[lang]) == ref_msg, (code, lang)
        assert fields(remedies[lang]) == ref_rem, (code, lang)


def test_missing_ctx_values_render_visibly_instead_of_raising():
    msg, rem = RULES["F002"].render(Finding(file="a.pdf", ctx={"file": "a.pdf"}))
    assert "'a.pdf'" in msg["en"]  # what the ctx gives is filled in
    assert "{size_bytes}" in msg["en"] and "{limit_bytes}" in msg["en"]  # what it lacks is shown as the field
    assert set(REQUIRED_LANGUAGES) <= set(msg) <= set(OUTPUT_LANGUAGES)
