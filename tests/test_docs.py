"""The documentation that is generated or promised by the README stays in step with the code."""

from __future__ import annotations

import generate_rules_doc
from conftest import ROOT

from mosprecheck.rules import all_rules


def test_rules_md_is_generated_from_the_current_registry():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == generate_rules_doc.render(), "docs/rules.md is stale: run python scripts/generate_rules_doc.py"


def test_rules_md_documents_every_code_with_its_sections():
    text = generate_rules_doc.render()
    for code, r in all_rules().items():
        section = text.split(f"\n### {code}\n", 1)[1].split("\n### ", 1)[0]
        assert r.name in section and r.category.value in section
        for heading in ("**What it checks.**", "**Why the office objects.**", "**How to fix.**", "Legal basis:"):
            assert heading in section, (code, heading)
        if r.legal_basis:
            assert r.legal_basis in section


def test_docs_named_by_the_readme_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("getting-started.md", "formats.md", "integration.md", "rules.md", "architecture.md"):
        assert f"docs/{name}" in readme, name
        assert (ROOT / "docs" / name).is_file(), name
