"""mosprecheck: check a Polish residence-permit application package before uploading it to MOS.

The package folder is read once into file facts, the application description is parsed into
models (shape errors become defects), registered rules run over both with the rulebook as of the
filing date, and the result is a :class:`Report` of defects that mirrors the office's braki formalne.

    >>> import mosprecheck
    >>> report = mosprecheck.check("examples/work-ready")      # doctest: +SKIP
    >>> report.ready_to_file, [d.code for d in report.defects]  # doctest: +SKIP
"""

from ._version import __version__
from .api import check
from .application import Application, ApplicationFileError, DocumentKind, Ground, PermitType
from .errors import ApplicationError, InputError, PackageNotFoundError
from .render import render_html, render_json, render_text
from .report import Category, Defect, FileEntry, Report, Summary, redact
from .rulebook import Rulebook, load_rulebook
from .rules import Rule, all_rules, resolve_code

__all__ = [
    "Application",
    "ApplicationError",
    "ApplicationFileError",
    "Category",
    "Defect",
    "DocumentKind",
    "FileEntry",
    "Ground",
    "InputError",
    "PackageNotFoundError",
    "PermitType",
    "Report",
    "Rule",
    "Rulebook",
    "Summary",
    "__version__",
    "all_rules",
    "check",
    "load_rulebook",
    "redact",
    "render_html",
    "render_json",
    "render_text",
    "resolve_code",
]
