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
- Reading: the worker opens the file itself, read-only, with ``O_NOFOLLOW | O_NONBLOCK``, checks
  that it is still the regular file the walk hashed (same device and inode) and maps it read-only:
  only the parts the parser touches are read (a scanned PDF's page images never are). It never
  writes.

The checker and the worker exchange small JSON messages over a socket pair (never pickles).
"""

from __future__ import annotations

import dataclasses
import json
import mmap
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
from .walk import OPEN_FLAGS

#: Wall-clock seconds one file may take in the worker.
TIME_LIMIT_S = 10.0
#: Address space the worker may add to its size at start while inspecting one file.
MEMORY_LIMIT_BYTES = 512 * 2**20

#: The checker's ends of its workers' sockets. A worker forked later must not keep copies of
#: them open, or an earlier worker would never see the end of its input.
_CHECKER_FDS: set[int] = set()


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


def _map_file(path: bytes, dev: int, ino: int) -> Any:
    """A read-only memory map of the file, or None when it is no longer the regular file the walk
    saw (or is now empty). Only the pages the parser touches are read; a file truncated while mapped
    makes the worker fault, which the checker reports as a crash of the parser."""
    fd = os.open(path, OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != (dev, ino) or st.st_size == 0:
            return None
        return mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    finally:
        os.close(fd)


def run_job(request: dict[str, Any]) -> dict[str, Any]:
    """Inspect one file as the request describes it; the answer as JSON-able data."""
    try:
        data = _map_file(os.fsencode(request["path"]), request["dev"], request["ino"])
    except MemoryError:
        return {"unverified": "memory"}
    except (OSError, ValueError):
        return {"unverified": "changed"}
    if data is None:
        return {"unverified": "changed"}
    try:
        if request["kind"] == "pdf":
            pdf = inspect_pdf(data, request.get("header_offset") or 0, request["pixel_budget"])
            if pdf.error == "MemoryError":
                return {"unverified": "memory"}
            return {"pdf": dataclasses.asdict(pdf)}
        image = inspect_image(data, request["kind"], request["pixel_budget"])
        if image.error == "MemoryError":
            return {"unverified": "memory"}
        return {"image": dataclasses.asdict(image)}
    except MemoryError:
        return {"unverified": "memory"}
    finally:
        try:
            data.close()
        except BufferError:  # a parser still holds a view into the map: freed with it
            pass


def _serve(conn: Connection, memory_bytes: int, pixel_budget: int, time_limit: float) -> None:
    """The worker's loop: one request in, one answer out, until the checker closes the pipe."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the checker's to handle
    except ValueError:  # not the main thread of a fresh interpreter
        pass
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


class WorkerSlot:
    """One isolated, reused worker process and the files queued for it."""

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

    def __enter__(self) -> WorkerSlot:
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
        _CHECKER_FDS.add(parent.fileno())
        return True

    def _stop(self, kill: bool) -> int | None:
        """Stop the worker; returns the signal that ended it, if any."""
        conn, self._conn = self._conn, None
        if conn is not None:
            _CHECKER_FDS.discard(conn.fileno())
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

    def submit(self, key: int, path: bytes, kind: str, *, header_offset: int | None, dev: int, ino: int) -> None:
        """Queue one file for inspection (returns at once)."""
        request = {"path": os.fsdecode(path), "kind": kind, "header_offset": header_offset, "dev": dev,
                   "ino": ino, "pixel_budget": self.pixel_budget}
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
        return Outcome(pdf=PdfFacts.from_dict(answer["pdf"]))
    if "image" in answer:
        return Outcome(image=ImageFacts.from_dict(answer["image"]))
    reason = answer.get("unverified")
    return Outcome(unverified=reason if reason in ("timeout", "memory", "crashed", "changed") else "crashed")


class Inspector:
    """Structural inspection of the package's PDFs and images in isolated, reused workers.

    Use as a context manager: :meth:`submit` each file as the walk reads it (the workers parse while
    the walk hashes the next files), then :meth:`finish` for every outcome. Up to ``workers``
    processes (default: 2, or 1 on a single-CPU machine) share the files, each started only when it
    is first given one; a file goes to the worker with the least estimated work queued (its size,
    weighted up twentyfold for images, which are decoded in full while a PDF's page images are never touched).
    """

    def __init__(
        self,
        *,
        pixel_budget: int = DEFAULT_PIXEL_BUDGET,
        time_limit: float = TIME_LIMIT_S,
        memory_bytes: int = MEMORY_LIMIT_BYTES,
        start_method: str | None = None,
        workers: int | None = None,
    ):
        count = workers if workers is not None else min(2, os.cpu_count() or 1)
        self._slots = [WorkerSlot(pixel_budget=pixel_budget, time_limit=time_limit, memory_bytes=memory_bytes,
                                  start_method=start_method) for _ in range(max(1, count))]
        self._load = [0] * len(self._slots)

    def __enter__(self) -> Inspector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, key: int, path: bytes, kind: str, *, header_offset: int | None, dev: int, ino: int,
               size: int) -> None:
        """Queue one file for inspection (returns at once)."""
        i = min(range(len(self._slots)), key=lambda n: self._load[n])
        self._load[i] += max(1, size) * (1 if kind == "pdf" else 20)
        self._slots[i].submit(key, path, kind, header_offset=header_offset, dev=dev, ino=ino)

    def poll(self) -> None:
        """Collect finished outcomes without waiting; enforce the time limit."""
        for slot in self._slots:
            slot.poll()

    def finish(self) -> dict[int, Outcome]:
        """Wait for every submitted file (each within its time limit); the outcomes by key."""
        results: dict[int, Outcome] = {}
        for slot in self._slots:
            results.update(slot.finish())
        return results

    def close(self) -> None:
        """Stop every worker."""
        for slot in self._slots:
            slot.close()
