"""Command line: ``mosprecheck check PACKAGE_DIR [--application FILE] [--format text|json|html]
[--lang LANG] [--json-languages LANGS] [--redact] [--no-color] [--as-of YYYY-MM-DD] [--output FILE]
[--quiet] [--fail-on CATEGORIES]``; ``mosprecheck explain|requirements|init|schema ...``
(:mod:`mosprecheck.cli_habits`);
``mosprecheck batch ROOT... [--output-dir DIR] [--jobs N] [--each-subfolder] [--resume] ...``;
``mosprecheck serve [--host HOST] [--port PORT] ...`` (the ``server`` extra).

Exit codes: 0 ready to file, 1 not ready, 2 usage or input error (one line on stderr),
3 internal error or output that could not be written (closed or broken pipe, full disk; one line on
stderr). Output the terminal's encoding cannot show is escaped, never a crash: JSON as ``\\uXXXX``
(the same JSON), HTML as character references (the same page), text as ``\\xNN``/``\\uXXXX``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import cli_habits
from .cli_habits import iso_date as _date
from ._version import __version__
from .i18n import MOS_LANGUAGES
from .render import safe_text, write_output

EXIT_READY = 0
EXIT_NOT_READY = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise _UsageError(message)


def _languages(value: str) -> tuple[str, ...] | None:
    if value == "all":
        return None
    langs = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    unknown = [v for v in langs if v not in MOS_LANGUAGES]
    if unknown or not langs:
        raise argparse.ArgumentTypeError(
            f"not a list of languages from {', '.join(MOS_LANGUAGES)} (or 'all'): {value!r}")
    return langs


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _Parser(prog="mosprecheck", description="Check a residence-permit application package before uploading it to MOS.")
    parser.add_argument("--version", action="version", version=f"mosprecheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser("check", help="check a package folder and print the defect report")
    p.add_argument("package_dir", metavar="PACKAGE_DIR", help="folder of the attachments to upload")
    p.add_argument("--application", metavar="FILE", help="application description (default: PACKAGE_DIR/application.json)")
    p.add_argument("--format", choices=("text", "json", "html"), default="text",
                   help="output format: text for a terminal, json for programs, html for one printable page "
                   "(default: text)")
    p.add_argument("--lang", choices=MOS_LANGUAGES, default=None,
                   help="language of the text and HTML output (default: from LANGUAGE, LC_ALL, LC_MESSAGES or "
                   "LANG, else en); JSON always carries every language unless --json-languages is given")
    p.add_argument("--json-languages", type=_languages, default=None, metavar="LANGS",
                   help="keep only these languages (comma-separated, e.g. pl,uk) in the JSON texts; "
                   "default: all")
    p.add_argument("--redact", action="store_true",
                   help="mask PESEL numbers, document numbers, names and dates of birth in the output")
    p.add_argument("--no-color", action="store_true",
                   help="no colours in the text output (also when NO_COLOR is set or output is not a terminal; "
                   "FORCE_COLOR forces them when piped)")
    p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="check as of this day (default: today)")
    cli_habits.add_check_options(p)
    _add_batch_parser(sub)
    _add_serve_parser(sub)
    cli_habits.add_parsers(sub)
    return parser


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return n


def _positive_float(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        n = 0.0
    if not n > 0 or n != n or n == float("inf"):
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {value!r}")
    return n


def _add_batch_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from .batch import DEFAULT_TIMEOUT_S

    p = sub.add_parser("batch", help="check every package folder under one or more folders, in parallel")
    p.add_argument("roots", nargs="+", metavar="ROOT",
                   help="a package folder, or a folder whose subfolders (at any depth) hold packages: "
                   "every folder holding an application.json is one package")
    p.add_argument("--each-subfolder", action="store_true",
                   help="every immediate subfolder of ROOT is a package (with or without application.json)")
    p.add_argument("--output-dir", metavar="DIR",
                   help="write <package>.json and <package>.html for each package, and summary.csv, "
                   "summary.jsonl and index.html")
    p.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                   help="packages checked at the same time (default: the number of CPUs)")
    p.add_argument("--resume", action="store_true",
                   help="with --output-dir: skip packages whose files are unchanged since their report was written")
    p.add_argument("--timeout", type=_positive_float, default=DEFAULT_TIMEOUT_S, metavar="SECONDS",
                   help=f"time one package may take; past it, it is a row with an error (default: {DEFAULT_TIMEOUT_S:g})")
    p.add_argument("--lang", choices=MOS_LANGUAGES, default=None,
                   help="language of the HTML reports, the index and the lines printed (default: from LANGUAGE, "
                   "LC_ALL, LC_MESSAGES or LANG, else en)")
    p.add_argument("--json-languages", type=_languages, default=None, metavar="LANGS",
                   help="keep only these languages in the JSON reports (default: all)")
    p.add_argument("--redact", action="store_true", help="mask personal data in every report")
    p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="check as of this day (default: today)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar (none is shown when stderr is not a terminal)")


def _add_serve_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="run the HTTP service (needs: pip install \"mosprecheck[server]\")")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                   help="checks run at the same time; further requests wait (default: the number of CPUs)")
    p.add_argument("--timeout", type=_positive_float, default=120.0, metavar="SECONDS",
                   help="time one check may take before the request fails with 504 (default: 120)")
    p.add_argument("--max-request-bytes", type=_positive_int, default=None, metavar="BYTES",
                   help="largest request body (default: 10 %% over the rulebook's package limit)")
    p.add_argument("--max-entries", type=_positive_int, default=None, metavar="N",
                   help="most files in one package (default: 1000)")
    p.add_argument("--tmp-dir", default=None, metavar="DIR",
                   help="where each request's private temporary folder is made (default: the system's)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"mosprecheck: error: {safe_text(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    cli_habits.resolve_language(args)
    habit = cli_habits.dispatch(args)
    if habit is not None:
        return habit
    if args.command == "batch":
        return _main_batch(args)
    if args.command == "serve":
        return _main_serve(args)
    if args.command != "check":
        print("mosprecheck: error: a command is required: mosprecheck check PACKAGE_DIR", file=sys.stderr)
        return EXIT_USAGE
    return cli_habits.run_check(args)


def _main_batch(args: argparse.Namespace) -> int:
    from .batch import BatchUsageError, discover, run_batch

    if args.resume and not args.output_dir:
        print("mosprecheck: error: --resume needs --output-dir (where the earlier reports are)", file=sys.stderr)
        return EXIT_USAGE
    try:
        packages = discover(args.roots, each_subfolder=args.each_subfolder,
                            exclude=[args.output_dir] if args.output_dir else [])
    except BatchUsageError as exc:
        print(f"mosprecheck: error: {safe_text(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    bar = _progress_bar(len(packages), disabled=args.no_progress)
    lines: list[str] = []

    def progress(row: dict) -> None:
        if bar is not None:
            bar.update(1)

    try:
        result = run_batch(args.roots, packages=packages, output_dir=args.output_dir, jobs=args.jobs,
                           resume=args.resume, as_of=args.as_of, redact=args.redact, lang=args.lang,
                           json_languages=args.json_languages, timeout=args.timeout, on_progress=progress)
    except BatchUsageError as exc:
        print(f"mosprecheck: error: {safe_text(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("mosprecheck: interrupted", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # never a traceback for the user
        print(f"mosprecheck: internal error ({type(exc).__name__}); please report it", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        if bar is not None:
            bar.close()
    from .i18n import ui

    words = ui(args.lang)
    for row in result.rows:
        verdict = {"ready": words["ready"], "not_ready": words["not_ready"]}.get(row["verdict"],
                                                                                words["batch_error"])
        detail = row["error"] or " ".join(row["codes"])
        lines.append("\t".join(safe_text(str(v)) for v in (verdict, row["package"], detail) if v))
    ready = sum(r["verdict"] == "ready" for r in result.rows)
    lines.append(safe_text(f"{ready}/{len(result.rows)} {words['ready'].lower()}"
                           + (f"; {os.path.join(args.output_dir, 'index.html')}" if args.output_dir else "")))
    problem = write_output("".join(line + "\n" for line in lines), "text")
    if problem is not None:
        _error(f"cannot write the summary to standard output: {problem}")
        return EXIT_INTERNAL
    return EXIT_READY if result.all_ready else EXIT_NOT_READY


def _progress_bar(total: int, *, disabled: bool):  # type: ignore[no-untyped-def]
    """A progress bar on stderr when it is a terminal; None when piped, disabled or tqdm is missing."""
    if disabled or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    tqdm.monitor_interval = 0  # no monitor thread: the batch forks its children from this process
    return tqdm(total=total, unit="pkg", file=sys.stderr, dynamic_ncols=True, leave=False)


def _main_serve(args: argparse.Namespace) -> int:
    try:
        from .server import ServerSettings, serve
    except ImportError as exc:
        print(f"mosprecheck: error: the HTTP service needs the server extra ({exc.name} is missing): "
              'pip install "mosprecheck[server]"', file=sys.stderr)
        return EXIT_USAGE
    settings = ServerSettings.from_options(workers=args.workers, timeout=args.timeout,
                                           max_request_bytes=args.max_request_bytes, max_entries=args.max_entries,
                                           tmp_dir=args.tmp_dir)
    try:
        serve(settings, host=args.host, port=args.port)
    except OSError as exc:
        if exc.errno is not None and exc.strerror:  # the system refused the address (in use, not ours, no right)
            print(f"mosprecheck: error: cannot listen on {args.host}:{args.port} ({exc.strerror})", file=sys.stderr)
        else:  # not the listening socket: e.g. the isolation's fork server (a Unix socket path under TMPDIR)
            print(f"mosprecheck: error: cannot start the service: {exc} (if it names a path, try a shorter "
                  "TMPDIR)", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_READY

def _error(line: str) -> None:
    """One line on standard error; nothing (and no traceback) when standard error is broken too."""
    try:
        print(f"mosprecheck: error: {safe_text(line)}" if not line.startswith("internal") else
              f"mosprecheck: {safe_text(line)}", file=sys.stderr)
        sys.stderr.flush()
    except Exception:
        pass


def entry_point() -> None:
    """Console-script entry: exit with :func:`main`'s code (3 for anything unexpected, never a
    traceback and never 0 or 1)."""
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:
        _error(f"internal error ({type(exc).__name__}); please report it")
        code = EXIT_INTERNAL
    sys.exit(code)


if __name__ == "__main__":
    entry_point()
