"""RFC 6901 JSON pointers over the application model: writing them, splitting them, and walking the
model's fields along them (the parser's "did you mean", the form rules' field labels and checks).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .models import Application

#: A list index in a pointer pattern: every item of the list that is present.
ANY = "*"


def to_pointer(loc: tuple[str | int, ...] | list[str | int]) -> str:
    """RFC 6901 JSON pointer for a location path (``('documents', 0, 'file')`` -> ``/documents/0/file``)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in loc)


def pointer_parts(pointer: str) -> tuple[str, ...]:
    """The reverse of :func:`to_pointer`: ``/a/b~1c`` -> ``('a', 'b/c')``."""
    if not pointer:
        return ()
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/"))


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, through ``X | None`` and ``list[X]`` (None for a plain value)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found = inner_model(arg)
            if found is not None:
                return found
    return None


def _is_index(part: str | int) -> bool:
    return isinstance(part, int) or part == ANY or part.isdigit()


def model_field(loc: Iterable[str | int]) -> tuple[FieldInfo | None, type[BaseModel] | None] | None:
    """(field, model the field holds) at a location of :class:`Application`, list indices (ints,
    digit strings, ``*``) skipped; ``(None, Application)`` for the root; None when the location
    names no field."""
    model: type[BaseModel] | None = Application
    info: FieldInfo | None = None
    for part in loc:
        if _is_index(part):
            continue
        if model is None:
            return None
        info = model.model_fields.get(str(part))
        if info is None:
            return None
        model = inner_model(info.annotation)
    return info, model


def model_keys(loc: Iterable[str | int]) -> set[str]:
    """The keys the model knows at a location (empty when it holds no object)."""
    found = model_field(loc)
    model = found[1] if found else None
    return set(model.model_fields) if model is not None else set()
