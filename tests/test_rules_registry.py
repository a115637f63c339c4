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


# --- aliases and retired codes (issue 13 item 4) ------------------------------------------------------


def test_an_old_code_resolves_to_the_rule_that_replaced_it():
    import mosprecheck
    from mosprecheck.rules import aliases, resolve_code, retired_codes

    assert mosprecheck.resolve_code is resolve_code
    assert resolve_code("F005") == "F016" and resolve_code(" f005 ") == "F016"
    assert "F005" in RULES["F016"].aliases and aliases()["F005"] == "F016"
    assert resolve_code("F016") == "F016"  # a live code is its own
    assert resolve_code("I058") is None and "I058" in retired_codes()  # retired, nothing replaced it
    assert resolve_code("Z999") is None


def test_aliases_and_retired_codes_are_never_live_or_used_twice():
    from mosprecheck.rules import aliases, retired_codes

    old = list(aliases())
    assert not set(old) & set(RULES) and not set(old) & set(retired_codes()) and not set(retired_codes()) & set(RULES)
    assert all(aliases()[a] in RULES for a in old)


def _register(code, name, **declaration):
    from mosprecheck.rules.registry import rule

    return rule(code=code, name=name, category=Category.ADVISORY, title="t", legal_basis=None,
                **declaration)(lambda c: ())


@pytest.mark.parametrize(("declaration", "error"), [
    ({"aliases": ("F001",)}, "alias F001 is already rule file-type-not-allowed"),  # a live code
    ({"aliases": ("F005",)}, "alias F005 is already an alias of F016"),  # another rule's alias
    ({"aliases": ("I058",)}, "alias I058 is already the retired code"),
    ({"aliases": ("Q998", "Q998")}, "alias Q998 is its own code or named twice"),
    ({"aliases": ("Q999",)}, "alias Q999 is its own code or named twice"),
    ({"reads": ("Upload.Max",)}, "reads must be distinct fact keys"),
    ({"reads": ("fees.card_fee", "fees.card_fee")}, "reads must be distinct fact keys"),
])
def test_the_registry_refuses_a_bad_declaration(declaration, error):
    from mosprecheck.rules.registry import _REGISTRY

    with pytest.raises(ValueError, match=re.escape(error)):
        _register("Q999", "test-only-rule", **declaration)
    assert "Q999" not in _REGISTRY


@pytest.mark.parametrize("code", ["F005", "I058"])
def test_an_old_or_retired_code_cannot_be_registered_again(code):
    from mosprecheck.rules.registry import _REGISTRY, retire

    with pytest.raises(ValueError, match=f"rule code {code} is already"):
        _register(code, "test-only-rule")
    with pytest.raises(ValueError, match=f"retired code {'F001'} is already rule"):
        retire(code="F001", name="file-type-not-allowed", reason="test")
    assert code not in _REGISTRY
