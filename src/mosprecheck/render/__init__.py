"""Renderers: the report as JSON, text or HTML. A renderer never decides anything."""

from .html import render_html
from .json import render_json, select_languages
from .text import render_text, safe_text, use_color

__all__ = ["render_html", "render_json", "render_text", "safe_text", "select_languages", "use_color"]
