"""JSON Schemas (2020-12) of the two formats, generated from the pydantic models.

``schemas/application.schema.json`` and ``schemas/report.schema.json`` are written by
``python scripts/generate_schemas.py``; a test fails when they differ from these functions' output.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from .application.models import Application
from .report.models import Report

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _schema(model: Any, schema_id: str, title: str) -> dict[str, Any]:
    body = model.model_json_schema(schema_generator=GenerateJsonSchema, mode="validation")
    return {"$schema": _DIALECT, "$id": schema_id, **body, "title": title}


def application_schema() -> dict[str, Any]:
    """Schema of the application description (``schema_version: "1"``)."""
    return _schema(Application, "https://mosprecheck.invalid/schemas/application.schema.json",
                   "mosprecheck application description")


def report_schema() -> dict[str, Any]:
    """Schema of the defect report (``schema_version: "1"``)."""
    return _schema(Report, "https://mosprecheck.invalid/schemas/report.schema.json", "mosprecheck defect report")


def dumps(schema: dict[str, Any]) -> str:
    """Stable text of a schema as written to ``schemas/``."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


SCHEMAS = {"application.schema.json": application_schema, "report.schema.json": report_schema}
