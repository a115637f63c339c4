"""The rule registry: every check declares its code, category, title, legal basis, message and
remedy templates beside its logic, and registers itself with :func:`rule`.

A rule is a function ``(CheckContext) -> Iterable[Finding]``. It reads file facts, the parsed
application and the rulebook as of the filing date; it never opens a file and never hard-codes a
legal number. The engine renders each finding into a :class:`~mosprecheck.report.models.Defect` by
filling the message and remedy templates of every language with the finding's ``ctx``.

Templates use ``str.format`` fields: ``{name}``; ``{size:n}`` groups digits the way the language
does (``52 000 000`` in Polish, ``52,000,000`` in English); a list is joined with ", ". A field
``{<key>_<lang>}`` is a language-specific value: the rule may pass it itself (``reason_pl``), else
:func:`mosprecheck.i18n.values.localise` derives it from neutral ctx data or the language's
``_values.yaml``, and the English value is shown when no translation is known.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..case import CheckContext  # re-exported with Finding: what a rule module imports from here
from ..findings import Category, Finding
from ..i18n import MOS_LANGUAGES, catalogue, format_number
from ..i18n.values import localise, split_key

#: Languages every rule declares inline, beside its logic (the source texts). The other output
#: languages come from the catalogues ``i18n/<lang>/*.yaml``.
REQUIRED_LANGUAGES = ("pl", "en")

#: Languages every message and remedy is rendered in (a test fails when a code lacks one).
OUTPUT_LANGUAGES = MOS_LANGUAGES

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
    message: Mapping[str, str]
    remedy: Mapping[str, str]
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

    def templates(self) -> tuple[dict[str, str], dict[str, str]]:
        """(message, remedy) templates per language: the inline pl/en ones plus the catalogue's."""
        message, remedy = dict(self.message), dict(self.remedy)
        for lang, texts in catalogue().get(self.code, {}).items():
            message.setdefault(lang, texts["message"])
            remedy.setdefault(lang, texts["remedy"])
        return message, remedy

    def render(self, finding: Finding) -> tuple[dict[str, str], dict[str, str]]:
        """(message, remedy) for a finding, in every language the rule has texts for."""
        ctx = dict(finding.ctx)
        messages, remedies = self.templates()
        message = {lang: _render(tpl, ctx, lang) for lang, tpl in sorted(messages.items())}
        remedy = {lang: _render(tpl, ctx, lang) for lang, tpl in sorted(remedies.items())}
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
    message: Mapping[str, str],
    remedy: Mapping[str, str],
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
        for lang in REQUIRED_LANGUAGES:
            if lang not in message or lang not in remedy:
                raise ValueError(f"rule {code} lacks the {lang!r} message or remedy")
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
            message=dict(message), remedy=dict(remedy), check=func,
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
    message: Mapping[str, str],
    remedy: Mapping[str, str],
    doc: str,
    reads: Iterable[str] = (),
) -> Rule:
    """Register a code that the engine emits itself (no check function), e.g. a check that failed.
    It reads no rulebook fact unless ``reads`` says so."""

    def _engine_emitted(c: CheckContext) -> Iterable[Finding]:
        return ()

    rule(code=code, name=name, category=category, reads=reads, title=title, legal_basis=legal_basis,
         message=message, remedy=remedy)(_engine_emitted)
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


# ---------------------------------------------------------------------------------------------
# Template rendering
# ---------------------------------------------------------------------------------------------


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def get_value(self, key: Any, args: Any, kwargs: Any) -> Any:
        if isinstance(key, str):
            if key in kwargs:
                return kwargs[key]
            base, lang = split_key(key)
            if lang is not None:
                value = localise(base, lang, kwargs)
                if value is None:
                    value = kwargs.get(f"{base}_en")
                if value is not None:
                    return value
            return "{" + key + "}"
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "n" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_number(value, self.lang)
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        if value is None:
            return "—"
        try:
            return super().format_field(value, format_spec)
        except (ValueError, TypeError):
            return str(value)


def _render(template: str, ctx: Mapping[str, Any], lang: str) -> str:
    try:
        return _Formatter(lang).vformat(template, (), dict(ctx))
    except (ValueError, IndexError, KeyError, AttributeError):
        return template
