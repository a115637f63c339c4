"""The defect report: models, and the builder that orders defects and decides the verdict."""

from .models import (
    BLOCKING_CATEGORIES,
    REPORT_SCHEMA_VERSION,
    Category,
    ChecklistItem,
    Defect,
    FileEntry,
    Report,
    Summary,
)
from .redact import redact

__all__ = [
    "BLOCKING_CATEGORIES", "REPORT_SCHEMA_VERSION", "Category", "ChecklistItem", "Defect", "FileEntry", "Report",
    "Summary", "redact",
]
