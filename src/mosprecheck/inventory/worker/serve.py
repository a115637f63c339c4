"""The worker process: one file at a time, as the checker sends it, inspected under bounds.

- Time: ``RLIMIT_CPU`` is re-armed for every file (:data:`.bounds.TIME_LIMIT_S` and a second), a
  second bound besides the checker's wall-clock one; a file that reaches it is answered as timed
  out (the SIGXCPU handler of :func:`_on_cpu_bound_answer_timeout`), never left to read as a crash.
- Memory: ``RLIMIT_AS`` is the worker's size at start plus :data:`.bounds.MEMORY_LIMIT_BYTES`; an
  allocation beyond fails (``MemoryError``) and the file is reported as not verified.
- Reading: the worker opens the file itself, read-only, with ``O_NOFOLLOW | O_NONBLOCK``, checks
  that it is still the regular file the walk hashed (same device and inode) and maps it read-only:
  only the parts the parser touches are read (a scanned PDF's page images never are). It never
  writes.

It answers the checker with small JSON messages over its socket (never pickles). Started by the
zygote (:mod:`.zygote`), forked by the checker, or as a fresh interpreter (:func:`spawned_main`).
"""

from __future__ import annotations

import dataclasses
import errno
import json
import mmap
import os
import signal
import stat
import sys
import time
from multiprocessing.connection import Connection
from typing import Any

from ..access import OPEN_FLAGS
from ..ocr import ocr_deadline
from .bounds import TIME_LIMIT_S
from .images import inspect_image
from .pdf import inspect_pdf


def _apply_limits(memory_bytes: int, pixel_budget: int) -> None:
    import resource

    from PIL import Image

    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
    base = address_space()
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


def address_space(pid: int | str = "self") -> int | None:
    """A process's virtual size (bytes), from /proc; None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
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


def run_job(request: dict[str, Any], time_limit: float = TIME_LIMIT_S) -> dict[str, Any]:
    """Inspect one file as the request describes it; the answer as JSON-able data. ``"ocr": true``
    in the request: the file is a travel-document copy, read for an MRZ by OCR (:mod:`mosprecheck.inventory.ocr`)
    within :data:`mosprecheck.inventory.ocr.OCR_TIME_S` and before ``time_limit`` (the file's bound) runs out."""
    started = time.monotonic()
    ocr_until = ocr_deadline(started, time_limit) if request.get("ocr") else None
    try:
        data = _map_file(os.fsencode(request["path"]), request["dev"], request["ino"])
    except MemoryError:
        return {"unverified": "memory"}
    except OSError as exc:  # a map refused for want of address space is the memory bound, not a change
        return {"unverified": "memory" if exc.errno == errno.ENOMEM else "changed"}
    except ValueError:
        return {"unverified": "changed"}
    if data is None:
        return {"unverified": "changed"}
    try:
        if request["kind"] == "pdf":
            if ocr_until is None:
                pdf = inspect_pdf(data, request.get("header_offset") or 0)
            else:
                pdf = inspect_pdf(data, request.get("header_offset") or 0, ocr_deadline=ocr_until)
            if pdf.error == "MemoryError":
                return {"unverified": "memory"}
            return {"pdf": dataclasses.asdict(pdf)}
        if ocr_until is None:
            image = inspect_image(data, request["kind"], request["pixel_budget"])
        else:
            image = inspect_image(data, request["kind"], request["pixel_budget"], ocr_deadline=ocr_until)
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
    """The worker's loop: says it is ready, then one request in, one answer out, until the checker
    closes the pipe."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the checker's to handle
    except ValueError:  # not the main thread of a fresh interpreter
        pass
    _quiet_stderr()
    _apply_limits(memory_bytes, pixel_budget)
    try:
        conn.send_bytes(_READY)  # the time bound of the first file starts when this arrives
    except (OSError, ValueError):
        return
    _on_cpu_bound_answer_timeout(conn)
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return
        _arm_cpu_limit(time_limit + 1)
        _IN_JOB[0] = True
        try:
            answer = run_job(json.loads(message), time_limit)
        except Exception:  # a bug here must not take the worker down silently
            answer = {"unverified": "crashed"}
        finally:
            _IN_JOB[0] = False
        try:
            conn.send_bytes(json.dumps(answer).encode("utf-8"))
        except (OSError, ValueError):
            return


#: Whether the worker is inside :func:`run_job` (the SIGXCPU handler answers only then: outside it,
#: the answer may be half-written on the socket).
_IN_JOB = [False]


def _on_cpu_bound_answer_timeout(conn: Connection) -> None:
    """Make the file's CPU bound (``RLIMIT_CPU``, :func:`_arm_cpu_limit`) a time-out the checker
    can see. SIGXCPU's default action kills the worker, and a worker forked by the zygote is not
    the checker's child: its exit status is lost and the file would read as a crash (X004). The
    handler answers ``{"unverified": "timeout"}`` for the file being inspected and ends the worker
    at once; the checker then starts a new one for the files after it. It runs between Python
    bytecodes: a native decoder that never returns is still ended by the checker's wall-clock bound
    (and by the kernel's SIGKILL at the hard limit, where one is set)."""
    sigxcpu = getattr(signal, "SIGXCPU", None)
    if sigxcpu is None:  # pragma: no cover - not POSIX
        return

    def _cpu_bound_reached(signum: int, frame: Any) -> None:
        if not _IN_JOB[0]:  # between files (sending or waiting): the next file re-arms the bound
            return
        try:
            conn.send_bytes(_TIMEOUT)
        finally:
            os._exit(0)

    try:
        signal.signal(sigxcpu, _cpu_bound_reached)
    except (ValueError, OSError):  # not the main thread: the bound stays a kill (read as a crash)
        pass


#: The worker's first message: it has applied its limits and waits for files.
_READY = b'{"ready": true}'
#: The answer for a file that used up its CPU bound (sent by the SIGXCPU handler).
_TIMEOUT = b'{"unverified": "timeout"}'


def _quiet_stderr() -> None:
    """A crash is reported as a fact; native decoders' messages must not reach the user's terminal."""
    try:
        import faulthandler

        faulthandler.disable()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def preload_parsers() -> None:
    """Import what the workers run (pypdf, Pillow and the plugins they use), once, in the process
    workers are forked from: a forked worker then starts in about a millisecond instead of
    importing them again (≈ 90 ms of CPU each)."""
    import pypdf  # noqa: F401
    import pypdf.filters  # noqa: F401
    import pypdf.generic  # noqa: F401
    from PIL import Image, ImageOps, ImageStat  # noqa: F401

    try:  # the optional OCR binding (the ``ocr`` extra)
        import pytesseract  # noqa: F401
    except Exception:
        pass

    Image.preinit()
    for plugin in ("JpegImagePlugin", "PngImagePlugin", "TiffImagePlugin", "Jpeg2KImagePlugin", "MpoImagePlugin"):
        try:
            __import__(f"PIL.{plugin}")
        except Exception:  # pragma: no cover - a Pillow built without one
            pass


def spawned_main() -> None:
    """Entry point of a worker started as a fresh interpreter (``start_method="spawn"``)."""
    fd, memory_bytes, pixel_budget, time_limit = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    preload_parsers()  # before the memory limit is set
    _serve(Connection(fd), memory_bytes, pixel_budget, time_limit)
