"""mosprecheck: check a Polish residence-permit application package before uploading it to MOS.

The package folder is read once into file facts, the application description is parsed into
models (shape errors become defects), registered rules run over both with the rulebook as of the
filing date, and the result is a :class:`Report` of defects that mirrors the office's braki formalne.

    >>> import mosprecheck
    >>> report = mosprecheck.check("examples/work-ready")      # doctest: +SKIP
    >>> report.ready_to_file, [d.code for d in report.defects]  # doctest: +SKIP
"""

from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:  # for type checkers and IDEs; at run time the names load on first use (below)
    from .api import check
    from .application import Application, ApplicationFileError, DocumentKind, Ground, PermitType
    from .errors import ApplicationError, InputError, PackageNotFoundError
    from .render import render_html, render_json, render_text
    from .report import Category, Defect, FileEntry, Report, Summary, redact
    from .rulebook import Rulebook, load_rulebook
    from .rules import Rule, all_rules, resolve_code

#: Where each public name lives. Importing ``mosprecheck`` loads none of them, so that the command
#: line can start the isolated parsers' process before it loads the checker (see ``_launch.main``).
_PUBLIC = {
    "check": "api",
    **dict.fromkeys(("Application", "ApplicationFileError", "DocumentKind", "Ground", "PermitType"), "application"),
    **dict.fromkeys(("ApplicationError", "InputError", "PackageNotFoundError"), "errors"),
    **dict.fromkeys(("render_html", "render_json", "render_text"), "render"),
    **dict.fromkeys(("Category", "Defect", "FileEntry", "Report", "Summary", "redact"), "report"),
    **dict.fromkeys(("Rulebook", "load_rulebook"), "rulebook"),
    **dict.fromkeys(("Rule", "all_rules", "resolve_code"), "rules"),
}


#: The public submodules, reachable as attributes too (``mosprecheck.errors.InputError``), as after
#: an eager ``import``.
_SUBMODULES = frozenset(("api", "application", "errors", "render", "report", "rulebook", "rules"))


def __getattr__(name: str):
    import importlib

    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)  # the import binds it here
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'mosprecheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


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
