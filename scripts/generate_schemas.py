"""Write src/mosprecheck/schemas/*.schema.json (shipped in the wheel) from the pydantic models.
Run after changing a model."""

from __future__ import annotations

import sys
from pathlib import Path

from mosprecheck.schema import SCHEMAS, dumps

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    out = ROOT / "src" / "mosprecheck" / "schemas"
    out.mkdir(exist_ok=True)
    for name, make in SCHEMAS.items():
        (out / name).write_text(dumps(make()), encoding="utf-8")
        print(f"wrote src/mosprecheck/schemas/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
