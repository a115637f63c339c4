"""What the application of a case declares, in domain terms: shared by the rules and the derived
values (fees, deadline, requirements, checklist). Nothing here knows a legal number: those come
from the rulebook. (Was ``rules/_helpers.py``.)
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar

from ..application import Application, normalise_declared_path
from ..application.models import Document
from ..i18n import KIND_LABELS, kinds_label  # noqa: F401 (re-exported: the labels live in i18n/kinds.py)
from . import CheckContext

_T = TypeVar("_T")

#: Name of the per-check memo in a CheckContext's instance dictionary.
_MEMO = "_rules_memo"


def memo(c: CheckContext, key: Hashable, compute: Callable[[CheckContext], _T]) -> _T:
    """``compute(c)``, computed once per check: later calls with the same key return the same object.

    For work several rules share (the application dumped to plain data, the mandatory-field gaps,
    the fees). The memo lives in the context's own ``__dict__``, exactly where
    ``functools.cached_property`` keeps ``files_by_path`` and ``roles``: a frozen dataclass forbids
    ``setattr`` but not its instance dictionary, the dataclass's ``__eq__``, ``__hash__`` and
    ``__repr__`` only look at the declared fields, and the memo dies with the context. (A
    ``WeakKeyDictionary`` keyed by the context would hash it, i.e. hash every field, file facts
    included, and treat two equal contexts as one.) A computation that raises stores nothing.
    Callers must not mutate what they get back.

    The rulebook keys the computation read are stored with its value and counted as read by every
    caller, the first and the later ones alike (``RulebookView.recording``): a rule that reads the
    fees reads the ``fees.*`` facts, whichever rule happened to compute them first.
    """
    store: dict[Hashable, Any] = vars(c).setdefault(_MEMO, {})
    if key not in store:
        with c.rulebook.recording() as read:
            value = compute(c)
        store[key] = (value, frozenset(read))
    value, read = store[key]
    c.rulebook.note(read)
    return value


#: Kinds that are the applicant's travel or identity document: the rulebook's ``travel_document``
#: requirement of ``documents.core`` lists the same kinds (A003). Scans are counted (P050), the
#: passport number is looked for (C-rules) and the declared language is not judged (T050/T051) on
#: these.
TRAVEL_DOCUMENT_KINDS = ("passport_copy", "travel_document_copy", "id_card_copy")


def permit_type(app: Application | None) -> str | None:
    """The permit type applied for, as its enum value."""
    return app.permit.type.value if app and app.permit and app.permit.type else None


def ground(app: Application | None) -> str | None:
    """The ground of the permit, as its enum value."""
    return app.permit.ground.value if app and app.permit and app.permit.ground else None


def in_mos_regime(c: CheckContext) -> bool:
    """True when applications are filed through MOS on the filing date."""
    return c.rulebook.value("channel.regime", None) == "mos"


def documents(app: Application | None) -> Iterator[tuple[int, Document]]:
    """(index, entry) of every declared document."""
    for i, doc in enumerate((app.documents or []) if app else []):
        yield i, doc


def declared_kinds(app: Application | None) -> set[str]:
    """Kinds of every documents[] entry.

    A required document counts as declared when an entry of its kind exists, even if its file is
    absent from the package: that case is already reported once, by A001 listed-document-missing.
    """
    return {doc.kind.value for _, doc in documents(app) if doc.kind}


def declared_path(doc: Document) -> str | None:
    """The declared file as the inventory names it."""
    return normalise_declared_path(doc.file) if doc.file else None


def declared_language(value: str | None) -> str | None:
    """A declared ``language`` normalised to its primary subtag in lower case (``"pl-PL"``,
    ``" PL "`` and ``"pl_PL"`` -> ``"pl"``); None when blank."""
    if not value or not value.strip():
        return None
    return value.strip().lower().replace("_", "-").split("-")[0] or None


def translated_originals(app: Application | None, into: str | None = None) -> set[str]:
    """Paths (as the inventory names them) that a sworn translation's ``translation_of`` names;
    with ``into``, only translations declared in that language."""
    return {
        normalise_declared_path(doc.translation_of)
        for _, doc in documents(app)
        if doc.kind is not None and doc.kind.value == "sworn_translation" and doc.translation_of
        and (into is None or declared_language(doc.language) == into)
    }


def suggestion_ctx(suggestion: str | None, hint: str = "did_you_mean") -> dict[str, str | None]:
    """ctx of a "did you mean" hint: the neutral ``suggestion`` and the ``hint`` the templates append
    (an id, ``value.hint.<id>`` of the catalogue: ``did_you_mean``, ``did_you_mean_file``,
    ``did_you_mean_country``; empty without a suggestion)."""
    return {"suggestion": suggestion, "hint": hint if suggestion else ""}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus (or, negative, minus) calendar months, clamped to the month's last day
    (31 May - 3 months = 28/29 Feb). Beyond the calendar's years: ``date.max`` / ``date.min``."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date.max if months > 0 else dt.date.min
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def unreliable(c: CheckContext, *pointers: str) -> bool:
    """True when the value at any of ``pointers``, a parent or a child was invalid and removed.

    The shape rule (D001) already reports it there; a requirement check built on what is left would
    report a second, misleading defect (e.g. "photo missing" when documents[] was not a list).
    """
    parsed = c.parsed
    if parsed is None:
        return False
    return any(parsed.was_pruned(p) or any(q.startswith(p + "/") for q in parsed.pruned) for p in pointers)
