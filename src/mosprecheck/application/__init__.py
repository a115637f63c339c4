"""The application description: models and a parser that turns shape errors into issues."""

from .models import APPLICATION_SCHEMA_VERSION, Application, DocumentKind, Ground, PermitType
from .paths import normalise_declared_path
from .parse import (
    ApplicationFileError,
    ParsedApplication,
    ShapeIssue,
    decode_application_json,
    load_application_file,
    parse_application,
)
from .pointers import to_pointer

__all__ = [
    "APPLICATION_SCHEMA_VERSION",
    "Application",
    "ApplicationFileError",
    "DocumentKind",
    "Ground",
    "ParsedApplication",
    "PermitType",
    "ShapeIssue",
    "decode_application_json",
    "load_application_file",
    "normalise_declared_path",
    "parse_application",
    "to_pointer",
]
