"""JSON output: exactly ``report.model_dump_json()``, or the same with only some languages kept."""

from __future__ import annotations

from collections.abc import Iterable

from ..report.models import Report


def select_languages(report: Report, languages: Iterable[str]) -> Report:
    """A copy of ``report`` whose texts (defect messages and remedies, fee and checklist labels)
    keep only ``languages``; codes, ctx and everything else are unchanged."""
    keep = set(languages)
    data = report.model_dump(mode="json")
    for defect in data["defects"]:
        for key in ("message", "remedy"):
            defect[key] = {lang: text for lang, text in defect[key].items() if lang in keep}
        if defect.get("field_label"):
            defect["field_label"] = {lang: text for lang, text in defect["field_label"].items() if lang in keep}
    for item in (*data["summary"]["fees"], *data["summary"].get("checklist", [])):
        item["label"] = {lang: text for lang, text in item["label"].items() if lang in keep}
    return Report.model_validate(data)


def render_json(report: Report, languages: Iterable[str] | None = None) -> str:
    """The report as compact JSON (what ``--format json`` prints); every language by default, or
    only ``languages`` (``--json-languages``)."""
    if languages is not None:
        report = select_languages(report, languages)
    return report.model_dump_json()
