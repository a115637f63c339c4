"""Write docs/rules.md, the rule catalogue, from the rule registry. Run after adding or changing a rule.

Every code with its name, category, title, legal basis, old codes (aliases), the rulebook facts it
reads with every dated value of each (so no docstring restates a number), what it checks and why
the office objects (from the rule's docstring), how to fix it (the remedy template) and the message
template, in English and Polish; then the old and retired codes. ``tests/test_docs.py`` fails when docs/rules.md is stale.

    python scripts/generate_rules_doc.py            # write docs/rules.md
    python scripts/generate_rules_doc.py --check    # exit 1 when docs/rules.md is stale
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

from mosprecheck.i18n import LANGUAGE_NAMES, MOS_LANGUAGES
from mosprecheck.report.models import Category
from mosprecheck.rulebook import Fact, load_rulebook
from mosprecheck.rules import aliases, all_rules, retired_codes
from mosprecheck.rules.engine import shown_value

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "rules.md"

_FAMILIES = {
    "A": "Attachments per ground", "C": "Cross-document consistency", "D": "Form data", "F": "Files",
    "I": "Images", "K": "Case and ground", "M": "Money (fees and income)", "P": "PDF", "T": "Translation and language",
    "X": "The checker itself",
}
_CATEGORY = {
    Category.NOT_FILEABLE: "cannot go through MOS as described (blocks filing)",
    Category.UPLOAD_BLOCKER: "the portal will not take the file (blocks filing)",
    Category.FORMAL_DEFECT: "brak formalny: the office would send a wezwanie do usunięcia braków formalnych "
                            "(blocks filing)",
    Category.REFUSAL_RISK: "filed as is, the application risks refusal on the merits (does not block)",
    Category.ADVISORY: "worth fixing, does not block",
}
_WHY = re.compile(r"\n\s*Why the office objects:\s*", re.IGNORECASE)


def _split_doc(doc: str) -> tuple[str, str | None]:
    """(what it checks, why the office objects) from a rule docstring."""
    doc = textwrap.dedent(doc).strip()
    parts = _WHY.split("\n" + doc if doc.lower().startswith("why the office objects") else doc, maxsplit=1)
    what = " ".join(parts[0].split())
    why = " ".join(parts[1].split()) if len(parts) > 1 else None
    if why:
        why = why[0].upper() + why[1:]
    return what, why


def _code(text: str) -> str:
    return "`` " + text + " ``" if "`" in text else f"`{text}`"


def _shown(value: object, nested: bool = False) -> str:
    """A fact's value in the catalogue: numbers of five digits and more grouped by spaces, small
    lists and mappings inline, a table named as such."""
    plain = shown_value(value, limit=160)
    if (plain is None and value is not None) or _depth(plain) > 2:
        return "a table (see the rulebook)"
    if isinstance(plain, bool):
        return "yes" if plain else "no"
    if isinstance(plain, (int, float)):
        text = f"{plain:,}" if abs(plain) >= 10_000 else f"{plain}"
        return text.replace(",", " ")
    if isinstance(plain, list):
        inner = ", ".join(_shown(v, True) for v in plain)
        return f"[{inner}]" if nested else (inner or "none")
    if isinstance(plain, dict):
        return "{" + ", ".join(f"{k}: {_shown(v, True)}" for k, v in plain.items()) + "}"
    return str(plain)


def _depth(value: object) -> int:
    """How deep lists and mappings nest (0 for a number or a text)."""
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _history(fact: Fact) -> list[str]:
    """Every dated value of a fact: "from 2026-04-27: 10 000 000", with its end where it ended."""
    return [f"from {v.effective_from}" + (f" to {v.effective_to}" if v.effective_to else "") + f": {_shown(v.value)}"
            for v in fact.values]


def _facts(reads: tuple[str, ...]) -> list[str]:
    """The lines that list the rulebook facts a rule reads, with every dated value."""
    rulebook = load_rulebook()
    if not reads:
        return ["- Rulebook facts it reads: none"]
    out = ["- Rulebook facts it reads:"]
    for key in reads:
        if key.endswith("."):
            family = [k for k in rulebook.facts if k.startswith(key)]
            out.append(f"  - every fact under `{key}` (the key is composed from the description; "
                       f"{len(family)} {'fact' if len(family) == 1 else 'facts'} today)")
            continue
        fact = rulebook.fact(key)
        unit = f" ({fact.unit})" if fact.unit else ""
        periods = _history(fact)
        if len(periods) == 1:
            out.append(f"  - `{key}`{unit}: {periods[0]}")
        else:
            out += [f"  - `{key}`{unit}:", *(f"    - {p}" for p in periods)]
    return out


def render() -> str:
    """The whole of docs/rules.md."""
    rules = all_rules()
    out = [
        "# Rule catalogue",
        "",
        "<!-- Generated by scripts/generate_rules_doc.py from the rule registry; do not edit by hand. -->",
        "",
        f"Every defect code mosprecheck reports ({len(rules)} codes). Each has a stable code that is never "
        "reused for another cause, a kebab-case name, a fixed category, the legal basis the office would cite, "
        "the rulebook facts it reads with every dated value (a report's defect carries those in force on the "
        "filing date, with their sources), the old codes it replaced, "
        "and a message and remedy rendered from the defect's `ctx` in "
        + ", ".join(f"{LANGUAGE_NAMES[lang]} (`{lang}`)" for lang in MOS_LANGUAGES)
        + ". The templates below are the English and Polish sources; the other languages are in "
        "`src/mosprecheck/i18n/<lang>/*.yaml`, keyed by code.",
        "",
        "Categories: `not_fileable`, `upload_blocker` and `formal_defect` make a package not ready to file; "
        "`refusal_risk` and `advisory` do not.",
        "",
        "| code | name | category | title |",
        "|---|---|---|---|",
    ]
    for code, r in rules.items():
        out.append(f"| [{code}](#{code.lower()}) | `{r.name}` | {r.category.value} | {r.title.replace('|', '/')} |")
    family = None
    for code, r in rules.items():
        if code[0] != family:
            family = code[0]
            out += ["", f"## {family}: {_FAMILIES.get(family, family)}"]
        what, why = _split_doc(r.doc)
        out += [
            "",
            f"### {code}",
            "",
            f"**`{r.name}`** — {r.title}",
            "",
            f"- Category: `{r.category.value}` — {_CATEGORY[r.category]}",
            f"- Legal basis: {r.legal_basis or 'none cited (not a defect the office names)'}",
            *([f"- Old codes: {', '.join(f'`{a}`' for a in r.aliases)} (reported as {code} now)"] if r.aliases else []),
            *_facts(r.reads),
            "",
            f"**What it checks.** {what}",
            "",
            f"**Why the office objects.** {why or _CATEGORY[r.category].capitalize() + '.'}",
            "",
            f"**How to fix.** {r.remedy['en']}",
            "",
            f"- Message (en): {_code(r.message['en'])}",
            f"- Message (pl): {_code(r.message['pl'])}",
            f"- Remedy (pl): {_code(r.remedy['pl'])}",
        ]
        if r.check is None:
            out += ["", "Emitted by the engine itself, not by a check function."]
    out += ["", "## Old and retired codes", "",
            "A code is never reused for another cause. An old code that a rule took over is that rule's alias "
            "(`mosprecheck.resolve_code(\"F005\")` gives `F016`; `mosprecheck explain F005` explains F016); a "
            "retired code nothing replaced is explained by `mosprecheck explain`.", "",
            "| old code | reported now as | why |", "|---|---|---|"]
    for old_code, new_code in aliases().items():
        out.append(f"| {old_code} | [{new_code}](#{new_code.lower()}) `{rules[new_code].name}` | replaced |")
    for code, retired in retired_codes().items():
        out.append(f"| {code} `{retired.name}` | — (retired) | {retired.reason.replace('|', '/')} |")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print("docs/rules.md is stale: run python scripts/generate_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
