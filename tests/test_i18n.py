"""Every message, remedy, fee label, document label and renderer word exists in all seven MOS
languages (one catalogue per language, ``i18n/catalogue/<lang>.yaml``), with the placeholders of the
English source, marked as translating the current English, and renders without English left in."""

from __future__ import annotations

import shutil
import string
from pathlib import Path

import pytest
import yaml

from mosprecheck import Category
from conftest import AS_OF, EXAMPLES

import mosprecheck
from mosprecheck.i18n import MOS_LANGUAGES, catalogue, entries, format_count, plural, ui
from mosprecheck.i18n.staleness import check_folder, mark, problems, source_hash
from mosprecheck.i18n.values import localise, split_key, translate_phrase
from mosprecheck.rules import OUTPUT_LANGUAGES, all_rules
from mosprecheck.case.helpers import KIND_LABELS
from mosprecheck.rules.registry import Finding

RULES = all_rules()
CATALOGUE_LANGUAGES = [lang for lang in MOS_LANGUAGES if lang not in ("pl", "en")]
TRANSLATED = [lang for lang in MOS_LANGUAGES if lang != "en"]
FOLDER = Path(mosprecheck.__file__).parent / "i18n" / "catalogue"
EXAMPLE_DIRS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir())


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_the_output_languages_are_the_seven_of_mos_each_with_one_catalogue():
    assert OUTPUT_LANGUAGES == ("pl", "en", "uk", "ru", "fr", "ar", "vi")
    assert sorted(p.name for p in FOLDER.glob("[a-z][a-z].yaml")) == sorted(f"{lang}.yaml" for lang in MOS_LANGUAGES)


def test_rules_declare_no_texts_inline():
    """Texts live in the catalogues only: no @rule(...) passes a message= or remedy=."""
    import ast

    for path in sorted((FOLDER.parent.parent / "rules").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("rule", "declare"):
                assert not {kw.arg for kw in node.keywords} & {"message", "remedy"}, path.name


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_translation_is_present_and_marked_for_the_current_english(lang):
    """The staleness check: a key English has and the language lacks, a key only the language has,
    or an entry whose English changed since it was marked (scripts/i18n_mark.py) fails, by name."""
    found = check_folder(FOLDER, lang)
    assert not found, f"{lang}: " + "; ".join(f"{key}: {problem}" for key, problem in found[:20])


def test_rewording_an_english_entry_makes_its_translations_stale(tmp_path):
    for name in ("en.yaml", "uk.yaml", "uk.sources.yaml"):
        shutil.copy(FOLDER / name, tmp_path / name)
    assert check_folder(tmp_path, "uk") == []
    english = yaml.safe_load((tmp_path / "en.yaml").read_text(encoding="utf-8"))
    english["value.reason.crashed"] = "the reading program stopped"
    english["F001.remedy"] += " Then check again."
    english["ui.brand_new_word"] = "new"
    (tmp_path / "en.yaml").write_text(yaml.safe_dump(english, allow_unicode=True), encoding="utf-8")
    found = dict(check_folder(tmp_path, "uk"))
    assert found["F001.remedy"].startswith("stale") and found["ui.brand_new_word"] == "missing"
    assert found["value.reason.crashed"].startswith("stale") and len(found) == 3
    # the translator updates the entries and marks them: current again
    own = yaml.safe_load((tmp_path / "uk.yaml").read_text(encoding="utf-8"))
    own["ui.brand_new_word"] = "нове"
    (tmp_path / "uk.yaml").write_text(yaml.safe_dump(own, allow_unicode=True), encoding="utf-8")
    mark(tmp_path, "uk", ["F001.remedy", "ui.brand_new_word"])
    assert [k for k, _ in check_folder(tmp_path, "uk")] == ["value.reason.crashed"]


def test_a_key_only_a_translation_has_is_extra():
    assert problems({"a": "x"}, {"a": "y", "b": "z"}, {"a": source_hash("x")}) == [("b", "extra: English has no such key")]
    assert problems({"a": "x"}, {}, {}) == [("a", "missing")]


@pytest.mark.parametrize("lang", MOS_LANGUAGES)
def test_plural_units_follow_cldr(lang):
    forms = {"pl": ("1 stronę", "2 strony", "5 stron", "22 strony"), "en": ("1 page", "2 pages", "5 pages", "22 pages"),
             "uk": ("1 сторінку", "2 сторінки", "5 сторінок", "22 сторінки"),
             "ru": ("1 страницу", "2 страницы", "5 страниц", "22 страницы"),
             "fr": ("1 page", "2 pages", "5 pages", "22 pages"), "ar": ("1 صفحة", "2 صفحة", "5 صفحات", "22 صفحة"),
             "vi": ("1 trang", "2 trang", "5 trang", "22 trang")}[lang]
    assert tuple(format_count(n, "page", lang) for n in (1, 2, 5, 22)) == forms
    for key, value in entries(lang).items():
        if key.startswith("unit."):
            assert isinstance(value, dict) and "other" in value, (lang, key)
    assert plural("pl", "year", 5) == "lat" and plural("pl", "year", 3) == "lata"


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_code_has_message_and_remedy_in_every_language(code):
    message, remedy = RULES[code].templates()
    missing = [lang for lang in OUTPUT_LANGUAGES if not message.get(lang) or not remedy.get(lang)]
    assert not missing, f"{code} lacks {missing}: add {code}.message/remedy to src/mosprecheck/i18n/catalogue/<lang>.yaml"


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


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_entry_keeps_the_placeholders_of_its_english_source(lang):
    english = entries("en")
    for key, text in entries(lang).items():
        if isinstance(text, str) and not key.endswith((".message", ".remedy")):
            assert _fields(text) == _fields(english[key]), (lang, key)


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
                            assert localise(base, lang, d.ctx, d.code) is not None, (name, d.code, lang, field)


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
