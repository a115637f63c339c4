"""The checklist of the report summary: every document the ground requires, and its state.

Not a rule: the same requirements A003 (at filing) and A004 (later evidence) check, from the
rulebook ``documents.*`` on the filing date, laid out for the reader as a list to tick off. A
requirement is met by a ``documents[]`` entry of any of its kinds whose file is in the package.
"""

from __future__ import annotations

from ..case import CheckContext
from ..case.helpers import declared_path, documents, kinds_label
from ..findings import ChecklistItem
from ..i18n import MOS_LANGUAGES
from .requirements import requirements

#: The parts of a requirement list, in the order the checklist shows them.
_PARTS = ("at_filing", "later")


def document_checklist(c: CheckContext) -> list[ChecklistItem]:
    """One item per requirement: documents needed at filing first, then later evidence."""
    if c.application is None:
        return []
    declared: dict[str, list[str | None]] = {}
    for _, doc in documents(c.application):
        if doc.kind:
            declared.setdefault(doc.kind.value, []).append(declared_path(doc))
    present_paths = set(c.files_by_path)
    items: list[ChecklistItem] = []
    seen: set[tuple[str, str]] = set()
    for when in _PARTS:
        for item, sources in requirements(c, when):
            key = (when, str(item["id"]))
            if key in seen:
                continue
            seen.add(key)
            kinds = [str(k) for k in item["any_of"]]
            paths = [p for k in kinds for p in declared.get(k, [])]
            found = sorted({p for p in paths if p and p in present_paths})
            if found:
                state = "present"
            elif paths:
                state = "listed_but_absent"
            else:
                state = "missing"
            items.append(ChecklistItem(
                requirement=str(item["id"]), kinds=kinds,
                label={lang: kinds_label(kinds, lang) for lang in MOS_LANGUAGES},
                when=when, state=state,
                files=found if found else sorted({p for p in paths if p}),
                sources=list(sources),
            ))
    return items
