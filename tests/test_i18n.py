"""Every message, remedy, fee label, document label and renderer word exists in all seven MOS
languages (one catalogue per language, ``i18n/catalogue/<lang>.yaml``), with the placeholders of the
English source, marked as translating the current English, and renders without English left in."""

from __future__ import annotations

import re
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
from mosprecheck.i18n.template import render
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
    for name in ("en.yaml", "uk.yaml", "sources.yaml"):
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


_KEY = re.compile(r"^([A-Z][0-9]{3}\.(message|remedy|[a-z_]+\.[A-Za-z0-9_]+)|value\.[a-z_]+\.[A-Za-z0-9_]+"
                  r"|kind\.[a-z_0-9]+|fee\.[a-z_.]+|ui\.[a-z_.]+|field\./\S+|habit\.[a-z_0-9]+|unit\.[a-z_]+)$")


@pytest.mark.parametrize("lang", MOS_LANGUAGES)
def test_catalogue_keys_are_stable_ids_never_wording(lang):
    """Every entry is keyed by an id (CODE.message, CODE.<slot>.<id>, kind.*, fee.*, ui.*, ...):
    nothing finds a translation by its English wording."""
    bad = [key for key in entries(lang) if not _KEY.match(key)]
    assert not bad, (lang, bad[:10])


def test_templates_name_neutral_slots_never_a_language():
    """A template asks for {reason}, never {reason_uk}/{reason_en}: the language is the template's."""
    suffixed = re.compile(r"_(pl|en|uk|ru|fr|ar|vi)$")
    for lang in MOS_LANGUAGES:
        for key, template in entries(lang).items():
            if isinstance(template, str):
                assert not [f for f in _fields(template) if suffixed.search(f)], (lang, key)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_entry_keeps_the_placeholders_of_its_english_source(lang):
    english = entries("en")
    for key, text in entries(lang).items():
        if isinstance(text, str) and not key.endswith((".message", ".remedy")):  # those: test_rules_registry
            assert _fields(text) == _fields(english[key]), (lang, key)


def test_renderer_words_exist_in_every_language():
    english = ui("en")
    for lang in OUTPUT_LANGUAGES:
        own = {k[3:]: v for k, v in entries(lang).items() if k.startswith("ui.") and "." not in k[3:]}
        own.update({head: {k[4 + len(head):]: v for k, v in entries(lang).items() if k.startswith(f"ui.{head}.")}
                    for head in ("headings", "counts")})
        assert set(own) == set(english), (lang, set(english) ^ set(own))
        assert set(own["headings"]) == set(english["headings"]), lang
        assert set(own["counts"]) == {c.value for c in Category}, lang


def test_every_document_kind_has_a_label_in_every_output_language():
    for kind, labels in KIND_LABELS.items():
        assert all(labels.get(lang) for lang in OUTPUT_LANGUAGES), kind


@pytest.mark.parametrize("lang", CATALOGUE_LANGUAGES)
def test_composed_requirement_reasons_are_translated_with_no_english_left(lang):
    ctx = {"field": "/annex_1/x", "form_label": "x", "field_name": "x", "reason": "mandatory", "requirement": "when",
           "conditions": [{"id": "equals", "pointer": "/permit/ground", "value": "work_single_permit / blue_card"},
                          {"id": "given", "pointer": "/annex_1"}]}
    message, _ = RULES["D003"].render(Finding(ctx=ctx))
    text = message[lang]
    assert "/permit/ground" in text and "work_single_permit / blue_card" in text and "/annex_1" in text
    assert " is " not in text and "mandatory" not in text and " and " not in text and "{" not in text
    assert "mandatory when /permit/ground is work_single_permit / blue_card and /annex_1 is given" in message["en"]


@pytest.mark.parametrize("lang", MOS_LANGUAGES)
def test_neutral_ctx_values_are_rendered_from_the_catalogue(lang):
    assert render("{document}", {"kinds": ["photo", "visa_copy"]}, lang) == (
        entries(lang)["kind.photo"] + entries(lang)["ui.or"] + entries(lang)["kind.visa_copy"])
    assert render("{hint}", {"suggestion": None, "hint": ""}, lang) == ""
    assert "UKR" in render("{hint}", {"suggestion": "UKR", "hint": "did_you_mean"}, lang)
    assert render("{reason}", {"reason": "minor_signs", "age": 15}, lang).count("15") == 1
    assert render("{reason}", {"reason": "crashed"}, lang) == entries(lang)["value.reason.crashed"]
    assert render("{repair}", {"repair": ["xref", "eof"]}, lang, "P008") == ", ".join(
        entries(lang)[f"P008.repair.{r}"] for r in ("xref", "eof"))
    assert render("{amount}", {"amount": "440 zł"}, lang) == "440 zł"  # not an id: shown as is
    assert render("{reason}", {"reason": "no_such_id"}, lang) == "no_such_id"


def test_a_rule_passes_no_sentence_per_language_in_ctx(example_reports):
    """Facts and rule contexts carry measurements and neutral ids, never <key>_pl / <key>_en texts."""
    suffixed = re.compile(r"_(pl|en|uk|ru|fr|ar|vi)$")
    seen = 0
    for name, report in example_reports.items():
        for d in report.defects:
            seen += 1
            assert not [k for k in d.ctx if suffixed.search(k)], (name, d.code, sorted(d.ctx))
    assert seen


def test_the_fee_payees_translate_the_rulebooks_english_wording():
    from mosprecheck.rulebook import load_rulebook

    book = load_rulebook()
    for fact, payee in (("fees.stamp_duty_legal_basis", "stamp_duty"), ("fees.card_fee", "card_fee")):
        for fv in book.facts[fact].values:
            assert entries("en")[f"fee.paid_to.{payee}"] == fv.value["paid_to_en"], (fact, fv.effective_from)
            assert entries("pl")[f"fee.paid_to.{payee}"] == fv.value["paid_to_pl"], (fact, fv.effective_from)


def test_plural_counts_in_rendered_messages():
    for n, pl, en in ((1, "1 dzień", "1 day late"), (3, "3 dni", "3 days late"), (25, "25 dni", "25 days late")):
        message, _ = RULES["K020"].render(Finding(ctx={"filing_date": "2027-02-01", "legal_stay_until": "2027-01-15",
                                                       "days_late": n}))
        assert pl in message["pl"] and en in message["en"], n
    message, _ = RULES["P050"].render(Finding(ctx={"pages": 1, "required": 2, "files": "a.pdf", "kinds": ["passport_copy"]}))
    assert "1 stronę" in message["pl"] and "1 page in all" in message["en"] and "1 сторінку" in message["uk"]


def test_digits_are_grouped_the_way_each_language_does():
    rendered, _ = RULES["K020"].render(Finding(ctx={"filing_date": "2027-02-01", "legal_stay_until": "2027-01-15",
                                                    "days_late": 12345}))
    assert "12\u00a0345" in rendered["pl"] and "12,345" in rendered["en"] and "12\u00a0345" in rendered["uk"]
    assert "12\u202f345" in rendered["fr"] and "12.345" in rendered["vi"]


@pytest.fixture(scope="module")
def example_reports():
    return {p.name: mosprecheck.check(p, as_of=AS_OF) for p in EXAMPLE_DIRS}


def test_examples_render_every_language_with_every_placeholder_filled(example_reports):
    """Every field of every example's messages and remedies is resolved in every language."""
    for name, report in example_reports.items():
        for d in report.defects:
            for lang in OUTPUT_LANGUAGES:
                for text in (d.message[lang], d.remedy[lang]):
                    assert not re.search(r"\{[a-z_]+(:[^}]*)?\}", text), (name, d.code, lang, text)


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


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -3, 10**30, 2.5, True, None, [], {}, [{"id": 1}],
                                   {"id": None}, "x", [1, "a"], [{"a": 1}]])
def test_templates_never_raise_on_odd_ctx_values(value):
    for lang in (*MOS_LANGUAGES, "xx"):
        out = render("{x:@page} {x:n} {x} {x:country} {x[0]} {x:@no_such_unit} {document}", {"x": value}, lang, "F001")
        assert isinstance(out, str)
