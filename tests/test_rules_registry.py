"""Every rule declares itself completely, and its templates render from its ctx."""

from __future__ import annotations

import re
import string

import pytest

from mosprecheck import Category
from mosprecheck.rules import REQUIRED_LANGUAGES, all_rules
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
    r = RULES[code]

    def fields(tpl: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(tpl) if f}

    def without_lang_hints(fs: set[str]) -> set[str]:
        return {f for f in fs if not re.search(r"_(pl|en)$", f)}

    ref_msg = without_lang_hints(fields(r.message["en"]))
    ref_rem = without_lang_hints(fields(r.remedy["en"]))
    for lang in r.message:
        assert without_lang_hints(fields(r.message[lang])) == ref_msg, (code, lang)
        assert without_lang_hints(fields(r.remedy[lang])) == ref_rem, (code, lang)


def test_missing_ctx_values_render_visibly_instead_of_raising():
    msg, rem = RULES["F002"].render(Finding(file="a.pdf", ctx={"file": "a.pdf"}))
    assert "{size_bytes}" in msg["en"] or "size_bytes" in msg["en"]
    assert set(msg) == set(REQUIRED_LANGUAGES)
