"""Errors raised for unusable input (usage errors). Defects in a package are never exceptions."""

from __future__ import annotations

from .application.parse import ApplicationFileError


class InputError(Exception):
    """The input cannot be checked at all: the CLI prints one line and exits with code 2."""


class PackageNotFoundError(InputError):
    """The package folder is missing, is not a folder, or cannot be read."""


class ApplicationError(InputError):
    """The application description cannot be read or is not JSON."""


__all__ = ["ApplicationError", "ApplicationFileError", "InputError", "PackageNotFoundError"]
