"""Language-specific values in a defect's ``ctx``, for every output language.

Some rules pass part of a sentence as ready text per language: ``reason_pl``/``reason_en``, a
document name as ``document_pl``/``document_en``, a "did you mean" hint as ``hint_pl``/``hint_en``.
A template refers to such a value as ``{<key>_<lang>}`` (``{reason_uk}`` in a Ukrainian
template). When the rule did not pass that language itself, :func:`localise` derives it, in this
order:

1. from language-neutral data the rule also passed: document kinds (``kinds``/``kind``), the
   suggestion behind a hint (``suggestion``), the Polish label of a form field (``label_pl``: the
   office's form is Polish, so the official label is quoted as is), or a neutral value of the same
   key (``reason: minor_signs`` -> the ``by_value.reason.minor_signs`` text of ``_values.yaml``,
   formatted with the ctx); a value the rule passes identically in Polish and English (an
   amount such as ``440 zł``) is language-neutral and used as is;
2. from the ``phrases`` of ``_values.yaml``: the English source phrase (exact, or a pattern such
   as ``"{pointer} is given"`` whose captured parts are translated in turn) with its translation.
   Lists are translated item by item.

When neither gives a text, :func:`localise` returns None and the renderer uses the English value
(visible, never an error); ``tests/test_i18n.py`` keeps the bundled cases free of such fallbacks.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping
from typing import Any

import yaml

from . import _LOADER, MOS_LANGUAGES, catalogue_dir, entries, format_count, format_number, text
from .kinds import kinds_label

#: ``<key>_<lang>`` in a template: a language-specific value.
LANG_SUFFIX = re.compile(r"^(?P<base>.+)_(?P<lang>" + "|".join(MOS_LANGUAGES) + r")$")


def split_key(key: str) -> tuple[str, str | None]:
    """(base, lang) of a placeholder: ``reason_uk`` -> (``reason``, ``uk``); ``file`` -> (``file``, None)."""
    m = LANG_SUFFIX.match(key)
    return (m.group("base"), m.group("lang")) if m else (key, None)


def slot_text(lang: str, code: str | None, slot: str, neutral: Any) -> Any:
    """The catalogue's text for the neutral id ``neutral`` of ``slot``: ``<code>.<slot>.<id>``, else
    the shared ``value.<slot>.<id>``; None when the language has neither."""
    if isinstance(neutral, bool):
        neutral = str(neutral).lower()
    table = entries(lang)
    if code is not None and f"{code}.{slot}.{neutral}" in table:
        return table[f"{code}.{slot}.{neutral}"]
    return table.get(f"value.{slot}.{neutral}")


def localise(base: str, lang: str, ctx: Mapping[str, Any], code: str | None = None) -> Any:
    """The value of ``<base>_<lang>`` for this ctx, or None when no translation is known."""
    own = ctx.get(f"{base}_{lang}")
    if own is not None:
        return own
    pl, en = ctx.get(f"{base}_pl"), ctx.get(f"{base}_en")
    if pl is not None and pl == en:  # the rule passes the same text for every language (an amount)
        return en
    if base == "document" and (ctx.get("kinds") or "kind" in ctx):
        kinds = ctx.get("kinds") or [ctx.get("kind") or "other"]
        return kinds_label(kinds, lang)
    if base == "hint" and "suggestion" in ctx:
        suggestion = ctx.get("suggestion")
        if not suggestion:
            return ""
        name = ctx.get(f"suggestion_name_{lang}")
        shown = f"{suggestion} ({name})" if name else str(suggestion)
        return str(text(lang, "value.did_you_mean", " → {suggestion}")).format(suggestion=shown)
    if base == "label" and "label_pl" in ctx:
        return ctx["label_pl"]
    neutral = ctx.get(base)
    if neutral == "" and f"{base}_en" not in ctx:  # no id chosen: the slot is empty (a hint not given)
        return ""
    if isinstance(neutral, (str, int, bool)):
        found = slot_text(lang, code, base, neutral)
        if found is not None:
            return _fill(found, ctx, lang)
    if isinstance(neutral, (list, tuple)) and neutral:
        found = [slot_text(lang, code, base, v) if isinstance(v, (str, int, bool)) else None for v in neutral]
        if all(f is not None for f in found):
            return [_fill(f, ctx, lang) for f in found]  # a list of neutral ids
    english = ctx.get(f"{base}_en")
    if isinstance(english, (list, tuple)):
        items = [translate_phrase(str(v), lang) for v in english]
        return None if any(i is None for i in items) else items
    if isinstance(english, str):
        return "" if not english.strip() else translate_phrase(english, lang)
    return None


def translate_phrase(text: str, lang: str) -> str | None:
    """``text`` (an English source phrase) in ``lang`` from its ``phrases`` table, or None."""
    if lang == "en":
        return text
    exact, patterns = _phrases(lang)
    return _translate(text, exact, patterns, depth=0)


def _translate(text: str, exact: dict[str, str], patterns: list[tuple[re.Pattern[str], str]], depth: int) -> str | None:
    if text in exact:
        return exact[text]
    if depth > 8:
        return None
    for regex, target in patterns:
        m = regex.fullmatch(text)
        if m is None:
            continue
        parts = {k: _translate(v, exact, patterns, depth + 1) or v for k, v in m.groupdict().items()}
        return target.format(**parts)
    return None


@functools.lru_cache(maxsize=None)
def _phrases(lang: str) -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    exact: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    path = catalogue_dir() / f"_phrases.{lang}.yaml"
    table = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) if path.is_file() else {}
    for source, target in (table or {}).items():
        if "{" in source:
            regex = "".join(
                f"(?P<{name}>.+?)" if name else re.escape(literal)
                for literal, name in _pieces(source)
            )
            patterns.append((re.compile(regex, re.DOTALL), str(target)))
        else:
            exact[source] = str(target)
    return exact, patterns


def _pieces(source: str):
    """(literal, None) and ("", name) pieces of a phrase pattern such as ``"{pointer} is given"``."""
    pos = 0
    for m in re.finditer(r"\{([a-z_]+)\}", source):
        if m.start() > pos:
            yield source[pos:m.start()], None
        yield "", m.group(1)
        pos = m.end()
    if pos < len(source):
        yield source[pos:], None


class _Counting(string.Formatter):
    """``str.format`` plus ``{n:n}`` (the language's digit grouping) and ``{n:@unit}`` (a count)."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if format_spec == "n":
                return format_number(value, self.lang)
            if format_spec.startswith("@"):
                return format_count(value, format_spec[1:], self.lang)
        return super().format_field(value, format_spec)


def _fill(template: Any, ctx: Mapping[str, Any], lang: str = "en") -> str:
    text = str(template)
    try:
        return _Counting(lang).vformat(text, (), _Defaulting(ctx))
    except (ValueError, IndexError, AttributeError, KeyError):
        return text


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fee_labels(key: str, per_language: Mapping[str, Mapping[str, Any]] | None = None, **fields: Any) -> dict[str, str]:
    """The fee label ``fee.<key>`` in every output language, filled with ``fields``.

    ``per_language``: fields whose value differs by language (a payee named in the rulebook in
    Polish and English); a language not listed gets the English value, translated through its
    ``phrases`` when it is one of them.
    """
    per_language = per_language or {}
    out: dict[str, str] = {}
    for lang in MOS_LANGUAGES:
        template = text(lang, f"fee.{key}") or text("en", f"fee.{key}", key)
        shown = {**fields, **per_language.get(lang, per_language.get("en", {}))}
        if lang not in ("pl", "en"):
            shown = {k: (translate_phrase(v, lang) or v) if isinstance(v, str) else v for k, v in shown.items()}
        out[lang] = _fill(template, shown, lang)
    return out
