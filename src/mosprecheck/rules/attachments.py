"""Attachment rules: the documents the application lists against the files in the folder."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterator

from ..application import normalise_declared_path, to_pointer
from ..findings import Category
from ..case.helpers import suggestion_ctx
from .registry import CheckContext, Finding, rule


def _closest(declared: str, present: dict[str, object]) -> list[str]:
    """The package file the user probably meant: same name but for letter case, else a close spelling."""
    lowered = {p.lower(): p for p in sorted(present)}
    if declared.lower() in lowered:
        return [lowered[declared.lower()]]
    close = difflib.get_close_matches(declared.lower(), list(lowered), n=1, cutoff=0.75)
    return [lowered[close[0]]] if close else []


@rule(
    code="A001",
    name="listed-document-missing",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Document listed in the application but absent from the package",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def listed_document_missing(c: CheckContext) -> Iterator[Finding]:
    """Every ``documents[].file`` must name a file of the package (relative to its root).

    Why the office objects: an attachment the application relies on and that was not filed is a brak
    formalny; the office sends a wezwanie with at least 7 days to supply it (art. 64 § 2 KPA).
    """
    app = c.application
    if app is None or not app.documents:
        return
    present = c.files_by_path
    for i, doc in enumerate(app.documents):
        if not doc.file:
            continue
        declared = normalise_declared_path(doc.file)
        if declared in present:
            continue
        pointer = to_pointer(("documents", i, "file"))
        close = _closest(declared, present)
        ctx = {
            "file": doc.file,
            "kind": doc.kind.value if doc.kind else "?",
            "field": pointer,
            **suggestion_ctx(close[0] if close else None, "did_you_mean_file"),
        }
        yield Finding(file=None, field=pointer, ctx=ctx)


@rule(
    code="A002",
    name="file-not-listed",
    category=Category.ADVISORY,
    reads=(),
    title="File in the package that the application does not list",
    legal_basis=None,
    needs_application=True,
)
def file_not_listed(c: CheckContext) -> Iterator[Finding]:
    """A file nobody declared is either forgotten in the description or should not be uploaded."""
    app = c.application
    if app is None:
        return
    declared = {normalise_declared_path(d.file) for d in (app.documents or []) if d.file}
    for f in c.files:
        if f.path not in declared and unicodedata.normalize("NFC", f.path) not in declared:
            yield Finding(file=f.path, ctx={"file": f.path})
