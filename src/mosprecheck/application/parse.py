"""Parse an application description into the model without ever raising on its shape.

Every mismatch between the JSON and the model (a wrong type, a value outside an enumeration, an
unknown key) becomes a :class:`ShapeIssue` at its RFC 6901 pointer, and the offending value is
pruned so that the rest of the description is still checked. Only a file that cannot be read or is
not JSON at all is an :class:`ApplicationFileError` (a usage error: exit code 2 in the CLI).
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import json
import math
import numbers
import os
import re
import stat
import uuid
from collections.abc import Mapping
from decimal import Decimal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from .models import Application
from .pointers import model_keys, to_pointer

#: Descriptions larger than this are refused as input errors: a real one is a few kilobytes.
MAX_APPLICATION_BYTES = 5_000_000
#: Bound on prune-and-revalidate rounds (each round removes at least one value).
_MAX_ROUNDS = 25


class ApplicationFileError(Exception):
    """The application file cannot be read or is not JSON (a usage error, not a defect)."""


@dataclass(frozen=True)
class ShapeIssue:
    """One place where the description does not match the model."""

    pointer: str
    kind: Literal["invalid", "unknown_key"]
    reason: str
    expected: str | None = None
    suggestion: str | None = None
    #: What the value should be, as a neutral id the messages translate (``date``, ``one_of``,
    #: ``short_array``...; see ``D001.expected.<id>`` in i18n/catalogue/<lang>.yaml), with its
    #: ``choices`` (the allowed values, for ``one_of``) and ``limit`` (for the bounds).
    expect: str = "valid_value"
    choices: tuple[str, ...] = ()
    limit: int | None = None
    #: The index of the last entry ignored (``short_array``).
    last: int | None = None


@dataclass(frozen=True)
class ParsedApplication:
    """The outcome of parsing: a valid (possibly pruned) model, the raw JSON and the issues found."""

    model: Application
    raw: Any
    issues: tuple[ShapeIssue, ...] = ()
    pruned: frozenset[str] = field(default_factory=frozenset)

    def was_pruned(self, pointer: str) -> bool:
        """True when the value at ``pointer`` (or one of its parents) was invalid and removed."""
        return any(pointer == p or pointer.startswith(p + "/") for p in self.pruned)


def load_application_file(path: str | Path) -> Any:
    """Read and decode a JSON file (read-only). Raises :class:`ApplicationFileError`."""
    p = Path(path)
    try:
        # O_NONBLOCK: a FIFO named application.json must not hang the checker.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise ApplicationFileError(f"application file not found: {p}") from None
    except OSError as exc:
        raise ApplicationFileError(f"cannot read application file {p}: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ApplicationFileError(f"application file is not a regular file: {p}")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_APPLICATION_BYTES + 1)
    except OSError as exc:
        raise ApplicationFileError(f"cannot read application file {p}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_APPLICATION_BYTES:
        raise ApplicationFileError(
            f"application file {p} is larger than {MAX_APPLICATION_BYTES} bytes; it cannot be a form description"
        )
    return decode_application_json(data, str(p))


def decode_application_json(data: bytes | str, name: str = "application") -> Any:
    """Decode JSON text. Raises :class:`ApplicationFileError` when it is not JSON.

    Bytes may be UTF-8 (with or without a byte-order mark), UTF-16 or UTF-32 (what Windows Notepad
    writes as "Unicode"): the encoding is told by the byte-order mark, or by where the zero bytes
    of the first characters are (RFC 8259 section 8.1; :func:`json.detect_encoding`, as
    :func:`json.loads` does for bytes). A key written twice in one object is kept once (the last
    value, as JSON parsers do) and recorded, so that :func:`parse_application` reports it."""
    if isinstance(data, bytes):
        encoding = json.detect_encoding(data)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            shown = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
            raise ApplicationFileError(f"{name} is not {shown} text (byte {exc.start})") from None
    else:
        text = data
    if text.startswith("\ufeff"):  # a byte-order mark decoded as text (utf-16 and utf-32 keep none)
        text = text[1:]
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_object_with_duplicates)
    except json.JSONDecodeError as exc:
        raise ApplicationFileError(f"{name} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except ValueError as exc:  # NaN / Infinity, or an integer too long to convert
        raise ApplicationFileError(f"{name} is not valid JSON: {exc}") from None
    except RecursionError:
        raise ApplicationFileError(f"{name} is nested too deeply to be a form description") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


class JSONObjectWithDuplicates(dict):
    """A decoded JSON object in which a key was written more than once: the last value is kept (as
    in a plain ``dict``) and :attr:`duplicate_keys` says how often each repeated key was written.
    The two values may differ, and nobody can tell which one was meant: :func:`parse_application`
    reports the key (D001 at its pointer)."""

    duplicate_keys: dict[str, int]


def _object_with_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    counts: dict[str, int] = {}
    for key, _ in pairs:
        counts[key] = counts.get(key, 0) + 1
    marked = JSONObjectWithDuplicates(obj)
    marked.duplicate_keys = {k: n for k, n in counts.items() if n > 1}
    return marked


def parse_application(raw: Any) -> ParsedApplication:
    """Validate decoded JSON against :class:`Application`; never raises.

    Validation is strict in JSON mode: a number where a string belongs, or a date in another format,
    is an issue rather than a silent coercion.
    """
    if isinstance(raw, Mapping) and not isinstance(raw, dict):
        try:
            raw = dict(raw.items())
        except Exception:
            pass
    if not isinstance(raw, dict):
        issue = ShapeIssue(pointer="", kind="invalid", reason=f"the description must be a JSON object, not {_json_type(raw)}", expected="object",
                           expect="object")
        return ParsedApplication(model=Application(), raw=raw, issues=(issue,), pruned=frozenset({""}))

    data, found = _bounded_copy(raw)
    # A key written twice keeps its (last) value: reported, never pruned, so that the rules still
    # check the value that was read and an invalid value there is reported as well.
    duplicates = tuple(i for i in found if i.expect == _DUPLICATE_KEY)
    found = [i for i in found if i.expect != _DUPLICATE_KEY]
    issues: dict[str, ShapeIssue] = {i.pointer: i for i in found[:MAX_ISSUES]}
    if len(found) > MAX_ISSUES or len(duplicates) > MAX_ISSUES:
        issues[_MORE] = _MORE_ISSUE
    duplicates = duplicates[:MAX_ISSUES]
    placeholders: set[str] = set()
    for _ in range(_MAX_ROUNDS):
        try:
            model = Application.model_validate_json(json.dumps(data), strict=True)
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_input=True)
        except (ValueError, RecursionError):  # not serialisable back (cannot happen for decoded JSON)
            break
        else:
            return ParsedApplication(model=model, raw=raw, issues=_ordered(issues, duplicates),
                                     pruned=frozenset(issues))
        # Delete from the deepest, highest index first so earlier indices stay valid within a round.
        for err in sorted(errors, key=lambda e: tuple(_sort_part(p) for p in e["loc"]), reverse=True):
            loc = tuple(err["loc"])
            pointer = to_pointer(loc)
            if pointer not in issues and len(issues) < MAX_ISSUES:
                issues[pointer] = _issue_for(err, loc, pointer)
            elif pointer not in issues:
                issues.setdefault(_MORE, _MORE_ISSUE)
            _prune(data, loc, placeholders, pointer)
    # Could not converge: keep what was found and check an empty description.
    root = ShapeIssue(pointer="", kind="invalid", reason="the description could not be read as an application")
    issues.setdefault("", root)
    return ParsedApplication(model=Application(), raw=raw, issues=_ordered(issues, duplicates),
                             pruned=frozenset(issues))


#: Containers nested deeper than this are cut off: the model is at most 5 levels deep, so such a
#: value is invalid wherever it is, and a copy or a validation must not recurse without bound.
_MAX_DEPTH = 24
#: Integers with more digits cannot be turned back into JSON text (Python's int-to-str limit).
_MAX_INT_BITS = 10_000
#: Most entries read from each list of the description; later ones are ignored and reported (D001
#: at the list). Not legal facts but bounds of the tool, far above what the form's rows hold: a
#: package of at most 50 MB (§ 6 of regulation 553) of 500 files would average 100 kB a file.
LIST_LIMITS = {
    ("documents",): 500,
    ("family_members",): 50,
    ("previous_stays_in_poland",): 200,
    ("travels_abroad",): 500,
    ("applicant", "previous_surnames"): 20,
    ("applicant", "previous_given_names"): 20,
}
#: Any other list: the same bound as the longest above (the model has no other lists today).
_DEFAULT_LIST_LIMIT = 500
#: Most issues listed one by one; beyond it one issue at the root says that more were found.
MAX_ISSUES = 200
_MORE = "/"
_MORE_ISSUE = ShapeIssue(pointer="", kind="invalid", reason="too many invalid values to list them all",
                         expected=f"at most {MAX_ISSUES} invalid values (the others are not listed)",
                         expect="few_issues", limit=MAX_ISSUES)
_NOT_FINITE = "a finite number (NaN and infinity are not numbers)"
#: ShapeIssue.expect of a key written more than once in one object (D001.expected.unique_key).
_DUPLICATE_KEY = "unique_key"


def plain_json(raw: Any) -> Any:
    """``raw`` as plain JSON data (Python values as their JSON equivalents, values without one
    left out), lists not cut: what redaction walks to learn the personal data of a description
    built by a program (it must never raise, and must see every entry)."""
    return _bounded_copy(raw, cut_lists=False)[0]


def _bounded_copy(raw: Any, *, cut_lists: bool = True) -> tuple[Any, list[ShapeIssue]]:
    """A plain-JSON copy of the description (iterative, so any nesting is safe) and the issues
    found while copying.

    Python values that have a JSON equivalent become it: a ``date``/``datetime``/``time`` its ISO
    text, a ``Decimal`` or other real number a JSON number, a ``UUID`` its text, a tuple, set or
    other sequence an array (a set sorted, so that the result is deterministic), a non-string key
    its JSON text when JSON has one (``1`` -> ``"1"``). What has none (NaN and infinity, bytes, a
    tuple key, any other object) is removed and reported at its pointer, never raised. Containers
    deeper than ``_MAX_DEPTH`` become ``[]`` (invalid wherever they are) and lists longer than
    their limit are cut (one issue at the list says which entries were ignored)."""
    issues: list[ShapeIssue] = []
    root_value, ok = _leaf(raw, (), issues)
    if not ok or not isinstance(root_value, (dict, list)):
        return root_value, issues
    root: Any = {} if isinstance(root_value, dict) else []
    stack: list[tuple[Any, Any, tuple[str | int, ...]]] = [(root_value, root, ())]
    while stack:
        src, dst, loc = stack.pop()
        if isinstance(src, dict):
            items: Any = src.items()
        else:
            limit = LIST_LIMITS.get(loc, _DEFAULT_LIST_LIMIT) if loc and not isinstance(loc[-1], int) \
                else _DEFAULT_LIST_LIMIT
            if cut_lists and len(src) > limit:
                issues.append(ShapeIssue(
                    pointer=to_pointer(loc), kind="invalid",
                    reason=f"{len(src)} entries; entries {limit} to {len(src) - 1} were ignored",
                    expected=f"an array of at most {limit} entries (entries {limit} to {len(src) - 1} were ignored)",
                    expect="short_array", limit=limit, last=len(src) - 1))
                src = src[:limit]
            items = enumerate(src)
        for key, value in items:
            if isinstance(dst, dict):
                key, key_ok = _key(key, loc, issues)
                if not key_ok:
                    continue
            here = (*loc, key)
            value, ok = _leaf(value, here, issues)
            if not ok:
                if isinstance(dst, list):
                    dst.append(None)  # keeps the indices of the later items (reported already)
                continue
            if isinstance(value, (dict, list)):
                if len(here) >= _MAX_DEPTH:
                    child: Any = []
                else:
                    child = {} if isinstance(value, dict) else []
                    stack.append((value, child, here))
            else:
                child = value
            if isinstance(dst, dict):
                dst[key] = child
            else:
                dst.append(child)
    return root, issues


def _key(key: Any, loc: tuple[str | int, ...], issues: list[ShapeIssue]) -> tuple[str, bool]:
    """A mapping key as JSON text: strings as they are; numbers, booleans and None as ``json.dumps``
    writes them; anything else (a tuple...) reported and dropped."""
    if isinstance(key, str):
        return key, True
    if key is None or isinstance(key, (bool, int)) or (isinstance(key, float) and math.isfinite(key)):
        return json.dumps(key), True
    shown = type(key).__name__
    issues.append(ShapeIssue(pointer=to_pointer((*loc, f"<{shown} key>")), kind="invalid",
                             reason=f"a {shown} key", expected="a string key",
                             expect="string_key"))
    return "", False


def _leaf(value: Any, loc: tuple[str | int, ...], issues: list[ShapeIssue]) -> tuple[Any, bool]:
    """:func:`_json_leaf`, and an object whose conversion raises (a broken ``__iter__``, a mapping
    whose ``items()`` fails) reported like any value without a JSON form."""
    try:
        return _json_leaf(value, loc, issues)
    except Exception:  # a third-party object misbehaving: a defect at its pointer, never a crash
        issues.append(ShapeIssue(pointer=to_pointer(loc), kind="invalid", reason="a value that cannot be read",
                                 expected="a JSON value (text, number, true/false, array or object)",
                                 expect="json_value"))
        return None, False


def _json_leaf(value: Any, loc: tuple[str | int, ...], issues: list[ShapeIssue]) -> tuple[Any, bool]:
    """``(json_value, True)`` for a value with a JSON equivalent (containers are returned as a
    dict or a list of the original items, to be copied), else ``(None, False)`` after adding an
    issue at ``loc``."""

    def bad(reason: str, expected: str) -> tuple[Any, bool]:
        expect = "finite_number" if expected == _NOT_FINITE else "text" if "bytes" in expected else "json_value"
        issues.append(ShapeIssue(pointer=to_pointer(loc), kind="invalid", reason=reason, expected=expected,
                                 expect=expect))
        return None, False

    if value is None or isinstance(value, (str, bool)):
        return value, True  # a str subclass (a str enum) is written as its text by json.dumps
    if isinstance(value, enum.Enum):
        return _leaf(value.value, loc, issues)
    if hasattr(value, "model_dump") and callable(value.model_dump):  # a pydantic model inside the dict
        try:
            return _leaf(value.model_dump(mode="python", exclude_none=True), loc, issues)
        except Exception:  # a model that cannot dump itself is not a value of the form
            return bad(f"a {type(value).__name__} that cannot be read", "a JSON value")
    if isinstance(value, int):
        if value.bit_length() > _MAX_INT_BITS:
            return bad("an integer too large to be a value of the form", _NOT_FINITE)
        return int(value), True
    if isinstance(value, float):
        return (float(value), True) if math.isfinite(value) else bad("not a finite number", _NOT_FINITE)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return bad("not a finite number", _NOT_FINITE)
        if value == value.to_integral_value() and abs(value.adjusted()) < 300:
            return int(value), True
        as_float = float(value)
        return (as_float, True) if math.isfinite(as_float) else bad("not a finite number", _NOT_FINITE)
    if isinstance(value, numbers.Integral):  # numpy and other integer types
        return _leaf(int(value), loc, issues)
    if isinstance(value, numbers.Real):  # numpy floats, fractions
        try:
            return _leaf(float(value), loc, issues)
        except (OverflowError, ValueError, TypeError):
            return bad("not a finite number", _NOT_FINITE)
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat(), True
    if isinstance(value, uuid.UUID):
        return str(value), True
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bad("bytes, not text", "text (a string), not bytes")
    if isinstance(value, Mapping):
        for key, count in sorted(value.duplicate_keys.items()) if isinstance(value, JSONObjectWithDuplicates) else ():
            issues.append(ShapeIssue(pointer=to_pointer((*loc, key)), kind="invalid",
                                     reason=f"the key is written {count} times in one object; the last value was read",
                                     expected=f"one value (the key is written {count} times)",
                                     expect=_DUPLICATE_KEY, limit=count))
        return (value if type(value) is dict else dict(value.items())), True
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=_sort_key), True
    if isinstance(value, (list, tuple)):
        return (value if type(value) is list else list(value)), True
    return bad(f"a Python {type(value).__name__}, not a JSON value", "a JSON value (text, number, true/false, "
               "array or object)")


def _sort_key(value: Any) -> tuple[str, str]:
    return (type(value).__name__, repr(value))


def did_you_mean(key: str, known: list[str]) -> str | None:
    """The known key closest to ``key``: a close spelling, else a known key it contains or extends
    (``pesel_number`` -> ``pesel``)."""
    folded = key.strip().lower().replace("-", "_").replace(" ", "_")
    close = difflib.get_close_matches(folded, known, n=1, cutoff=0.6)
    if close:
        return close[0]
    containing = [k for k in known if len(k) >= 3 and (k in folded or folded in k)]
    return max(containing, key=len) if containing else None


def _ordered(issues: dict[str, ShapeIssue], extra: tuple[ShapeIssue, ...] = ()) -> tuple[ShapeIssue, ...]:
    return tuple(sorted((*extra, *issues.values()), key=lambda i: i.pointer))


def _sort_part(part: str | int) -> tuple[int, str]:
    return (part, "") if isinstance(part, int) else (-1, str(part))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _issue_for(err: Any, loc: tuple[str | int, ...], pointer: str) -> ShapeIssue:
    etype = err["type"]
    if etype == "extra_forbidden":
        known = sorted(model_keys(loc[:-1]))
        key = str(loc[-1])
        return ShapeIssue(pointer=pointer, kind="unknown_key", reason="unknown key", suggestion=did_you_mean(key, known))
    ctx = err.get("ctx") or {}
    expected = ctx.get("expected")
    suggestion = None
    choices: list[str] = []
    expect = _EXPECT_BY_TYPE.get(etype.split("_")[0], "valid_value")
    if expected is None:
        expected = _EXPECTED_BY_TYPE.get(etype.split("_")[0])
    elif etype in ("enum", "literal_error"):
        choices = [c.strip("'") for c in _QUOTED.findall(str(expected))]
        expect = "one_of" if choices else "valid_value"
        if isinstance(err.get("input"), str):
            # Only enumeration inputs are looked at (to suggest a close value); other inputs may be
            # personal data and are never kept.
            close = difflib.get_close_matches(err["input"].strip().lower(), choices, n=1, cutoff=0.6)
            suggestion = close[0] if close else None
    return ShapeIssue(pointer=pointer, kind="invalid", reason=err["msg"], expected=expected, suggestion=suggestion,
                      expect=expect, choices=tuple(choices))


_QUOTED = re.compile(r"'[^']*'")


#: The neutral id of what a value of a pydantic error type should be (ShapeIssue.expect).
_EXPECT_BY_TYPE = {
    "string": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "date": "date",
    "list": "array",
    "model": "object",
    "dict": "object",
}

_EXPECTED_BY_TYPE = {
    "string": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "date": "a date YYYY-MM-DD",
    "list": "an array",
    "model": "an object",
    "dict": "an object",
}


def _prune(data: Any, loc: tuple[str | int, ...], placeholders: set[str], pointer: str) -> None:
    """Remove the value at ``loc``: delete a key; replace a list item by ``{}``, and delete it if
    ``{}`` is not valid there either (a list of strings)."""
    if not loc:
        return
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    last = loc[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
    elif isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        if pointer in placeholders:
            del parent[last]
        else:
            parent[last] = {}
            placeholders.add(pointer)
