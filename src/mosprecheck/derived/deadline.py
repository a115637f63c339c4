"""The last day to file: the last day of legal stay, and the days left from the as-of date.

Not a rule: the report summary shows it and K020 (filed-after-legal-stay) compares the filing date
with it. (Was part of ``rules/deadlines.py``.)
"""

from __future__ import annotations

from ..case import CheckContext
from ..case.helpers import permit_type
from ..findings import FilingDeadline


def filing_deadline(c: CheckContext) -> FilingDeadline | None:
    """The last day to file (the last day of legal stay) and the days left from the as-of date."""
    app = c.application
    rule_ = c.rulebook.value("deadlines.filing", None)
    if app is None or app.legal_stay_until is None or rule_ is None:
        return None
    by_type = rule_.get("legal_basis") or {}
    return FilingDeadline(
        last_day=app.legal_stay_until,
        days_left=(app.legal_stay_until - c.as_of).days,
        filing_date_in_time=c.filing_date <= app.legal_stay_until,
        legal_basis=by_type.get(permit_type(app)) if isinstance(by_type, dict) else by_type,
        sources=c.rulebook.sources("deadlines.filing"),
    )
