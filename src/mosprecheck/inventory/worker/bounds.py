"""The worker's bounds, and what every parser running in it shares: the bytes it reads, the pixel
budget, a wall-clock budget of its own inside the worker's time bound, and parsers kept quiet.

The worker process (:mod:`.serve`) applies :data:`TIME_LIMIT_S` (as ``RLIMIT_CPU``) and
:data:`MEMORY_LIMIT_BYTES` (as ``RLIMIT_AS``) to each file; the checker
(:mod:`mosprecheck.inventory.checker.inspector`) enforces the wall-clock time from outside.
"""

from __future__ import annotations

import io
import logging
import signal
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: Wall-clock seconds one file may take in the worker.
TIME_LIMIT_S = 10.0
#: Address space the worker may add to its size at start while inspecting one file.
MEMORY_LIMIT_BYTES = 512 * 2**20

#: What the inspectors read: the file's bytes, or a read-only ``mmap`` of it.
Buffer = Any

class BufferReader(io.RawIOBase):
    """A seekable read-only file over a :data:`Buffer` (bytes or a memory map) that copies only what
    is read: for readers that want a file (pyHanko reads with ``readinto``, which ``mmap`` lacks;
    :class:`zipfile.ZipFile` reads only a file's tail and central directory)."""

    def __init__(self, data: Buffer):
        self._data = data
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data[self._pos:self._pos + len(buffer)]
        buffer[:len(chunk)] = chunk
        self._pos += len(chunk)
        return len(chunk)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: len(self._data)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos


#: Declared pixel count above which an image is never decoded (the rulebook's
#: ``upload.max_image_pixels`` is passed in by the checker; this is the fallback).
DEFAULT_PIXEL_BUDGET = 100_000_000


class _OutOfTime(BaseException):
    """Raised by the alarm when a parser's CPU-time budget (:func:`_time_budget`) is spent. A
    BaseException, so that a parser's own ``except Exception`` cannot swallow it."""


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` of this process's CPU time (user and system: SIGPROF
    from ``ITIMER_PROF``, between Python bytecodes: pypdf and pyHanko are Python). CPU time, not
    wall-clock time: on a loaded machine a parser waiting for a core is not cut short, so a page is
    never called illegible only because other processes ran (the checker's wall-clock bound per
    file still ends a worker that hangs). Only in the main thread; elsewhere the worker's own time
    bound is the only one. Measure its deadlines with :func:`cpu_now`."""
    if seconds <= 0:
        raise _OutOfTime()
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _alarm(signum: int, frame: Any) -> None:
        raise _OutOfTime()

    previous = signal.signal(signal.SIGPROF, _alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def cpu_now() -> float:
    """This process's CPU time (seconds), the clock of :func:`_time_budget`."""
    return time.process_time()


@contextmanager
def _quiet(*loggers: str) -> Iterator[None]:
    """Keep the parsers' warnings out of the repair labels (and out of any output)."""
    saved = [(logging.getLogger(name), logging.getLogger(name).disabled) for name in loggers]
    for logger, _ in saved:
        logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, was in saved:
            logger.disabled = was
