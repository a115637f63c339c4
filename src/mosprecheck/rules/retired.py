"""Codes that were retired: never reused for another cause, and explained by ``mosprecheck explain``.

Data, next to the registry (the decisions are in docs/rulebook.md, section "law-files"). A retired
code is never registered again: ``tests/e2e/test_cli_habits.py`` fails when one is.
"""

from __future__ import annotations

#: code -> name it had, the code that reports the cause now (None when nothing does), and why.
RETIRED_CODES: dict[str, dict[str, str | None]] = {
    "F005": {
        "name": "package-total-over-limit",
        "successor": "F016",
        "reason": "§ 6 of Dz.U. 2026 poz. 553 makes 50 MB for all files together a hard limit, so the advisory "
        "became the upload blocker F016 package-total-too-large (a code's category never changes).",
    },
    "I058": {
        "name": "photo-not-exact-size",
        "successor": None,
        "reason": "§ 4 of Dz.U. 2026 poz. 553 asks for a photo of at least 684 x 883 pixels, so a larger photo "
        "with the right proportions is no defect.",
    },
}
