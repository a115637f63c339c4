"""JSON output: exactly ``report.model_dump_json()``."""

from __future__ import annotations

from ..report.models import Report


def render_json(report: Report) -> str:
    """The report as compact JSON (what ``--format json`` prints)."""
    return report.model_dump_json()
