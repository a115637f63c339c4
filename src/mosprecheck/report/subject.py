"""What a report is about, and where a defect's field sits on the MOS form (issue 12 item 6).

- :func:`subject_of`: the report's ``subject``: the package's folder name, the permit type and
  ground, and the applicant's surname and given names (masked by redaction like other names).
- :func:`field_label`: the label of a JSON pointer on the form the office reads, per language
  ("part A, box 1 "Surname""), from the catalogue's ``field.<pointer>`` entries (data, keyed by pointer pattern;
  ``*`` stands for a list index). A pointer without a label of its own takes the label of the
  nearest labelled ancestor (``/previous_stays_in_poland/0/date_from`` -> part E.III a)).
- :func:`annotate`: both added to a built report. Labels are given only when the form in force
  for the permit type on the filing date (rulebook ``form.models``) is the form the labels were
  read from (its entry says ``labelled: true``): another form numbers its parts and boxes
  differently, and a wrong box is worse than none.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from ..i18n import MOS_LANGUAGES
from ..i18n import form_fields, habits
from .models import Report, Subject

@functools.lru_cache(maxsize=2048)
def _entry(pointer: str) -> str | None:
    """The labelled pattern for ``pointer`` (itself or its nearest labelled ancestor), or None."""
    known = form_fields("en")
    parts = pointer.split("/")[1:] if pointer.startswith("/") else []
    while parts:
        pattern = "/" + "/".join("*" if p.isdigit() else p for p in parts)
        if pattern in known:
            return pattern
        parts = parts[:-1]
    return None


def field_label(pointer: str | None, lang: str) -> str | None:
    """The form's label of ``pointer`` in ``lang`` ("part A, box 1 "Surname""), or None."""
    if not pointer:
        return None
    pattern = _entry(pointer)
    if pattern is None:
        return None
    entry = form_fields(lang).get(pattern) or form_fields("en")[pattern]
    words = habits(lang)
    kind = ("annex" if entry.get("annex") else "field") + ("_box" if entry.get("box") else "_part")
    return words[kind].format(part=entry["part"], box=entry.get("box", ""), label=entry["label"])


def field_labels(pointer: str | None) -> dict[str, str] | None:
    """:func:`field_label` in every MOS language, or None when the pointer has no label."""
    if not pointer or _entry(pointer) is None:
        return None
    return {lang: field_label(pointer, lang) or "" for lang in MOS_LANGUAGES}


def subject_of(package_dir: Any, application: Any) -> Subject:
    """The subject of a check: ``package_dir``'s folder name and, from the description (a model
    :class:`~mosprecheck.application.Application` or None), permit type, ground and names."""
    name = None
    if package_dir is not None:
        try:
            name = Path(package_dir).resolve().name or None
        except (OSError, RuntimeError, TypeError, ValueError):
            name = None
    permit = getattr(application, "permit", None)
    applicant = getattr(application, "applicant", None)
    return Subject(
        package=name,
        permit_type=_value(getattr(permit, "type", None)),
        ground=_value(getattr(permit, "ground", None)),
        surname=_text(getattr(applicant, "surname", None)),
        given_names=_text(getattr(applicant, "given_names", None)),
    )


def _value(enum: Any) -> str | None:
    value = getattr(enum, "value", enum)
    return value if isinstance(value, str) and value else None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def labels_apply(application: Any, form_models: Any) -> bool:
    """True when the form in force for the application's permit type is the one the catalogue's
    labels were read from (rulebook ``form.models``: ``labelled: true``)."""
    ptype = _value(getattr(getattr(application, "permit", None), "type", None))
    if not ptype or not isinstance(form_models, dict):
        return False
    model = form_models.get(ptype)
    return isinstance(model, dict) and model.get("labelled") is True


def annotate(report: Report, package_dir: Any, application: Any, form_models: Any) -> Report:
    """``report`` with its ``subject`` and, where the labelled form is in force, each defect's
    ``field_label``. Never raises: a failure leaves the report as it was."""
    try:
        update: dict[str, Any] = {"subject": subject_of(package_dir, application)}
        if labels_apply(application, form_models) and any(d.field for d in report.defects):
            update["defects"] = [d.model_copy(update={"field_label": field_labels(d.field)}) if d.field else d
                                 for d in report.defects]
        return report.model_copy(update=update)
    except Exception:  # the subject is a courtesy: never the reason a check fails
        return report


def zip_name(source: Any) -> str | None:
    """The name a zip given by path goes by (its file name without ``.zip``); None for bytes or a
    file object without a name."""
    name = source if isinstance(source, (str, os.PathLike)) else getattr(source, "name", None)
    if not isinstance(name, (str, os.PathLike)):
        return None
    base = os.path.basename(os.fspath(name))
    return (base[:-4] if base.lower().endswith(".zip") else base) or None


def renamed(report: Report, package: str | None) -> Report:
    """``report`` whose subject names ``package`` (a zip's name instead of its temporary folder)."""
    subject = report.subject or Subject()
    return report.model_copy(update={"subject": subject.model_copy(update={"package": package})})


def subject_line(report: Report, lang: str) -> str | None:
    """The header line naming the subject ("applicant: KOWALENKO OLENA · package: work-ready ·
    permit: temporary_residence / work_single_permit"), or None when the report names nothing."""
    s = report.subject
    if s is None:
        return None
    words = habits(lang)
    items = []
    name = " ".join(v for v in (s.surname, s.given_names) if v)
    if name:
        items.append(f"{words['applicant']}: {name}")
    if s.package:
        items.append(f"{words['package']}: {s.package}")
    if s.permit_type or s.ground:
        items.append(f"{words['permit']}: {' / '.join(v for v in (s.permit_type, s.ground) if v)}")
    return " · ".join(items) or None
