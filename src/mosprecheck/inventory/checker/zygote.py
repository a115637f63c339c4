"""The checker's handle on its zygote (:mod:`mosprecheck.inventory.worker.zygote`): a
single-threaded process with the parsers imported that forks the workers, so that a worker starts in
about a millisecond whatever threads the checker runs. Started once per checker process: forked
from it when no other thread runs, else started as a fresh interpreter (a real Python, even when
``sys.executable`` is uWSGI or a frozen program), else forked anyway."""

from __future__ import annotations

import atexit
import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
import warnings
from multiprocessing.connection import Connection
from typing import Any

from ..worker.serve import address_space
from ..worker.zygote import _zygote_loop

#: The checker's ends of its workers' sockets. A worker forked later must not keep copies of
#: them open, or an earlier worker would never see the end of its input.
_CHECKER_FDS: set[int] = set()

#: Whether :func:`end_zygote` is registered with ``atexit`` (once per process).
_AT_EXIT = False

#: Seconds a new worker may take to say it is ready before its files are marked "unavailable".
START_LIMIT_S = 30.0


def python_executable() -> str | None:
    """A Python interpreter to start the zygote with, or None. ``sys.executable`` is not one when
    the host embeds Python (uWSGI, mod_wsgi) or is frozen (PyInstaller): then the zygote is forked
    instead."""
    if getattr(sys, "frozen", False):
        return None
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    candidates = [sys.executable, getattr(sys, "_base_executable", None)]
    for prefix in (sys.exec_prefix, sys.base_exec_prefix):
        candidates += [os.path.join(prefix, "bin", f"python{version}"), os.path.join(prefix, "bin", "python3")]
    for path in candidates:
        if path and re.fullmatch(r"python[0-9.]*(\.exe)?", os.path.basename(path)) and os.access(path, os.X_OK):
            return path
    return None


class _Zygote:
    """The checker's handle on its zygote: started once per process (forked from it when no other
    thread runs, else started as a fresh interpreter, else forked anyway), shared by every thread."""

    _lock = threading.Lock()
    _current: _Zygote | None = None

    def __init__(self, sock: socket.socket, pid: int, proc: subprocess.Popen[bytes] | None):
        self.sock, self.pid, self.proc, self.owner = sock, pid, proc, os.getpid()
        sock.settimeout(START_LIMIT_S)  # a zygote that stops answering is replaced, never waited on forever

    @classmethod
    def ensure(cls) -> None:
        """Start the zygote now if none runs (it imports the parsers while the caller goes on)."""
        with cls._lock:
            if cls._current is None or cls._current.owner != os.getpid():
                cls._current = cls._start()

    @classmethod
    def spawn_worker(cls, child: Connection, params: dict[str, Any]) -> int | None:
        """Have the zygote fork a worker serving ``child``; its pid, or None when that failed."""
        with cls._lock:
            for _attempt in range(2):
                zygote = cls._current
                if zygote is None or zygote.owner != os.getpid():
                    zygote = cls._current = cls._start()
                    if zygote is None:
                        return None
                try:
                    socket.send_fds(zygote.sock, [json.dumps(params).encode("utf-8")], [child.fileno()])
                    answer = b""
                    while len(answer) < 8:
                        more = zygote.sock.recv(8 - len(answer))
                        if not more:
                            raise OSError("zygote ended")
                        answer += more
                    pid = struct.unpack("!q", answer)[0]
                    return pid if pid > 0 else None
                except OSError:
                    zygote.close()
                    cls._current = None
            return None

    @classmethod
    def _start(cls) -> _Zygote | None:
        global _AT_EXIT
        if not _AT_EXIT:
            atexit.register(end_zygote)
            _AT_EXIT = True
        try:
            mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        except OSError:
            return None
        _CHECKER_FDS.add(mine.fileno())
        python = python_executable() if threading.active_count() > 1 else None
        try:
            if python is not None:
                code = ("import sys, json; sys.path[:0] = json.loads(sys.argv[2]); "
                        "from mosprecheck.inventory.worker.zygote import zygote_main; zygote_main()")
                proc = subprocess.Popen([python, "-c", code, str(theirs.fileno()), json.dumps(sys.path)],
                                        pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True)
                theirs.close()
                return cls(mine, proc.pid, proc)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: see _zygote_loop
                pid = os.fork()
            if pid == 0:
                try:
                    mine.close()
                    _zygote_loop(theirs)
                finally:
                    os._exit(0)
            theirs.close()
            return cls(mine, pid, None)
        except OSError:
            _CHECKER_FDS.discard(mine.fileno())
            mine.close()
            theirs.close()
            return None

    def close(self) -> None:
        _CHECKER_FDS.discard(self.sock.fileno())
        try:
            self.sock.close()
        except OSError:
            pass
        if self.proc is not None:
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        else:
            try:
                os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                pass

    def end(self, timeout: float) -> None:
        """Close and wait (at most ``timeout`` seconds) until the zygote and its workers have ended."""
        self.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.proc is not None:
                    if self.proc.poll() is not None:
                        return
                elif os.waitpid(self.pid, os.WNOHANG)[0]:
                    return
            except ChildProcessError:
                return
            time.sleep(0.002)


#: The environment variable that, set to ``0``, keeps no worker between checks (:class:`IdleWorkers`).
KEEP_WORKERS_SWITCH = "MOSPRECHECK_KEEP_WORKERS"


class IdleWorkers:
    """Workers the zygote forked that ended a check healthy, kept for the next check of this process
    (any thread): the next check sends its files at once instead of paying a fork, the worker's
    start and its exit (about 10 ms of CPU on a small package, a fifth of the whole check).

    A worker is kept only when it answered every file it was given, never ran out of memory, has
    served fewer than :data:`MAX_SERVED_FILES` files and has not grown more than
    :data:`MAX_GROWTH_BYTES` beyond the zygote (so its memory bound keeps its margin); at most
    :data:`MAX_IDLE` are kept, and only for the same bounds (memory, pixels, time, OCR). A worker is
    the same sandbox for every file it reads, within one check or across checks: it keeps nothing
    between files but the parsers' caches, and answers only about the file it is sent. An idle
    worker that has died (its socket reads as ended) is dropped when it is next taken. All are
    closed by :func:`end_zygote` (at exit) before the zygote is ended. ``MOSPRECHECK_KEEP_WORKERS=0``
    keeps none (docs/upload-gate.md says why the default keeps them)."""

    #: Idle workers kept at most (two checks' worth on a two-core machine).
    MAX_IDLE = 4
    #: Files one worker serves before it is retired.
    MAX_SERVED_FILES = 256
    #: Growth of a worker's address space over the zygote's beyond which it is retired.
    MAX_GROWTH_BYTES = 64 * 1024 * 1024

    _lock = threading.Lock()
    _idle: list[tuple[tuple[Any, ...], Connection, int, int]] = []
    _owner = os.getpid()

    @classmethod
    def take(cls, key: tuple[Any, ...]) -> tuple[Connection, int, int] | None:
        """An idle, live worker started with the bounds ``key``: (its socket, pid, files served)."""
        with cls._lock:
            cls._forget_inherited()
            while True:
                index = next((i for i, entry in enumerate(cls._idle) if entry[0] == key), None)
                if index is None:
                    return None
                _key, conn, pid, served = cls._idle.pop(index)
                try:
                    alive = not conn.poll(0)  # an idle worker says nothing: readable means it ended
                except (OSError, ValueError):
                    alive = False
                if alive:
                    return conn, pid, served
                cls.retire(conn, pid)

    @classmethod
    def put(cls, key: tuple[Any, ...], conn: Connection, pid: int, served: int) -> bool:
        """Keep a worker that has just answered its last file; False when it is not kept (the caller
        ends it)."""
        if served >= cls.MAX_SERVED_FILES or not cls.enabled() or not cls._small_enough(pid):
            return False
        with cls._lock:
            cls._forget_inherited()
            if len(cls._idle) >= cls.MAX_IDLE:
                return False
            cls._idle.append((key, conn, pid, served))
            return True

    @staticmethod
    def enabled() -> bool:
        """False when the environment says ``MOSPRECHECK_KEEP_WORKERS=0`` (or off/no/false): every
        check then starts a fresh worker."""
        return os.environ.get(KEEP_WORKERS_SWITCH, "").strip().lower() not in ("0", "off", "no", "false")

    @classmethod
    def retire(cls, conn: Connection, pid: int) -> None:
        """End one worker: it exits on the end of its input, and the zygote reaps it."""
        _close_copy(conn)

    @classmethod
    def clear(cls) -> None:
        """End every idle worker of this process."""
        with cls._lock:
            cls._forget_inherited()  # the parent's workers: only this process's copies of their sockets go
            idle, cls._idle = cls._idle, []
        for _key, conn, pid, _served in idle:
            cls.retire(conn, pid)

    @classmethod
    def _forget_inherited(cls) -> None:
        """In a process forked from the one that kept them, the idle workers are the parent's: this
        copy of their sockets is closed (under the lock) and none is used."""
        if cls._owner != os.getpid():
            for _key, conn, _pid, _served in cls._idle:
                _close_copy(conn)
            cls._idle = []
            cls._owner = os.getpid()

    @classmethod
    def _small_enough(cls, pid: int) -> bool:
        zygote = _Zygote._current
        if zygote is None:
            return False
        mine, base = address_space(pid), address_space(zygote.pid)
        if mine is None or base is None:  # no /proc: kept, bounded by the count of files only
            return True
        return mine - base <= cls.MAX_GROWTH_BYTES


def _close_copy(conn: Connection) -> None:
    """Close this process's copy of a socket (and forget its number, which the system may reuse)."""
    try:
        _CHECKER_FDS.discard(conn.fileno())
        conn.close()
    except (OSError, ValueError):
        pass


def end_zygote(timeout: float = 3.0) -> None:
    """End this process's zygote (if it started one) and wait for it and its workers: registered
    with ``atexit``, so that a program such as the CLI leaves no process behind when it exits. The
    idle workers are ended first (the zygote waits for its workers)."""
    IdleWorkers.clear()
    with _Zygote._lock:
        zygote, _Zygote._current = _Zygote._current, None
    if zygote is not None and zygote.owner == os.getpid():
        zygote.end(timeout)
