"""Parse an application description into the model without ever raising on its shape.

Every mismatch between the JSON and the model (a wrong type, a value outside an enumeration, an
unknown key) becomes a :class:`ShapeIssue` at its RFC 6901 pointer, and the offending value is
pruned so that the rest of the description is still checked. Only a file that cannot be read or is
not JSON at all is an :class:`ApplicationFileError` (a usage error: exit code 2 in the CLI).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import stat
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
    """Decode JSON text. Raises :class:`ApplicationFileError` when it is not JSON."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise ApplicationFileError(f"{name} is not UTF-8 text (byte {exc.start})") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ApplicationFileError(f"{name} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except ValueError as exc:  # NaN / Infinity, or an integer too long to convert
        raise ApplicationFileError(f"{name} is not valid JSON: {exc}") from None
    except RecursionError:
        raise ApplicationFileError(f"{name} is nested too deeply to be a form description") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def parse_application(raw: Any) -> ParsedApplication:
    """Validate decoded JSON against :class:`Application`; never raises.

    Validation is strict in JSON mode: a number where a string belongs, or a date in another format,
    is an issue rather than a silent coercion.
    """
    if not isinstance(raw, dict):
        issue = ShapeIssue(pointer="", kind="invalid", reason=f"the description must be a JSON object, not {_json_type(raw)}", expected="object")
        return ParsedApplication(model=Application(), raw=raw, issues=(issue,), pruned=frozenset({""}))

    data = _bounded_copy(raw)
    issues: dict[str, ShapeIssue] = {}
    placeholders: set[str] = set()
    for _ in range(_MAX_ROUNDS):
        try:
            model = Application.model_validate_json(json.dumps(data), strict=True)
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_input=True)
        except (ValueError, RecursionError):  # not serialisable back (cannot happen for decoded JSON)
            break
        else:
            return ParsedApplication(model=model, raw=raw, issues=_ordered(issues), pruned=frozenset(issues))
        # Delete from the deepest, highest index first so earlier indices stay valid within a round.
        for err in sorted(errors, key=lambda e: tuple(_sort_part(p) for p in e["loc"]), reverse=True):
            loc = tuple(err["loc"])
            pointer = to_pointer(loc)
            if pointer not in issues:
                issues[pointer] = _issue_for(err, loc, pointer)
            _prune(data, loc, placeholders, pointer)
    # Could not converge: keep what was found and check an empty description.
    root = ShapeIssue(pointer="", kind="invalid", reason="the description could not be read as an application")
    issues.setdefault("", root)
    return ParsedApplication(model=Application(), raw=raw, issues=_ordered(issues), pruned=frozenset(issues))


#: Containers nested deeper than this are cut off: the model is at most 5 levels deep, so such a
#: value is invalid wherever it is, and a copy or a validation must not recurse without bound.
_MAX_DEPTH = 24
#: Integers with more digits cannot be turned back into JSON text (Python's int-to-str limit).
_MAX_INT_BITS = 10_000


def _bounded_copy(raw: Any) -> Any:
    """A copy of decoded JSON (iterative, so any nesting is safe), with containers deeper than
    ``_MAX_DEPTH`` replaced by ``[]`` and integers too long to print by an infinite float: both stay
    invalid where the model expects something else, and are reported at the same pointer."""

    def leaf(value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _MAX_INT_BITS:
            return float("inf") if value > 0 else float("-inf")
        return value

    if not isinstance(raw, (dict, list)):
        return leaf(raw)
    root: Any = {} if isinstance(raw, dict) else []
    stack: list[tuple[Any, Any, int]] = [(raw, root, 0)]
    while stack:
        src, dst, depth = stack.pop()
        items = src.items() if isinstance(src, dict) else enumerate(src)
        for key, value in items:
            if isinstance(value, (dict, list)):
                if depth + 1 >= _MAX_DEPTH:
                    child: Any = []
                else:
                    child = {} if isinstance(value, dict) else []
                    stack.append((value, child, depth + 1))
            else:
                child = leaf(value)
            if isinstance(dst, dict):
                dst[key] = child
            else:
                dst.append(child)
    return root


def did_you_mean(key: str, known: list[str]) -> str | None:
    """The known key closest to ``key``: a close spelling, else a known key it contains or extends
    (``pesel_number`` -> ``pesel``)."""
    folded = key.strip().lower().replace("-", "_").replace(" ", "_")
    close = difflib.get_close_matches(folded, known, n=1, cutoff=0.6)
    if close:
        return close[0]
    containing = [k for k in known if len(k) >= 3 and (k in folded or folded in k)]
    return max(containing, key=len) if containing else None


def _ordered(issues: dict[str, ShapeIssue]) -> tuple[ShapeIssue, ...]:
    return tuple(sorted(issues.values(), key=lambda i: i.pointer))


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
    if expected is None:
        expected = _EXPECTED_BY_TYPE.get(etype.split("_")[0])
    elif etype in ("enum", "literal_error") and isinstance(err.get("input"), str):
        # Only enumeration inputs are looked at (to suggest a close value); other inputs may be
        # personal data and are never kept.
        choices = [c.strip("'") for c in _QUOTED.findall(str(expected))]
        close = difflib.get_close_matches(err["input"].strip().lower(), choices, n=1, cutoff=0.6)
        suggestion = close[0] if close else None
    return ShapeIssue(pointer=pointer, kind="invalid", reason=err["msg"], expected=expected, suggestion=suggestion)


_QUOTED = re.compile(r"'[^']*'")


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
