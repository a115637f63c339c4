"""Run every registered rule over a check context; a rule that raises becomes an X900 defect."""

from __future__ import annotations

import logging

from . import all_rules
from .checker import CHECK_FAILED
from .registry import CheckContext, Finding, Rule

log = logging.getLogger("mosprecheck")


def failure(code: str, name: str, exc: BaseException) -> tuple[Rule, Finding]:
    """The X900 finding for a check that raised (only the code and exception type are kept)."""
    log.error("check %s (%s) raised %s", code, name, type(exc).__name__)
    return CHECK_FAILED, Finding(ctx={"rule_code": code, "rule_name": name, "error": type(exc).__name__})


def run_rules(c: CheckContext) -> list[tuple[Rule, Finding]]:
    """All findings of all applicable rules, in registry order."""
    found: list[tuple[Rule, Finding]] = []
    for spec in all_rules().values():
        if spec.check is None or (spec.needs_application and c.parsed is None):
            continue
        try:
            found.extend((spec, f) for f in spec.check(c))
        except Exception as exc:  # a bug in one rule must not hide the others or crash the checker
            # Log the rule and the exception type only: messages may quote personal data.
            found.append(failure(spec.code, spec.name, exc))
    return found
