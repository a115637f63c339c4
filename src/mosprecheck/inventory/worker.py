"""Isolation: structural inspection (pypdf, Pillow) in one separate worker process per check,
bounded in time and memory, so that a parser that hangs or blows up becomes a fact
("could not be verified"), never a hung or killed checker.

- One worker per :func:`~mosprecheck.check` call, started on the first PDF/JPEG/PNG and reused for
  every file (forked from the checker, so pypdf and Pillow are already imported: no interpreter
  start per file). When the checker has other threads running, forking is unsafe; a fresh
  interpreter is started instead (slower to start, same protocol).
- Time: the checker gives each file :data:`TIME_LIMIT_S` seconds of wall-clock time from the moment
  the worker starts on it; past that the worker is killed (SIGKILL), the file is reported as not
  verified, and a new worker takes the remaining files. In the worker, ``RLIMIT_CPU`` is re-armed
  for every file as a second bound.
- Memory: ``RLIMIT_AS`` in the worker is its size at start plus :data:`MEMORY_LIMIT_BYTES`; an
  allocation beyond fails (``MemoryError``) and the file is reported as not verified.
- Reading: the worker opens the file itself, read-only, with ``O_NOFOLLOW | O_NONBLOCK``, and checks
  that it is still the regular file the walk hashed (same device and inode); it never writes.

The checker and the worker exchange small JSON messages over a socket pair (never pickles).
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from typing import Any

from .facts import ImageFacts, PdfFacts, UnverifiedReason
from .inspect import DEFAULT_PIXEL_BUDGET, inspect_image, inspect_pdf

#: Wall-clock seconds one file may take in the worker.
TIME_LIMIT_S = 10.0
#: Address space the worker may add to its size at start while inspecting one file.
MEMORY_LIMIT_BYTES = 512 * 2**20

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


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


# ---------------------------------------------------------------------------------------------
# The worker side
# ---------------------------------------------------------------------------------------------


def _apply_limits(memory_bytes: int, pixel_budget: int) -> None:
    import resource

    from PIL import Image

    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
    base = _address_space_now()
    if base is not None and hasattr(resource, "RLIMIT_AS"):
        try:
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = base + memory_bytes
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ValueError, OSError):
            pass
    Image.MAX_IMAGE_PIXELS = pixel_budget


def _address_space_now() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _arm_cpu_limit(seconds: float) -> None:
    """Let this process use ``seconds`` more CPU time, then SIGXCPU ends it."""
    try:
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ImportError, ValueError, OSError):
        pass


def _read_file(path: bytes, dev: int, ino: int, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it is no longer the regular file the walk saw."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != (dev, ino):
            return None
        chunks = []
        remaining = max_bytes
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 22))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def run_job(request: dict[str, Any]) -> dict[str, Any]:
    """Inspect one file as the request describes it; the answer as JSON-able data."""
    try:
        data = _read_file(os.fsencode(request["path"]), request["dev"], request["ino"], request["max_bytes"])
    except MemoryError:
        return {"unverified": "memory"}
    except OSError:
        return {"unverified": "changed"}
    if data is None:
        return {"unverified": "changed"}
    try:
        if request["kind"] == "pdf":
            pdf = inspect_pdf(data, request.get("header_offset") or 0)
            if pdf.error == "MemoryError":
                return {"unverified": "memory"}
            return {"pdf": dataclasses.asdict(pdf)}
        image = inspect_image(data, request["kind"], request["pixel_budget"])
        if image.error == "MemoryError":
            return {"unverified": "memory"}
        return {"image": dataclasses.asdict(image)}
    except MemoryError:
        return {"unverified": "memory"}


def _serve(conn: Connection, memory_bytes: int, pixel_budget: int, time_limit: float) -> None:
    """The worker's loop: one request in, one answer out, until the checker closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the checker's to handle
    try:  # a crash here is reported as a fact; native decoders' messages must not reach the user's terminal
        import faulthandler

        faulthandler.disable()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass
    _apply_limits(memory_bytes, pixel_budget)
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return
        _arm_cpu_limit(time_limit + 1)
        try:
            answer = run_job(json.loads(message))
        except Exception:  # a bug here must not take the worker down silently
            answer = {"unverified": "crashed"}
        try:
            conn.send_bytes(json.dumps(answer).encode("utf-8"))
        except (OSError, ValueError):
            return


def spawned_main() -> None:
    """Entry point of a worker started as a fresh interpreter (when forking is unsafe)."""
    fd, memory_bytes, pixel_budget, time_limit = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    import pypdf  # noqa: F401  (import before the memory limit is set)
    import PIL.Image  # noqa: F401

    _serve(Connection(fd), memory_bytes, pixel_budget, time_limit)


# ---------------------------------------------------------------------------------------------
# The checker side
# ---------------------------------------------------------------------------------------------


class Inspector:
    """Structural inspection of the package's PDFs and images in an isolated, reused worker.

    Use as a context manager: :meth:`submit` each file as the walk reads it (the worker parses while
    the walk hashes the next files), then :meth:`finish` for every outcome.
    """

    def __init__(
        self,
        *,
        pixel_budget: int = DEFAULT_PIXEL_BUDGET,
        time_limit: float = TIME_LIMIT_S,
        memory_bytes: int = MEMORY_LIMIT_BYTES,
        start_method: str | None = None,
    ):
        self.pixel_budget = pixel_budget
        self.time_limit = time_limit
        self.memory_bytes = memory_bytes
        self.start_method = start_method
        self._conn: Connection | None = None
        self._pid: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._queue: deque[_Job] = deque()
        self._results: dict[int, Outcome] = {}
        self._broken = False

    # --- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Inspector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _method(self) -> str:
        if self.start_method:
            return self.start_method
        if hasattr(os, "fork") and threading.active_count() == 1:
            return "fork"
        return "spawn"

    def _start(self) -> bool:
        try:
            parent, child = Pipe(duplex=True)
        except OSError:
            return False
        try:
            if self._method() == "fork":
                pid = os.fork()
                if pid == 0:  # the worker
                    try:
                        parent.close()
                        _serve(child, self.memory_bytes, self.pixel_budget, self.time_limit)
                    finally:
                        os._exit(0)
                self._pid = pid
            else:
                fd = child.fileno()
                self._proc = subprocess.Popen(
                    [sys.executable, "-c", "from mosprecheck.inventory.worker import spawned_main; spawned_main()",
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
        return True

    def _stop(self, kill: bool) -> int | None:
        """Stop the worker; returns the signal that ended it, if any."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()  # a healthy worker exits on EOF
        sig = None
        if self._pid is not None:
            pid, self._pid = self._pid, None
            sig = self._reap_pid(pid, kill)
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
            if time.monotonic() > deadline:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                _done, status = os.waitpid(pid, 0)
                return os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
            time.sleep(0.005)

    def close(self) -> None:
        """Stop the worker (no-op when none is running)."""
        self._stop(kill=False)

    # --- jobs ------------------------------------------------------------------------------

    def submit(self, key: int, path: bytes, kind: str, *, header_offset: int | None, dev: int, ino: int,
               size: int) -> None:
        """Queue one file for inspection (returns at once)."""
        request = {"path": os.fsdecode(path), "kind": kind, "header_offset": header_offset, "dev": dev,
                   "ino": ino, "max_bytes": size, "pixel_budget": self.pixel_budget}
        job = _Job(key, request)
        if self._broken:
            self._results[key] = Outcome(unverified="unavailable")
            return
        if self._conn is None and not self._start():
            self._broken = True
            self._results[key] = Outcome(unverified="unavailable")
            return
        if not self._send(job):
            return
        self._queue.append(job)
        if job is self._queue[0]:
            job.started = time.monotonic()
        self._pump(block=False)

    def _send(self, job: _Job) -> bool:
        assert self._conn is not None
        try:
            self._conn.send_bytes(json.dumps(job.request).encode("utf-8"))
            return True
        except (OSError, ValueError):
            # The worker is gone: account for the job it held (if any), then retry this one on a new one.
            busy = bool(self._queue)
            self._queue.append(job)
            if busy:
                self._worker_died()
            else:
                self._stop(kill=True)
                self._restart_with_pending()
            return False

    def poll(self) -> None:
        """Collect finished outcomes without waiting; enforce the time limit."""
        self._pump(block=False)

    def finish(self) -> dict[int, Outcome]:
        """Wait for every submitted file (each within its time limit); the outcomes by key."""
        self._pump(block=True)
        self.close()
        return dict(self._results)

    def _pump(self, *, block: bool) -> None:
        while self._queue:
            if self._conn is None:
                return
            head = self._queue[0]
            now = time.monotonic()
            if head.started is None:
                head.started = now
            remaining = head.started + self.time_limit - now
            try:
                ready = self._conn.poll(max(0.0, remaining) if block else 0)
            except (OSError, ValueError):
                ready = True  # read below and find out
            if ready:
                try:
                    answer = json.loads(self._conn.recv_bytes())
                except (EOFError, OSError, ValueError):
                    self._worker_died()
                    continue
                self._queue.popleft()
                self._results[head.key] = _outcome(answer)
                if self._queue:
                    self._queue[0].started = time.monotonic()
                continue
            if time.monotonic() >= head.started + self.time_limit:
                self._queue.popleft()
                self._stop(kill=True)
                self._results[head.key] = Outcome(unverified="timeout")
                self._restart_with_pending()
                continue
            if not block:
                return

    def _worker_died(self) -> None:
        """The worker ended while holding the head job: record why, then carry on with a new one."""
        sig = self._stop(kill=True)
        if self._queue:
            head = self._queue.popleft()
            reason: UnverifiedReason = "timeout" if sig == getattr(signal, "SIGXCPU", -1) else "crashed"
            self._results[head.key] = Outcome(unverified=reason)
        self._restart_with_pending()

    def _restart_with_pending(self) -> None:
        pending = list(self._queue)
        self._queue.clear()
        if not pending:
            return
        if not self._start():
            self._broken = True
            for job in pending:
                self._results[job.key] = Outcome(unverified="unavailable")
            return
        for job in pending:
            job.started = None
            if not self._send(job):
                return
            self._queue.append(job)


def _outcome(answer: dict[str, Any]) -> Outcome:
    if "pdf" in answer:
        d = answer["pdf"]
        for key in ("active_content", "signatures", "repairs"):
            d[key] = tuple(d.get(key) or ())
        return Outcome(pdf=PdfFacts(**d))
    if "image" in answer:
        return Outcome(image=ImageFacts(**answer["image"]))
    reason = answer.get("unverified")
    return Outcome(unverified=reason if reason in ("timeout", "memory", "crashed", "changed") else "crashed")
