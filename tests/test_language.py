"""Language of the text layers (issue 6): the detector on a labelled set, bounded extraction, and
the rules T050-T052 against issue 5's T001 (no document reported twice for one cause)."""

from __future__ import annotations

from pathlib import Path

import factories as fx
import pytest
import yaml
from conftest import AS_OF, TESTS, write_application

import mosprecheck
from mosprecheck.inventory.worker import inspect_pdf
from mosprecheck.inventory.worker.pdf import content, structure
from mosprecheck.report.models import Category
from mosprecheck.text.langdetect import detect, lingua_available

SAMPLES = yaml.safe_load((TESTS / "data" / "language_samples.yaml").read_text(encoding="utf-8"))
LANGUAGE_CODES = ("T001", "T004", "T050", "T051", "T052")

UKRAINIAN = ["Свідоцтво про народження.", "Прізвище: Коваленко. Ім'я: Олена. По батькові: Ігорівна.",
             "Дата народження: 14 травня 1994 року. Місце народження: місто Львів, Україна."]
POLISH = ["Zaświadczenie o zatrudnieniu.", "Niniejszym zaświadcza się, że Pani Olena Kowalenko jest zatrudniona",
          "w naszej spółce na stanowisku programistki na podstawie umowy o pracę na czas nieokreślony."]
ENGLISH = ["This is to certify that Ms Olena Kowalenko has been employed by our company",
           "as a software developer since 1 February 2025 and that her salary is paid monthly."]


# --- the detector --------------------------------------------------------------------------------


@pytest.mark.parametrize("use_lingua", [False, pytest.param(True, marks=pytest.mark.skipif(
    not lingua_available(), reason="the lang extra (lingua) is not installed"))])
def test_detector_accuracy_on_the_labelled_set(use_lingua):
    right = [lang for lang, text in SAMPLES if detect(text, use_lingua=use_lingua).language == lang]
    # Measured: core 42/42, lingua 42/42 (docs/attachments.md). Allow one miss for future changes.
    assert len(right) >= len(SAMPLES) - 1, len(right)


@pytest.mark.parametrize("text", ["Kowalenko Olena", "FX123456 P<UKR", "Свідоцтво", "12.05.2026 440,00 PLN"])
def test_too_short_to_tell_is_never_foreign(text):
    d = detect(text)
    assert d.language is None and not d.foreign and d.reason == "too_short"


def test_what_the_core_detector_can_and_cannot_tell_apart():
    uk = detect(" ".join(UKRAINIAN), use_lingua=False)
    assert (uk.language, uk.script, uk.foreign) == ("uk", "cyrillic", True)
    ru = detect("Свидетельство о рождении. Фамилия: Новик. Отчество: Александрович. Это выдано в ЗАГС.",
                use_lingua=False)
    assert ru.language == "ru"
    # Cyrillic without any telling letter or word: foreign for sure, language undetermined.
    neutral = detect("Коваленко Олена Петрович Коваленко Олена Петрович Коваленко Олена Петрович", use_lingua=False)
    assert neutral.language is None and neutral.reason == "script_only" and neutral.foreign
    georgian = detect("დაბადების მოწმობა. გვარი: ბერიძე. სახელი: გიორგი. დაბადების ადგილი: თბილისი.",
                      use_lingua=False)
    assert georgian.language == "ka" and georgian.foreign


def test_a_bilingual_document_with_polish_is_not_foreign():
    text = " ".join(POLISH + ENGLISH)
    for use in (False, lingua_available()):
        d = detect(text, use_lingua=use)
        assert not d.foreign and d.polish_share >= 0.2


# --- bounded extraction --------------------------------------------------------------------------


def test_text_is_read_from_the_first_pages_only(tmp_path):
    pdf = fx.write_unicode_text_pdf(tmp_path / "long.pdf", POLISH, pages=content.TEXT_MAX_PAGES + 3)
    facts = inspect_pdf(pdf.read_bytes())
    # Every page is looked at for an MRZ (issue 11), only the first pages' text is kept.
    assert facts.text_pages == content.TEXT_MAX_PAGES + 3 and facts.text_truncated
    assert facts.text_sample.count("Zaświadczenie") == content.TEXT_MAX_PAGES


def test_text_is_bounded_in_characters(tmp_path):
    pdf = fx.write_unicode_text_pdf(tmp_path / "wide.pdf", ["Zaświadczenie " * 400] * 5, pages=2)
    facts = inspect_pdf(pdf.read_bytes())
    assert len(facts.text_sample) <= content.TEXT_MAX_CHARS and facts.text_truncated


def test_running_out_of_the_text_budget_leaves_the_file_verified(tmp_path, monkeypatch):
    pdf = fx.write_unicode_text_pdf(tmp_path / "doc.pdf", POLISH)
    monkeypatch.setattr(structure, "EXTRAS_TIME_S", 0.0)
    facts = inspect_pdf(pdf.read_bytes())
    assert facts.opened and facts.error is None and facts.pages == 1
    assert facts.text_sample is None and facts.text_error == "time"


def test_a_scanned_page_has_no_text_and_its_image_is_not_read(tmp_path, monkeypatch):
    pdf = fx.write_scan_pdf(tmp_path / "scan.pdf", [["Umowa"]])
    seen = []
    real = content._image_size
    monkeypatch.setattr(content, "_image_size", lambda *a: seen.append(1) or real(*a))
    facts = inspect_pdf(pdf.read_bytes())
    assert facts.text_sample is None and facts.text_pages == 1 and seen


# --- the rules -----------------------------------------------------------------------------------


def _report(folder: Path, app: dict, files: dict[str, list[str]], entries: list[dict]):
    for name, lines in files.items():
        fx.write_unicode_text_pdf(folder / name, lines)
    app["documents"] += entries
    write_application(folder, app)
    report = mosprecheck.check(folder, as_of=AS_OF)
    return report, {d.code: d for d in report.defects if d.code in LANGUAGE_CODES}


def test_a_certificate_declared_polish_that_is_ukrainian_needs_a_translation(work_package, work_application):
    report, found = _report(work_package, work_application, {"certificate.pdf": UKRAINIAN},
                            [{"file": "certificate.pdf", "kind": "birth_certificate", "language": "pl",
                              "legalisation": "apostille"}])
    assert set(found) == {"T050"}
    d = found["T050"]
    assert d.category is Category.FORMAL_DEFECT and d.file == "certificate.pdf" and d.ctx["detected"] == "uk"
    assert d.ctx["declared"] == "pl" and not report.ready_to_file
    assert "{" not in d.message["vi"] and "свідоцтво про народження" in d.message["uk"]


def test_an_undeclared_foreign_document_needs_a_translation(work_package, work_application):
    _, found = _report(work_package, work_application, {"reference.pdf": ENGLISH},
                       [{"file": "reference.pdf", "kind": "other"}])
    assert set(found) == {"T050"} and found["T050"].ctx["detected"] == "en" and found["T050"].ctx["declared"] == "—"


def test_declared_foreign_without_translation_is_t004_only(work_package, work_application):
    # From 27 April 2026 an optional document's missing translation is T004 (art. 106d ust. 2, 106f), not T001.
    _, found = _report(work_package, work_application, {"reference.pdf": ENGLISH},
                       [{"file": "reference.pdf", "kind": "other", "language": "en"}])
    assert set(found) == {"T004"}


def test_an_english_certificate_that_is_really_ukrainian(work_package, work_application):
    _, found = _report(work_package, work_application, {"certificate.pdf": UKRAINIAN},
                       [{"file": "certificate.pdf", "kind": "other", "language": "en"}])
    assert set(found) == {"T004", "T051"}  # two causes: no translation (optional document: T004), wrong language
    assert found["T051"].ctx["declared"] == "en" and found["T051"].ctx["detected"] == "uk"
    assert found["T051"].category is Category.ADVISORY and found["T051"].field == "/documents/7/language"


def test_declared_polish_with_a_translation_is_only_a_language_mismatch(work_package, work_application):
    _, found = _report(work_package, work_application, {"certificate.pdf": UKRAINIAN, "certificate-pl.pdf": POLISH},
                       [{"file": "certificate.pdf", "kind": "other", "language": "pl"},
                        {"file": "certificate-pl.pdf", "kind": "sworn_translation", "language": "pl",
                         "translation_of": "certificate.pdf"}])
    assert set(found) == {"T051"}


def test_a_translation_that_is_the_original_again(work_package, work_application):
    report, found = _report(work_package, work_application,
                            {"certificate.pdf": UKRAINIAN, "certificate-pl.pdf": UKRAINIAN},
                            [{"file": "certificate.pdf", "kind": "other", "language": "uk"},
                             {"file": "certificate-pl.pdf", "kind": "sworn_translation", "language": "pl",
                              "translation_of": "certificate.pdf"}])
    assert set(found) == {"T052"} and found["T052"].file == "certificate-pl.pdf"
    assert found["T052"].ctx["translation_of"] == "certificate.pdf" and not report.ready_to_file


def test_polish_text_and_short_or_scanned_documents_are_not_judged(work_package, work_application):
    _, found = _report(work_package, work_application,
                       {"letter.pdf": POLISH, "short.pdf": ["Довідка"], "bilingual.pdf": POLISH + ENGLISH},
                       [{"file": "letter.pdf", "kind": "other", "language": "pl"},
                        {"file": "short.pdf", "kind": "other", "language": "pl"},
                        {"file": "bilingual.pdf", "kind": "other", "language": "pl"}])
    assert not found  # the work package's scans (no text layer) and Polish fee proofs pass too


def test_travel_documents_are_exempt(work_package, work_application):
    fx.write_unicode_text_pdf(work_package / "passport.pdf", UKRAINIAN + ["PASSPORT FX123456"])
    write_application(work_package, work_application)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    assert not {"T050", "T051", "T052"} & set(report.codes)
