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
