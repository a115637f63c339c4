"""Benchmark of the upload gate (issue 3): how much a check costs over simply hashing the files.

Generates two packages in a temporary folder and prints, for each:

- ``check()``: the in-process time of :func:`mosprecheck.check` (median of warm runs; the first,
  cold run is shown apart: it includes importing nothing new but warms the page cache and rulebook);
- ``sha256 floor``: the time to read and SHA-256 every byte of the same files in the same process
  (median), the least any content check must spend;
- ``ratio`` = check / floor (target <= 3 on the typical package);
- ``CLI wall``: ``python -m mosprecheck check DIR --format json`` in a fresh process (median);
- ``peak RSS``: of the CLI process and of its isolated worker, from ``VmHWM`` in /proc (target
  <= 200 MB each; the worker's figure includes the pages it shares with the checker).

Packages:

- typical: 12 files, about 33 MB: 8 multi-page scanned PDFs of 0.5 to 9 MB (JPEG pages, each under
  the 10 MB limit of § 6 of Dz.U. 2026 poz. 553), a
  passport photo (JPEG) and 3 PNG scans (A4, 150 dpi, greyscale);
- hostile: an encrypted PDF, a flate decompression bomb, a 150-level page tree, a PNG declaring
  2.5 Gpx, a truncated JPEG, a PDF with JavaScript/Launch/attachment/XFA, a DOCX named .pdf, empty
  and system files, names with control characters, a FIFO, a link out of the package, a 60 MB file
  and a 150 MB file (sparse), and the CPU-DoS JPEG of the shared corpus when it is present.

Every figure is measured in a clean process (``--measure``) that imports mosprecheck only: the
generating process imports Pillow (through the test factories), and workers forked from it would
never pay the parsers' import, flattering the ratio (2.2-2.4x reported where a clean process gives
5.4-6.0x before issue 11).

Issue 11 adds, from the same clean process:

- ``concurrent``: 16 threads running ``check()`` on ``examples/work-ready`` (32 checks) against the
  sequential report: byte-identical JSON, no X002, wall time;
- ``packages/s``: sequential ``check()`` of ``examples/work-ready`` in one process pinned to one
  core (its workers inherit the pinning), over a few seconds (target >= 20); and again with no
  worker kept idle between checks (a fork per check), for comparison;
- ``CLI one file``: ``python -m mosprecheck check`` on a one-file package (target <= 0.5 s).

OCR (the optional ``ocr`` extra) is off for these figures and their targets; where it is installed,
``packages/s`` and the CLI are measured again on ``examples/work-ready`` with the passport scan read
by OCR.

Run: ``python benchmarks/bench_upload_gate.py [--runs N] [--quick]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import mosprecheck  # noqa: E402

if "--measure" not in sys.argv:  # the generating process only: the measuring one stays clean
    import factories as fx  # noqa: E402
    from PIL import Image  # noqa: E402

AS_OF = dt.date(2026, 11, 25)
CORPUS_DOS = ROOT.parent / "shared" / "corpus" / "jpeg-broken" / "qpdf__69977b.fuzz"


def _noisy_page(rng: random.Random, size=(1240, 1754), amount: float = 0.22) -> "Image.Image":
    page = fx.scan_page([f"Strona {rng.randrange(1, 99)}", "Umowa o pracę / Employment contract"], size=size,
                        seed=rng.randrange(1000), colour=False)
    noise = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    return Image.blend(page, noise, amount)


def _scan_pdf(path: Path, target_bytes: int, rng: random.Random) -> None:
    """A scanned multi-page PDF of about ``target_bytes``: JPEG pages added until the size is reached."""
    pages: list[bytes] = []
    total = 0
    while total < target_bytes:
        buf = io.BytesIO()
        _noisy_page(rng).save(buf, "JPEG", quality=70)
        pages.append(buf.getvalue())
        total += len(pages[-1])
    images = [Image.open(io.BytesIO(p)) for p in pages]
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=150.0)


def typical_package(folder: Path) -> Path:
    rng = random.Random(20261125)
    for name, mb in [("passport.pdf", 9), ("employment-contract.pdf", 6), ("lease.pdf", 4),
                     ("health-insurance.pdf", 3), ("bank-statement.pdf", 2), ("annex-1.pdf", 1.5),
                     ("stamp-duty-440.pdf", 1), ("card-fee-100.pdf", 0.5)]:
        _scan_pdf(folder / name, int(mb * 1_000_000), rng)
    fx.write_jpeg(folder / "photo.jpg")
    for i in range(3):
        _noisy_page(rng, amount=0.08).save(folder / f"scan-{i + 1}.png", "PNG")
    return folder


def hostile_package(folder: Path) -> Path:
    fx.write_encrypted_pdf(folder / "locked.pdf")
    (folder / "flate-bomb.pdf").write_bytes(fx.flate_bomb_pdf_bytes(120_000_000))
    (folder / "deep-pages.pdf").write_bytes(fx.deep_page_tree_pdf_bytes(150))
    (folder / "bomb.png").write_bytes(fx.png_bomb_bytes(50_000, 50_000))
    fx.truncate_file(fx.write_jpeg(folder / "cut.jpg"))
    fx.write_active_pdf(folder / "active.pdf", javascript=True, launch=True, attachment=True, xfa=True)
    (folder / "contract.pdf").write_bytes(fx.docx_bytes())
    (folder / "empty.pdf").write_bytes(b"")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    fx.write_jpeg(folder / "scan\x1b[2J.png")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.pdf")
    os.symlink("/etc/hostname", folder / "link.pdf")
    for name, size in (("over-limit.pdf", 60_000_000), ("far-over-limit.pdf", 150_000_000)):
        with open(folder / name, "wb") as fh:
            fh.write(b"%PDF-1.7\n")
            fh.truncate(size)
    if CORPUS_DOS.is_file():
        (folder / "dos.jpg").write_bytes(CORPUS_DOS.read_bytes())
    return folder


def sha256_floor(folder: Path) -> float:
    start = time.perf_counter()
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            p = os.path.join(dirpath, name)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            h = hashlib.sha256()
            with open(p, "rb", buffering=0) as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
    return time.perf_counter() - start


_DECODE = r"""
import io, sys, time
from pathlib import Path
import pypdf
from PIL import Image

def decode(data):
    try:  # a damaged or hostile image: what it costs up to its failure counts
        im = Image.open(io.BytesIO(data))
        if im.width * im.height > 200_000_000:
            return  # a declared bomb: never decoded
        if im.format == "JPEG":
            im.draft("L", (max(1, im.width // 8), max(1, im.height // 8)))
        im.load()
    except Exception:
        pass

start = time.process_time()
for path in sorted(Path(sys.argv[1]).rglob("*")):
    if not path.is_file() or path.is_symlink():
        continue
    head = path.read_bytes()[:8]
    if head.startswith(b"%PDF"):
        try:
            pages = list(pypdf.PdfReader(path).pages)
        except Exception:
            continue
        for page in pages:
            try:
                xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
                for ref in xobjects.values():
                    obj = ref.get_object()
                    if obj.get("/Subtype") == "/Image" and obj.get("/Filter") == "/DCTDecode":
                        decode(obj.get_data())
            except Exception:
                continue
    elif head.startswith((b"\xff\xd8", b"\x89PNG")):
        decode(path.read_bytes())
print(time.process_time() - start)
"""


def decode_floor(folder: Path) -> float:
    """CPU seconds to decode, once, every image the checker must look at: each JPEG page image of
    the PDFs and each JPEG at 1/8 scale (libjpeg's DCT scaling; the entropy decoding is the same
    at any scale), each PNG fully (in a separate process: this one must not import Pillow)."""
    out = subprocess.run([sys.executable, "-c", _DECODE, str(folder)], capture_output=True, text=True, check=False)
    try:
        return float(out.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return float("nan")


_CLI = """
import sys
from mosprecheck.inventory.checker import inspector as worker

def hwm(pid="self"):
    # Peak resident set of a process (kB), from /proc: per process image, unlike ru_maxrss, which a
    # process started by fork+exec inherits from its (large) parent.
    try:
        with open(f"/proc/{pid}/status") as fh:
            return max([int(l.split()[1]) for l in fh if l.startswith("VmHWM:")] or [0])
    except OSError:
        return 0

peaks = [0]
_stop = worker.WorkerSlot._stop

def stop(self, kill):
    pid = self._pid or self._foreign_pid  # forked by the checker, or by the zygote
    if pid is not None:
        peaks.append(hwm(pid))
    return _stop(self, kill)

worker.WorkerSlot._stop = stop
from mosprecheck.cli import main
code = main(sys.argv[1:])
from mosprecheck.inventory.checker.zygote import IdleWorkers  # workers kept for a next check
peaks += [hwm(pid) for _key, _conn, pid, _served in IdleWorkers._idle]
sys.stderr.write(f"RSS {hwm()} {max(peaks)}\\n")
sys.exit(code)
"""


def cli_run(folder: Path) -> tuple[float, int, int, int]:
    """(wall seconds, exit code, peak RSS of the CLI process in kB, peak RSS of its worker in kB).
    The wall time is that of the command users run, ``python -m mosprecheck check DIR --format json``;
    the peaks come from a second, instrumented run."""
    args = ["check", str(folder), "--format", "json", "--as-of", AS_OF.isoformat()]
    start = time.perf_counter()
    plain = subprocess.run([sys.executable, "-m", "mosprecheck", *args], capture_output=True)
    wall = time.perf_counter() - start
    proc = subprocess.run([sys.executable, "-c", _CLI, *args], capture_output=True, text=True)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("RSS ")][-1]
    _, me, kids = line.split()
    return wall, plain.returncode, int(me), int(kids)


def measure(name: str, folder: Path, runs: int) -> dict[str, float]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    t0 = time.perf_counter()
    report = mosprecheck.check(folder, as_of=AS_OF)
    cold = time.perf_counter() - t0
    checks, floors = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        mosprecheck.check(folder, as_of=AS_OF)
        checks.append(time.perf_counter() - t0)
        floors.append(sha256_floor(folder))
    clis = [cli_run(folder) for _ in range(max(1, runs // 2))]
    check_s, floor_s = statistics.median(checks), statistics.median(floors)
    decode_s = statistics.median(decode_floor(folder) for _ in range(3))
    cores = min(2, os.cpu_count() or 1)
    wall = statistics.median(c[0] for c in clis)
    rss_cli = max(c[2] for c in clis) / 1024
    rss_worker = max(c[3] for c in clis) / 1024
    print(f"\n== {name}: {len(report.files)} entries, {size / 1e6:.1f} MB, ready={report.ready_to_file}, "
          f"defects={len(report.defects)} ({', '.join(sorted(set(report.codes)))})")
    print(f"  check() in-process   {check_s * 1000:9.1f} ms  (median of {runs}; cold first run {cold * 1000:.1f} ms)")
    print(f"  sha256 floor         {floor_s * 1000:9.1f} ms  (median of {runs}, same process and run)")
    print(f"  ratio check/floor    {check_s / floor_s:9.2f}")
    print(f"  decode floor         {decode_s * 1000:9.1f} ms CPU  (every image decoded once, as issue 11 item 1 "
          f"requires; / {cores} workers = {decode_s / cores * 1000:.1f} ms)")
    print(f"  ratio check/(floor + decode/{cores}) {check_s / (floor_s + decode_s / cores):5.2f}")
    print(f"  CLI wall             {wall * 1000:9.1f} ms  (median of {len(clis)}, exit code {clis[0][1]})")
    print(f"  peak RSS             {rss_cli:9.1f} MB checker, {rss_worker:.1f} MB worker")
    return {"check": check_s, "floor": floor_s, "ratio": check_s / floor_s, "decode": decode_s, "cli": wall, "rss_cli": rss_cli,
            "rss_worker": rss_worker}


def concurrent(folder: Path, threads: int = 16, checks: int = 32) -> dict[str, float]:
    """``checks`` calls of check() from ``threads`` threads against the sequential report."""
    from concurrent.futures import ThreadPoolExecutor

    from mosprecheck.render import render_json

    sequential = render_json(mosprecheck.check(folder, as_of=AS_OF))
    t0 = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        reports = list(pool.map(lambda _: render_json(mosprecheck.check(folder, as_of=AS_OF)), range(checks)))
    wall = time.perf_counter() - t0
    same = sum(r == sequential for r in reports)
    x002 = sum('"X002"' in r for r in reports)
    print(f"\n== concurrent: {checks} checks of {folder.name} from {threads} threads")
    print(f"  identical to sequential {same}/{checks}, with X002 {x002}, wall {wall:.2f} s "
          f"({checks / wall:.1f} checks/s)")
    return {"identical": same, "checks": checks, "x002": x002}


def packages_per_second(folder: Path, seconds: float = 4.0, keep_workers: bool = True) -> float:
    """Sequential check() of a small package in this process, pinned to one core (the zygote and
    so every worker too); CPU counts the workers' (read from /proc as each one ends, and at the end
    for the workers kept idle for a next check) and the zygote's (its forks). ``keep_workers=False``: no worker is kept between
    checks (a fork, start and exit per check), for comparison."""
    from mosprecheck.inventory.checker import inspector as worker
    from mosprecheck.inventory.checker.zygote import IdleWorkers

    IdleWorkers.clear()
    saved_idle = IdleWorkers.MAX_IDLE
    IdleWorkers.MAX_IDLE = saved_idle if keep_workers else 0

    mosprecheck.check(folder, as_of=AS_OF)  # the zygote runs from here on
    if hasattr(os, "sched_setaffinity"):
        core = {sorted(os.sched_getaffinity(0))[0]}
        os.sched_setaffinity(0, core)
        for pid in [worker._Zygote._current.pid if worker._Zygote._current else None,
                    *(entry[2] for entry in IdleWorkers._idle)]:
            if pid is not None:
                os.sched_setaffinity(pid, core)
    tick = os.sysconf("SC_CLK_TCK")

    def cpu_of(pid):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            return 0.0

    zygote = worker._Zygote._current.pid if worker._Zygote._current else None
    # What the idle workers and the zygote (it forks the workers) used before.
    worker_cpu = [-sum(cpu_of(entry[2]) for entry in IdleWorkers._idle) - (cpu_of(zygote) if zygote else 0.0)]
    real_stop, real_retire = worker.WorkerSlot._stop, IdleWorkers.retire

    def stop(self, kill):
        pid = self._foreign_pid or self._pid
        if pid is not None:
            worker_cpu[0] += cpu_of(pid)
        return real_stop(self, kill)

    def retire(conn, pid):
        worker_cpu[0] += cpu_of(pid)
        return real_retire(conn, pid)

    worker.WorkerSlot._stop, IdleWorkers.retire = stop, staticmethod(retire)
    done, t0 = 0, time.perf_counter()
    cpu0 = time.process_time() + _children_cpu()
    try:
        while time.perf_counter() - t0 < seconds:
            mosprecheck.check(folder, as_of=AS_OF)
            done += 1
    finally:
        worker.WorkerSlot._stop, IdleWorkers.retire = real_stop, real_retire
        IdleWorkers.MAX_IDLE = saved_idle
    wall = time.perf_counter() - t0
    worker_cpu[0] += sum(cpu_of(entry[2]) for entry in IdleWorkers._idle) + (cpu_of(zygote) if zygote else 0.0)
    cpu = time.process_time() + _children_cpu() - cpu0 + worker_cpu[0]
    rate = done / wall
    how = "" if keep_workers else ", no worker kept between checks"
    print(f"\n== packages/s: {folder.name} on one core{how}: {rate:.1f}/s wall ({done} in {wall:.1f} s; "
          f"CPU {cpu / done * 1000:.1f} ms per check, i.e. {done / cpu:.1f}/s of CPU)")
    return rate


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_one_file(folder: Path, runs: int) -> float:
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mosprecheck", "check", str(folder), "--format", "json",
                        "--as-of", AS_OF.isoformat()], capture_output=True)
        walls.append(time.perf_counter() - start)
    wall = statistics.median(walls)
    files = sum(1 for p in folder.iterdir() if p.is_file())
    print(f"\n== CLI on {folder.name} ({files} files): {wall * 1000:.0f} ms (median of {runs}; "
          f"min {min(walls) * 1000:.0f}, max {max(walls) * 1000:.0f}; target 500 ms for one file)")
    return wall


def measure_all(tmp: Path, runs: int, quick: bool) -> None:
    """The clean measuring process: mosprecheck only (no Pillow imported by the benchmark). OCR (the
    optional ``ocr`` extra) is off for the figures and their targets, which it would otherwise
    dominate; where it is installed, the small-package figures are then measured again with it."""
    from mosprecheck.inventory import ocr

    os.environ[ocr.ENV_SWITCH] = "1"
    binding = ocr.backend()
    os.environ[ocr.ENV_SWITCH] = "0"
    print(f"mosprecheck {mosprecheck.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
          f"PIL imported before measuring: {'PIL' in sys.modules}; OCR binding here: {binding or 'none'} "
          f"(off unless said)")
    t = measure("typical package", tmp / "typical", runs)
    h = measure("hostile package", tmp / "hostile", 1 if quick else max(1, runs // 3))
    small = ROOT / "examples" / "work-ready"
    c = concurrent(small, checks=16 if quick else 32)
    cli = cli_one_file(tmp / "one", 3 if quick else 7)
    rate = packages_per_second(small, 2.0 if quick else 5.0)
    packages_per_second(small, 2.0 if quick else 5.0, keep_workers=False)
    if binding is not None:
        os.environ[ocr.ENV_SWITCH] = "1"
        print(f"\n-- with OCR ({binding}) of the passport scan of {small.name}:")
        packages_per_second(small, 2.0 if quick else 5.0)
        cli_one_file(small, 3 if quick else 5)
        os.environ[ocr.ENV_SWITCH] = "0"
    print(f"\ntargets (OCR off): ratio <= 3 on typical: {'met' if t['ratio'] <= 3 else 'NOT met'} ({t['ratio']:.2f}); "
          f"peak RSS <= 200 MB on both: "
          f"{'met' if max(t['rss_cli'], t['rss_worker'], h['rss_cli'], h['rss_worker']) <= 200 else 'NOT met'}; "
          f"concurrent identical with no X002: {'met' if c['identical'] == c['checks'] and not c['x002'] else 'NOT met'}; "
          f"CLI one file <= 0.5 s: {'met' if cli <= 0.5 else 'NOT met'} ({cli:.2f} s); "
          f">= 20 packages/s: {'met' if rate >= 20 else 'NOT met'} ({rate:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="warm runs per measurement (default 7)")
    parser.add_argument("--quick", action="store_true", help="fewer runs: to see that it works on a busy machine")
    parser.add_argument("--measure", metavar="DIR", help=argparse.SUPPRESS)  # the clean measuring process
    args = parser.parse_args()
    if args.measure:
        measure_all(Path(args.measure), args.runs, args.quick)
        return
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("typical", "hostile", "one"):
            (Path(tmp) / name).mkdir()
        typical_package(Path(tmp) / "typical")
        hostile_package(Path(tmp) / "hostile")
        fx.write_text_pdf(Path(tmp) / "one" / "letter.pdf", ["Zaswiadczenie"])
        cmd = [sys.executable, __file__, "--measure", tmp, "--runs", str(args.runs)] + (["--quick"] if args.quick else [])
        subprocess.run(cmd, check=False)


if __name__ == "__main__":
    main()
