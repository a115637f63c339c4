"""The rule registry: every check declares its code, category, title and legal basis beside its logic,
and registers itself with :func:`rule`; its message and remedy are the catalogue entries
``<CODE>.message`` and ``<CODE>.remedy`` of every language (``i18n/catalogue/<lang>.yaml``).

A rule is a function ``(CheckContext) -> Iterable[Finding]``. It reads file facts, the parsed
application and the rulebook as of the filing date; it never opens a file and never hard-codes a
legal number. The engine renders each finding into a :class:`~mosprecheck.report.models.Defect` by
filling the message and remedy templates of every language with the finding's ``ctx``.

Templates are ``str.format`` strings over the finding's ``ctx``; a field whose value is a neutral
id is looked up as ``<CODE>.<field>.<id>`` in the template's language (see
:mod:`mosprecheck.i18n.template` and docs/translating.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..case import CheckContext  # re-exported with Finding: what a rule module imports from here
from ..findings import Category, Finding
from ..i18n import MOS_LANGUAGES, text
from ..i18n.template import render as render_template

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


def _render(template: str, ctx: Mapping[str, Any], lang: str, code: str | None = None) -> str:
    return render_template(template, ctx, lang, code)
