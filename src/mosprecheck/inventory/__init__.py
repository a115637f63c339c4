"""The inventory: the package folder read once into file facts (type by content, size, hash...)."""

from .facts import ALLOWED_CONTENT_TYPES, DetectedType, FileFacts, ImageFacts, PdfFacts
from .sniff import libmagic_available, name_content, sniff
from .walk import package_root_is_valid, walk_package

__all__ = [
    "ALLOWED_CONTENT_TYPES",
    "DetectedType",
    "FileFacts",
    "ImageFacts",
    "PdfFacts",
    "libmagic_available",
    "name_content",
    "package_root_is_valid",
    "sniff",
    "walk_package",
]
