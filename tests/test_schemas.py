"""The published schemas are generated from the models and must not go stale."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import SCHEMAS

from mosprecheck.schema import SCHEMAS as GENERATORS
from mosprecheck.schema import dumps


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_schema_file_is_up_to_date(name):
    on_disk = (SCHEMAS / name).read_text(encoding="utf-8")
    assert on_disk == dumps(GENERATORS[name]()), f"schemas/{name} is stale: run python scripts/generate_schemas.py"


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_schema_is_valid_json_schema_2020_12(name):
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_report_schema_fixes_the_contract_keys():
    schema = json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8"))
    assert {"schema_version", "ready_to_file", "defects", "files", "summary", "as_of", "rulebook_version"} <= set(
        schema["properties"])
    defect = schema["$defs"]["Defect"]["properties"]
    assert {"code", "category", "file", "field", "message", "remedy", "legal_basis", "ctx"} <= set(defect)
    assert schema["$defs"]["Category"]["enum"] == [
        "not_fileable", "upload_blocker", "formal_defect", "refusal_risk", "advisory"]


def test_application_schema_fixes_the_contract_keys():
    schema = json.loads((SCHEMAS / "application.schema.json").read_text(encoding="utf-8"))
    assert {"schema_version", "permit", "filing_date", "legal_stay_until", "documents"} <= set(schema["properties"])
    assert set(schema["$defs"]["Document"]["properties"]) >= {"file", "kind", "language", "translation_of", "issued_on"}
    assert schema["$defs"]["PermitType"]["enum"] == ["temporary_residence", "permanent_residence", "long_term_eu_resident"]


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_schemas_ship_inside_the_package_with_a_urn_id(name):
    from importlib import resources

    from mosprecheck.schema import schema_text

    text = (resources.files("mosprecheck") / "schemas" / name).read_text(encoding="utf-8")
    assert text == schema_text(name) == dumps(GENERATORS[name]())
    kind = name.split(".")[0]
    assert json.loads(text)["$id"] == f"urn:mosprecheck:schema:{kind}:1"
