"""Properties: any bytes under any allowed name, and any JSON, give a report; never an exception;
the same input gives the same report; inputs are untouched."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from conftest import AS_OF, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mosprecheck

NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=40
).filter(lambda n: n not in (".", "..") and len(n.encode("utf-8")) < 200)

HEADS = st.sampled_from([b"", b"%PDF-1.7\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"GIF89a"])

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)
KEYS = st.sampled_from(["permit", "filing_date", "legal_stay_until", "applicant", "documents", "travel_document",
                        "annex_1", "signature", "fees", "schema_version"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.dictionaries(NAMES, st.tuples(HEADS, st.binary(max_size=600)), min_size=1, max_size=4))
def test_arbitrary_bytes_under_any_name_give_a_deterministic_report(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, (head, body) in files.items():
            (root / name).write_bytes(head + body)
        before = snapshot(root)
        first = mosprecheck.check(root, as_of=AS_OF)
        second = mosprecheck.check(root, as_of=AS_OF)
        assert first.model_dump_json() == second.model_dump_json()
        assert len(first.files) == len(files)
        assert snapshot(root) == before


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(app=st.one_of(JSON, st.dictionaries(KEYS, JSON, max_size=6)))
def test_any_json_description_gives_a_report(app):
    with tempfile.TemporaryDirectory() as tmp:
        report = mosprecheck.check(tmp, app if isinstance(app, dict) else None, as_of=AS_OF)
        assert isinstance(report.ready_to_file, bool)
        if isinstance(app, dict):
            assert report.application_checked
        json.loads(report.model_dump_json())


@settings(max_examples=60, deadline=None)
@given(value=JSON, key=KEYS)
def test_any_value_at_any_top_level_key_gives_a_report_with_pointers(value, key):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "application.json").write_text(json.dumps({key: value}), encoding="utf-8")
        report = mosprecheck.check(tmp, as_of=AS_OF)
        for d in report.defects:
            assert d.field is None or d.field == "" or d.field.startswith("/")
