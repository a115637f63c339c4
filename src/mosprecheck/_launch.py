"""Start-up of the ``mosprecheck`` command (and of ``python -m mosprecheck``).

Before the command line loads the checker (pydantic models, rules, rulebook: most of its start-up
time), a ``check`` command starts the process its isolated parsers are forked from
(:func:`mosprecheck.inventory.checker.inspector.prestart`): that process imports pypdf and Pillow on the other
core meanwhile, instead of after the checker has loaded and the first file waits for it. Anything
that goes wrong here only loses that head start: the check starts the process itself.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry: :func:`mosprecheck.cli.entry_point`, with the parsers' process started
    first for a check."""
    if sys.argv[1:2] == ["check"]:
        try:
            from .inventory.checker.inspector import prestart

            prestart()
        except Exception:  # pragma: no cover - only a head start
            pass
    from .cli import entry_point

    entry_point()
