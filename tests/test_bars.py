"""The bars to opening a case (art. 99, 196, 213 ustawy o cudzoziemcach) and the paper cases are
rulebook data the rules can read: every pointer names a field of the description, every value is a
value that field can take, every exception is one the code evaluates, every text exists in every
language, and each bar cites a point of the article of its own permit type."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import AS_OF

from mosprecheck.application.models import Application, BasisOfStay
from mosprecheck.i18n import MOS_LANGUAGES, text as catalogue_text
from mosprecheck.rulebook import load_rulebook
from mosprecheck.rules import eligibility

RB = load_rulebook()
DAYS = [dt.date(2024, 1, 1), dt.date(2026, 4, 26), dt.date(2026, 4, 27), AS_OF]
ARTICLE = {"temporary_residence": "art. 99 ust. 1 pkt ", "permanent_residence": "art. 196 ust. 1 pkt ",
           "long_term_eu_resident": "art. 213 ust. 1 pkt "}
UNLESS_KEYS = {"grounds", "basis_of_stay", "minor_born_in_poland"}
OTHER_LANGUAGES = [lang for lang in MOS_LANGUAGES if lang not in ("pl", "en")]


def _field_type(pointer: str):
    """The annotation of the model field a JSON pointer names (AssertionError when there is none)."""
    model = Application
    annotation = None
    for part in pointer.strip("/").split("/"):
        assert model is not None and part in model.model_fields, f"{pointer}: no field {part!r}"
        annotation = model.model_fields[part].annotation
        model = next((a for a in getattr(annotation, "__args__", ()) if hasattr(a, "model_fields")), None)
    return annotation


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_bar_reads_a_real_field_with_values_it_can_take(day):
    table = RB.value("eligibility.bars_to_opening", day)
    grounds = RB.value("grounds.permit_types", day)
    assert set(table) == set(ARTICLE)
    for ptype, bars in table.items():
        assert bars, ptype
        for bar in bars:
            annotation = _field_type(bar["field"])
            args = set(getattr(annotation, "__args__", ()))
            if bar.get("before_filing_date"):
                assert dt.date in args and "values" not in bar, (ptype, bar["bar"])
            else:
                assert bar["values"], (ptype, bar["bar"])
            for value in bar.get("values", []):
                if BasisOfStay in args:
                    assert value in {b.value for b in BasisOfStay}, (ptype, bar["bar"], value)
                else:
                    assert bool in args and isinstance(value, bool), (ptype, bar["bar"], value)
            if "grounds" in bar:  # a ground's own list of bars (art. 116, 131)
                assert ptype == "temporary_residence" and set(bar["grounds"]) <= set(grounds[ptype]), bar
                assert bar["legal_basis"].startswith(("art. 116 pkt ", "art. 131 pkt ", "art. 139e pkt ")), bar
            else:
                assert bar["legal_basis"].startswith(ARTICLE[ptype]), (ptype, bar)
            assert bar["legal_basis"].endswith(" ustawy o cudzoziemcach"), bar
            for condition in bar.get("unless") or []:
                assert condition and set(condition) <= UNLESS_KEYS, (ptype, bar["bar"], condition)
                assert set(condition.get("grounds", [])) <= set(grounds[ptype]), (ptype, condition)
                assert set(condition.get("basis_of_stay", [])) <= {b.value for b in BasisOfStay}


def test_every_bar_has_a_code_and_a_text_in_every_language():
    names = {bar["bar"] for bars in RB.value("eligibility.bars_to_opening", AS_OF).values() for bar in bars}
    assert eligibility._NAMED_BARS <= names
    for name in names - eligibility._NAMED_BARS:
        pl, en = catalogue_text("pl", f"K012.bar.{name}"), catalogue_text("en", f"K012.bar.{name}")
        assert pl and en and pl != en, name
        for lang in OTHER_LANGUAGES:
            text = catalogue_text(lang, f"K012.bar.{name}")
            assert text and text != en, (lang, name)
            assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", en)), (lang, name)


def test_the_statute_points_the_issue_names_are_all_modelled():
    table = RB.value("eligibility.bars_to_opening", AS_OF)
    cited = {ptype: {bar["legal_basis"].removeprefix(ARTICLE[ptype]).split(" ustawy")[0] for bar in bars
                     if "grounds" not in bar}
             for ptype, bars in table.items()}
    own = {bar["legal_basis"] for bar in table["temporary_residence"] if "grounds" in bar}
    assert own == {"art. 116 pkt 1 ustawy o cudzoziemcach", "art. 131 pkt 8 ustawy o cudzoziemcach",
                   "art. 139e pkt 2 lit. f ustawy o cudzoziemcach"}
    # art. 99 ust. 1 pkt 1-10 (pkt 6 and 7 together: one form question), 196 ust. 1 pkt 1 lit. a-d
    # and 2-6, 213 ust. 1 pkt 1 lit. a-h and 2-7.
    assert cited["temporary_residence"] == {"1", "2", "3", "4", "5", "6 lub 7", "8", "9", "10"}
    assert cited["permanent_residence"] == {"1 lit. a", "1 lit. b", "1 lit. c", "1 lit. d", "2 lub 3", "4", "5",
                                            "6"}
    assert cited["long_term_eu_resident"] == {f"1 lit. {x}" for x in "abcdefgh"} | {"2", "3 lub 4", "5", "6", "7"}


def test_the_spouse_of_a_polish_citizen_has_no_paper_route_and_no_exception_from_abroad():
    paper = RB.value("grounds.paper_only", AS_OF)
    assert "spouse_of_polish_citizen" not in paper["always"] + paper["outside_poland"]
    [outside] = [b for b in RB.value("eligibility.bars_to_opening", AS_OF)["temporary_residence"]
                 if b["bar"] == "outside_poland"]
    excepted = {g for cond in outside["unless"] for g in cond.get("grounds", [])}
    assert excepted == set(paper["outside_poland"]) | set(paper["always"])  # ICT: art. 139e pkt 2 lit. f
    assert "spouse_of_polish_citizen" not in excepted


def test_every_paper_case_names_its_filer_and_provision_in_every_language():
    paper = RB.value("grounds.paper_only", AS_OF)
    for grd in paper["always"] + paper["outside_poland"]:
        filer = paper["filed_by"][grd]
        assert catalogue_text("pl", f"K001.filed_by.{filer}") and catalogue_text("en", f"K001.filed_by.{filer}"), grd
        for lang in OTHER_LANGUAGES:
            assert catalogue_text(lang, f"K001.filed_by.{filer}"), (lang, filer)
        basis = paper["legal_basis"][grd]
        assert basis.startswith("art. 106c ust. 5, ") and ("art. 106k ust. 1" in basis or "art. 106l ust. 1" in basis)
    assert RB.value("form.paper_photo_count", dt.date(2026, 4, 27)) == 4
