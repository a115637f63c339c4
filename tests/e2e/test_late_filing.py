"""A late filing through the whole check (folder, description, report, CLI exit code): one verdict
per permit type, never K012's bar and K020's refusal risk together (issue 11 follow-up)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import AS_OF, write_application

import mosprecheck
from mosprecheck.report.models import Category


@pytest.mark.parametrize(("ptype", "grd", "code", "category"), [
    ("temporary_residence", "work_single_permit", "K020", Category.REFUSAL_RISK),
    ("permanent_residence", "karta_polaka", "K012", Category.NOT_FILEABLE),
    ("long_term_eu_resident", "long_term_residence", "K012", Category.NOT_FILEABLE),
])
def test_a_package_filed_after_legal_stay_gets_one_late_filing_verdict(work_package, work_application,
                                                                      ptype, grd, code, category):
    work_application["permit"] = {"type": ptype, "ground": grd}
    if ptype != "temporary_residence":
        work_application.pop("annex_1", None)
    work_application["filing_date"] = "2027-01-20"  # legal stay ended on 2027-01-15
    write_application(work_package, work_application)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    late = [d for d in report.defects
            if d.code == "K020" or (d.code == "K012" and d.ctx.get("bar") == "legal_stay_ended")]
    assert [(d.code, d.category) for d in late] == [(code, category)]
    assert str(late[0].ctx["legal_stay_until"]) == str(dt.date(2027, 1, 15))
    if category is Category.NOT_FILEABLE:
        assert not report.ready_to_file
