"""Compile the bundled YAML data (rulebook, text catalogues) to ``src/mosprecheck/_datafiles.json``
in a development checkout (an editable install), for the start-up time a built wheel has.

The wheel gets the same file from the build step in ``setup.py``; in the source tree it is not
committed (``.gitignore``). Each YAML file's data is stored as JSON text under the SHA-256 of the
file's bytes, so a file edited afterwards is simply parsed as YAML again (see
``mosprecheck._datafiles``): a stale compilation is slower, never wrong.

Run: ``python scripts/compile_data.py [--check]`` (``--check``: exit 1 when the file would change).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "mosprecheck"
sys.path.insert(0, str(ROOT / "src"))

from mosprecheck._datafiles import COMPILED_NAME, compile_package  # noqa: E402


def build() -> str:
    text, skipped = compile_package(str(PACKAGE))
    for line in skipped:
        print(f"not compiled (parsed as YAML at run time): {line}", file=sys.stderr)
    return text


def main(argv: list[str]) -> int:
    target = PACKAGE / COMPILED_NAME
    text = build()
    if "--check" in argv:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target.relative_to(ROOT)} is stale: run python scripts/compile_data.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    count = len(json.loads(text)["files"])
    print(f"wrote {target.relative_to(ROOT)} ({len(text):,} bytes, {count} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
