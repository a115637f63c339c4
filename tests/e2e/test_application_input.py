"""Issue 11 (audit, API holes): how the description is read and how ``time_budget`` is checked.

- ``application.json`` saved by Windows Notepad as "Unicode" (UTF-16 with a byte-order mark), as
  UTF-32 or as UTF-8 with a byte-order mark is JSON text like any other: the same report as the
  UTF-8 file, never a usage error (exit 2 is for the command line only);
- a key written twice in one object (the last value silently won) is a D001 at its pointer, and
  the value that was read is still checked;
- ``time_budget`` is a finite number of seconds >= 0 or None; anything else is a one-line
  ``TypeError``/``ValueError`` before any work, as for ``as_of`` (a string made the inspector raise
  "unsupported operand", and NaN meant no budget at all).
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from conftest import AS_OF, EXAMPLES, write_application

import mosprecheck
from mosprecheck.application import ApplicationFileError, decode_application_json, parse_application
from mosprecheck.cli import main
from mosprecheck.i18n import MOS_LANGUAGES

WORK_READY = EXAMPLES / "work-ready"


def _codes(report) -> list[tuple[str, str | None]]:
    return [(d.code, d.field) for d in report.defects]


# --- encodings --------------------------------------------------------------------------------------

ENCODINGS = ["utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-32", "utf-16-le", "utf-32-be"]


def _encode(text: str, encoding: str) -> bytes:
    if encoding.endswith("-bom"):
        return ("\ufeff" + text).encode(encoding[: -len("-bom")])
    return text.encode(encoding)  # utf-8-sig, utf-16 and utf-32 write their own mark; -le/-be none


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_description_in_utf16_or_utf32_or_with_a_bom_is_read_as_json(encoding, work_package, work_application):
    """Non-ASCII text (a Polish address, a Cyrillic name) survives the round trip in every encoding."""
    work_application["applicant"]["surname"] = "Kowaleńko"
    path = write_application(work_package, work_application)
    utf8 = mosprecheck.check(work_package, as_of=AS_OF)
    text = json.dumps(work_application, ensure_ascii=False, indent=2)
    path.write_bytes(_encode(text, encoding))
    assert path.read_bytes() != text.encode("utf-8")  # really another encoding (a mark, zero bytes)
    assert decode_application_json(path.read_bytes()) == work_application
    report = mosprecheck.check(work_package, as_of=AS_OF)
    assert report.ready_to_file == utf8.ready_to_file
    assert _codes(report) == _codes(utf8)
    assert report.subject.surname == "Kowaleńko"


def test_cli_reads_a_notepad_unicode_description_instead_of_a_usage_error(tmp_path, capsys):
    """The audit's case: ``iconv -t utf-16`` of the example's description gave exit 2."""
    import shutil

    folder = tmp_path / "pkg"
    shutil.copytree(WORK_READY, folder)
    text = (folder / "application.json").read_text(encoding="utf-8")
    args = ["check", str(folder), "--format", "json", "--as-of", AS_OF.isoformat()]
    assert main(args) == 0
    plain = json.loads(capsys.readouterr().out)
    (folder / "application.json").write_bytes(text.encode("utf-16"))
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["defects"] == plain["defects"]


def test_bytes_that_are_no_unicode_text_are_still_an_input_error():
    with pytest.raises(ApplicationFileError, match="not UTF-8 text"):
        decode_application_json(b'{"applicant": {"surname": "Kowale\xf1ko"}}')  # Latin-1
    with pytest.raises(ApplicationFileError, match="not UTF-16"):
        decode_application_json(b"\xff\xfe{\x00\x00\xd8")  # a lone surrogate after a UTF-16 mark


# --- a key written twice ------------------------------------------------------------------------------


def test_a_key_written_twice_is_a_d001_at_its_pointer_and_the_last_value_is_checked(work_package, work_application):
    """The audit's case: a salary written twice, the second a value the rules object to. Both are
    reported: the duplicate (D001, formal defect: nobody can tell which value was meant) and what
    the value that was read breaks."""
    text = json.dumps(work_application, ensure_ascii=False, indent=2)
    # The first "surname" is the real one; a second, later one replaces it in the decoded JSON.
    surname = json.dumps(work_application["applicant"]["surname"], ensure_ascii=False)
    duplicated = text.replace(f'"surname": {surname}', f'"surname": {surname}, "surname": 12', 1)
    assert duplicated != text
    (work_package / "application.json").write_text(duplicated, encoding="utf-8")
    report = mosprecheck.check(work_package, as_of=AS_OF)
    d001 = [d for d in report.defects if d.code == "D001" and d.field == "/applicant/surname"]
    assert {d.ctx["expected"] for d in d001} == {"unique_key", "string"}, d001
    assert not report.ready_to_file
    (dup,) = [d for d in d001 if d.ctx["expected"] == "unique_key"]
    assert dup.category == "formal_defect"
    assert "more than once" in dup.message["en"] and "/applicant/surname" in dup.message["en"]
    for lang in MOS_LANGUAGES:
        assert dup.message[lang] and "{" not in dup.message[lang] and "unique_key" not in dup.message[lang], lang
    assert "więcej niż raz" in dup.message["pl"]


def test_a_duplicated_key_with_the_same_value_is_reported_and_nothing_else_changes(work_package, work_application):
    write_application(work_package, work_application)
    plain = mosprecheck.check(work_package, as_of=AS_OF)
    text = (work_package / "application.json").read_text(encoding="utf-8")
    doc = work_application["documents"][0]
    first = json.dumps(doc, ensure_ascii=False)
    again = first[:-1] + f', "kind": {json.dumps(doc["kind"])}' + "}"
    (work_package / "application.json").write_text(text.replace(first, again, 1), encoding="utf-8")
    report = mosprecheck.check(work_package, as_of=AS_OF)
    extra = [d for d in report.defects if (d.code, d.field) not in set(_codes(plain))]
    assert [(d.code, d.field, d.ctx["expected"]) for d in extra] == [("D001", "/documents/0/kind", "unique_key")]
    assert plain.ready_to_file and not report.ready_to_file


def test_duplicates_are_found_at_every_depth_and_in_lists():
    raw = decode_application_json('{"a": 1, "a": 2, "a": 3, "documents": [{"file": "x", "file": "y"}],'
                                  ' "travel_document": {"n~/m": 1, "n~/m": 2}}')
    assert raw["a"] == 3 and raw["documents"][0]["file"] == "y"
    parsed = parse_application(raw)
    dups = {i.pointer: i.limit for i in parsed.issues if i.expect == "unique_key"}
    assert dups == {"/a": 3, "/documents/0/file": 2, "/travel_document/n~0~1m": 2}
    # The value read is kept (and checked), not pruned as an invalid one would be.
    assert not parsed.was_pruned("/documents/0/file")
    assert json.loads('{"a": 1}', object_pairs_hook=None) == decode_application_json('{"a": 1}')


# --- time_budget ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["5", b"5", Decimal("5"), [5], True, object()])
def test_a_time_budget_that_is_not_a_number_is_a_one_line_type_error(value, work_package):
    with pytest.raises(TypeError, match=r"^time_budget must be a number of seconds \(int or float\) or None, not \w+$"):
        mosprecheck.check(work_package, as_of=AS_OF, time_budget=value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, -1, -0.5])
def test_a_time_budget_that_is_nan_infinite_or_negative_is_a_value_error(value, work_package):
    with pytest.raises(ValueError, match=r"^time_budget must be a finite number of seconds >= 0, not \S+$"):
        mosprecheck.check(work_package, as_of=AS_OF, time_budget=value)


def test_a_time_budget_is_checked_before_a_zip_is_unpacked():
    with pytest.raises(TypeError, match="time_budget"):
        mosprecheck.check(b"not even a zip", time_budget="5")


@pytest.mark.parametrize("value", [None, 60, 60.0, Fraction(120, 2)])
def test_a_finite_time_budget_is_accepted(value, work_package, work_application):
    write_application(work_package, work_application)
    assert mosprecheck.check(work_package, as_of=AS_OF, time_budget=value).ready_to_file


def test_thousands_of_duplicated_keys_are_listed_up_to_the_bound():
    from mosprecheck.application.parse import MAX_ISSUES

    docs = ", ".join('{"file": "a.pdf", "file": "b.pdf"}' for _ in range(MAX_ISSUES + 50))
    parsed = parse_application(decode_application_json('{"documents": [' + docs + "]}"))
    assert all(i.expect == "unique_key" for i in parsed.issues if i.pointer != "")  # nothing else is wrong
    assert sum(i.expect == "unique_key" for i in parsed.issues) == MAX_ISSUES
    assert any(i.expect == "few_issues" for i in parsed.issues)
