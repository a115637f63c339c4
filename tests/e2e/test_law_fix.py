"""Fixes found by the legal review of issue 10 (branch law-fix): per-ground legal bases of the Blue
Card checks, the minimum wage over the work period, legal bases of the file and photo rules per
permit type, the LTR dwelling-title hint."""

from __future__ import annotations

import copy
import tempfile
from typing import Any

import pytest
from conftest import AS_OF

import mosprecheck


def check(app: dict[str, Any], as_of=AS_OF) -> mosprecheck.Report:
    with tempfile.TemporaryDirectory() as tmp:
        return mosprecheck.check(tmp, app, as_of=as_of)


def _job(app: dict[str, Any], **job: Any) -> dict[str, Any]:
    out = copy.deepcopy(app)
    out["annex_1"]["job"].update(job)
    return out


def test_blue_card_checks_cite_the_provision_of_the_ground(work_application):
    mobility = copy.deepcopy(work_application)
    mobility["permit"]["ground"] = "blue_card_long_term_mobility"
    report = check(_job(mobility, monthly_gross_salary_pln=13000.0, period_from="2027-01-16", period_to="2027-06-15"))
    bases = {d.code: d.legal_basis for d in report.defects if d.code in ("M009", "M014")}
    assert bases == {"M009": "art. 137a pkt 2 ustawy o cudzoziemcach",
                     "M014": "art. 137a pkt 1 lit. a ustawy o cudzoziemcach"}
    blue = copy.deepcopy(work_application)
    blue["permit"]["ground"] = "blue_card"
    report = check(_job(blue, monthly_gross_salary_pln=13000.0, period_from="2027-01-16", period_to="2027-06-15"))
    bases = {d.code: d.legal_basis for d in report.defects if d.code in ("M009", "M014")}
    assert bases == {"M009": "art. 127 pkt 3 ustawy o cudzoziemcach",
                     "M014": "art. 127 pkt 1 lit. a ustawy o cudzoziemcach"}


def test_the_m010_remedy_takes_the_months_from_the_rulebook(work_application):
    app = copy.deepcopy(work_application)
    app["permit"]["ground"] = "blue_card_long_term_mobility"
    app["filing_date"] = "2027-02-01"
    app["legal_stay_until"] = "2027-03-31"
    [m010] = [d for d in check(app, as_of=AS_OF.replace(year=2027, month=1, day=20)).defects if d.code == "M010"]
    assert m010.ctx["months_per_year"] == 12
    assert "times 12" in m010.remedy["en"] and "razy 12" in m010.remedy["pl"]
    assert "{" not in m010.remedy["uk"] and "12" in m010.remedy["uk"]
    assert m010.legal_basis == "art. 137a pkt 2 ustawy o cudzoziemcach"


def test_the_reviewers_salary_case_is_a_refusal_risk_naming_the_later_minimum(work_application):
    """Filing 2026-12-01, 4900 zł, work from 2027-01-16: under the 4950 zł of 2027 for the whole
    work period (legal review item 4)."""
    report = check(_job(work_application, monthly_gross_salary_pln=4900.0))
    assert "M008" not in report.codes
    [m015] = [d for d in report.defects if d.code == "M015"]
    assert m015.category.value == "refusal_risk"
    assert m015.ctx["minimum"] == 4950.0 and str(m015.ctx["minimum_from"]) == "2027-01-01" and str(m015.ctx["period_from"]) == "2027-01-16"
    assert "4950" in m015.message["en"].replace(",", "").replace(" ", "").replace("\u202f", "")
    assert m015.legal_basis == "art. 114 ust. 1 pkt 5 i ust. 4b ustawy o cudzoziemcach"
    # The same salary for work ending in 2026 meets the only minimum in force while it lasts.
    report = check(_job(work_application, monthly_gross_salary_pln=4900.0, period_from="2026-12-02",
                        period_to="2026-12-31"))
    assert "M015" not in report.codes and "M008" not in report.codes


def _small_photo_package(tmp_path, example: str):
    import shutil

    import factories as fx
    from conftest import EXAMPLES

    folder = tmp_path / example
    shutil.copytree(EXAMPLES / example, folder)
    fx.write_photo(folder / "photo.jpg", 600, 775, exif_datetime="2026:10:01 10:00:00")
    return folder


@pytest.mark.parametrize(("example", "assumed"), [
    ("permanent-residence-ready", "poz. 488 nie zweryfikowano"),
    ("long-term-resident-ready", "poz. 487 nie zweryfikowano"),
    ("work-ready", None),
])
def test_photo_and_file_bases_name_the_regulation_of_the_permit_type(tmp_path, example, assumed):
    report = mosprecheck.check(_small_photo_package(tmp_path, example), as_of=AS_OF)
    [small] = [d for d in report.defects if d.code == "I053"]
    assert small.legal_basis.startswith("§ 4 rozporządzenia MSWiA z 10.04.2026 (Dz.U. 2026 poz. 553)")
    if assumed:
        assert assumed in small.legal_basis and "przyjęty dla wniosku" in small.legal_basis
    else:
        assert small.legal_basis == "§ 4 rozporządzenia MSWiA z 10.04.2026 (Dz.U. 2026 poz. 553)"


def test_ltr_lease_declared_as_proof_of_accommodation_gets_the_dwelling_title_hint(work_application):
    app = copy.deepcopy(work_application)
    app["permit"] = {"type": "long_term_eu_resident", "ground": "long_term_residence"}
    app.pop("annex_1")
    [a003] = [d for d in check(app).defects if d.code == "A003" and d.ctx.get("requirement") == "dwelling_title"]
    assert a003.category.value == "formal_defect"
    assert 'declare that file with kind "dwelling_title"' in a003.remedy["en"] and "art. 219a ust. 2" in a003.remedy["en"]
    assert 'zadeklaruj ten plik z kind "dwelling_title"' in a003.remedy["pl"]
    for lang in ("uk", "ru", "fr", "ar", "vi"):
        assert '"dwelling_title"' in a003.remedy[lang] and "art. 219a ust. 2" in a003.remedy[lang], lang
        assert "{" not in a003.remedy[lang] and "declare that file" not in a003.remedy[lang], lang
    # Without any accommodation document the remedy has no hint.
    app["documents"] = [d for d in app["documents"] if d["kind"] != "accommodation_proof"]
    [a003] = [d for d in check(app).defects if d.code == "A003" and d.ctx.get("requirement") == "dwelling_title"]
    assert "dwelling_title" not in a003.remedy["en"] and a003.remedy["uk"].endswith("(kind).")
