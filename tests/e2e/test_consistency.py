"""Consistency (issue 6): the passport number and surname of the description in the text of the
travel-document file and of the sworn translations."""

from __future__ import annotations

import factories as fx
import pytest
from conftest import AS_OF, write_application

import mosprecheck
from mosprecheck.report.models import Category
from mosprecheck.rules.consistency import normalise

CODES = ("C001", "C002", "C003", "C004")


def _found(folder, app):
    write_application(folder, app)
    report = mosprecheck.check(folder, as_of=AS_OF)
    return {d.code: d for d in report.defects if d.code in CODES}


def test_normalisation_ignores_case_diacritics_spaces_and_mrz_fillers():
    assert "KOWALENKO" in normalise("P<UKRKOWALENKO<<OLENA<<<<")
    assert normalise("Łukasz Żółć-Kowalski") == "LUKASZZOLCKOWALSKI"
    assert normalise("FX 123 456") == "FX123456"


def test_a_text_passport_with_the_declared_data_passes(work_package, work_application):
    fx.write_text_pdf(work_package / "passport.pdf", fx.passport_pages(pages=1)[0], pages=32)
    assert not _found(work_package, work_application)


@pytest.mark.parametrize(("surname", "number", "expected"), [
    ("KOWALENKO", "FX654321", {"C001"}),
    ("KOVALENKO", "FX123456", {"C002"}),
    ("KOVALENKO", "FX654321", {"C001", "C002"}),
])
def test_a_mismatch_is_an_advisory(work_package, work_application, surname, number, expected):
    fx.write_text_pdf(work_package / "passport.pdf", fx.passport_pages(surname=surname, number=number)[0], pages=32)
    found = _found(work_package, work_application)
    assert set(found) == expected
    for d in found.values():
        assert d.category is Category.ADVISORY and d.file == "passport.pdf"
        assert number not in str(d.ctx) and surname not in str(d.ctx)  # nothing read from the file is reported


def test_scans_without_text_are_not_judged(work_package, work_application):
    work_application["travel_document"]["series_and_number"] = "ZZ999999"
    assert not _found(work_package, work_application)  # the work package's passport is a scan


def _translation(folder, app, lines, original_kind="birth_certificate"):
    fx.write_unicode_text_pdf(folder / "birth.pdf", ["Свідоцтво про народження", "Прізвище: Коваленко"])
    fx.write_unicode_text_pdf(folder / "birth-pl.pdf", lines)
    app["documents"] += [
        {"file": "birth.pdf", "kind": original_kind, "language": "uk", "legalisation": "apostille"},
        {"file": "birth-pl.pdf", "kind": "sworn_translation", "language": "pl", "translation_of": "birth.pdf"}]
    return _found(folder, app)


def test_a_translation_naming_the_applicant_passes(work_package, work_application):
    assert not _translation(work_package, work_application, [
        "Tłumaczenie przysięgłe z języka ukraińskiego. Akt urodzenia.", "Nazwisko: KOWALENKO. Imię: OLENA."])


def test_a_translation_with_another_transliteration_is_reported(work_package, work_application):
    found = _translation(work_package, work_application, [
        "Tłumaczenie przysięgłe z języka ukraińskiego. Akt urodzenia.", "Nazwisko: KOVALENKO. Imię: OLENA."])
    assert set(found) == {"C003"} and found["C003"].file == "birth-pl.pdf"
    assert "birth certificate" in found["C003"].message["en"]


def test_translations_of_documents_about_someone_else_are_not_judged(work_package, work_application):
    assert not _translation(work_package, work_application, [
        "Tłumaczenie przysięgłe z języka ukraińskiego. Karta pobytu członka rodziny.", "Nazwisko: SHEVCHUK."],
        original_kind="sponsor_residence_title")


def test_a_translation_of_the_passport_must_carry_its_number(work_package, work_application):
    fx.write_unicode_text_pdf(work_package / "passport-pl.pdf", [
        "Tłumaczenie przysięgłe z języka ukraińskiego. Paszport.", "Nazwisko: KOWALENKO. Numer: FX 123 457."])
    work_application["documents"].append({"file": "passport-pl.pdf", "kind": "sworn_translation", "language": "pl",
                                          "translation_of": "passport.pdf"})
    assert set(_found(work_package, work_application)) == {"C004"}


# ---------------------------------------------------------------------------------------------
# Issue 11: the machine-readable zone of the travel document (C010-C015) and distinct proofs
# (C020, C021)
# ---------------------------------------------------------------------------------------------

import json  # noqa: E402

from mosprecheck.rules.consistency import find_mrz, mrz_check_digit  # noqa: E402

MRZ_CODES = ("C010", "C011", "C012", "C013", "C014", "C015")

#: The specimen of ICAO Doc 9303 part 4 (Anna Maria Eriksson, Utopia): its check digits are printed.
ICAO_TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10")


def _digit(field: str) -> str:
    """The ICAO check digit, written independently of the code under test."""
    values = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}
    return str(sum(values[ch] * w for ch, w in zip(field, [7, 3, 1] * 20)) % 10)


def td3(surname="KOWALENKO", given="OLENA", number="FX123456", birth="940514", expiry="330303",
        nationality="UKR", sex="F") -> list[str]:
    """Two TD3 lines with valid check digits."""
    top = f"P<{nationality}{surname}<<{given}".ljust(44, "<")[:44]
    num = number.ljust(9, "<")
    optional = "<" * 14
    bottom = num + _digit(num) + nationality + birth + _digit(birth) + sex + expiry + _digit(expiry) + optional + "<"
    bottom += _digit(bottom[0:10] + bottom[13:20] + bottom[21:43])
    return [top, bottom]


def _passport(folder, lines, pages=32):
    data = ["PASSPORT / PASAPORT", "UKRAINE / UKRAINA", "Surname / Prizvyshche: see below", *lines]
    fx.write_text_pdf(folder / "passport.pdf", data, pages=pages)


def _mrz_found(folder, app):
    write_application(folder, app)
    report = mosprecheck.check(folder, as_of=AS_OF)
    return report, {d.code: d for d in report.defects if d.code in MRZ_CODES}


def test_check_digits_are_those_printed_on_the_icao_specimen():
    line = ICAO_TD3[1]
    assert mrz_check_digit(line[0:9]) == line[9] == "6"
    assert mrz_check_digit(line[13:19]) == line[19] == "2"
    assert mrz_check_digit(line[21:27]) == line[27] == "9"
    assert mrz_check_digit(line[0:10] + line[13:20] + line[21:43]) == line[43] == "0"
    mrz, seen = find_mrz("\n".join(ICAO_TD3))
    assert seen and mrz is not None
    assert (mrz.document_number, mrz.surname, mrz.birth_date) == ("L898902C3", "ERIKSSON", "740812")


def test_td1_identity_card_and_lines_with_ocr_spaces_are_read():
    td1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
    mrz, _ = find_mrz("\n".join(td1))
    assert mrz is not None and mrz.format == "TD1" and mrz.document_number == "D23145890"
    spaced = "\n".join(" ".join(line[i:i + 4] for i in range(0, len(line), 4)) for line in ICAO_TD3)
    assert find_mrz(spaced)[0] is not None
    assert find_mrz("".join(ICAO_TD3))[0] is not None  # both lines extracted as one


def test_a_wrong_check_digit_is_not_a_valid_mrz():
    broken = (ICAO_TD3[0], ICAO_TD3[1][:9] + "7" + ICAO_TD3[1][10:])
    assert find_mrz("\n".join(broken)) == (None, True)


def test_a_passport_whose_valid_mrz_matches_the_description_passes(work_package, work_application):
    _passport(work_package, td3())
    report, found = _mrz_found(work_package, work_application)
    assert not found, found
    assert report.ready_to_file, report.codes


@pytest.mark.parametrize(("mrz", "code", "pointer"), [
    (dict(number="EK654321"), "C010", "/travel_document/series_and_number"),
    (dict(surname="PETRENKO"), "C011", "/applicant/surname"),
    (dict(birth="940515"), "C012", "/applicant/date_of_birth"),
])
def test_a_valid_mrz_with_other_data_is_a_formal_defect(work_package, work_application, mrz, code, pointer):
    _passport(work_package, td3(**mrz))
    report, found = _mrz_found(work_package, work_application)
    assert set(found) == {code}
    d = found[code]
    assert d.category is Category.FORMAL_DEFECT and d.field == pointer and d.file == "passport.pdf"
    assert not report.ready_to_file
    dump = json.dumps(d.model_dump(mode="json"))
    assert all(v not in dump for v in mrz.values())  # nothing read from the file is reported
    assert "C001" not in report.codes and "C002" not in report.codes  # the MRZ comparison replaces them


def test_another_persons_passport_gives_all_three(work_package, work_application):
    _passport(work_package, td3(surname="PETRENKO", given="IVAN", number="EK654321", birth="900101", sex="M"))
    report, found = _mrz_found(work_package, work_application)
    assert set(found) == {"C010", "C011", "C012"} and not report.ready_to_file


def test_surname_comparison_accepts_icao_transliteration_and_a_cut_name(work_package, work_application):
    work_application["applicant"]["surname"] = "Müller-Kowalenko"
    _passport(work_package, td3(surname="MUELLER<KOWALENKO"))
    assert not _mrz_found(work_package, work_application)[1]
    work_application["applicant"]["surname"] = "KOWALENKO-SZCZEPANSKA-WISNIEWSKA-ABCDEFGHIJ"
    _passport(work_package, td3(surname="KOWALENKO<SZCZEPANSKA<WISNIEWSKA<ABCDEF", given=""))  # 39: full
    assert not _mrz_found(work_package, work_application)[1]


def test_a_lease_declared_as_the_passport_is_a_refusal_risk(work_package, work_application):
    fx.write_text_pdf(work_package / "passport.pdf", [
        "UMOWA NAJMU LOKALU MIESZKALNEGO", "zawarta w Warszawie pomiedzy Wynajmujacym a Najemca",
        "Najemca: Olena KOWALENKO", "Okres najmu: od 2025-02-01 na czas nieokreslony"])
    report, found = _mrz_found(work_package, work_application)
    assert set(found) == {"C013"}
    d = found["C013"]
    assert d.category is Category.REFUSAL_RISK and d.field == "/documents/1/file"
    assert d.ctx["pages_read"] == d.ctx["pages"] == 1


def test_a_scan_without_text_and_without_ocr_is_not_verified_never_passed(work_package, work_application):
    report, found = _mrz_found(work_package, work_application)  # the work package's passport is a scan
    assert set(found) == {"C014"} and found["C014"].category is Category.ADVISORY
    assert "not verified" in found["C014"].message["en"]


def test_ocr_text_is_used_when_the_inventory_provides_it(work_package, work_application, monkeypatch):
    """The inventory's ``ocr_text`` (PdfFacts/ImageFacts; None when OCR did not run) is read for the
    machine-readable zone when the copy has no text layer."""
    import dataclasses

    from mosprecheck.rules import registry

    ocr = {"passport.pdf": "\n".join(td3(number="EK654321")), "photo.jpg": None}
    original = registry.CheckContext.files_by_path.func

    def with_ocr(self):
        by_path = dict(original(self))
        for path, text in ocr.items():
            f = by_path[path]
            if f.pdf is not None:
                by_path[path] = dataclasses.replace(f, pdf=dataclasses.replace(f.pdf, ocr_text=text))
            else:
                by_path[path] = dataclasses.replace(f, image=dataclasses.replace(f.image, ocr_text=text))
        return by_path

    monkeypatch.setattr(registry.CheckContext, "files_by_path", property(with_ocr))
    report, found = _mrz_found(work_package, work_application)
    assert set(found) == {"C010"}, report.codes  # read from the OCR text of the image-only scan
    ocr["passport.pdf"] = ""  # OCR ran and read nothing that looks like a zone
    report, found = _mrz_found(work_package, work_application)
    assert set(found) == {"C013"}, report.codes
    ocr["passport.pdf"] = None  # OCR did not run
    report, found = _mrz_found(work_package, work_application)
    assert set(found) == {"C014"}, report.codes


def test_mrz_shaped_lines_with_wrong_check_digits_are_an_advisory(work_package, work_application):
    lines = td3()
    lines[1] = lines[1][:9] + str((int(lines[1][9]) + 1) % 10) + lines[1][10:]
    _passport(work_package, lines)
    report, found = _mrz_found(work_package, work_application)
    assert set(found) == {"C015"} and found["C015"].category is Category.ADVISORY
    assert report.ready_to_file


def _declare_twice(folder, app, kind, other_file):
    app["documents"] = [d for d in app["documents"] if d["kind"] != kind]
    app["documents"].append({"file": other_file, "kind": kind, "language": "pl"})
    write_application(folder, app)
    return mosprecheck.check(folder, as_of=AS_OF)


def test_one_receipt_for_both_fees_is_a_defect_at_both_pointers(work_package, work_application):
    report = _declare_twice(work_package, work_application, "card_fee_proof", "stamp-duty-440.pdf")
    c020 = [d for d in report.defects if d.code == "C020"]
    assert sorted(d.field for d in c020) == ["/documents/2/file", "/documents/6/file"]
    assert all(d.category is Category.FORMAL_DEFECT for d in c020) and not report.ready_to_file
    by_field = {d.field: d for d in c020}
    assert by_field["/documents/2/file"].ctx["other_field"] == "/documents/6/file"


def test_one_receipt_is_caught_whatever_form_the_path_takes(work_package, work_application):
    report = _declare_twice(work_package, work_application, "card_fee_proof", "./stamp-duty-440.pdf")
    assert [d.code for d in report.defects].count("C020") == 2


def test_the_photo_declared_as_the_passport_is_a_defect_at_both_pointers(work_package, work_application):
    report = _declare_twice(work_package, work_application, "passport_copy", "photo.jpg")
    c021 = sorted(d.field for d in report.defects if d.code == "C021")
    assert c021 == ["/documents/0/file", "/documents/6/file"] and not report.ready_to_file


def test_distinct_files_and_one_file_under_compatible_kinds_pass(work_package, work_application):
    work_application["documents"].append({"file": "employment-contract.pdf", "kind": "income_proof", "language": "pl"})
    write_application(work_package, work_application)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    assert not {"C020", "C021"} & set(report.codes)


def test_an_identity_card_beside_the_passport_is_not_compared_with_the_passport_number(work_package, work_application):
    _passport(work_package, td3())
    number, birth, expiry = "AB1234567", "940514", "330303"
    top = f"I<UKR{number}{_digit(number)}".ljust(30, "<")
    middle = f"{birth}{_digit(birth)}F{expiry}{_digit(expiry)}UKR".ljust(29, "<")
    middle += _digit(top[5:30] + middle[0:7] + middle[8:15] + middle[18:29])
    lines = [top, middle, "KOWALENKO<<OLENA".ljust(30, "<")]
    mrz, _ = find_mrz("\n".join(lines))
    assert mrz is not None and mrz.document_number == number  # a valid identity-card MRZ
    fx.write_text_pdf(work_package / "id-card.pdf", ["IDENTITY CARD / POSVIDCHENNIA", *lines], pages=2)
    work_application["documents"].append({"file": "id-card.pdf", "kind": "id_card_copy", "language": "uk"})
    report, found = _mrz_found(work_package, work_application)
    assert not found, report.codes  # same person: surname and birth date agree; the number is the passport's


def test_mrz_lines_beside_labels_or_other_words_are_found():
    text = f"MRZ: {ICAO_TD3[0]} line 1\n{ICAO_TD3[1]} (bottom)\n" + "P<UTO is not a zone\n"
    mrz, seen = find_mrz(text)
    assert seen and mrz is not None and mrz.document_number == "L898902C3"
    assert find_mrz("Kontrakt nr 1/2026, strona 1 z 3") == (None, False)


def test_a_visa_page_in_the_passport_copy_is_not_the_passport(work_package, work_application):
    """A Polish visa sticker carries its own zone (document code V, the visa's number)."""
    visa = td3(number="PL0012345")
    visa[0] = "V" + visa[0][1:]
    _passport(work_package, td3() + ["VISA / WIZA"] + visa)
    assert not _mrz_found(work_package, work_application)[1]
    _passport(work_package, ["VISA / WIZA", *visa, "no data page in this copy"])
    report, found = _mrz_found(work_package, work_application)
    assert set(found) == {"C013"}  # only a visa: the data page is missing, not a wrong number


def test_an_old_and_a_new_passport_in_one_copy_pass_when_one_matches(work_package, work_application):
    _passport(work_package, td3(number="EK000001") + ["CANCELLED"] + td3())
    assert not _mrz_found(work_package, work_application)[1]
