"""Filling a catalogue template with a finding's ctx, in one language.

Templates are ``str.format`` strings over the ctx (docs/translating.md):

- ``{file}``: the value as is (a file name, a pointer, a number, a date). A list is joined with ", ".
- ``{reason}`` whose value is a neutral id: the catalogue entry ``<CODE>.reason.<id>`` of the
  template's language, else the shared ``value.reason.<id>``, itself filled with the ctx. A list of
  ids is rendered item by item and joined (``<CODE>.<slot>.join`` / ``value.<slot>.join``, else
  ", "). An empty id is an empty slot.
- ``{document}``: the document kinds of the ctx (``kinds`` or ``kind``) named in the language.
- ``{size:n}``: the language's digit grouping (``52 000 000``, ``52,000,000``).
- ``{pages:@page}``: the number and the catalogue's ``unit.page`` in its CLDR plural form.
- ``{suggestion:country}``: the name of an ISO 3166-1 alpha-3 code in the language (pycountry).

No lookup goes by a text's wording: only ids choose texts.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from typing import Any

from . import entries, format_count, format_number
from .kinds import kinds_label

_ID_TYPES = (str, int, bool)


def _id(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def slot_text(lang: str, code: str | None, slot: str, neutral: Any) -> Any:
    """The catalogue's text for the neutral id ``neutral`` of ``slot``: ``<code>.<slot>.<id>``, else
    the shared ``value.<slot>.<id>``; None when the language has neither."""
    table = entries(lang)
    key = _id(neutral)
    if code is not None and f"{code}.{slot}.{key}" in table:
        return table[f"{code}.{slot}.{key}"]
    return table.get(f"value.{slot}.{key}")


def _joiner(lang: str, code: str | None, slot: str) -> str:
    found = slot_text(lang, code, slot, "join")
    return ", " if found is None else str(found)


class Template(string.Formatter):
    """``str.format`` over a ctx, resolving neutral ids through the catalogue of ``lang``."""

    def __init__(self, lang: str, code: str | None = None, depth: int = 0):
        super().__init__()
        self.lang = lang
        self.code = code
        self.depth = depth

    def fill(self, template: Any, ctx: Mapping[str, Any]) -> str:
        text = str(template)
        try:
            return self.vformat(text, (), dict(ctx))
        except (ValueError, IndexError, KeyError, AttributeError, TypeError):
            return text

    def _inner(self, template: Any, ctx: Mapping[str, Any]) -> str:
        if self.depth > 4:  # an entry naming itself cannot loop
            return str(template)
        return Template(self.lang, self.code, self.depth + 1).fill(template, ctx)

    def get_value(self, key: Any, args: Any, kwargs: Any) -> Any:
        if not isinstance(key, str):
            return super().get_value(key, args, kwargs)
        if key == "document" and (kwargs.get("kinds") or "kind" in kwargs):  # reserved: the kinds' names
            return _Text(kinds_label(kwargs.get("kinds") or [kwargs.get("kind") or "other"], self.lang))
        if key in kwargs:
            value = kwargs[key]
            if isinstance(value, _ID_TYPES) and not isinstance(value, bool) and value == "":
                return ""
            if isinstance(value, _ID_TYPES):
                found = slot_text(self.lang, self.code, key, value)
                return value if found is None else _Text(self._inner(found, kwargs))
            if isinstance(value, (list, tuple)) and value and all(isinstance(v, _ID_TYPES) for v in value):
                found = [slot_text(self.lang, self.code, key, v) for v in value]
                if all(f is not None for f in found):
                    items = [self._inner(f, kwargs) for f in found]
                    return _Text(_joiner(self.lang, self.code, key).join(items))
            if isinstance(value, dict) and "id" in value:
                found = slot_text(self.lang, self.code, key, value["id"])
                if found is not None:
                    return _Text(self._inner(found, {**kwargs, **value}))
            if isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) and "id" in v for v in value):
                found = [slot_text(self.lang, self.code, key, v["id"]) for v in value]
                if all(f is not None for f in found):
                    items = [self._inner(f, {**kwargs, **v}) for f, v in zip(found, value)]
                    return _Text(_joiner(self.lang, self.code, key).join(items))
            return value
        return "{" + key + "}"

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, _Text):
            return str(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if format_spec == "n":
                return format_number(value, self.lang)
            if format_spec.startswith("@"):
                return format_count(value, format_spec[1:], self.lang)
        if format_spec == "country" and isinstance(value, str):
            return country_name(value, self.lang) or value
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        if value is None:
            return "—"
        try:
            return super().format_field(value, format_spec)
        except (ValueError, TypeError):
            return str(value)


class _Text(str):
    """A text already rendered in the language (not formatted again by a format spec)."""


def render(template: Any, ctx: Mapping[str, Any], lang: str, code: str | None = None) -> str:
    """``template`` filled with ``ctx`` in ``lang`` (``code``: whose ``<CODE>.<slot>.<id>`` entries apply)."""
    return Template(lang, code).fill(template, ctx)


@functools.lru_cache(maxsize=None)
def _countries(lang: str) -> Any:
    import gettext  # on first use only: the CLI's start-up does not pay for it

    import pycountry

    if lang == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return gettext.NullTranslations()


def country_name(code: str, lang: str) -> str | None:
    """The name of the ISO 3166-1 alpha-3 ``code`` in ``lang`` (pycountry's catalogues), or None."""
    import pycountry

    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 and code.isalpha() else None
    return None if country is None else _countries(lang).gettext(country.name)
