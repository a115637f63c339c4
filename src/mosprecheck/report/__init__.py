"""The defect report: models, and the builder that orders defects and decides the verdict."""

from .models import BLOCKING_CATEGORIES, REPORT_SCHEMA_VERSION, Category, Defect, FileEntry, Report, Summary

__all__ = ["BLOCKING_CATEGORIES", "REPORT_SCHEMA_VERSION", "Category", "Defect", "FileEntry", "Report", "Summary"]
