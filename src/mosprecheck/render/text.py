"""Plain-text output for a case handler: verdict first, then defects grouped by category."""

from __future__ import annotations

from ..report.models import Category, Defect, Report

_HEADINGS = {
    "pl": {
        Category.NOT_FILEABLE: "Sprawy nie można złożyć przez MOS",
        Category.UPLOAD_BLOCKER: "Portal nie przyjmie pliku",
        Category.FORMAL_DEFECT: "Braki formalne (urząd wezwie do ich usunięcia)",
        Category.REFUSAL_RISK: "Ryzyko odmowy",
        Category.ADVISORY: "Zalecenia",
    },
    "en": {
        Category.NOT_FILEABLE: "Cannot be filed through MOS",
        Category.UPLOAD_BLOCKER: "The portal will not take the file",
        Category.FORMAL_DEFECT: "Formal defects (the office would send a call to remedy them)",
        Category.REFUSAL_RISK: "Risk of refusal",
        Category.ADVISORY: "Advice",
    },
}
_WORDS = {
    "pl": {
        "ready": "GOTOWE DO ZŁOŻENIA", "not_ready": "NIEGOTOWE DO ZŁOŻENIA", "file": "plik", "field": "pole",
        "remedy": "co zrobić", "basis": "podstawa prawna", "defects": "usterki", "as_of": "stan na",
        "filing": "data złożenia", "rulebook": "wersja reguł", "files": "pliki", "none": "Nie znaleziono usterek.",
        "deadline": "ostatni dzień na złożenie", "days_left": "pozostało dni", "late": "po terminie",
        "fees": "opłaty", "total": "razem", "unknown": "kwota nieustalona",
    },
    "en": {
        "ready": "READY TO FILE", "not_ready": "NOT READY TO FILE", "file": "file", "field": "field",
        "remedy": "fix", "basis": "legal basis", "defects": "defects", "as_of": "as of",
        "filing": "filing date", "rulebook": "rulebook", "files": "files", "none": "No defects found.",
        "deadline": "last day to file", "days_left": "days left", "late": "after the deadline",
        "fees": "fees", "total": "total", "unknown": "amount not established",
    },
}


def safe_text(value: str) -> str:
    """Escape every non-printable character (control, bidi override, lone surrogate) as \\uXXXX,
    so that a hostile file name cannot move the cursor or reorder the terminal line."""
    out = []
    for ch in value:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


def render_text(report: Report, lang: str = "en") -> str:
    """The report as text in ``lang`` (falls back to English for a language a defect lacks)."""
    words = _WORDS.get(lang, _WORDS["en"])
    headings = _HEADINGS.get(lang, _HEADINGS["en"])
    lines = []
    verdict = words["ready"] if report.ready_to_file else words["not_ready"]
    counts = ", ".join(f"{report.summary.counts[c]} {c.value}" for c in Category if report.summary.counts[c])
    lines.append(f"{verdict}" + (f" ({counts})" if counts else ""))
    lines.append(
        f"{words['as_of']}: {report.as_of.isoformat()} · {words['filing']}: {report.filing_date.isoformat()} · "
        f"{words['files']}: {report.summary.files} · {words['rulebook']}: {report.rulebook_version}"
    )
    lines.extend(_summary_lines(report, lang, words))
    if not report.defects:
        lines.append("")
        lines.append(words["none"])
    for category in Category:
        group = [d for d in report.defects if d.category is category]
        if not group:
            continue
        lines.append("")
        lines.append(f"== {headings[category]} ({len(group)}) ==")
        for d in group:
            lines.extend(_defect_lines(d, lang, words))
    return "\n".join(lines) + "\n"


def _amount(value: float | None, lang: str, words: dict[str, str]) -> str:
    if value is None:
        return words["unknown"]
    text = f"{value:,.2f}"
    if lang == "pl":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return f"{text} PLN"


def _summary_lines(report: Report, lang: str, words: dict[str, str]) -> list[str]:
    """The deadline and fees exactly as the summary gives them (computed by the rules layer)."""
    lines: list[str] = []
    deadline = report.summary.filing_deadline
    if deadline is not None:
        state = f"{words['days_left']}: {deadline.days_left}" if deadline.filing_date_in_time else words["late"]
        lines.append(f"{words['deadline']}: {deadline.last_day.isoformat()} ({state})")
    if report.summary.fees:
        lines.append(f"{words['fees']}:")
        for fee in report.summary.fees:
            label = fee.label.get(lang) or fee.label.get("en") or fee.item
            basis = f" [{fee.legal_basis}]" if fee.legal_basis else ""
            lines.append(safe_text(f"  - {label}: {_amount(fee.amount_pln, lang, words)}{basis}"))
        lines.append(f"  {words['total']}: {_amount(report.summary.fees_total_pln, lang, words)}")
    return lines


def _defect_lines(d: Defect, lang: str, words: dict[str, str]) -> list[str]:
    where = []
    if d.file:
        where.append(f"{words['file']} {d.file}")
    if d.field:
        where.append(f"{words['field']} {d.field}")
    head = f"[{d.code} {d.name}]" + (f" {' · '.join(where)}" if where else "")
    message = d.message.get(lang) or d.message.get("en") or next(iter(d.message.values()), "")
    remedy = d.remedy.get(lang) or d.remedy.get("en") or next(iter(d.remedy.values()), "")
    lines = [safe_text(head), "  " + safe_text(message), f"  → {words['remedy']}: " + safe_text(remedy)]
    if d.legal_basis:
        lines.append(f"  {words['basis']}: {safe_text(d.legal_basis)}")
    return lines
