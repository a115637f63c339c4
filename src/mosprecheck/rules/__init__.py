"""Rules: small registered checks over (file facts, application, rulebook as of the filing date).

Each module in this package holds the rules of one family; importing the package registers them
all. Codes: F file, P PDF, I image, A attachments per ground, T translation and language, D form
data, C cross-document consistency, K case and ground, M money, X checker itself.
"""

from __future__ import annotations

import importlib
import pkgutil

from .registry import (
    OUTPUT_LANGUAGES,
    REQUIRED_LANGUAGES,
    CheckContext,
    Finding,
    Retired,
    Rule,
    registered_aliases,
    registered_retired,
    registered_rules,
    rule,
)

__all__ = ["OUTPUT_LANGUAGES", "REQUIRED_LANGUAGES", "CheckContext", "Finding", "Retired", "Rule", "aliases",
           "all_rules", "resolve_code", "retired_codes", "rule"]

_LOADED = False


def all_rules() -> dict[str, Rule]:
    """Every rule, keyed by code (imports every rule module of this package once)."""
    global _LOADED
    if not _LOADED:
        for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if mod.name not in ("registry", "engine") and not mod.name.startswith("_"):
                importlib.import_module(f"{__name__}.{mod.name}")
        _LOADED = True
    return registered_rules()


def aliases() -> dict[str, str]:
    """Every old code -> the code of the rule that replaced it (``@rule(aliases=...)``)."""
    all_rules()
    return registered_aliases()


def retired_codes() -> dict[str, Retired]:
    """Every retired code that no rule replaced, with the name it had and why (``retire(...)``)."""
    all_rules()
    return registered_retired()


def resolve_code(code: str) -> str | None:
    """The code that reports ``code``'s cause now: the code itself when a rule has it, the rule
    that replaced it when it is an old code (``resolve_code("F005") == "F016"``), None for a
    retired code nothing replaced or an unknown one. Case and surrounding spaces do not matter."""
    wanted = str(code).strip().upper()
    if wanted in all_rules():
        return wanted
    return aliases().get(wanted)
