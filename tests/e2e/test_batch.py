"""`mosprecheck batch` (issue 12, part 1), `check` refusing a folder of packages (part 2), and
check() inside a Celery-style daemonic worker (part 8)."""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from conftest import AS_OF, EXAMPLES

import mosprecheck
from mosprecheck.report.subject import renamed
from mosprecheck import batch
from mosprecheck.cli import main
from mosprecheck.render import render_json

DAY = AS_OF.isoformat()


@pytest.fixture
def agency(tmp_path) -> Path:
    """A folder of folders: two ready packages, one with a defect (Polish name), one nested deeper,
    and a folder that is no package."""
    root = tmp_path / "agency"
    shutil.copytree(EXAMPLES / "work-ready", root / "anna")
    shutil.copytree(EXAMPLES / "work-ready", root / "2026-12" / "bogdan")
    shutil.copytree(EXAMPLES / "work-passport-missing", root / "Łukasz Żółć")
    (root / "notes").mkdir()
    (root / "notes" / "todo.txt").write_text("call back", encoding="utf-8")
    return root


def run_cli(argv, capsys):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_discovery_finds_every_folder_holding_an_application(agency):
    found = batch.discover([agency])
    assert [(p.name, p.path.relative_to(agency).as_posix()) for p in found] == [
        ("2026-12__bogdan", "2026-12/bogdan"), ("anna", "anna"), ("Łukasz Żółć", "Łukasz Żółć")]
    each = batch.discover([agency], each_subfolder=True)
    assert [p.name for p in each] == ["2026-12", "anna", "notes", "Łukasz Żółć"]
    assert [p.name for p in batch.discover([agency / "anna"])] == ["anna"]
    # The output folder inside ROOT is never a package (for --each-subfolder too).
    assert "notes" not in [p.name for p in batch.discover([agency], each_subfolder=True, exclude=[agency / "notes"])]


def test_batch_writes_every_report_and_a_summary(agency, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(["batch", agency, "--output-dir", out, "--jobs", "2", "--as-of", DAY], capsys)
    assert code == 1  # one package is not ready
    assert "2/3" in stdout and "Łukasz Żółć" in stdout and "A001" in stdout
    assert stderr == ""  # no progress bar when not on a terminal
    # Each report is exactly what `check --format json` prints.
    for name, folder in (("anna", agency / "anna"), ("Łukasz Żółć", agency / "Łukasz Żółć")):
        code_one, printed, _ = run_cli(["check", folder, "--format", "json", "--as-of", DAY], capsys)
        assert (out / f"{name}.json").read_text(encoding="utf-8") == printed
        assert (out / f"{name}.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # summary.csv: UTF-8 with a byte-order mark (spreadsheets keep the Polish letters), one row per package.
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    by_name = {r["package"]: r for r in rows}
    assert set(by_name) == {"2026-12__bogdan", "anna", "Łukasz Żółć"}
    assert by_name["Łukasz Żółć"]["verdict"] == "not_ready"
    assert by_name["Łukasz Żółć"]["formal_defect"] == "1" and by_name["Łukasz Żółć"]["codes"] == "A001"
    assert by_name["anna"]["verdict"] == "ready" and by_name["anna"]["last_day"] == "2027-01-15"
    assert by_name["anna"]["days_left"] == "51"
    jsonl = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["package"] for r in jsonl] == [r["package"] for r in rows]
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in by_name:
        assert f'href="./{batch._href(name + ".html")[2:]}"' in index
        assert f'href="./{batch._href(name + ".json")[2:]}"' in index


def test_batch_exit_code_is_0_when_all_are_ready_and_2_on_usage_errors(agency, tmp_path, capsys):
    shutil.rmtree(agency / "Łukasz Żółć")
    assert run_cli(["batch", agency, "--as-of", DAY, "--jobs", "1"], capsys)[0] == 0
    assert run_cli(["batch", tmp_path / "missing"], capsys)[0] == 2
    assert run_cli(["batch", agency / "notes"], capsys)[0] == 2  # no package in it
    assert run_cli(["batch", agency, "--jobs", "0"], capsys)[0] == 2
    assert run_cli(["batch", agency, "--resume"], capsys)[0] == 2  # --resume needs --output-dir


def _misbehaving_check(original):
    def check(path, *args, **kwargs):
        name = Path(path).name
        if name == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        if name == "hang":
            time.sleep(60)
        if name == "bug":
            raise RuntimeError("boom")
        return original(path, *args, **kwargs)
    return check


def test_a_package_that_crashes_or_hangs_is_a_row_with_its_error(agency, tmp_path, monkeypatch):
    for name in ("crash", "hang", "bug"):
        shutil.copytree(EXAMPLES / "work-ready", agency / name)
    monkeypatch.setattr("mosprecheck.api.check", _misbehaving_check(mosprecheck.api.check))
    start = time.monotonic()
    result = batch.run_batch([agency], output_dir=tmp_path / "out", jobs=2, as_of=AS_OF, timeout=8)
    assert time.monotonic() - start < 45
    rows = {r["package"]: r for r in result.rows}
    assert rows["crash"]["verdict"] == "error" and "crashed" in rows["crash"]["error"]
    assert rows["hang"]["verdict"] == "error" and "did not finish" in rows["hang"]["error"]
    assert rows["bug"]["verdict"] == "error" and "RuntimeError: boom" in rows["bug"]["error"]
    assert rows["anna"]["verdict"] == "ready" and rows["Łukasz Żółć"]["verdict"] == "not_ready"
    assert not result.all_ready
    summary = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig")
    assert "did not finish" in summary


def test_resume_skips_unchanged_packages_and_rechecks_changed_ones(agency, tmp_path):
    out = tmp_path / "out"
    batch.run_batch([agency], output_dir=out, jobs=2, as_of=AS_OF)
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    time.sleep(0.05)
    (agency / "anna" / "passport.pdf").unlink()  # anna changes; the others do not
    result = batch.run_batch([agency], output_dir=out, jobs=2, as_of=AS_OF, resume=True)
    second = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    assert second["anna.json"] != first["anna.json"]
    assert second["Łukasz Żółć.json"] == first["Łukasz Żółć.json"]
    assert second["2026-12__bogdan.json"] == first["2026-12__bogdan.json"]
    rows = {r["package"]: r for r in result.rows}
    assert rows["anna"]["verdict"] == "not_ready"  # the new report, not the old row
    assert rows["2026-12__bogdan"]["verdict"] == "ready"
    # Another as-of day changes the report (days left): nothing is skipped.
    batch.run_batch([agency], output_dir=out, jobs=2, as_of=AS_OF.replace(day=26), resume=True)
    third = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    assert all(third[n] != second[n] for n in second)


def test_summary_cells_that_look_like_formulas_are_neutralised(tmp_path):
    row = {"package": "=HYPERLINK(\"x\")", "path": "p", "verdict": "error", **{c: 0 for c in batch.CATEGORIES},
           "codes": [], "last_day": None, "days_left": -3, "error": "+boom"}
    batch.write_summary(tmp_path, [row])
    text = (tmp_path / "summary.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'+boom" in text and ",-3," in text
    assert "<script" not in batch.render_index([{**row, "package": "<script>x</script>"}])
    polish = batch.render_index([row], lang="pl")
    assert "Sprawdzenie pakietów wniosków" in polish and "sprawdzenie nie powiodło się" in polish
    assert 'dir="rtl"' in batch.render_index([row], lang="ar")


# --- check refuses a folder of packages ------------------------------------------------------------


def test_check_refuses_a_folder_of_packages_with_a_hint_to_use_batch(agency, capsys):
    code, out, err = run_cli(["check", agency], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "mosprecheck batch" in err
    # A single package, and a folder without packages below, are checked as before.
    assert run_cli(["check", agency / "anna", "--as-of", DAY], capsys)[0] == 0
    assert run_cli(["check", agency / "notes", "--as-of", DAY], capsys)[0] == 1


# --- Celery-style daemonic workers ------------------------------------------------------------------


def _daemon_job(queue, folder, zipped):
    try:
        folder_report = mosprecheck.check(folder, as_of=AS_OF)
        zip_report = mosprecheck.check(zipped, as_of=AS_OF)
        result = batch.run_batch([folder], as_of=AS_OF, jobs=2)
        # Loose files zipped as bytes carry no package name (issue 12 item 6); all else is equal.
        queue.put((render_json(folder_report), render_json(renamed(zip_report, "work-ready")),
                   [r["verdict"] for r in result.rows]))
    except BaseException as exc:  # the test shows what went wrong
        queue.put(repr(exc))


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_check_and_batch_work_inside_a_daemonic_worker_process(tmp_path, method):
    import io
    import zipfile

    folder = EXAMPLES / "work-ready"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(folder.iterdir()):
            zf.write(p, p.name)
    expected = render_json(mosprecheck.check(folder, as_of=AS_OF))
    ctx = multiprocessing.get_context(method)
    queue = ctx.Queue()
    worker = ctx.Process(target=_daemon_job, args=(queue, str(folder), buf.getvalue()), daemon=True)
    worker.start()
    try:
        answer = queue.get(timeout=120)
    finally:
        worker.join(10)
    assert not isinstance(answer, str), answer
    assert answer == (expected, expected, ["ready"])


def test_progress_bar_only_on_a_terminal(monkeypatch):
    from mosprecheck import cli

    assert cli._progress_bar(3, disabled=False) is None  # stderr is captured here: not a terminal

    class Terminal:
        def isatty(self):
            return True

        def write(self, text):
            return len(text)

        def flush(self):
            pass

    monkeypatch.setattr("sys.stderr", Terminal())
    bar = cli._progress_bar(3, disabled=False)
    assert bar is not None and bar.total == 3
    bar.close()
    assert cli._progress_bar(3, disabled=True) is None


def test_a_redacted_run_shows_no_applicant_in_file_names_rows_or_paths(tmp_path, capsys):
    """Folders named after the applicant (as agencies do): with --redact, the report files, the
    summary rows, their paths and index.html carry the masked names, and --resume still finds them."""
    root = tmp_path / "clients"
    shutil.copytree(EXAMPLES / "work-ready", root / "Kowalenko Olena")
    shutil.copytree(EXAMPLES / "work-ready", root / "OLENA_KOWALENKO")
    shutil.copytree(EXAMPLES / "work-passport-missing", root / "kowalenko-2")
    out = tmp_path / "out"
    code, _stdout, _err = run_cli(["batch", root, "--output-dir", out, "--redact", "--as-of", AS_OF.isoformat(),
                                   "--jobs", "2", "--no-progress"], capsys)
    assert code == 1
    names = sorted(p.name for p in out.iterdir())
    written = "\n".join([*names] + [p.read_text(encoding="utf-8") for p in out.iterdir() if p.is_file()])
    assert "kowalenko" not in written.casefold() and "olena" not in written.casefold()
    rows = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["package"] for r in rows) == sorted(["[NAME] [NAME]", "[NAME]_[NAME]", "[NAME]-2"])
    assert all(r["report_json"] in names and r["path"].startswith(str(root)) for r in rows)
    # Resume keys on the masked names: nothing is checked again (no report is written again).
    written_at = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    code, _stdout, _err = run_cli(["batch", root, "--output-dir", out, "--redact", "--as-of", AS_OF.isoformat(),
                                   "--resume", "--no-progress"], capsys)
    assert code == 1
    again = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["fingerprint"] for r in again] == [r["fingerprint"] for r in rows]
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")} == written_at


def _pid_of_task(n: int) -> dict:
    """A task that says which process ran it; task 3 crashes its process, task 5 hangs."""
    if n == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    if n == 5:
        time.sleep(60)
    return {"task": n, "pid": os.getpid()}


def test_batch_children_run_many_packages_each_and_a_crash_or_a_hang_costs_one_child(monkeypatch):
    """A check child runs one task after another (what every check loads stays loaded); a task that
    kills its child or runs past the bound is that task's row, and the next tasks get a fresh child."""
    from mosprecheck import _isolated

    results = {}
    _isolated.run_many(((n, (n,)) for n in range(12)), _pid_of_task, jobs=2, timeout=3,
                       on_result=lambda key, outcome: results.__setitem__(key, outcome))
    assert sorted(results) == list(range(12))
    assert results[3].kind == "crashed" and "killed by signal" in results[3].error
    assert results[5].kind == "timeout" and "did not finish within 3 s" in results[5].error
    pids = [results[n].value["pid"] for n in range(12) if n not in (3, 5)]
    assert all(results[n].value["task"] == n for n in range(12) if n not in (3, 5))
    assert len(set(pids)) <= 4  # two children, and one fresh child after each of the two failures
    assert len(set(pids)) < len(pids)

    monkeypatch.setattr(_isolated, "TASKS_PER_CHILD", 2)
    results.clear()
    _isolated.run_many(((n, (n,)) for n in (0, 1, 2, 4, 6, 7)), _pid_of_task, jobs=1, timeout=10,
                       on_result=lambda key, outcome: results.__setitem__(key, outcome))
    pids = [results[n].value["pid"] for n in (0, 1, 2, 4, 6, 7)]
    assert pids[0] == pids[1] and pids[2] == pids[3] and pids[4] == pids[5]
    assert len(set(pids)) == 3  # a child retired after two tasks
    for pid in set(pids):  # every child has ended: none left behind
        assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] in ("Z", "X")


def test_a_service_call_reuses_the_child_of_the_last_call_and_never_one_that_failed(monkeypatch):
    """``run_one`` (one child per service request at a time): a child that answered serves the next
    call; one that crashed or ran past its bound is gone, and the next call gets a fresh child."""
    from mosprecheck import _isolated

    _isolated.end_idle_children()
    first = _isolated.run_one(_pid_of_task, (0,), timeout=10)
    second = _isolated.run_one(_pid_of_task, (1,), timeout=10)
    assert first.value["pid"] == second.value["pid"] != os.getpid()
    crashed = _isolated.run_one(_pid_of_task, (3,), timeout=10)
    assert crashed.kind == "crashed"
    third = _isolated.run_one(_pid_of_task, (2,), timeout=10)
    assert third.value["pid"] != first.value["pid"]  # the crashed child was the kept one: replaced
    hung = _isolated.run_one(_pid_of_task, (5,), timeout=1)
    assert hung.kind == "timeout"
    fourth = _isolated.run_one(_pid_of_task, (4,), timeout=10)
    assert fourth.value["pid"] not in (first.value["pid"], third.value["pid"])
    monkeypatch.setattr(_isolated, "TASKS_PER_CHILD", 1)
    fifth = _isolated.run_one(_pid_of_task, (6,), timeout=10)
    sixth = _isolated.run_one(_pid_of_task, (7,), timeout=10)
    assert fifth.value["pid"] == fourth.value["pid"] != sixth.value["pid"]  # retired after its quota
    _isolated.end_idle_children()
