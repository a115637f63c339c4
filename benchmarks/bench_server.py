"""Benchmark of ``mosprecheck serve`` (issue 12): requests per second and latency under concurrency.

Starts the service on 127.0.0.1 (a random free port; loopback only) in its own process, then posts
``examples/work-ready`` as a zip with 1, 4 and 16 concurrent clients. Each level sends a bounded
number of requests (``--requests``, default 64) and stops early after ``--max-seconds`` (default 120);
it prints requests per second and the p50 and p95 latency. Every answer must be 200 and byte for byte
the report of the first request.

Run: ``python benchmarks/bench_server.py [--requests N] [--clients 1 4 16] [--workers W]``; on a
shared machine use ``--requests 8`` just to prove it works.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import io
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-25"


def _zip(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.iterdir()):
            zf.write(p, p.name)
    return buf.getvalue()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=64, help="requests per concurrency level (default: 64)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16], help="concurrency levels")
    parser.add_argument("--workers", type=int, default=None, help="serve --workers (default: the number of CPUs)")
    parser.add_argument("--max-seconds", type=float, default=120, help="time bound per level (default: 120)")
    args = parser.parse_args(argv)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "mosprecheck", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    env = {k: v for k, v in os.environ.items() if k != "MOSPRECHECK_TOKEN"}
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                print("the server did not start")
                return 1
            time.sleep(0.2)
        body = _zip(ROOT / "examples" / "work-ready")
        url = f"{base}/v1/check?as_of={AS_OF}"
        headers = {"Content-Type": "application/zip"}
        reference = httpx.post(url, content=body, headers=headers, timeout=120).text  # warm-up, not counted
        print(f"server: 127.0.0.1:{port}, workers: {args.workers or os.cpu_count()}; package: examples/work-ready "
              f"({len(body)} bytes zipped)")
        print(f"{'clients':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
        for clients in args.clients:
            latencies: list[float] = []
            lock = threading.Lock()
            stop = time.monotonic() + args.max_seconds
            failures = 0

            def one(_i: int) -> None:
                nonlocal failures
                if time.monotonic() > stop:
                    return
                with httpx.Client(timeout=300) as client:
                    t0 = time.perf_counter()
                    r = client.post(url, content=body, headers=headers)
                    elapsed = time.perf_counter() - t0
                with lock:
                    if r.status_code != 200 or r.text != reference:
                        failures += 1
                    latencies.append(elapsed)

            start = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(clients) as pool:
                list(pool.map(one, range(args.requests)))
            wall = time.perf_counter() - start
            if failures or not latencies:
                print(f"{clients:>8}: {failures} failed or differing answers")
                return 1
            print(f"{clients:>8} {len(latencies):>9} {len(latencies) / wall:>8.2f} "
                  f"{statistics.median(latencies) * 1000:>8.0f} {_percentile(latencies, 0.95) * 1000:>8.0f}")
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
