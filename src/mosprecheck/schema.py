"""JSON Schemas (2020-12) of the two formats, generated from the pydantic models.

``application.schema.json`` and ``report.schema.json`` ship inside the package
(``src/mosprecheck/schemas/``, reachable with :func:`schema_text` or
``importlib.resources.files("mosprecheck") / "schemas"``); they are written by
``python scripts/generate_schemas.py`` and a test fails when they differ from these functions' output.

Each schema's ``$id`` is a URN that names the format and its ``schema_version``
(``urn:mosprecheck:schema:report:1``): stable, independent of where a copy is served from, and never
an address that looks resolvable but is not.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from .application.models import Application
from .report.models import REPORT_SCHEMA_VERSION, Report

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _schema(model: Any, schema_id: str, title: str) -> dict[str, Any]:
    body = model.model_json_schema(schema_generator=GenerateJsonSchema, mode="validation")
    return {"$schema": _DIALECT, "$id": schema_id, **body, "title": title}


def application_schema() -> dict[str, Any]:
    """Schema of the application description (``schema_version: "1"``)."""
    return _schema(Application, "urn:mosprecheck:schema:application:1", "mosprecheck application description")


def report_schema() -> dict[str, Any]:
    """Schema of the defect report (``schema_version: "1"``)."""
    return _schema(Report, f"urn:mosprecheck:schema:report:{REPORT_SCHEMA_VERSION}", "mosprecheck defect report")


def dumps(schema: dict[str, Any]) -> str:
    """Stable text of a schema as written to ``src/mosprecheck/schemas/``."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


SCHEMAS = {"application.schema.json": application_schema, "report.schema.json": report_schema}


def schema_text(name: str) -> str:
    """The shipped text of ``name`` (``application.schema.json`` or ``report.schema.json``)."""
    if name not in SCHEMAS:
        raise KeyError(name)
    return (resources.files("mosprecheck") / "schemas" / name).read_text(encoding="utf-8")
