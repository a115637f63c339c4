"""Regenerate the example packages under examples/ (deterministic; run from anywhere).

Each example is a folder of real PDF/JPEG/PNG files plus an application.json. The expected verdict
and defect codes of each example are asserted by tests/test_examples.py.
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import factories as fx  # noqa: E402
from stdnum.pl import pesel as _pesel  # noqa: E402

EXAMPLES = ROOT / "examples"

_PESEL_BASE = "9405140732"  # born 1994-05-14, 10th digit even: female
APPLICANT_PESEL = _PESEL_BASE + _pesel.calc_check_digit(_PESEL_BASE)


def work_application() -> dict[str, Any]:
    """A complete temporary residence and work (single permit) application."""
    return {
        "schema_version": "1",
        "permit": {"type": "temporary_residence", "ground": "work_single_permit"},
        "filing_date": "2026-12-01",
        "legal_stay_until": "2027-01-15",
        "applicant": {
            "surname": "KOWALENKO",
            "family_name_at_birth": "KOWALENKO",
            "previous_surnames": [],
            "given_names": "OLENA",
            "previous_given_names": [],
            "father_name": "IHOR",
            "mother_name": "MARIIA",
            "mother_maiden_name": "SHEVCHUK",
            "date_of_birth": "1994-05-14",
            "place_of_birth": "LVIV",
            "country_of_birth": "UKR",
            "sex": "F",
            "citizenship": "UKR",
            "nationality": "ukraińska",
            "marital_status": "single",
            "education": "wyższe",
            "height_cm": 168,
            "eye_colour": "piwne",
            "special_marks": "brak",
            "pesel": APPLICANT_PESEL,
            "phone": "+48 600 100 200",
            "email": "olena.kowalenko@example.com",
        },
        "travel_document": {
            "type": "passport",
            "series_and_number": "FX123456",
            "issued_on": "2023-03-03",
            "expires_on": "2033-03-03",
            "issuing_authority": "4610",
            "issuing_country": "UKR",
        },
        "address_in_poland": {
            "voivodeship": "mazowieckie",
            "county": "Warszawa",
            "municipality": "Warszawa",
            "locality": "Warszawa",
            "street": "ul. Marszałkowska",
            "house_number": "10",
            "flat_number": "5",
            "postal_code": "00-590",
        },
        "purpose": {
            "justification": "Wykonywanie pracy na stanowisku programistki na podstawie umowy o pracę.",
            "requested_period_from": "2027-01-16",
            "requested_period_to": "2029-12-31",
        },
        "current_stay": {"in_poland": True, "last_entry_on": "2025-01-20", "basis_of_stay": "temporary_residence_permit"},
        "family_members": [],
        "previous_stays_in_poland": [
            {"country": "POL", "date_from": "2025-01-20", "date_to": "2026-12-01", "basis": "zezwolenie na pobyt czasowy"}
        ],
        "travels_abroad": [{"country": "UKR", "date_from": "2025-08-01", "date_to": "2025-08-15"}],
        "additional_information": {
            "convicted": False,
            "criminal_proceedings_pending": False,
            "return_decision": False,
            "liabilities_under_judgments": False,
        },
        "means_of_subsistence": {
            "monthly_net_income_pln": 6900.0,
            "household_size": 1,
            "source": "umowa o pracę",
            "health_insurance": "ZUS",
        },
        "signature": {"method": "trusted_profile", "signatory": "applicant"},
        "annex_1": {
            "entity": {
                "name": "Przykładowa Spółka z o.o.",
                "address": {
                    "voivodeship": "mazowieckie",
                    "municipality": "Warszawa",
                    "locality": "Warszawa",
                    "street": "ul. Prosta",
                    "house_number": "20",
                    "postal_code": "00-850",
                },
                "nip": "5270000099",
                "regon": "141230009",
                "krs": "0000123456",
                "pkd": "62.01.Z",
                "phone": "+48 22 100 20 30",
                "email": "kadry@example.com",
                "contact_person": "Anna Nowak",
            },
            "job": {
                "position": "programistka",
                "place_of_work": "Warszawa, ul. Prosta 20",
                "legal_basis": "employment_contract",
                "working_time_fraction": 1.0,
                "monthly_gross_salary_pln": 9500.0,
                "period_from": "2027-01-16",
                "period_to": "2029-12-31",
            },
            "signed_by_employer": True,
        },
        "documents": [
            {"file": "photo.jpg", "kind": "photo"},
            {"file": "passport.pdf", "kind": "passport_copy", "language": "uk"},
            {"file": "stamp-duty-440.pdf", "kind": "stamp_duty_proof", "language": "pl", "issued_on": "2026-11-20"},
            {"file": "card-fee-100.pdf", "kind": "card_fee_proof", "language": "pl", "issued_on": "2026-11-20"},
            {"file": "employment-contract.pdf", "kind": "employment_contract", "language": "pl", "issued_on": "2026-11-02"},
            {"file": "health-insurance.pdf", "kind": "health_insurance", "language": "pl", "issued_on": "2026-11-03"},
            {"file": "lease.pdf", "kind": "accommodation_proof", "language": "pl", "issued_on": "2025-01-15"},
        ],
    }


def write_work_files(folder: Path, *, skip: set[str] = frozenset(), contract_as_docx: bool = False) -> None:
    """The files of the work package (all but ``skip``)."""
    files: dict[str, Callable[[Path], Any]] = {
        "photo.jpg": lambda p: fx.write_jpeg(p, exif_datetime="2026:10:01 10:00:00"),
        "passport.pdf": lambda p: fx.write_scan_pdf(p, fx.passport_pages(), size=(500, 710), quality=45, title="passport"),
        "stamp-duty-440.pdf": lambda p: fx.write_text_pdf(p, [
            "Potwierdzenie przelewu / Transfer confirmation",
            "Odbiorca: Urzad m.st. Warszawy - oplata skarbowa",
            "Tytul: oplata skarbowa - zezwolenie na pobyt czasowy i prace, KOWALENKO OLENA",
            "Kwota: 440,00 PLN", "Data: 2026-11-20"]),
        "card-fee-100.pdf": lambda p: fx.write_text_pdf(p, [
            "Potwierdzenie przelewu / Transfer confirmation",
            "Odbiorca: Mazowiecki Urzad Wojewodzki w Warszawie",
            "Tytul: oplata za wydanie karty pobytu, KOWALENKO OLENA",
            "Kwota: 100,00 PLN", "Data: 2026-11-20"]),
        "employment-contract.pdf": lambda p: fx.write_scan_pdf(p, [
            ["UMOWA O PRACE", "zawarta 2026-11-02 w Warszawie", "Pracodawca: Przykladowa Spolka z o.o.",
             "Pracownik: Olena KOWALENKO", "Stanowisko: programistka", "Wymiar czasu pracy: pelny etat",
             "Wynagrodzenie: 9500 zl brutto miesiecznie"],
            ["Par. 5", "Umowa zostaje zawarta na czas okreslony do 2029-12-31.", "Podpisy stron"]],
            size=(620, 877), quality=55, title="contract"),
        "health-insurance.pdf": lambda p: fx.write_text_pdf(p, [
            "Zaswiadczenie o zgloszeniu do ubezpieczenia zdrowotnego (ZUS ZZA)",
            "Ubezpieczony: KOWALENKO OLENA", "Platnik: Przykladowa Spolka z o.o."]),
        "lease.pdf": lambda p: fx.write_scan_pdf(p, [
            ["UMOWA NAJMU LOKALU MIESZKALNEGO", "Warszawa, ul. Marszalkowska 10 m. 5",
             "Najemca: Olena KOWALENKO", "Okres najmu: od 2025-02-01 na czas nieokreslony"]],
            size=(620, 877), quality=55, title="lease"),
    }
    for name, make in files.items():
        if name in skip:
            continue
        if name == "employment-contract.pdf" and contract_as_docx:
            (folder / "employment-contract.docx").write_bytes(fx.docx_bytes("UMOWA O PRACE"))
            continue
        make(folder / name)


def _write(folder: Path, application: dict[str, Any] | None) -> None:
    if application is not None:
        (folder / "application.json").write_text(json.dumps(application, indent=2, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")


def build_work_ready(folder: Path) -> None:
    """A complete work (single permit) package: ready to file."""
    write_work_files(folder)
    _write(folder, work_application())


def build_work_passport_missing(folder: Path) -> None:
    """The passport scan is listed but was never put in the folder."""
    write_work_files(folder, skip={"passport.pdf"})
    _write(folder, work_application())


def build_work_docx_contract(folder: Path) -> None:
    """The employment contract is attached as the Word file the employer e-mailed."""
    write_work_files(folder, contract_as_docx=True)
    app = work_application()
    for doc in app["documents"]:
        if doc["kind"] == "employment_contract":
            doc["file"] = "employment-contract.docx"
    _write(folder, app)


def build_work_form_typos(folder: Path) -> None:
    """The description was typed in by hand: a Polish date format, 'K' for female, a misspelt key."""
    write_work_files(folder)
    app = copy.deepcopy(work_application())
    app["legal_stay_until"] = "15.01.2027"
    app["applicant"]["sex"] = "K"
    app["applicant"]["pesel_number"] = app["applicant"].pop("pesel")
    _write(folder, app)


def build_files_only_webp_photo(folder: Path) -> None:
    """No description yet, and the photo was downloaded from a browser as WebP."""
    write_work_files(folder, skip={"photo.jpg"})
    fx.photo_image().save(folder / "photo.webp", "WEBP", quality=80)
    _write(folder, None)


BUILDERS: dict[str, Callable[[Path], None]] = {
    "work-ready": build_work_ready,
    "work-passport-missing": build_work_passport_missing,
    "work-docx-contract": build_work_docx_contract,
    "work-form-typos": build_work_form_typos,
    "files-only-webp-photo": build_files_only_webp_photo,
}


def main() -> int:
    for name, build in BUILDERS.items():
        folder = EXAMPLES / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        build(folder)
        (folder / "README.md").unlink(missing_ok=True)
        print(f"built examples/{name}: {sorted(p.name for p in folder.iterdir())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
