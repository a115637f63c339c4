"""What a request's child process runs: the check of an unpacked package (no FastAPI imported here)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def check_request(root: str, application: str | None, as_of: str, redact: bool, languages: list[str] | None,
                  html_lang: str | None) -> dict[str, Any]:
    """Check the package folder ``root`` (with the description at ``application``, else its own
    application.json) and return the body to send: the report JSON exactly as ``check --format json``
    prints it (without the final newline), or the HTML page when ``html_lang`` is given."""
    from ..errors import InputError
    from ..render import render_html, render_json
    from ..api import check_unpacked

    try:
        report = check_unpacked(root, application, as_of=dt.date.fromisoformat(as_of), redact=redact)
    except InputError as exc:
        return {"input_error": str(exc)}
    body = render_html(report, html_lang) if html_lang else render_json(report, languages)
    return {"body": body, "ready": report.ready_to_file}
