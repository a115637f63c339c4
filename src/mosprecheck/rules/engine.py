"""Run every registered rule over a check context; a rule that raises becomes an X900 defect."""

from __future__ import annotations

import logging

from . import all_rules
from .checker import CHECK_FAILED
from .registry import CheckContext, Finding, Rule

log = logging.getLogger("mosprecheck")


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
            log.error("rule %s (%s) raised %s", spec.code, spec.name, type(exc).__name__)
            found.append((CHECK_FAILED, Finding(ctx={"rule_code": spec.code, "rule_name": spec.name,
                                                     "error": type(exc).__name__})))
    return found
