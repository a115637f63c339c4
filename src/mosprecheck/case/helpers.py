"""What the application of a case declares, in domain terms: shared by the rules and the derived
values (fees, deadline, requirements, checklist). Nothing here knows a legal number: those come
from the rulebook. (Was ``rules/_helpers.py``.)
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Collection, Hashable, Iterator
from enum import Enum
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


def resolve(app: Application, pointer: str) -> Any:
    """The value at a JSON pointer of the description (enum members as their value), or None when
    any step is missing: a field another version of the description lacks reads as not answered."""
    node: object = app
    for part in pointer.strip("/").split("/"):
        node = getattr(node, part, None)
        if node is None:
            return None
    return node.value if isinstance(node, Enum) else node


def exception_holds(c: CheckContext, app: Application, condition: dict) -> bool:
    """One ``unless`` condition of a rulebook bar or exemption: every key it names holds
    (``grounds``, ``basis_of_stay``, ``minor_born_in_poland``; an unknown key never holds)."""
    for key, expected in condition.items():
        if key == "grounds":
            ok = ground(app) in expected
        elif key == "basis_of_stay":
            ok = resolve(app, "/current_stay/basis_of_stay") in expected
        elif key == "minor_born_in_poland":
            born = app.applicant.date_of_birth if app.applicant else None
            majority = c.rulebook.value("signature.age_of_majority", None)
            country = app.applicant.country_of_birth if app.applicant else None
            ok = (born is not None and majority is not None and age_on(born, c.filing_date) < majority
                  and isinstance(country, str) and country.strip().upper() == "POL") is bool(expected)
        else:  # a condition this code does not know cannot lift a bar
            ok = False
        if not ok:
            return False
    return True


def bars_to_opening(c: CheckContext, names: Collection[str] | None = None,
                    skip: Collection[str] = ()) -> Iterator[tuple[dict, object]]:
    """(bar, value found) for each bar to opening the case of the permit type applied for (rulebook
    ``eligibility.bars_to_opening``) that the description reveals and no exception lifts: only the
    bars in ``names`` (None: every bar) and none in ``skip``.

    The eligibility rules (K007-K009, K012) report them; K020 reads the ``legal_stay_ended`` bar to
    stay silent where the late filing is a bar, not a refusal risk."""
    app = c.application
    table = c.rulebook.value("eligibility.bars_to_opening", None) or {}
    ptype = permit_type(app)
    if app is None or ptype not in table:
        return
    for bar in table[ptype]:
        name = bar.get("bar")
        if (names is not None and name not in names) or name in skip:
            continue
        if "grounds" in bar and ground(app) not in bar["grounds"]:  # a ground's own bar (art. 116, 131, 139e)
            continue
        pointer = bar.get("field") or ""
        if unreliable(c, pointer):
            continue
        found = resolve(app, pointer)
        if bar.get("before_filing_date"):
            # The last day of legal stay is before the filing date: on that day an applicant in
            # Poland stays illegally (outside Poland is a bar of its own).
            in_poland = resolve(app, "/current_stay/in_poland")
            if (not isinstance(found, dt.date) or found >= c.filing_date or in_poland is False
                    or unreliable(c, "/filing_date")):
                continue
        elif found is None or not any(found == v and type(found) is type(v) for v in bar.get("values", [])):
            continue
        if any(exception_holds(c, app, cond) for cond in bar.get("unless") or []):
            continue
        yield bar, found
