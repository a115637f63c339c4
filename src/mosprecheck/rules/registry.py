"""The rule registry: every check declares its code, category, title and legal basis beside its logic,
and registers itself with :func:`rule`; its message and remedy are the catalogue entries
``<CODE>.message`` and ``<CODE>.remedy`` of every language (``i18n/catalogue/<lang>.yaml``).

A rule is a function ``(CheckContext) -> Iterable[Finding]``. It reads file facts, the parsed
application and the rulebook as of the filing date; it never opens a file and never hard-codes a
legal number. The engine renders each finding into a :class:`~mosprecheck.report.models.Defect` by
filling the message and remedy templates of every language with the finding's ``ctx``.

Templates use ``str.format`` fields: ``{name}``; ``{size:n}`` groups digits the way the language
does (``52 000 000`` in Polish, ``52,000,000`` in English); ``{pages:@page}`` is the number and
the catalogue's ``unit.page`` in its CLDR plural form (``5 stron``, ``1 page``); a list is joined
with ", ". A field
``{<key>_<lang>}`` is a language-specific value: the rule may pass it itself (``reason_pl``), else
:func:`mosprecheck.i18n.values.localise` derives it from neutral ctx data (``reason:
minor_signs`` -> the catalogue's ``<CODE>.reason.minor_signs``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..case import CheckContext  # re-exported with Finding: what a rule module imports from here
from ..findings import Category, Finding
from ..i18n import MOS_LANGUAGES, format_count, format_number, text
from ..i18n.values import localise, split_key

#: Languages every message and remedy is rendered in (a test fails when a code lacks one).
OUTPUT_LANGUAGES = MOS_LANGUAGES

#: Languages every registered code has a message and remedy in: all of them, from the catalogues.
REQUIRED_LANGUAGES = OUTPUT_LANGUAGES

_CODE = re.compile(r"^[A-Z][0-9]{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


CheckFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered check and its declaration."""

    code: str
    name: str
    category: Category
    title: str
    legal_basis: str | None
    check: CheckFunction | None
    """None for a code the engine itself emits (see :func:`declare`)."""
    needs_application: bool
    doc: str

    @property
    def message(self) -> dict[str, str]:
        """The message template per output language (``<CODE>.message`` of each catalogue)."""
        return self._texts("message")

    @property
    def remedy(self) -> dict[str, str]:
        """The remedy template per output language (``<CODE>.remedy`` of each catalogue)."""
        return self._texts("remedy")

    def _texts(self, part: str) -> dict[str, str]:
        out = {}
        for lang in OUTPUT_LANGUAGES:
            tpl = text(lang, f"{self.code}.{part}")
            if tpl is not None:
                out[lang] = str(tpl)
        return out

    def templates(self) -> tuple[dict[str, str], dict[str, str]]:
        """(message, remedy) templates per language, from the catalogues."""
        return self.message, self.remedy

    def render(self, finding: Finding) -> tuple[dict[str, str], dict[str, str]]:
        """(message, remedy) for a finding, in every language the rule has texts for."""
        ctx = dict(finding.ctx)
        messages, remedies = self.templates()
        message = {lang: _render(tpl, ctx, lang, self.code) for lang, tpl in sorted(messages.items())}
        remedy = {lang: _render(tpl, ctx, lang, self.code) for lang, tpl in sorted(remedies.items())}
        return message, remedy


_REGISTRY: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    name: str,
    category: Category,
    title: str,
    legal_basis: str | None,
    needs_application: bool = False,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check. ``needs_application``: skip it when no description was given."""

    def decorate(func: CheckFunction) -> CheckFunction:
        if not _CODE.match(code):
            raise ValueError(f"rule code {code!r} must be a letter and three digits")
        if not _NAME.match(name):
            raise ValueError(f"rule name {name!r} must be kebab-case")
        existing = _REGISTRY.get(code)
        if existing is not None and existing.check is not func:
            raise ValueError(f"rule code {code} is already used by {existing.name}")
        if any(r.name == name and r.code != code for r in _REGISTRY.values()):
            raise ValueError(f"rule name {name} is already used")
        _REGISTRY[code] = Rule(
            code=code, name=name, category=category, title=title, legal_basis=legal_basis,
            check=func,
            needs_application=needs_application, doc=(func.__doc__ or "").strip(),
        )
        return func

    return decorate


def declare(
    *,
    code: str,
    name: str,
    category: Category,
    title: str,
    legal_basis: str | None,
    doc: str,
) -> Rule:
    """Register a code that the engine emits itself (no check function), e.g. a check that failed."""

    def _engine_emitted(c: CheckContext) -> Iterable[Finding]:
        return ()

    rule(code=code, name=name, category=category, title=title, legal_basis=legal_basis)(_engine_emitted)
    spec = _REGISTRY[code]
    spec = Rule(**{**spec.__dict__, "check": None, "doc": doc})
    _REGISTRY[code] = spec
    return spec


def registered_rules() -> dict[str, Rule]:
    """The registry as it stands (use :func:`mosprecheck.rules.all_rules` to load every module first)."""
    return dict(sorted(_REGISTRY.items()))


# ---------------------------------------------------------------------------------------------
# Template rendering
# ---------------------------------------------------------------------------------------------


class _Formatter(string.Formatter):
    def __init__(self, lang: str, code: str | None = None):
        super().__init__()
        self.lang = lang
        self.code = code

    def get_value(self, key: Any, args: Any, kwargs: Any) -> Any:
        if isinstance(key, str):
            if key in kwargs:
                return kwargs[key]
            base, lang = split_key(key)
            if lang is not None:
                value = localise(base, lang, kwargs, self.code)
                if value is None:
                    value = kwargs.get(f"{base}_en")
                if value is not None:
                    return value
            return "{" + key + "}"
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "n" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_number(value, self.lang)
        if format_spec.startswith("@") and isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_count(value, format_spec[1:], self.lang)  # {pages:@page}: "5 stron", "5 pages"
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        if value is None:
            return "—"
        try:
            return super().format_field(value, format_spec)
        except (ValueError, TypeError):
            return str(value)


def _render(template: str, ctx: Mapping[str, Any], lang: str, code: str | None = None) -> str:
    try:
        return _Formatter(lang, code).vformat(template, (), dict(ctx))
    except (ValueError, IndexError, KeyError, AttributeError):
        return template
