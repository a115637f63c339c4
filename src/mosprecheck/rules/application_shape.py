"""Rules on the shape of the application description itself (before any legal requirement)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Category
from ..case.helpers import suggestion_ctx
from .registry import CheckContext, Finding, rule


#: What a value should be (ShapeIssue.expect), in the source languages; the other languages have it
#: in ``by_value.expected`` of i18n/<lang>/_values.yaml.
_EXPECTED = {
    "pl": {
        "string": "tekstu", "integer": "liczby całkowitej", "number": "liczby", "boolean": "wartości true albo false",
        "date": "daty w formacie RRRR-MM-DD", "array": "tablicy (listy)", "object": "obiektu",
        "one_of": "jednej z wartości {choices}",
        "few_issues": "co najwyżej {limit} nieprawidłowych wartości (pozostałych nie wymieniono)",
        "short_array": "listy o co najwyżej {limit} elementach (elementy od {limit} do {last} pominięto)",
        "string_key": "klucza tekstowego", "json_value": "wartości JSON (tekst, liczba, true/false, tablica lub obiekt)",
        "finite_number": "liczby skończonej (NaN i nieskończoność nie są liczbami)", "text": "tekstu, a nie bajtów",
        "valid_value": "dozwolonej wartości",
    },
    "en": {
        "string": "a string", "integer": "an integer", "number": "a number", "boolean": "true or false",
        "date": "a date YYYY-MM-DD", "array": "an array", "object": "an object",
        "one_of": "one of {choices}",
        "few_issues": "at most {limit} invalid values (the others are not listed)",
        "short_array": "an array of at most {limit} entries (entries {limit} to {last} were ignored)",
        "string_key": "a string key", "json_value": "a JSON value (text, number, true/false, array or object)",
        "finite_number": "a finite number (NaN and infinity are not numbers)", "text": "text (a string), not bytes",
        "valid_value": "an allowed value",
    },
}


@rule(
    code="D001",
    name="application-value-invalid",
    category=Category.FORMAL_DEFECT,
    title="Value of the wrong type or outside the allowed values",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def application_value_invalid(c: CheckContext) -> Iterator[Finding]:
    """A value the form cannot hold (a date that is not a date, a number given as text, an unknown
    ground): the MOS wizard would refuse it, and the office cannot act on it."""
    if c.parsed is None:
        return
    for issue in c.parsed.issues:
        if issue.kind != "invalid":
            continue
        field = issue.pointer or "/"
        ctx = {
            "field": field,
            "expected": issue.expect,  # a neutral id; each language says it (by_value.expected)
            "choices": ", ".join(f"'{v}'" for v in issue.choices),
            "limit": issue.limit,
            "last": issue.last,
            "reason": issue.reason,
            **suggestion_ctx(issue.suggestion),
        }
        for lang, table in _EXPECTED.items():
            ctx[f"expected_{lang}"] = table.get(issue.expect, table["valid_value"]).format(**ctx)
        yield Finding(field=issue.pointer, ctx=ctx)


@rule(
    code="D002",
    name="application-unknown-key",
    category=Category.ADVISORY,
    title="Key the application format does not know",
    legal_basis=None,
    needs_application=True,
)
def application_unknown_key(c: CheckContext) -> Iterator[Finding]:
    """An unknown key is usually a typo of a known one: its value would silently not be checked."""
    if c.parsed is None:
        return
    for issue in c.parsed.issues:
        if issue.kind != "unknown_key":
            continue
        yield Finding(field=issue.pointer, ctx={"field": issue.pointer, **suggestion_ctx(issue.suggestion)})
