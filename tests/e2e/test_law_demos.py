"""The demonstration packages of the legal review (``../shared/legal-review-2026-11.md``, section 4),
each with the verdict the law in force gives it.

Each package is one of the bundled examples with one fact changed, built from the same generator as
``examples/`` (real PDFs and JPEGs). Six of them were READY although the office would refuse them or
not open the case (D1–D6), six were NOT READY although the law lets them be filed (D7–D12); D14 is
the control that was already right. The assertions name the category and the place (file or JSON
pointer), not only the code, because the verdict is what an agency acts on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any, Callable


import mosprecheck

AS_OF = dt.date(2026, 11, 30)
BLOCKING = {"not_fileable", "upload_blocker", "formal_defect"}
SALARY = "/annex_1/job/monthly_gross_salary_pln"


def _build(tmp_path: Path, name: str) -> Path:
    import build_examples

    folder = tmp_path / name
    folder.mkdir()
    getattr(build_examples, f"build_{name.replace('-', '_')}")(folder)
    return folder


def _edit(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / "application.json"
    app = json.loads(path.read_text(encoding="utf-8"))
    change(app)
    path.write_text(json.dumps(app, ensure_ascii=False, indent=2), encoding="utf-8")


def _drop_document(app: dict[str, Any], file: str) -> None:
    app["documents"] = [d for d in app["documents"] if d["file"] != file]


def _category(d) -> str:
    return d.category.value if hasattr(d.category, "value") else str(d.category)


def _blocking(report) -> list[str]:
    return [f"{d.code} {_category(d)} {d.file or d.field}" for d in report.defects if _category(d) in BLOCKING]


def _has(report, category: str, *, field: str | None = None, file: str | None = None) -> bool:
    return any(_category(d) == category and (field is None or d.field == field) and (file is None or d.file == file)
               for d in report.defects)


def _summary(report) -> str:
    return "\n".join(f"{d.code} {_category(d)} {d.file or ''} {d.field or ''}" for d in report.defects)


# --------------------------------------------------------------------------------------------
# Were READY, the law says otherwise
# --------------------------------------------------------------------------------------------


def test_d1_half_time_below_the_minimum_wage_is_a_refusal_risk(tmp_path):
    """Art. 114 ust. 1 pkt 5: the minimum wage is due "regardless of working time": no pro rata."""
    folder = _build(tmp_path, "work-ready")

    def change(app):
        app["annex_1"]["job"]["working_time_fraction"] = 0.5
        app["annex_1"]["job"]["monthly_gross_salary_pln"] = 2500.0
    _edit(folder, change)
    report = mosprecheck.check(folder, as_of=AS_OF)
    assert _has(report, "refusal_risk", field=SALARY), _summary(report)
    assert report.ready_to_file, _blocking(report)


def test_d2_salary_below_the_2027_minimum_wage_is_a_refusal_risk(tmp_path):
    """4,950 zł from 1.01.2027 (Dz.U. 2026 poz. 1213): 4,900 zł full time filed in February 2027."""
    folder = _build(tmp_path, "work-ready")

    def change(app):
        app["filing_date"] = "2027-02-01"
        app["legal_stay_until"] = "2027-03-15"
        app["annex_1"]["job"]["monthly_gross_salary_pln"] = 4900.0
        app["annex_1"]["job"]["period_from"] = "2027-03-16"
    _edit(folder, change)
    report = mosprecheck.check(folder, as_of=dt.date(2027, 1, 28))
    assert _has(report, "refusal_risk", field=SALARY), _summary(report)
    # The same salary filed in December 2026 (minimum 4,806 zł) meets the filing date's minimum, but
    # the work (from 2027-03-16) falls under the 4,950 zł of 2027: art. 114 ust. 1 pkt 5 is a
    # condition of granting, so it stays a refusal risk, as M015 (legal review, law-fix item 4).
    _edit(folder, lambda app: app.update(filing_date="2026-12-01"))
    december = mosprecheck.check(folder, as_of=AS_OF)
    assert _has(december, "refusal_risk", field=SALARY), _summary(december)
    assert "M008" not in december.codes and "M015" in december.codes
    # Work that ends before 2027 only meets the 4,806 zł, which it does.
    _edit(folder, lambda app: app["annex_1"]["job"].update(period_from="2026-12-02", period_to="2026-12-31"))
    short = mosprecheck.check(folder, as_of=AS_OF)
    assert not _has(short, "refusal_risk", field=SALARY), _summary(short)


def test_d14_full_time_below_the_minimum_wage_stays_a_refusal_risk(tmp_path):
    folder = _build(tmp_path, "work-ready")
    _edit(folder, lambda app: app["annex_1"]["job"].update(monthly_gross_salary_pln=4000.0))
    report = mosprecheck.check(folder, as_of=AS_OF)
    assert _has(report, "refusal_risk", field=SALARY), _summary(report)
    assert report.ready_to_file, _blocking(report)


def _noise_pdf(path: Path, target_bytes: int) -> None:
    """A one-page PDF whose page is a JPEG of noise (it decodes and is not blank), over ``target_bytes``."""
    from PIL import Image

    side = 1200
    while True:
        img = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        img.save(path, "PDF", quality=95, resolution=300)
        if path.stat().st_size > target_bytes:
            return
        side = int(side * 1.5)


def test_d3_a_file_over_10_mb_is_an_upload_blocker(tmp_path):
    """§ 6 of Dz.U. 2026 poz. 553: at most 10 MB per file."""
    folder = _build(tmp_path, "work-ready")
    big = folder / "bank-statement.pdf"
    _noise_pdf(big, 10_000_000)
    assert big.stat().st_size > 10_000_000
    _edit(folder, lambda app: app["documents"].append(
        {"file": "bank-statement.pdf", "kind": "bank_statement", "language": "pl", "issued_on": "2026-11-20"}))
    report = mosprecheck.check(folder, as_of=AS_OF)
    assert _has(report, "upload_blocker", file="bank-statement.pdf"), _summary(report)
    assert not report.ready_to_file


def test_d4_a_paper_contract_attached_as_a_jpeg_is_a_formal_defect(tmp_path):
    """§ 6 of Dz.U. 2026 poz. 553: digital copies of paper documents are PDF files."""
    import factories as fx

    folder = _build(tmp_path, "work-ready")
    contracts = [d for d in json.loads((folder / "application.json").read_text())["documents"]
                 if d["kind"] == "employment_contract"]
    assert contracts, "work-ready attaches an employment contract"
    old = contracts[0]["file"]
    (folder / old).unlink()
    fx.scan_page(["UMOWA O PRACE", "Pracodawca: Przykladowa Spolka z o.o.", "Pracownik: KOWALENKO OLENA"]) \
        .save(folder / "contract.jpg", "JPEG", quality=85)

    def change(app):
        for d in app["documents"]:
            if d["file"] == old:
                d["file"] = "contract.jpg"
    _edit(folder, change)
    report = mosprecheck.check(folder, as_of=AS_OF)
    assert _has(report, "formal_defect", file="contract.jpg"), _summary(report)
    assert not report.ready_to_file


def test_d5_a_long_term_resident_without_a_dwelling_title_is_not_ready(tmp_path):
    """Art. 219d ust. 1 pkt 3: the legal title to the dwelling is attached at filing."""
    import build_examples

    folder = tmp_path / "ltr"
    folder.mkdir()
    build_examples.build_long_term_resident_ready(folder)
    ready = mosprecheck.check(folder, as_of=AS_OF)
    assert ready.ready_to_file, _blocking(ready)
    titles = [d["file"] for d in json.loads((folder / "application.json").read_text())["documents"]
              if d["kind"] == "dwelling_title"]
    assert titles
    (folder / titles[0]).unlink()
    _edit(folder, lambda app: _drop_document(app, titles[0]))
    report = mosprecheck.check(folder, as_of=AS_OF)
    assert _has(report, "formal_defect"), _summary(report)
    assert not report.ready_to_file


def test_d6_permanent_residence_applied_for_from_abroad_is_not_fileable(tmp_path):
    """Art. 196 ust. 1 pkt 6: the case is not opened when the foreigner is outside Poland."""
    folder = _build(tmp_path, "permanent-residence-ready")
    _edit(folder, lambda app: app["current_stay"].update(in_poland=False))
    report = mosprecheck.check(folder, as_of=AS_OF)
    assert _has(report, "not_fileable"), _summary(report)
    assert not report.ready_to_file


# --------------------------------------------------------------------------------------------
# Were NOT READY, the law lets them be filed
# --------------------------------------------------------------------------------------------


def test_d7_no_requested_period_is_not_a_missing_field(tmp_path):
    """The 2026 form (Dz.U. 2026 poz. 553, annex 1) has no "requested period" box."""
    folder = _build(tmp_path, "work-ready")
    _edit(folder, lambda app: [app.get("purpose", {}).pop(k, None)
                               for k in ("requested_period_from", "requested_period_to")])
    report = mosprecheck.check(folder, as_of=AS_OF)
    assert report.ready_to_file, _blocking(report)
    assert not any((d.field or "").startswith("/purpose/requested_period") for d in report.defects)


def test_d8_a_business_package_without_the_register_entry_can_be_filed(tmp_path):
    """Art. 106d ust. 2 and 106f: supporting documents may follow when the voivode calls for them."""
    folder = _build(tmp_path, "business-ready")
    (folder / "ceidg-entry.pdf").unlink()
    _edit(folder, lambda app: _drop_document(app, "ceidg-entry.pdf"))
    report = mosprecheck.check(folder, as_of=AS_OF)
    assert report.ready_to_file, _blocking(report)


def test_d9_a_minor_without_pesel_filed_by_a_parent_can_be_filed(tmp_path):
    """Art. 225b ust. 3 pkt 6: the MOS account holder (the parent) gives his PESEL."""
    folder = _build(tmp_path, "study-ready")

    def change(app):
        app["applicant"]["date_of_birth"] = "2015-06-01"
        app["applicant"].pop("pesel", None)
        app["signature"] = {"method": "personal", "signatory": "parent"}
    _edit(folder, change)
    report = mosprecheck.check(folder, as_of=AS_OF)
    assert not _has(report, "not_fileable"), _summary(report)
    assert not any(d.field == "/applicant/pesel" and _category(d) in BLOCKING for d in report.defects)


def test_d10_a_spouse_as_representative_owes_no_power_of_attorney_duty(tmp_path):
    """Stamp-duty act: a power of attorney for a spouse, ascendant, descendant or sibling is exempt."""
    folder = _build(tmp_path, "work-ready")
    _edit(folder, lambda app: app.update(representative={
        "given_names": "PAVLO", "surname": "KOWALENKO", "email": "pavlo@example.com", "relationship": "spouse"}))
    report = mosprecheck.check(folder, as_of=AS_OF)
    assert report.ready_to_file, _blocking(report)


def test_d11_cukr_without_payment_proofs_is_not_ready(tmp_path):
    """CUKR: 340 zł stamp duty and 100 zł card fee are due like for any temporary residence."""
    folder = _build(tmp_path, "work-ready")

    def change(app):
        app["permit"]["ground"] = "cukr"
        app.pop("annex_1", None)
        for kind in ("stamp_duty_proof", "card_fee_proof"):
            for d in [d for d in app["documents"] if d["kind"] == kind]:
                (folder / d["file"]).unlink()
                _drop_document(app, d["file"])
    _edit(folder, change)
    report = mosprecheck.check(folder, as_of=AS_OF)
    assert not report.ready_to_file
    assert any(_category(d) in BLOCKING and d.code.startswith("M") for d in report.defects), _summary(report)


def test_d12_spouse_of_a_polish_citizen_abroad_is_not_fileable_and_has_no_paper_route(tmp_path):
    """Art. 99 ust. 1 pkt 10: outside Poland the case is not opened; ust. 2 exempts only art. 168/168a."""
    folder = _build(tmp_path, "spouse-of-polish-citizen-ready")
    _edit(folder, lambda app: app["current_stay"].update(in_poland=False))
    report = mosprecheck.check(folder, as_of=AS_OF)
    assert _has(report, "not_fileable"), _summary(report)
    assert "K001" not in report.codes, "no paper route exists for this case"
