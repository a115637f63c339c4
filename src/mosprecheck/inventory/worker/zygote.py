"""The zygote: a single-threaded process with the parsers imported, that forks workers on request
(the checker's end is :mod:`mosprecheck.inventory.checker.zygote`)."""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys
from multiprocessing.connection import Connection

from ..ocr import warm as warm_ocr
from .serve import _quiet_stderr, _serve, preload_parsers


def zygote_main() -> None:
    """Entry point of a zygote started as a fresh interpreter: ``argv[1]`` is its socket."""
    _zygote_loop(socket.socket(fileno=int(sys.argv[1])))


#: Seconds the zygote waits, when the checker has gone, for its workers to end before it ends itself.
WORKERS_END_S = 2


def _outlive_workers() -> None:
    """Wait (at most :data:`WORKERS_END_S`) until every worker this zygote forked has ended, so that
    a checker that waits for its zygote leaves no process behind. With SIGCHLD ignored, ``wait``
    blocks until no child is left, then fails with ECHILD (POSIX); the alarm bounds it (its default
    action ends the zygote: a worker that ignores the end of its input is not waited for longer)."""
    try:
        signal.alarm(WORKERS_END_S)
        os.wait()
    except (ChildProcessError, OSError):
        pass
    finally:
        signal.alarm(0)


def _zygote_loop(sock: socket.socket) -> None:
    """Wait for (worker parameters, socket) pairs; fork a worker for each and answer its pid. Ends
    when the checker's end closes. Children are reaped automatically (SIGCHLD ignored)."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):  # none of the host's handlers
            signal.signal(sig, signal.SIG_DFL)
    except ValueError:  # pragma: no cover - always the main thread here
        pass
    keep = sock.fileno()
    try:  # nothing of the host's (listening sockets, other checks' workers) stays open here
        os.closerange(3, keep)
        os.closerange(keep + 1, 1 << 16)
    except OSError:  # pragma: no cover
        pass
    _quiet_stderr()
    try:  # nor the host's standard input and output (a pipe the host's reader waits on)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:  # pragma: no cover
        pass
    preload_parsers()
    while True:
        try:
            message, fds, _flags, _addr = socket.recv_fds(sock, 4096, 1)
        except (OSError, ValueError):
            _outlive_workers()
            return
        if not message or not fds:
            _outlive_workers()
            return
        try:
            params = json.loads(message)
            if params.get("ocr"):  # load the OCR engine once, here, for every worker forked from now on
                warm_ocr()
            pid = os.fork()
        except Exception:
            pid = -1
        if pid == 0:  # the worker
            try:
                sock.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _serve(Connection(fds[0]), params["memory_bytes"], params["pixel_budget"], params["time_limit"])
            finally:
                os._exit(0)
        for fd in fds:
            os.close(fd)
        try:
            sock.sendall(struct.pack("!q", pid))
        except OSError:
            return
