"""--as-of changes the answer on both sides of 2025-01-01, 2025-12-01 and 2026-04-27.

The application gives no filing_date, so the rulebook is evaluated on the as-of day, exactly as
`mosprecheck check --as-of` does.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import write_application

import mosprecheck
from mosprecheck.cli import main
from mosprecheck.report.models import Category


def _check(folder, app, day):
    app = {k: v for k, v in app.items() if k != "filing_date"}
    app["legal_stay_until"] = (day + dt.timedelta(days=30)).isoformat()
    write_application(folder, app)
    return mosprecheck.check(folder, as_of=day)


def _codes(report, code):
    return [d for d in report.defects if d.code == code]


def test_income_threshold_changes_on_2025_01_01(work_package, work_application):
    app = dict(work_application, permit={"type": "temporary_residence", "ground": "business"},
               means_of_subsistence={"monthly_net_income_pln": 900.0, "household_size": 1})
    app.pop("annex_1")
    before = _check(work_package, app, dt.date(2024, 12, 31))
    after = _check(work_package, app, dt.date(2025, 1, 1))
    assert not _codes(before, "M006")  # 900 >= 776
    [risk] = _codes(after, "M006")
    assert risk.ctx["threshold"] == 1010.0


def test_minimum_wage_is_known_from_2025_01_01(work_package, work_application):
    app = json.loads(json.dumps(work_application))
    app["annex_1"]["job"]["monthly_gross_salary_pln"] = 4000.0
    assert not _codes(_check(work_package, app, dt.date(2024, 12, 31)), "M008")
    assert _codes(_check(work_package, app, dt.date(2025, 1, 1)), "M008")[0].ctx["minimum"] == 4666
    assert _codes(_check(work_package, app, dt.date(2026, 1, 1)), "M008")[0].ctx["minimum"] == 4806


def test_paper_form_model_and_photo_count_change_on_2025_12_01(work_package, work_application):
    [before] = _codes(_check(work_package, work_application, dt.date(2025, 11, 30)), "K010")
    [after] = _codes(_check(work_package, work_application, dt.date(2025, 12, 1)), "K010")
    assert (before.ctx["form_model"], before.ctx["photos"]) == ("Dz.U. 2019 poz. 779", 4)
    assert (after.ctx["form_model"], after.ctx["photos"]) == ("Dz.U. 2025 poz. 1647", 2)


@pytest.mark.parametrize("ground, code", [("ict", "K001")])
def test_mos_channel_starts_on_2026_04_27(work_package, work_application, ground, code):
    app = json.loads(json.dumps(work_application))
    app["permit"]["ground"] = ground
    # A further ICT permit after a stay on one: a first ICT permit for a foreigner in Poland is
    # barred on either side of the date (art. 139e pkt 2 lit. f, K012).
    app["current_stay"]["basis_of_stay"] = "ict_permit"
    app["applicant"].pop("pesel")
    app["signature"] = {"method": "personal", "signatory": "applicant"}
    before = _check(work_package, app, dt.date(2026, 4, 26))
    after = _check(work_package, app, dt.date(2026, 4, 27))
    assert _codes(before, "K010") and not _codes(after, "K010")
    for mos_only in (code, "K003", "K005"):
        assert not _codes(before, mos_only) and _codes(after, mos_only), mos_only
    # Before MOS the paper channel takes the case: nothing makes it not fileable; from 2026-04-27 on
    # the ground, the missing PESEL and the personal signature each do.
    assert not before.defects_in(Category.NOT_FILEABLE), before.codes
    assert {d.code for d in after.defects_in(Category.NOT_FILEABLE)} == {code, "K003", "K005"}
    assert after.ready_to_file is False


def test_cli_as_of_flag_gives_the_answer_of_that_day(work_package, work_application, capsys):
    app = {k: v for k, v in work_application.items() if k != "filing_date"}
    app["legal_stay_until"] = "2026-05-30"
    app["applicant"] = {k: v for k, v in app["applicant"].items() if k != "pesel"}
    write_application(work_package, app)
    main(["check", str(work_package), "--format", "json", "--as-of", "2026-04-26"])
    before = {d["code"] for d in json.loads(capsys.readouterr().out)["defects"]}
    main(["check", str(work_package), "--format", "json", "--as-of", "2026-04-27"])
    after = {d["code"] for d in json.loads(capsys.readouterr().out)["defects"]}
    assert "K010" in before and "K003" not in before
    assert "K003" in after and "K010" not in after


def test_summary_shows_deadline_days_left_and_fees(work_package):
    report = mosprecheck.check(work_package, as_of=dt.date(2026, 11, 25))
    assert report.summary.filing_deadline.last_day == dt.date(2027, 1, 15)
    assert report.summary.filing_deadline.days_left == 51
    assert [(f.item, f.amount_pln) for f in report.summary.fees] == [("stamp_duty", 440.0), ("card_fee", 100.0)]
    assert report.summary.fees_total_pln == 540.0
    text = mosprecheck.render_text(report, "pl")
    assert "2027-01-15" in text and "51" in text and "440,00 PLN" in text and "540,00 PLN" in text


def test_fees_follow_reductions_exemptions_and_representative(work_package, work_application):
    app = json.loads(json.dumps(work_application))
    app["fees"] = {"card_fee_reduction": "student"}
    app["representative"] = {"given_names": "ANNA", "surname": "NOWAK"}
    write_application(work_package, app)
    fees = mosprecheck.check(work_package, as_of=dt.date(2026, 11, 25)).summary.fees
    assert [(f.item, f.amount_pln) for f in fees] == [("stamp_duty", 440.0), ("card_fee", 50.0),
                                                      ("power_of_attorney", 17.0)]
    app["permit"] = {"type": "permanent_residence", "ground": "karta_polaka"}
    app["applicant"]["holds_karta_polaka"] = True
    write_application(work_package, app)
    fees = mosprecheck.check(work_package, as_of=dt.date(2026, 11, 25)).summary.fees
    assert fees[0].item == "stamp_duty" and fees[0].amount_pln == 0.0


def test_minimum_wage_changes_on_2027_01_01(work_package, work_application):
    app = json.loads(json.dumps(work_application))
    app["annex_1"]["job"]["monthly_gross_salary_pln"] = 4900.0
    assert not _codes(_check(work_package, app, dt.date(2026, 12, 31)), "M008")  # 4900 >= 4806
    [risk] = _codes(_check(work_package, app, dt.date(2027, 1, 1)), "M008")
    assert risk.ctx["minimum"] == 4950
    assert "art. 114 ust. 1 pkt 5" in risk.legal_basis


@pytest.mark.parametrize("day", [dt.date(2026, 4, 26), dt.date(2026, 4, 27)])
def test_minimum_wage_has_no_pro_rata_and_adds_entities_on_both_sides_of_2026_04_27(work_package, work_application, day):
    app = json.loads(json.dumps(work_application))
    app["annex_1"]["job"].update(monthly_gross_salary_pln=2500.0, working_time_fraction=0.5)
    [risk] = _codes(_check(work_package, app, day), "M008")
    assert (risk.ctx["minimum"], risk.ctx["total"]) == (4806, 2500.0)
    app["annex_1"]["other_entities_monthly_gross_salary_pln"] = [2400.0]
    assert not _codes(_check(work_package, app, day), "M008")


def test_blue_card_threshold_is_verified_in_2026_and_not_in_2027(work_package, work_application):
    app = json.loads(json.dumps(work_application))
    app["permit"]["ground"] = "blue_card"
    app["annex_1"]["job"]["monthly_gross_salary_pln"] = 13000.0
    before = _check(work_package, app, dt.date(2026, 12, 31))
    [risk] = _codes(before, "M009")
    assert (risk.ctx["year"], risk.ctx["threshold_monthly"]) == (2025, 13355.34)
    assert risk.legal_basis == "art. 127 pkt 3 ustawy o cudzoziemcach"
    assert not _codes(before, "M010") and not _codes(before, "M008")
    after = _check(work_package, app, dt.date(2027, 1, 1))
    assert not _codes(after, "M009")
    [unverified] = _codes(after, "M010")
    assert unverified.ctx["year"] == 2026 and unverified.category is Category.ADVISORY


def test_income_legal_basis_names_the_ground_provision_and_the_regulation_in_force(work_package, work_application):
    app = dict(work_application, permit={"type": "temporary_residence", "ground": "echr_family_life"},
               means_of_subsistence={"monthly_net_income_pln": 700.0, "household_size": 1})
    app.pop("annex_1")
    [before] = _codes(_check(work_package, app, dt.date(2024, 12, 31)), "M006")
    [after] = _codes(_check(work_package, app, dt.date(2025, 1, 1)), "M006")
    assert before.ctx["threshold"] == 776.0 and after.ctx["threshold"] == 1010.0
    assert "art. 160 pkt 3" in after.legal_basis and after.legal_basis.endswith("Dz.U. 2024 poz. 1044")
    assert "Dz.U. 2024 poz. 1044" not in before.legal_basis


def test_cukr_fees_are_due(work_package, work_application):
    app = json.loads(json.dumps(work_application))
    app["permit"]["ground"] = "cukr"
    app.pop("annex_1")
    write_application(work_package, app)
    summary = mosprecheck.check(work_package, as_of=dt.date(2026, 11, 25)).summary
    assert [(f.item, f.amount_pln) for f in summary.fees] == [("stamp_duty", 340.0), ("card_fee", 100.0)]
    assert summary.fees_total_pln == 440.0


def test_close_family_representative_and_minor_over_16_change_the_fees(work_package, work_application):
    app = json.loads(json.dumps(work_application))
    app["representative"] = {"given_names": "ANNA", "surname": "NOWAK", "relationship": "sibling"}
    app["fees"] = {"card_fee_reduction": "minor"}
    app["applicant"]["date_of_birth"] = "2010-01-15"  # 16 on the filing date 2026-12-01
    app["signature"] = {"method": "trusted_profile", "signatory": "parent"}
    write_application(work_package, app)
    report = mosprecheck.check(work_package, as_of=dt.date(2026, 11, 25))
    assert [(f.item, f.amount_pln) for f in report.summary.fees] == [("stamp_duty", 440.0), ("card_fee", 100.0),
                                                                     ("power_of_attorney", 0.0)]
    assert "M003" not in report.codes and "M013" in report.codes and "M004" not in report.codes
    app["applicant"]["date_of_birth"] = "2011-06-01"  # 15: the reduction applies
    app["representative"]["relationship"] = "other"
    write_application(work_package, app)
    report = mosprecheck.check(work_package, as_of=dt.date(2026, 11, 25))
    assert [(f.item, f.amount_pln) for f in report.summary.fees] == [("stamp_duty", 440.0), ("card_fee", 50.0),
                                                                     ("power_of_attorney", 17.0)]
    assert "M003" in report.codes and "M013" not in report.codes

# --- law-bars: bars to opening a case, paper cases, who files (both sides of 2026-04-27) ---


def test_paper_cases_take_four_photographs_from_2026_04_27(work_package, work_application):
    app = json.loads(json.dumps(work_application))
    app["permit"]["ground"] = "family_reunification"
    app.pop("annex_1")
    app["current_stay"]["in_poland"] = False
    before = _check(work_package, app, dt.date(2026, 4, 26))
    after = _check(work_package, app, dt.date(2026, 4, 27))
    # Before MOS every case was on paper with the 2025 form (two photographs); from 2026-04-27 this
    # case stays on paper, filed by the family member in Poland with four photographs (§ 5).
    assert [d.ctx["photos"] for d in _codes(before, "K010")] == [2]
    assert not _codes(before, "K001")
    [paper] = _codes(after, "K001")
    assert (paper.ctx["photos"], paper.ctx["filed_by"], paper.ctx["form_model"]) == (
        4, "family_member_in_poland", "Dz.U. 2026 poz. 553")
    assert paper.legal_basis == "art. 106c ust. 5, art. 106l ust. 1, art. 168 ust. 1 ustawy o cudzoziemcach"
    # Art. 99 ust. 2: no bar for family reunification from abroad, on either side.
    assert not _codes(before, "K007") and not _codes(after, "K007")


def test_spouse_of_polish_citizen_abroad_is_barred_on_both_sides_of_2026_04_27(work_package, work_application):
    app = json.loads(json.dumps(work_application))
    app["permit"]["ground"] = "spouse_of_polish_citizen"
    app.pop("annex_1")
    app["current_stay"]["in_poland"] = False
    for day in (dt.date(2026, 4, 26), dt.date(2026, 4, 27)):
        report = _check(work_package, app, day)
        [bar] = _codes(report, "K007")
        assert bar.category is Category.NOT_FILEABLE and report.ready_to_file is False
        assert bar.legal_basis == "art. 99 ust. 1 pkt 10 ustawy o cudzoziemcach"
        assert not _codes(report, "K001"), day  # no paper route: art. 106l does not name art. 158


def test_bars_block_every_permit_type_before_and_after_2026_04_27(work_package, work_application):
    cases = [
        ({"type": "temporary_residence", "ground": "work_single_permit"}, {"basis_of_stay": "tolerated_stay"},
         "K012", "art. 99 ust. 1 pkt 4 ustawy o cudzoziemcach"),
        ({"type": "permanent_residence", "ground": "karta_polaka"}, {"in_poland": False},
         "K007", "art. 196 ust. 1 pkt 6 ustawy o cudzoziemcach"),
        ({"type": "long_term_eu_resident", "ground": "long_term_residence"}, {"basis_of_stay": "temporary_protection"},
         "K012", "art. 213 ust. 1 pkt 1 lit. e ustawy o cudzoziemcach"),
    ]
    for permit, stay, code, basis in cases:
        app = json.loads(json.dumps(work_application))
        app["permit"] = permit
        if permit["ground"] != "work_single_permit":
            app.pop("annex_1")
        app["current_stay"].update(stay)
        for day in (dt.date(2026, 4, 26), dt.date(2026, 4, 27)):
            report = _check(work_package, app, day)
            assert [d.legal_basis for d in _codes(report, code)] == [basis], (permit, day, report.codes)
            assert report.ready_to_file is False


def test_minor_without_pesel_filed_by_parent_is_fileable_in_mos(work_package, work_application):
    app = json.loads(json.dumps(work_application))
    app["permit"]["ground"] = "study"
    app.pop("annex_1")
    app["applicant"].pop("pesel")
    app["applicant"]["date_of_birth"] = "2015-03-01"
    app["signature"] = {"method": "personal", "signatory": "parent"}
    after = _check(work_package, app, dt.date(2026, 4, 27))
    assert not _codes(after, "K003") and not _codes(after, "K006") and not _codes(after, "K005")
    app["applicant"]["date_of_birth"] = "1994-05-14"
    app["signature"] = {"method": "trusted_profile", "signatory": "applicant"}
    assert not _codes(_check(work_package, app, dt.date(2026, 4, 26)), "K003")
    [own] = _codes(_check(work_package, app, dt.date(2026, 4, 27)), "K003")
    assert own.legal_basis == "art. 225b ust. 3 pkt 6 ustawy o cudzoziemcach"


def test_filing_deadline_cites_the_article_of_the_permit_type(work_package, work_application):
    expected = {
        "temporary_residence": "art. 105 ust. 1, art. 108 ust. 1 pkt 2, art. 100 ust. 1 pkt 9 ustawy o cudzoziemcach",
        "permanent_residence": "art. 202 ust. 1, art. 206 ust. 1 pkt 2 ustawy o cudzoziemcach",
        "long_term_eu_resident": "art. 218a ust. 1 ustawy o cudzoziemcach",
    }
    grounds = {"temporary_residence": "work_single_permit", "permanent_residence": "karta_polaka",
               "long_term_eu_resident": "long_term_residence"}
    for ptype, basis in expected.items():
        app = json.loads(json.dumps(work_application))
        app["permit"] = {"type": ptype, "ground": grounds[ptype]}
        if ptype != "temporary_residence":
            app.pop("annex_1")
        write_application(work_package, app)
        report = mosprecheck.check(work_package, as_of=dt.date(2026, 11, 25))
        assert report.summary.filing_deadline.legal_basis == basis, ptype
