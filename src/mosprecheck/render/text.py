"""Plain-text output for a terminal or a case handler: a one-line verdict first, then the deadline,
fees and checklist, then the defects grouped by category.

Colour is plain ANSI (no dependency) and only on request: :func:`render_text` takes ``color``;
the CLI turns it on for a terminal unless ``NO_COLOR`` is set or ``--no-color`` is given
(:func:`use_color`).
"""

from __future__ import annotations

import unicodedata

import os
from collections.abc import Mapping
from typing import IO, Any

from ..i18n import RTL_LANGUAGES, ui
from ..report.models import Category, Defect, Report
from ..report.subject import subject_line
from ._common import (category_counts, deadline_state, defect_groups, file_names, format_amount, isolate_ltr,
                      meta_items, pick)

_RESET = "\x1b[0m"
_STYLE = {
    "ready": "\x1b[1;32m",
    "not_ready": "\x1b[1;31m",
    "heading": "\x1b[1m",
    "code": "\x1b[36m",
    "dim": "\x1b[2m",
    Category.NOT_FILEABLE: "\x1b[1;31m",
    Category.UPLOAD_BLOCKER: "\x1b[1;31m",
    Category.FORMAL_DEFECT: "\x1b[1;33m",
    Category.REFUSAL_RISK: "\x1b[35m",
    Category.ADVISORY: "\x1b[34m",
}
_STATE_MARK = {"present": "[x]", "missing": "[ ]", "listed_but_absent": "[!]"}


def use_color(stream: IO[str], *, no_color: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output written to ``stream``: on a terminal, or anywhere when ``FORCE_COLOR``
    is set to anything non-empty (https://force-color.org); never when ``NO_COLOR`` is set to anything
    non-empty (https://no-color.org) or ``no_color`` (``--no-color``) is true. The opt-outs win over
    ``FORCE_COLOR``: escape codes in a file or a log are the harm to avoid, a missing colour is none."""
    env = os.environ if environ is None else environ
    if no_color or env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def safe_text(value: str) -> str:
    """Escape every non-printable character (control, bidi override, lone surrogate) as \\uXXXX,
    so that a hostile file name cannot move the cursor or reorder the terminal line. Space separators
    (the no-break and narrow no-break spaces that group digits in Polish, Ukrainian, Russian and
    French numbers) are spaces, shown as they are."""
    out = []
    for ch in value:
        if ch.isprintable() or ch == " " or unicodedata.category(ch) == "Zs":
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


def render_text(report: Report, lang: str = "en", *, color: bool = False) -> str:
    """The report as text in ``lang`` (a defect lacking the language falls back to English).

    The first line is the verdict. With ``color``, ANSI colours mark the verdict and categories;
    every piece of user data passes :func:`safe_text` first, so it cannot inject escape sequences.
    """
    words = ui(lang)
    paint = _painter(color)
    lines = []
    verdict = words["ready"] if report.ready_to_file else words["not_ready"]
    short = words.get("counts", {})
    counts = ", ".join(f"{short.get(c.value, c.value)}: {n}" for c, n in category_counts(report))
    lines.append(paint("ready" if report.ready_to_file else "not_ready", verdict) + (f" ({counts})" if counts else ""))
    lines.append(paint("dim", safe_text(" · ".join(f"{label}: {value}" for label, value in meta_items(report, words)))))
    if not report.application_checked:  # why a package of valid files is still not ready (X001)
        lines.append(words["no_application"])
    lines.extend(_summary_lines(report, lang, words))
    lines.extend(_checklist_lines(report, lang, words, paint))
    if not report.defects:
        lines.append("")
        lines.append(words["none"])
    for category, group in defect_groups(report):
        lines.append("")
        lines.append(paint(category, f"== {words['headings'][category.value]} ({len(group)}) =="))
        if category is Category.FORMAL_DEFECT:
            lines.append(paint("dim", words["formal_defect_intro"]))
        for d in group:
            lines.extend(_defect_lines(d, lang, words, paint))
    if lang in RTL_LANGUAGES:  # pointers, file names, numbers and dates keep their order in Arabic
        known = [safe_text(name) for name in file_names(report)]
        lines = [isolate_ltr(line, known) for line in lines]
    return "\n".join(lines) + "\n"


def _painter(color: bool):
    def paint(style: Any, text: str) -> str:
        return f"{_STYLE[style]}{text}{_RESET}" if color else text

    return paint


def _summary_lines(report: Report, lang: str, words: dict[str, Any]) -> list[str]:
    """The deadline and fees exactly as the summary gives them (computed by the rules layer)."""
    lines: list[str] = []
    subject = subject_line(report, lang)  # whose package: applicant, package, permit and ground
    if subject:
        lines.append(safe_text(subject))
    deadline = report.summary.filing_deadline
    if deadline is not None:
        in_time = deadline_state(deadline) == "in_time"
        state = f"{words['days_left']}: {deadline.days_left}" if in_time else words["late"]
        lines.append(f"{words['deadline']}: {deadline.last_day.isoformat()} ({state})")
    if report.summary.fees:
        lines.append(f"{words['fees']}:")
        for fee in report.summary.fees:
            label = pick(fee.label, lang, fee.item)
            basis = f" [{fee.legal_basis}]" if fee.legal_basis else ""
            lines.append(safe_text(f"  - {label}: {format_amount(fee.amount_pln, lang, words['unknown'])}{basis}"))
        lines.append(f"  {words['total']}: {format_amount(report.summary.fees_total_pln, lang, words['unknown'])}")
    return lines


def _checklist_lines(report: Report, lang: str, words: dict[str, Any], paint) -> list[str]:
    if not report.summary.checklist:
        return []
    lines = [f"{words['checklist']}:"]
    for item in report.summary.checklist:
        label = pick(item.label, lang, item.requirement)
        files = f" — {', '.join(item.files)}" if item.files else ""
        text = safe_text(f"  {_STATE_MARK[item.state]} {label} ({words['when_' + item.when]}): "
                         f"{words['state_' + item.state]}{files}")
        lines.append(text if item.state == "present" else paint(Category.FORMAL_DEFECT if item.when == "at_filing"
                                                                 else Category.ADVISORY, text))
    return lines


def _defect_lines(d: Defect, lang: str, words: dict[str, Any], paint) -> list[str]:
    where = []
    if d.file:
        where.append(f"{words['file']} {d.file}")
    if d.field:
        label = pick(d.field_label, lang) if d.field_label else ""
        where.append(f"{words['field']} {d.field}" + (f" — {label}" if label else ""))
    head = paint("code", f"[{d.code} {d.name}]") + (f" {safe_text(' · '.join(where))}" if where else "")
    lines = [head, "  " + safe_text(pick(d.message, lang)), f"  → {words['remedy']}: " + safe_text(pick(d.remedy, lang))]
    if d.legal_basis:
        lines.append(f"  {words['basis']}: {safe_text(d.legal_basis)}")
    return lines
