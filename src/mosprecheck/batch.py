"""Check many packages at once (``mosprecheck batch``): discovery, parallel isolated checks, a summary.

Every package is checked in its own child process (:mod:`mosprecheck._isolated`), ``jobs`` at a
time, each within ``timeout`` seconds: a package that crashes or hangs is a row with its error,
never the end of the run. With an output folder, each package's report is written as
``<name>.json`` (exactly what ``check --format json`` prints) and ``<name>.html``, and the run as
``summary.csv`` (UTF-8 with a byte-order mark, so that a spreadsheet shows Polish characters),
``summary.jsonl`` (one JSON object per package) and ``index.html`` (links to every report).

``resume``: a package whose inputs (every file's path, size and modification time), options and
checker version are unchanged since its report was written is not checked again; its row is
taken from the previous ``summary.jsonl``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io
import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import _isolated
from ._version import __version__
from .errors import InputError

#: The description's name that makes a folder a package.
APPLICATION_NAME = "application.json"
#: How deep ``discover`` looks below a root for package folders.
MAX_DISCOVERY_DEPTH = 8
#: Default time one package may take (the inspector bounds each file to seconds; this bounds the rest).
DEFAULT_TIMEOUT_S = 600.0
CATEGORIES = ("not_fileable", "upload_blocker", "formal_defect", "refusal_risk", "advisory")
SUMMARY_CSV = "summary.csv"
SUMMARY_JSONL = "summary.jsonl"
INDEX_HTML = "index.html"

VERDICT_READY = "ready"
VERDICT_NOT_READY = "not_ready"
VERDICT_ERROR = "error"


class BatchUsageError(InputError):
    """The roots cannot be used (missing, not a folder, no package in them): exit code 2."""


@dataclass(frozen=True)
class Package:
    """One package folder to check: ``name`` (unique in the run, used for file names) and ``path``;
    ``shown_path``: the path as the summary shows it (masked in a redacted run), when not ``path``."""

    name: str
    path: Path
    shown_path: str | None = None


@dataclass
class BatchResult:
    """Every package's summary row, in discovery order."""

    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def all_ready(self) -> bool:
        return bool(self.rows) and all(r["verdict"] == VERDICT_READY for r in self.rows)


# ---------------------------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------------------------


def has_application(folder: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(folder / APPLICATION_NAME).st_mode)
    except OSError:
        return False


def _subfolders(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as it:
            found = [Path(e.path) for e in it if e.is_dir(follow_symlinks=False) and not e.name.startswith(".")]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name)


def package_folders_below(folder: Path, depth: int = MAX_DISCOVERY_DEPTH) -> list[Path]:
    """Folders below ``folder`` (not ``folder`` itself) that hold an application.json, without
    looking inside a package folder or following links; sorted."""
    found: list[Path] = []
    for sub in _subfolders(folder):
        if has_application(sub):
            found.append(sub)
        elif depth > 1:
            found.extend(package_folders_below(sub, depth - 1))
    return found


def folder_of_packages_hint(package_dir: str) -> str | None:
    """A one-line hint when PACKAGE_DIR holds no application.json but subfolders that do (the CLI's
    ``check`` refuses such a folder with it)."""
    root = Path(package_dir)
    if not root.is_dir() or has_application(root):
        return None
    found = package_folders_below(root, depth=2)
    if not found:
        return None
    return (f"{package_dir} holds no application.json but {len(found)} package folder"
            f"{'s' if len(found) != 1 else ''} that do (e.g. {found[0].relative_to(root).as_posix()}); "
            f"check them one by one or all at once with: mosprecheck batch {package_dir}")


def discover(roots: Sequence[str | os.PathLike[str]], *, each_subfolder: bool = False,
             exclude: Sequence[str | os.PathLike[str]] = ()) -> list[Package]:
    """The packages under ``roots``: a root holding an application.json is one package; otherwise
    every folder below it holding one is (or, with ``each_subfolder``, every immediate subfolder).
    Folders in ``exclude`` (the output folder) and below them are never packages."""
    excluded = [Path(e).resolve() for e in exclude]
    folders: list[tuple[Path, str]] = []
    for raw in roots:
        root = Path(raw)
        if not root.exists():
            raise BatchUsageError(f"folder not found: {root}")
        if not root.is_dir():
            raise BatchUsageError(f"not a folder: {root}")
        if each_subfolder:
            subs = _subfolders(root)
            folders.extend((s, s.name) for s in subs)
        elif has_application(root):
            folders.append((root, root.resolve().name or "package"))
        else:
            folders.extend((s, s.relative_to(root).as_posix()) for s in package_folders_below(root))
    if not folders:
        hint = "" if each_subfolder else " (a package folder holds an application.json; use --each-subfolder " \
                                          "to check every immediate subfolder)"
        raise BatchUsageError(f"no package folder found{hint}")
    packages: list[Package] = []
    used: set[str] = set()
    seen: set[Path] = set()
    for path, label in folders:
        real = path.resolve()
        if real in seen or any(real == e or e in real.parents for e in excluded):
            continue
        seen.add(real)
        name = _file_stem(label)
        candidate, n = name, 2
        while candidate.casefold() in used:
            candidate, n = f"{name}-{n}", n + 1
        used.add(candidate.casefold())
        packages.append(Package(candidate, path))
    if not packages:
        raise BatchUsageError("no package folder found (only the output folder)")
    return packages


def pseudonymised(packages: Sequence[Package]) -> list[Package]:
    """The packages of a redacted run: each name (file names, summary rows, resume) and shown path
    with the personal data of the package's own description masked (a folder named after the
    applicant becomes ``[NAME]_[NAME]``), names kept unique by a number. The description is read
    only from inside the package folder; one that cannot be read masks nothing but PESEL-shaped
    numbers."""
    from .application import ApplicationFileError, load_application_file
    from .report.redact import masker_for

    out: list[Package] = []
    used: set[str] = set()
    for pkg in packages:
        description = None
        path = pkg.path / "application.json"
        real_root = os.path.realpath(pkg.path)
        if os.path.realpath(path).startswith(real_root.rstrip(os.sep) + os.sep):
            try:
                description = load_application_file(path)
            except (ApplicationFileError, ValueError):
                description = None
        masker = masker_for(description)
        name = _file_stem(str(masker.mask(pkg.name)))
        candidate, n = name, 2
        while candidate.casefold() in used:
            candidate, n = f"{name}-{n}", n + 1
        used.add(candidate.casefold())
        out.append(Package(candidate, pkg.path, shown_path=str(masker.mask(str(pkg.path)))))
    return out


def _file_stem(label: str) -> str:
    """A safe, readable file name stem for a package (letters of any script kept)."""
    text = unicodedata.normalize("NFC", label).replace("/", "__")
    text = re.sub(r"[\x00-\x1f\x7f<>:\"\\|?*]", "_", text).strip(" .")
    if text.upper() in ("INDEX", "SUMMARY"):
        text += "_"
    return (text or "package")[:150]


# ---------------------------------------------------------------------------------------------
# Fingerprints (for --resume)
# ---------------------------------------------------------------------------------------------


def fingerprint(folder: Path, options: dict[str, Any]) -> str:
    """A digest of every entry's relative path, type, size and modification time under ``folder``
    (links not followed), plus the options and the checker version: equal when nothing changed."""
    digest = hashlib.sha256()
    digest.update(json.dumps({"options": options, "version": __version__}, sort_keys=True).encode())
    stack = [(folder, "")]
    count = 0
    while stack:
        current, rel = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            digest.update(f"!{rel}:{exc.errno}".encode())
            continue
        for e in entries:
            count += 1
            if count > 20000:
                return "unbounded"
            try:
                st = e.stat(follow_symlinks=False)
            except OSError:
                continue
            name = f"{rel}/{e.name}"
            digest.update(os.fsencode(name) + b"\0")
            digest.update(f"{stat.S_IFMT(st.st_mode)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
            if stat.S_ISDIR(st.st_mode):
                stack.append((Path(e.path), name))
            elif stat.S_ISLNK(st.st_mode):
                try:
                    digest.update(os.fsencode(os.readlink(e.path)))
                    target = os.stat(e.path)
                    digest.update(f"->{target.st_size}:{target.st_mtime_ns}".encode())
                except OSError:
                    pass
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# One package (runs in a child process)
# ---------------------------------------------------------------------------------------------


def check_package(path: str, name: str, output_dir: str | None, as_of: str, redact: bool, lang: str,
                  json_languages: list[str] | None) -> dict[str, Any]:
    """Check one package folder, write its reports (when ``output_dir``) and return its summary row."""
    from .api import check
    from .render import render_html, render_json
    from .report.models import Category

    report = check(path, as_of=dt.date.fromisoformat(as_of), redact=redact)
    if output_dir is not None:
        out = Path(output_dir)
        _write_atomic(out / f"{name}.json", render_json(report, json_languages) + "\n")
        _write_atomic(out / f"{name}.html", render_html(report, lang))
    deadline = report.summary.filing_deadline
    return {
        "verdict": VERDICT_READY if report.ready_to_file else VERDICT_NOT_READY,
        **{c.value: report.summary.counts.get(c, 0) for c in Category},
        "codes": list(dict.fromkeys(report.codes)),
        "last_day": deadline.last_day.isoformat() if deadline else None,
        "days_left": deadline.days_left if deadline else None,
        "error": None,
    }


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


def _row(pkg: Package, values: dict[str, Any], fp: str | None, output_dir: Path | None) -> dict[str, Any]:
    counts = {c: int(values.get(c) or 0) for c in CATEGORIES}
    row: dict[str, Any] = {"package": pkg.name, "path": pkg.shown_path or str(pkg.path), "verdict": values["verdict"], **counts,
                           "codes": values.get("codes") or [], "last_day": values.get("last_day"),
                           "days_left": values.get("days_left"), "error": values.get("error")}
    if output_dir is not None and values["verdict"] != VERDICT_ERROR:
        row["report_json"] = f"{pkg.name}.json"
        row["report_html"] = f"{pkg.name}.html"
    row["fingerprint"] = fp
    return row


def _previous_rows(output_dir: Path) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    try:
        with open(output_dir / SUMMARY_JSONL, encoding="utf-8") as fh:
            for line in fh:
                try:
                    row = json.loads(line)
                except ValueError:
                    continue
                if isinstance(row, dict) and isinstance(row.get("package"), str):
                    rows[row["package"]] = row
    except OSError:
        pass
    return rows


def run_batch(
    roots: Sequence[str | os.PathLike[str]],
    *,
    output_dir: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    each_subfolder: bool = False,
    resume: bool = False,
    as_of: dt.date | None = None,
    redact: bool = False,
    lang: str = "en",
    json_languages: Sequence[str] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT_S,
    on_progress: Callable[[dict[str, Any]], None] | None = None,
    packages: Sequence[Package] | None = None,
) -> BatchResult:
    """Check every package under ``roots`` (see :func:`discover`), ``jobs`` at a time (default: the
    number of CPUs), and write the reports and the summary to ``output_dir`` when given.
    Raises :class:`BatchUsageError` when the roots hold no package; a package's own failure is a row."""
    pkgs = list(packages) if packages is not None else discover(
        roots, each_subfolder=each_subfolder, exclude=[output_dir] if output_dir is not None else [])
    if redact:  # no file name, row or path of the run shows what the reports mask
        pkgs = pseudonymised(pkgs)
    as_of = as_of or dt.date.today()
    out = Path(output_dir) if output_dir is not None else None
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BatchUsageError(f"output folder cannot be created: {out} ({exc.strerror})") from None
    langs = list(json_languages) if json_languages is not None else None
    options = {"as_of": as_of.isoformat(), "redact": redact, "lang": lang, "json_languages": langs}
    previous = _previous_rows(out) if (resume and out is not None) else {}
    rows: dict[str, dict[str, Any]] = {}
    tasks = []
    for pkg in pkgs:
        fp = fingerprint(pkg.path, options) if out is not None else None  # only --resume reads it
        old = previous.get(pkg.name)
        if (old is not None and fp != "unbounded" and old.get("fingerprint") == fp
                and old.get("verdict") in (VERDICT_READY, VERDICT_NOT_READY)
                and (out / f"{pkg.name}.json").is_file() and (out / f"{pkg.name}.html").is_file()):  # type: ignore[operator]
            rows[pkg.name] = {**old, "path": pkg.shown_path or str(pkg.path)}
            if on_progress:
                on_progress(rows[pkg.name])
            continue
        tasks.append((pkg, (str(pkg.path), pkg.name, str(out) if out else None, as_of.isoformat(), redact, lang,
                            langs), fp))
    fps = {pkg.name: fp for pkg, _args, fp in tasks}

    def done(pkg: Package, outcome: _isolated.Outcome) -> None:
        if outcome.error is not None:
            values: dict[str, Any] = {"verdict": VERDICT_ERROR, "error": outcome.error}
            fp = None
        else:
            values, fp = outcome.value, fps[pkg.name]
        rows[pkg.name] = _row(pkg, values, fp, out)
        if on_progress:
            on_progress(rows[pkg.name])

    _isolated.run_many(((pkg, args) for pkg, args, _fp in tasks), check_package,
                       jobs=jobs or os.cpu_count() or 1, timeout=timeout, on_result=done)
    result = BatchResult([rows[p.name] for p in pkgs])
    if out is not None:
        write_summary(out, result.rows, lang=lang, as_of=as_of)
    return result


# ---------------------------------------------------------------------------------------------
# Summary files
# ---------------------------------------------------------------------------------------------

CSV_COLUMNS = ("package", "verdict", *CATEGORIES, "codes", "last_day", "days_left", "error", "path")


def write_summary(out: Path, rows: list[dict[str, Any]], *, lang: str = "en", as_of: dt.date | None = None) -> None:
    """Write summary.csv, summary.jsonl and index.html for ``rows`` into ``out``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([_csv_cell(" ".join(r["codes"]) if key == "codes" else r.get(key)) for key in CSV_COLUMNS])
    # utf-8-sig: the byte-order mark makes spreadsheets read the file as UTF-8 (Polish letters intact).
    tmp = out / f".{SUMMARY_CSV}.tmp"
    tmp.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")
    os.replace(tmp, out / SUMMARY_CSV)
    _write_atomic(out / SUMMARY_JSONL, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    _write_atomic(out / INDEX_HTML, render_index(rows, lang=lang, as_of=as_of))


def _csv_cell(value: Any) -> str:
    """A cell as text; one starting like a formula is prefixed so a spreadsheet shows it as text."""
    if value is None:
        return ""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-?\d+", text):
        return "'" + text
    return text


def render_index(rows: list[dict[str, Any]], *, lang: str = "en", as_of: dt.date | None = None) -> str:
    """index.html: one row per package with its verdict, counts, last day and links to its reports."""
    from .i18n import RTL_LANGUAGES, ui
    from .render.text import safe_text

    def esc(value: Any) -> str:
        return html.escape(safe_text("" if value is None else str(value)), quote=True)

    words = ui(lang)
    ready = sum(r["verdict"] == VERDICT_READY for r in rows)
    direction = "rtl" if lang in RTL_LANGUAGES else "ltr"
    head = [words["batch_package"], words["batch_verdict"],
            *(words["counts"][c] for c in CATEGORIES), words["deadline"], words["days_left"],
            words["batch_reports"]]
    out = [
        "<!DOCTYPE html>", f'<html lang="{esc(lang)}" dir="{direction}">', "<head>", '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{esc(words['batch_title'])}</title>",
        "<style>body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;margin:1.5rem}"
        "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:start}"
        "td.num{text-align:end}.ready{color:#1b5e20;font-weight:600}.not_ready,.error{color:#8e1c1c;font-weight:600}"
        "</style>", "</head>", "<body>",
        f"<h1>{esc(words['batch_title'])}</h1>",
        f"<p>{esc(words['ready'])}: {ready} / {len(rows)}"
        + (f" · {esc(words['as_of'])} {esc(as_of.isoformat())}" if as_of else "") + "</p>",
        "<table>", "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>",
    ]
    for r in rows:
        verdict = r["verdict"]
        label = (words["ready"] if verdict == VERDICT_READY else words["not_ready"] if verdict == VERDICT_NOT_READY
                 else words["batch_error"])
        cells = [f"<td>{esc(r['package'])}</td>",
                 f'<td class="{esc(verdict)}">{esc(label)}'
                 + (f"<br><small>{esc(r.get('error'))}</small>" if r.get("error") else "") + "</td>"]
        cells += [f'<td class="num">{esc(r.get(c, 0))}</td>' for c in CATEGORIES]
        cells += [f"<td>{esc(r.get('last_day') or '')}</td>", f'<td class="num">{esc(r.get("days_left", ""))}</td>']
        links = []
        for key, text in (("report_html", "HTML"), ("report_json", "JSON")):
            if r.get(key):
                links.append(f'<a href="{esc(_href(r[key]))}">{text}</a>')
        cells.append(f"<td>{' · '.join(links)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</table>", f"<footer><small>mosprecheck {esc(__version__)}</small></footer>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _href(name: str) -> str:
    from urllib.parse import quote

    return "./" + quote(name)


__all__ = ["BatchResult", "BatchUsageError", "Package", "check_package", "discover", "fingerprint",
           "package_folders_below", "render_index", "run_batch", "write_summary"]
