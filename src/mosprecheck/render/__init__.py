"""Renderers: the report as JSON, text or HTML. A renderer never decides anything."""

from __future__ import annotations

from collections.abc import Sequence

from ..report.models import Report
from .html import render_html
from .json import render_json, select_languages
from .output import write_output
from .text import render_text, safe_text, use_color

__all__ = ["render", "render_html", "render_json", "render_text", "safe_text", "select_languages", "use_color", "write_output"]


def render(report: Report, fmt: str, lang: str = "en", *, json_languages: Sequence[str] | None = None,
           color: bool = False) -> str:
    """The report in ``fmt`` (``json``, ``html`` or ``text``): JSON keeps ``json_languages`` (all when
    None), HTML and text are in ``lang``, text is coloured when ``color``."""
    if fmt == "json":
        return render_json(report, json_languages)
    if fmt == "html":
        return render_html(report, lang)
    return render_text(report, lang, color=color)
