"""Redaction masks values, not text (issue 13 item 6), in process on file facts.

The values of a report (each defect's ``ctx``, ``file``, ``field``, the inventory's paths, the
checklist's files, the subject) are masked, then the messages and remedies are rendered from the
masked values; no pattern ever runs over a rendered sentence. The end-to-end tests over real
packages, the CLI and what people write into file names are in tests/e2e/test_redact.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata

import pytest
import test_rule_cases as cases
from conftest import AS_OF
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mosprecheck.api import check_facts
from mosprecheck.findings import ChecklistItem, Finding
from mosprecheck.i18n import MOS_LANGUAGES
from mosprecheck.render import render_html, render_json, render_text
from mosprecheck.report.build import build_report
from mosprecheck.report.models import Subject
from mosprecheck.report.redact import MASKS, WITHHELD_TEXT, Masker, fold, masker_for, redact
from mosprecheck.rules import all_rules

RULES = all_rules()


def _case(code: str, facts_bank, *, stem: str | None = None):
    """The description and file facts of the first failing case of ``code`` (or the one named ``stem``)."""
    path = next(p for c, p in cases._cases() if c == code and cases._load(p)["expect"] == "reported"
                and (stem is None or p.stem == stem))
    return cases.build_case(cases._load(path), facts_bank)


def _outputs(report) -> dict[str, str]:
    outs = {"json": json.dumps(report.model_dump(mode="json"), ensure_ascii=False), "json-rendered": render_json(report)}
    for lang in MOS_LANGUAGES:
        outs[f"text-{lang}"] = render_text(report, lang)
        outs[f"html-{lang}"] = render_html(report, lang)
    return outs


def _report(findings, *, mask=None, files=(), checklist=(), subject=None):
    report = build_report(findings, files, roles={}, as_of=AS_OF, filing_date=AS_OF, rulebook_version="test",
                          application_checked=True, mask=mask, checklist=checklist)
    return report.model_copy(update={"subject": subject}) if subject is not None else report


# --- the words of a template are never masked; a name in a value always is -----------------------


def test_a_name_that_is_a_word_of_the_template_is_masked_in_the_value_only(facts_bank):
    """A surname "Plik" and given names "File Data": the words "Plik" (Polish), "File" (English) and
    "data" (Polish "data urodzenia") of the templates stay; the same words in the file name are
    masked. A regular expression run over the rendered sentences would have masked the template."""
    app, files = _case("F001", facts_bank)
    app["applicant"].update(surname="Plik", given_names="File Data")
    docx = next(f for f in files if f.path.endswith(".docx"))
    renamed_path = "Plik File-Data.docx"
    files = [dataclasses.replace(f, path=renamed_path) if f is docx else f for f in files]
    for doc in app["documents"]:
        if doc["file"] == docx.path:
            doc["file"] = renamed_path
    plain = check_facts(files, app, as_of=AS_OF)
    redacted = check_facts(files, app, as_of=AS_OF, redact=True)
    (before,) = [d for d in plain.defects if d.code == "F001"]
    (after,) = [d for d in redacted.defects if d.code == "F001"]
    assert before.message["pl"].startswith("Plik „Plik File-Data.docx”")
    assert after.message["pl"].startswith("Plik „[NAME] [NAME]-[NAME].docx”"), after.message["pl"]
    assert after.message["en"].startswith("File '[NAME] [NAME]-[NAME].docx'"), after.message["en"]
    assert after.file == after.ctx["file"] == "[NAME] [NAME]-[NAME].docx"
    # Every word of every language's text outside the masked value is the plain report's.
    for lang in MOS_LANGUAGES:
        assert after.message[lang] == before.message[lang].replace("Plik File-Data.docx", "[NAME] [NAME]-[NAME].docx")
        assert after.remedy[lang] == before.remedy[lang].replace("Plik File-Data.docx", "[NAME] [NAME]-[NAME].docx")
    # The public redact() of the plain report gives the very same report.
    assert redact(plain, app) == redacted

    # "data" in "data urodzenia" (C012) stays, although the given name "Data" is masked in the value.
    masker = masker_for(app)
    finding = Finding(file="Data.pdf", field="/applicant/date_of_birth",
                      ctx={"file": "Data.pdf", "field": "/applicant/date_of_birth", "document": "/documents/1"})
    (defect,) = _report([(RULES["C012"], finding)], mask=masker.finding).defects
    assert "„[NAME].pdf”" in defect.message["pl"] and "data urodzenia" in defect.message["pl"], defect.message["pl"]


def test_no_pattern_ever_runs_over_a_rendered_text(facts_bank, monkeypatch):
    """Every text the masker searches is a value of the report, never one of its messages or remedies."""
    app, files = _case("A001", facts_bank)
    app["documents"].append({"file": f"{app['applicant']['surname']} {app['travel_document']['series_and_number']}.pdf",
                             "kind": "other"})
    plain = check_facts(files, app, as_of=AS_OF)
    searched: list[str] = []
    original = Masker._mask_text

    def spy(self, text):
        searched.append(text)
        return original(self, text)

    monkeypatch.setattr(Masker, "_mask_text", spy)
    redacted = check_facts(files, app, as_of=AS_OF, redact=True)
    again = redact(plain, app)
    assert redacted == again
    assert searched
    rendered = {t for report in (plain, redacted) for d in report.defects
                for texts in (d.message, d.remedy) for t in texts.values()}
    assert not rendered & set(searched)
    assert any("[NAME]" in d.message["uk"] and "[DOC-NO]" in d.message["ar"] for d in redacted.defects)


def test_redacting_a_redacted_report_changes_nothing_and_runs_are_byte_identical(facts_bank):
    app, files = _case("D011", facts_bank)
    app["documents"].append({"file": f"{app['applicant']['pesel']}_{app['applicant']['surname']}.pdf", "kind": "other"})
    first = check_facts(files, app, as_of=AS_OF, redact=True)
    second = check_facts(files, app, as_of=AS_OF, redact=True)
    assert render_json(first) == render_json(second)
    for given_app in (app, None):
        assert render_json(redact(first, given_app)) == render_json(first)
    assert {"[PESEL]", "[NAME]", "[DOB]"} <= {m for m in MASKS if m in render_json(first)}


def test_the_redacted_report_lists_the_same_defects_in_the_same_order(facts_bank):
    """Masking may make two defects' values equal (two missing files named after the applicant): both
    stay, in the plain report's order, because order and de-duplication follow the values as found."""
    app, files = _case("A001", facts_bank)
    surname, given_names = app["applicant"]["surname"], app["applicant"]["given_names"]
    app["documents"] += [{"file": f"{surname}.pdf", "kind": "other"}, {"file": f"{given_names}.pdf", "kind": "other"}]
    plain = check_facts(files, app, as_of=AS_OF)
    redacted = check_facts(files, app, as_of=AS_OF, redact=True)
    assert [(d.code, d.field) for d in redacted.defects] == [(d.code, d.field) for d in plain.defects]
    assert [d.ctx["file"] for d in redacted.defects if d.code == "A001"].count("[NAME].pdf") == 2
    assert redacted.summary.total == plain.summary.total


def test_values_that_are_not_text_are_masked_through_their_text_and_otherwise_kept():
    masker = Masker(["94051412345"], ["FX1234567"], ["KOWALENKO"], [dt.date(1994, 5, 14)])
    ctx = {"born": dt.date(1994, 5, 14), "filed": dt.date(2026, 11, 30), "pesel": 94051412345, "count": 3,
           "ratio": 0.5, "ok": True, "none": None, "names": ("KOWALENKO", "x"), "set": frozenset({"Kowalenko.pdf"}),
           "nested": {"files": ["fx 123 4567.pdf", "a.pdf"], "KOWALENKO.pdf": 1}, "grouped": "PESEL 940514 12345"}
    masked = masker.mask(ctx)
    assert masked == {"born": "[DOB]", "filed": dt.date(2026, 11, 30), "pesel": "[PESEL]", "count": 3, "ratio": 0.5,
                      "ok": True, "none": None, "names": ("[NAME]", "x"), "set": frozenset({"[NAME].pdf"}),
                      "nested": {"files": ["[DOC-NO].pdf", "a.pdf"], "[NAME].pdf": 1}, "grouped": "PESEL [PESEL]"}
    unmasked = {"a": ["b", {"c": dt.date(2026, 1, 1)}]}
    assert masker.mask(unmasked) is unmasked  # nothing to mask: the very object, rendered as before
    assert masker.mask(masked) == masked  # a mask is never masked again


def test_a_code_this_version_does_not_know_has_its_texts_withheld_when_a_value_was_masked():
    masker = Masker([], [], ["KOWALENKO"], [])
    plain = _report([(RULES["A001"], Finding(field="/documents/0/file", ctx={
        "file": "KOWALENKO.pdf", "kind": "other", "field": "/documents/0/file", "suggestion": None,
        "hint_pl": "", "hint_en": ""}))])
    foreign = plain.model_copy(update={"defects": [plain.defects[0].model_copy(update={"code": "Z999"})]})
    (defect,) = masker.report(foreign).defects
    assert set(defect.message.values()) == {WITHHELD_TEXT} and defect.ctx["file"] == "[NAME].pdf"
    assert set(defect.message) == set(plain.defects[0].message)


def test_short_name_words_only_match_their_own_case():
    masker = Masker([], [], ["An", "Nguyen"], [])
    # A given name of two or three letters is masked as written, not as an ordinary word; longer
    # names in any case (and form).
    assert masker.mask("An and an apple, NGUYEN") == "[NAME] and an apple, [NAME]"


def test_nfkc_forms_and_ligatures_of_a_name_are_masked():
    masker = Masker([], ["FX123456"], ["KOWALENKO", "Effie"], [dt.date(1994, 5, 14)])
    assert masker.mask("ｋｏｗａｌｅｎｋｏ.pdf") == "[NAME].pdf"  # full-width letters (NFKC)
    assert masker.mask("E\ufb00ie") == "[NAME]"  # the "ff" ligature
    assert masker.mask("Ｆｘ１２３４５６") == "[DOC-NO]"
    assert masker.mask("born 14 05 1994, 14/5/1994") == "born [DOB], [DOB]"


# --- properties: what people write, in any value, never reaches any output ------------------------

#: Failing cases whose templates show the values of their ctx (file names, fields, dates, free text).
POOL_CASES = ["A001", "C012", "D002", "D011", "F001", "F015", "I057", "T003"]

_LATIN_TO_CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у",
                                    "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О",
                                    "P": "Р", "C": "С", "T": "Т", "X": "Х"})
_LETTERS = "abcdefghijklmnoprstuwyząćęłńóśźżčšž"
_DIGITS_FOR_LETTERS = {"o": "0", "i": "1", "l": "1", "s": "5"}
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
_MONTHS_PL = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
              "października", "listopada", "grudnia"]


@pytest.fixture(scope="module")
def pool(facts_bank):
    """(rule, finding) pairs of real failing cases: the ctx each rule really gives."""
    out = []
    for code in POOL_CASES:
        app, files = _case(code, facts_bank)
        report = check_facts(files, app, as_of=AS_OF)
        d = next(d for d in report.defects if d.code == code)
        out.append((RULES[code], Finding(file=d.file, field=d.field, ctx=d.ctx, legal_basis=d.legal_basis)))
    return out


@pytest.fixture(scope="module")
def photo_facts(facts_bank):
    return facts_bank.work["photo.jpg"]


@pytest.fixture(scope="module")
def pool_outputs(pool):
    """The folded outputs of the pool's plain report: the words of every template and of the page."""
    return {name: fold(text) for name, text in _outputs(_report(pool)).items()}


def _pesel(born: dt.date, serial: int) -> str:
    month = born.month + {1800: 80, 1900: 0, 2000: 20}[born.year // 100 * 100]
    digits = f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial:04d}"
    check = (10 - sum(int(c) * w for c, w in zip(digits, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3))) % 10) % 10
    return digits + str(check)


def _name_forms(name: str) -> list[str]:
    forms = [name, name.upper(), name.lower(), name.title(), unicodedata.normalize("NFD", name),
             unicodedata.normalize("NFD", name.upper()), "".join(chr(ord(c) + 0xFEE0) if "a" <= c <= "z" else c
                                                                   for c in name.lower())]
    for i, ch in enumerate(name):  # one letter typed on a Cyrillic keyboard
        look = ch.translate(_LATIN_TO_CYRILLIC)
        if look != ch:
            forms.append(name[:i] + look + name[i + 1:])
            break
    # Issue 11 (audit): a digit typed for the letter it looks like (KOWALENK0), in capitals too; the
    # name split in two by a space or a hyphen (KOWAL ENKO); in a machine-readable zone, the surname
    # glued to the document code and state (P<UKRKOWALENKO<<OLENA).
    for i in reversed(range(len(name))):
        digit = _DIGITS_FOR_LETTERS.get(name[i].lower())
        if digit:
            forms += [name[:i] + digit + name[i + 1:], (name[:i] + digit + name[i + 1:]).upper()]
            break
    if len(name) >= 6:
        forms += [f"{name[:3]} {name[3:]}", f"{name[:-2]}-{name[-2:]}".upper()]
    forms += [f"P<UKR{name.upper()}<<X", f"P<UKRX<<{name.upper()}", f"{name.upper()}<<X<<<<<"]
    return forms


def _date_forms(born: dt.date) -> list[str]:
    y, m, d = born.year, born.month, born.day
    yy = f"{y % 100:02d}"
    return [born.isoformat(), f"{d:02d}.{m:02d}.{y}", f"{d}.{m}.{y}", f"{d:02d}-{m:02d}-{y}", f"{d:02d}/{m:02d}/{y}",
            f"{y}.{m:02d}.{d:02d}", f"{y}/{m}/{d}", f"{d:02d} {m:02d} {y}", f"{y}{m:02d}{d:02d}", f"{d:02d}{m:02d}{y}",
            # issue 11 (audit): a two-digit year day first, month first the American way, six digits
            f"{d}-{m}-{yy}", f"{d}.{m}.{yy}", f"{d:02d}.{m:02d}.{yy}", f"{d:02d}/{m:02d}/{yy}", f"{m}/{d}/{yy}",
            f"{m:02d}/{d:02d}/{y}", f"{yy}{m:02d}{d:02d}", f"{d:02d}{m:02d}{yy}", f"UKR{yy}{m:02d}{d:02d}1F",
            f"{d} {_MONTHS_EN[m - 1]} {y}", f"{d:02d}{_MONTHS_EN[m - 1][:3].upper()}{yy}",
            f"{_MONTHS_EN[m - 1]} {d}, {y}", f"{d} {_MONTHS_PL[m - 1]} {y}"]


def _doc_forms(number: str) -> list[str]:
    letters, digits = number[:2], number[2:]
    return [number, number.lower(), f"{letters} {digits}", f"{letters} {digits[:3]} {digits[3:]}",
            f"{letters}-{digits[:3]}-{digits[3:]}", f"{letters.lower()}.{digits}",
            f"{number}<4UKR", f"I<UKR{number}<4<<<<<"]  # in a machine-readable zone, with its check digit


def _pesel_forms(pesel: str) -> list[str]:
    return [pesel, f"{pesel[:6]} {pesel[6:]}", f"{pesel[:3]}-{pesel[3:6]}-{pesel[6:]}"]


def _inject(value, form: str):
    """``value`` with ``form`` written into every text in it (nested), as a person would type it."""
    if isinstance(value, str):
        return f"{value} {form}"
    if isinstance(value, dict):
        return {k: _inject(v, form) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_inject(v, form) for v in value)
    return value


names = st.text(alphabet=_LETTERS, min_size=4, max_size=10).map(str.capitalize)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(surname=names, given_name=names, born=st.dates(dt.date(1900, 1, 1), dt.date(2012, 12, 31)),
       serial=st.integers(0, 9999), doc_letters=st.text(alphabet="ABCEFHKMNPRSTXYZ", min_size=2, max_size=2),
       doc_digits=st.integers(1_000_000, 9_999_999), pick=st.randoms(use_true_random=False))
def test_what_people_write_in_any_value_never_reaches_any_output(pool, pool_outputs, photo_facts, surname, given_name,
                                                                 born, serial, doc_letters, doc_digits, pick):
    pesel, number = _pesel(born, serial), f"{doc_letters}{doc_digits}"
    for word in (surname, given_name):
        # A word of a template or of the page is not a name to look for in the output (it is there
        # whatever the values); nor is a word of the masks themselves.
        assume(not any(fold(word) in text for text in pool_outputs.values()))
        assume(fold(word) not in fold(" ".join(MASKS)))
    assume(fold(surname) not in fold(given_name) and fold(given_name) not in fold(surname))
    date_forms = _date_forms(born)
    assume(not any(f in text for f in date_forms + [pesel, number.casefold()] for text in pool_outputs.values()))
    app = {"applicant": {"surname": surname, "given_names": given_name, "pesel": pesel, "date_of_birth": born.isoformat()},
           "travel_document": {"series_and_number": number}}
    forms = (_name_forms(surname) + _name_forms(given_name) + [f"{given_name} {surname}", f"{surname.upper()}_{given_name}"]
             + date_forms + _doc_forms(number) + _pesel_forms(pesel))
    findings = []
    for spec, finding in pool:
        form = pick.choice(forms)
        findings.append((spec, Finding(file=f"{form}.pdf" if finding.file else None, field=finding.field,
                                       ctx=_inject(dict(finding.ctx), form), legal_basis=finding.legal_basis)))
    # The report's other values: an inventory path, the checklist's files, the subject.
    path = f"{pick.choice(forms)}/photo.jpg"
    others = {"files": [dataclasses.replace(photo_facts, path=path)],
              "checklist": [ChecklistItem(requirement="photo", kinds=["photo"], label={lang: "photo" for lang in MOS_LANGUAGES},
                                          when="at_filing", state="present", files=[path])],
              "subject": Subject(package=f"{pick.choice(forms)} 2026", permit_type="temporary_residence",
                                 surname=surname, given_names=given_name)}
    plain = _report(findings, **others)
    assert any(form.casefold() in render_text(plain, "en").casefold() for form in forms)  # the values are shown
    masker = masker_for(app)
    redacted = masker.report(_report(findings, mask=masker.finding, **others))
    assert redact(plain, app) == redacted  # both ways of redacting agree
    for name, text in _outputs(redacted).items():
        folded = fold(text)
        for word in (surname, given_name):
            assert fold(word) not in folded, (name, word)
        for form in forms:
            assert form.casefold() not in text.casefold(), (name, form)
        assert pesel not in text and number.casefold() not in text.casefold(), name


@settings(max_examples=200, deadline=None)
@given(surname=names, born=st.dates(dt.date(1900, 1, 1), dt.date(2012, 12, 31)), serial=st.integers(0, 9999),
       before=st.sampled_from(["", "scan ", "kopia_", "(", "2026-11-30 "]),
       after=st.sampled_from(["", ".pdf", "_v2.pdf", ")", " copy"]), data=st.data())
def test_every_form_of_the_data_is_masked_inside_a_value(surname, born, serial, before, after, data):
    pesel = _pesel(born, serial)
    masker = masker_for({"applicant": {"surname": surname, "pesel": pesel, "date_of_birth": born.isoformat()}})
    form = data.draw(st.sampled_from(_name_forms(surname) + _date_forms(born) + _pesel_forms(pesel)))
    masked = masker.mask(f"{before}{form}{after}")
    assert form not in masked and fold(form) not in fold(masked)
    assert masked.startswith(before) and masked.endswith(after)
    assert masker.mask(masked) == masked


# --- names written in another script -------------------------------------------------------------

_PEOPLE = ["KOWALENKO", "OLENA", "SERHII", "IRYNA", "YULIIA", "BERIDZE", "GIORGI", "KAVALEUSKAYA", "IEVHEN"]


@pytest.mark.parametrize(("written", "masked"), [
    ("Паспорт Коваленко Олена.pdf", "Паспорт [NAME] [NAME].pdf"),   # Ukrainian; KOWALENKO is the Polish spelling
    ("КОВАЛЕНКО-скан.pdf", "[NAME]-скан.pdf"),
    ("Сергій_Ірина.jpg", "[NAME]_[NAME].jpg"),                       # g/h, y/i
    ("Юлія.pdf", "[NAME].pdf"),                                     # YULIIA: repeated letters
    ("Євген.pdf", "[NAME].pdf"),                                     # IEVHEN
    ("გიორგი ბერიძე.pdf", "[NAME] [NAME].pdf"),                      # Georgian
    ("Кавалеўская.pdf", "[NAME].pdf"),                               # Belarusian
    ("Олег Паспорт.pdf", "Олег Паспорт.pdf"),                        # another name, a word: kept
    ("Umowa Warszawa.pdf", "Umowa Warszawa.pdf"),
])
def test_a_name_written_in_another_script_is_masked(written, masked):
    """Applicants name their files in their own script: the description's Latin name is looked for
    transliterated too (anyascii, then a skeleton the usual transliterations share)."""
    masker = Masker([], [], _PEOPLE, [])
    assert masker.mask(written) == masked


def test_a_name_in_another_script_leaves_no_trace_in_any_language_or_format(facts_bank):
    app, files = _case("F001", facts_bank)
    app["applicant"].update(surname="KOVALENKO", given_names="OLENA")
    docx = next(f for f in files if f.path.endswith(".docx"))
    files = [dataclasses.replace(f, path="Договір Коваленко.docx") if f is docx else f for f in files]
    for doc in app["documents"]:
        if doc["file"] == docx.path:
            doc["file"] = "Договір Коваленко.docx"
    report = check_facts(files, app, as_of=AS_OF, redact=True)
    outputs = [render_json(report)] + [render_text(report, lang) for lang in MOS_LANGUAGES] \
        + [render_html(report, lang) for lang in MOS_LANGUAGES]
    assert all("Коваленко" not in out and "\\u041a\\u043e\\u0432" not in out for out in outputs)
    assert "Договір [NAME].docx" in render_text(report, "uk")


# --- issue 11 (audit): what the audit found people write --------------------------------------------

_AUDIT_APPLICANT = {"applicant": {"surname": "KOWALENKO", "given_names": "OLENA", "date_of_birth": "1994-05-14",
                                  "pesel": "94051407329"},
                    "travel_document": {"series_and_number": "FX123456"}}


@pytest.mark.parametrize(("written", "masked"), [
    ("P<UKRKOWALENKO<<OLENA.pdf", "P<UKR[NAME]<<[NAME].pdf"),             # the zone's first line
    ("KOWALENKO<<OLENA<<<<<<<<<<<<<", "[NAME]<<[NAME]<<<<<<<<<<<<<"),       # TD1's third line
    ("P<UKRK0WALENK0<<0LENA<<<<<<<", "P<UKR[NAME]<<[NAME]<<<<<<<"),          # read by OCR, 0 for O
    ("FX1234569UKR9405141F3303032<<<<<<<<<<<<<<06", "[DOC-NO]UKR[DOB]1F3303032<<<<<<<<<<<<<<06"),
    ("I<UKRFX1234569<<<<<<<<<<<<<<<", "I<UKR[DOC-NO]<<<<<<<<<<<<<<<"),
    ("olena 14-5-94.pdf", "[NAME] [DOB].pdf"),                           # day first, two-digit year
    ("olena 14.5.94.pdf", "[NAME] [DOB].pdf"),
    ("skan 14.05.94 (2).pdf", "skan [DOB] (2).pdf"),
    ("14/05/94", "[DOB]"),
    ("5/14/94 passport", "[DOB] passport"),                              # month first, the American way
    ("05/14/1994", "[DOB]"),
    ("olena_940514.pdf", "[NAME]_[DOB].pdf"),                            # six digits, as a word
    ("140594.jpg", "[DOB].jpg"),
    ("KOWALENK0.pdf", "[NAME].pdf"),                                     # zero for O
    ("K0WALENK0_0LENA.pdf", "[NAME]_[NAME].pdf"),
    ("kowa1enko.pdf", "[NAME].pdf"),                                     # one for L
    ("KOWAL ENKO.pdf", "[NAME].pdf"),                                    # split by a space
    ("Kowal-enko paszport.pdf", "[NAME] paszport.pdf"),                  # or a hyphen
    ("kowal_enk0.pdf", "[NAME].pdf"),
    ("14 May 1994.pdf", "[DOB].pdf"),                                    # the month by its name
    ("ur. 14 maja 1994 r.", "ur. [DOB] r."),
    ("14 травня 1994", "[DOB]"),
    ("visa 14MAY94", "visa [DOB]"),
    ("May 14, 1994", "[DOB]"),
])
def test_what_the_audit_found_unmasked_is_masked(written, masked):
    masker = masker_for(_AUDIT_APPLICANT)
    assert masker.mask(written) == masked
    assert masker.mask(masked) == masked


@pytest.mark.parametrize("kept", [
    "Kowal.pdf", "Kowalenkova.pdf", "Olga.pdf", "Ole Na.pdf",             # other names, a short name split
    "0la 1i li an ola.pdf",                                              # short names: no digits, only as written
    "8o8o 80b0 B0B0.pdf",                                                # as many digits as letters: not a name
    "K-OWALENKO.pdf",                                                    # a part of one letter
    "umowa 2026-05-14.pdf", "wyciąg 14.05.26.pdf", "14.5.1995", "1994-05-15", "5/14/95",
    "9405141", "sha ab940514cd", "v14.5.940",                            # digits glued to digits or letters
    "14 May 2026", "14 mayor 1994", "15 maja 1994",
    "P<UKRNOWAK<<ANNA", "li<b>an</b>",                                   # another zone; markup
])
def test_ordinary_words_short_tokens_and_other_dates_are_not_masked(kept):
    masker = masker_for({"applicant": {"surname": "KOWALENKO", "given_names": "OLENA Ola", "date_of_birth": "1994-05-14",
                                       "father_name": "Bobo", "mother_name": "Li", "contact_person": "An"}})
    assert masker.mask(kept) == kept


def test_a_short_name_in_a_machine_readable_zone_is_masked_in_capitals():
    masker = masker_for({"applicant": {"surname": "Li", "given_names": "Wei An"}})
    assert masker.mask("P<CHNLI<<WEI<AN<<<<<<.pdf") == "P<CHN[NAME]<<[NAME]<[NAME]<<<<<<.pdf"
    assert masker.mask("LI<<WEI<AN<<<<") == "[NAME]<<[NAME]<[NAME]<<<<"
    assert masker.mask("li and an apple") == "li and an apple"


@pytest.mark.parametrize("written", ["P<UKRKOWALENKO<<OLENA.pdf", "olena 14-5-94.pdf", "KOWALENK0.pdf",
                                     "KOWAL ENKO.pdf", "FX1234569UKR9405141F3303032<<<<<<<<<<<<<<06.pdf"])
def test_what_the_audit_found_reaches_no_output_in_any_language(written, facts_bank):
    """The audit's file names, declared and missing (A001 quotes the name and suggests another):
    nothing of them in JSON, text or HTML in any of the 7 languages."""
    app, files = _case("A001", facts_bank)
    app["applicant"].update(_AUDIT_APPLICANT["applicant"])
    app["travel_document"] = {**app.get("travel_document", {}), **_AUDIT_APPLICANT["travel_document"]}
    app["documents"].append({"file": written, "kind": "other"})
    plain = check_facts(files, app, as_of=AS_OF)
    assert any(written in d.message["en"] for d in plain.defects)  # the value is shown
    redacted = check_facts(files, app, as_of=AS_OF, redact=True)
    assert redact(plain, app) == redacted
    leaks = ["kowalenk", "kowal enko", "olena", "0lena", "14-5-94", "940514", "fx123456"]
    for name, text in _outputs(redacted).items():
        folded = fold(text)
        assert not [leak for leak in leaks if leak in folded], (name, written)
