"""Rules about the check itself: what could not be checked, and why."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Category
from .registry import CheckContext, Finding, declare, rule


@rule(
    code="X001",
    name="application-not-provided",
    category=Category.ADVISORY,
    reads=(),
    title="No application description: only the files were checked",
    legal_basis=None,
    message={
        "pl": "Nie podano opisu wniosku (application.json): sprawdzono tylko pliki. Nie sprawdzono wymaganych "
        "dokumentów, pól formularza, terminów ani opłat, więc paczki nie można uznać za gotową do złożenia.",
        "en": "No application description (application.json) was given: only the files were checked. Required "
        "documents, form fields, deadlines and fees were not checked, so the package cannot be called ready to "
        "file.",
    },
    remedy={
        "pl": "Dodaj plik application.json do paczki albo wskaż go opcją --application.",
        "en": "Add application.json to the package or point to it with --application.",
    },
)
def application_not_provided(c: CheckContext) -> Iterator[Finding]:
    """Without a description, a package of valid files may still miss everything the ground requires:
    the verdict is then "not ready" (:func:`mosprecheck.report.build.build_report`), and this
    advisory says why."""
    if c.parsed is None:
        yield Finding(ctx={})


CHECK_FAILED = declare(
    code="X900",
    name="check-not-completed",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="A check could not be completed",
    legal_basis=None,
    message={
        "pl": "Sprawdzenie {rule_code} ({rule_name}) nie zostało ukończone z powodu błędu programu; paczki nie "
        "można uznać za gotową do złożenia.",
        "en": "Check {rule_code} ({rule_name}) could not be completed because of a program error; the package "
        "cannot be considered ready to file.",
    },
    remedy={
        "pl": "Zgłoś błąd opiekunom mosprecheck (bez danych osobowych) i sprawdź tę część paczki ręcznie.",
        "en": "Report the error to the mosprecheck maintainers (without personal data) and check this part by hand.",
    },
    doc="Emitted by the engine when a rule raises. It blocks the verdict: a check that did not run must never "
    "look like a pass.",
)
