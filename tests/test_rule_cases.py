"""One parametrised runner for the rule cases in tests/cases/<CODE>/*.yaml (sqlfluff-style), run in
process on file facts: no package folder, no worker (issue 13 item 5).

A case is:

- ``application``: a fragment deep-merged onto the complete work application
  (scripts/build_examples.work_application(); a null deletes a key);
- ``remove_documents``: document kinds removed from the description, with their files' facts;
- ``add_documents``: documents added to the description, with the facts of a generated file (a text
  PDF; a JPEG for ``.jpg``, a PNG for ``.png``); keys that shape that file: ``absent`` (no file),
  ``size_bytes`` (a sparse PDF of exactly that size), ``exif_datetime`` (a photo JPEG with that EXIF
  date, "YYYY:MM:DD HH:MM:SS");
- ``files``: file facts by path, merged onto the facts the package already has at that path (a null
  is the value None), or, for a new path, the whole facts of an extra entry (with its
  ``detected_type``); ``pdf`` and ``image`` are the nested PdfFacts / ImageFacts; ``files: {path: null}``
  removes an entry;
- ``no_application: true``: the folder alone, without a description;
- ``as_of`` (default conftest.AS_OF) and the expectation: the code is ``reported`` or
  ``not_reported``; a reported code may also be matched on its ``where`` (field, file, a subset of
  ctx), ``count`` and the verdict ``ready``.

The facts of the work package and of every generated file are read ONCE per session by the real
inventory (one isolated worker), then each case runs ``mosprecheck.api.check_facts`` in process.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import hashlib
from pathlib import Path
from typing import Any

import factories as fx
import pytest
import yaml
from conftest import AS_OF, TESTS

from mosprecheck.api import check_facts
from mosprecheck.inventory import FileFacts, ImageFacts, Inspector, PdfFacts, walk_package
from mosprecheck.rulebook import load_rulebook
from mosprecheck.rules import all_rules

CASES = TESTS / "cases"
RULES = all_rules()
#: The keys a case's ``where:`` may use (anything else would be silently ignored by the matcher).
WHERE_KEYS = {"field", "file", "ctx"}
#: The keys a case may have (a misspelt key would be silently ignored).
CASE_KEYS = {"description", "application", "remove_documents", "add_documents", "files", "as_of",
             "expect", "where", "count", "ready", "no_application"}
#: Keys of an ``add_documents`` entry that shape its generated file, not the description.
_FILE_KEYS = {"absent", "size_bytes", "exif_datetime"}


def _cases() -> list[tuple[str, Path]]:
    return [(p.parent.name, p) for p in sorted(CASES.glob("*/*.yaml"))]


@functools.lru_cache(maxsize=None)
def _parsed(path: Path) -> Any:
    """A case file parsed once per session (collection, the facts bank and each test read it)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _load(path: Path) -> dict[str, Any]:
    return copy.deepcopy(_parsed(path))


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


# ---------------------------------------------------------------------------------------------
# Facts: the real inventory, once per session
# ---------------------------------------------------------------------------------------------


def _spec(doc: dict[str, Any]) -> tuple[Any, ...]:
    """What file an ``add_documents`` entry generates (equal specs give equal bytes)."""
    if doc.get("size_bytes"):
        return ("sparse", int(doc["size_bytes"]))
    if doc.get("exif_datetime"):
        return ("photo", str(doc["exif_datetime"]))
    suffix = Path(doc["file"]).suffix.lower()
    if suffix in (".jpg", ".jpeg"):
        return ("jpeg",)
    if suffix == ".png":
        return ("png",)
    return ("pdf", str(doc.get("kind", "document")))


def _write_spec(target: Path, spec: tuple[Any, ...]) -> None:
    if spec[0] == "sparse":
        with open(target, "wb") as fh:
            fh.write(b"%PDF-1.7\n")
            fh.truncate(spec[1])
    elif spec[0] == "photo":
        fx.write_photo(target, exif_datetime=spec[1])
    elif spec[0] == "jpeg":
        fx.write_jpeg(target)
    elif spec[0] == "png":
        fx.write_png(target)
    else:
        fx.write_text_pdf(target, [spec[1]])


@dataclasses.dataclass
class FactsBank:
    work: dict[str, FileFacts]
    generated: dict[tuple[Any, ...], FileFacts]

    def file(self, path: str, spec: tuple[Any, ...]) -> FileFacts:
        """The facts of the generated file ``spec``, stored at ``path``."""
        return _renamed(self.generated[spec], path)


def _renamed(facts: FileFacts, path: str) -> FileFacts:
    name = path.rsplit("/", 1)[-1]
    return dataclasses.replace(facts, path=path, name_bytes=len(name.encode("utf-8", "surrogateescape")))


def read_facts_bank(tmp_path_factory) -> FactsBank:
    """The work package's file facts and those of every file the cases generate, by one real
    inventory (as ``mosprecheck.check`` reads them for the work application's filing date). The
    session fixture ``facts_bank`` (tests/conftest.py) reads it once for every module that uses it."""
    import build_examples

    work_dir = tmp_path_factory.mktemp("work-files")
    build_examples.write_work_files(work_dir)
    specs = sorted({_spec(doc) for _code, path in _cases() for doc in _load(path).get("add_documents") or []
                    if not doc.get("absent")}, key=repr)
    spec_dir = tmp_path_factory.mktemp("generated-files")
    names = {}
    for i, spec in enumerate(specs):
        ext = {"photo": "jpg", "jpeg": "jpg", "png": "png"}.get(spec[0], "pdf")
        names[spec] = f"g{i:03d}.{ext}"
        _write_spec(spec_dir / names[spec], spec)
    view = load_rulebook().at(dt.date.fromisoformat(build_examples.work_application()["filing_date"]))
    limit = view.value("upload.max_file_bytes", None)
    with Inspector(pixel_budget=view.value("upload.max_image_pixels")) as inspector:
        work = walk_package(work_dir, inspector=inspector, max_read_bytes=2 * limit if limit else None)
        generated = walk_package(spec_dir, inspector=inspector, max_read_bytes=2 * limit if limit else None)
    by_name = {f.path: f for f in generated}
    return FactsBank(work={f.path: f for f in work}, generated={s: by_name[n] for s, n in names.items()})


def _facts_from(data: dict[str, Any], base: FileFacts | None) -> FileFacts:
    """File facts from a case's mapping, over ``base`` (a null is the value None)."""
    fields = dataclasses.asdict(base) if base is not None else {}
    for key, value in data.items():
        if key in ("pdf", "image") and isinstance(value, dict):
            fields[key] = {**(fields.get(key) or {}), **value}
        else:
            fields[key] = value
    unknown = set(fields) - {f.name for f in dataclasses.fields(FileFacts)}
    assert not unknown, f"unknown file facts {sorted(unknown)}"
    if fields.get("pdf") is not None:
        fields["pdf"] = PdfFacts.from_dict(fields["pdf"])
    if fields.get("image") is not None:
        fields["image"] = ImageFacts.from_dict(fields["image"])
    if base is None and "sha256" not in fields and fields.get("size_bytes"):
        fields["sha256"] = hashlib.sha256(fields["path"].encode()).hexdigest()  # distinct content
    return FileFacts(**fields)


def build_case(case: dict[str, Any], bank: FactsBank) -> tuple[dict[str, Any], list[FileFacts]]:
    """The case's application and the file facts of its package."""
    import build_examples

    app = _merge(build_examples.work_application(), case.get("application") or {})
    files = dict(bank.work)
    remove = set(case.get("remove_documents") or [])
    kept = []
    for doc in app.get("documents", []):
        if doc.get("kind") in remove:
            files.pop(doc["file"], None)
        else:
            kept.append(doc)
    for doc in case.get("add_documents") or []:
        kept.append({k: v for k, v in doc.items() if k not in _FILE_KEYS})
        if not doc.get("absent"):
            files[doc["file"]] = bank.file(doc["file"], _spec(doc))
    app["documents"] = kept
    for path, data in (case.get("files") or {}).items():
        if data is None:
            files.pop(path, None)
        else:
            files[path] = _facts_from({"path": path, **data}, files.get(path))
    return app, sorted(files.values(), key=lambda f: f.path)


# ---------------------------------------------------------------------------------------------
# The runner
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "path"), _cases(), ids=[f"{c}/{p.stem}" for c, p in _cases()])
def test_rule_case(code, path, facts_bank):
    case = _load(path)
    assert code in RULES, f"tests/cases/{code} names no registered rule"
    assert set(case) <= CASE_KEYS, f"{path.name}: unknown keys {sorted(set(case) - CASE_KEYS)}"
    assert case["expect"] in ("reported", "not_reported"), path
    app, files = build_case(case, facts_bank)
    as_of = case.get("as_of") or AS_OF
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    report = check_facts(files, None if case.get("no_application") else app, as_of=as_of)
    if code != "X900":
        crashed = [d.ctx for d in report.defects if d.code == "X900"]
        assert not crashed, f"{path.name}: a check raised: {crashed}"
    hits = [d for d in report.defects if d.code == code]
    if case["expect"] == "not_reported":
        assert not hits, f"{path.name}: {code} reported: {[d.message['en'] for d in hits]}"
        if case.get("ready") is not None:
            assert report.ready_to_file is case["ready"], report.codes
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


def test_every_registered_code_has_a_passing_and_a_failing_case():
    expectations: dict[str, set[str]] = {}
    for code, path in _cases():
        expectations.setdefault(code, set()).add(_load(path)["expect"])
    missing = {code: sorted({"reported", "not_reported"} - expectations.get(code, set()))
               for code in RULES if expectations.get(code) != {"reported", "not_reported"}}
    assert not missing, f"codes without a passing and a failing case in tests/cases/<CODE>/: {missing}"
