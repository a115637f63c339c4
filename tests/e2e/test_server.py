"""The HTTP service (issue 12, part 3): same report as the CLI, limits as RFC 9457 problems, nothing
of a request left on disk, a bearer token, concurrency, and the curl examples of docs/integration.md
run against a live server on 127.0.0.1.

Needs the server extra (FastAPI, uvicorn, python-multipart) and httpx; the test extra installs them.
"""

from __future__ import annotations

import concurrent.futures
import importlib.util
import io
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import factories as fx
from conftest import AS_OF, CORPUS, EXAMPLES, ROOT

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
if not any(importlib.util.find_spec(name) for name in ("python_multipart", "multipart")):
    pytest.skip("python-multipart is not installed (the server extra)", allow_module_level=True)

import httpx  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

import mosprecheck  # noqa: E402
from mosprecheck.archive import ArchiveLimits  # noqa: E402
from mosprecheck.cli import main  # noqa: E402
from mosprecheck.render import render_json  # noqa: E402
from mosprecheck.rules import all_rules  # noqa: E402
from mosprecheck.schema import SCHEMAS  # noqa: E402
from mosprecheck.server import ServerSettings, create_app  # noqa: E402

DAY = AS_OF.isoformat()
WORK = EXAMPLES / "work-ready"


@pytest.fixture
def spool(tmp_path, monkeypatch):
    """The system temporary folder for this test (Starlette's spooled parts, our private folders)."""
    import multiprocessing.util

    multiprocessing.util.get_temp_dir()  # the fork server's folder lives with this process, made before
    folder = tmp_path / "systmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def work_dir(tmp_path):
    folder = tmp_path / "requests"
    folder.mkdir()
    return folder


def make_client(work_dir: Path, *, token: str | None = None, limits: ArchiveLimits | None = None) -> TestClient:
    settings = ServerSettings.from_options(tmp_dir=str(work_dir), workers=2)
    settings = replace(settings, token=token, limits=limits or settings.limits)
    return TestClient(create_app(settings))


@pytest.fixture
def client(work_dir):
    return make_client(work_dir)


def cli_json(folder: Path, capsys, *extra: str) -> str:
    code = main(["check", str(folder), "--format", "json", "--as-of", DAY, *extra])
    out = capsys.readouterr().out
    assert code in (0, 1)
    return out.rstrip("\n")


def nothing_left(*folders: Path) -> None:
    for folder in folders:
        assert list(folder.iterdir()) == [], f"left on disk in {folder}: {list(folder.iterdir())}"


# --- the report is exactly what the CLI prints ------------------------------------------------------


def test_a_zipped_package_gets_exactly_the_report_the_cli_prints(client, capsys, spool, work_dir):
    from mosprecheck.report.models import Report
    from mosprecheck.report.subject import renamed

    expected = cli_json(WORK, capsys)
    # A zip of the folder names its package like the folder; loose files carry no name (issue 12 item 6).
    unnamed = renamed(Report.model_validate_json(expected), None).model_dump_json()
    for data, want in ((fx.zip_folder(WORK), unnamed), (fx.zip_folder(WORK, prefix="work-ready/"), expected)):
        r = client.post(f"/v1/check?as_of={DAY}", content=data, headers={"Content-Type": "application/zip"})
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        assert r.text == want
        assert r.headers["x-mosprecheck-ready"] == "true"
        r = client.post(f"/v1/check?as_of={DAY}", files={"package": ("p.zip", data, "application/zip")})
        assert r.text == want
    nothing_left(spool, work_dir)


def unnamed(report_json: str) -> str:
    """The report JSON with no package name: what the service answers for loose files, which carry
    none (issue 12 item 6); everything else is the CLI's report."""
    from mosprecheck.report.models import Report
    from mosprecheck.report.subject import renamed

    return renamed(Report.model_validate_json(report_json), None).model_dump_json()


def test_multipart_files_and_application_get_the_same_report(client, capsys, spool, work_dir):
    folder = EXAMPLES / "work-passport-missing"
    expected = unnamed(cli_json(folder, capsys))
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream"))
             for p in sorted(folder.iterdir()) if p.name != "application.json"]
    app_json = (folder / "application.json").read_bytes()
    r = client.post(f"/v1/check?as_of={DAY}", files=[*files, ("application", ("application.json", app_json))])
    assert r.status_code == 200 and r.text == expected
    assert r.headers["x-mosprecheck-ready"] == "false"
    # The description as a text field works the same.
    r = client.post(f"/v1/check?as_of={DAY}", files=files, data={"application": app_json.decode("utf-8")})
    assert r.text == expected
    # Paths in part file names keep the package's folders.
    nested = [("files", ("skany/" + name, data, ctype)) for _k, (name, data, ctype) in files]
    report = client.post(f"/v1/check?as_of={DAY}", files=nested).json()
    assert {f["path"] for f in report["files"]} == {"skany/" + name for _k, (name, _d, _c) in files}
    nothing_left(spool, work_dir)


def test_lang_as_of_and_redact_match_the_cli_options(client, capsys):
    expected = unnamed(cli_json(WORK, capsys, "--json-languages", "pl,uk", "--redact"))
    r = client.post(f"/v1/check?as_of={DAY}&lang=pl,uk&redact=true", content=fx.zip_folder(WORK),
                    headers={"Content-Type": "application/zip"})
    assert r.text == expected
    assert set(json.loads(r.text)["summary"]["fees"][0]["label"]) == {"pl", "uk"}
    page = client.post(f"/v1/check?as_of={DAY}&lang=uk", content=fx.zip_folder(WORK),
                       headers={"Content-Type": "application/zip", "Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html") and '<html lang="uk"' in page.text


def test_catalogue_schemas_health_and_openapi(client):
    assert client.get("/healthz").json()["status"] == "ok"
    rules = client.get("/v1/rules").json()["rules"]
    assert [r["code"] for r in rules] == sorted(all_rules())
    assert all(set(r["message"]) == set(r["remedy"]) == {"pl", "en", "uk", "ru", "fr", "ar", "vi"} for r in rules)
    for name in ("application", "report"):
        r = client.get(f"/v1/schemas/{name}")
        assert r.status_code == 200 and r.text == (ROOT / "src/mosprecheck/schemas" / f"{name}.schema.json").read_text()
        assert json.loads(r.text)["$id"] == f"urn:mosprecheck:schema:{name}:1"
    assert client.get("/v1/schemas/other").status_code == 422
    openapi = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/rules", "/v1/schemas/{name}", "/healthz"} <= set(openapi["paths"])
    body = openapi["paths"]["/v1/check"]["post"]
    assert {"application/zip", "multipart/form-data"} <= set(body["requestBody"]["content"])
    assert body["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Report")
    assert {"413", "422"} <= set(body["responses"])
    # The report schema in the OpenAPI document comes from the same model as the shipped schema.
    shipped = SCHEMAS["report.schema.json"]()
    assert set(openapi["components"]["schemas"]["Report"]["properties"]) == set(shipped["properties"])


# --- limits and hostile uploads: 4xx problem details, never 500, nothing left ----------------------


def _problem(r, status: int, kind: str | None = None) -> dict:
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"].startswith("urn:")
    if kind:
        assert body["type"] == "urn:mosprecheck:problem:" + kind
    return body


def test_hostile_archives_of_the_archive_tests_are_problems_not_errors(client, spool, work_dir, tmp_path):
    import test_archive

    for case, (data, status, kind) in sorted(test_archive.HOSTILE.items()):
        if kind in ("archive-too-large", "too-many-entries"):
            continue  # the service's limits are larger; tested below with small ones
        r = client.post("/v1/check", content=data, headers={"Content-Type": "application/zip"})
        _problem(r, status, kind)
    nothing_left(spool, work_dir)
    assert not Path("/tmp/evil.pdf").exists()


def test_request_size_entries_and_content_type_limits(work_dir, spool):
    client = make_client(work_dir, limits=ArchiveLimits(max_archive_bytes=100_000, max_unpacked_bytes=200_000,
                                                        max_entries=5))
    big = os.urandom(150_000)
    _problem(client.post("/v1/check", content=big, headers={"Content-Type": "application/zip"}), 413,
             "request-too-large")

    def chunks():  # no Content-Length: counted while streaming
        for _ in range(20):
            yield os.urandom(10_000)

    _problem(client.post("/v1/check", content=chunks(), headers={"Content-Type": "application/zip"}), 413,
             "request-too-large")
    many = [("files", (f"f{i}.pdf", b"%PDF-1.4", "application/pdf")) for i in range(9)]
    _problem(client.post("/v1/check", files=many), 413)
    _problem(client.post("/v1/check", content=b"{}", headers={"Content-Type": "application/json"}), 415)
    _problem(client.post("/v1/check", files=[("files", ("../x.pdf", b"%PDF"))]), 422, "unsafe-name")
    _problem(client.post("/v1/check", files=[("files", ("/etc/x.pdf", b"%PDF"))]), 422, "unsafe-name")
    _problem(client.post("/v1/check", files=[("files", ("..\\..\\x.pdf", b"%PDF"))]), 422, "unsafe-name")
    # A drive path in a part's file name is cut to its last component by the multipart parser
    # (python-multipart's fix for old browsers): the file lands inside the package, never outside.
    report = client.post("/v1/check", files=[("files", ("C:\\x.pdf", b"%PDF"))]).json()
    assert [f["path"] for f in report["files"]] == ["x.pdf"]
    _problem(client.post("/v1/check", files=[("files", ("a.pdf", b"1")), ("files", ("a.pdf", b"2"))]), 422,
             "duplicate-entry")
    _problem(client.post("/v1/check", files=[("other", ("a.pdf", b"1"))]), 422, "unknown-field")
    _problem(client.post("/v1/check", files=[("files", ("a.pdf", b"%PDF"))], data={"application": "{nope"}), 422,
             "unreadable-application")
    _problem(client.post("/v1/check?lang=xx", files=[("files", ("a.pdf", b"%PDF"))]), 422, "invalid-parameter")
    _problem(client.post("/v1/check?as_of=tomorrow", files=[("files", ("a.pdf", b"%PDF"))]), 422)
    nothing_left(spool, work_dir)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
@pytest.mark.corpus
def test_every_hostile_file_of_the_upload_gate_zipped_gives_a_report(client, spool, work_dir, monkeypatch):
    folders = ["bombs", "disguised", "jpeg-broken", "png-broken", "pdf-broken", "pdf-active", "pdf-encrypted",
               "other-types"]
    data = io.BytesIO()
    names = []
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as zf:
        for folder in folders:
            for p in sorted((CORPUS / folder).iterdir()):
                if p.is_file():
                    zf.write(p, f"{folder}/{p.name}")
                    names.append(f"{folder}/{p.name}")
    r = client.post(f"/v1/check?as_of={DAY}", content=data.getvalue(), headers={"Content-Type": "application/zip"})
    assert r.status_code == 200, r.text
    report = r.json()
    assert sorted(f["path"] for f in report["files"]) == sorted(names)
    assert not report["ready_to_file"]
    # The Python API gives a report for the same zip too. The service above waited out the default
    # 10 s bound on the CPU-bound JPEG (jpeg-broken/qpdf__69977b.fuzz); here a 1 s bound stops it
    # the same way (tests/e2e/test_upload_gate.py tests the default bound itself).
    import functools

    from mosprecheck.inventory import Inspector

    monkeypatch.setattr(mosprecheck.api, "Inspector", functools.partial(Inspector, time_limit=1.0))
    assert not mosprecheck.check(data.getvalue(), as_of=AS_OF).ready_to_file
    nothing_left(spool, work_dir)


def test_zipped_links_and_special_files_of_the_upload_gate_are_refused(client, tmp_path, spool, work_dir):
    """The folder walk reports links and FIFOs as defects; in a zip they are refused outright."""
    for mode, target in ((stat.S_IFLNK | 0o777, b"/etc/passwd"), (stat.S_IFIFO | 0o600, b""),
                         (stat.S_IFBLK | 0o600, b"")):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.write(WORK / "passport.pdf", "passport.pdf")
            info = zipfile.ZipInfo("photo.jpg")
            info.create_system, info.external_attr = 3, mode << 16
            zf.writestr(info, target)
        _problem(client.post("/v1/check", content=buf.getvalue(), headers={"Content-Type": "application/zip"}),
                 422, "not-a-regular-file")
    nothing_left(spool, work_dir)


# --- token ------------------------------------------------------------------------------------------


def test_with_a_token_every_v1_request_needs_it(work_dir):
    client = make_client(work_dir, token="s3cret-token")
    assert client.get("/healthz").status_code == 200
    r = client.get("/v1/rules")
    _problem(r, 401, "unauthorized")
    assert r.headers["www-authenticate"] == "Bearer"
    _problem(client.get("/v1/rules", headers={"Authorization": "Bearer wrong"}), 401)
    _problem(client.post("/v1/check", content=fx.zip_folder(WORK), headers={"Content-Type": "application/zip"}), 401)
    assert client.get("/v1/rules", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    r = client.post(f"/v1/check?as_of={DAY}", content=fx.zip_folder(WORK),
                    headers={"Content-Type": "application/zip", "Authorization": "Bearer s3cret-token"})
    assert r.status_code == 200


def test_the_token_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("MOSPRECHECK_TOKEN", "from-env")
    assert ServerSettings.from_options().token == "from-env"
    monkeypatch.delenv("MOSPRECHECK_TOKEN")
    assert ServerSettings.from_options().token is None


# --- a live server: curl examples of docs/integration.md, concurrency, nothing left on disk -------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(tmp_path):
    port = _free_port()
    work = tmp_path / "live-requests"
    work.mkdir()
    # The server's temporary folder has a short path: the fork server's socket lives in it, and a
    # Unix socket's path is at most 107 bytes (tmp_path under pytest-xdist is longer than that allows).
    systmp = Path(tempfile.mkdtemp(prefix="mpc-live-"))
    env = {**os.environ, "TMPDIR": str(systmp)}
    env.pop("MOSPRECHECK_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "mosprecheck", "serve", "--port", str(port), "--workers", "2",
                             "--tmp-dir", str(work)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the server did not start: " + proc.stderr.read().decode(errors="replace")[-2000:])
            time.sleep(0.2)
        started = sorted(systmp.iterdir())  # the fork server's own folder (lives as long as the server)
        yield base, port, work, systmp
        left = set(systmp.iterdir()) - set(started)
        assert not left, f"a request left something in the temporary folder: {left}"
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(systmp, ignore_errors=True)


def doc_curl_blocks() -> list[str]:
    text = (ROOT / "docs" / "integration.md").read_text(encoding="utf-8")
    return re.findall(r"<!-- tested: live server -->\s*```bash\n(.*?)```", text, re.S)


def test_the_docs_curl_examples_work_against_a_live_server(live_server, capsys):
    base, port, work, systmp = live_server
    blocks = doc_curl_blocks()
    assert len(blocks) >= 3
    if shutil.which("curl") is None or shutil.which("zip") is None:
        pytest.skip("curl or zip not installed")
    expected = json.loads(cli_json(WORK, capsys))
    expected_redacted = json.loads(cli_json(WORK, capsys, "--redact"))
    for block in blocks:
        script = block.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        run = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=ROOT, capture_output=True, timeout=120)
        assert run.returncode == 0, (block, run.stderr.decode(errors="replace"))
        body = json.loads(run.stdout)
        if "ready_to_file" in body:
            want = expected_redacted if "redact=true" in block else expected
            body["as_of"] = want["as_of"]
            assert body["ready_to_file"] is True and body["files"] == want["files"]
        else:
            assert "rules" in body or "status" in body
    nothing_left(work)


def test_concurrent_requests_give_the_same_reports_as_sequential_ones(live_server):
    base, _port, work, systmp = live_server
    packages = {name: fx.zip_folder(EXAMPLES / name) for name in ("work-ready", "work-passport-missing", "study-ready",
                                                                "work-docx-contract")}

    def post(name: str) -> str:
        r = httpx.post(f"{base}/v1/check?as_of={DAY}", content=packages[name],
                       headers={"Content-Type": "application/zip"}, timeout=120)
        assert r.status_code == 200, r.text
        return r.text

    sequential = {name: post(name) for name in packages}
    order = [name for name in packages for _ in range(3)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, order))
    assert answers == [sequential[name] for name in order]
    # Loose files carry no package name (issue 12 item 6): all else is the folder's report.
    from mosprecheck.report.subject import renamed

    assert sequential["work-ready"] == render_json(renamed(mosprecheck.check(EXAMPLES / "work-ready", as_of=AS_OF), None))
    nothing_left(work)


def test_serve_binds_to_this_machine_only_by_default():
    from mosprecheck.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_serve_without_the_server_extra_is_a_usage_error_with_the_install_hint(monkeypatch, capsys):
    import mosprecheck.server

    monkeypatch.delattr(mosprecheck.server, "app", raising=False)
    monkeypatch.delitem(sys.modules, "mosprecheck.server.app", raising=False)
    monkeypatch.setitem(sys.modules, "fastapi", None)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert 'pip install "mosprecheck[server]"' in err and len(err.strip().splitlines()) == 1


def _upload_gate_hostile_package(folder: Path) -> Path:
    """The hostile package of the upload gate (benchmarks/bench_upload_gate.py) that a zip can carry:
    links and FIFOs are refused in a zip (above), files over the request limit are a 413 (below)."""

    folder.mkdir()
    fx.write_encrypted_pdf(folder / "locked.pdf")
    (folder / "flate-bomb.pdf").write_bytes(fx.flate_bomb_pdf_bytes(120_000_000))
    (folder / "deep-pages.pdf").write_bytes(fx.deep_page_tree_pdf_bytes(150))
    (folder / "no-pages.pdf").write_bytes(fx.no_pages_pdf_bytes())
    (folder / "bomb.png").write_bytes(fx.png_bomb_bytes(50_000, 50_000))
    fx.png_with_bad_crc(fx.write_png(folder / "crc.png"))
    fx.truncate_file(fx.write_jpeg(folder / "cut.jpg"))
    fx.write_active_pdf(folder / "active.pdf", javascript=True, launch=True, attachment=True, xfa=True)
    (folder / "contract.pdf").write_bytes(fx.docx_bytes())
    (folder / "empty.pdf").write_bytes(b"")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    fx.write_jpeg(folder / "scan\x1b[2J.png")
    fx.write_text_pdf(folder / "<script>alert(1)<\u202eexe.pdf", ["x"])
    shutil.copy(WORK / "application.json", folder / "application.json")
    return folder


def test_the_upload_gate_hostile_package_zipped_gives_the_folder_report(client, tmp_path, spool, work_dir):
    folder = _upload_gate_hostile_package(tmp_path / "hostile")
    data = fx.zip_folder(folder)
    r = client.post(f"/v1/check?as_of={DAY}", content=data, headers={"Content-Type": "application/zip"})
    assert r.status_code == 200, r.text
    served = r.json()
    from_zip = json.loads(render_json(mosprecheck.check(data, as_of=AS_OF)))
    from_folder = json.loads(render_json(mosprecheck.check(folder, as_of=AS_OF)))
    pairs = {(d["code"], d["file"]) for d in from_folder["defects"]}
    assert {(d["code"], d["file"]) for d in served["defects"]} == pairs
    assert {(d["code"], d["file"]) for d in from_zip["defects"]} == pairs
    assert served["files"] == from_folder["files"] and not served["ready_to_file"]
    nothing_left(spool, work_dir)


def test_a_file_over_the_limits_is_a_413_from_the_service_and_an_input_error_from_check(client, spool, work_dir):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("far-over-limit.pdf", "w", force_zip64=True) as entry:
            entry.write(b"%PDF-1.7\n")
            for _ in range(60):
                entry.write(bytes(1_000_000))
    _problem(client.post("/v1/check", content=buf.getvalue(), headers={"Content-Type": "application/zip"}), 413,
             "compression-ratio")
    with pytest.raises(mosprecheck.InputError):
        mosprecheck.check(buf.getvalue())
    nothing_left(spool, work_dir)
