"""The report names its subject, and remedies name the field as the MOS form labels it (issue 12 item 6)."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import AS_OF, EXAMPLES

import mosprecheck
from mosprecheck.cli import main
from mosprecheck.i18n import MOS_LANGUAGES
from mosprecheck.render import render_html, render_json, render_text
from mosprecheck.report.subject import field_label, field_labels
from mosprecheck.rulebook import load_rulebook
from mosprecheck.case.form import field_info

I18N = Path(mosprecheck.__file__).parent / "i18n"
WORK = EXAMPLES / "work-ready"


def _labels(lang):
    from mosprecheck.i18n import form_fields

    return form_fields(lang)


def _package(tmp_path, name="kowalenko-2026", change=None):
    pkg = tmp_path / name
    shutil.copytree(WORK, pkg)
    if change:
        app = json.loads((pkg / "application.json").read_text(encoding="utf-8"))
        change(app)
        (pkg / "application.json").write_text(json.dumps(app), encoding="utf-8")
    return pkg


def test_the_report_names_package_permit_ground_and_applicant(tmp_path):
    report = mosprecheck.check(_package(tmp_path), as_of=AS_OF)
    s = report.subject
    assert (s.package, s.permit_type, s.ground, s.surname, s.given_names) == \
        ("kowalenko-2026", "temporary_residence", "work_single_permit", "KOWALENKO", "OLENA")
    assert json.loads(render_json(report))["subject"]["package"] == "kowalenko-2026"
    text = render_text(report, "uk").splitlines()
    assert "заявник: KOWALENKO OLENA · пакет: kowalenko-2026 · дозвіл: temporary_residence / work_single_permit" in text
    page = render_html(report, "fr")
    assert '<p class="subject">demandeur : KOWALENKO OLENA' not in page  # the words, not a guess of spacing
    assert re.search(r'<p class="subject">demandeur: KOWALENKO OLENA · dossier: kowalenko-2026', page)


def test_without_a_description_only_the_package_is_named(tmp_path):
    pkg = tmp_path / "files-only"
    pkg.mkdir()
    shutil.copy(WORK / "photo.jpg", pkg / "photo.jpg")
    report = mosprecheck.check(pkg, as_of=AS_OF)
    assert report.subject.model_dump() == {"package": "files-only", "permit_type": None, "ground": None,
                                           "surname": None, "given_names": None}
    assert "package: files-only" in render_text(report, "en")


def test_redaction_masks_the_applicant_and_a_package_named_after_him(tmp_path, capsys):
    pkg = _package(tmp_path, name="KOWALENKO_Olena")
    report = mosprecheck.check(pkg, as_of=AS_OF, redact=True)
    assert report.subject.surname == "[NAME]" and report.subject.given_names == "[NAME]"
    assert "kowalenko" not in report.subject.package.lower() and "[NAME]" in report.subject.package
    for out in (render_json(report), render_text(report, "pl"), render_html(report, "ar")):
        assert "KOWALENKO" not in out.upper().replace("[NAME]", "")
    code = main(["check", str(pkg), "--redact", "--format", "json", "--as-of", AS_OF.isoformat()])
    assert code == 0 and "KOWALENKO" not in capsys.readouterr().out


def test_redacting_a_report_without_the_description_still_masks_the_names(tmp_path):
    from mosprecheck.report.redact import redact

    plain = mosprecheck.check(_package(tmp_path, name="olena_kowalenko-2026"), as_of=AS_OF)
    masked = redact(plain)  # no description at hand: the subject's names are masked all the same
    assert masked.subject.surname == "[NAME]" and masked.subject.given_names == "[NAME]"
    assert masked.subject.package == "[NAME]_[NAME]-2026"


def test_a_zip_is_named_after_the_folder_it_holds_or_its_file_name(tmp_path):
    def zipped(prefix):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for p in sorted(WORK.iterdir()):
                zf.write(p, prefix + p.name)
        return buf.getvalue()

    assert mosprecheck.check(zipped("olena/"), as_of=AS_OF).subject.package == "olena"
    path = tmp_path / "agency-case-17.zip"
    path.write_bytes(zipped(""))
    assert mosprecheck.check(path, as_of=AS_OF).subject.package == "agency-case-17"
    assert mosprecheck.check(zipped(""), as_of=AS_OF).subject.package is None  # bytes have no name
    with open(path, "rb") as fh:
        assert mosprecheck.check(fh, as_of=AS_OF).subject.package == "agency-case-17"


# --- the form's labels -----------------------------------------------------------------------------------


def test_every_language_labels_the_same_boxes_and_every_pointer_names_a_field():
    english = _labels("en")
    assert len(english) > 100
    for lang in MOS_LANGUAGES:
        table = _labels(lang)
        assert set(table) == set(english), lang
        for pointer, entry in table.items():
            assert (entry["part"], entry.get("box"), entry.get("annex")) == \
                (english[pointer]["part"], english[pointer].get("box"), english[pointer].get("annex")), (lang, pointer)
            assert entry["label"].strip(), (lang, pointer)
            if lang in ("uk", "ar", "vi"):  # translated, never English copied
                assert entry["label"] != english[pointer]["label"], (lang, pointer)
        for pointer in table:
            assert field_info(pointer) is not None, pointer


def test_the_official_wording_of_the_form_is_used_for_pl_en_fr_ru():
    law = (Path(__file__).resolve().parents[2] / ".." / "shared" / "law" /
           "rozporzadzenie-2026-553-wniosek-pobyt-czasowy.txt")
    if not law.is_file():
        pytest.skip("the law folder is absent")
    text = " ".join(law.read_text(encoding="utf-8").split())
    for pointer in ("/applicant/surname", "/applicant/mother_maiden_name", "/applicant/place_of_birth",
                    "/address_in_poland/postal_code", "/travel_document/expires_on"):
        for lang in ("pl", "en", "fr", "ru"):
            assert _labels(lang)[pointer]["label"] in text, (lang, pointer)


@pytest.mark.parametrize(("pointer", "lang", "label"), [
    ("/applicant/surname", "en", 'part A, box 1 "Surname"'),
    ("/applicant/surname", "pl", "część A, pole 1 „Nazwisko”"),
    ("/family_members/2/date_of_birth", "ru", "часть E.II «Дата рождения»"),
    ("/previous_stays_in_poland/0/date_from", "en",
     'part E.III a) "Previous stays in the territory of the Republic of Poland (periods and grounds of the stay)"'),
    ("/annex_1/entity/nip", "fr", "annexe n° 1, partie II, case 6 « Numéro d’identification fiscale (NIP) »"),
    ("/address_in_poland/postal_code", "vi", "phần D, ô 8 “Mã bưu chính”"),
])
def test_field_label(pointer, lang, label):
    assert field_label(pointer, lang) == label


def test_no_label_for_a_field_without_a_box():
    assert field_label("/legal_stay_until", "en") is None
    assert field_labels("/documents/0/file") is None
    assert field_label(None, "en") is None


def test_remedies_name_the_form_box_in_text_html_and_json(tmp_path):
    pkg = _package(tmp_path, change=lambda app: app["applicant"].update(mother_maiden_name=""))
    report = mosprecheck.check(pkg, as_of=AS_OF)
    d = next(d for d in report.defects if d.field == "/applicant/mother_maiden_name")
    assert d.code == "D003" and not report.ready_to_file
    assert d.field_label == field_labels("/applicant/mother_maiden_name")
    assert set(d.field_label) == set(MOS_LANGUAGES)
    assert "field /applicant/mother_maiden_name — part A, box 8 \"Mother’s maiden name\"" in render_text(report, "en")
    assert "частина A, поле 8 «Дівоче прізвище матері»" in render_text(report, "uk")
    # Arabic isolates the left-to-right "A" and "8" in <bdi>
    assert 'الجزء <bdi dir="ltr">A</bdi>، الخانة <bdi dir="ltr">8</bdi> «لقب الأم قبل الزواج»' in render_html(report, "ar")
    kept = json.loads(render_json(report, ["pl"]))
    assert next(x for x in kept["defects"] if x["code"] == "D003")["field_label"] == \
        {"pl": "część A, pole 8 „Nazwisko rodowe matki”"}


def test_no_label_where_another_form_is_in_force(tmp_path):
    """Before 27 April 2026 (Dz.U. 2025 poz. 1647) and for the permanent-residence form the parts and
    boxes are numbered differently: no label rather than a wrong one."""
    before = _package(tmp_path, change=lambda app: (app["applicant"].update(mother_maiden_name=""),
                                                    app.update(filing_date="2026-03-02")))
    report = mosprecheck.check(before, as_of=AS_OF.replace(month=3, day=1))
    models = load_rulebook().at(report.filing_date).value("form.models")
    assert not models["temporary_residence"].get("labelled")
    now = load_rulebook().at(AS_OF).value("form.models")
    assert now["temporary_residence"] == {**now["temporary_residence"], "regulation": "Dz.U. 2026 poz. 553",
                                          "labelled": True}
    assert not now["permanent_residence"].get("labelled")
    missing = [d for d in report.defects if d.field == "/applicant/mother_maiden_name"]
    assert missing and all(d.field_label is None for d in missing)
    pr = mosprecheck.check(EXAMPLES / "permanent-residence-ready", as_of=AS_OF)
    assert all(d.field_label is None for d in pr.defects)


def test_the_habit_words_are_translated_into_every_language_with_the_same_placeholders():
    from mosprecheck.i18n import entries

    english = {k: v for k, v in entries("en").items() if k.startswith("habit.")}
    for lang in MOS_LANGUAGES:
        words = {k: v for k, v in entries(lang).items() if k.startswith("habit.")}
        assert set(words) == set(english), lang
        for key, text in words.items():
            assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", english[key])), (lang, key)
            if lang != "en" and (lang, key) != ("fr", "habit.message"):  # "Message" is French too
                assert text != english[key], (lang, key)
