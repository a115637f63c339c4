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

import atexit
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
            child.close()
        for child in idle:
            child.end(kill=False)


class _Child:
    """One check child of :func:`run_many`: tasks in (pickled arguments: this program's own values),
    answers out as JSON, over one pipe."""

    def __init__(self, proc: Any, conn: Connection):
        self.proc, self.conn = proc, conn
        self.owner = os.getpid()
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

    def close(self) -> None:
        """Tell the child there is no more work: it ends its own parsers' processes and exits."""
        try:
            _PARENT_ENDS.discard(self.conn.fileno())
            self.conn.close()
        except (OSError, ValueError):
            pass

    def end(self, *, kill: bool) -> None:
        """Stop the child: killed (a crash, a time-out), or told there is no more work and waited for."""
        self.close()
        if kill:
            _kill(self.proc)
        else:
            self.proc.join(10)
            if self.proc.is_alive():
                _kill(self.proc)

    def retire(self) -> None:
        """Tell the child there is no more work, and wait for it in the background (the caller,
        e.g. a request, does not wait for it to exit)."""
        self.close()
        threading.Thread(target=self.end, kwargs={"kill": False}, daemon=True).start()


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


#: Check children of :func:`run_one` that answered their call, kept for the next call of any thread,
#: by (target, start method); at most :data:`MAX_IDLE_CHILDREN` each.
_IDLE: dict[tuple[Any, str], list[_Child]] = {}
_IDLE_LOCK = threading.Lock()
MAX_IDLE_CHILDREN = 8
_AT_EXIT = [False]


def run_one(target: Callable[..., Any], args: tuple[Any, ...], *, timeout: float | None,
            threaded: bool | None = None) -> Outcome:
    """Run ``target(*args)`` in a child process, within ``timeout`` seconds (thread-safe: each call
    has a child of its own while it runs); ``threaded``: the caller runs other threads (the
    service), so children come from a fork server. A child that answered is kept for a next call
    (at most :data:`TASKS_PER_CHILD` calls, :data:`MAX_IDLE_CHILDREN` idle), so that a call finds the
    checker loaded; one that crashed or ran past ``timeout`` is killed, never reused."""
    if in_daemon():
        return _run_here(target, args)
    ctx = context(threaded=threaded)
    key = (target, ctx.get_start_method())
    child = _take_idle(key) or _Child.start(ctx, target)
    if isinstance(child, Outcome):
        return child
    if not child.give(None, args):
        child.end(kill=True)
        return Outcome(error="the check crashed (its process ended before the task)", kind="crashed")
    try:
        ready = child.conn.poll(timeout)
    except (OSError, ValueError):
        ready = True  # read below and find out
    if not ready:
        child.end(kill=True)
        return Outcome(error=f"the check did not finish within {timeout:g} s", kind="timeout")
    outcome = child.answer()
    if outcome.kind == "crashed":
        child.end(kill=True)
    elif child.done >= TASKS_PER_CHILD or not _keep_idle(key, child):
        child.retire()
    return outcome


def _take_idle(key: tuple[Any, str]) -> _Child | None:
    """A live idle child for ``key``, or None. An idle child says nothing: a readable pipe means it
    has ended. In a process forked from the one that kept them, none is used."""
    with _IDLE_LOCK:
        children = _IDLE.get(key) or []
        while children:
            child = children.pop()
            if child.owner != os.getpid():
                children.clear()
                return None
            try:
                alive = not child.conn.poll(0) and child.proc.is_alive()
            except (OSError, ValueError):
                alive = False
            if alive:
                return child
            child.end(kill=True)
    return None


def _keep_idle(key: tuple[Any, str], child: _Child) -> bool:
    with _IDLE_LOCK:
        if not _AT_EXIT[0]:
            atexit.register(end_idle_children)
            _AT_EXIT[0] = True
        children = _IDLE.setdefault(key, [])
        if len(children) >= MAX_IDLE_CHILDREN:
            return False
        children.append(child)
        return True


def end_idle_children() -> None:
    """End every idle child of :func:`run_one` (at exit, and when the service stops): each is told
    there is no more work, then waited for (a few seconds) together."""
    with _IDLE_LOCK:
        children = [c for group in _IDLE.values() for c in group if c.owner == os.getpid()]
        _IDLE.clear()
    for child in children:
        child.close()
    deadline = time.monotonic() + 5
    for child in children:
        child.proc.join(max(0.0, deadline - time.monotonic()))
        if child.proc.is_alive():
            _kill(child.proc)


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
