"""The command line: exit codes, one-line errors, JSON identical to the API's."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import AS_OF, EXAMPLES

import mosprecheck
from mosprecheck.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mosprecheck", *args], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_ready_example_exits_0_and_json_equals_api(capsys):
    code = main(["check", str(EXAMPLES / "work-ready"), "--format", "json", "--as-of", AS_OF.isoformat()])
    out = capsys.readouterr().out
    assert code == 0
    assert out == mosprecheck.check(EXAMPLES / "work-ready", as_of=AS_OF).model_dump_json() + "\n"
    assert json.loads(out)["ready_to_file"] is True


def test_not_ready_example_exits_1(capsys):
    assert main(["check", str(EXAMPLES / "work-passport-missing"), "--as-of", AS_OF.isoformat()]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("NOT READY TO FILE")


def test_text_output_names_file_field_and_remedy_in_polish(capsys):
    main(["check", str(EXAMPLES / "work-passport-missing"), "--lang", "pl", "--as-of", AS_OF.isoformat()])
    out = capsys.readouterr().out
    assert out.startswith("NIEGOTOWE DO ZŁOŻENIA")
    assert "/documents/1/file" in out and "passport.pdf" in out
    assert "co zrobić: Dodaj plik „passport.pdf”" in out
    assert "art. 64 § 2 KPA" in out


def test_module_entry_point_and_application_option(tmp_path):
    app = tmp_path / "elsewhere.json"
    app.write_text((EXAMPLES / "work-ready" / "application.json").read_text(encoding="utf-8"), encoding="utf-8")
    r = run("check", str(EXAMPLES / "work-ready"), "--application", str(app), "--format", "json", "--as-of", "2026-11-25")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["application_checked"] is True


@pytest.mark.parametrize("case", ["missing", "file", "bad-json", "not-utf8", "bad-date", "no-command", "app-missing"])
def test_usage_errors_exit_2_with_one_line_and_no_traceback(tmp_path, case, capsys):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    args = ["check", str(pkg)]
    if case == "missing":
        args = ["check", str(tmp_path / "nope")]
    elif case == "file":
        (tmp_path / "f.pdf").write_bytes(b"%PDF-1.4\n")
        args = ["check", str(tmp_path / "f.pdf")]
    elif case == "bad-json":
        (pkg / "application.json").write_text('{"permit": ', encoding="utf-8")
    elif case == "not-utf8":
        (pkg / "application.json").write_bytes(b'{"a": "\xff\xfe"}')
    elif case == "bad-date":
        args += ["--as-of", "2026-02-30"]
    elif case == "no-command":
        args = []
    elif case == "app-missing":
        args += ["--application", str(tmp_path / "none.json")]
    code = main(args)  # in process (the CLI's logic); the real process's exit code: the test below
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_a_usage_error_exits_2_from_the_process_with_one_line(tmp_path):
    r = run("check", str(tmp_path / "nope"))
    assert r.returncode == 2
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_application_json_that_is_a_fifo_is_an_input_error_not_a_hang(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    os.mkfifo(pkg / "application.json")
    r = run("check", str(pkg))
    assert r.returncode == 2 and "not a regular file" in r.stderr


def test_wrong_shape_json_is_a_report_not_an_error(tmp_path, capsys):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "application.json").write_text('["not", "an", "object"]', encoding="utf-8")
    assert main(["check", str(pkg), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["field"], d["category"]) for d in report["defects"]] == [("D001", "", "formal_defect")]


# --- issue 7: languages, HTML, colour, JSON languages, redaction --------------------------------

ANSI = "\x1b["


@pytest.mark.parametrize("lang", ["pl", "en", "uk", "ru", "fr", "ar", "vi"])
def test_lang_selects_the_language_of_text_output_with_the_verdict_first(capsys, lang, example_report):
    from mosprecheck.i18n import ui

    assert main(["check", str(EXAMPLES / "work-passport-missing"), "--lang", lang, "--as-of", AS_OF.isoformat()]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith(ui(lang)["not_ready"])
    if lang == "ar":  # Arabic isolates pointers, file names and numbers (FSI U+2068 ... PDI U+2069)
        assert "\u2068passport.pdf\u2069" in out
        out = out.replace("\u2068", "").replace("\u2069", "")
    report = example_report("work-passport-missing")
    assert report.defects[0].message[lang] in out and report.defects[0].remedy[lang] in out


def test_html_format_writes_one_page_in_the_selected_language(capsys):
    assert main(["check", str(EXAMPLES / "work-passport-missing"), "--format", "html", "--lang", "ar",
                 "--as-of", AS_OF.isoformat()]) == 1
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and '<html lang="ar" dir="rtl">' in out and out.rstrip().endswith("</html>")


def test_json_keeps_every_language_by_default_and_only_the_selected_ones_on_request(capsys):
    main(["check", str(EXAMPLES / "work-passport-missing"), "--format", "json", "--lang", "pl", "--as-of", AS_OF.isoformat()])
    full = json.loads(capsys.readouterr().out)
    assert set(full["defects"][0]["message"]) == {"pl", "en", "uk", "ru", "fr", "ar", "vi"}
    main(["check", str(EXAMPLES / "work-passport-missing"), "--format", "json", "--json-languages", "uk,pl",
          "--as-of", AS_OF.isoformat()])
    some = json.loads(capsys.readouterr().out)
    assert set(some["defects"][0]["message"]) == set(some["defects"][0]["remedy"]) == {"pl", "uk"}
    assert all(set(f["label"]) == {"pl", "uk"} for f in some["summary"]["fees"])
    assert all(set(i["label"]) == {"pl", "uk"} for i in some["summary"]["checklist"])
    assert some["defects"][0]["ctx"] == full["defects"][0]["ctx"]


def test_unknown_json_language_is_a_usage_error(capsys):
    code = main(["check", str(EXAMPLES / "work-ready"), "--json-languages", "pl,xx"])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_piped_text_has_no_colour_and_a_terminal_gets_colour_unless_no_color(capsys, example_report):
    from mosprecheck.render import render_text, use_color

    main(["check", str(EXAMPLES / "work-passport-missing"), "--as-of", AS_OF.isoformat()])
    assert ANSI not in capsys.readouterr().out  # not a terminal (captured, as a pipe would be)

    class Tty:
        def isatty(self):
            return True

    assert use_color(Tty(), environ={}) is True
    assert use_color(Tty(), environ={"NO_COLOR": "1"}) is False
    assert use_color(Tty(), no_color=True, environ={}) is False
    report = example_report("work-passport-missing")
    coloured = render_text(report, "en", color=True)
    assert ANSI in coloured and coloured.splitlines()[0].startswith("\x1b[1;31mNOT READY TO FILE")
    assert ANSI not in render_text(report, "en")


def test_cli_turns_colour_on_for_a_terminal_and_off_with_no_color_flag_or_env(monkeypatch, capsys):
    import mosprecheck.cli as cli

    class TtyOut:
        def __init__(self):
            self.parts = []

        def isatty(self):
            return True

        def write(self, s):
            self.parts.append(s)

        def flush(self):
            pass

    args = ["check", str(EXAMPLES / "work-passport-missing"), "--as-of", AS_OF.isoformat()]
    monkeypatch.delenv("NO_COLOR", raising=False)
    for extra, env, coloured in (([], None, True), (["--no-color"], None, False), ([], "1", False)):
        if env:
            monkeypatch.setenv("NO_COLOR", env)
        out = TtyOut()
        monkeypatch.setattr(cli.sys, "stdout", out)
        assert cli.main(args + extra) == 1
        assert (ANSI in "".join(out.parts)) is coloured, (extra, env)


# --- issue 11: the exit code never lies --------------------------------------------------------

import io  # noqa: E402


def _run_env(*args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "mosprecheck", *args], capture_output=True, timeout=120,
                          stdin=subprocess.DEVNULL, env={**os.environ, **env})


def _assert_escaped(out: str, fmt: str, example_report) -> None:
    if fmt == "json":
        assert json.loads(out) == json.loads(example_report("work-ready").model_dump_json())
    elif fmt == "html":
        assert "&#" in out and out.rstrip().endswith("</html>")
    else:
        assert "\\u" in out


@pytest.mark.parametrize("encoding", ["ascii", "iso-8859-2"])
@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_output_the_terminal_cannot_encode_is_escaped_and_a_ready_package_exits_0(encoding, fmt, example_report,
                                                                                 monkeypatch, capsys):
    """In process, on a stdout of that encoding (the CLI reads the stream's encoding); in a real
    process with PYTHONIOENCODING: the test below."""
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding=encoding, errors="strict", write_through=True)
    monkeypatch.setattr(sys, "stdout", stdout)
    code = main(["check", str(EXAMPLES / "work-ready"), "--lang", "uk", "--format", fmt, "--as-of", "2026-11-25"])
    stdout.flush()
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err
    _assert_escaped(raw.getvalue().decode(encoding), fmt, example_report)


@pytest.mark.parametrize(("fmt", "encoding"), [("text", "ascii"), ("html", "iso-8859-2")])
def test_a_real_process_whose_output_encoding_cannot_hold_the_text_escapes_it_and_exits_0(fmt, encoding,
                                                                                        example_report):
    r = _run_env("check", str(EXAMPLES / "work-ready"), "--lang", "uk", "--format", fmt, "--as-of", "2026-11-25",
                 PYTHONIOENCODING=encoding)
    assert r.returncode == 0, r.stderr
    assert b"Traceback" not in r.stderr
    _assert_escaped(r.stdout.decode(encoding), fmt, example_report)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_disk_is_exit_3_with_one_line():
    with open("/dev/full", "wb") as full:
        r = subprocess.run([sys.executable, "-m", "mosprecheck", "check", str(EXAMPLES / "work-ready"), "--as-of",
                            "2026-11-25"], stdout=full, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120)
    assert r.returncode == 3
    lines = r.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "No space left" in lines[0]


def test_a_closed_stdout_is_exit_3_with_one_line():
    r = subprocess.run(f'"{sys.executable}" -m mosprecheck check "{EXAMPLES / "work-ready"}" --as-of 2026-11-25 >&-',
                       shell=True, capture_output=False, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120)
    assert r.returncode == 3
    assert len(r.stderr.decode().strip().splitlines()) == 1 and b"Traceback" not in r.stderr


class _Broken(io.StringIO):
    def __init__(self, exc):
        super().__init__()
        self.exc = exc

    def write(self, s):
        raise self.exc


@pytest.mark.parametrize("exc", [BrokenPipeError(32, "Broken pipe"), OSError(28, "No space left on device"),
                                 ValueError("I/O operation on closed file")])
def test_a_broken_stdout_is_exit_3_never_the_verdict(monkeypatch, capsys, exc):
    monkeypatch.setattr(sys, "stdout", _Broken(exc))
    code = main(["check", str(EXAMPLES / "work-ready"), "--as-of", AS_OF.isoformat()])
    assert code == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "cannot write" in err


def test_a_renderer_bug_is_exit_3_not_a_verdict(monkeypatch, capsys):
    import mosprecheck.render as render_mod

    def broken(*a, **k):
        raise KeyError("boom")

    monkeypatch.setattr(render_mod, "render", broken)  # the renderer the check command calls
    assert main(["check", str(EXAMPLES / "work-ready"), "--as-of", AS_OF.isoformat()]) == 3
    assert "internal error (KeyError)" in capsys.readouterr().err


def test_an_empty_folder_without_description_exits_1_and_says_why(tmp_path, capsys):
    assert main(["check", str(tmp_path), "--as-of", AS_OF.isoformat()]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("NOT READY TO FILE")
    assert "No application description" in out


def test_the_check_command_starts_the_parsers_process_before_loading_the_checker(monkeypatch):
    """``_launch.main`` (the console script and ``python -m mosprecheck``) starts the zygote for a
    check before the CLI loads: an import that no longer resolves would lose that silently."""
    import sys

    from mosprecheck import _launch, cli
    from mosprecheck.inventory.checker import zygote

    started = []
    monkeypatch.setattr(zygote._Zygote, "ensure", classmethod(lambda cls: started.append(True)))
    monkeypatch.setattr(cli, "entry_point", lambda: None)
    monkeypatch.setattr(sys, "argv", ["mosprecheck", "check", "somewhere"])
    _launch.main()
    assert started == [True]
    monkeypatch.setattr(sys, "argv", ["mosprecheck", "explain", "F001"])
    _launch.main()
    assert started == [True]  # only a check needs the parsers


def test_the_cli_leaves_no_process_behind():
    """The zygote and the workers end before the command does (atexit waits for them)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from conftest import EXAMPLES

    proc = subprocess.Popen([sys.executable, "-m", "mosprecheck", "check", str(EXAMPLES / "work-ready"),
                             "--format", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    assert proc.wait(timeout=120) in (0, 1)
    left = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == proc.pid:
                    left.append(entry.name)
            except (ProcessLookupError, PermissionError):
                pass
    assert left == []


@pytest.mark.parametrize(("error", "said"), [
    (OSError(98, "Address already in use"), "cannot listen on 127.0.0.1:8123 (Address already in use)"),
    (OSError("AF_UNIX path too long"), "cannot start the service: AF_UNIX path too long"),
])
def test_serve_names_what_failed_to_start(monkeypatch, capsys, error, said):
    """A refused address is "cannot listen"; anything else (the fork server's socket path under a
    long TMPDIR) says what it is instead of blaming the port."""
    pytest.importorskip("fastapi")
    import mosprecheck.server as server_mod
    from mosprecheck.cli import main

    def refuse(settings, host, port):
        raise error

    monkeypatch.setattr(server_mod, "serve", refuse)
    assert main(["serve", "--host", "127.0.0.1", "--port", "8123"]) == 2
    assert said in capsys.readouterr().err


def test_habit_options_keep_json_valid_on_a_terminal_that_cannot_encode_it(tmp_path):
    """--fail-on (a habit option) writes the report through the same writer as the plain command:
    JSON re-escaped as \\uXXXX, never Python's \\xNN, which is not JSON."""
    import json as json_mod
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "mosprecheck", "check", str(EXAMPLES / "study-form-incomplete"),
                        "--format", "json", "--json-languages", "pl", "--fail-on", "advisory",
                        "--as-of", AS_OF.isoformat()], capture_output=True, env={**__import__("os").environ,
                                                                                   "PYTHONIOENCODING": "ascii"})
    assert r.returncode == 1
    assert json_mod.loads(r.stdout.decode("ascii"))["ready_to_file"] is False
