"""The documents a permit type and ground require on the filing date (rulebook ``documents.*``), the
provision each names, and the voivode's call for documents.

Not a rule: A003, A004 and A008 report what is missing, T001 reads the call for documents, and the
report's checklist and the ``requirements`` command list them. (Was part of ``rules/requirements.py``.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..case import CheckContext
from ..case.helpers import ground, permit_type


#: The rulebook facts :func:`requirements` reads (the families of a permit type's lists are composed
#: from its ground: key prefixes): what a rule that uses the requirement lists declares it reads.
REQUIREMENTS_READS = ("documents.core", "documents.long_term_eu_resident.", "documents.permanent_residence.",
                      "documents.temporary_residence.")


def requirements(c: CheckContext, part: str) -> Iterator[tuple[dict[str, Any], list[str]]]:
    """(item, sources) for every requirement of ``part`` ("at_filing" or "later") on the filing date."""
    keys = ["documents.core"]
    ptype, grd = permit_type(c.application), ground(c.application)
    if ptype and grd:
        keys.append(f"documents.{ptype}.{grd}")
    for key in keys:
        if not c.rulebook.has(key):
            continue
        for item in (c.rulebook.value(key) or {}).get(part, []):
            yield item, c.rulebook.sources(key)


def provision(item: dict[str, Any], ptype: str | None) -> str | None:
    """The provision an at-filing item names (one text, or one per permit type), or None."""
    value = item.get("provision")
    if isinstance(value, dict):
        return value.get(ptype) if ptype else None
    return value


def call_for_documents(c: CheckContext) -> tuple[int, str] | None:
    """(minimum days, provision) of the voivode's call for documents for this permit type on the
    filing date (rulebook ``documents.call_for_documents``), or None where the law has no such call."""
    fact = c.rulebook.value("documents.call_for_documents", None)
    ptype = permit_type(c.application)
    if not fact or not ptype or ptype not in fact["legal_basis"]:
        return None
    return int(fact["min_days"]), str(fact["legal_basis"][ptype])
