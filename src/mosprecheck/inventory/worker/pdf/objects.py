"""Reading pypdf objects of a file that may be broken: the object or its name, else None, never an
exception."""

from __future__ import annotations

from typing import Any


def _name(value: Any) -> str | None:
    try:
        v = value.get_object() if hasattr(value, "get_object") else value
        return str(v) if v is not None else None
    except Exception:
        return None


def _resolve(value: Any) -> Any:
    try:
        return value.get_object() if hasattr(value, "get_object") else value
    except Exception:
        return None
