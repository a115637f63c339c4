"""Renderers: the report as JSON or text. A renderer never decides anything."""

from .json import render_json
from .text import render_text, safe_text

__all__ = ["render_json", "render_text", "safe_text"]
