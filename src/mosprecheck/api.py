"""The pipeline behind :func:`check`: inventory -> application -> rules -> report."""

from __future__ import annotations

import datetime as dt
import math
import numbers
import os
from pathlib import Path
from typing import Any, Union

from . import archive
from .application import Application, ApplicationFileError, ParsedApplication, load_application_file, parse_application
from .case import CheckContext
from .derived.checklist import document_checklist
from .derived.summary import summary_facts
from .errors import ApplicationError, PackageNotFoundError
from .inventory import FileFacts, Inspector, package_root_is_valid, walk_package
from .inventory.checker.inspector import PACKAGE_TIME_BUDGET_S, prestart
from .inventory.ocr import ocr_available
from .inventory.worker.bounds import DEFAULT_PIXEL_BUDGET
from .report.build import build_report
from .report.models import Report
from .report.redact import masker_for
from .report.redact import redact as redact_report
from .report.subject import annotate, renamed, zip_name
from .rulebook import RulebookView, load_rulebook
from .rules.engine import failure, run_rules
from .case.helpers import TRAVEL_DOCUMENT_KINDS, declared_path

#: The description's default name inside the package folder; never treated as an attachment.
DEFAULT_APPLICATION_NAME = "application.json"

ApplicationInput = Union[str, "os.PathLike[str]", dict, Application, None]


def check(
    package_dir: str | os.PathLike[str] | archive.ZipSource,
    application: ApplicationInput = None,
    *,
    as_of: dt.date | dt.datetime | str | None = None,
    redact: bool = False,
    time_budget: float | None = None,
) -> Report:
    """Check an application package and return its defect report.

    ``package_dir``: the folder of intended attachments (read-only; nothing is ever written), or
    the package as a zip archive: a path to it, its bytes or a binary file object. A zip is unpacked
    under the service's limits (:mod:`mosprecheck.archive`) into a private temporary folder that is
    always removed; an unsafe or oversized archive raises :class:`~mosprecheck.archive.ArchiveError`
    (an ``InputError``).
    ``application``: the description as a path to a JSON file, the decoded JSON (a dict), or an
    :class:`~mosprecheck.application.Application`; by default ``<package_dir>/application.json``
    when it exists. Without one, only file-level checks run and one advisory says so.
    ``as_of``: the day to check for (default: today): a ``date``, a ``datetime`` (its own date,
    in its own time zone) or an ISO ``YYYY-MM-DD`` string; anything else is a :class:`TypeError`.
    The rulebook is evaluated on the application's ``filing_date``, or on ``as_of`` when the
    application gives none.
    ``redact``: mask PESEL numbers, document numbers, names and dates of birth everywhere in the
    report (:func:`mosprecheck.report.redact.redact`), so that it can be shared or stored.
    ``time_budget``: seconds the whole package may take to inspect (default
    :data:`~mosprecheck.inventory.checker.inspector.PACKAGE_TIME_BUDGET_S`); what was not inspected
    by then is reported as not verified (blocking), never passed. A finite ``int`` or ``float``
    >= 0, or None; another type is a :class:`TypeError`, NaN, infinity or a negative number a
    :class:`ValueError` (one line each).

    Raises :class:`~mosprecheck.errors.InputError` only when the input cannot be checked at all
    (missing folder, a description file that is not JSON). Any defect of the package or of the
    description's content is reported, never raised.
    """
    time_budget = normalise_time_budget(time_budget)
    if archive.is_zip_source(package_dir):
        with archive.unpacked(package_dir) as root:  # type: ignore[arg-type]
            return check_unpacked(root, application, as_of=as_of, redact=redact, name=zip_name(package_dir),
                                  time_budget=time_budget)
    reason = package_root_is_valid(package_dir)  # type: ignore[arg-type]
    if reason:
        raise PackageNotFoundError(reason)
    prestart()  # the isolated parsers load while the description and rulebook are read
    root = Path(package_dir)  # type: ignore[arg-type]
    as_of = normalise_as_of(as_of)

    parsed, app_path = _read_application(root, application)
    exclude = {DEFAULT_APPLICATION_NAME}
    if app_path is not None:
        rel = _relative_inside(app_path, root)
        if rel is not None:
            exclude.add(rel)

    filing_date = (parsed.model.filing_date if parsed is not None else None) or as_of
    rulebook = load_rulebook()
    view = rulebook.at(filing_date)
    files = _inventory(root, frozenset(exclude), view, time_budget, _ocr_paths(parsed))
    return _judge(files, parsed, as_of, filing_date, app_path, root, redact)


def check_facts(
    files: tuple[FileFacts, ...] | list[FileFacts],
    application: dict | Application | None = None,
    *,
    as_of: dt.date | dt.datetime | str | None = None,
    package_dir: str | os.PathLike[str] | None = None,
    redact: bool = False,
) -> Report:
    """The report :func:`check` gives for a package whose inventory is ``files`` (file facts already
    gathered, e.g. built by a test or a tool): the same rules, summary, checklist and report, with
    no folder read and no worker started. ``application``: the decoded description or an
    :class:`~mosprecheck.application.Application` (None: file-level checks only). ``redact`` as
    for :func:`check`."""
    as_of = normalise_as_of(as_of)
    parsed = _read_application(Path(package_dir or "."), application)[0] if application is not None else None
    filing_date = (parsed.model.filing_date if parsed is not None else None) or as_of
    return _judge(tuple(files), parsed, as_of, filing_date, None, package_dir, redact)


def _judge(files: tuple[FileFacts, ...], parsed: ParsedApplication | None, as_of: dt.date,
           filing_date: dt.date, app_path: str | None, root: object, redact: bool) -> Report:
    """Rules, summary, checklist and report over the inventory ``files``."""
    rulebook = load_rulebook()
    view = rulebook.at(filing_date)
    ctx = CheckContext(files=files, parsed=parsed, as_of=as_of, filing_date=filing_date,
                       rulebook=view, application_path=app_path)
    findings = run_rules(ctx)
    try:
        deadline, fees = summary_facts(ctx)
    except Exception as exc:  # the summary must never crash a check; a failed one blocks the verdict
        findings.append(failure("X900", "summary", exc))
        deadline, fees = None, []
    try:
        checklist = document_checklist(ctx)
    except Exception as exc:  # as for the summary: reported, never a crash
        findings.append(failure("X900", "checklist", exc))
        checklist = []
    # Redaction masks values: each finding's values are masked before its texts are rendered, then
    # the report's other values (paths, checklist files, subject).
    masker = masker_for(parsed) if redact else None
    report = build_report(findings, files, roles=ctx.roles, as_of=as_of, filing_date=filing_date,
                          rulebook_version=rulebook.version, application_checked=parsed is not None,
                          filing_deadline=deadline, fees=fees, checklist=checklist,
                          mask=masker.finding if masker is not None else None)
    report = annotate(report, root, parsed.model if parsed is not None else None, view.value("form.models", None))
    return masker.report(report) if masker is not None else report


#: The folder :func:`mosprecheck.archive.unpacked` and the service unpack a package into: a package
#: folder directly inside it is the folder the user zipped, and names the package.
UNPACKED_DIR_NAME = "package"


def check_unpacked(root: Any, application: Any = None, *, as_of: Any = None, redact: bool = False,
                   name: str | None = None, **options: Any) -> Report:
    """:func:`mosprecheck.check` of a package unpacked into a temporary folder: the subject names
    the folder the user zipped (a single folder holding everything), else ``name`` (the zip's file
    name, None for bytes), never the temporary folder; when redacting, the name is masked too (the
    defects were masked before they were rendered, and stay as they are). ``options`` go to
    :func:`~mosprecheck.check` as they are."""
    root = Path(root)
    report = check(root, application, as_of=as_of, redact=redact, **options)
    report = renamed(report, root.name if root.parent.name == UNPACKED_DIR_NAME else name)
    if not redact:
        return report
    default = root / DEFAULT_APPLICATION_NAME
    return redact_report(report, application if application is not None else (default if default.is_file() else None))


def normalise_as_of(value: object) -> dt.date:
    """``as_of`` as a plain date: None is today, a datetime gives its date (aware or naive, as
    written), an ISO string is parsed. Raises :class:`TypeError` (one line) for anything else, so
    that a wrong type never reaches the rules (where a string or an aware datetime made date
    arithmetic fail)."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)  # a date subclass becomes a plain date
    if isinstance(value, str):
        text = value.strip()
        for parse in (dt.date.fromisoformat, lambda t: dt.datetime.fromisoformat(t).date()):
            try:
                return parse(text)
            except ValueError:
                continue
        raise TypeError(f"as_of must be a date, a datetime or an ISO date YYYY-MM-DD, not {value[:40]!r}")
    raise TypeError(f"as_of must be a date, a datetime or an ISO date YYYY-MM-DD, not {type(value).__name__}")


def normalise_time_budget(value: object) -> float | None:
    """``time_budget`` as seconds (a float) or None. Raises :class:`TypeError` (one line) for a value
    that is not a real number (a string such as ``"5"``, a bool, a Decimal) and :class:`ValueError`
    for NaN, infinity or a negative number: NaN compared false with every clock reading and meant no
    budget at all."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"time_budget must be a number of seconds (int or float) or None, not {type(value).__name__}")
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"time_budget must be a number of seconds (int or float) or None, not {type(value).__name__}") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"time_budget must be a finite number of seconds >= 0, not {value!r:.40}")
    return seconds


def _ocr_paths(parsed: ParsedApplication | None) -> frozenset[str]:
    """The files the description declares as a travel-document copy, to be read by OCR where they
    have no text layer; empty when OCR is not available (the MRZ is then "not verified", C014) or
    there is no description. No other file is ever read by OCR."""
    if parsed is None or not ocr_available():
        return frozenset()
    try:
        return frozenset(path for doc in parsed.model.documents or ()
                         if doc.kind is not None and doc.kind.value in TRAVEL_DOCUMENT_KINDS and doc.file
                         and (path := declared_path(doc)))
    except Exception:  # a description the rules will report on: no OCR rather than a crash
        return frozenset()


def _inventory(root: Path, exclude: frozenset[str], view: RulebookView,
               time_budget: float | None = None, ocr_paths: frozenset[str] = frozenset()) -> tuple[FileFacts, ...]:
    """Walk the package; PDFs and images are parsed in one isolated worker for this check, bounded
    in time and memory (docs/upload-gate.md). Files more than twice the upload limit are not read in
    full: they cannot be uploaded whatever their content. ``ocr_paths``: the files also read for an
    MRZ by OCR (:func:`_ocr_paths`)."""
    limit = view.value("upload.max_file_bytes", None)
    budget = view.value("upload.max_image_pixels", DEFAULT_PIXEL_BUDGET)
    seconds = PACKAGE_TIME_BUDGET_S if time_budget is None else time_budget
    with Inspector(pixel_budget=budget, time_budget=seconds, ocr_paths=ocr_paths) as inspector:
        return tuple(walk_package(root, exclude=exclude, inspector=inspector,
                                  max_read_bytes=2 * limit if limit else None))


def _read_application(root: Path, application: ApplicationInput) -> tuple[ParsedApplication | None, str | None]:
    if isinstance(application, Application):
        # Python mode: a NaN or an infinity stays one (JSON mode would write null) and is reported.
        return parse_application(application.model_dump(mode="python", exclude_none=True)), None
    if isinstance(application, dict):
        return parse_application(application), None
    if application is None:
        default = root / DEFAULT_APPLICATION_NAME
        if not default.exists() and not default.is_symlink():
            return None, None
        application = default
    if not isinstance(application, (str, os.PathLike)):
        raise ApplicationError(f"application must be a path, a dict or an Application, not {type(application).__name__}")
    path = Path(application)
    _refuse_link_out_of(root, path)
    try:
        raw = load_application_file(path)
    except ApplicationFileError as exc:
        raise ApplicationError(str(exc)) from None
    return parse_application(raw), str(path)


def _refuse_link_out_of(root: Path, path: Path) -> None:
    """A description inside the package folder is never read through a symbolic link (of its own or
    of a folder on its way) that leads out of the package: that would judge a file the package does
    not hold."""
    if _relative_inside(str(path), root) is None:
        return  # given explicitly from elsewhere: the caller's own file
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        raise ApplicationError(f"application file {path} is a symbolic link leading outside the package; not read")


def _relative_inside(path: str, root: Path) -> str | None:
    try:
        rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError:
        return None
    return rel.as_posix()
