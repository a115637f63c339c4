"""Per-file bounds that hold whatever the other worker slot does (issue 11 follow-up):

- a file that uses up its CPU bound (``RLIMIT_CPU`` in the worker) is a time-out (X002), also when
  its worker came from the zygote, whose exit status the checker never sees;
- with both slots busy, a file that hangs in one slot is stopped at its own bound, not after the
  other slot has worked through its files."""

from __future__ import annotations

import dataclasses
import os
import time
import zlib

import factories as fx
import pytest

from mosprecheck.api import check_facts
from mosprecheck.inventory import Inspector, walk_package
from mosprecheck.inventory.checker import inspector as inspector_mod
from mosprecheck.inventory.checker.inspector import WorkerSlot


def _cpu_heavy_pdf(path, pages: int = 64, ops: int = 100_000):
    """A valid PDF whose pages each have their own 1.9 MB content stream of placement operators
    (300 KB on disk): measuring its page images takes the parsers seconds of CPU."""
    body = zlib.compress(b"q 1 0 0 1 0 0 cm Q\n" * ops, 9)
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>" % (3 + pages + i)
                for i in range(pages)]
    objects += [b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"] * pages
    path.write_bytes(fx._assemble_pdf(objects))
    return path


def _submit(slot_or_inspector, key, path, kind="pdf", **extra):
    st = os.stat(path)
    slot_or_inspector.submit(key, os.fsencode(path), kind, header_offset=0, dev=st.st_dev, ino=st.st_ino, **extra)


def _ended(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_file_that_uses_up_its_cpu_bound_in_a_zygote_worker_is_a_time_out_not_a_crash(tmp_path):
    """The worker comes from the zygote (the default): the checker cannot read how it died. The
    checker looks away (as while it waits on another slot or hashes a large file) until the CPU
    bound has ended the worker; the file must still read as timed out (X002), never crashed (X004)."""
    path = _cpu_heavy_pdf(tmp_path / "heavy.pdf")
    slot = WorkerSlot(time_limit=0.5, start_method="zygote")  # RLIMIT_CPU: 2 s of CPU
    try:
        _submit(slot, 0, path)
        pid = slot._foreign_pid
        assert pid is not None, "no worker from the zygote"
        give_up = time.monotonic() + 60
        while not _ended(pid) and time.monotonic() < give_up:
            time.sleep(0.05)
        assert _ended(pid), "the CPU bound did not end the worker"
        outcome = slot.finish()[0]
    finally:
        slot.close()
    assert outcome.unverified == "timeout"
    files = [dataclasses.replace(f, unverified=outcome.unverified) for f in walk_package(tmp_path)]
    codes = {d.code for d in check_facts(files).defects if d.file == "heavy.pdf"}
    assert "X002" in codes and "X004" not in codes


def test_the_same_file_within_a_fair_bound_is_inspected(tmp_path):
    """The control: the file above is a legitimate PDF the default bound inspects."""
    path = _cpu_heavy_pdf(tmp_path / "heavy.pdf", pages=2)
    slot = WorkerSlot(start_method="zygote")
    try:
        _submit(slot, 0, path)
        outcome = slot.finish()[0]
    finally:
        slot.close()
    assert outcome.unverified is None and outcome.pdf is not None and outcome.pdf.pages == 2


SLOW_S = 0.5


def test_a_hanging_file_is_stopped_at_its_own_bound_while_the_other_slot_works(tmp_path, monkeypatch):
    """Slot 0 works through eight legitimate files of half a second each (four seconds in all, each
    within its bound); slot 1's only file hangs. Its time-out is decided at its own bound, long
    before slot 0's last answer, not after slot 0 has finished (as when the slots were waited
    for one after the other)."""
    from mosprecheck.inventory.checker.inspector import prestart
    from mosprecheck.inventory.worker import serve

    real = serve.inspect_pdf
    prestart()  # the process's zygote exists before the patch: forked later, it would keep it for good

    def parser(data, offset=0, **kwargs):
        if data.find(b"(hang) Tj") >= 0:
            while True:
                time.sleep(1)
        if data.find(b"(slow) Tj") >= 0:
            time.sleep(SLOW_S)  # a long legitimate file: waits, uses no CPU
        return real(data, offset, **kwargs)

    # Workers forked from this process (not from the zygote, which started before the patch)
    # inherit the patched parser.
    monkeypatch.setattr(serve, "inspect_pdf", parser)
    monkeypatch.setattr(inspector_mod, "SECOND_WORKER_AFTER", 1)
    slow = [fx.write_text_pdf(tmp_path / f"slow-{i}.pdf", ["slow"]) for i in range(8)]
    hang = fx.write_text_pdf(tmp_path / "hang.pdf", ["hang"])
    limit = 1.5
    with Inspector(workers=2, time_limit=limit, start_method="fork") as inspector:
        _submit(inspector, 0, slow[0], size=10)  # the first worker takes the first file
        _submit(inspector, 1, hang, size=10_000)  # the second (idle) worker takes the hanging one
        for i, path in enumerate(slow[1:], start=2):  # the least loaded: the first worker
            _submit(inspector, i, path, size=10)
        assert [sorted(s.started_at) + [j.key for j in s._queue] for s in inspector._slots] == \
            [[0, *range(2, 9)], [1]]
        results = inspector.finish()
        first, second = inspector._slots
        decided = {**first.decided_at, **second.decided_at}
        started = {**first.started_at, **second.started_at}
    assert results[1].unverified == "timeout"
    legit = (0, *range(2, 9))
    assert all(results[k].unverified is None and results[k].pdf is not None for k in legit)
    # The hang is marked at its own bound after its clock started ...
    assert started[1] is not None
    assert limit <= decided[1] - started[1] < limit + 2.0
    # ... while the other slot was still at work: before its last answers, not after all of them.
    assert decided[1] < decided[8]
    assert sum(decided[k] > decided[1] for k in legit) >= 3


@pytest.mark.parametrize("workers", [1, 2])
def test_every_file_gets_an_outcome_when_waiting_on_all_slots(tmp_path, workers, monkeypatch):
    monkeypatch.setattr(inspector_mod, "SECOND_WORKER_AFTER", 1)
    paths = [fx.write_text_pdf(tmp_path / f"doc-{i}.pdf", [f"Dokument {i}"]) for i in range(5)]
    paths.append(fx.write_jpeg(tmp_path / "photo.jpg"))
    with Inspector(workers=workers) as inspector:
        for key, path in enumerate(paths):
            _submit(inspector, key, path, kind="jpeg" if path.suffix == ".jpg" else "pdf", size=path.stat().st_size)
        results = inspector.finish()
    assert sorted(results) == list(range(len(paths)))
    assert all(r.unverified is None for r in results.values())
    assert all(results[k].pdf.pages == 1 for k in range(5)) and results[5].image is not None
