"""The HTTP service (``mosprecheck serve``; ``pip install "mosprecheck[server]"``: FastAPI, uvicorn).

``POST /v1/check`` takes a package (a zip, or multipart files plus the application JSON) and answers
exactly the report JSON that ``mosprecheck check --format json`` prints for the same package;
``GET /v1/rules``, ``GET /v1/schemas/{application,report}``, ``GET /healthz``; ``/openapi.json``
is generated from the same pydantic models. See docs/integration.md.

This module imports FastAPI only when the app is made, so that a check's child process (which imports
:mod:`mosprecheck.server._work`) starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import ServerSettings, create_app, serve

__all__ = ["ServerSettings", "create_app", "serve"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
