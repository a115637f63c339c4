"""``mosprecheck.api.check_facts``: the rules and report of ``check`` over file facts gathered
elsewhere (the in-process rule cases stand on it), equal to ``check`` for the facts the inventory read."""

from __future__ import annotations

import json

import pytest
from conftest import AS_OF, EXAMPLES

import mosprecheck
from mosprecheck.api import check_facts
from mosprecheck.inventory import Inspector, walk_package
from mosprecheck.render import render_json
from mosprecheck.rulebook import load_rulebook

FOLDERS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir())


def _facts(folder):
    described = folder / "application.json"
    app = json.loads(described.read_text(encoding="utf-8")) if described.exists() else None
    filing = (app or {}).get("filing_date")
    view = load_rulebook().at(mosprecheck.api.normalise_as_of(filing or AS_OF))
    limit = view.value("upload.max_file_bytes", None)
    with Inspector(pixel_budget=view.value("upload.max_image_pixels")) as inspector:
        files = walk_package(folder, exclude=frozenset({"application.json"}), inspector=inspector,
                             max_read_bytes=2 * limit if limit else None)
    return app, files


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_check_facts_gives_the_report_of_check(folder):
    app, files = _facts(folder)
    expected = mosprecheck.check(folder, as_of=AS_OF)
    got = check_facts(files, app, as_of=AS_OF, package_dir=folder)
    assert render_json(got) == render_json(expected)


def test_check_facts_without_a_description_checks_the_files_only(work_package):
    (work_package / "application.json").unlink()
    _app, files = _facts(work_package)
    report = check_facts(files, as_of=AS_OF, package_dir=work_package)
    assert "X001" in report.codes
    assert render_json(report) == render_json(mosprecheck.check(work_package, as_of=AS_OF))
