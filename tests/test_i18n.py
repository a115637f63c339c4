"""Every message, remedy, fee label, document label and renderer word exists in all seven MOS
languages, with the placeholders of the English source, and renders without English left in."""

from __future__ import annotations

import string

import pytest

from mosprecheck import Category
from conftest import AS_OF, EXAMPLES

import mosprecheck
from mosprecheck.i18n import MOS_LANGUAGES, catalogue, ui, value_table
from mosprecheck.i18n.values import localise, split_key, translate_phrase
from mosprecheck.rules import OUTPUT_LANGUAGES, REQUIRED_LANGUAGES, all_rules
from mosprecheck.case.helpers import KIND_LABELS
from mosprecheck.rules.registry import Finding

RULES = all_rules()
CATALOGUE_LANGUAGES = [lang for lang in MOS_LANGUAGES if lang not in REQUIRED_LANGUAGES]
EXAMPLE_DIRS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir())


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_the_output_languages_are_the_seven_of_mos_and_inline_sources_stay_pl_en():
    assert OUTPUT_LANGUAGES == ("pl", "en", "uk", "ru", "fr", "ar", "vi")
    assert REQUIRED_LANGUAGES == ("pl", "en")


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_code_has_message_and_remedy_in_every_language(code):
    message, remedy = RULES[code].templates()
    missing = [lang for lang in OUTPUT_LANGUAGES if not message.get(lang) or not remedy.get(lang)]
    assert not missing, f"{code} lacks {missing}: add it to src/mosprecheck/i18n/<lang>/*.yaml"


def test_catalogues_translate_only_registered_codes():
    assert not set(catalogue()) - set(RULES), "a catalogue translates a code no rule declares"


@pytest.mark.parametrize("code", sorted(RULES))
def test_rendered_defect_carries_every_language(code):
    message, remedy = RULES[code].render(Finding(ctx={}))
    assert set(OUTPUT_LANGUAGES) <= set(message) and set(OUTPUT_LANGUAGES) <= set(remedy)


def test_language_specific_placeholders_use_the_template_language():
    """A Ukrainian template asks for {reason_uk}, not {reason_en}: otherwise English leaks in."""
    for code, per_lang in catalogue().items():
        for lang, texts in per_lang.items():
            for key in ("message", "remedy"):
                for name in _fields(texts[key]):
                    _, suffix = split_key(name)
                    assert suffix in (None, lang), (code, lang, key, name)


def test_value_tables_have_the_same_entries_in_every_catalogue_language():
    reference = value_table("uk")
    for lang in CATALOGUE_LANGUAGES:
        table = value_table(lang)
        assert set(table) == set(reference), lang
        for section in ("phrases", "labels"):
            assert set(table[section]) == set(reference[section]), (lang, section)
        for key, entries in reference["by_value"].items():
            assert set(table["by_value"][key]) == set(entries), (lang, key)
            for neutral, text in entries.items():
                assert _fields(table["by_value"][key][neutral]) == _fields(text), (lang, key, neutral)
        for source, text in table["phrases"].items():
            assert _fields(text) == _fields(source), (lang, source)


def test_renderer_words_exist_in_every_language():
    english = ui("en")
    from mosprecheck.i18n import _special

    tables = _special("_ui.yaml")
    for lang in OUTPUT_LANGUAGES:
        own = tables[lang]
        assert set(own) == set(english), (lang, set(english) ^ set(own))
        assert set(own["headings"]) == set(english["headings"]), lang
        assert set(own["counts"]) == {c.value for c in Category}, lang


def test_every_document_kind_has_a_label_in_every_output_language():
    for kind, labels in KIND_LABELS.items():
        assert all(labels.get(lang) for lang in OUTPUT_LANGUAGES), kind


@pytest.mark.parametrize("lang", CATALOGUE_LANGUAGES)
def test_composed_requirement_reasons_are_translated_with_no_english_left(lang):
    text = translate_phrase("mandatory when /permit/ground is work_single_permit / blue_card and /annex_1 is given",
                            lang)
    assert text is not None
    assert "/permit/ground" in text and "work_single_permit / blue_card" in text and "/annex_1" in text
    assert " is " not in text and "mandatory" not in text and " and " not in text


@pytest.mark.parametrize("lang", CATALOGUE_LANGUAGES)
def test_neutral_ctx_values_are_localised(lang):
    assert localise("document", lang, {"kinds": ["photo"]}) == KIND_LABELS["photo"][lang]
    assert localise("hint", lang, {"suggestion": None}) == ""
    assert "UKR" in localise("hint", lang, {"suggestion": "UKR"})
    assert localise("reason", lang, {"reason": "minor_signs", "age": 15}).count("15") == 1
    assert localise("label", lang, {"label_pl": "nazwisko", "label_en": "Surname"}) == "nazwisko"
    assert localise("amount", lang, {"amount_pl": "440 zł", "amount_en": "440 zł"}) == "440 zł"
    assert localise("reason", lang, {"reason_en": "a phrase nobody translated"}) is None


def test_digits_are_grouped_the_way_each_language_does():
    rendered, _ = RULES["K020"].render(Finding(ctx={"filing_date": "2027-02-01", "legal_stay_until": "2027-01-15",
                                                    "days_late": 12345}))
    assert "12\u00a0345" in rendered["pl"] and "12,345" in rendered["en"] and "12\u00a0345" in rendered["uk"]
    assert "12\u202f345" in rendered["fr"] and "12.345" in rendered["vi"]


@pytest.fixture(scope="module")
def example_reports():
    return {p.name: mosprecheck.check(p, as_of=AS_OF) for p in EXAMPLE_DIRS}


def test_examples_render_every_language_without_falling_back_to_english(example_reports):
    """Every language-specific value in the examples' defects has a translation (no English inserted)."""
    for name, report in example_reports.items():
        for d in report.defects:
            messages, remedies = RULES[d.code].templates()
            for lang in CATALOGUE_LANGUAGES:
                for template in (messages[lang], remedies[lang]):
                    for field in _fields(template):
                        base, suffix = split_key(field)
                        if suffix:
                            assert localise(base, lang, d.ctx) is not None, (name, d.code, lang, field)


def test_fee_and_checklist_labels_exist_in_every_language(example_reports):
    seen_fees = seen_items = 0
    for report in example_reports.values():
        for fee in report.summary.fees:
            seen_fees += 1
            assert set(fee.label) == set(OUTPUT_LANGUAGES) and all(fee.label.values()), fee.item
        for item in report.summary.checklist:
            seen_items += 1
            assert set(item.label) == set(OUTPUT_LANGUAGES) and all(item.label.values()), item.requirement
    assert seen_fees and seen_items
