"""Command line: ``mosprecheck check PACKAGE_DIR [--application FILE] [--format text|json]
[--lang pl|en] [--as-of YYYY-MM-DD]``.

Exit codes: 0 ready to file, 1 not ready, 2 usage or input error (one line on stderr),
3 internal error (one line on stderr; a bug to report).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from ._version import __version__
from .api import check
from .errors import InputError
from .render import render_json, render_text, safe_text

EXIT_READY = 0
EXIT_NOT_READY = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

LANGUAGES = ("pl", "en")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise _UsageError(message)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _Parser(prog="mosprecheck", description="Check a residence-permit application package before uploading it to MOS.")
    parser.add_argument("--version", action="version", version=f"mosprecheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser("check", help="check a package folder and print the defect report")
    p.add_argument("package_dir", metavar="PACKAGE_DIR", help="folder of the attachments to upload")
    p.add_argument("--application", metavar="FILE", help="application description (default: PACKAGE_DIR/application.json)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the text output (default: en)")
    p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="check as of this day (default: today)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"mosprecheck: error: {safe_text(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    if args.command != "check":
        print("mosprecheck: error: a command is required: mosprecheck check PACKAGE_DIR", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = check(args.package_dir, args.application, as_of=args.as_of)
    except InputError as exc:
        print(f"mosprecheck: error: {safe_text(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # never a traceback for the user
        print(f"mosprecheck: internal error ({type(exc).__name__}); please report it", file=sys.stderr)
        return EXIT_INTERNAL
    out = render_json(report) if args.format == "json" else render_text(report, args.lang)
    try:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    return EXIT_READY if report.ready_to_file else EXIT_NOT_READY


def entry_point() -> None:
    """Console-script entry: exit with :func:`main`'s code."""
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
