"""Rules: small registered checks over (file facts, application, rulebook as of the filing date).

Each module in this package holds the rules of one family; importing the package registers them
all. Codes: F file, P PDF, I image, A attachments per ground, T translation and language, D form
data, C cross-document consistency, K case and ground, M money, X checker itself.
"""

from __future__ import annotations

import importlib
import pkgutil

from .registry import OUTPUT_LANGUAGES, REQUIRED_LANGUAGES, CheckContext, Finding, Rule, registered_rules, rule

__all__ = ["OUTPUT_LANGUAGES", "REQUIRED_LANGUAGES", "CheckContext", "Finding", "Rule", "all_rules", "rule"]

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
