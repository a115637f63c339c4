"""What the text and HTML renderers share: picking a language, the deadline's state, the defect
groups, the verdict's counts and meta line, and amounts. Each decision is made here once, so the
two formats cannot say different things about one report; the renderers only lay it out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from ..i18n import format_number
from ..report.models import Category, Defect, FilingDeadline, Report


def file_names(report: Report) -> list[str]:
    """Every file path the report names (defects and checklist): the values an RTL rendering isolates
    whole, spaces and all."""
    names = {d.file for d in report.defects if d.file} | {f for item in report.summary.checklist for f in item.files}
    return sorted(names)


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


# ---------------------------------------------------------------------------------------------
# Right-to-left output: isolate what reads left to right
# ---------------------------------------------------------------------------------------------

#: A word of a left-to-right run (no space, Arabic script, bracket, guillemet or colon).
_WORD = r"[^\s\u0590-\u08ff\ufb1d-\ufefc«»()\[\]،؛:\u2066-\u2069]"
#: A run that reads left to right inside a right-to-left sentence: words holding a Latin letter, a
#: digit or a slash (a JSON pointer, a file name, a number, a date, a code, a Polish citation such as
#: "art. 261 § 1 KPA"), one run however many words, so that the words keep their order.
_LTR_RUN = re.compile(rf"{_WORD}*[0-9A-Za-z/]{_WORD}*(?:[ \u00a0\u202f]+{_WORD}+)*")
#: What ends a run but belongs to the sentence: its punctuation and trailing words without a letter or digit.
_RUN_TAIL = re.compile(r"(?:[ \u00a0\u202f]+[^\s0-9A-Za-z/]+|[.,;!?])+$")
_ANSI = re.compile(r"(\x1b\[[0-9;]*m)")
FSI, PDI = "\u2068", "\u2069"


def isolate_ltr(text: str, known: list[str] | tuple[str, ...] = ()) -> str:
    """``text`` (already made safe) with every left-to-right run isolated by FSI … PDI, so that an
    Arabic sentence does not reorder a pointer, file name, number or date. ``known``: whole values
    (file names with spaces) isolated as one run. ANSI colour codes are left as they are.

    The isolates are added after :func:`~mosprecheck.render.text.safe_text`, which shows any bidi
    control the user typed as a visible escape: every isolate in the output is the renderer's own.
    """
    out = []
    for piece in _ANSI.split(text):
        out.append(piece if _ANSI.fullmatch(piece) else _isolate(piece, known, FSI, PDI))
    return "".join(out)


def _isolate(text: str, known, start: str, end: str) -> str:
    values = sorted({k for k in known if k and k in text}, key=len, reverse=True)
    if values:  # known values first, whole
        parts = re.split("(" + "|".join(re.escape(v) for v in values) + ")", text)
        return "".join(f"{start}{p}{end}" if i % 2 else _isolate_quoted(p, start, end) for i, p in enumerate(parts))
    return _isolate_quoted(text, start, end)


def _isolate_quoted(text: str, start: str, end: str) -> str:
    """A value quoted «…» without Arabic in it (a file name, a key) is one run, spaces and all."""
    parts = _QUOTED.split(text)
    return "".join(f"«{start}{p}{end}»" if i % 2 else _isolate_runs(p, start, end) for i, p in enumerate(parts))


def _isolate_runs(text: str, start: str, end: str) -> str:
    def wrap(m: re.Match[str]) -> str:
        run = m.group(0)
        tail = _RUN_TAIL.search(run)
        core, rest = (run[:tail.start()], run[tail.start():]) if tail else (run, "")
        return f"{start}{core}{end}{rest}" if core else run

    return _LTR_RUN.sub(wrap, text)


_QUOTED = re.compile(r"«([^«»\u0590-\u08ff\ufb1d-\ufefc\u2066-\u2069]*[0-9A-Za-z/][^«»\u0590-\u08ff\ufb1d-\ufefc\u2066-\u2069]*)»")

_HTML_SKIP = re.compile(r"(<bdi[^>]*>.*?</bdi>|<style>.*?</style>|<title>.*?</title>|<[^>]+>)", re.DOTALL)


def isolate_ltr_html(page: str, known: list[str] | tuple[str, ...] = ()) -> str:
    """The text of an HTML page (already escaped) with every left-to-right run in ``<bdi dir="ltr">``;
    tags, existing ``<bdi>`` elements, the style and the title are left as they are."""
    parts = _HTML_SKIP.split(page)
    return "".join(p if i % 2 else _isolate(p, known, '<bdi dir="ltr">', "</bdi>") for i, p in enumerate(parts))
