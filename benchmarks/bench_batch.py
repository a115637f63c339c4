"""Benchmark of ``mosprecheck batch`` (issue 12): packages per second and the speed-up of two jobs.

Copies ``examples/work-ready`` N times (default 1,000) into a temporary folder, then runs
``python -m mosprecheck batch ROOT --output-dir OUT --jobs J`` in a fresh process for each J
(default 1 and 2) and prints the wall time, packages per second and the speed-up over ``--jobs 1``.
Every run must end with exit code 0 (all ready) and one report per package.

Run: ``python benchmarks/bench_batch.py [--count N] [--jobs 1 2 4]``; on a shared machine use a small
count (``--count 20``) just to prove it works.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="packages to check (default: 1000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to compare (default: 1 2)")
    args = parser.parse_args(argv)
    source = ROOT / "examples" / "work-ready"
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = Path(tmp) / "packages"
        root.mkdir()
        for i in range(args.count):
            shutil.copytree(source, root / f"pkg-{i:05d}")
        print(f"{args.count} copies of examples/work-ready; CPUs: {__import__('os').cpu_count()}")
        print(f"{'jobs':>5} {'wall s':>9} {'pkg/s':>8} {'speed-up':>9}")
        base = None
        for jobs in args.jobs:
            out = Path(tmp) / f"out-{jobs}"
            start = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "mosprecheck", "batch", str(root), "--output-dir", str(out),
                                  "--jobs", str(jobs), "--as-of", AS_OF.isoformat()], capture_output=True, text=True)
            wall = time.perf_counter() - start
            rows = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
            if run.returncode != 0 or len(rows) != args.count or any(r["verdict"] != "ready" for r in rows):
                print(f"jobs {jobs}: unexpected result (exit {run.returncode}): {run.stderr[-500:]}")
                return 1
            rate = args.count / wall
            base = base or rate
            print(f"{jobs:>5} {wall:>9.2f} {rate:>8.2f} {rate / base:>8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
