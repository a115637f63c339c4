"""Regenerate the example packages under examples/ (deterministic; run from anywhere).

Each example is a folder of real PDF/JPEG/PNG files plus an application.json. The expected verdict
and defect codes of each example are asserted by tests/e2e/test_examples.py.
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
            "persons_entered": 0,
        },
        "address_in_country_of_origin": {
            "country": "UKR",
            "region": "obwód lwowski",
            "county": "brak",
            "municipality": "Lwów",
            "locality": "LVIV",
            "street": "vul. Zelena",
            "house_number": "12",
            "flat_number": "7",
            "postal_code": "79000",
        },
        "address_in_previous_country": {"country": "brak"},
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
        },
        "current_stay": {"in_poland": True, "last_entry_on": "2025-01-20", "basis_of_stay": "temporary_residence_permit"},
        "family_members": [],
        "previous_stays_in_poland": [
            {"country": "POL", "date_from": "2025-01-20", "date_to": "2026-12-01", "basis": "zezwolenie na pobyt czasowy"}
        ],
        "travels_abroad": [{"country": "UKR", "date_from": "2025-08-01", "date_to": "2025-08-15"}],
        "additional_information": {
            "detention": False,
            "convicted": False,
            "criminal_proceedings_pending": False,
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
                "occupation_code": "251401",
                "place_of_work": "Warszawa, ul. Prosta 20",
                "legal_basis": "employment_contract",
                "working_time_fraction": 1.0,
                "monthly_gross_salary_pln": 9500.0,
                "duties": "projektowanie, programowanie i testowanie aplikacji internetowych",
                "period_from": "2027-01-16",
                "period_to": "2029-12-31",
            },
            "agency_work": False,
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
        "passport.pdf": lambda p: _passport_scan(p, work_application()),
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


# ---------------------------------------------------------------------------------------------
# The main grounds besides work (issue 4): complete, ready packages
# ---------------------------------------------------------------------------------------------

from stdnum.pl import nip as _nip  # noqa: E402
from stdnum.pl import regon as _regon  # noqa: E402


def _valid_pesel(first10: str) -> str:
    return first10 + _pesel.calc_check_digit(first10)


def _valid_nip(first9: str) -> str:
    """The NIP with these first nine digits (stdnum has no check-digit function for NIP)."""
    return next(first9 + d for d in "0123456789" if _nip.is_valid(first9 + d))


def _valid_regon(first8: str) -> str:
    return first8 + _regon.calc_check_digit(first8)


_NO_ANSWERS = {
    "detention": False,
    "convicted": False,
    "criminal_proceedings_pending": False,
    "liabilities_under_judgments": False,
}


def _transfer_pdf(amount: str, payee: str, title: str) -> Callable[[Path], Any]:
    return lambda p: fx.write_text_pdf(p, [
        "Potwierdzenie przelewu / Transfer confirmation", f"Odbiorca: {payee}", f"Tytul: {title}",
        f"Kwota: {amount} PLN", "Data: 2026-11-20"])


def _scan(lines: list[str]) -> Callable[[Path], Any]:
    return lambda p: fx.write_scan_pdf(p, [lines], size=(620, 877), quality=55, title="scan")


def _write_files(folder: Path, files: dict[str, Callable[[Path], Any]]) -> None:
    for name, make in files.items():
        make(folder / name)


def _person_files(app: dict[str, Any]) -> dict[str, Callable[[Path], Any]]:
    """Photo and all-pages passport scan of the applicant of ``app``."""
    return {
        "photo.jpg": lambda p: fx.write_jpeg(p, exif_datetime="2026:10:01 10:00:00"),
        "passport.pdf": lambda p: _passport_scan(p, app),
    }


def _passport_scan(path: Path, app: dict[str, Any]) -> None:
    """An image-only scan of all 32 pages of the applicant's passport: the data page with the
    description's data printed and a machine-readable zone with valid check digits at its foot (what
    OCR reads, with the ``ocr`` extra), then the visa pages."""
    person, doc = app["applicant"], app["travel_document"]

    def yymmdd(iso: str) -> str:
        return iso[2:4] + iso[5:7] + iso[8:10]

    mrz = fx.td3_mrz(person["surname"], person["given_names"], doc["series_and_number"],
                     yymmdd(person["date_of_birth"]), yymmdd(doc["expires_on"]), doc["issuing_country"], person["sex"])
    lines = ["PASSPORT / PASAPORT", f"Surname: {person['surname']}", f"Given names: {person['given_names']}",
             f"Passport No: {doc['series_and_number']}", f"Date of birth: {person['date_of_birth']}",
             f"Date of expiry: {doc['expires_on']}"]
    fx.write_passport_scan_pdf(path, mrz, pages=32, size=(500, 710), quality=45, lines=lines, data_page_width=700)


def study_application() -> dict[str, Any]:
    """Temporary residence for full-time studies: an Indian first-year student in Kraków."""
    return {
        "schema_version": "1",
        "permit": {"type": "temporary_residence", "ground": "study"},
        "filing_date": "2026-12-01",
        "legal_stay_until": "2027-01-10",
        "applicant": {
            "surname": "SHARMA", "family_name_at_birth": "SHARMA", "previous_surnames": [],
            "given_names": "ARJUN", "previous_given_names": [], "father_name": "RAJESH", "mother_name": "SUNITA",
            "mother_maiden_name": "VERMA", "date_of_birth": "2003-02-11", "place_of_birth": "JAIPUR",
            "country_of_birth": "IND", "sex": "M", "citizenship": "IND", "nationality": "hinduska",
            "marital_status": "single", "education": "średnie", "height_cm": 176, "eye_colour": "brązowe",
            "special_marks": "brak", "pesel": _valid_pesel("0322110125"), "phone": "+48 511 222 333",
            "email": "arjun.sharma@example.com",
        },
        "travel_document": {"type": "passport", "series_and_number": "W1234567", "issued_on": "2022-06-15",
                            "expires_on": "2032-06-14", "issuing_authority": "PASSPORT OFFICE JAIPUR",
                            "issuing_country": "IND", "persons_entered": 0},
        "address_in_country_of_origin": {"country": "IND", "region": "Rajasthan", "municipality": "Jaipur", "locality": "JAIPUR", "street": "Tonk Road", "house_number": "45", "postal_code": "302015"},
        "address_in_previous_country": {"country": "brak"},
        "address_in_poland": {"voivodeship": "małopolskie", "county": "Kraków", "municipality": "Kraków",
                              "locality": "Kraków", "street": "ul. Reymonta", "house_number": "17",
                              "flat_number": "204", "postal_code": "30-059"},
        "purpose": {"justification": "Kontynuacja stacjonarnych studiów pierwszego stopnia na kierunku informatyka."},
        "current_stay": {"in_poland": True, "last_entry_on": "2025-09-20", "basis_of_stay": "national_visa"},
        "family_members": [],
        "previous_stays_in_poland": [{"country": "POL", "date_from": "2025-09-20", "date_to": "2026-12-01",
                                      "basis": "wiza krajowa D (studia)"}],
        "travels_abroad": [{"country": "IND", "date_from": "2026-07-01", "date_to": "2026-08-20"}],
        "additional_information": dict(_NO_ANSWERS),
        "means_of_subsistence": {"monthly_net_income_pln": 2400.0, "household_size": 1,
                                 "monthly_funds_pln": 2400.0, "monthly_housing_costs_pln": 650.0,
                                 "source": "środki własne i przekazy od rodziców",
                                 "health_insurance": "NFZ (umowa dobrowolna)"},
        "signature": {"method": "trusted_profile", "signatory": "applicant"},
        "study": {"university": "Akademia Górniczo-Hutnicza im. Stanisława Staszica w Krakowie",
                  "university_email": "mos@agh.example.edu.pl", "programme": "informatyka (studia I stopnia)",
                  "period_from": "2025-10-01", "period_to": "2028-09-30", "signed_by_university": True},
        "documents": [
            {"file": "photo.jpg", "kind": "photo"},
            {"file": "passport.pdf", "kind": "passport_copy", "language": "en"},
            {"file": "stamp-duty-340.pdf", "kind": "stamp_duty_proof", "language": "pl", "issued_on": "2026-11-20"},
            {"file": "card-fee-100.pdf", "kind": "card_fee_proof", "language": "pl", "issued_on": "2026-11-20"},
            {"file": "health-insurance.pdf", "kind": "health_insurance", "language": "pl", "issued_on": "2026-10-01"},
            {"file": "dormitory.pdf", "kind": "accommodation_proof", "language": "pl", "issued_on": "2026-09-25"},
            {"file": "bank-statement.pdf", "kind": "bank_statement", "language": "pl", "issued_on": "2026-11-15"},
        ],
    }


def write_study_files(folder: Path) -> None:
    _write_files(folder, {
        **_person_files(study_application()),
        "stamp-duty-340.pdf": _transfer_pdf("340,00", "Urzad Miasta Krakowa - oplata skarbowa",
                                            "oplata skarbowa - zezwolenie na pobyt czasowy (studia), SHARMA ARJUN"),
        "card-fee-100.pdf": _transfer_pdf("100,00", "Malopolski Urzad Wojewodzki w Krakowie",
                                          "oplata za wydanie karty pobytu, SHARMA ARJUN"),
        "health-insurance.pdf": lambda p: fx.write_text_pdf(p, [
            "Umowa o dobrowolne ubezpieczenie zdrowotne (NFZ)", "Ubezpieczony: SHARMA ARJUN",
            "Okres: od 2026-10-01 na czas nieokreslony"]),
        "dormitory.pdf": _scan(["POTWIERDZENIE ZAKWATEROWANIA", "Dom Studencki nr 7, ul. Reymonta 17, Krakow",
                                "Mieszkaniec: Arjun SHARMA", "Okres: 2026-10-01 - 2027-06-30"]),
        "bank-statement.pdf": lambda p: fx.write_text_pdf(p, [
            "Wyciag z rachunku bankowego", "Posiadacz: SHARMA ARJUN", "Saldo na dzien 2026-11-15: 28 400,00 PLN"]),
    })


def build_study_ready(folder: Path) -> None:
    """A complete study package (the university signed the study annex in MOS): ready to file."""
    write_study_files(folder)
    _write(folder, study_application())


def build_study_form_incomplete(folder: Path) -> None:
    """Typed in by hand in a hurry: the study annex data left out, no surname, a passport that has
    expired and a phone number with letters."""
    write_study_files(folder)
    app = copy.deepcopy(study_application())
    del app["study"]
    del app["applicant"]["surname"]
    app["applicant"]["phone"] = "tel. komórkowy"
    app["travel_document"]["issued_on"] = "2016-06-15"
    app["travel_document"]["expires_on"] = "2026-06-14"
    _write(folder, app)


def business_application() -> dict[str, Any]:
    """Temporary residence for business: a Belarusian sole trader (CEIDG) running a bakery in Białystok."""
    return {
        "schema_version": "1",
        "permit": {"type": "temporary_residence", "ground": "business"},
        "filing_date": "2026-12-01",
        "legal_stay_until": "2027-02-28",
        "applicant": {
            "surname": "NOVIK", "family_name_at_birth": "NOVIK", "previous_surnames": [],
            "given_names": "SIARHEI", "previous_given_names": [], "father_name": "ALIAKSANDR",
            "mother_name": "TAMARA", "mother_maiden_name": "KOZLOVA", "date_of_birth": "1988-09-23",
            "place_of_birth": "GRODNO", "country_of_birth": "BLR", "sex": "M", "citizenship": "BLR",
            "nationality": "białoruska", "marital_status": "single", "education": "wyższe", "height_cm": 182,
            "eye_colour": "niebieskie", "special_marks": "brak", "pesel": _valid_pesel("8809230457"),
            "phone": "+48 85 600 70 80", "email": "s.novik@example.com",
        },
        "travel_document": {"type": "passport", "series_and_number": "MP7654321", "issued_on": "2021-04-02",
                            "expires_on": "2031-04-01", "issuing_authority": "MINISTRY OF INTERNAL AFFAIRS",
                            "issuing_country": "BLR", "persons_entered": 0},
        "address_in_country_of_origin": {"country": "BLR", "region": "obwód grodzieński", "municipality": "Grodno", "locality": "GRODNO", "street": "vul. Savetskaya", "house_number": "8", "flat_number": "15", "postal_code": "230025"},
        "address_in_previous_country": {"country": "brak"},
        "address_in_poland": {"voivodeship": "podlaskie", "county": "Białystok", "municipality": "Białystok",
                              "locality": "Białystok", "street": "ul. Lipowa", "house_number": "30",
                              "flat_number": "12", "postal_code": "15-424"},
        "purpose": {"justification": "Prowadzenie działalności gospodarczej (piekarnia) wpisanej do CEIDG."},
        "current_stay": {"in_poland": True, "last_entry_on": "2024-03-05",
                         "basis_of_stay": "temporary_residence_permit"},
        "family_members": [],
        "previous_stays_in_poland": [{"country": "POL", "date_from": "2024-03-05", "date_to": "2026-12-01",
                                      "basis": "zezwolenie na pobyt czasowy"}],
        "travels_abroad": [],
        "additional_information": dict(_NO_ANSWERS),
        "means_of_subsistence": {"monthly_net_income_pln": 8200.0, "household_size": 1,
                                 "source": "dochód z działalności gospodarczej", "health_insurance": "ZUS"},
        "signature": {"method": "trusted_profile", "signatory": "applicant"},
        "business": {"name": "Piekarnia Lipowa Siarhei Novik", "registered_in": "ceidg",
                     "nip": _valid_nip("542301234"), "regon": _valid_regon("38204511"), "pkd": "10.71.Z",
                     "role": "owner_sole_trader"},
        "documents": [
            {"file": "photo.jpg", "kind": "photo"},
            {"file": "passport.pdf", "kind": "passport_copy", "language": "be"},
            {"file": "stamp-duty-340.pdf", "kind": "stamp_duty_proof", "language": "pl", "issued_on": "2026-11-20"},
            {"file": "card-fee-100.pdf", "kind": "card_fee_proof", "language": "pl", "issued_on": "2026-11-20"},
            {"file": "ceidg-entry.pdf", "kind": "business_registration", "language": "pl", "issued_on": "2026-11-18"},
            {"file": "tax-return-2025.pdf", "kind": "tax_records", "language": "pl", "issued_on": "2026-04-20"},
            {"file": "health-insurance.pdf", "kind": "health_insurance", "language": "pl", "issued_on": "2026-11-03"},
            {"file": "lease.pdf", "kind": "accommodation_proof", "language": "pl", "issued_on": "2024-03-01"},
        ],
    }


def write_business_files(folder: Path) -> None:
    _write_files(folder, {
        **_person_files(business_application()),
        "stamp-duty-340.pdf": _transfer_pdf("340,00", "Urzad Miejski w Bialymstoku - oplata skarbowa",
                                            "oplata skarbowa - zezwolenie na pobyt czasowy, NOVIK SIARHEI"),
        "card-fee-100.pdf": _transfer_pdf("100,00", "Podlaski Urzad Wojewodzki w Bialymstoku",
                                          "oplata za wydanie karty pobytu, NOVIK SIARHEI"),
        "ceidg-entry.pdf": lambda p: fx.write_text_pdf(p, [
            "Wydruk z Centralnej Ewidencji i Informacji o Dzialalnosci Gospodarczej",
            "Firma: Piekarnia Lipowa Siarhei Novik", "Status: aktywny", "PKD przewazajace: 10.71.Z"]),
        "tax-return-2025.pdf": _scan(["PIT-36L za rok 2025", "Podatnik: NOVIK SIARHEI",
                                      "Dochod: 98 400,00 zl", "Urzedowe poswiadczenie odbioru (UPO)"]),
        "health-insurance.pdf": lambda p: fx.write_text_pdf(p, [
            "Zaswiadczenie o zgloszeniu do ubezpieczenia zdrowotnego (ZUS ZZA)", "Ubezpieczony: NOVIK SIARHEI",
            "Platnik: Piekarnia Lipowa Siarhei Novik"]),
        "lease.pdf": _scan(["UMOWA NAJMU LOKALU MIESZKALNEGO", "Bialystok, ul. Lipowa 30 m. 12",
                            "Najemca: Siarhei NOVIK", "Okres najmu: od 2024-03-05 na czas nieokreslony"]),
    })


def build_business_ready(folder: Path) -> None:
    """A complete business package of a sole trader registered in CEIDG: ready to file."""
    write_business_files(folder)
    _write(folder, business_application())


def family_reunification_application() -> dict[str, Any]:
    """Temporary residence for family reunification: a Ukrainian wife joining her husband, who holds
    a temporary residence permit for work in Wrocław."""
    husband = {"given_names": "ANDRII", "surname": "BONDARENKO"}
    return {
        "schema_version": "1",
        "permit": {"type": "temporary_residence", "ground": "family_reunification"},
        "filing_date": "2026-12-01",
        "legal_stay_until": "2027-01-31",
        "applicant": {
            "surname": "BONDARENKO", "family_name_at_birth": "MELNYK", "previous_surnames": ["MELNYK"],
            "given_names": "IRYNA", "previous_given_names": [], "father_name": "PETRO", "mother_name": "HALYNA",
            "mother_maiden_name": "SAVCHENKO", "date_of_birth": "1996-03-08", "place_of_birth": "POLTAVA",
            "country_of_birth": "UKR", "sex": "F", "citizenship": "UKR", "nationality": "ukraińska",
            "marital_status": "married", "education": "wyższe", "height_cm": 165, "eye_colour": "zielone",
            "special_marks": "brak", "pesel": _valid_pesel("9603081234"), "phone": "+48 733 444 555",
            "email": "iryna.bondarenko@example.com",
        },
        "travel_document": {"type": "passport", "series_and_number": "FU654321", "issued_on": "2024-01-10",
                            "expires_on": "2034-01-10", "issuing_authority": "5310",
                            "issuing_country": "UKR", "persons_entered": 0},
        "address_in_country_of_origin": {"country": "UKR", "region": "obwód połtawski", "county": "rejon połtawski", "municipality": "Połtawa", "locality": "POLTAVA", "street": "vul. Sobornosti", "house_number": "14", "flat_number": "brak", "postal_code": "36000"},
        "address_in_previous_country": {"country": "brak"},
        "address_in_poland": {"voivodeship": "dolnośląskie", "county": "Wrocław", "municipality": "Wrocław",
                              "locality": "Wrocław", "street": "ul. Legnicka", "house_number": "45",
                              "flat_number": "8", "postal_code": "53-671"},
        "purpose": {"justification": "Połączenie z mężem, który posiada zezwolenie na pobyt czasowy i pracę."},
        "current_stay": {"in_poland": True, "last_entry_on": "2026-11-05", "basis_of_stay": "visa_free"},
        "family_members": [
            {**husband, "sex": "M", "date_of_birth": "1993-10-02", "relationship": "mąż", "citizenship": "UKR",
             "place_of_residence": "Wrocław", "applying_for_permit": False, "dependent": False},
        ],
        "previous_stays_in_poland": [{"country": "POL", "date_from": "2026-11-05", "date_to": "2026-12-01",
                                      "basis": "ruch bezwizowy"}],
        "travels_abroad": [{"country": "UKR", "date_from": "2021-01-01", "date_to": "2026-11-04"}],
        "additional_information": dict(_NO_ANSWERS),
        "means_of_subsistence": {"monthly_net_income_pln": 7100.0, "household_size": 2,
                                 "source": "wynagrodzenie męża z umowy o pracę", "health_insurance": "ZUS (członek rodziny)"},
        "signature": {"method": "trusted_profile", "signatory": "applicant"},
        "sponsor": {**husband, "relationship": "mąż", "citizenship": "UKR",
                    "residence_title": "zezwolenie na pobyt czasowy i pracę do 2028-06-30"},
        "documents": [
            {"file": "photo.jpg", "kind": "photo"},
            {"file": "passport.pdf", "kind": "passport_copy", "language": "uk"},
            {"file": "stamp-duty-340.pdf", "kind": "stamp_duty_proof", "language": "pl", "issued_on": "2026-11-20"},
            {"file": "card-fee-100.pdf", "kind": "card_fee_proof", "language": "pl", "issued_on": "2026-11-20"},
            {"file": "marriage-certificate.pdf", "kind": "marriage_certificate", "language": "uk",
             "issued_on": "2026-10-05", "legalisation": "apostille"},
            {"file": "marriage-certificate-pl.pdf", "kind": "sworn_translation", "language": "pl",
             "translation_of": "marriage-certificate.pdf", "issued_on": "2026-10-20"},
            {"file": "husband-residence-card.pdf", "kind": "sponsor_residence_title", "language": "pl",
             "issued_on": "2025-07-01"},
            {"file": "husband-income.pdf", "kind": "income_proof", "language": "pl", "issued_on": "2026-11-10"},
            {"file": "health-insurance.pdf", "kind": "health_insurance", "language": "pl", "issued_on": "2026-11-12"},
            {"file": "lease.pdf", "kind": "accommodation_proof", "language": "pl", "issued_on": "2025-07-15"},
        ],
    }


def write_family_reunification_files(folder: Path) -> None:
    _write_files(folder, {
        **_person_files(family_reunification_application()),
        "stamp-duty-340.pdf": _transfer_pdf("340,00", "Urzad Miejski Wroclawia - oplata skarbowa",
                                            "oplata skarbowa - zezwolenie na pobyt czasowy, BONDARENKO IRYNA"),
        "card-fee-100.pdf": _transfer_pdf("100,00", "Dolnoslaski Urzad Wojewodzki we Wroclawiu",
                                          "oplata za wydanie karty pobytu, BONDARENKO IRYNA"),
        "marriage-certificate.pdf": lambda p: fx.write_scan_pdf(p, [
            ["SVIDOTSTVO PRO SHLIUB (marriage certificate, Ukraine)", "BONDARENKO ANDRII / MELNYK IRYNA",
             "Data reiestratsii: 2019-08-17, Poltava"], ["APOSTILLE", "(Convention de La Haye du 5 octobre 1961)",
                                                       "Kyiv, 2026-10-05"]], size=(620, 877), quality=55,
            title="marriage certificate"),
        "marriage-certificate-pl.pdf": lambda p: fx.write_text_pdf(p, [
            "TLUMACZENIE PRZYSIEGLE Z JEZYKA UKRAINSKIEGO", "Swiadectwo zawarcia malzenstwa",
            "Andrii BONDARENKO i Iryna MELNYK, zawarte 2019-08-17 w Poltawie", "Apostille z dnia 2026-10-05",
            "Tlumacz przysiegly jezyka ukrainskiego, nr TP/123/19, Wroclaw 2026-10-20"]),
        "husband-residence-card.pdf": _scan(["KARTA POBYTU / RESIDENCE PERMIT", "BONDARENKO ANDRII",
                                             "Rodzaj zezwolenia: pobyt czasowy i praca", "Wazna do: 2028-06-30"]),
        "husband-income.pdf": lambda p: fx.write_text_pdf(p, [
            "Zaswiadczenie o zatrudnieniu i wynagrodzeniu", "Pracownik: BONDARENKO ANDRII",
            "Wynagrodzenie netto: 7 100,00 zl miesiecznie", "Umowa o prace na czas nieokreslony"]),
        "health-insurance.pdf": lambda p: fx.write_text_pdf(p, [
            "Zgloszenie czlonka rodziny do ubezpieczenia zdrowotnego (ZUS ZCNA)",
            "Ubezpieczony: BONDARENKO ANDRII", "Czlonek rodziny: BONDARENKO IRYNA (malzonka)"]),
        "lease.pdf": _scan(["UMOWA NAJMU LOKALU MIESZKALNEGO", "Wroclaw, ul. Legnicka 45 m. 8",
                            "Najemcy: Andrii BONDARENKO, Iryna BONDARENKO", "Okres najmu: od 2025-08-01"]),
    })


def build_family_reunification_ready(folder: Path) -> None:
    """A complete family-reunification package with an apostilled marriage certificate and its sworn
    translation: ready to file."""
    write_family_reunification_files(folder)
    _write(folder, family_reunification_application())


def spouse_application() -> dict[str, Any]:
    """Temporary residence as the spouse of a Polish citizen: a Georgian husband in Gdańsk."""
    wife = {"given_names": "KATARZYNA", "surname": "BERIDZE"}
    return {
        "schema_version": "1",
        "permit": {"type": "temporary_residence", "ground": "spouse_of_polish_citizen"},
        "filing_date": "2026-12-01",
        "legal_stay_until": "2027-02-15",
        "applicant": {
            "surname": "BERIDZE", "family_name_at_birth": "BERIDZE", "previous_surnames": [],
            "given_names": "GIORGI", "previous_given_names": [], "father_name": "DAVIT", "mother_name": "NINO",
            "mother_maiden_name": "KAPANADZE", "date_of_birth": "1991-07-30", "place_of_birth": "TBILISI",
            "country_of_birth": "GEO", "sex": "M", "citizenship": "GEO", "nationality": "gruzińska",
            "marital_status": "married", "education": "wyższe", "height_cm": 179, "eye_colour": "ciemnobrązowe",
            "special_marks": "blizna na lewej dłoni", "pesel": _valid_pesel("9107300563"),
            "phone": "+48 698 111 000", "email": "giorgi.beridze@example.com",
        },
        "travel_document": {"type": "passport", "series_and_number": "20AB12345", "issued_on": "2020-05-20",
                            "expires_on": "2030-05-19", "issuing_authority": "PUBLIC SERVICE DEVELOPMENT AGENCY",
                            "issuing_country": "GEO", "persons_entered": 0},
        "address_in_country_of_origin": {"country": "GEO", "region": "Tbilisi", "municipality": "Tbilisi", "locality": "TBILISI", "street": "Rustaveli Ave", "house_number": "21", "flat_number": "4", "postal_code": "0108"},
        "address_in_previous_country": {"country": "brak"},
        "address_in_poland": {"voivodeship": "pomorskie", "county": "Gdańsk", "municipality": "Gdańsk",
                              "locality": "Gdańsk", "street": "ul. Grunwaldzka", "house_number": "102",
                              "flat_number": "3", "postal_code": "80-244"},
        "purpose": {"justification": "Pobyt z żoną, obywatelką polską, z którą zawarłem związek małżeński w Gdańsku."},
        "current_stay": {"in_poland": True, "last_entry_on": "2026-11-20", "basis_of_stay": "visa_free"},
        "family_members": [
            {**wife, "sex": "F", "date_of_birth": "1993-12-02", "relationship": "żona", "citizenship": "POL",
             "place_of_residence": "Gdańsk", "applying_for_permit": False, "dependent": False},
        ],
        "previous_stays_in_poland": [
            {"country": "POL", "date_from": "2026-08-25", "date_to": "2026-11-15", "basis": "ruch bezwizowy"},
            {"country": "POL", "date_from": "2026-11-20", "date_to": "2026-12-01", "basis": "ruch bezwizowy"},
        ],
        "travels_abroad": [{"country": "GEO", "date_from": "2026-11-16", "date_to": "2026-11-19"}],
        "additional_information": dict(_NO_ANSWERS),
        "means_of_subsistence": {"source": "wynagrodzenie żony z umowy o pracę",
                                 "health_insurance": "ZUS (członek rodziny)"},
        "signature": {"method": "qualified", "signatory": "applicant"},
        "sponsor": {**wife, "relationship": "żona", "citizenship": "POL", "pesel": _valid_pesel("9312020786"),
                    "married_on": "2026-10-10"},
        "documents": [
            {"file": "photo.jpg", "kind": "photo"},
            {"file": "passport.pdf", "kind": "passport_copy", "language": "ka"},
            {"file": "stamp-duty-340.pdf", "kind": "stamp_duty_proof", "language": "pl", "issued_on": "2026-11-20"},
            {"file": "card-fee-100.pdf", "kind": "card_fee_proof", "language": "pl", "issued_on": "2026-11-20"},
            {"file": "marriage-certificate.pdf", "kind": "marriage_certificate", "language": "pl",
             "issued_on": "2026-10-15"},
            {"file": "wife-id-card.pdf", "kind": "spouse_id_copy", "language": "pl", "issued_on": "2022-03-01"},
        ],
    }


def write_spouse_files(folder: Path) -> None:
    _write_files(folder, {
        **_person_files(spouse_application()),
        "stamp-duty-340.pdf": _transfer_pdf("340,00", "Urzad Miejski w Gdansku - oplata skarbowa",
                                            "oplata skarbowa - zezwolenie na pobyt czasowy, BERIDZE GIORGI"),
        "card-fee-100.pdf": _transfer_pdf("100,00", "Pomorski Urzad Wojewodzki w Gdansku",
                                          "oplata za wydanie karty pobytu, BERIDZE GIORGI"),
        "marriage-certificate.pdf": _scan(["ODPIS SKROCONY AKTU MALZENSTWA", "Urzad Stanu Cywilnego w Gdansku",
                                           "Maz: Giorgi BERIDZE, zona: Katarzyna BERIDZE",
                                           "Data zawarcia: 2026-10-10", "Data wydania odpisu: 2026-10-15"]),
        "wife-id-card.pdf": _scan(["RZECZPOSPOLITA POLSKA - DOWOD OSOBISTY", "BERIDZE KATARZYNA",
                                   "Obywatelstwo: POLSKIE", "Data wydania: 2022-03-01"]),
    })


def build_spouse_of_polish_citizen_ready(folder: Path) -> None:
    """A complete package of the spouse of a Polish citizen (marriage registered in Poland, so no
    translation; no income or insurance documents needed, though the form's parts E.V and E.VI are
    answered): ready to file."""
    write_spouse_files(folder)
    _write(folder, spouse_application())


def permanent_residence_application() -> dict[str, Any]:
    """Permanent residence for a Karta Polaka holder (exempt from stamp duty): a Belarusian nurse in Lublin."""
    return {
        "schema_version": "1",
        "permit": {"type": "permanent_residence", "ground": "karta_polaka"},
        "filing_date": "2026-12-01",
        "legal_stay_until": "2027-08-31",
        "applicant": {
            "surname": "KAVALEUSKAYA", "family_name_at_birth": "ZHUK", "previous_surnames": ["ZHUK"],
            "given_names": "VOLHA", "previous_given_names": [], "father_name": "IVAN", "mother_name": "MARYIA",
            "mother_maiden_name": "DOMBROUSKAYA", "date_of_birth": "1985-11-19", "place_of_birth": "LIDA",
            "country_of_birth": "BLR", "sex": "F", "citizenship": "BLR", "nationality": "polska",
            "marital_status": "divorced", "education": "wyższe medyczne", "height_cm": 170,
            "eye_colour": "szare", "special_marks": "brak", "pesel": _valid_pesel("8511190342"),
            "holds_karta_polaka": True, "phone": "+48 607 808 909", "email": "volha.k@example.com",
            "occupation": "pielęgniarka",
        },
        "travel_document": {"type": "passport", "series_and_number": "KH2233445", "issued_on": "2019-09-09",
                            "expires_on": "2029-09-08", "issuing_authority": "MINISTRY OF INTERNAL AFFAIRS",
                            "issuing_country": "BLR", "persons_entered": 0},
        "address_in_country_of_origin": {"country": "BLR", "region": "obwód grodzieński", "municipality": "Lida", "locality": "LIDA", "street": "vul. Lenina", "house_number": "3", "postal_code": "231300"},
        "address_in_previous_country": {"country": "brak"},
        "address_in_poland": {"voivodeship": "lubelskie", "county": "Lublin", "municipality": "Lublin",
                              "locality": "Lublin", "street": "ul. Narutowicza", "house_number": "7",
                              "flat_number": "21", "postal_code": "20-004"},
        "purpose": {"justification": "Zamiar osiedlenia się na stałe w Polsce jako posiadaczka Karty Polaka."},
        "current_stay": {"in_poland": True, "last_entry_on": "2026-09-01", "basis_of_stay": "national_visa"},
        "family_members": [],
        "previous_stays_in_poland": [{"country": "POL", "date_from": "2026-09-01", "date_to": "2026-12-01",
                                      "basis": "wiza krajowa D (repatriacja / Karta Polaka)"}],
        "travels_abroad": [],
        "additional_information": {**_NO_ANSWERS, "tax_liabilities": False},
        "signature": {"method": "trusted_profile", "signatory": "applicant"},
        "fees": {"stamp_duty_exemption": "karta_polaka"},
        "documents": [
            {"file": "photo.jpg", "kind": "photo"},
            {"file": "passport.pdf", "kind": "passport_copy", "language": "be"},
            {"file": "karta-polaka.pdf", "kind": "karta_polaka_copy", "language": "pl", "issued_on": "2024-05-14"},
            {"file": "card-fee-100.pdf", "kind": "card_fee_proof", "language": "pl", "issued_on": "2026-11-20"},
        ],
    }


def write_permanent_residence_files(folder: Path) -> None:
    _write_files(folder, {
        **_person_files(permanent_residence_application()),
        "karta-polaka.pdf": _scan(["KARTA POLAKA", "KAVALEUSKAYA VOLHA", "Data wydania: 2024-05-14",
                                   "Wazna do: 2034-05-14", "Konsul RP w Grodnie"]),
        "card-fee-100.pdf": _transfer_pdf("100,00", "Lubelski Urzad Wojewodzki w Lublinie",
                                          "oplata za wydanie karty pobytu, KAVALEUSKAYA VOLHA"),
    })


def build_permanent_residence_ready(folder: Path) -> None:
    """A complete permanent-residence package of a Karta Polaka holder (no stamp duty): ready to file."""
    write_permanent_residence_files(folder)
    _write(folder, permanent_residence_application())


def long_term_resident_application() -> dict[str, Any]:
    """Long-term EU resident (art. 211): a Vietnamese chef in Warsaw after six years on temporary permits,
    with a lease as the legal title to the dwelling (art. 219d ust. 1 pkt 3)."""
    return {
        "schema_version": "1",
        "permit": {"type": "long_term_eu_resident", "ground": "long_term_residence"},
        "filing_date": "2026-12-01",
        "legal_stay_until": "2027-05-31",
        "applicant": {
            "surname": "NGUYEN", "family_name_at_birth": "NGUYEN", "previous_surnames": [],
            "given_names": "VAN AN", "previous_given_names": [], "father_name": "VAN BINH", "mother_name": "THI HOA",
            "mother_maiden_name": "TRAN", "date_of_birth": "1987-03-12", "place_of_birth": "HAI PHONG",
            "country_of_birth": "VNM", "sex": "M", "citizenship": "VNM", "nationality": "wietnamska",
            "marital_status": "single", "education": "średnie", "height_cm": 168,
            "eye_colour": "brązowe", "special_marks": "brak", "pesel": _valid_pesel("8703120571"),
            "phone": "+48 601 222 333", "email": "an.nguyen@example.com", "occupation": "kucharz",
        },
        "travel_document": {"type": "passport", "series_and_number": "C1234567", "issued_on": "2022-06-10",
                            "expires_on": "2032-06-10", "issuing_authority": "VIETNAM IMMIGRATION DEPARTMENT",
                            "issuing_country": "VNM", "persons_entered": 0},
        "address_in_country_of_origin": {"country": "VNM", "region": "Hai Phong", "municipality": "Le Chan",
                                         "locality": "HAI PHONG", "street": "Tran Nguyen Han", "house_number": "12",
                                         "postal_code": "180000"},
        "address_in_previous_country": {"country": "brak"},
        "address_in_poland": {"voivodeship": "mazowieckie", "county": "Warszawa", "municipality": "Warszawa",
                              "locality": "Warszawa", "street": "ul. Grochowska", "house_number": "101",
                              "flat_number": "8", "postal_code": "04-186"},
        "purpose": {"justification": "Ubiegam się o zezwolenie na pobyt rezydenta długoterminowego UE po ponad "
                                    "5 latach nieprzerwanego legalnego pobytu w Polsce."},
        "current_stay": {"in_poland": True, "last_entry_on": "2020-02-14",
                         "basis_of_stay": "temporary_residence_permit"},
        "family_members": [],
        "previous_stays_in_poland": [{"country": "POL", "date_from": "2020-02-14", "date_to": "2026-12-01",
                                      "basis": "zezwolenia na pobyt czasowy i pracę"}],
        "travels_abroad": [{"country": "VNM", "date_from": "2025-01-20", "date_to": "2025-02-10"}],
        "stays_in_other_member_states": [],
        "additional_information": {**_NO_ANSWERS, "ltr_permit_in_other_member_state": False},
        "means_of_subsistence": {"monthly_net_income_pln": 6100.0, "household_size": 1,
                                 "source": "umowa o pracę", "health_insurance": "ZUS"},
        "signature": {"method": "trusted_profile", "signatory": "applicant"},
        "documents": [
            {"file": "photo.jpg", "kind": "photo"},
            {"file": "passport.pdf", "kind": "passport_copy", "language": "vi"},
            {"file": "lease.pdf", "kind": "dwelling_title", "language": "pl", "issued_on": "2024-09-01"},
            {"file": "stamp-duty-640.pdf", "kind": "stamp_duty_proof", "language": "pl", "issued_on": "2026-11-20"},
            {"file": "card-fee-100.pdf", "kind": "card_fee_proof", "language": "pl", "issued_on": "2026-11-20"},
            {"file": "pit-2025.pdf", "kind": "tax_records", "language": "pl", "issued_on": "2026-04-25"},
            {"file": "health-insurance.pdf", "kind": "health_insurance", "language": "pl", "issued_on": "2026-11-05"},
            {"file": "polish-b1.pdf", "kind": "polish_language_certificate", "language": "pl",
             "issued_on": "2025-06-30"},
        ],
    }


def write_long_term_resident_files(folder: Path) -> None:
    _write_files(folder, {
        **_person_files(long_term_resident_application()),
        "lease.pdf": _scan(["UMOWA NAJMU LOKALU MIESZKALNEGO", "Warszawa, ul. Grochowska 101 m. 8",
                            "Najemca: NGUYEN VAN AN", "Okres najmu: od 2024-09-01 na czas nieokreslony"]),
        "stamp-duty-640.pdf": _transfer_pdf("640,00", "Urzad Dzielnicy Srodmiescie m.st. Warszawy - oplata skarbowa",
                                            "oplata skarbowa - pobyt rezydenta dlugoterminowego UE, NGUYEN VAN AN"),
        "card-fee-100.pdf": _transfer_pdf("100,00", "Mazowiecki Urzad Wojewodzki w Warszawie",
                                          "oplata za wydanie karty pobytu, NGUYEN VAN AN"),
        "pit-2025.pdf": _scan(["PIT-37 za rok 2025", "Podatnik: NGUYEN VAN AN", "Przychod: 96 300,00 zl",
                               "Urzedowe poswiadczenie odbioru (UPO)"]),
        "health-insurance.pdf": lambda p: fx.write_text_pdf(p, [
            "Zaswiadczenie o zgloszeniu do ubezpieczenia zdrowotnego (ZUS ZZA)", "Ubezpieczony: NGUYEN VAN AN",
            "Platnik: Restauracja Saigon Sp. z o.o."]),
        "polish-b1.pdf": _scan(["CERTYFIKAT ZNAJOMOSCI JEZYKA POLSKIEGO", "Poziom: B1", "NGUYEN VAN AN",
                                "Panstwowa Komisja ds. Poswiadczania Znajomosci Jezyka Polskiego"]),
    })


def build_long_term_resident_ready(folder: Path) -> None:
    """A complete long-term EU resident package, the legal title to the dwelling attached: ready to file."""
    write_long_term_resident_files(folder)
    _write(folder, long_term_resident_application())


def build_work_form_identifiers(folder: Path) -> None:
    """An HR system exported the form with broken identifiers: a PESEL and a NIP off by one digit,
    a REGON cut short, the postal code without its dash and citizenship as a country name."""
    write_work_files(folder)
    app = copy.deepcopy(work_application())
    pesel = app["applicant"]["pesel"]
    app["applicant"]["pesel"] = pesel[:-1] + str((int(pesel[-1]) + 1) % 10)
    app["annex_1"]["entity"]["nip"] = "5270000098"
    app["annex_1"]["entity"]["regon"] = "14123000"
    app["address_in_poland"]["postal_code"] = "00590"
    app["applicant"]["citizenship"] = "Ukraina"
    _write(folder, app)


BUILDERS: dict[str, Callable[[Path], None]] = {
    "work-ready": build_work_ready,
    "work-passport-missing": build_work_passport_missing,
    "work-docx-contract": build_work_docx_contract,
    "work-form-typos": build_work_form_typos,
    "files-only-webp-photo": build_files_only_webp_photo,
    "work-form-identifiers": build_work_form_identifiers,
    "study-ready": build_study_ready,
    "study-form-incomplete": build_study_form_incomplete,
    "business-ready": build_business_ready,
    "family-reunification-ready": build_family_reunification_ready,
    "spouse-of-polish-citizen-ready": build_spouse_of_polish_citizen_ready,
    "permanent-residence-ready": build_permanent_residence_ready,
    "long-term-resident-ready": build_long_term_resident_ready,
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
