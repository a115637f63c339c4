"""The case a check is about: the package's file facts, the parsed application, the as-of and
filing dates and the rulebook as of the filing date (:class:`CheckContext`), with the helpers that
read it in domain terms (:mod:`.helpers`) and as form fields (:mod:`.form`).

Below the derived values (fees, deadline, requirements, checklist) and the rules, which all read a
case; above the rulebook, the application model and the inventory it is made of.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from ..application import Application, ParsedApplication, normalise_declared_path
from ..inventory import FileFacts
from ..rulebook import RulebookView

__all__ = ["CheckContext"]


@dataclass(frozen=True)
class CheckContext:
    """Everything a rule may look at."""

    files: tuple[FileFacts, ...]
    parsed: ParsedApplication | None
    as_of: dt.date
    filing_date: dt.date
    rulebook: RulebookView
    application_path: str | None = None

    @property
    def application(self) -> Application | None:
        """The parsed application model, or None when no description was given."""
        return self.parsed.model if self.parsed is not None else None

    @cached_property
    def files_by_path(self) -> dict[str, FileFacts]:
        """File facts keyed by their relative path, and also by its NFC form (declared paths are
        compared in NFC: a name stored in NFD on disk is the same name typed in NFC)."""
        by_path = {f.path: f for f in self.files}
        for f in self.files:
            by_path.setdefault(unicodedata.normalize("NFC", f.path), f)
        return by_path

    @cached_property
    def roles(self) -> dict[str, str]:
        """Declared document kind per file path (first declaration wins)."""
        roles: dict[str, str] = {}
        app = self.application
        for doc in (app.documents or []) if app else []:
            path = normalise_declared_path(doc.file) if doc.file else ""
            if path and doc.kind and path not in roles:
                roles[path] = doc.kind.value
        for f in self.files:  # a file stored under another normal form than it was declared in
            nfc = unicodedata.normalize("NFC", f.path)
            if nfc != f.path and nfc in roles:
                roles.setdefault(f.path, roles[nfc])
        return roles
