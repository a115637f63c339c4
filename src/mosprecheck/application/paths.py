"""Declared attachment paths, as the package inventory names files."""

from __future__ import annotations

import posixpath
import unicodedata


def normalise_declared_path(path: str) -> str:
    """A declared ``file`` as a package-relative POSIX path (``.\\\\scans\\\\a.pdf`` -> ``scans/a.pdf``).

    Only used to look a path up among the inventory's paths: a declared path is never opened. In
    NFC, as :attr:`CheckContext.files_by_path` also knows every file (a name typed on one system
    and saved in NFD on another, e.g. macOS, is one file).
    """
    cleaned = unicodedata.normalize("NFC", path.replace("\\", "/").strip())
    norm = posixpath.normpath(cleaned) if cleaned else cleaned
    return norm[2:] if norm.startswith("./") else norm
