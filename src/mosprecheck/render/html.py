"""HTML output: one self-contained, printable page for the person who must fix the package.

The page holds the verdict, the last day to file and the days left, the fees, the checklist of
the documents the ground requires with their state, then the defects with their remedies grouped
by category. It has inline CSS (with a print stylesheet) and nothing else: no script, no external
resource, and a Content-Security-Policy that forbids both, so a copy mailed or archived renders the
same anywhere. Arabic is laid out right to left.

Every string that can come from the user (file names, JSON pointers to unknown keys, values quoted
in messages, libmagic descriptions) goes through :func:`_esc`: control and bidi characters are made
visible (:func:`~mosprecheck.render.text.safe_text`) and ``& < > " '`` are escaped, so a file
named ``<script>...`` is shown as text and cannot inject anything.
"""

from __future__ import annotations

import html
from typing import Any

from .._version import __version__
from ..i18n import RTL_LANGUAGES, ui
from ..report.models import Category, Defect, Report
from ..report.subject import subject_line
from ._common import (category_counts, deadline_state, defect_groups, file_names, format_amount, isolate_ltr_html,
                      meta_items, pick)
from .text import safe_text

_CSS = """
*{box-sizing:border-box}
body{font-family:"Segoe UI","Noto Sans","DejaVu Sans",Arial,sans-serif;color:#1b1b1b;background:#fff;
 margin:0 auto;max-width:60rem;padding:1.5rem;line-height:1.45}
h1{font-size:1.4rem;margin:0 0 .75rem}
h2{font-size:1.15rem;margin:1.75rem 0 .5rem;border-bottom:2px solid #d0d0d0;padding-bottom:.2rem}
.verdict{border-radius:.4rem;padding:.8rem 1rem;margin:.5rem 0 1rem;border:2px solid}
.verdict strong{display:block;font-size:1.35rem;letter-spacing:.02em}
.verdict.ready{background:#e8f5e9;border-color:#2e7d32;color:#1b5e20}
.verdict.not-ready{background:#fdecea;border-color:#c62828;color:#8e1c1c}
.meta{color:#555;font-size:.9rem;margin:.2rem 0}
.counts{display:flex;flex-wrap:wrap;gap:.4rem;padding:0;margin:.5rem 0;list-style:none}
.counts li{border:1px solid #ccc;border-radius:1rem;padding:.1rem .7rem;font-size:.85rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0}
th,td{border:1px solid #d8d8d8;padding:.35rem .5rem;text-align:start;vertical-align:top}
th{background:#f3f3f3;font-weight:600}
td.num{text-align:end;white-space:nowrap}
.state-present{color:#1b5e20}
.state-missing,.state-listed_but_absent{color:#8e1c1c;font-weight:600}
.later .state-missing{color:#5d4300}
.deadline strong{font-size:1.1rem}
.late{color:#8e1c1c;font-weight:600}
.defect{border:1px solid #d8d8d8;border-inline-start:.4rem solid #999;border-radius:.3rem;padding:.6rem .8rem;
 margin:.6rem 0;break-inside:avoid;page-break-inside:avoid}
.cat-not_fileable .defect,.cat-upload_blocker .defect{border-inline-start-color:#c62828}
.cat-formal_defect .defect{border-inline-start-color:#ef6c00}
.cat-refusal_risk .defect{border-inline-start-color:#6a1b9a}
.cat-advisory .defect{border-inline-start-color:#1565c0}
.code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:.85rem;background:#f3f3f3;border-radius:.2rem;
 padding:0 .3rem}
.where{color:#555;font-size:.9rem}
.intro{font-style:italic;margin:.2rem 0 .6rem}
.path{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:.88rem;word-break:break-all}
.message{margin:.35rem 0}
.remedy{margin:.35rem 0;padding:.35rem .6rem;background:#f6f8fa;border-radius:.2rem}
.basis{color:#555;font-size:.85rem;margin:.2rem 0 0}
footer{margin-top:2rem;color:#666;font-size:.8rem;border-top:1px solid #ddd;padding-top:.5rem}
@page{margin:15mm}
@media print{
 body{max-width:none;padding:0;font-size:10.5pt}
 .verdict{background:none!important;color:#000!important}
 h2{break-after:avoid;page-break-after:avoid}
 tr{break-inside:avoid;page-break-inside:avoid}
 a{color:inherit;text-decoration:none}
}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"


def _esc(value: Any) -> str:
    """Any value as safe HTML text: non-printable characters made visible, markup escaped."""
    return html.escape(safe_text(str(value)), quote=True)


def _path(value: str) -> str:
    """A file path or JSON pointer: always left to right, isolated from the surrounding text."""
    return f'<bdi dir="ltr" class="path">{_esc(value)}</bdi>'


def render_html(report: Report, lang: str = "en") -> str:
    """The report as one self-contained HTML page in ``lang`` (English where a text lacks it)."""
    words = ui(lang)
    direction = "rtl" if lang in RTL_LANGUAGES else "ltr"
    parts: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{_esc(lang)}" dir="{direction}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_esc(words['title'])}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_esc(words['title'])}</h1>",
    ]
    parts.extend(_verdict(report, words, lang))
    parts.extend(_deadline(report, words))
    parts.extend(_fees(report, lang, words))
    parts.extend(_checklist(report, lang, words))
    parts.extend(_defects(report, lang, words))
    parts.append(f"<footer>{_esc(words['generated'].format(version=__version__, rulebook=report.rulebook_version))}"
                 "</footer>")
    parts.append("</body>")
    parts.append("</html>")
    page = "\n".join(parts) + "\n"
    if lang in RTL_LANGUAGES:  # pointers, file names, numbers and dates keep their order in Arabic
        page = isolate_ltr_html(page, [_esc(name) for name in file_names(report)])
    return page


def _verdict(report: Report, words: dict[str, Any], lang: str = "en") -> list[str]:
    ready = report.ready_to_file
    out = [
        f'<section class="verdict {"ready" if ready else "not-ready"}" role="status">',
        f"<strong>{_esc(words['ready'] if ready else words['not_ready'])}</strong>",
        f"<span>{_esc(words['ready_long'] if ready else words['not_ready_long'])}</span>",
        "</section>",
        '<ul class="counts">',
    ]
    for c, n in category_counts(report):
        out.append(f'<li class="cat-{c.value}">{_esc(words["headings"][c.value])}: <b>{n}</b></li>')
    out.append("</ul>")
    meta = " · ".join(f"{_esc(label)}: {_esc(value)}" for label, value in meta_items(report, words))
    out.append(f'<p class="meta">{meta}</p>')
    subject = subject_line(report, lang)
    if subject:
        out.append(f'<p class="subject">{_esc(subject)}</p>')
    if not report.application_checked:
        out.append(f'<p class="meta">{_esc(words["no_application"])}</p>')
    return out


def _deadline(report: Report, words: dict[str, Any]) -> list[str]:
    if not report.application_checked:
        return []
    d = report.summary.filing_deadline
    out = [f"<h2>{_esc(words['deadline'])}</h2>", '<p class="deadline">']
    if d is None:
        out.append(_esc(words["no_deadline"]))
    else:
        out.append(f"<strong>{d.last_day.isoformat()}</strong> — ")
        if deadline_state(d) == "in_time":
            out.append(f"{_esc(words['days_left'])}: <strong>{d.days_left}</strong>")
        else:
            out.append(f'<span class="late">{_esc(words["late"])}</span>')
        if d.legal_basis:
            out.append(f'<br><span class="basis">{_esc(words["basis"])}: {_esc(d.legal_basis)}</span>')
    out.append("</p>")
    return out


def _fees(report: Report, lang: str, words: dict[str, Any]) -> list[str]:
    fees = report.summary.fees
    if not fees:
        return []
    out = [f"<h2>{_esc(words['fees'])}</h2>", "<table>",
           f"<thead><tr><th>{_esc(words['fee'])}</th><th>{_esc(words['amount'])}</th>"
           f"<th>{_esc(words['basis'])}</th></tr></thead>", "<tbody>"]
    for fee in fees:
        label = pick(fee.label, lang, fee.item)
        out.append(f"<tr><td>{_esc(label)}</td><td class=\"num\">"
                   f"{_esc(format_amount(fee.amount_pln, lang, words['unknown']))}</td>"
                   f"<td>{_esc(fee.legal_basis or '')}</td></tr>")
    out.append(f"<tr><th>{_esc(words['total'])}</th><th class=\"num\">"
               f"{_esc(format_amount(report.summary.fees_total_pln, lang, words['unknown']))}</th><th></th></tr>")
    out.extend(["</tbody>", "</table>"])
    return out


def _checklist(report: Report, lang: str, words: dict[str, Any]) -> list[str]:
    items = report.summary.checklist
    if not items:
        return []
    out = [f"<h2>{_esc(words['checklist'])}</h2>", "<table>",
           f"<thead><tr><th>{_esc(words['document'])}</th><th>{_esc(words['when'])}</th>"
           f"<th>{_esc(words['state'])}</th><th>{_esc(words['files'])}</th></tr></thead>", "<tbody>"]
    for item in items:
        label = pick(item.label, lang, item.requirement)
        files = "<br>".join(_path(f) for f in item.files)
        mark = {"present": "✔", "missing": "✘", "listed_but_absent": "!"}[item.state]
        out.append(f'<tr class="{item.when.replace("_", "-")}"><td>{_esc(label)}</td>'
                   f"<td>{_esc(words['when_' + item.when])}</td>"
                   f'<td class="state-{item.state}">{mark} {_esc(words["state_" + item.state])}</td>'
                   f"<td>{files}</td></tr>")
    out.extend(["</tbody>", "</table>"])
    return out


def _defects(report: Report, lang: str, words: dict[str, Any]) -> list[str]:
    out = [f"<h2>{_esc(words['defects'])}</h2>"]
    if not report.defects:
        out.append(f"<p>{_esc(words['none'])}</p>")
        return out
    for category, group in defect_groups(report):
        out.append(f'<section class="cat-{category.value}">')
        out.append(f"<h3>{_esc(words['headings'][category.value])} ({len(group)})</h3>")
        if category is Category.FORMAL_DEFECT:
            out.append(f'<p class="intro">{_esc(words["formal_defect_intro"])}</p>')
        out.extend(_defect(d, lang, words) for d in group)
        out.append("</section>")
    return out


def _defect(d: Defect, lang: str, words: dict[str, Any]) -> str:
    message, remedy = pick(d.message, lang), pick(d.remedy, lang)
    where = []
    if d.file:
        where.append(f"{_esc(words['file'])}: {_path(d.file)}")
    if d.field:
        label = pick(d.field_label, lang) if d.field_label else ""
        where.append(f"{_esc(words['field'])}: {_path(d.field)}" + (f" — {_esc(label)}" if label else ""))
    parts = [
        '<article class="defect">',
        f'<div><span class="code">{_esc(d.code)}</span> <bdi dir="ltr">{_esc(d.name)}</bdi></div>',
    ]
    if where:
        parts.append(f'<div class="where">{" · ".join(where)}</div>')
    parts.append(f'<p class="message">{_esc(message)}</p>')
    parts.append(f'<p class="remedy"><b>{_esc(words["remedy"])}:</b> {_esc(remedy)}</p>')
    if d.legal_basis:
        parts.append(f'<p class="basis">{_esc(words["basis"])}: {_esc(d.legal_basis)}</p>')
    parts.append("</article>")
    return "\n".join(parts)
