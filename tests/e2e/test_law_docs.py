"""What is attached at filing (art. 106d, 203d, 219d ust. 1 of the Act on Foreigners) and what the
voivode calls for later (art. 106f, 203f, 219f) change on 2026-04-27; the lists in force before
keep their dates. The application gives no filing_date, so `--as-of` decides, exactly as the CLI
does."""

from __future__ import annotations

import datetime as dt
import json

from conftest import write_application

import mosprecheck
from mosprecheck.cli import main
from mosprecheck.i18n import MOS_LANGUAGES
from mosprecheck.report.models import Category
from mosprecheck.rulebook import load_rulebook

RB = load_rulebook()
BEFORE, MOS = dt.date(2026, 4, 26), dt.date(2026, 4, 27)


def _check(folder, app, day):
    app = {k: v for k, v in app.items() if k != "filing_date"}
    app["legal_stay_until"] = (day + dt.timedelta(days=30)).isoformat()
    write_application(folder, app)
    return mosprecheck.check(folder, as_of=day)


def _hits(report, code, **ctx):
    return [d for d in report.defects if d.code == code and all(d.ctx.get(k) == v for k, v in ctx.items())]


def _business(app):
    app = dict(app, permit={"type": "temporary_residence", "ground": "business"},
               business={"name": "NOVIK SP. Z O.O.", "registered_in": "krs", "role": "owner_sole_trader"})
    app.pop("annex_1")
    return app


def test_ground_documents_block_before_mos_and_are_called_for_after(work_package, work_application):
    app = _business(work_application)
    before = _check(work_package, app, BEFORE)
    after = _check(work_package, app, MOS)
    [missing] = _hits(before, "A003", requirement="business_registration")
    assert missing.category is Category.FORMAL_DEFECT
    assert not _hits(after, "A003", requirement="business_registration")
    [advice] = _hits(after, "A004", requirement="business_registration")
    assert advice.category is Category.ADVISORY
    assert advice.ctx["min_days"] == RB.value("documents.call_for_documents", MOS)["min_days"]
    assert advice.ctx["call_basis"] == "art. 106f ustawy o cudzoziemcach"
    # the days and the provision are rendered from the rulebook, in every language
    for lang in MOS_LANGUAGES:
        assert f"{advice.ctx['min_days']}" in advice.remedy[lang], lang
        assert "art. 106f" in advice.remedy[lang] and "{" not in advice.remedy[lang], lang


def test_long_term_resident_needs_the_dwelling_title_from_mos(work_package, work_application):
    app = dict(work_application, permit={"type": "long_term_eu_resident", "ground": "long_term_residence"})
    app.pop("annex_1")
    before = _check(work_package, app, BEFORE)
    after = _check(work_package, app, MOS)
    assert not _hits(before, "A003", requirement="dwelling_title")
    [missing] = _hits(after, "A003", requirement="dwelling_title")
    assert missing.ctx["provision"] == "art. 219d ust. 1 pkt 3 ustawy o cudzoziemcach"
    assert not after.ready_to_file
    item = next(i for i in after.summary.checklist if i.requirement == "dwelling_title")
    assert item.when == "at_filing" and item.state == "missing"
    # the lease listed as a dwelling title meets it
    app["documents"] = app["documents"] + [{"file": "lease.pdf", "kind": "dwelling_title", "language": "pl"}]
    fixed = _check(work_package, app, MOS)
    assert not _hits(fixed, "A003", requirement="dwelling_title")
    assert next(i for i in fixed.summary.checklist if i.requirement == "dwelling_title").state == "present"


def test_blue_card_needs_the_applicants_annex_from_mos(work_package, work_application):
    app = dict(work_application, permit={"type": "temporary_residence", "ground": "blue_card"})
    assert not _hits(_check(work_package, app, BEFORE), "A008", requirement="blue_card_annex")
    [missing] = _hits(_check(work_package, app, MOS), "A008", requirement="blue_card_annex")
    assert missing.category is Category.FORMAL_DEFECT


def test_annex_1_for_a_board_member_from_mos(work_package, work_application):
    app = dict(_business(work_application))
    app["business"] = dict(app["business"], role="board_member")
    assert not _hits(_check(work_package, app, BEFORE), "A005")
    [unsigned] = _hits(_check(work_package, app, MOS), "A005")
    assert unsigned.field == "/annex_1/signed_by_employer"
    app["business"] = dict(app["business"], role="owner_sole_trader")
    assert not _hits(_check(work_package, app, MOS), "A005")


def test_untranslated_optional_document_stops_blocking_from_mos(work_package, work_application):
    (work_package / "diploma-uk.pdf").write_bytes((work_package / "lease.pdf").read_bytes())
    app = dict(work_application)
    app["documents"] = app["documents"] + [{"file": "diploma-uk.pdf", "kind": "diploma", "language": "uk"}]
    before = _check(work_package, app, BEFORE)
    after = _check(work_package, app, MOS)
    assert _hits(before, "T001", file="diploma-uk.pdf") and not _hits(before, "T004")
    assert not _hits(after, "T001") and _hits(after, "T004", file="diploma-uk.pdf")


def test_cli_as_of_moves_the_marriage_certificate_from_k021_to_k023(work_package, work_application, capsys):
    app = dict(work_application, permit={"type": "temporary_residence", "ground": "spouse_of_polish_citizen"},
               sponsor={"given_names": "JAN", "surname": "NOWAK", "relationship": "mąż", "citizenship": "POL",
                        "married_on": "2020-06-20"})
    app.pop("annex_1")
    app.pop("filing_date")
    (work_package / "marriage.pdf").write_bytes((work_package / "lease.pdf").read_bytes())
    app["documents"] = app["documents"] + [
        {"file": "marriage.pdf", "kind": "marriage_certificate", "language": "pl", "issued_on": "2025-10-01"}]
    codes = {}
    for day in (BEFORE, MOS):
        app["legal_stay_until"] = (day + dt.timedelta(days=30)).isoformat()
        write_application(work_package, app)
        main(["check", str(work_package), "--as-of", day.isoformat(), "--format", "json"])
        report = json.loads(capsys.readouterr().out)
        codes[day] = {d["code"] for d in report["defects"]}
    assert "K021" in codes[BEFORE] and "K023" not in codes[BEFORE]
    assert "K023" in codes[MOS] and "K021" not in codes[MOS]
