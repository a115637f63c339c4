"""Declared attachment paths, as the package inventory names files."""

from __future__ import annotations

import posixpath


def normalise_declared_path(path: str) -> str:
    """A declared ``file`` as a package-relative POSIX path (``.\\\\scans\\\\a.pdf`` -> ``scans/a.pdf``).

    Only used to look a path up among the inventory's paths: a declared path is never opened.
    """
    cleaned = path.replace("\\", "/").strip()
    norm = posixpath.normpath(cleaned) if cleaned else cleaned
    return norm[2:] if norm.startswith("./") else norm
