"""What the text and HTML renderers share: picking a language, the deadline's state, the defect
groups, the verdict's counts and meta line, and amounts. Each decision is made here once, so the
two formats cannot say different things about one report; the renderers only lay it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from ..i18n import format_number
from ..report.models import Category, Defect, FilingDeadline, Report


def pick(texts: Mapping[str, str], lang: str, default: str = "") -> str:
    """The text in ``lang``, else in English, else in any language, else ``default``."""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "") or default


def deadline_state(deadline: FilingDeadline) -> Literal["in_time", "late"]:
    """``"late"`` when the application can no longer be filed in time, ``"in_time"`` otherwise.

    Late is either of: the intended filing date is after the last day (``filing_date_in_time`` is
    false), or the as-of day itself is after it (``days_left < 0``): with the last day gone, a filing
    date before it lies in the past and cannot be kept. Only ``"in_time"`` shows the days left.
    """
    return "in_time" if deadline.filing_date_in_time and deadline.days_left >= 0 else "late"


def defect_groups(report: Report) -> list[tuple[Category, list[Defect]]]:
    """(category, its defects in report order) for every category that has any, most severe first."""
    groups = [(category, report.defects_in(category)) for category in Category]
    return [(category, defects) for category, defects in groups if defects]


def category_counts(report: Report) -> list[tuple[Category, int]]:
    """(category, number of defects) for every category that has any, most severe first."""
    return [(c, report.summary.counts[c]) for c in Category if report.summary.counts[c]]


def meta_items(report: Report, words: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs of the line under the verdict: as-of day, filing date, number of files,
    rulebook version. Values are raw (the rulebook version comes from data): escape them."""
    return [
        (words["as_of"], report.as_of.isoformat()),
        (words["filing"], report.filing_date.isoformat()),
        (words["files"], str(report.summary.files)),
        (words["rulebook"], report.rulebook_version),
    ]


def format_amount(value: float | None, lang: str, unknown: str) -> str:
    """An amount in PLN with the language's digit grouping and decimal mark; ``unknown`` for None."""
    if value is None:
        return unknown
    return f"{format_number(value, lang, decimals=2)} PLN"
