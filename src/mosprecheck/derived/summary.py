"""The figures the report summary carries, computed from the rulebook on the filing date.

Not rules: the last day to file and the fees to pay are facts about the application, shown in the
summary so that the renderers only display them.
"""

from __future__ import annotations

from ..case import CheckContext
from ..findings import FeeItem, FilingDeadline
from .deadline import filing_deadline
from .fees import fees_due


def summary_facts(c: CheckContext) -> tuple[FilingDeadline | None, list[FeeItem]]:
    """(filing deadline, fees to pay) for the report summary; (None, []) without a description."""
    return filing_deadline(c), fees_due(c)
