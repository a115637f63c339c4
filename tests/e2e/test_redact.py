"""--redact: no PESEL, document number, name or date of birth from the input survives in any
output format or language; the defects themselves (codes, fields, categories) stay the same."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import shutil
import subprocess
import sys

import factories as fx
import pytest
from conftest import AS_OF, EXAMPLES, write_application
from stdnum.pl import pesel as stdnum_pesel

import mosprecheck
from mosprecheck.i18n import MOS_LANGUAGES
from mosprecheck.render import render_html, render_json, render_text
from mosprecheck.report.redact import redact

EXAMPLES_WITH_APPLICATION = sorted(p for p in EXAMPLES.iterdir() if (p / "application.json").is_file())


def _secrets(app: dict) -> set[str]:
    """The personal data of a description that must not appear in a redacted output."""
    out: set[str] = set()

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and value.strip():
            if key in ("pesel", "series_and_number", "id_document", "date_of_birth"):
                out.add(value)
            elif key in ("surname", "given_names", "family_name_at_birth", "father_name", "mother_name",
                         "mother_maiden_name", "previous_surnames", "previous_given_names"):
                out.update(w for w in value.split() if len(w) >= 3)

    walk(app)
    return out


def _outputs(report) -> dict[str, str]:
    outs = {"json": render_json(report)}
    for lang in MOS_LANGUAGES:
        outs[f"text-{lang}"] = render_text(report, lang)
        outs[f"html-{lang}"] = render_html(report, lang)
    return outs


def _assert_clean(outputs: dict[str, str], secrets: set[str]) -> None:
    assert secrets
    for name, text in outputs.items():
        lowered = text.lower()
        for secret in secrets:
            if len(secret) <= 4 and secret.isalpha():
                # A short name word ("VAN", "AN") is a leak as a word of its own, not inside "relevant".
                assert not re.search(rf"(?<![^\W\d_]){re.escape(secret.lower())}(?![^\W\d_])", lowered), (name, secret)
            else:
                assert secret.lower() not in lowered, (name, secret)


def _pesel_date(pesel: str) -> dt.date | None:
    """The date of birth a valid PESEL encodes (the month carries the century)."""
    if not stdnum_pesel.is_valid(pesel):
        return None
    year, month, day = int(pesel[0:2]), int(pesel[2:4]), int(pesel[4:6])
    century = {0: 1900, 1: 2000, 2: 2100, 3: 2200, 4: 1800}[month // 20]
    return dt.date(century + year, month % 20, day)


def _leaky_example(example, folder):
    """A copy of ``example`` whose outputs echo its personal data: every secret of the description in
    the name of a declared file that is not in the package (A001 quotes it), the passport renamed
    after the applicant and the document number, and a date of birth one day off the PESEL's
    (D011 quotes both dates)."""
    shutil.copytree(example, folder)
    app = json.loads((folder / "application.json").read_text(encoding="utf-8"))
    applicant = app.get("applicant") or {}
    extra: set[str] = set()
    pesel = applicant.get("pesel")
    encoded = _pesel_date(pesel) if isinstance(pesel, str) else None
    if encoded is not None:
        applicant["date_of_birth"] = (encoded + dt.timedelta(days=1)).isoformat()
        extra |= {encoded.isoformat(), encoded.strftime("%d.%m.%Y")}
    passport = next((d for d in app.get("documents", []) if d.get("kind") == "passport_copy"
                     and (folder / d["file"]).is_file()), None)
    number = (app.get("travel_document") or {}).get("series_and_number")
    if passport is not None and number and applicant.get("surname"):
        new_name = f"passport_{number}_{applicant['surname'].lower()}.pdf"
        (folder / passport["file"]).rename(folder / new_name)
        passport["file"] = new_name
    secrets = _secrets(app)
    app["documents"].append({"file": "_".join(sorted(secrets)) + ".pdf", "kind": "other"})
    write_application(folder, app)
    return app, secrets | extra


@pytest.mark.parametrize("example", EXAMPLES_WITH_APPLICATION, ids=lambda p: p.name)
def test_redacted_examples_leak_nothing_in_any_format_or_language(example, tmp_path):
    app, secrets = _leaky_example(example, tmp_path / "pkg")
    plain = mosprecheck.check(tmp_path / "pkg", as_of=AS_OF)
    outputs = _outputs(plain)
    # Without --redact the data is there, in every format and language (or the test proves nothing).
    for name, text in outputs.items():
        lowered = text.lower()
        missing = [s for s in _secrets(app) if s.lower() not in lowered]
        assert not missing, (name, missing)
    if _pesel_date((app.get("applicant") or {}).get("pesel") or ""):
        assert "D011" in plain.codes  # the date of birth one day off the PESEL's

    redacted = mosprecheck.check(tmp_path / "pkg", as_of=AS_OF, redact=True)
    _assert_clean(_outputs(redacted), secrets)
    assert [(d.code, d.category, d.field) for d in redacted.defects] == \
        [(d.code, d.category, d.field) for d in plain.defects]


@pytest.fixture
def leaky_package(tmp_path, work_package, work_application):
    """Personal data in file names, in a mismatching date of birth, an unknown key and a bad value."""
    pesel = work_application["applicant"]["pesel"]
    number = work_application["travel_document"]["series_and_number"]
    surname = work_application["applicant"]["surname"]
    passport = next(d for d in work_application["documents"] if d["kind"] == "passport_copy")
    new_name = f"passport_{number}_{surname.lower()}.pdf"
    shutil.move(work_package / passport["file"], work_package / new_name)
    passport["file"] = new_name
    fx.write_text_pdf(work_package / f"pesel-{pesel}.pdf", ["copy"])
    work_application["documents"].append({"file": f"{surname}-visa.pdf", "kind": "visa_copy"})
    work_application["applicant"]["date_of_birth"] = "1994-05-15"  # the PESEL encodes 1994-05-14: D011
    work_application["applicant"]["given_names_typo"] = f"{work_application['applicant']['given_names']} {pesel}"
    write_application(work_package, work_application)
    return work_package, work_application


def test_personal_data_in_file_names_keys_and_mismatches_is_masked(leaky_package):
    folder, app = leaky_package
    plain = mosprecheck.check(folder, as_of=AS_OF)
    secrets = _secrets(app) | {"1994-05-14", "14.05.1994"}
    joined = "\n".join(_outputs(plain).values()).lower()
    assert all(s.lower() in joined for s in (app["applicant"]["pesel"], app["travel_document"]["series_and_number"],
                                              app["applicant"]["surname"], "1994-05-15")), "fixture shows no data"
    assert {"A001", "A002", "D011"} <= set(plain.codes), plain.codes

    redacted = mosprecheck.check(folder, as_of=AS_OF, redact=True)
    _assert_clean(_outputs(redacted), secrets)
    assert [(d.code, d.category, d.field) for d in redacted.defects] == \
        [(d.code, d.category, d.field) for d in plain.defects]
    joined = render_json(redacted)
    assert "[PESEL]" in joined and "[DOC-NO]" in joined and "[NAME]" in joined and "[DOB]" in joined


def test_redact_function_takes_the_description_in_any_form(leaky_package):
    folder, app = leaky_package
    plain = mosprecheck.check(folder, as_of=AS_OF)
    for given in (app, folder / "application.json", str(folder / "application.json")):
        _assert_clean({"json": render_json(redact(plain, given))}, _secrets(app))


def test_without_a_description_valid_pesels_are_still_masked(leaky_package):
    folder, app = leaky_package
    report = redact(mosprecheck.check(folder, as_of=AS_OF))
    assert app["applicant"]["pesel"] not in render_json(report)


@pytest.mark.parametrize("fmt", ["json", "text", "html"])
def test_cli_redact_in_every_format(leaky_package, fmt, capsys):
    folder, app = leaky_package
    args = ["check", str(folder), "--redact", "--format", fmt, "--lang", "uk", "--as-of", AS_OF.isoformat()]
    if fmt == "text":  # one real process: nothing personal on its stderr either
        r = subprocess.run([sys.executable, "-m", "mosprecheck", *args], capture_output=True, text=True, timeout=120)
        code, out, err = r.returncode, r.stdout, r.stderr
    else:
        from mosprecheck.cli import main

        code = main(args)
        out, err = capsys.readouterr()
    assert code == 1, err
    _assert_clean({fmt: out, "stderr": err}, _secrets(app))


def test_the_library_logs_no_personal_data(leaky_package, caplog, monkeypatch):
    folder, app = leaky_package
    from mosprecheck.rules import all_rules

    def broken(c):  # a rule that raises with personal data in its message
        raise ValueError(f"bad {app['applicant']['pesel']} {app['applicant']['surname']}")

    from mosprecheck.rules import registry

    spec = all_rules()["A002"]

    monkeypatch.setitem(registry._REGISTRY, "A002", spec.__class__(**{**spec.__dict__, "check": broken}))
    with caplog.at_level(logging.DEBUG):
        report = mosprecheck.check(folder, as_of=AS_OF)
    assert "X900" in report.codes
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "A002" in logged
    for secret in _secrets(app):
        assert secret.lower() not in logged.lower()


# --- issue 11: what people really write ----------------------------------------------------------


def test_redaction_catches_spaced_numbers_nfd_lookalikes_day_first_dates_and_exif(work_package, work_application):
    import unicodedata

    from PIL import Image

    work_application["applicant"]["surname"] = "Kowaleńko"
    write_application(work_package, work_application)
    exif_text = "Holiday in Lviv, phone +380 50 123 4567"
    names = {
        "spaced number": "passport FX 123456.pdf",
        "dashed number": "fx-123-456 copy.pdf",
        "nfd surname": unicodedata.normalize("NFD", "Kowaleńko CV.pdf"),
        "cyrillic look-alike": "\u041elena diploma.pdf",  # Cyrillic capital O
        "dotted date": "born 1994.05.14.pdf",
        "day-first date": "akt 14-05-1994.pdf",
    }
    for name in names.values():
        fx.write_text_pdf(work_package / name, ["x"])
    img = fx.photo_image(64, 80)
    exif = Image.Exif()
    exif[0x010E] = exif_text  # ImageDescription: libmagic quotes it in files[].description
    img.save(work_package / "holiday.jpg", "JPEG", exif=exif.tobytes())

    plain = render_json(mosprecheck.check(work_package, as_of=AS_OF))
    assert exif_text in plain and all(n in plain for n in names.values())  # the test sees the leaks
    redacted_report = mosprecheck.check(work_package, as_of=AS_OF, redact=True)
    outputs = _outputs(redacted_report)
    leaks = ["FX 123456", "fx-123-456", "Kowaleńko", unicodedata.normalize("NFD", "Kowaleńko"), "\u041elena",
             "1994.05.14", "14-05-1994", exif_text, "Lviv", "123 4567"]
    for name, text in outputs.items():
        for leak in leaks:
            assert leak.lower() not in text.lower(), (name, leak)
    files = {f.path: f for f in redacted_report.files}
    assert files["holiday.jpg"].description == "JPEG image data"
    assert {"[DOC-NO]", "[NAME]", "[DOB]"} <= set(re.findall(r"\[[A-Z-]+\]", render_json(redacted_report)))


def test_a_zipped_package_is_redacted_as_the_folder(leaky_package, tmp_path):
    """The zip path (check_unpacked: the service, check(bytes)) masks the values before rendering as
    the folder path does, and masks the package name it gives the report."""
    import io
    import zipfile

    folder, app = leaky_package
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(folder.iterdir()):
            zf.write(p, f"{app['applicant']['surname']}/{p.name}")
    zipped = mosprecheck.check(buf.getvalue(), as_of=AS_OF, redact=True)
    direct = mosprecheck.check(folder, as_of=AS_OF, redact=True)
    assert zipped.subject.package == "[NAME]"
    assert zipped.defects == direct.defects and zipped.files == direct.files
    _assert_clean(_outputs(zipped), _secrets(app))


def test_the_audits_file_names_in_a_package_leak_nothing(work_package, work_application):
    """Issue 11 (audit): files named after the applicant the way people and scanners name them, in
    the package but not in the description (A002 quotes each name): nothing of them in any output."""
    names = ["P<UKRKOWALENKO<<OLENA.pdf", "olena 14-5-94.pdf", "olena 14.5.94.pdf", "KOWALENK0.pdf",
             "KOWAL ENKO.pdf", "kowal-enko scan.pdf", "olena_940514.pdf"]
    assert work_application["applicant"]["surname"] == "KOWALENKO"
    assert work_application["applicant"]["given_names"] == "OLENA"
    assert work_application["applicant"]["date_of_birth"] == "1994-05-14"
    write_application(work_package, work_application)
    for name in names:
        fx.write_text_pdf(work_package / name, ["x"])
    plain = render_json(mosprecheck.check(work_package, as_of=AS_OF))
    assert all(json.dumps(n)[1:-1] in plain for n in names)  # the test sees the leaks
    outputs = _outputs(mosprecheck.check(work_package, as_of=AS_OF, redact=True))
    for name, text in outputs.items():
        lowered = text.lower()
        for leak in ("kowalenk", "kowal enko", "kowal-enko", "olena", "14-5-94", "14.5.94", "940514", "ukrkowal"):
            assert leak not in lowered, (name, leak)
