"""Run every registered rule over a check context; a rule that raises becomes an X900 defect.

Each rule runs inside a recording of the rulebook view (``RulebookView.recording``): the keys it
reads, directly or through the derived values and case helpers it calls (a value computed once per
check replays its keys to every rule that uses it, ``case.helpers.memo``), are compared with what
the rule declares (``@rule(reads=...)``), and the facts it declared and read are attached, dated and
sourced, to each of its findings (``Finding.facts``, ``Defect.facts`` in the report). A read the
rule does not declare changes nothing in the report: it is recorded (:func:`observe_reads`, a debug
log line) and the tests fail on it (``tests/test_rule_facts.py``).
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from ..findings import DatedFact
from ..rulebook import RulebookView
from . import all_rules
from .checker import CHECK_FAILED
from .registry import CheckContext, Finding, Rule

log = logging.getLogger("mosprecheck")

#: A list or mapping value is shown in ``DatedFact.value`` when its compact JSON has at most this many
#: characters (``{"width":684,"height":883}``); longer ones are tables, named by key and sources.
_SHOWN_CHARS = 100

#: Where :func:`observe_reads` collects the keys each rule read (None: nobody is observing).
_OBSERVED: contextvars.ContextVar[dict[str, set[str]] | None] = contextvars.ContextVar("observed_reads",
                                                                                       default=None)


@contextlib.contextmanager
def observe_reads() -> Iterator[dict[str, set[str]]]:
    """Collect, for every check run inside the block, the rulebook keys each rule read: rule code
    -> keys (declared or not). For the tests that hold each rule to its ``reads`` declaration."""
    observed: dict[str, set[str]] = {}
    token = _OBSERVED.set(observed)
    try:
        yield observed
    finally:
        _OBSERVED.reset(token)


def failure(code: str, name: str, exc: BaseException) -> tuple[Rule, Finding]:
    """The X900 finding for a check that raised (only the code and exception type are kept)."""
    log.error("check %s (%s) raised %s", code, name, type(exc).__name__)
    return CHECK_FAILED, Finding(ctx={"rule_code": code, "rule_name": name, "error": type(exc).__name__})


def run_rules(c: CheckContext) -> list[tuple[Rule, Finding]]:
    """All findings of all applicable rules, in registry order, each with the dated facts its rule
    declared and read."""
    found: list[tuple[Rule, Finding]] = []
    observed = _OBSERVED.get()
    for spec in all_rules().values():
        if spec.check is None or (spec.needs_application and c.parsed is None):
            continue
        mine: list[Finding] = []
        failed: tuple[Rule, Finding] | None = None
        with c.rulebook.recording() as read:
            try:
                mine.extend(spec.check(c))
            except Exception as exc:  # a bug in one rule must not hide the others or crash the checker
                # Log the rule and the exception type only: messages may quote personal data.
                failed = failure(spec.code, spec.name, exc)
        undeclared = sorted(k for k in read if not spec.declares(k))
        if undeclared:
            log.debug("rule %s read undeclared rulebook facts %s", spec.code, undeclared)
        if observed is not None:
            observed.setdefault(spec.code, set()).update(read)
        if mine:
            facts = dated_facts(c.rulebook, (k for k in read if spec.declares(k)))
            found.extend((spec, dataclasses.replace(f, facts=facts) if facts else f) for f in mine)
        if failed is not None:
            found.append(failed)
    return found


def dated_facts(view: RulebookView, keys: Iterable[str]) -> tuple[DatedFact, ...]:
    """The facts ``keys`` as in force on the view's date, sorted by key; a key the rulebook does not
    know or that has no value on that date is left out."""
    out = []
    for key in sorted(set(keys)):
        fact = view.rulebook.facts.get(key)
        fv = fact.value_on(view.on) if fact is not None else None
        if fv is None:
            continue
        out.append(DatedFact(key=key, value=shown_value(fv.value), effective_from=fv.effective_from,
                             effective_to=fv.effective_to, sources=list(fv.sources)))
    return tuple(out)


def shown_value(value: Any, limit: int = _SHOWN_CHARS) -> Any:
    """A fact's value as plain JSON data (dates as ISO strings) when it is small: a number, a text, a
    yes/no, or a list or mapping written in at most ``limit`` characters of compact JSON; None for
    anything bigger (a table), which the key and sources name."""
    plain = _plain(value)
    if plain is _UNSHOWN:
        return None
    if isinstance(plain, (list, dict)) and len(json.dumps(plain, ensure_ascii=False, separators=(",", ":"))) > limit:
        return None
    return plain


_UNSHOWN: Any = object()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        items = [_plain(v) for v in value]
        return _UNSHOWN if any(v is _UNSHOWN for v in items) else items
    if isinstance(value, dict):
        pairs = {str(k): _plain(v) for k, v in value.items()}
        return _UNSHOWN if any(v is _UNSHOWN for v in pairs.values()) else pairs
    return _UNSHOWN
