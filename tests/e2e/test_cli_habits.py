"""The habits of the CLI tools our users know (issue 12 item 5): --output, --quiet, --fail-on,
explain, requirements, init, schema, FORCE_COLOR and the language from the locale variables."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from conftest import AS_OF, EXAMPLES

import mosprecheck
from mosprecheck.application.models import Application
from mosprecheck.cli import main
from mosprecheck.cli_habits import env_language, exit_code, starter_application
from mosprecheck.render import use_color
from mosprecheck.report.models import Category
from mosprecheck.rules import aliases, all_rules, retired_codes

DAY = AS_OF.isoformat()
READY = EXAMPLES / "work-ready"
MISSING = EXAMPLES / "work-passport-missing"


@pytest.fixture(autouse=True)
def _plain_locale(monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# --- --output ---------------------------------------------------------------------------------------


def test_output_writes_the_report_to_a_file_and_only_the_verdict_to_stdout(tmp_path, capsys):
    target = tmp_path / "report.json"
    code, out, err = run(capsys, "check", READY, "--format", "json", "--output", target, "--as-of", DAY)
    assert code == 0 and err == ""
    assert target.read_text(encoding="utf-8") == mosprecheck.check(READY, as_of=AS_OF).model_dump_json() + "\n"
    assert len(out.splitlines()) == 1 and out.startswith("READY TO FILE")


def test_output_html_of_a_not_ready_package_exits_1(tmp_path, capsys):
    target = tmp_path / "r.html"
    code, out, _ = run(capsys, "check", MISSING, "--format", "html", "-o", target, "--lang", "pl", "--as-of", DAY)
    assert code == 1
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'lang="pl"' in page and "A001" in page
    assert out.startswith("NIEGOTOWE DO ZŁOŻENIA") and len(out.splitlines()) == 1


def test_output_inside_the_package_is_refused_and_nothing_is_written(tmp_path, capsys):
    pkg = tmp_path / "pkg"
    shutil.copytree(READY, pkg)
    before = sorted(p.name for p in pkg.rglob("*"))
    for target in (pkg / "report.json", pkg / "sub" / ".." / "r.txt"):
        code, out, err = run(capsys, "check", pkg, "--output", target, "--as-of", DAY)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and "inside the package" in err
    assert sorted(p.name for p in pkg.rglob("*")) == before


def test_output_into_a_missing_folder_or_onto_the_description_is_a_usage_error(tmp_path, capsys):
    app = tmp_path / "app.json"
    shutil.copy(READY / "application.json", app)
    code, _, err = run(capsys, "check", READY, "--output", tmp_path / "nope" / "r.json")
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "check", READY, "--application", app, "--output", app)
    assert code == 2 and "application description" in err
    assert json.loads(app.read_text(encoding="utf-8"))["permit"]["ground"] == "work_single_permit"


def test_output_onto_a_character_device_writes_through_it_and_never_replaces_it(tmp_path, capsys):
    """``--output /dev/null`` (as root, the old rename replaced the device node with a file; the audit
    did that to /dev/full). A device node made here, so the test never touches the system's."""
    import os
    import stat

    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("making a device node needs privileges")
    code, out, err = run(capsys, "check", READY, "--output", node, "--as-of", DAY)
    assert code == 0 and err == "" and out.startswith("READY TO FILE")
    assert stat.S_ISCHR(os.stat(node).st_mode) and os.stat(node).st_rdev == os.makedev(1, 3)
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    code, out, err = run(capsys, "check", READY, "--output", full, "--as-of", DAY)
    assert code == 3 and out == "" and len(err.strip().splitlines()) == 1 and "No space left" in err
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_output_onto_a_named_pipe_is_read_by_its_reader_and_without_one_fails_at_once(tmp_path, capsys):
    import os
    import stat
    import threading
    import time

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    start = time.monotonic()
    code, out, err = run(capsys, "check", READY, "--output", fifo, "--format", "json", "--as-of", DAY)
    assert code == 3 and "nobody reads" in err and time.monotonic() - start < 30
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    got = []
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there from now on (as `cat` would be)

    def read():  # until the writer has written and gone (no data and no writer: read gives b"")
        chunks, deadline = [], time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:  # a writer is there, nothing to read yet
                chunk = None
            if chunk:
                chunks.append(chunk)
            elif chunk == b"" and chunks:
                break
            else:
                time.sleep(0.005)
        got.append(b"".join(chunks))

    thread = threading.Thread(target=read)
    thread.start()
    try:
        code, out, err = run(capsys, "check", READY, "--output", fifo, "--format", "json", "--as-of", DAY)
        thread.join(30)
    finally:
        os.close(fd)
    assert code == 0 and err == ""
    assert json.loads(got[0]) == json.loads(mosprecheck.check(READY, as_of=AS_OF).model_dump_json())
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_output_through_a_link_replaces_the_file_it_points_to_and_keeps_the_link_and_its_mode(tmp_path, capsys):
    import os

    real = tmp_path / "reports" / "latest.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    code, _, err = run(capsys, "check", READY, "--format", "json", "--output", link, "--as-of", DAY)
    assert code == 0 and err == ""
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text(encoding="utf-8"))["ready_to_file"] is True
    assert oct(os.stat(real).st_mode & 0o777) == oct(0o640)
    fresh = tmp_path / "new.json"
    run(capsys, "check", READY, "--output", fresh, "--as-of", DAY)
    assert os.stat(fresh).st_mode & 0o777 == 0o600  # a new report is private: it holds personal data


def test_output_through_a_link_into_the_package_is_refused(tmp_path, capsys):
    pkg = tmp_path / "pkg"
    shutil.copytree(READY, pkg)
    link = tmp_path / "out.json"
    link.symlink_to(pkg / "passport.pdf")
    before = (pkg / "passport.pdf").read_bytes()
    code, out, err = run(capsys, "check", pkg, "--output", link, "--as-of", DAY)
    assert code == 2 and out == "" and "inside the package" in err
    assert (pkg / "passport.pdf").read_bytes() == before


# --- --quiet and --fail-on -----------------------------------------------------------------------------


def test_quiet_prints_the_verdict_line_only(capsys):
    code, out, _ = run(capsys, "check", MISSING, "--quiet", "--as-of", DAY)
    assert code == 1
    assert out.splitlines() == [out.splitlines()[0]] and out.startswith("NOT READY TO FILE (formal defects:")


def _package_with_only_advice(tmp_path):
    """work-ready with the travel document expiring a month after filing: advisory D-code only."""
    pkg = tmp_path / "pkg"
    shutil.copytree(READY, pkg)
    app = json.loads((pkg / "application.json").read_text(encoding="utf-8"))
    app["travel_document"]["expires_on"] = "2027-01-10"
    (pkg / "application.json").write_text(json.dumps(app), encoding="utf-8")
    report = mosprecheck.check(pkg, as_of=AS_OF)
    assert report.ready_to_file and report.defects_in(Category.ADVISORY)
    assert not report.defects_in(Category.REFUSAL_RISK)
    return pkg


def test_fail_on_adds_categories_and_never_removes_the_blocking_ones(tmp_path, capsys):
    pkg = _package_with_only_advice(tmp_path)
    assert run(capsys, "check", pkg, "--as-of", DAY)[0] == 0
    assert run(capsys, "check", pkg, "--as-of", DAY, "--fail-on", "refusal_risk")[0] == 0
    assert run(capsys, "check", pkg, "--as-of", DAY, "--fail-on", "refusal_risk,advisory")[0] == 1
    # Naming only a lesser category never turns a not-ready package into exit 0.
    assert run(capsys, "check", MISSING, "--as-of", DAY, "--fail-on", "advisory")[0] == 1
    code, out, err = run(capsys, "check", pkg, "--fail-on", "warnings")
    assert code == 2 and out == "" and "categories" in err


def test_exit_code_follows_the_categories():
    ready = mosprecheck.check(READY, as_of=AS_OF)
    missing = mosprecheck.check(MISSING, as_of=AS_OF)
    assert exit_code(ready) == 0 and exit_code(missing) == 1
    assert exit_code(missing, frozenset()) == 1
    assert exit_code(ready, frozenset(Category)) == (1 if ready.defects else 0)


# --- explain ------------------------------------------------------------------------------------------


def test_explain_names_what_why_fix_and_basis_in_the_chosen_language(capsys):
    code, out, _ = run(capsys, "explain", "A003", "--lang", "uk")
    assert code == 0
    spec = all_rules()["A003"]
    assert out.startswith(f"A003 {spec.name}: {spec.title}")
    assert "Що перевіряється:" in out and "Як виправити:" in out and "Правова підстава:" in out
    assert spec.legal_basis in out
    assert "formal_defect (блокує подання)" in out
    # The Ukrainian remedy template, not the English one.
    from mosprecheck.i18n import catalogue

    uk_remedy = catalogue()["A003"]["uk"]["remedy"]
    assert uk_remedy.split()[0] in out


def test_explain_takes_a_rule_name_and_gives_json(capsys):
    code, out, _ = run(capsys, "explain", "file-type-not-allowed", "--format", "json", "--lang", "pl")
    assert code == 0
    info = json.loads(out)
    assert info["code"] == "F001" and info["category"] == "upload_blocker" and info["blocking"] is True
    assert info["remedy"] == all_rules()["F001"].remedy["pl"]
    assert info["why"] and "portal" in info["why"]


def test_explain_an_unknown_code_is_exit_2_with_a_suggestion(capsys):
    code, out, err = run(capsys, "explain", "A03")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "did you mean" in err and "A003" in err
    code, _, err = run(capsys, "explain", "file-type-not-alowed")
    assert code == 2 and "file-type-not-allowed" in err


@pytest.mark.parametrize("code", sorted(retired_codes()))
def test_explain_a_retired_code_says_so(capsys, code):
    assert code not in all_rules() and code not in aliases()  # never registered again
    rc, out, _ = run(capsys, "explain", code.lower())
    assert rc == 0 and "retired" in out and retired_codes()[code].name in out


@pytest.mark.parametrize("old", sorted(aliases()))
def test_explain_an_old_code_explains_the_rule_that_replaced_it(capsys, old):
    new = aliases()[old]
    assert old not in all_rules() and old in all_rules()[new].aliases
    rc, out, _ = run(capsys, "explain", old.lower())
    assert rc == 0 and out.startswith(f"{old}: Reported now as {new}.") and f"{new} {all_rules()[new].name}:" in out
    rc, out, _ = run(capsys, "explain", old, "--format", "json")
    info = json.loads(out)
    assert rc == 0 and info["code"] == new and info["old_code"] == old and old in info["aliases"]


# --- requirements ----------------------------------------------------------------------------------------


def test_requirements_are_the_checklist_and_fees_of_the_checker(capsys):
    code, out, _ = run(capsys, "requirements", "--permit-type", "temporary_residence", "--ground", "work_single_permit",
                       "--as-of", "2026-12-01", "--format", "json")
    assert code == 0
    req = json.loads(out)
    report = mosprecheck.check(READY, as_of=AS_OF)  # the same ground, filing date 2026-12-01
    assert [(d["requirement"], d["when"]) for d in req["documents"]] == \
        [(i.requirement, i.when) for i in report.summary.checklist]
    assert [(f["item"], f["amount_pln"]) for f in req["fees"]] == \
        [(f.item, f.amount_pln) for f in report.summary.fees]
    assert req["fees_total_pln"] == report.summary.fees_total_pln
    assert req["host_annexes"] == ["annex_1"]


def test_requirements_text_marks_the_applicants_own_annex(capsys):
    code, out, _ = run(capsys, "requirements", "--permit-type", "temporary_residence", "--ground", "blue_card",
                       "--as-of", "2026-12-01", "--lang", "pl")
    assert code == 0
    assert "Dołącz przy złożeniu" in out and "załącznik, który wypełniasz i podpisujesz sam" in out
    assert "Załącznik nr 1: wypełnia i podpisuje w MOS podmiot powierzający pracę" in out
    # Before MOS (27 April 2026) the Blue Card annex of the applicant did not exist.
    code, before, _ = run(capsys, "requirements", "--permit-type", "temporary_residence", "--ground", "blue_card",
                          "--as-of", "2026-03-01", "--format", "json")
    assert code == 0 and not any(d["own_annex"] for d in json.loads(before)["documents"])


def test_requirements_of_a_ground_of_another_permit_type_is_exit_2(capsys):
    code, out, err = run(capsys, "requirements", "--permit-type", "permanent_residence", "--ground", "blue_card")
    assert code == 2 and out == "" and "not a ground of a permanent_residence permit" in err
    code, _, err = run(capsys, "requirements", "--permit-type", "temporary_residence", "--ground", "tourism")
    assert code == 2 and "--ground" in err


# --- init -------------------------------------------------------------------------------------------------


def _leaves(data, prefix=""):
    if isinstance(data, dict) and data:
        for k, v in data.items():
            yield from _leaves(v, f"{prefix}/{k}")
    elif isinstance(data, list) and data:
        for i, v in enumerate(data):
            yield from _leaves(v, f"{prefix}/{i}")
    else:
        yield prefix, data


def _resolve(data, pointer):
    for part in pointer.split("/")[1:]:
        if isinstance(data, list):
            data = data[int(part)] if part.isdigit() and int(part) < len(data) else None
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _fill(starter, example):
    """The starter as an applicant fills it from his data: each section of the starter takes the
    example's (with the boxes that become mandatory once a section is answered, e.g. the region of an
    address abroad); a placeholder the example leaves out (an alternative of an any_of group) is dropped."""
    out = {key: example[key] for key in starter if key in example}
    out.update({k: example[k] for k in ("legal_stay_until", "fees", "signature", "representative") if k in example})
    return out


@pytest.mark.parametrize("example", ["work-ready", "study-ready", "family-reunification-ready",
                                     "spouse-of-polish-citizen-ready", "business-ready"])
def test_init_starter_filled_from_an_example_validates_and_misses_no_mandatory_field(example, capsys, tmp_path):
    folder = EXAMPLES / example
    app = json.loads((folder / "application.json").read_text(encoding="utf-8"))
    ptype, ground = app["permit"]["type"], app["permit"]["ground"]
    target = tmp_path / "application.json"
    code, out, err = run(capsys, "init", "--permit-type", ptype, "--ground", ground, "--as-of", app["filing_date"],
                         "--output", target)
    assert code == 0 and out == "" and err == ""
    starter = json.loads(target.read_text(encoding="utf-8"))
    assert starter["permit"] == {"type": ptype, "ground": ground}
    placeholders = {pointer for pointer, _ in _leaves(starter)}
    # Unfilled, every field the checker calls missing is a placeholder of the starter (it names every
    # mandatory field), no section is missing (D004) and no placeholder is invalid (D001).
    unfilled = mosprecheck.check(folder, starter, as_of=AS_OF)
    missing = {d.field for d in unfilled.defects if d.code == "D003"}
    assert missing and missing <= placeholders, missing - placeholders
    assert not {"D001", "D004"} & set(unfilled.codes)
    # Every placeholder but the alternatives of an any_of group (D005) is mandatory.
    alternatives = {d.field for d in unfilled.defects if d.code == "D005"}
    extra = {p for p in placeholders - missing if not any(p.startswith(a + "/") for a in alternatives)}
    assert extra <= {"/schema_version", "/permit/type", "/permit/ground", "/filing_date"} | \
        {p for p in extra if p.startswith("/documents") or _resolve(starter, p) == []}, extra
    filled = _fill(starter, app)
    Application.model_validate(filled)  # valid against the application model (= its schema)
    report = mosprecheck.check(folder, filled, as_of=AS_OF)
    assert not {"D001", "D003", "D004"} & set(report.codes), [(d.code, d.field) for d in report.defects]


def test_init_never_overwrites_and_prints_to_stdout_without_output(capsys, tmp_path):
    target = tmp_path / "application.json"
    target.write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, "init", "--permit-type", "temporary_residence", "--ground", "study", "--output", target)
    assert code == 2 and "exists" in err and target.read_text(encoding="utf-8") == "{}"
    code, out, _ = run(capsys, "init", "--permit-type", "temporary_residence", "--ground", "study",
                       "--as-of", "2026-12-01")
    data = json.loads(out)
    assert code == 0 and data["filing_date"] == "2026-12-01"
    assert data["study"] == {"university": "", "programme": "", "period_from": None, "period_to": None}
    assert data["family_members"] == [] and data["applicant"]["surname"] == ""
    assert [d["kind"] for d in data["documents"]] == [
        i.kinds[0] for i in mosprecheck.check(EXAMPLES / "study-ready", as_of=AS_OF).summary.checklist
        if i.when == "at_filing"]


def test_starter_follows_the_form_of_the_filing_date():
    before = starter_application("temporary_residence", "work_single_permit", AS_OF.replace(year=2026, month=3))
    after = starter_application("temporary_residence", "work_single_permit", AS_OF)
    # The 2026 form (Dz.U. 2026 poz. 553) added the addresses abroad and the occupation code.
    assert "address_in_country_of_origin" in after and "address_in_country_of_origin" not in before
    assert "occupation_code" in after["annex_1"]["job"] and "occupation_code" not in before["annex_1"]["job"]


# --- schema -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["application", "report"])
def test_schema_prints_the_shipped_schema(which, capsys):
    from mosprecheck.schema import application_schema, report_schema

    code, out, _ = run(capsys, "schema", which)
    assert code == 0
    assert json.loads(out) == (application_schema() if which == "application" else report_schema())


# --- colour and language -------------------------------------------------------------------------------------


class _Pipe(io.StringIO):
    def isatty(self):
        return False


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_force_color_colours_a_pipe_and_no_color_wins():
    assert not use_color(_Pipe(), environ={})
    assert use_color(_Pipe(), environ={"FORCE_COLOR": "1"})
    assert not use_color(_Pipe(), environ={"FORCE_COLOR": ""})  # set but empty: not forced
    assert not use_color(_Pipe(), environ={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not use_color(_Pipe(), no_color=True, environ={"FORCE_COLOR": "1"})
    assert use_color(_Tty(), environ={}) and not use_color(_Tty(), environ={"NO_COLOR": "x"})


def test_force_color_reaches_the_cli_output(capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, out, _ = run(capsys, "check", MISSING, "--as-of", DAY)
    assert code == 1 and out.startswith("\x1b[")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "check", MISSING, "--as-of", DAY)[1]


@pytest.mark.parametrize(("env", "lang"), [
    ({}, "en"),
    ({"LANG": "uk_UA.UTF-8"}, "uk"),
    ({"LANGUAGE": "fr:en", "LANG": "pl_PL.UTF-8"}, "fr"),
    ({"LANGUAGE": "de:vi_VN"}, "vi"),
    ({"LC_ALL": "ru_RU.UTF-8", "LANG": "pl_PL.UTF-8"}, "ru"),
    ({"LC_ALL": "C.UTF-8", "LANG": "ar_EG.UTF-8"}, "ar"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "C"}, "en"),
    ({"LC_MESSAGES": "pl_PL@euro"}, "pl"),
])
def test_language_from_the_locale_variables(env, lang):
    assert env_language(env) == lang


def test_cli_output_language_from_lang_unless_lang_option(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    assert run(capsys, "check", MISSING, "--as-of", DAY)[1].startswith("NIEGOTOWE DO ZŁOŻENIA")
    assert run(capsys, "check", MISSING, "--as-of", DAY, "--lang", "en")[1].startswith("NOT READY TO FILE")
