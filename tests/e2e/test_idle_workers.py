"""Workers kept idle between checks (issue 11: "a warm pool reused across calls and threads"):
a worker that ended a check healthy serves the next check of the process; one that ran out of
memory, timed out, died while idle, served its quota or grew too large is never reused."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time

import pytest

import factories as fx
import mosprecheck
from mosprecheck.inventory.checker.inspector import Inspector
from mosprecheck.inventory.checker.walk import walk_package
from mosprecheck.inventory.checker.zygote import IdleWorkers

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers come from a zygote on POSIX only")

AS_OF = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def no_idle_worker_of_another_test():
    IdleWorkers.clear()
    yield
    IdleWorkers.clear()


def _idle() -> list[tuple[int, int]]:
    """(pid, files served) of this process's idle workers."""
    return [(pid, served) for _key, _conn, pid, served in IdleWorkers._idle]


def _package(folder, n=2):
    folder.mkdir()
    for i in range(n):
        fx.write_text_pdf(folder / f"doc-{i}.pdf", [f"Dokument {i}"])
    fx.write_jpeg(folder / "photo.jpg")
    return folder


def test_the_next_check_is_served_by_the_same_worker_with_the_same_report(tmp_path):
    pkg = _package(tmp_path / "pkg")
    first = mosprecheck.check(pkg, as_of=AS_OF)
    (pid, served), = _idle()
    assert served == 3
    second = mosprecheck.check(pkg, as_of=AS_OF)
    assert _idle() == [(pid, 6)]  # no fork: the same process answered three more files
    assert second.model_dump_json() == first.model_dump_json()
    assert not {"X002", "X003", "X004"} & set(first.codes)


def test_an_idle_worker_that_died_is_replaced_and_no_file_is_lost(tmp_path):
    pkg = _package(tmp_path / "pkg")
    mosprecheck.check(pkg, as_of=AS_OF)
    (pid, _served), = _idle()
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}") and _state(pid) not in ("Z", "X", None):
        time.sleep(0.01)
    report = mosprecheck.check(pkg, as_of=AS_OF)
    assert not {"X002", "X003", "X004"} & set(report.codes)
    assert [f.sha256 is not None for f in report.files] == [True] * 3
    (new_pid, served), = _idle()
    assert new_pid != pid and served == 3


def _state(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def test_a_worker_that_ran_out_of_memory_is_not_kept(tmp_path):
    fx.write_passport_scan_pdf(tmp_path / "passport.pdf", fx.td3_mrz("KOWALENKO", "OLENA", "FX1234567", "940514",
                                                                     "340101", "UKR", "F"))
    facts = walk_package(tmp_path, inspector=Inspector(memory_bytes=256 * 1024))  # far too little to decode a page
    assert facts[0].unverified == "memory"
    assert _idle() == []


def test_a_worker_killed_for_time_is_not_kept_and_the_next_check_gets_a_fresh_one(tmp_path):
    fx.write_passport_scan_pdf(tmp_path / "passport.pdf", fx.td3_mrz("KOWALENKO", "OLENA", "FX1234567", "940514", "340101", "UKR", "F"))  # 32 scanned pages: far more than a millisecond
    facts = walk_package(tmp_path, inspector=Inspector(time_limit=0.001))
    assert facts[0].unverified == "timeout"
    assert _idle() == []
    facts = walk_package(tmp_path, inspector=Inspector())
    assert facts[0].unverified is None and facts[0].pdf.pages_decoded > 0
    assert len(_idle()) == 1


def test_a_worker_is_retired_after_its_quota_of_files(tmp_path, monkeypatch):
    monkeypatch.setattr(IdleWorkers, "MAX_SERVED_FILES", 4)
    pkg = _package(tmp_path / "pkg")  # three files a check
    mosprecheck.check(pkg, as_of=AS_OF)
    (pid, served), = _idle()
    assert served == 3
    mosprecheck.check(pkg, as_of=AS_OF)
    assert _idle() == []  # six files served: past its quota, ended instead of kept
    mosprecheck.check(pkg, as_of=AS_OF)
    (new_pid, served), = _idle()
    assert new_pid != pid and served == 3


def test_workers_are_kept_only_for_the_same_bounds(tmp_path):
    pkg = _package(tmp_path / "pkg", n=1)
    walk_package(pkg, inspector=Inspector())
    (pid, _served), = _idle()
    walk_package(pkg, inspector=Inspector(pixel_budget=1_000_000))  # other bounds: another worker
    pids = [p for p, _ in _idle()]
    assert len(pids) == 2 and pid in pids
    walk_package(pkg, inspector=Inspector(pixel_budget=1_000_000))
    assert sorted(p for p, _ in _idle()) == sorted(pids)


def test_at_most_max_idle_workers_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(IdleWorkers, "MAX_IDLE", 1)
    pkg = _package(tmp_path / "pkg", n=1)
    inspectors = [Inspector(workers=1) for _ in range(2)]
    st = os.stat(pkg / "doc-0.pdf")
    for inspector in inspectors:  # two checks at once: two workers
        inspector.submit(0, os.fsencode(pkg / "doc-0.pdf"), "pdf", header_offset=0, dev=st.st_dev, ino=st.st_ino,
                         size=st.st_size)
    outcomes = [inspector.finish() for inspector in inspectors]
    assert all(o[0].pdf is not None and o[0].pdf.pages == 1 for o in outcomes)
    assert len(_idle()) == 1


def test_a_forked_child_never_uses_its_parents_idle_workers(tmp_path):
    pkg = _package(tmp_path / "pkg", n=1)
    mosprecheck.check(pkg, as_of=AS_OF)
    (pid, served), = _idle()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's outcome is written to the pipe
        try:
            from mosprecheck.inventory.checker.zygote import IdleWorkers as Idle

            taken = Idle.take(next(iter(Idle._idle))[0]) if Idle._idle else None
            os.write(write, b"none" if taken is None else b"taken")
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    assert os.read(read, 16) == b"none"
    os.close(read)
    assert _idle() == [(pid, served)]  # the parent's worker is still its own
    report = mosprecheck.check(pkg, as_of=AS_OF)
    assert not {"X002", "X003", "X004"} & set(report.codes) and _idle() == [(pid, served + 2)]


def test_keeping_workers_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("MOSPRECHECK_KEEP_WORKERS", "0")
    pkg = _package(tmp_path / "pkg", n=1)
    report = mosprecheck.check(pkg, as_of=AS_OF)
    assert _idle() == [] and not {"X002", "X003", "X004"} & set(report.codes)
    monkeypatch.setenv("MOSPRECHECK_KEEP_WORKERS", "1")
    mosprecheck.check(pkg, as_of=AS_OF)
    assert len(_idle()) == 1
