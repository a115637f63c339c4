"""One parametrised runner for the rule cases in tests/cases/<CODE>/*.yaml (sqlfluff-style).

Each case is an application fragment deep-merged onto the complete work application
(scripts/build_examples.work_application(); a null deletes a key), optional documents to remove
(by kind, with their files) or add (their files are generated), an optional as-of date, and the
expectation: the folder's code is ``reported`` or ``not_reported``; a reported code may also be
matched on its field, file and a subset of its ctx.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import factories as fx
import pytest
import yaml
from conftest import AS_OF, TESTS, write_application

import mosprecheck
from mosprecheck.rules import all_rules

CASES = TESTS / "cases"
RULES = all_rules()
#: The keys a case's ``where:`` may use (anything else would be silently ignored by the matcher).
WHERE_KEYS = {"field", "file", "ctx"}
#: Rule modules whose every code must have a passing and a failing case.
CASE_MODULES = {"requirements", "translations", "eligibility", "deadlines", "money", "rulebook_status"}


def _cases() -> list[tuple[str, Path]]:
    return [(p.parent.name, p) for p in sorted(CASES.glob("*/*.yaml"))]


def _merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            if value is None:
                out.pop(key, None)
            else:
                out[key] = _merge(base.get(key), value)
        return out
    return copy.deepcopy(patch)


@pytest.fixture(scope="session")
def work_files(tmp_path_factory) -> Path:
    import build_examples

    folder = tmp_path_factory.mktemp("work-files")
    build_examples.write_work_files(folder)
    return folder


#: Keys of an ``add_documents`` entry that shape its generated file, not the description: ``absent``
#: (no file), ``size_bytes`` (a sparse PDF of exactly that size), ``exif_datetime`` (a photo JPEG
#: with that EXIF date, "YYYY:MM:DD HH:MM:SS"). A ``.png`` name gets a PNG, ``.jpg`` a JPEG.
_FILE_KEYS = {"absent", "size_bytes", "exif_datetime"}


def _write_file(target: Path, doc: dict[str, Any]) -> None:
    if doc.get("size_bytes"):
        with open(target, "wb") as fh:
            fh.write(b"%PDF-1.7\n")
            fh.truncate(int(doc["size_bytes"]))
    elif doc.get("exif_datetime"):
        fx.write_photo(target, exif_datetime=doc["exif_datetime"])
    elif target.suffix.lower() in (".jpg", ".jpeg"):
        fx.write_jpeg(target)
    elif target.suffix.lower() == ".png":
        fx.write_png(target)
    else:
        fx.write_text_pdf(target, [f"{doc.get('kind', 'document')}"])


def _build(case: dict[str, Any], folder: Path, work_files: Path) -> dict[str, Any]:
    import build_examples

    shutil.copytree(work_files, folder)
    app = _merge(build_examples.work_application(), case.get("application") or {})
    remove = set(case.get("remove_documents") or [])
    kept = []
    for doc in app.get("documents", []):
        if doc.get("kind") in remove:
            (folder / doc["file"]).unlink(missing_ok=True)
        else:
            kept.append(doc)
    for doc in case.get("add_documents") or []:
        kept.append({k: v for k, v in doc.items() if k not in _FILE_KEYS})
        if not doc.get("absent"):
            _write_file(folder / doc["file"], doc)
    app["documents"] = kept
    write_application(folder, app)
    return app


@pytest.mark.parametrize(("code", "path"), _cases(), ids=[f"{c}/{p.stem}" for c, p in _cases()])
def test_rule_case(code, path, tmp_path, work_files):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert code in RULES, f"tests/cases/{code} names no registered rule"
    assert case["expect"] in ("reported", "not_reported"), path
    folder = tmp_path / "pkg"
    _build(case, folder, work_files)
    as_of = case.get("as_of") or AS_OF
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    report = mosprecheck.check(folder, as_of=as_of)
    crashed = [d.ctx for d in report.defects if d.code == "X900"]
    assert not crashed, f"{path.name}: a check raised: {crashed}"
    hits = [d for d in report.defects if d.code == code]
    if case["expect"] == "not_reported":
        assert not hits, f"{path.name}: {code} reported: {[d.message['en'] for d in hits]}"
        return
    assert hits, f"{path.name}: {code} not reported; got {report.codes}"
    assert all(d.category is RULES[code].category for d in hits)
    where = case.get("where") or {}
    assert set(where) <= WHERE_KEYS, f"{path.name}: unknown where: keys {sorted(set(where) - WHERE_KEYS)}"
    matching = [
        d for d in hits
        if all(getattr(d, k) == v for k, v in where.items() if k in ("field", "file"))
        and all(d.ctx.get(k) == v for k, v in (where.get("ctx") or {}).items())
    ]
    assert matching, f"{path.name}: {code} reported, but not {where}: {[(d.field, d.file, d.ctx) for d in hits]}"
    if "count" in case:
        assert len(hits) == case["count"], [d.ctx for d in hits]
    for d in hits:
        assert "{" not in d.message["en"] and "{" not in d.message["pl"], d.message
    if case.get("ready") is not None:
        assert report.ready_to_file is case["ready"], report.codes


def test_every_rule_of_the_requirement_modules_has_a_passing_and_a_failing_case():
    expectations: dict[str, set[str]] = {}
    for code, path in _cases():
        expectations.setdefault(code, set()).add(yaml.safe_load(path.read_text(encoding="utf-8"))["expect"])
    mine = sorted(code for code, r in RULES.items()
                  if r.check is not None and r.check.__module__.rsplit(".", 1)[-1] in CASE_MODULES)
    assert mine
    for code in mine:
        assert expectations.get(code) == {"reported", "not_reported"}, f"tests/cases/{code} needs a pass and a fail case"
