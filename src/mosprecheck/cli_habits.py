"""The habits of the command-line tools our users know (ruff, veraPDF, qpdf): issue 12 item 5.

- ``check`` options: ``--output FILE`` (the report to a file, never inside the package), ``--quiet``
  (the verdict line only), ``--fail-on CATEGORIES`` (categories that make exit 1 besides the
  blocking ones);
- ``explain CODE``: what a rule checks, why the office objects, the fix and the legal basis;
- ``requirements --permit-type T --ground G``: documents, annexes and fees before any file exists;
- ``init --permit-type T --ground G``: a starter ``application.json`` with every mandatory field;
- ``schema application|report``: the JSON schemas shipped in the package;
- the output language from ``LANGUAGE`` / ``LC_ALL`` / ``LC_MESSAGES`` / ``LANG`` when ``--lang`` is
  absent (:func:`env_language`); ``FORCE_COLOR`` is handled by :func:`mosprecheck.render.use_color`.

Everything legal is reused, never restated: requirements come from :mod:`mosprecheck.derived.checklist`
and :mod:`mosprecheck.derived.fees` run on an application holding only the permit, ground and filing
date; the starter's fields from the mandatory-field entries :mod:`mosprecheck.rules.form_fields` uses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import errno
import json
import os
import stat
import sys
import tempfile
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .i18n import MOS_LANGUAGES
from .render import write_output
from .report.models import BLOCKING_CATEGORIES, Category, Report

EXIT_READY, EXIT_NOT_READY, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

#: The environment variables the output language is read from, in the order gettext reads them
#: (``LANGUAGE`` is a colon-separated list of preferences).
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
DEFAULT_LANGUAGE = "en"


# ---------------------------------------------------------------------------------------------
# The language of the output
# ---------------------------------------------------------------------------------------------


def env_language(environ: Mapping[str, str] | None = None) -> str:
    """The first MOS language the locale variables name (``uk_UA.UTF-8`` -> ``uk``,
    ``LANGUAGE=fr:en`` -> ``fr``); ``en`` when none does (``C``, ``POSIX``, ``de_DE``, unset)."""
    env = os.environ if environ is None else environ
    for variable in LANGUAGE_VARIABLES:
        value = env.get(variable) or ""
        for item in value.split(":") if variable == "LANGUAGE" else (value,):
            lang = item.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
            if lang in MOS_LANGUAGES:
                return lang
    return DEFAULT_LANGUAGE


def resolve_language(args: argparse.Namespace) -> None:
    """Fill ``args.lang`` from the environment when the command has ``--lang`` and it was not given."""
    if hasattr(args, "lang") and args.lang is None:
        args.lang = env_language()


# ---------------------------------------------------------------------------------------------
# check: --output, --quiet, --fail-on
# ---------------------------------------------------------------------------------------------


def _categories(value: str) -> frozenset[Category]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    known = {c.value: c for c in Category}
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"not a list of categories from {', '.join(known)}: {value!r}")
    return frozenset(known[n] for n in names)


def add_check_options(p: argparse.ArgumentParser) -> None:
    """The habit options of ``check``."""
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write the report to FILE instead of standard output (never inside PACKAGE_DIR: "
                   "the checker never writes into a package); the verdict line is still printed")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="print only the verdict line (with --output, the full report still goes to the file)")
    p.add_argument("--fail-on", type=_categories, default=frozenset(), metavar="CATEGORIES",
                   help="categories that also make the exit code 1, comma-separated (e.g. refusal_risk,advisory); "
                   "not_fileable, upload_blocker and formal_defect always do")


def exit_code(report: Report, fail_on: frozenset[Category] = frozenset()) -> int:
    """1 when the package is not ready or has a defect of a ``fail_on`` category, else 0. The
    blocking categories always fail: no option turns a not-ready package into exit 0."""
    if not report.ready_to_file:
        return EXIT_NOT_READY
    wanted = set(fail_on) | set(BLOCKING_CATEGORIES)
    return EXIT_NOT_READY if any(d.category in wanted for d in report.defects) else EXIT_READY


def output_problem(args: argparse.Namespace) -> str | None:
    """Why ``--output`` cannot be used, checked before anything runs (a usage error), or None."""
    target = getattr(args, "output", None)
    if not target:
        return None
    out = Path(os.path.abspath(target))
    real = Path(os.path.realpath(target))  # where a write lands: links followed
    if out.is_dir():
        return f"--output {target} is a folder; give a file name"
    if not out.parent.is_dir():
        return f"--output {target}: the folder {out.parent} does not exist"
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and (stat.S_ISBLK(mode) or stat.S_ISSOCK(mode)):
        kind = "a block device (a disk)" if stat.S_ISBLK(mode) else "a socket"
        return f"--output {target} is {kind}; give a file name"
    package = Path(os.path.abspath(args.package_dir))
    if package.is_dir() and (_inside(out, package) or _inside(real, Path(os.path.realpath(package)))):
        return (f"--output {target} is inside the package folder {args.package_dir}: the checker never writes into a "
                "package (the file would be checked and uploaded with it); write the report elsewhere")
    application = getattr(args, "application", None)
    if application and (os.path.abspath(application) == str(out) or os.path.realpath(application) == str(real)):
        return f"--output {target} is the application description; write the report elsewhere"
    return None


def _inside(path: Path, folder: Path) -> bool:
    for candidate in {path, Path(os.path.realpath(path.parent)) / path.name}:
        for root in {folder, Path(os.path.realpath(folder))}:
            try:
                candidate.relative_to(root)
                return True
            except ValueError:
                continue
    return False


def run_check(args: argparse.Namespace) -> int:
    """``check``: usage errors (a bad ``--output``, a folder of packages), the check, then
    :func:`finish_check`."""
    from .api import check
    from .batch import folder_of_packages_hint
    from .errors import InputError
    from .inventory import package_root_is_valid

    problem = output_problem(args)
    if problem is None and args.application is None and not package_root_is_valid(args.package_dir):
        # A folder of packages is refused with a hint (never merged into one "package"); an invalid
        # root (missing, not a folder, the filesystem root) gets check()'s own usage error below.
        problem = folder_of_packages_hint(args.package_dir)
    if problem:
        return _error(problem)
    try:
        report = check(args.package_dir, args.application, as_of=args.as_of, redact=args.redact)
    except InputError as exc:
        return _error(str(exc))
    except Exception as exc:  # never a traceback for the user
        print(f"mosprecheck: internal error ({type(exc).__name__}); please report it", file=sys.stderr)
        return EXIT_INTERNAL
    return finish_check(args, report)


def verdict_line(report: Report, lang: str, *, color: bool = False) -> str:
    """The first line of the text report: the verdict and the counts per category."""
    from .render import render_text

    return render_text(report, lang, color=color).split("\n", 1)[0]


def finish_check(args: argparse.Namespace, report: Report) -> int:
    """Render and write a checked report under the habit options; returns the exit code."""
    from .render import render, use_color

    code = exit_code(report, getattr(args, "fail_on", frozenset()))
    color = use_color(sys.stdout, no_color=args.no_color)
    try:
        if args.output:
            body = render(report, args.format, args.lang, json_languages=args.json_languages)
            write_file(args.output, body if body.endswith("\n") else body + "\n")
            line = verdict_line(report, args.lang, color=color)
        elif args.quiet:
            line = verdict_line(report, args.lang, color=color)
        else:
            line = render(report, args.format, args.lang, json_languages=args.json_languages, color=color)
    except OSError as exc:
        print(f"mosprecheck: error: cannot write the report to {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # a renderer bug: never a traceback, never a verdict exit code
        print(f"mosprecheck: internal error ({type(exc).__name__}); please report it", file=sys.stderr)
        return EXIT_INTERNAL
    problem = write_output(line if line.endswith("\n") else line + "\n",
                           "text" if args.output or args.quiet else args.format)
    if problem is not None:
        print(f"mosprecheck: error: cannot write the report to standard output: {problem}", file=sys.stderr)
        return EXIT_INTERNAL
    return code


def write_file(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` for ``--output``; raises OSError with a reason.

    - A regular file, or a name that does not exist yet, is written atomically (a temporary file in
      the same folder, then renamed over it): a reader never sees half a report. An existing file
      keeps its permissions; a new one is private (0600: reports hold personal data). A symbolic
      link is followed: the file it points to is replaced, the link stays.
    - A character device or a FIFO (``/dev/null``, ``/dev/stdout``, a named pipe) is written in
      place, never replaced. A FIFO nobody reads is an error at once, never a wait.
    - A folder, a block device (a disk: never overwritten) or a socket is an error.
    """
    try:
        st = os.stat(path)  # follows links: what a write would reach
    except FileNotFoundError:
        st = None
    if st is None or stat.S_ISREG(st.st_mode):
        _replace_file(Path(os.path.realpath(path)), text, None if st is None else stat.S_IMODE(st.st_mode))
    elif stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        _write_in_place(path, text)
    else:
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a block device" if stat.S_ISBLK(st.st_mode) else "not a file"
        raise OSError(errno.EINVAL, f"{kind}; name a file")


def _replace_file(target: Path, text: str, mode: int | None) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".mosprecheck-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            if mode is not None:
                os.fchmod(fh.fileno(), mode)
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_in_place(path: str, text: str) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO with no reader
            raise OSError(errno.ENXIO, "a named pipe that nobody reads") from None
        raise
    try:
        os.set_blocking(fd, True)  # the reader takes it at its pace
        data = text.encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _print(text: str, fmt: str = "text") -> None:
    """Print a habit command's output (:func:`mosprecheck.render.write_output`: escaped where the
    terminal cannot show it; a broken pipe ends it quietly)."""
    write_output(text if text.endswith("\n") else text + "\n", fmt)


def _error(message: str) -> int:
    from .render import safe_text

    print(f"mosprecheck: error: {safe_text(message)}", file=sys.stderr)
    return EXIT_USAGE


# ---------------------------------------------------------------------------------------------
# The subcommands
# ---------------------------------------------------------------------------------------------


def iso_date(value: str) -> dt.date:
    """An ``--as-of`` value: a date written YYYY-MM-DD (argparse type)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def _lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=MOS_LANGUAGES, default=None,
                   help="language of the output (default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG, else en)")


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``explain``, ``requirements``, ``init`` and ``schema``."""
    from .application.models import Ground, PermitType

    p = sub.add_parser("explain", help="what a defect code checks, why the office objects, the fix and the legal basis")
    p.add_argument("code", metavar="CODE", help="a defect code (e.g. F001) or a rule name (e.g. file-type-not-allowed)")
    _lang_option(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")

    permit_types = [t.value for t in PermitType]
    grounds = [g.value for g in Ground]
    for name, text in (("requirements", "the documents, annexes and fees a permit type and ground need, before any "
                        "file exists"),
                       ("init", "write a starter application.json with every mandatory field of the form in force")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--permit-type", required=True, choices=permit_types, metavar="TYPE",
                       help="permit type: " + ", ".join(permit_types))
        p.add_argument("--ground", required=True, choices=grounds, metavar="GROUND",
                       help="ground (purpose of stay): " + ", ".join(grounds))
        p.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                       help="the intended filing date: the law and form of that day apply (default: today)")
        if name == "requirements":
            _lang_option(p)
            p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
        else:
            p.add_argument("--output", "-o", metavar="FILE",
                           help="write the starter to FILE (refused if it exists) instead of standard output")

    p = sub.add_parser("schema", help="print the JSON schema of the application description or of the report")
    p.add_argument("which", choices=("application", "report"), help="which schema")


def dispatch(args: argparse.Namespace) -> int | None:
    """Run a habit subcommand; None when ``args.command`` is not one."""
    handler = {"explain": main_explain, "requirements": main_requirements, "init": main_init,
               "schema": main_schema}.get(args.command)
    if handler is None:
        return None
    try:
        return handler(args)
    except Exception as exc:  # never a traceback for the user
        print(f"mosprecheck: internal error ({type(exc).__name__}); please report it", file=sys.stderr)
        return EXIT_INTERNAL


# --- schema ------------------------------------------------------------------------------------


def main_schema(args: argparse.Namespace) -> int:
    from .schema import schema_text

    _print(schema_text(f"{args.which}.schema.json"))
    return EXIT_READY


# --- explain -----------------------------------------------------------------------------------


def explanation(code: str, lang: str) -> dict[str, Any] | None:
    """What ``explain`` says about a registered code or rule name, or None when it is not one."""
    from .i18n import habits as habits_words
    from .rules import all_rules

    rules = all_rules()
    spec = rules.get(code.upper()) or next((r for r in rules.values() if r.name == code.lower()), None)
    if spec is None:
        return None
    what, why = split_doc(spec.doc)
    message, remedy = spec.templates()
    words = habits_words(lang)
    return {
        "code": spec.code, "name": spec.name, "category": spec.category.value,
        "blocking": spec.category.blocking,
        "category_text": words["blocks"] if spec.category.blocking else words["does_not_block"],
        "title": spec.title, "what": what, "why": why,
        "message": message.get(lang) or message["en"], "remedy": remedy.get(lang) or remedy["en"],
        "legal_basis": spec.legal_basis, "aliases": list(spec.aliases), "lang": lang,
    }


def split_doc(doc: str) -> tuple[str, str | None]:
    """(what it checks, why the office objects) from a rule's docstring (its "Why the office
    objects:" section), as ``scripts/generate_rules_doc.py`` reads it."""
    import re

    doc = textwrap.dedent(doc or "").strip()
    why_re = re.compile(r"\n\s*Why the office objects:\s*", re.IGNORECASE)
    parts = why_re.split("\n" + doc if doc.lower().startswith("why the office objects") else doc, maxsplit=1)
    what = " ".join(parts[0].split())
    why = " ".join(parts[1].split()) if len(parts) > 1 else None
    return what, (why[0].upper() + why[1:]) if why else None


def suggestions(text: str) -> list[str]:
    """Codes or rule names ``text`` probably meant: the code with the same letter and number
    (``a3``, ``A03`` -> ``A003``), codes of the same letter that look alike, names that look alike."""
    import re

    from .rules import aliases, all_rules, retired_codes

    rules = all_rules()
    codes = list(rules) + list(aliases()) + list(retired_codes())
    m = re.fullmatch(r"\s*([A-Za-z])\s*-?0*([0-9]{1,4})\s*", text)
    if m:
        letter, number = m.group(1).upper(), int(m.group(2))
        exact = f"{letter}{number:03d}"
        if exact in codes:
            return [exact]
        same = [c for c in codes if c[0] == letter]
        return sorted(same, key=lambda c: (abs(int(c[1:]) - number), c))[:3]
    names = [r.name for r in rules.values()]
    return difflib.get_close_matches(text.strip().lower(), names, n=3, cutoff=0.5) or \
        difflib.get_close_matches(text.strip().upper(), codes, n=3, cutoff=0.5)


def main_explain(args: argparse.Namespace) -> int:
    from .i18n import habits as habits_words
    from .rules import resolve_code, retired_codes

    words = habits_words(args.lang)
    code = args.code.strip()
    retired = retired_codes().get(code.upper())
    if retired is not None:
        text = words["retired"].format(code=retired.code, name=retired.name, reason=retired.reason)
        if args.format == "json":
            _print(json.dumps({"code": retired.code, "retired": True, "name": retired.name, "successor": None,
                               "reason": retired.reason}, ensure_ascii=False))
        else:
            _print(text)
        return EXIT_READY
    old_code = None
    current = resolve_code(code)
    if current is not None and current != code.upper():  # an old code: explain the rule that replaced it
        old_code, code = code.upper(), current
    info = explanation(code, args.lang)
    if info is None:
        close = suggestions(code)
        hint = f"; did you mean {' or '.join(close)}?" if close else "; see docs/rules.md for every code"
        return _error(f"unknown defect code {code!r}{hint}")
    if args.format == "json":
        _print(json.dumps({**info, "old_code": old_code} if old_code else info, ensure_ascii=False))
        return EXIT_READY
    lines = [f"{old_code}: " + words["replaced_by"].format(successor=info["code"]), ""] if old_code else []
    lines += [f"{info['code']} {info['name']}: {info['title']}",
             f"{words['category']}: {info['category']} ({info['category_text']})", ""]
    lines += _para(words["what"], info["what"])
    if info["why"]:
        lines += _para(words["why"], info["why"])
    lines += _para(words["message"], info["message"])
    lines += _para(words["fix"], info["remedy"])
    lines.append(f"{words['basis']}: {info['legal_basis'] or '—'}")
    _print("\n".join(lines))
    return EXIT_READY


def _para(heading: str, text: str) -> list[str]:
    return [f"{heading}:", *textwrap.wrap(text, width=100, initial_indent="  ", subsequent_indent="  "), ""]


# --- requirements and init: an application of only permit, ground and filing date ----------------


def _context(permit_type: str, ground: str, filing_date: dt.date):  # type: ignore[no-untyped-def]
    from .application import parse_application
    from .rulebook import load_rulebook
    from .case import CheckContext

    parsed = parse_application({"permit": {"type": permit_type, "ground": ground},
                                "filing_date": filing_date.isoformat()})
    view = load_rulebook().at(filing_date)
    return CheckContext(files=(), parsed=parsed, as_of=filing_date, filing_date=filing_date, rulebook=view)


def _ground_problem(ctx: Any, permit_type: str, ground: str) -> str | None:
    table = ctx.rulebook.value("grounds.permit_types", None)
    if isinstance(table, dict) and permit_type in table and ground not in table[permit_type]:
        return (f"{ground} is not a ground of a {permit_type} permit; its grounds are: "
                + ", ".join(table[permit_type]))
    return None


def requirements_of(permit_type: str, ground: str, filing_date: dt.date) -> dict[str, Any]:
    """The documents (at filing, later), the annexes and the fees of a permit type and ground on a
    filing date, from the same code the checker runs (checklist, host annexes, fees)."""
    from .derived.checklist import document_checklist
    from .derived.fees import fees_due
    from .derived.requirements import requirements

    ctx = _context(permit_type, ground, filing_date)
    problem = _ground_problem(ctx, permit_type, ground)
    if problem:
        raise ValueError(problem)
    checklist = document_checklist(ctx)
    own = {str(item["id"]) for item, _ in requirements(ctx, "at_filing") if item.get("annex") == "applicant"}
    fees = fees_due(ctx)
    host = ctx.rulebook.value("documents.host_annex", None) or {}
    annexes = []
    if ground in (host.get("annex_1") or []):
        annexes.append("annex_1")
    elif ground == "business" and host.get("annex_1_business_roles"):
        annexes.append("annex_1_business")
    if ground in (host.get("study") or []):
        annexes.append("study_annex")
    known = [f.amount_pln for f in fees if f.amount_pln is not None]
    return {
        "permit_type": permit_type, "ground": ground, "filing_date": filing_date.isoformat(),
        "rulebook_version": ctx.rulebook.version if hasattr(ctx.rulebook, "version") else None,
        "documents": [{**item.model_dump(mode="json", exclude={"state", "files"}),
                       "own_annex": item.when == "at_filing" and item.requirement in own} for item in checklist],
        "host_annexes": annexes,
        "host_annex_sources": ctx.rulebook.sources("documents.host_annex") if host else [],
        "fees": [f.model_dump(mode="json") for f in fees],
        "fees_total_pln": float(sum(known)) if fees and len(known) == len(fees) else None,
    }


def main_requirements(args: argparse.Namespace) -> int:
    from .i18n import ui
    from .render._common import format_amount, pick
    from .i18n import habits as habits_words

    filing_date = args.as_of or dt.date.today()
    try:
        req = requirements_of(args.permit_type, args.ground, filing_date)
    except ValueError as exc:
        return _error(str(exc))
    if args.format == "json":
        _print(json.dumps(req, ensure_ascii=False))
        return EXIT_READY
    words, ui_words = habits_words(args.lang), ui(args.lang)
    lines = [words["req_title"].format(permit_type=args.permit_type, ground=args.ground, date=req["filing_date"])]
    for when, heading in (("at_filing", words["at_filing"]), ("later", words["later"])):
        items = [d for d in req["documents"] if d["when"] == when]
        lines += ["", f"{heading}:"]
        if not items:
            lines.append(f"  - {words['nothing']}")
        for d in items:
            own = f" ({words['own_annex']})" if d.get("own_annex") else ""
            lines.append(f"  - {pick(d['label'], args.lang, d['requirement'])}{own}")
    if req["host_annexes"]:
        lines += ["", f"{words['annexes']}:"]
        lines += [f"  - {words[a]}" for a in req["host_annexes"]]
    lines += ["", f"{ui_words['fees']}:"]
    for fee in req["fees"]:
        basis = f" [{fee['legal_basis']}]" if fee.get("legal_basis") else ""
        lines.append(f"  - {pick(fee['label'], args.lang, fee['item'])}: "
                     f"{format_amount(fee['amount_pln'], args.lang, ui_words['unknown'])}{basis}")
    if not req["fees"]:
        lines.append(f"  - {words['nothing']}")
    lines.append(f"  {ui_words['total']}: {format_amount(req['fees_total_pln'], args.lang, ui_words['unknown'])}")
    lines.append(f"  {words['fees_note']}")
    from .render import safe_text

    _print("\n".join(safe_text(x) for x in lines))
    return EXIT_READY


def starter_application(permit_type: str, ground: str, filing_date: dt.date | None) -> dict[str, Any]:
    """A starter description: permit and ground set, every mandatory field of the form in force on
    ``filing_date`` (today when None) as an empty placeholder of its JSON type ("" for text, [] for a
    list, null for a number, a date, a yes/no answer or a choice), and one ``documents`` entry per
    document required at filing (its kind set, its file to fill in)."""
    from .application.pointers import pointer_parts
    from .application.pointers import ANY
    from .derived.checklist import document_checklist
    from .rules.form_fields import mandatory_entries

    day = filing_date or dt.date.today()
    ctx = _context(permit_type, ground, day)
    problem = _ground_problem(ctx, permit_type, ground)
    if problem:
        raise ValueError(problem)
    data: dict[str, Any] = {"schema_version": "1", "permit": {"type": permit_type, "ground": ground}}
    if filing_date is not None:
        data["filing_date"] = filing_date.isoformat()
    probe = {"permit": {"type": permit_type, "ground": ground}}
    for entry in mandatory_entries(ctx) or ():
        if entry.when_present or not entry.applies(probe):
            continue
        for req in entry.requirements:
            for pointer in req.pointers:
                parts = list(pointer_parts(pointer))
                if ANY in parts:  # a list's items: the list itself, empty ([] answers "none")
                    parts = parts[:parts.index(ANY)]
                    _place(data, parts, [])
                else:
                    _place(data, parts, _placeholder(tuple(parts)))
    docs = [{"file": "", "kind": item.kinds[0]} for item in document_checklist(ctx) if item.when == "at_filing"]
    data["documents"] = docs
    return data


def _placeholder(parts: tuple[str, ...]) -> Any:
    import typing

    from .application.pointers import model_field

    found = model_field(parts)
    info = found[0] if found else None
    if info is None:
        return None
    annotation = info.annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    base = args[0]
    origin = typing.get_origin(base)
    if origin is list:
        return []
    if base is str:
        return ""
    return None


def _place(data: dict[str, Any], parts: list[str], value: Any) -> None:
    current = data
    for part in parts[:-1]:
        nxt = current.get(part)
        if not isinstance(nxt, dict):
            nxt = current[part] = {}
        current = nxt
    if parts and parts[-1] not in current:
        current[parts[-1]] = value


def main_init(args: argparse.Namespace) -> int:
    try:
        data = starter_application(args.permit_type, args.ground, args.as_of)
    except ValueError as exc:
        return _error(str(exc))
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        target = Path(args.output)
        if target.exists() or target.is_symlink():
            return _error(f"--output {args.output} exists; the starter never overwrites a file")
        if not target.parent.is_dir() and str(target.parent) not in ("", "."):
            return _error(f"--output {args.output}: the folder {target.parent} does not exist")
        try:
            with open(target, "x", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except OSError as exc:
            return _error(f"cannot write {args.output}: {exc.strerror or exc}")
        return EXIT_READY
    _print(text)
    return EXIT_READY
