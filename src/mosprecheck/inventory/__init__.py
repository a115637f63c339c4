"""The inventory: the package folder read once into file facts (type by content, size, hash...),
with PDFs and images parsed in isolated worker processes: the checker's side is :mod:`.checker`, the
worker's :mod:`.worker` (docs/architecture.md, "Inventory")."""

from .checker.inspector import Inspector
from .checker.walk import package_root_is_valid, walk_package
from .facts import ALLOWED_CONTENT_TYPES, DetectedType, FileFacts, ImageFacts, PageProblem, PdfFacts
from .sniff import libmagic_available, name_content, sniff

__all__ = [
    "ALLOWED_CONTENT_TYPES",
    "DetectedType",
    "FileFacts",
    "ImageFacts",
    "Inspector",
    "PageProblem",
    "PdfFacts",
    "libmagic_available",
    "name_content",
    "package_root_is_valid",
    "sniff",
    "walk_package",
]
