"""Mark translations as current: record, for the given language's entries, the hash of the English
text they translate (``src/mosprecheck/i18n/catalogue/sources.yaml``).

Run it after updating a translation, for the keys you translated (or for the whole language after a
full review)::

    python scripts/i18n_mark.py uk F001.message F001.remedy
    python scripts/i18n_mark.py uk --all
    python scripts/i18n_mark.py --check          # list missing, extra and stale entries of every language
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mosprecheck.i18n import MOS_LANGUAGES  # noqa: E402
from mosprecheck.i18n.staleness import check_folder, mark  # noqa: E402

FOLDER = ROOT / "src" / "mosprecheck" / "i18n" / "catalogue"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lang", nargs="?", choices=[lang for lang in MOS_LANGUAGES if lang != "en"])
    parser.add_argument("keys", nargs="*", help="catalogue keys to mark (e.g. F001.message)")
    parser.add_argument("--all", action="store_true", help="mark every entry of the language")
    parser.add_argument("--check", action="store_true", help="only report missing, extra and stale entries")
    args = parser.parse_args(argv)
    if args.check:
        bad = 0
        for lang in MOS_LANGUAGES:
            if lang == "en":
                continue
            for key, problem in check_folder(FOLDER, lang):
                print(f"{lang} {key}: {problem}")
                bad += 1
        return 1 if bad else 0
    if args.lang is None or (not args.keys and not args.all):
        parser.error("give a language and keys, or --all, or --check")
    print(f"{args.lang}: marked {mark(FOLDER, args.lang, None if args.all else args.keys)} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
