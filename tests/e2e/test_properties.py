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
def assert_no_check_crashed(report) -> None:
    """The engine turns a rule that raised into an X900 defect: a crash must fail the test, not hide."""
    crashed = [d.ctx for d in report.defects if d.code == "X900"]
    assert not crashed, crashed


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
        assert_no_check_crashed(first)
        assert len(first.files) == len(files)
        assert snapshot(root) == before


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(app=st.one_of(JSON, st.dictionaries(KEYS, JSON, max_size=6)))
def test_any_json_description_gives_a_report(app):
    with tempfile.TemporaryDirectory() as tmp:
        report = mosprecheck.check(tmp, app, as_of=AS_OF) if isinstance(app, dict) else None
        if report is None:  # a list, string, number, boolean or null: only possible as a file's content
            (Path(tmp) / "application.json").write_text(json.dumps(app), encoding="utf-8")
            report = mosprecheck.check(tmp, as_of=AS_OF)
        assert isinstance(report.ready_to_file, bool)
        assert report.application_checked
        assert_no_check_crashed(report)
        json.loads(report.model_dump_json())


@settings(max_examples=60, deadline=None)
@given(value=JSON, key=KEYS)
def test_any_value_at_any_top_level_key_gives_a_report_with_pointers(value, key):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "application.json").write_text(json.dumps({key: value}), encoding="utf-8")
        report = mosprecheck.check(tmp, as_of=AS_OF)
        assert report.application_checked
        assert_no_check_crashed(report)
        for d in report.defects:
            assert d.field is None or d.field == "" or d.field.startswith("/")


def _seed_files() -> list[bytes]:
    """Small real PDF, JPEG and PNG files: mutated below into damaged ones."""
    import factories as fx

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        return [
            fx.write_text_pdf(root / "a.pdf", ["Umowa"]).read_bytes(),
            fx.write_jpeg(root / "b.jpg", fx.photo_image(64, 80)).read_bytes(),
            fx.write_png(root / "c.png", fx.scan_page(["x"], size=(40, 56))).read_bytes(),
            fx.write_active_pdf(root / "d.pdf", javascript=True, form_field=True).read_bytes(),
            fx.no_pages_pdf_bytes(),
        ]


SEEDS = _seed_files()
ALLOWED_NAMES = st.tuples(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1,
            max_size=20).filter(lambda n: n not in (".", "..")),
    st.sampled_from([".pdf", ".jpg", ".jpeg", ".png", ".PDF", ""]),
).map(lambda t: t[0] + t[1]).filter(
    lambda n: n not in (".", "..", "application.json") and len(n.encode("utf-8")) < 200)


@st.composite
def damaged_files(draw) -> bytes:
    """A real file cut short, with bytes overwritten, or with arbitrary bytes appended."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    cut = draw(st.integers(min_value=1, max_value=len(data)))
    data = data[:cut]
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        pos = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data[pos] = draw(st.integers(min_value=0, max_value=255))
    return bytes(data) + draw(st.binary(max_size=64))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.dictionaries(ALLOWED_NAMES, st.one_of(damaged_files(), st.binary(max_size=2000)), min_size=1,
                             max_size=3))
def test_damaged_or_arbitrary_bytes_under_allowed_names_always_give_a_report(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, data in files.items():
            (root / name).write_bytes(data)
        before = snapshot(root)
        report = mosprecheck.check(root, as_of=AS_OF)
        assert len(report.files) == len(files)
        assert isinstance(report.ready_to_file, bool)
        assert_no_check_crashed(report)
        for d in report.defects:
            assert d.message["en"] and d.message["pl"]
        json.loads(report.model_dump_json())
        assert snapshot(root) == before


# Issue 11: the Python API is handed dicts built by programs (pandas rows, ORM objects): odd Python
# values anywhere in the description are converted or reported, never raised.

import datetime as dt  # noqa: E402
import decimal  # noqa: E402
import uuid  # noqa: E402

ODD = st.one_of(
    st.floats(),  # NaN and infinities included
    st.decimals(),  # sNaN, NaN and infinities included
    st.dates(), st.datetimes(), st.times(),
    st.uuids(),
    st.binary(max_size=8),
    st.frozensets(st.integers(), max_size=3), st.sets(st.text(max_size=3), max_size=3),
    st.tuples(st.integers(), st.text(max_size=3)),
    st.sampled_from([2 ** 10_001, -(2 ** 10_001), 2 ** 64]),
    st.just(object()), st.just(Ellipsis), st.just(1j),
)
ODD_JSON = st.recursive(
    ODD | st.none() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.one_of(st.text(max_size=8), st.integers(), st.tuples(st.integers()), st.none(), st.booleans(),
                  st.floats()), children, max_size=3),
    max_leaves=12,
)
PLACES = st.sampled_from([
    ("means_of_subsistence", "monthly_net_income_pln"), ("annex_1", "job", "monthly_gross_salary_pln"),
    ("annex_1", "job", "working_time_fraction"), ("filing_date",), ("applicant", "date_of_birth"),
    ("applicant", "previous_surnames"), ("documents",), ("applicant",), ("odd_key",),
])


def _put(app: dict, place: tuple[str, ...], value) -> dict:
    node = app
    for key in place[:-1]:
        node = node.setdefault(key, {}) if isinstance(node.get(key, {}), dict) else {}
    node[place[-1]] = value
    return app


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=ODD_JSON, place=PLACES)
def test_odd_python_values_anywhere_in_the_dict_never_raise(value, place):
    import build_examples

    app = _put(build_examples.work_application(), place, value)
    with tempfile.TemporaryDirectory() as tmp:
        report = mosprecheck.check(tmp, app, as_of=AS_OF)
        assert report.application_checked and isinstance(report.ready_to_file, bool)
        assert_no_check_crashed(report)
        json.loads(report.model_dump_json())
        redacted = mosprecheck.check(tmp, app, as_of=AS_OF, redact=True)  # redaction walks the same dict
        assert redacted.codes == report.codes


@settings(max_examples=40, deadline=None)
@given(value=st.one_of(st.just(float("nan")), st.just(float("inf")), st.just(float("-inf")),
                       st.just(decimal.Decimal("NaN")), st.just(decimal.Decimal("-Infinity"))),
       place=st.sampled_from([("means_of_subsistence", "monthly_net_income_pln"),
                              ("annex_1", "job", "monthly_gross_salary_pln"),
                              ("annex_1", "job", "working_time_fraction")]))
def test_a_number_that_is_not_a_number_is_never_ready(value, place):
    import build_examples

    app = _put(build_examples.work_application(), place, value)
    with tempfile.TemporaryDirectory() as tmp:
        report = mosprecheck.check(tmp, app, as_of=AS_OF)
    pointer = "/" + "/".join(place)
    assert any(d.code == "D001" and d.field == pointer for d in report.defects), report.codes
    assert not report.ready_to_file


def test_python_values_with_a_json_equivalent_are_read_as_it():
    from mosprecheck.application.parse import parse_application

    parsed = parse_application({
        "filing_date": dt.date(2026, 12, 1),
        "means_of_subsistence": {"monthly_net_income_pln": decimal.Decimal("6900.50"), "household_size": decimal.Decimal(2)},
        "applicant": {"previous_surnames": ("A", "B"), "previous_given_names": {"X"}},
        "documents": [{"file": "a.pdf", "kind": "other", "language": "pl"}],
    })
    assert not parsed.issues, parsed.issues
    m = parsed.model
    assert m.filing_date == dt.date(2026, 12, 1)
    assert m.means_of_subsistence.monthly_net_income_pln == 6900.5 and m.means_of_subsistence.household_size == 2
    assert m.applicant.previous_surnames == ["A", "B"] and m.applicant.previous_given_names == ["X"]
    parsed = parse_application({"applicant": {"surname": b"KOWALENKO", "given_names": uuid.UUID(int=1)},
                                ("a", 1): "tuple key"})
    pointers = {i.pointer for i in parsed.issues}
    assert "/applicant/surname" in pointers  # bytes are not text: reported, not decoded silently
    assert any(p.startswith("/<tuple key>") for p in pointers)
