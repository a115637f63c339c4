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
#: A rulebook fact key (``upload.max_file_bytes``), or a key prefix ending in a dot (``fees.``) for a
#: rule that reads a family of facts whose keys it composes (``documents.<permit type>.<ground>``).
_READ = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*\.?$")


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
    reads: tuple[str, ...] = ()
    """The rulebook facts the check reads, directly or through the derived values and case helpers
    it calls: exact keys, or a prefix ending in "." for a family of keys (:func:`covers`)."""
    aliases: tuple[str, ...] = ()
    """Old codes this rule replaces: a reader of an old report maps them here (:func:`resolve_code`)."""

    def declares(self, key: str) -> bool:
        """True when ``key`` is one of the facts this rule declares it reads."""
        return covers(self.reads, key)

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


@dataclass(frozen=True)
class Retired:
    """A code no rule reports any more and nothing replaced: never reused for another cause, and
    explained by ``mosprecheck explain``. (A code that another rule took over is that rule's alias.)"""

    code: str
    name: str
    reason: str


_REGISTRY: dict[str, Rule] = {}
_ALIASES: dict[str, str] = {}
_RETIRED: dict[str, Retired] = {}


def covers(reads: Iterable[str], key: str) -> bool:
    """True when the declarations ``reads`` name ``key``: the key itself, or a prefix ending in "."."""
    return any(key == r or (r.endswith(".") and key.startswith(r)) for r in reads)


def _taken(code: str) -> str | None:
    """What already uses ``code`` (a rule, an alias or a retired code), or None."""
    if code in _REGISTRY:
        return f"rule {_REGISTRY[code].name}"
    if code in _ALIASES:
        return f"an alias of {_ALIASES[code]}"
    if code in _RETIRED:
        return f"the retired code {_RETIRED[code].name}"
    return None


def rule(
    *,
    code: str,
    name: str,
    category: Category,
    reads: Iterable[str] = (),
    aliases: Iterable[str] = (),
    title: str,
    legal_basis: str | None,
    needs_application: bool = False,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check. ``reads``: the rulebook facts it reads (a test runs every case and fails on
    a read the rule does not declare, or a declared key the rulebook lacks). ``aliases``: old codes
    this rule replaces (refused when live, retired or already an alias). ``needs_application``: skip
    it when no description was given."""
    reads = tuple(reads)
    aliases = tuple(aliases)

    def decorate(func: CheckFunction) -> CheckFunction:
        if not _CODE.match(code):
            raise ValueError(f"rule code {code!r} must be a letter and three digits")
        if not _NAME.match(name):
            raise ValueError(f"rule name {name!r} must be kebab-case")
        bad = [r for r in reads if not isinstance(r, str) or not _READ.match(r)]
        if bad or len(set(reads)) != len(reads):
            raise ValueError(f"rule {code}: reads must be distinct fact keys or prefixes ending in '.': {bad or reads}")
        existing = _REGISTRY.get(code)
        if existing is not None and existing.check is not func:
            raise ValueError(f"rule code {code} is already used by {existing.name}")
        if existing is None and _taken(code):
            raise ValueError(f"rule code {code} is already {_taken(code)}")
        if any(r.name == name and r.code != code for r in _REGISTRY.values()):
            raise ValueError(f"rule name {name} is already used")
        for alias in aliases:
            if not isinstance(alias, str) or not _CODE.match(alias):
                raise ValueError(f"rule {code}: alias {alias!r} must be a letter and three digits")
            if alias == code or aliases.count(alias) > 1:
                raise ValueError(f"rule {code}: alias {alias} is its own code or named twice")
            if _taken(alias) and _ALIASES.get(alias) != code:
                raise ValueError(f"rule {code}: alias {alias} is already {_taken(alias)}")
        _REGISTRY[code] = Rule(
            code=code, name=name, category=category, title=title, legal_basis=legal_basis,
            check=func,
            needs_application=needs_application, doc=(func.__doc__ or "").strip(),
            reads=reads, aliases=aliases,
        )
        _ALIASES.update({alias: code for alias in aliases})
        return func

    return decorate


def retire(*, code: str, name: str, reason: str) -> Retired:
    """Declare a code that nothing reports any more and no rule took over (a rule that replaced
    an old code lists it in its ``aliases`` instead). Refused when the code is live or an alias."""
    if not _CODE.match(code):
        raise ValueError(f"retired code {code!r} must be a letter and three digits")
    if _taken(code) and _RETIRED.get(code) != Retired(code, name, reason):
        raise ValueError(f"retired code {code} is already {_taken(code)}")
    _RETIRED[code] = Retired(code=code, name=name, reason=reason)
    return _RETIRED[code]


def declare(
    *,
    code: str,
    name: str,
    category: Category,
    title: str,
    legal_basis: str | None,
    doc: str,
    reads: Iterable[str] = (),
) -> Rule:
    """Register a code that the engine emits itself (no check function), e.g. a check that failed.
    It reads no rulebook fact unless ``reads`` says so."""

    def _engine_emitted(c: CheckContext) -> Iterable[Finding]:
        return ()

    rule(code=code, name=name, category=category, reads=reads, title=title, legal_basis=legal_basis)(_engine_emitted)
    spec = _REGISTRY[code]
    spec = Rule(**{**spec.__dict__, "check": None, "doc": doc})
    _REGISTRY[code] = spec
    return spec


def registered_rules() -> dict[str, Rule]:
    """The registry as it stands (use :func:`mosprecheck.rules.all_rules` to load every module first)."""
    return dict(sorted(_REGISTRY.items()))


def registered_aliases() -> dict[str, str]:
    """Old code -> the code of the rule that replaced it, as registered so far."""
    return dict(sorted(_ALIASES.items()))


def registered_retired() -> dict[str, Retired]:
    """Retired codes nothing replaced, as registered so far."""
    return dict(sorted(_RETIRED.items()))


def _render(template: str, ctx: Mapping[str, Any], lang: str, code: str | None = None) -> str:
    return render_template(template, ctx, lang, code)
