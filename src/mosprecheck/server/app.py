"""The FastAPI application of ``mosprecheck serve``.

Every request's package is written into its own private temporary folder (mode 0700), checked in a
child process of its own (isolated, bounded in time: :mod:`mosprecheck._isolated`), and the folder
is removed before the response is sent, whatever happened. Multipart parts larger than 1 MiB are
spooled by Starlette into anonymous temporary files (unlinked at creation), closed with the request.

Errors are RFC 9457 problem details (``application/problem+json``): 401 without the bearer token
(when ``MOSPRECHECK_TOKEN`` is set), 413 for size limits (request, entries, unpacked size,
compression ratio), 415 for a body that is neither a zip nor multipart, 422 for unsafe or unreadable
content (names leaving the package, links, devices, encrypted entries, a description that is not
JSON), 504 when a check runs past its time.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import os
import shutil
import tempfile
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import _isolated
from .._version import __version__
from ..archive import ArchiveError, ArchiveLimits, PackageWriter, package_root, private_folder, safe_parts, unpack_zip
from ..i18n import MOS_LANGUAGES
from ..report.models import Category, Report
from ..rulebook import load_rulebook
from ._work import check_request

#: The environment variable holding the bearer token the service requires (unset: no token).
TOKEN_ENV = "MOSPRECHECK_TOKEN"
PROBLEM_TYPE = "urn:mosprecheck:problem:"
ZIP_TYPES = ("application/zip", "application/x-zip-compressed", "application/octet-stream")
#: Largest application description sent as a form field (a file part may be as large as the limits allow).
_MAX_FIELD_BYTES = 2 << 20


# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerSettings:
    """How the service runs. ``limits.max_archive_bytes`` bounds the whole request body."""

    limits: ArchiveLimits
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float = 120.0
    tmp_dir: str | None = None
    token: str | None = None

    @classmethod
    def from_options(cls, *, workers: int | None = None, timeout: float | None = None,
                     max_request_bytes: int | None = None, max_entries: int | None = None,
                     tmp_dir: str | None = None, token: str | None = None) -> ServerSettings:
        """Settings from command-line options; the token from ``MOSPRECHECK_TOKEN`` unless given."""
        limits = ArchiveLimits.from_rulebook(max_archive_bytes=max_request_bytes, max_entries=max_entries)
        if max_request_bytes is not None and limits.max_unpacked_bytes < max_request_bytes:
            limits = replace(limits, max_unpacked_bytes=2 * max_request_bytes)
        return cls(limits=limits, workers=workers or os.cpu_count() or 1, timeout=timeout or 120.0,
                   tmp_dir=tmp_dir, token=token if token is not None else (os.environ.get(TOKEN_ENV) or None))


# ---------------------------------------------------------------------------------------------
# Models of the API (the report and application models come from the package itself)
# ---------------------------------------------------------------------------------------------


class Problem(BaseModel):
    """An RFC 9457 problem detail."""

    type: str = Field(description="URI naming the kind of problem, e.g. urn:mosprecheck:problem:compression-ratio.")
    title: str = Field(description="Short, fixed summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What exactly is wrong with this request.")


class RuleInfo(BaseModel):
    """One rule of the catalogue: what its defects look like."""

    code: str = Field(description="Stable defect code (never reused).")
    name: str = Field(description="Dotted name of the rule.")
    category: Category
    blocking: bool = Field(description="True when the category blocks filing (ready_to_file false).")
    title: str = Field(description="What the rule checks, in English.")
    legal_basis: str | None = Field(default=None, description="The provision the rule applies.")
    needs_application: bool = Field(description="True when the rule runs only with an application description.")
    message: dict[str, str] = Field(description="Message template per language ({placeholders} filled from ctx).")
    remedy: dict[str, str] = Field(description="Remedy template per language.")


class RuleCatalogue(BaseModel):
    """Every rule the service checks."""

    tool_version: str
    rulebook_version: str
    rules: list[RuleInfo]


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    tool_version: str
    rulebook_version: str


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------

_TITLES = {401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed", 413: "Content Too Large",
           415: "Unsupported Media Type", 422: "Unprocessable Content", 500: "Internal Server Error",
           503: "Service Unavailable", 504: "Gateway Timeout"}


class ProblemError(Exception):
    def __init__(self, status: int, kind: str, detail: str, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.kind, self.detail, self.headers = status, kind, detail, headers


def problem_response(status: int, kind: str, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = Problem(type=PROBLEM_TYPE + kind, title=_TITLES.get(status, "Error"), status=status, detail=detail)
    return JSONResponse(body.model_dump(), status_code=status, media_type="application/problem+json",
                        headers=headers)


_PROBLEMS = {status: {"model": Problem, "description": title, "content": {"application/problem+json": {}}}
             for status, title in _TITLES.items() if status in (401, 413, 415, 422, 504)}


class _BodyTooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes is refused with 413, by its
    Content-Length before anything is read, or as soon as the streamed bytes pass the limit."""

    def __init__(self, app: Callable[..., Awaitable[None]], limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[dict[str, Any]]],
                       send: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > self.limit:
                    response = problem_response(
                        413 if declared > self.limit else 422, "request-too-large" if declared > self.limit
                        else "bad-content-length", f"the request body is larger than {self.limit} bytes"
                        if declared > self.limit else "the Content-Length header is not a number",
                        headers={"Connection": "close"})
                    await response(scope, receive, send)
                    return
        seen = 0

        async def limited_receive() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge()
            return message

        await self.app(scope, limited_receive, send)


# ---------------------------------------------------------------------------------------------
# The app
# ---------------------------------------------------------------------------------------------


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """The service as an ASGI application (for uvicorn, gunicorn's uvicorn workers, or tests)."""
    settings = settings or ServerSettings.from_options()
    limits = settings.limits
    slots = threading.BoundedSemaphore(settings.workers)
    bearer = HTTPBearer(auto_error=False, description=f"Required when {TOKEN_ENV} is set on the server.")

    app = FastAPI(
        title="mosprecheck",
        version=__version__,
        summary="Check a Polish residence-permit application package before uploading it to MOS.",
        description="Send a package as a zip, or as multipart files plus the application JSON; the answer is the "
        "report JSON that `mosprecheck check --format json` prints for the same package. Errors are RFC 9457 "
        "problem details.",
        docs_url=None, redoc_url=None,  # no pages that load scripts from a CDN; /openapi.json is the contract
    )
    app.add_middleware(BodyLimit, limit=limits.max_archive_bytes)

    @app.exception_handler(ProblemError)
    async def _problem(_request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.status, exc.kind, exc.detail, exc.headers)

    @app.exception_handler(_BodyTooLarge)
    async def _too_large(_request: Request, _exc: _BodyTooLarge) -> JSONResponse:
        return problem_response(413, "request-too-large", f"the request body is larger than {limits.max_archive_bytes} "
                                "bytes", headers={"Connection": "close"})

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return problem_response(422, "invalid-parameter", "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(exc.status_code, "http-" + str(exc.status_code), str(exc.detail),
                                getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _internal(_request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - a bug
        return problem_response(500, "internal", f"internal error ({type(exc).__name__}); please report it")

    async def authorized(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if settings.token is None:
            return
        given = credentials.credentials if credentials is not None else ""
        if not hmac.compare_digest(given.encode("utf-8"), settings.token.encode("utf-8")):
            raise ProblemError(401, "unauthorized", "a valid bearer token is required",
                               headers={"WWW-Authenticate": "Bearer"})

    # The catalogue and schemas are answered on the event loop (no thread needed), so that health
    # checks still answer while every worker thread waits for a check.
    @app.get("/healthz", response_model=Health, tags=["service"])
    async def healthz() -> Health:
        """Liveness for load balancers (no token needed)."""
        return Health(tool_version=__version__, rulebook_version=load_rulebook().version)

    @app.get("/v1/rules", response_model=RuleCatalogue, dependencies=[Depends(authorized)], tags=["catalogue"],
             responses={401: _PROBLEMS[401]})
    async def rules() -> RuleCatalogue:
        """Every rule: code, category, legal basis and its message and remedy templates in seven languages."""
        return rule_catalogue()

    @app.get("/v1/schemas/{name}", dependencies=[Depends(authorized)], tags=["catalogue"],
             responses={200: {"content": {"application/schema+json": {}}}, 401: _PROBLEMS[401]})
    async def schemas(name: Literal["application", "report"]) -> Response:
        """The JSON Schema (2020-12) of the application description or of the report."""
        from ..schema import schema_text

        return Response(schema_text(f"{name}.schema.json"), media_type="application/schema+json")

    @app.post(
        "/v1/check",
        dependencies=[Depends(authorized)],
        tags=["check"],
        response_model=Report,
        responses={200: {"description": "The report (exactly what `mosprecheck check --format json` prints); "
                         "with `Accept: text/html`, the printable page instead.",
                         "content": {"text/html": {}}},
                   **{s: _PROBLEMS[s] for s in (401, 413, 415, 422, 504)}},
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/zip": {"schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {"schema": {
                "type": "object",
                "properties": {
                    "package": {"type": "string", "format": "binary",
                                "description": "The package as a zip archive (instead of files)."},
                    "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                              "description": "The attachments, one part each; a part's filename is its path "
                              "in the package (e.g. scans/passport.pdf)."},
                    "application": {"type": "string", "format": "binary",
                                    "description": "The application description (JSON), as a file or a text "
                                    "field; default: the package's own application.json."},
                },
            }},
        }}},
    )
    async def post_check(
        request: Request,
        lang: str = Query("all", description="Languages kept in the report's texts, comma-separated "
                          f"({', '.join(MOS_LANGUAGES)}), or 'all' (as --json-languages); with Accept: text/html, "
                          "the first is the page's language."),
        as_of: dt.date | None = Query(None, description="The day to check for (default: today)."),
        redact: bool = Query(False, description="Mask PESEL numbers, document numbers, names and dates of birth."),
    ) -> Response:
        """Check one package and answer its report."""
        languages = _languages(lang)
        want_html = "text/html" in request.headers.get("accept", "") and "application/json" not in \
            request.headers.get("accept", "")
        html_lang = (languages[0] if languages else "en") if want_html else None
        day = (as_of or dt.date.today()).isoformat()
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype not in ZIP_TYPES and ctype != "multipart/form-data":
            raise ProblemError(415, "unsupported-media-type",
                               "send the package as application/zip or as multipart/form-data")
        with private_folder(settings.tmp_dir) as tmp:
            dest = tmp / "package"
            dest.mkdir(mode=0o700)
            if ctype == "multipart/form-data":
                root, app_path = await _from_multipart(request, tmp, dest, limits)
            else:
                await _from_zip_body(request, tmp, dest, limits)
                root, app_path = await run_in_threadpool(package_root, dest), None
            outcome = await run_in_threadpool(_run_check, slots, settings.timeout, str(root), app_path, day, redact,
                                              languages, html_lang)
        if outcome.error is not None:
            if outcome.kind == "timeout":
                raise ProblemError(504, "timeout", f"the check did not finish within {settings.timeout:g} s")
            raise ProblemError(500, "check-failed", f"the check failed: {outcome.error}")
        value = outcome.value
        if "input_error" in value:
            raise ProblemError(422, "unreadable-application", _without_tmp(value["input_error"], tmp))
        return Response(value["body"], media_type="text/html; charset=utf-8" if html_lang else "application/json",
                        headers={"X-Mosprecheck-Ready": "true" if value["ready"] else "false"})

    return app


def _languages(value: str) -> list[str] | None:
    if value.strip().lower() == "all":
        return None
    langs = list(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    unknown = [v for v in langs if v not in MOS_LANGUAGES]
    if unknown or not langs:
        raise ProblemError(422, "invalid-parameter",
                           f"lang: not a list of languages from {', '.join(MOS_LANGUAGES)} (or 'all')")
    return langs


def _without_tmp(text: str, tmp: Path) -> str:
    """An error message without the private folder's path (it means nothing to the client)."""
    for prefix in (str(tmp / "package") + os.sep, str(tmp) + os.sep, str(tmp)):
        text = text.replace(prefix, "")
    return text


def _run_check(slots: threading.BoundedSemaphore, timeout: float, root: str, app_path: str | None, day: str,
               redact: bool, languages: list[str] | None, html_lang: str | None) -> _isolated.Outcome:
    with slots:  # at most `workers` checks at once; further requests wait here
        return _isolated.run_one(check_request, (root, app_path, day, redact, languages, html_lang),
                                 timeout=timeout, threaded=True)


async def _from_zip_body(request: Request, tmp: Path, dest: Path, limits: ArchiveLimits) -> None:
    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20, dir=tmp)
    try:
        async for chunk in request.stream():
            if chunk:
                await run_in_threadpool(spool.write, chunk)
        spool.seek(0)
        await run_in_threadpool(_unpack, spool, dest, limits)
    finally:
        spool.close()


def _unpack(fh: Any, dest: Path, limits: ArchiveLimits) -> None:
    try:
        unpack_zip(fh, dest, limits)
    except ArchiveError as exc:
        raise ProblemError(exc.status, exc.kind, exc.detail) from None


async def _from_multipart(request: Request, tmp: Path, dest: Path, limits: ArchiveLimits) -> tuple[Path, str | None]:
    try:
        form = await request.form(max_files=limits.max_entries + 2, max_fields=8, max_part_size=_MAX_FIELD_BYTES)
    except StarletteHTTPException as exc:
        detail = str(exc.detail)
        if "Too many files" in detail:
            raise ProblemError(413, "too-many-entries", f"the package has more than {limits.max_entries} files") \
                from None
        raise ProblemError(422, "bad-multipart", f"the multipart body cannot be read: {detail}") from None
    try:
        return await run_in_threadpool(_write_form, form.multi_items(), tmp, dest, limits)
    finally:
        await form.close()


def _write_form(items: list[tuple[str, Any]], tmp: Path, dest: Path, limits: ArchiveLimits) -> tuple[Path, str | None]:
    packages = [v for k, v in items if k == "package"]
    files = [v for k, v in items if k == "files"]
    applications = [v for k, v in items if k == "application"]
    unknown = sorted({k for k, _v in items} - {"package", "files", "application"})
    if unknown:
        raise ProblemError(422, "unknown-field", f"unknown form fields: {', '.join(unknown)[:200]} "
                           "(expected: package, files, application; options go in the query string)")
    if len(packages) > 1 or len(applications) > 1:
        raise ProblemError(422, "duplicate-field", "send at most one package and one application")
    if packages and files:
        raise ProblemError(422, "package-and-files", "send the package either as a zip (package) or as files, not both")
    if not packages and not files and not applications:
        raise ProblemError(422, "empty-package", "the request holds no package: send a zip, or files and an application")
    if packages:
        if not isinstance(packages[0], UploadFile):
            raise ProblemError(422, "bad-field", "package must be a file part (the zip archive)")
        _unpack(packages[0].file, dest, limits)
        root = package_root(dest)
    else:
        writer = PackageWriter(dest, limits)
        for part in files:
            if not isinstance(part, UploadFile) or not part.filename:
                raise ProblemError(422, "bad-field", "each files part must be a file with a filename (its path)")
            try:
                parts = safe_parts(part.filename)
                writer.count_entry()
                writer.write_file(parts, part.file)
            except ArchiveError as exc:
                raise ProblemError(exc.status, exc.kind, exc.detail) from None
        root = dest
    app_path = None
    if applications:
        value = applications[0]
        target = tmp / "application.json"
        with open(target, "xb") as out:
            if isinstance(value, UploadFile):
                shutil.copyfileobj(value.file, out, 1 << 16)
            else:
                out.write(str(value).encode("utf-8"))
        app_path = str(target)
    return root, app_path


@functools.lru_cache(maxsize=1)
def rule_catalogue() -> RuleCatalogue:
    """The rule catalogue (also ``GET /v1/rules``); built once per process."""
    from ..rules import all_rules

    rules = []
    for code, r in sorted(all_rules().items()):
        message, remedy = r.templates()
        rules.append(RuleInfo(code=code, name=r.name, category=r.category, blocking=r.category.blocking,
                              title=r.title, legal_basis=r.legal_basis, needs_application=r.needs_application,
                              message=dict(sorted(message.items())), remedy=dict(sorted(remedy.items()))))
    return RuleCatalogue(tool_version=__version__, rulebook_version=load_rulebook().version, rules=rules)


def serve(settings: ServerSettings | None = None, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the service with uvicorn until interrupted (binds to this machine only by default)."""
    import uvicorn

    settings = settings or ServerSettings.from_options()
    _isolated.start_fork_server()  # now, not with the first request (its own temporary folder lives with it)
    config = uvicorn.Config(create_app(settings), host=host, port=port, log_level="info", access_log=False,
                            server_header=False, proxy_headers=False)
    uvicorn.Server(config).run()


__all__ = ["Problem", "RuleCatalogue", "RuleInfo", "ServerSettings", "create_app", "rule_catalogue", "serve"]
