"""Build the report from findings: render messages, order deterministically, decide the verdict."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter

from .._version import __version__
from ..inventory import FileFacts
from ..findings import Finding
from ..rules.registry import Rule
from .models import Category, ChecklistItem, Defect, FeeItem, FileEntry, FilingDeadline, Report, Summary


def make_defect(spec: Rule, finding: Finding) -> Defect:
    """Render one finding of a rule into a defect."""
    message, remedy = spec.render(finding)
    return Defect(
        code=spec.code,
        name=spec.name,
        category=spec.category,
        file=finding.file,
        field=finding.field,
        message=message,
        remedy=remedy,
        legal_basis=_legal_basis(spec, finding),
        ctx=_jsonable(dict(finding.ctx)),
        facts=list(finding.facts),
    )


def _legal_basis(spec: Rule, finding: Finding) -> str | None:
    """The provision the finding names (``Finding.legal_basis``: the exact point, from the rulebook),
    else the rule's declared one."""
    return finding.legal_basis or spec.legal_basis


def _jsonable(value):
    """ctx values as plain JSON types (dates as ISO strings), so the report round-trips."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def finding_sort_key(spec: Rule, f: Finding) -> tuple:
    """Most severe first, then by file, field and code; ctx (as the report carries it) breaks the
    remaining ties. Computed on the finding as found, before it is rendered (or masked)."""
    ctx = _jsonable(dict(f.ctx))
    return (spec.category.rank, f.file or "", f.field or "", spec.code, json.dumps(ctx, sort_keys=True, ensure_ascii=True))


def build_report(
    findings: Iterable[tuple[Rule, Finding]],
    files: Iterable[FileFacts],
    *,
    roles: Mapping[str, str],
    as_of: dt.date,
    filing_date: dt.date,
    rulebook_version: str,
    application_checked: bool,
    filing_deadline: FilingDeadline | None = None,
    fees: Iterable[FeeItem] = (),
    checklist: Iterable[ChecklistItem] = (),
    mask: Callable[[Finding], Finding] | None = None,
) -> Report:
    """Assemble the report; ``ready_to_file`` is derived from the categories, never set by a rule,
    and is False without an application description (``application_checked`` False): valid files
    alone say nothing about whether the package is complete (X001 says why).

    ``filing_deadline``, ``fees`` and ``checklist`` are derived values computed from the rulebook
    (:func:`mosprecheck.derived.summary.summary_facts`, :func:`mosprecheck.derived.checklist.document_checklist`);
    the report only carries them.

    ``mask``: redaction (:meth:`mosprecheck.report.redact.Masker.finding`): each finding's values are
    masked before its texts are rendered. Order and de-duplication follow the findings as found, so a
    redacted report lists the same defects in the same order as the plain one.
    """
    found = list(findings)
    keyed = sorted(((finding_sort_key(spec, f), i) for i, (spec, f) in enumerate(found)), key=itemgetter(0))
    # The same rule may find the same thing twice (e.g. a file declared twice): keep one. Equal keys
    # are adjacent once sorted.
    unique: list[Defect] = []
    last: tuple | None = None
    for key, i in keyed:
        if key != last:
            spec, f = found[i]
            unique.append(make_defect(spec, mask(f) if mask is not None else f))
            last = key
    entries = [
        FileEntry(path=f.path, size_bytes=f.size_bytes, sha256=f.sha256, detected_type=f.detected_type,
                  description=f.description, role=roles.get(f.path))
        for f in sorted(files, key=lambda f: f.path)
    ]
    counts = {c: 0 for c in Category}
    for d in unique:
        counts[d.category] += 1
    fee_items = list(fees)
    known = [f.amount_pln for f in fee_items if f.amount_pln is not None]
    summary = Summary(
        counts=counts,
        total=len(unique),
        files=len(entries),
        total_size_bytes=sum(e.size_bytes or 0 for e in entries),
        filing_deadline=filing_deadline,
        fees=fee_items,
        fees_total_pln=float(sum(known)) if fee_items and len(known) == len(fee_items) else None,
        checklist=list(checklist),
    )
    return Report(
        tool_version=__version__,
        ready_to_file=application_checked and not any(d.category.blocking for d in unique),
        as_of=as_of,
        filing_date=filing_date,
        rulebook_version=rulebook_version,
        application_checked=application_checked,
        defects=unique,
        files=entries,
        summary=summary,
    )
