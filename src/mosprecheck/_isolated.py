"""Run whole checks in child processes: one per package, bounded in time, isolated from each other.

Used by ``mosprecheck batch`` (many packages, ``--jobs`` children at a time, each running one
package after another: :func:`run_many`) and by the HTTP service (one child per request, so that a
check that hangs or dies ends its own request only). A child that crashes or runs past its time is
a result with an error, never the end of the caller.

Children are forked from a single-threaded parent (cheap: everything is imported already); a parent
with other threads running (the service) uses a fork server, which is single-threaded itself, so a
child can in turn fork the checker's own inspection workers. Inside a daemonic process (a Celery or
``multiprocessing.Pool`` worker), which may not start ``multiprocessing`` children, the work runs in
the calling process instead (no time bound; the checker still isolates its parsers by itself).

Results travel as JSON over a pipe: the targets return JSON-able data.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

#: Modules the fork server imports once, so that its children start with them loaded (the last one
#: runs :func:`warm_up` on import).
PRELOAD = ["mosprecheck.api", "mosprecheck.render", "mosprecheck.server._work", "pypdf", "PIL.Image",
           "mosprecheck._warm"]


def warm_up() -> None:
    """Load what every check loads (rulebook, rules, text catalogues, models, renderers) by checking
    an empty folder once, so that children forked afterwards start warm instead of each loading it."""
    import tempfile

    from .api import check
    from .render import render_html, render_json

    try:
        with tempfile.TemporaryDirectory(prefix="mosprecheck-warm-") as empty:
            report = check(empty)
            render_json(report)
            render_html(report, "en")
    except Exception:  # only an optimisation: the children load what they need themselves
        pass
    # The check started a zygote for this process; its children each start their own (a zygote
    # serves only the process that started it), so this one would only sit there.
    from .inventory.checker.zygote import end_zygote

    end_zygote()


@dataclass(frozen=True)
class Outcome:
    """What one child produced: ``value`` (its target's JSON-able result) or ``error`` (one line)."""

    value: Any = None
    error: str | None = None
    kind: str | None = None  # "crashed", "timeout" or "error"


def in_daemon() -> bool:
    """True in a daemonic process (Celery prefork, multiprocessing.Pool), which may not have
    multiprocessing children."""
    return bool(multiprocessing.current_process().daemon)


def context(*, threaded: bool | None = None) -> Any:
    """The multiprocessing context for check children: fork from a single-threaded parent on Linux,
    else a fork server (POSIX) or spawn."""
    if threaded is None:
        threaded = threading.active_count() > 1
    methods = multiprocessing.get_all_start_methods()
    if not threaded and sys.platform.startswith("linux") and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def start_fork_server() -> None:
    """Start the fork server of :func:`context` now (the service calls this at start), so that the
    first request does not wait for it."""
    ctx = context(threaded=True)
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _child_main(conn: Connection, target: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        answer: dict[str, Any] = {"value": target(*args)}
    except BaseException as exc:  # reported to the parent as this task's error
        answer = {"error": f"{type(exc).__name__}: {_one_line(exc)}", "kind": "error",
                  "where": _where(exc)}
    try:
        conn.send_bytes(json.dumps(answer).encode("utf-8"))
    finally:
        conn.close()


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300]


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""


def _outcome(conn: Connection, proc: Any) -> Outcome:
    try:
        answer = json.loads(conn.recv_bytes())
    except (EOFError, OSError, ValueError):
        proc.join(5)
        code = proc.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return Outcome(error=f"the check crashed ({how})", kind="crashed")
    if "error" in answer:
        return Outcome(error=answer["error"], kind=answer.get("kind") or "error")
    return Outcome(value=answer.get("value"))


#: Tasks one check child of :func:`run_many` runs before it is replaced by a fresh one (memory that
#: a long run of checks might leave behind is given back with the process).
TASKS_PER_CHILD = 100


def run_many(
    tasks: Iterable[tuple[Any, tuple[Any, ...]]],
    target: Callable[..., Any],
    *,
    jobs: int,
    timeout: float | None,
    on_result: Callable[[Any, Outcome], None],
) -> None:
    """Run ``target(*args)`` for every ``(key, args)`` in child processes, ``jobs`` at a time, each
    within ``timeout`` seconds; ``on_result(key, outcome)`` is called in this process as each ends.

    A child runs one task after another (at most :data:`TASKS_PER_CHILD`): it keeps what every check
    loads (rulebook, catalogues, its parsers' zygote and idle workers) instead of starting cold for
    each package. A task that crashes its child or runs past ``timeout`` ends that child (killed);
    the next task gets a fresh one. The tasks' results are all that crosses back, as JSON."""
    if in_daemon():
        for key, args in tasks:
            on_result(key, _run_here(target, args))
        return
    ctx = context()
    pending = deque(tasks)
    if pending and ctx.get_start_method() == "fork":
        warm_up()
    idle: list[_Child] = []
    busy: dict[Connection, _Child] = {}
    try:
        while pending or busy:
            while pending and len(busy) < max(1, jobs):
                key, args = pending.popleft()
                child = idle.pop() if idle else _Child.start(ctx, target)
                if isinstance(child, Outcome):  # it could not start
                    on_result(key, child)
                    continue
                if not child.give(key, args):
                    child.end(kill=True)
                    on_result(key, Outcome(error="the check crashed (its process ended before the task)",
                                           kind="crashed"))
                    continue
                busy[child.conn] = child
            if not busy:
                continue
            wait_for = None
            if timeout is not None:
                wait_for = max(0.0, min(c.started + timeout for c in busy.values()) - time.monotonic())
            for conn in wait(list(busy), timeout=wait_for):
                child = busy.pop(conn)  # type: ignore[arg-type]
                key, outcome = child.key, child.answer()
                if outcome.kind == "crashed" or child.done >= TASKS_PER_CHILD:
                    child.end(kill=outcome.kind == "crashed")
                else:
                    idle.append(child)
                on_result(key, outcome)
            if timeout is not None:
                now = time.monotonic()
                for conn, child in list(busy.items()):
                    if now - child.started >= timeout:
                        del busy[conn]
                        child.end(kill=True)
                        on_result(child.key, Outcome(error=f"the check did not finish within {timeout:g} s",
                                                     kind="timeout"))
    finally:
        for child in busy.values():
            child.end(kill=True)
        for child in idle:
            child.end(kill=False)


class _Child:
    """One check child of :func:`run_many`: tasks in (pickled arguments: this program's own values),
    answers out as JSON, over one pipe."""

    def __init__(self, proc: Any, conn: Connection):
        self.proc, self.conn = proc, conn
        self.key: Any = None
        self.started = 0.0
        self.done = 0

    @classmethod
    def start(cls, ctx: Any, target: Callable[..., Any]) -> _Child | Outcome:
        mine, theirs = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_child_loop, args=(theirs, target), daemon=False)
        _PARENT_ENDS.add(mine.fileno())  # before the fork: the child closes its copy of this end too
        try:
            proc.start()
        except OSError as exc:
            _PARENT_ENDS.discard(mine.fileno())
            mine.close()
            theirs.close()
            return Outcome(error=f"the check could not start ({exc.strerror})", kind="crashed")
        theirs.close()
        return cls(proc, mine)

    def give(self, key: Any, args: tuple[Any, ...]) -> bool:
        self.key, self.started = key, time.monotonic()
        try:
            self.conn.send(args)
            return True
        except (OSError, ValueError):
            return False

    def answer(self) -> Outcome:
        self.done += 1
        return _outcome(self.conn, self.proc)

    def end(self, *, kill: bool) -> None:
        """Stop the child: killed (a crash, a time-out), or told there is no more work (it ends its
        own parsers' processes and exits)."""
        _PARENT_ENDS.discard(self.conn.fileno())
        try:
            self.conn.close()
        except OSError:
            pass
        if kill:
            _kill(self.proc)
        else:
            self.proc.join(10)
            if self.proc.is_alive():
                _kill(self.proc)


#: This process's ends of its check children's pipes. A child forked later closes its copies, or
#: an earlier child would never see the end of its input.
_PARENT_ENDS: set[int] = set()


def _child_loop(conn: Connection, target: Callable[..., Any]) -> None:
    """A check child of :func:`run_many`: run each task it is given, answer it, until its pipe ends."""
    for fd in list(_PARENT_ENDS):  # forked: the parent's ends of this and the other children's pipes
        if fd != conn.fileno():
            try:
                os.close(fd)
            except OSError:
                pass
    _PARENT_ENDS.clear()
    while True:
        try:
            args = conn.recv()
        except (EOFError, OSError):
            break
        try:
            answer: dict[str, Any] = {"value": target(*args)}
        except BaseException as exc:  # reported to the parent as this task's error
            answer = {"error": f"{type(exc).__name__}: {_one_line(exc)}", "kind": "error",
                      "where": _where(exc)}
        try:
            conn.send_bytes(json.dumps(answer).encode("utf-8"))
        except (OSError, ValueError):
            break
    conn.close()
    from .inventory.checker.zygote import end_zygote  # leave no parser process behind

    end_zygote()


def _start_child(ctx: Any, target: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, Any] | Outcome:
    """Start one child running ``target(*args)``: (the reading end of its pipe, the process), or the
    outcome of a child that could not start."""
    reader, writer = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_main, args=(writer, target, args), daemon=False)
    try:
        proc.start()
    except OSError as exc:
        reader.close()
        writer.close()
        return Outcome(error=f"the check could not start ({exc.strerror})", kind="crashed")
    writer.close()
    return reader, proc


def run_one(target: Callable[..., Any], args: tuple[Any, ...], *, timeout: float | None,
            threaded: bool | None = None) -> Outcome:
    """Run ``target(*args)`` in one child (thread-safe: each call has its own child and pipe);
    ``threaded``: the caller runs other threads (the service), so children come from a fork server."""
    if in_daemon():
        return _run_here(target, args)
    ctx = context(threaded=threaded)
    started_child = _start_child(ctx, target, args)
    if isinstance(started_child, Outcome):
        return started_child
    reader, proc = started_child
    try:
        if not reader.poll(timeout):
            _kill(proc)
            return Outcome(error=f"the check did not finish within {timeout:g} s", kind="timeout")
        outcome = _outcome(reader, proc)
        proc.join()
        return outcome
    finally:
        reader.close()
        if proc.is_alive():
            _kill(proc)


def _run_here(target: Callable[..., Any], args: tuple[Any, ...]) -> Outcome:
    try:
        return Outcome(value=json.loads(json.dumps(target(*args))))
    except Exception as exc:
        return Outcome(error=f"{type(exc).__name__}: {_one_line(exc)}", kind="error")


def _kill(proc: Any) -> None:
    try:
        proc.kill()
    except (OSError, AttributeError):
        pass
    proc.join(5)
