"""No English reaches another language (issue 13 item 2).

Every code's failing rule case (run in process the way tests/test_rule_cases.py runs it) is rendered
as text and HTML in pl, uk, ru, fr, ar and vi; tests/e2e/test_no_english_examples.py does the same for
the bundled examples. The output must hold:

- no untranslated English: after removing what the user typed or what is a technical identifier
  (file names, JSON pointers and keys, values of the description, codes and rule names, identifiers
  with ``_`` or ``/``, and a technical detail shown as such in „…” after its label), no English
  function word or phrase of :data:`ENGLISH` is left;
- no ``\\xNN`` / ``\\uXXXX`` escape of a character the user did not type (the digit-grouping
  no-break spaces are spaces; a user's undecodable file name byte may be shown escaped);
- in Arabic, pointers, file names, numbers and dates isolated from the right-to-left sentence:
  Unicode isolates (FSI … PDI) in text, ``<bdi>`` in HTML.

:func:`english_in` is the detector; ``test_the_detector_catches_planted_english`` keeps it from
passing vacuously.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from conftest import AS_OF
from test_rule_cases import _cases, _load, build_case

from mosprecheck.api import check_facts
from mosprecheck.render.html import render_html
from mosprecheck.render.text import render_text, safe_text
from mosprecheck.report.models import Report

#: The output languages that are not English.
LANGUAGES = ("pl", "uk", "ru", "fr", "ar", "vi")

#: English words and phrases that no text of those languages uses (the French and Polish homographs
#: "a", "on", "to", "no", "document", "date", "page", "type" and "format" are left out on purpose).
ENGLISH = (
    "the", "of", "or", "and", "is", "not", "are", "expected", "file", "files", "with", "must", "should",
    "this", "that", "which", "from", "has", "have", "was", "does", "missing", "invalid", "error", "cannot",
    "contains", "given", "empty", "found", "for", "it", "its", "than", "only", "any", "unknown", "encrypted",
    "damaged", "broken", "unreadable", "too", "could", "been", "there", "entries", "folder", "pipe", "socket",
    "device", "symbolic", "budget", "listed", "opened", "read", "many", "a date", "a string",
    "an integer", "a number", "an array", "an object", "a JSON value", "true or false", "Word document",
    "at most", "instead",
)
_ENGLISH = re.compile(r"(?<![\w'’\-/])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w'’\-/])",
                      re.IGNORECASE)
#: An escape the renderers write for a character they would not show (see render.text.safe_text).
_ESCAPE = re.compile(r"\\x[0-9a-f]{2}|\\u[0-9a-f]{4}")
#: A technical detail shown as such: a label ending in a colon, the value in „…”.
_DETAIL = re.compile(r":\s*„[^”]*”")
_IDENTIFIER = re.compile(r"\S*[_/]\S*")
_ISOLATES = "\u2066\u2067\u2068\u2069"
_NO_ISOLATES = {ord(c): None for c in _ISOLATES}


def _strings(value: Any, keys: set[str]) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            keys.add(str(k))
            yield from _strings(v, keys)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v, keys)
    elif isinstance(value, str):
        yield value


def typed(report: Report, application: dict | None, paths: Iterable[str]) -> list[str]:
    """What the user typed or what names a thing technically, longest first: file names and paths,
    the description's keys and values, pointers, codes and rule names."""
    keys: set[str] = set()
    out = set(_strings(application or {}, keys)) | keys
    for p in list(paths) + [d.file for d in report.defects if d.file]:
        out |= {p, p.rsplit("/", 1)[-1]}
    for d in report.defects:
        out |= {d.code, d.name, d.field or ""}
    out |= {safe_text(s) for s in list(out)}
    return sorted((s for s in out if s and len(s) > 1), key=len, reverse=True)


def visible(output: str, kind: str) -> str:
    """The words a reader sees: HTML without its markup and style, entities decoded."""
    if kind == "html":
        output = re.sub(r"<style>.*?</style>", "", output, flags=re.S)
        output = html.unescape(re.sub(r"<[^>]+>", " ", output))
    return output


@functools.lru_cache(maxsize=64)
def _removals(user: tuple[str, ...]) -> list[tuple[str, re.Pattern[str]]]:
    """Each of ``user`` with the pattern that removes it as a whole word, compiled once."""
    return [(s, re.compile(r"(?<!\w)" + re.escape(s) + r"(?!\w)")) for s in user]


def english_in(output: str, user: list[str]) -> list[str]:
    """The lines of ``output`` that still hold English or an escape once ``user`` strings, identifiers
    and labelled technical details are removed."""
    found = []
    # Only the strings the output holds can be removed from one of its lines (a removal leaves a
    # space, so a string with a space is always tried); the pattern matches nothing in a line that
    # does not hold its string.
    bare = output.translate(_NO_ISOLATES)
    removals = [(s, p) for s, p in _removals(tuple(user)) if s in bare or " " in s]
    for line in output.splitlines():
        line = line.translate(_NO_ISOLATES)
        for s, pattern in removals:
            if s in line:
                line = pattern.sub(" ", line)
        line = _IDENTIFIER.sub(" ", _DETAIL.sub(":", line))
        if _ENGLISH.search(line) or _ESCAPE.search(line):
            found.append(line.strip())
    return found


def leaks(report: Report, application: dict | None, paths: Iterable[str]) -> dict[str, list[str]]:
    """``{"<lang> text|html": [lines with English]}`` for every non-English rendering of ``report``."""
    user = typed(report, application, paths)
    out = {}
    for lang in LANGUAGES:
        for kind, rendered in (("text", render_text(report, lang)), ("html", render_html(report, lang))):
            found = english_in(visible(rendered, kind), user)
            if found:
                out[f"{lang} {kind}"] = found[:5]
    return out


def rtl_unisolated(report: Report) -> list[str]:
    """Arabic lines in which a pointer, file name, number or date is not isolated: in text between
    FSI and PDI, in HTML inside ``<bdi>``."""
    bad = []
    text = render_text(report, "ar")
    for line in text.splitlines():
        if not re.search(r"[\u0600-\u06ff]", line):
            continue
        bare = re.sub("\u2068[^\u2069]*\u2069", " ", line)
        for m in re.finditer(r"\d{4}-\d{2}-\d{2}|/[\w/.-]*\w|\d+", bare):
            bad.append(f"text: {m.group(0)!r} in {line!r}")
    page = render_html(report, "ar")
    body = re.sub(r"<style>.*?</style>|<head>.*?</head>|<footer>.*?</footer>", "", page, flags=re.S)
    body = re.sub(r"<bdi[^>]*>.*?</bdi>", " ", body, flags=re.S)
    for seg in re.findall(r">([^<]*)<", body):
        seg = html.unescape(seg)
        if not re.search(r"[\u0600-\u06ff]", seg):
            continue
        for m in re.finditer(r"\d{4}-\d{2}-\d{2}|/[\w/.-]*\w", seg):
            bad.append(f"html: {m.group(0)!r} in {seg!r}")
    return bad


# ---------------------------------------------------------------------------------------------
# The failing rule cases
# ---------------------------------------------------------------------------------------------

_FAILING = [(code, path) for code, path in _cases() if _load(path)["expect"] == "reported"]


_REPORTS: dict[Any, tuple[Report, dict[str, Any], list[str]]] = {}


def _run(path, facts_bank) -> tuple[Report, dict[str, Any], list[str]]:
    """The case's report, application and file paths; checked once per session (both tests below
    read the same report, and neither changes it)."""
    key = (path, id(facts_bank))
    if key not in _REPORTS:
        _REPORTS[key] = _check(path, facts_bank)
    return _REPORTS[key]


def _check(path, facts_bank) -> tuple[Report, dict[str, Any], list[str]]:
    case = _load(path)
    app, files = build_case(case, facts_bank)
    as_of = case.get("as_of") or AS_OF
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    application = None if case.get("no_application") else app
    return check_facts(files, application, as_of=as_of), application or {}, [f.path for f in files]


@pytest.mark.parametrize(("code", "path"), _FAILING, ids=[f"{c}/{p.stem}" for c, p in _FAILING])
def test_no_english_in_other_languages(code, path, facts_bank):
    report, app, paths = _run(path, facts_bank)
    assert not leaks(report, app, paths)


@pytest.mark.parametrize(("code", "path"), _FAILING, ids=[f"{c}/{p.stem}" for c, p in _FAILING])
def test_arabic_isolates_pointers_numbers_and_dates(code, path, facts_bank):
    report, _app, _paths = _run(path, facts_bank)
    assert not rtl_unisolated(report)


# ---------------------------------------------------------------------------------------------
# The detector itself
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("planted", [
    "Pole /applicant/sex ma nieprawidłową wartość: oczekiwano 'F' or 'M'.",
    "Nie sprawdzono części paczki od „a.pdf”: too many entries.",
    "Файл «a.pdf» неможливо прочитати (the file is damaged).",
    "Plik „a.docx”: jego zawartość to: Microsoft Word document (DOCX).",
    "Le champ /x a une valeur invalide : a date YYYY-MM-DD attendu.",
    "Tệp “a.pdf” không hợp lệ: expected a string.",
])
def test_the_detector_catches_planted_english(planted):
    assert english_in(planted, ["a.pdf", "a.docx", "/applicant/sex", "/x"])


@pytest.mark.parametrize("clean", [
    "Plik „umowa.pdf” nie jest dokumentem PDF; a to jest data 2026-04-27.",
    "Le document « umowa.pdf » a une page ; la date du dépôt est le 2026-04-27.",
    "Plik „x.docx”: zawartość (opis techniczny): „Microsoft Word 2007+”.",
    "Rozmiar: 50\u00a0000\u00a0001 bajtów.",
    "Wpisz w /employer/role jedną z wartości: board_member albo none.",
])
def test_the_detector_leaves_translated_text_alone(clean):
    assert not english_in(clean, ["umowa.pdf", "x.docx"])


def test_the_detector_catches_an_escape_the_user_did_not_type():
    assert english_in("Rozmiar: 50\\xa0000 bajtów.", [])
    assert not english_in("Plik „umowa-\\xb3.pdf” ma złą nazwę.", ["umowa-\\xb3.pdf"])


def test_the_rtl_check_catches_unisolated_values(facts_bank, monkeypatch):
    """Without the renderers' isolation (Arabic treated as a left-to-right language) the check fails."""
    import mosprecheck.render.html as html_renderer
    import mosprecheck.render.text as text_renderer

    path = next(p for code, p in _FAILING if code == "D001")
    report, _app, _paths = _run(path, facts_bank)
    assert not rtl_unisolated(report)
    monkeypatch.setattr(text_renderer, "RTL_LANGUAGES", frozenset())
    monkeypatch.setattr(html_renderer, "RTL_LANGUAGES", frozenset())
    assert rtl_unisolated(report)


def test_isolates_are_the_renderers_own_and_user_bidi_controls_stay_escaped():
    from mosprecheck.render._common import FSI, PDI, isolate_ltr

    hostile = "umowa\u202etxt.pdf"  # a right-to-left override typed into a file name
    line = isolate_ltr("الملف «" + safe_text(hostile) + "» مفقود؛ الحقل /documents/0/file (2026-04-27).")
    assert "\u202e" not in line and "\\u202e" in line  # shown as an escape, not obeyed
    assert f"«{FSI}umowa\\u202etxt.pdf{PDI}»" in line
    assert f"{FSI}/documents/0/file{PDI}" in line and f"{FSI}2026-04-27{PDI}" in line
    assert line.endswith(f"{PDI}).")  # the sentence's punctuation stays outside the isolate
