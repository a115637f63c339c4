"""The rulebook: facts about the law as dated data.

Every fact lives in a YAML file under ``rulebook/data/``: a key, a description, the date it was last
verified, optionally the decision taken where sources disagree (requirements.md §14), and a list of
values, each with ``effective_from`` (and ``effective_to`` where it ended) and its sources (ids of
``requirements.md`` such as ``O1``/``X6``/``SD2``, a section such as ``§8``, or a URL).

Checks never hard-code a legal number: they ask the rulebook what applies on the filing date::

    rb = load_rulebook()
    rb.value("upload.max_file_bytes", on=date(2026, 5, 1))   # -> 10000000

The data is validated when loaded; a broken data file is a programming error and raises.

``rulebook.yaml`` holds the rulebook's own metadata: its ``version``, ``coverage_from`` (the first
filing date the rulebook was researched for: facts whose earlier history was not researched start
there) and ``stale_after_days`` (a rulebook whose oldest ``last_verified`` is older than this on the
as-of date is reported as possibly out of date).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .._datafiles import load_yaml

__all__ = [
    "Fact",
    "FactValue",
    "Rulebook",
    "RulebookError",
    "RulebookMeta",
    "RulebookView",
    "load_rulebook",
]

_SOURCE = re.compile(r"^(SD\d+|O\d+|X\d+|§\d+(\.\d+)*( [A-Z]+-?\d+)?|https?://\S+|Dz\.U\. .+)$")


class RulebookError(Exception):
    """The rulebook data is invalid, or a fact has no value on the requested date."""


class FactValue(BaseModel):
    """One value of a fact and the period it applies to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    effective_from: dt.date
    effective_to: dt.date | None = Field(default=None, description="Last day the value applied (inclusive).")
    value: Any
    sources: tuple[str, ...] = Field(min_length=1)
    note: str | None = None

    @field_validator("sources")
    @classmethod
    def _sources_are_references(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        bad = [s for s in v if not _SOURCE.match(s)]
        if bad:
            raise ValueError(f"sources must be requirements.md ids, sections, Dz.U. references or URLs: {bad}")
        return v

    @model_validator(mode="after")
    def _ordered(self) -> FactValue:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self

    def applies_on(self, day: dt.date) -> bool:
        """True when this value is in force on ``day``."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class Fact(BaseModel):
    """A fact about the law with its dated values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    description: str
    unit: str | None = None
    last_verified: dt.date
    decision: str | None = Field(default=None, description="Why this value, where sources disagree (§14).")
    values: tuple[FactValue, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_overlap(self) -> Fact:
        ordered = sorted(self.values, key=lambda v: v.effective_from)
        for prev, nxt in zip(ordered, ordered[1:]):
            if prev.effective_to is None or prev.effective_to >= nxt.effective_from:
                raise ValueError(
                    f"fact {self.key}: value from {prev.effective_from} overlaps value from {nxt.effective_from}"
                )
        object.__setattr__(self, "values", tuple(ordered))
        return self

    def value_on(self, day: dt.date) -> FactValue | None:
        """The value in force on ``day``, or None."""
        for v in self.values:
            if v.applies_on(day):
                return v
        return None

    def change_dates(self) -> list[dt.date]:
        """Every date on which this fact's value changes (starts or ends)."""
        dates = {v.effective_from for v in self.values}
        dates |= {v.effective_to + dt.timedelta(days=1) for v in self.values if v.effective_to}
        return sorted(dates)


_MISSING: Any = object()


class RulebookMeta(BaseModel):
    """The rulebook's own identity (``rulebook.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    description: str | None = None
    coverage_from: dt.date = Field(description="First filing date the facts were researched for.")
    stale_after_days: int = Field(gt=0, description="Age of the oldest last_verified that makes the rulebook stale.")


class Rulebook:
    """All facts, loaded and validated; ask it what applies on a date."""

    def __init__(self, version: str, facts: dict[str, Fact], *, coverage_from: dt.date | None = None,
                 stale_after_days: int | None = None):
        self.version = version
        self.facts = dict(sorted(facts.items()))
        self.coverage_from = coverage_from
        self.stale_after_days = stale_after_days

    def fact(self, key: str) -> Fact:
        """The fact with this key. Raises :class:`RulebookError` when unknown."""
        try:
            return self.facts[key]
        except KeyError:
            raise RulebookError(f"no fact {key!r} in the rulebook") from None

    def fact_value(self, key: str, on: dt.date) -> FactValue | None:
        """The dated value of ``key`` in force on ``on``, or None when none applies."""
        return self.fact(key).value_on(on)

    def value(self, key: str, on: dt.date, default: Any = _MISSING) -> Any:
        """The value of ``key`` on ``on``; ``default`` (or :class:`RulebookError`) when none applies."""
        fv = self.fact_value(key, on)
        if fv is None:
            if default is _MISSING:
                raise RulebookError(f"fact {key!r} has no value on {on.isoformat()}")
            return default
        return fv.value

    def at(self, on: dt.date) -> RulebookView:
        """A view of the rulebook as of one date."""
        return RulebookView(self, on)

    @property
    def last_verified(self) -> dt.date:
        """The oldest ``last_verified`` date among all facts."""
        return min(f.last_verified for f in self.facts.values())

    def change_dates(self) -> list[dt.date]:
        """Every date on which at least one fact changes value (for as-of tests and docs)."""
        return sorted({d for f in self.facts.values() for d in f.change_dates()})

    def days_since_verified(self, as_of: dt.date) -> int:
        """Days between the oldest ``last_verified`` and ``as_of`` (negative when verified later)."""
        return (as_of - self.last_verified).days

    def is_stale(self, as_of: dt.date) -> bool:
        """True when the oldest fact was last verified more than ``stale_after_days`` before ``as_of``."""
        return self.stale_after_days is not None and self.days_since_verified(as_of) > self.stale_after_days

    def covers(self, day: dt.date) -> bool:
        """True when ``day`` is on or after the first filing date the rulebook was researched for."""
        return self.coverage_from is None or day >= self.coverage_from

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts.values())


class RulebookView:
    """The rulebook as of one date (the filing date in a check).

    A view can record the keys it is asked about: inside ``with view.recording() as keys:`` every
    key passed to :meth:`value`, :meth:`fact_value`, :meth:`has`, :meth:`history`,
    :meth:`first_value`, :meth:`starts_on` or :meth:`sources` is added to ``keys`` (recordings
    nest: an inner recording's keys also go to the outer one). The rule engine records what each
    rule reads (``rules/engine.py``); work computed once and shared by several rules records its
    keys once and replays them with :meth:`note` (``case.helpers.memo``). ``rulebook`` is the whole
    rulebook, for its own metadata (version, last_verified, coverage): reading a fact through it
    is not recorded.
    """

    def __init__(self, rulebook: Rulebook, on: dt.date):
        self.rulebook = rulebook
        self.on = on
        self._local = threading.local()  # recordings per thread: a view shared by threads stays correct

    def _stack(self) -> list[set[str]]:
        stack = getattr(self._local, "stack", None)
        if stack is None:
            stack = self._local.stack = []
        return stack

    @contextlib.contextmanager
    def recording(self) -> Iterator[set[str]]:
        """Record the keys read until the block ends (the set is filled in place)."""
        keys: set[str] = set()
        stack = self._stack()
        stack.append(keys)
        try:
            yield keys
        finally:
            stack.pop()
            if stack:
                stack[-1].update(keys)

    def note(self, keys: Iterable[str]) -> None:
        """Count ``keys`` as read by the current recording (no-op outside one)."""
        stack = getattr(self._local, "stack", None)
        if stack:
            stack[-1].update(keys)

    def _read(self, key: str) -> None:
        stack = getattr(self._local, "stack", None)
        if stack:
            stack[-1].add(key)

    def value(self, key: str, default: Any = _MISSING) -> Any:
        """The value of ``key`` on this view's date."""
        self._read(key)
        return self.rulebook.value(key, self.on, default)

    def fact_value(self, key: str) -> FactValue | None:
        """The dated value of ``key`` on this view's date, with its sources."""
        self._read(key)
        return self.rulebook.fact_value(key, self.on)

    def has(self, key: str) -> bool:
        """True when ``key`` is a fact of the rulebook and has a value on this view's date (False,
        never an error, for a key the rulebook does not know)."""
        self._read(key)
        return key in self.rulebook.facts and self.rulebook.fact_value(key, self.on) is not None

    def history(self, key: str) -> tuple[FactValue, ...]:
        """Every dated value of ``key``, whatever this view's date (oldest first); () when the key
        is unknown. For a rule that judges a period, such as the wages of the months worked."""
        self._read(key)
        fact = self.rulebook.facts.get(key)
        return fact.values if fact is not None else ()

    def first_value(self, key: str, when: Callable[[Any], bool] | None = None) -> FactValue | None:
        """The earliest dated value of ``key`` (whatever this view's date) whose value satisfies
        ``when`` (any value when None); None when there is none or the key is unknown. For texts
        such as "MOS takes them from ..." that name the day a value starts."""
        return next((v for v in self.history(key) if when is None or when(v.value)), None)

    def starts_on(self, key: str, when: Callable[[Any], bool] | None = None) -> dt.date | None:
        """The first day a value of ``key`` satisfying ``when`` (any value when None) is in force."""
        fv = self.first_value(key, when)
        return fv.effective_from if fv else None

    def sources(self, key: str) -> list[str]:
        """The sources of the value of ``key`` on this view's date ([] when none applies)."""
        fv = self.fact_value(key)
        return list(fv.sources) if fv else []


def _parse_file(name: str, text: str) -> dict[str, Fact]:
    doc = load_yaml(text) or {}
    if not isinstance(doc, dict) or not isinstance(doc.get("facts"), dict):
        raise RulebookError(f"{name}: expected a mapping with a 'facts' mapping")
    facts = {}
    for key, body in doc["facts"].items():
        if not isinstance(body, dict):
            raise RulebookError(f"{name}: fact {key} is not a mapping")
        try:
            facts[key] = Fact.model_validate({"key": key, **body})
        except ValueError as exc:
            raise RulebookError(f"{name}: fact {key}: {exc}") from exc
    return facts


@functools.lru_cache(maxsize=1)
def load_rulebook() -> Rulebook:
    """Load and validate the bundled rulebook (cached)."""
    data = resources.files(__package__).joinpath("data")
    try:
        meta = RulebookMeta.model_validate(load_yaml(data.joinpath("rulebook.yaml").read_text(encoding="utf-8")))
    except ValueError as exc:
        raise RulebookError(f"rulebook.yaml: {exc}") from exc
    facts: dict[str, Fact] = {}
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml") or entry.name == "rulebook.yaml":
            continue
        for key, fact in _parse_file(entry.name, entry.read_text(encoding="utf-8")).items():
            if key in facts:
                raise RulebookError(f"{entry.name}: fact {key} is defined twice")
            facts[key] = fact
    return Rulebook(version=meta.version, facts=facts, coverage_from=meta.coverage_from,
                    stale_after_days=meta.stale_after_days)
