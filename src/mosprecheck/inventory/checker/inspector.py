"""Isolation: structural inspection (pypdf, Pillow) in separate worker processes per check,
bounded in time and memory, so that a parser that hangs or blows up becomes a fact
("could not be verified"), never a hung or killed checker. This is the checker's side; the
worker's is :mod:`mosprecheck.inventory.worker`.

- Up to two workers per :func:`~mosprecheck.check` call, started on the first PDF/JPEG/PNG and
  reused for every file. They are forked by the **zygote** (:mod:`.zygote`), a single-threaded
  process started once per checker process that has pypdf and Pillow imported (so a worker starts
  in about a millisecond, whatever threads the checker runs). A worker that ends a check healthy
  is kept idle for the next check of the process (:class:`.zygote.IdleWorkers`), which then pays
  no fork, start or exit at all.
- Time: each file gets :data:`~mosprecheck.inventory.worker.bounds.TIME_LIMIT_S` seconds of
  wall-clock time from the moment a ready worker has it (the worker says it is ready once its
  limits are set); past that the worker is killed (SIGKILL), the file is reported as not verified,
  and a new worker takes the remaining files. The whole package gets a budget
  (:data:`PACKAGE_TIME_BUDGET_S` or ``check(time_budget=...)``); what was not inspected by then is
  marked. Every file submitted gets an outcome, never a silent hole. Waiting
  (:func:`wait_for_all`) watches every busy worker at once, up to the nearest of their bounds, so
  a file hanging in one worker is stopped at its own bound while the other works through a long
  file. A worker that uses up its CPU bound (``RLIMIT_CPU``) answers "timed out" itself
  (:mod:`mosprecheck.inventory.worker.serve`): the zygote reaps its workers, so the checker never
  sees how one died.
- Memory and reading are bounded in the worker (:mod:`mosprecheck.inventory.worker.serve`).

The checker and the worker exchange small JSON messages over a socket pair (never pickles).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe, wait
from typing import Any

from ..facts import ImageFacts, PdfFacts, UnverifiedReason
from ..worker.bounds import DEFAULT_PIXEL_BUDGET, MEMORY_LIMIT_BYTES, TIME_LIMIT_S
from ..worker.serve import _serve, preload_parsers
from .zygote import _CHECKER_FDS, START_LIMIT_S, IdleWorkers, _Zygote


@dataclass(frozen=True)
class Outcome:
    """What the worker found about one file: facts, or why there are none."""

    pdf: PdfFacts | None = None
    image: ImageFacts | None = None
    unverified: UnverifiedReason | None = None


@dataclass
class _Job:
    key: int
    request: dict[str, Any]
    started: float | None = None

#: Workers one slot may start in one check (the first and its replacements) before it gives up.
MAX_STARTS = 24


class WorkerSlot:
    """One isolated, reused worker process and the files queued for it."""

    def __init__(
        self,
        *,
        pixel_budget: int = DEFAULT_PIXEL_BUDGET,
        time_limit: float = TIME_LIMIT_S,
        memory_bytes: int = MEMORY_LIMIT_BYTES,
        start_method: str | None = None,
        deadline: float | None = None,
        ocr: bool = False,
    ):
        self.ocr = ocr  # some of its files will be read by OCR: the zygote loads the engine first
        self.pixel_budget = pixel_budget
        self.time_limit = time_limit
        self.memory_bytes = memory_bytes
        self.start_method = start_method
        self.deadline = deadline
        self._conn: Connection | None = None
        self._pid: int | None = None
        self._foreign_pid: int | None = None  # a worker forked by the zygote (not our child)
        self._proc: subprocess.Popen[bytes] | None = None
        self._ready = False
        self._started_at = 0.0
        self._starts = 0
        self._queue: deque[_Job] = deque()
        self._results: dict[int, Outcome] = {}
        #: When (``time.monotonic()``) each file's outcome was decided, and when its time bound
        #: started (None: it never reached a ready worker): what a test or a benchmark reads to see
        #: that each file's bound was enforced on time.
        self.decided_at: dict[int, float] = {}
        self.started_at: dict[int, float | None] = {}
        self._broken = False
        self._served = 0  # files the running worker has answered (in this check and earlier ones)
        self._reusable = False  # the running worker may serve the next check (see IdleWorkers)

    # --- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> WorkerSlot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _method(self) -> str:
        if self.start_method:
            return self.start_method
        if not hasattr(os, "fork"):  # pragma: no cover - POSIX only
            return "spawn"
        # Workers come from the zygote: a single-threaded process that imported the parsers once
        # (forking the checker itself is unsafe when it runs other threads, and would make it
        # import the parsers).
        return "zygote"

    def _start(self) -> bool:
        if self._starts >= MAX_STARTS:
            return False
        self._starts += 1
        try:
            parent, child = Pipe(duplex=True)
        except OSError:
            return False
        method = self._method()
        params = {"memory_bytes": self.memory_bytes, "pixel_budget": self.pixel_budget, "time_limit": self.time_limit,
                  "ocr": self.ocr}
        if method == "zygote" and self._reuse_idle():
            return True
        try:
            if method == "fork":
                preload_parsers()
                pid = os.fork()
                if pid == 0:  # the worker
                    try:
                        for fd in _CHECKER_FDS:
                            try:
                                os.close(fd)
                            except OSError:
                                pass
                        parent.close()
                        _serve(child, self.memory_bytes, self.pixel_budget, self.time_limit)
                    finally:
                        os._exit(0)
                self._pid = pid
            elif method == "zygote":
                pid = _Zygote.spawn_worker(child, params)
                if pid is None:
                    raise OSError("no zygote")
                self._foreign_pid = pid
            else:
                fd = child.fileno()
                self._proc = subprocess.Popen(
                    [sys.executable, "-c",
                     "from mosprecheck.inventory.worker.serve import spawned_main; spawned_main()",
                     str(fd), str(self.memory_bytes), str(self.pixel_budget), str(self.time_limit)],
                    pass_fds=(fd,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, close_fds=True,
                )
        except OSError:
            parent.close()
            child.close()
            return False
        child.close()
        self._conn = parent
        self._ready = False
        self._started_at = time.monotonic()
        self._served = 0
        self._reusable = method == "zygote"
        _CHECKER_FDS.add(parent.fileno())
        return True

    def _bounds(self) -> tuple[Any, ...]:
        return (self.memory_bytes, self.pixel_budget, self.time_limit, self.ocr)

    def _reuse_idle(self) -> bool:
        """Take a worker an earlier check left idle (:class:`.zygote.IdleWorkers`): it is ready."""
        idle = IdleWorkers.take(self._bounds())
        if idle is None:
            return False
        self._conn, self._foreign_pid, self._served = idle
        self._ready, self._reusable = True, True
        self._started_at = time.monotonic()
        return True

    def _release(self) -> None:
        """After the last file: keep a healthy worker for the next check, else stop it."""
        conn = self._conn
        if (conn is not None and self._reusable and self._ready and not self._queue and not self._broken
                and self._foreign_pid is not None
                and IdleWorkers.put(self._bounds(), conn, self._foreign_pid, self._served)):
            self._conn, self._foreign_pid, self._ready = None, None, False
            return
        self.close()

    def _stop(self, kill: bool) -> int | None:
        """Stop the worker; returns the signal that ended it, if known."""
        conn, self._conn = self._conn, None
        self._ready = False
        if conn is not None:
            _CHECKER_FDS.discard(conn.fileno())
            conn.close()  # a healthy worker exits on EOF
        sig = None
        if self._pid is not None:
            pid, self._pid = self._pid, None
            sig = self._reap_pid(pid, kill)
        elif self._foreign_pid is not None:
            pid, self._foreign_pid = self._foreign_pid, None
            if kill:  # the zygote reaps it; its exit status is the zygote's to see
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        elif self._proc is not None:
            proc, self._proc = self._proc, None
            if kill:
                proc.kill()
            try:
                code = proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                proc.kill()
                code = proc.wait()
            sig = -code if code < 0 else None
        return sig

    @staticmethod
    def _reap_pid(pid: int, kill: bool) -> int | None:
        if kill:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 2
        while True:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                return None
            if done:
                return os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
            if time.monotonic() > deadline:  # pragma: no cover - a worker that ignores EOF
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                _done, status = os.waitpid(pid, 0)
                return os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
            time.sleep(0.0005)

    def close(self) -> None:
        """Stop the worker (no-op when none is running)."""
        self._stop(kill=False)

    # --- jobs ------------------------------------------------------------------------------

    def submit(self, key: int, path: bytes, kind: str, *, header_offset: int | None, dev: int, ino: int,
               ocr: bool = False) -> None:
        """Queue one file for inspection (returns at once); ``ocr``: read its MRZ by OCR too."""
        request = {"path": os.fsdecode(path), "kind": kind, "header_offset": header_offset, "dev": dev,
                   "ino": ino, "pixel_budget": self.pixel_budget}
        if ocr:
            request["ocr"] = True
        job = _Job(key, request)
        if self._broken:
            self._record(job, Outcome(unverified="unavailable"))
            return
        if self._out_of_budget():
            self._record(job, Outcome(unverified="budget"))
            return
        self._queue.append(job)
        if self._conn is None:
            # No worker runs (none yet, or the last one died with files queued): start one and send
            # it every queued file in order, so that answers and files stay paired.
            self._pump()
            return
        if not self._send(job):
            self._worker_died(head_only=False)
        self._pump()

    def _send(self, job: _Job) -> bool:
        if self._conn is None:
            return False
        try:
            self._conn.send_bytes(json.dumps(job.request).encode("utf-8"))
            return True
        except (OSError, ValueError):
            return False

    def _out_of_budget(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    def poll(self) -> None:
        """Collect finished outcomes without waiting; enforce the time limits."""
        self._pump()

    def finish(self) -> dict[int, Outcome]:
        """Wait for every submitted file (each within its time limit); the outcomes by key."""
        self._pump(block=True)
        self._release()
        return dict(self._results)

    @property
    def busy(self) -> bool:
        """True while files are queued (sent to the worker or waiting for a new one)."""
        return bool(self._queue)

    def next_limit(self) -> float:
        """The moment (``time.monotonic()``) the bound now running ends: the worker's start, else
        the head file's time (its clock starts now if it has not yet), and the package budget."""
        if not self._ready:
            limit = self._started_at + START_LIMIT_S
        else:
            head = self._queue[0] if self._queue else None
            if head is not None and head.started is None:
                head.started = time.monotonic()
            limit = (head.started if head is not None and head.started is not None else time.monotonic()) + self.time_limit
        if self.deadline is not None:
            limit = min(limit, self.deadline)
        return limit

    def _decided(self, job: _Job) -> None:
        """Note when ``job``'s outcome is decided (now) and when its time bound had started."""
        self.decided_at.setdefault(job.key, time.monotonic())
        self.started_at.setdefault(job.key, job.started)

    def _record(self, job: _Job, outcome: Outcome) -> None:
        if job.key not in self._results:
            self._decided(job)
            self._results[job.key] = outcome

    def _pump(self, *, block: bool = False) -> None:
        """Read every answer that has arrived and enforce every bound already reached; ``block``:
        until no file is queued (:func:`wait_for_all`, which watches several slots at once)."""
        if block:
            wait_for_all([self])
            return
        while self._queue:
            if self._conn is None:
                self._restart_with_pending()
                continue
            head = self._queue[0]
            limit = self.next_limit()
            try:
                ready = self._conn.poll(0)
            except (OSError, ValueError):
                ready = True  # read below and find out
            if ready:
                try:
                    answer = json.loads(self._conn.recv_bytes())
                except (EOFError, OSError, ValueError):
                    self._worker_died(head_only=self._ready)
                    continue
                if not self._ready:
                    self._ready = answer == {"ready": True}
                    if not self._ready:
                        self._worker_died(head_only=False)
                    continue
                self._queue.popleft()
                self._decided(head)
                self._results[head.key] = _outcome(answer)
                self._served += 1
                if answer.get("unverified") in ("memory", "timeout", "crashed"):
                    self._reusable = False  # a fragmented heap, or a worker ending (SIGXCPU): not kept
                if self._queue:
                    self._queue[0].started = time.monotonic()
                continue
            if time.monotonic() < limit:
                return
            # A bound was reached: the package's time budget, the worker's start, or the file's time.
            was_ready = self._ready
            self._stop(kill=True)
            if self._out_of_budget():
                self._give_up(list(self._queue), "budget")
                self._queue.clear()
                return
            if not was_ready:
                self._give_up(list(self._queue))
                self._queue.clear()
                return
            self._queue.popleft()
            self._record(head, Outcome(unverified="timeout"))

    def _worker_died(self, *, head_only: bool) -> None:
        """The worker ended (or its pipe broke). When it had started on the head job, that file is
        the one that killed it; otherwise every file it held is tried again on a new worker."""
        sig = self._stop(kill=True)
        if head_only and self._queue:
            head = self._queue.popleft()
            # A worker that reached its CPU bound answers "timeout" itself (worker.serve); a child
            # of this process killed by SIGXCPU all the same (no handler: a spawned interpreter
            # that failed to install it) is a time-out too.
            reason: UnverifiedReason = "timeout" if sig == getattr(signal, "SIGXCPU", -1) else "crashed"
            self._record(head, Outcome(unverified=reason))

    def _restart_with_pending(self) -> None:
        """Start a new worker for the queued files and send them all; a worker that cannot be
        started marks every one of them, so that no file is left without an outcome."""
        pending = list(self._queue)
        if not pending:
            return
        if self._out_of_budget():
            self._give_up(pending, "budget")
            self._queue.clear()
            return
        if not self._start():
            self._give_up(pending)
            self._queue.clear()
            return
        for job in pending:
            job.started = None
            if not self._send(job):
                self._stop(kill=True)  # the loop in _pump starts another, within MAX_STARTS
                return

    def _give_up(self, jobs: list[_Job], reason: UnverifiedReason = "unavailable") -> None:
        if reason == "unavailable":
            self._broken = True
        for job in jobs:
            self._record(job, Outcome(unverified=reason))


def wait_for_all(slots: list[WorkerSlot]) -> None:
    """Wait until no slot has a file queued, watching every busy slot at once: one wait over their
    connections, up to the nearest bound among them (a worker's start, a file's time, the package
    budget). A file hanging in one slot is thus stopped at its own bound while another slot works
    through a long file, not after it (waiting for the slots one after the other did that)."""
    while True:
        busy = []
        for slot in slots:
            slot._pump()  # read what arrived, enforce every bound already reached
            if slot.busy:
                busy.append(slot)
        if not busy:
            return
        conns = [slot._conn for slot in busy if slot._conn is not None]
        timeout = max(0.0, min(slot.next_limit() for slot in busy) - time.monotonic())
        if not conns:  # pragma: no cover - _pump restarts a worker or gives the files up
            continue
        try:
            wait(conns, timeout)
        except (OSError, ValueError):  # a connection closed under us: the next _pump finds out
            pass


def _outcome(answer: dict[str, Any]) -> Outcome:
    if "pdf" in answer:
        return Outcome(pdf=PdfFacts.from_dict(answer["pdf"]))
    if "image" in answer:
        return Outcome(image=ImageFacts.from_dict(answer["image"]))
    reason = answer.get("unverified")
    return Outcome(unverified=reason if reason in ("timeout", "memory", "crashed", "changed") else "crashed")


def prestart() -> None:
    """Start the zygote ahead of the first file (it imports the parsers meanwhile); harmless when
    it runs already or cannot be started (the first file then tries again)."""
    if hasattr(os, "fork"):
        try:
            _Zygote.ensure()
        except Exception:  # pragma: no cover - reported later as "unavailable" if it persists
            pass


#: Seconds all the files of one package may take in the workers together, unless ``check()`` is
#: given another budget: past it, what was not inspected is marked (X004), never passed.
PACKAGE_TIME_BUDGET_S = 60.0


#: Estimated work per byte by kind, to share files between the workers: PDFs' page images and JPEGs
#: are both entropy-decoded (at 1/8 scale); a PNG's data inflates to several times its size.
_WEIGHT = {"pdf": 1, "jpeg": 1, "png": 3}
#: A file read by OCR as well weighs this much more (tesseract takes about a second a page).
_OCR_WEIGHT = 50
#: Estimated work (weighted bytes) the first worker takes on before a second one is started: a
#: small package is inspected by one worker, and a second process (its fork, start and exit, about
#: as much CPU as inspecting a few small files) is paid only where it can run in parallel.
SECOND_WORKER_AFTER = 2_000_000


class Inspector:
    """Structural inspection of the package's PDFs and images in isolated, reused workers.

    Use as a context manager: :meth:`submit` each file as the walk reads it (the workers parse while
    the walk hashes the next files), then :meth:`finish` for every outcome. Up to ``workers``
    processes (default: 2, or 1 on a single-CPU machine) share the files, each started only when it
    is first given one; a file goes to the worker with the least estimated work queued (its size,
    weighted by :data:`_WEIGHT`), except that the first worker takes every file until it has
    :data:`SECOND_WORKER_AFTER` of work queued. ``time_budget``: seconds for the whole package, counted from
    the Inspector's creation (None: no package bound). Every submitted file gets an outcome.
    ``ocr_paths``: relative paths of the files also read for an MRZ by OCR (:mod:`mosprecheck.inventory.ocr`).
    """

    def __init__(
        self,
        *,
        pixel_budget: int = DEFAULT_PIXEL_BUDGET,
        time_limit: float = TIME_LIMIT_S,
        memory_bytes: int = MEMORY_LIMIT_BYTES,
        start_method: str | None = None,
        workers: int | None = None,
        time_budget: float | None = None,
        ocr_paths: frozenset[str] = frozenset(),
    ):
        #: Relative paths (NFC) of the files to read by OCR: the declared travel-document copies,
        #: given only when OCR is available (:func:`mosprecheck.inventory.ocr.ocr_available`).
        self.ocr_paths = frozenset(unicodedata.normalize("NFC", p) for p in ocr_paths)
        count = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.deadline = time.monotonic() + time_budget if time_budget is not None else None
        self._slots = [WorkerSlot(pixel_budget=pixel_budget, time_limit=time_limit, memory_bytes=memory_bytes,
                                  start_method=start_method, deadline=self.deadline, ocr=bool(self.ocr_paths))
                       for _ in range(max(1, count))]
        self._load = [0] * len(self._slots)
        self._submitted: set[int] = set()

    def __enter__(self) -> Inspector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def out_of_time(self) -> bool:
        """True once the package's time budget is spent."""
        return self.deadline is not None and time.monotonic() >= self.deadline

    def submit(self, key: int, path: bytes, kind: str, *, header_offset: int | None, dev: int, ino: int,
               size: int, rel: str | None = None) -> None:
        """Queue one file for inspection (returns at once). ``rel``: its path relative to the
        package; a file among ``ocr_paths`` is read for an MRZ by OCR as well."""
        ocr = rel is not None and unicodedata.normalize("NFC", rel) in self.ocr_paths
        self._submitted.add(key)
        if self._load[0] < SECOND_WORKER_AFTER and not any(self._load[1:]):
            i = 0  # a small package so far: one worker
        else:
            i = min(range(len(self._slots)), key=lambda n: self._load[n])
        self._load[i] += max(1, size) * _WEIGHT.get(kind, 1) * (_OCR_WEIGHT if ocr else 1)
        self._slots[i].submit(key, path, kind, header_offset=header_offset, dev=dev, ino=ino, ocr=ocr)

    def poll(self) -> None:
        """Collect finished outcomes without waiting; enforce the time limits."""
        for slot in self._slots:
            slot.poll()

    def finish(self) -> dict[int, Outcome]:
        """Wait for every submitted file (each within its time limit and the package's budget);
        the outcomes by key: one for every file submitted, never a silent hole."""
        results: dict[int, Outcome] = {}
        wait_for_all(self._slots)  # every busy slot at once: each file's bound is enforced on time
        for slot in self._slots:
            results.update(slot.finish())
        for key in self._submitted - results.keys():  # pragma: no cover - a bug guard
            results[key] = Outcome(unverified="crashed")
        return results

    def close(self) -> None:
        """Stop every worker."""
        for slot in self._slots:
            slot.close()
