"""The defect report: the contract integrators rely on (``schema_version: "1"``).

Published as ``schemas/report.schema.json``; a test keeps the file in sync with these models.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from ..findings import BLOCKING_CATEGORIES, Category, ChecklistItem, DatedFact, FeeItem, FilingDeadline, _Model

__all__ = [
    "BLOCKING_CATEGORIES", "REPORT_SCHEMA_VERSION", "Category", "ChecklistItem", "DatedFact", "Defect", "FeeItem", "FileEntry",
    "FilingDeadline", "Report", "Subject", "Summary",
]

REPORT_SCHEMA_VERSION: Literal["1"] = "1"


class Defect(_Model):
    """One finding, mirroring one item of the office's list of braki formalne."""

    code: str = Field(
        description="Stable code of the cause (e.g. 'F001'); never reused for another cause.",
        pattern=r"^[A-Z][0-9]{3}$",
    )
    name: str = Field(description="Kebab-case name of the rule that found it (e.g. 'file-type-not-allowed').")
    category: Category = Field(description="What the defect means for the application.")
    file: str | None = Field(
        default=None, description="Path of the file concerned, relative to the package root (POSIX), or null."
    )
    field: str | None = Field(
        default=None,
        description="RFC 6901 JSON pointer into the application description, or null.",
    )
    message: dict[str, str] = Field(description="What is wrong, keyed by language code (at least 'pl' and 'en').")
    remedy: dict[str, str] = Field(description="How to fix it, keyed by language code (at least 'pl' and 'en').")
    legal_basis: str | None = Field(
        default=None, description="Legal basis the office would cite (e.g. 'art. 64 § 2 KPA'), or null."
    )
    ctx: dict[str, Any] = Field(
        default_factory=dict, description="The values that explain the defect (measured and required values...)."
    )
    field_label: dict[str, str] | None = Field(
        default=None,
        description="Where `field` sits on the MOS form, keyed by language code (e.g. en: 'part A, box 1 \"Surname\"'); "
        "null when the field has no box of its own on the form in force for the permit type (only the "
        "temporary-residence form of Dz.U. 2026 poz. 553 is labelled).",
    )
    facts: list[DatedFact] = Field(
        default_factory=list,
        description="The rulebook facts the rule that found it declares and read in this check, as in force on the "
        "filing date, with their sources (sorted by key; empty when it rests on no dated fact).",
    )


class FileEntry(_Model):
    """One entry of the package inventory."""

    path: str = Field(description="Path relative to the package root, POSIX separators, as on disk (undecodable bytes escaped).")
    size_bytes: int | None = Field(description="Size in bytes (null when it could not be read).")
    sha256: str | None = Field(description="SHA-256 of the content, hex (null when not read).")
    detected_type: str = Field(
        description="Type detected from the content: 'pdf', 'jpeg', 'png', 'other', 'empty', "
        "'symlink', 'special' (FIFO, socket, device) or 'unreadable'."
    )
    description: str | None = Field(
        default=None, description="What the content really is, as named by libmagic (e.g. 'Microsoft Word 2007+')."
    )
    role: str | None = Field(
        default=None, description="Document kind declared for this file in the application, or null."
    )


class Summary(_Model):
    """Counts per category and the key figures of the package."""

    counts: dict[Category, int] = Field(description="Number of defects per category (every category present).")
    total: int = Field(description="Total number of defects.")
    files: int = Field(description="Number of entries in the inventory.")
    total_size_bytes: int = Field(description="Sum of the sizes of the regular files.")
    filing_deadline: FilingDeadline | None = Field(
        default=None, description="Last day to file and days left; null without a legal_stay_until."
    )
    fees: list[FeeItem] = Field(
        default_factory=list, description="Every fee to pay for this application, in a fixed order (empty without "
        "an application description)."
    )
    fees_total_pln: float | None = Field(
        default=None, description="Sum of the fees; null when an amount is unknown or there are no fees."
    )
    checklist: list[ChecklistItem] = Field(
        default_factory=list, description="Every document the permit type and ground require (at filing first, "
        "then later evidence) with its state; empty without an application description."
    )


class Subject(_Model):
    """Whose package the report is about: what an agency or HR system files it under."""

    package: str | None = Field(
        default=None, description="Name of the package folder (or of the zip, without '.zip'); null for a zip given "
        "as bytes."
    )
    permit_type: str | None = Field(default=None, description="permit.type of the description, or null.")
    ground: str | None = Field(default=None, description="permit.ground of the description, or null.")
    surname: str | None = Field(
        default=None, description="The applicant's surname as in the description ('[NAME]' when redacted), or null."
    )
    given_names: str | None = Field(
        default=None, description="The applicant's given names as in the description ('[NAME]' when redacted), or null."
    )


class Report(_Model):
    """The result of checking one application package."""

    schema_version: Literal["1"] = Field(default=REPORT_SCHEMA_VERSION, description="Version of this report format.")
    tool_version: str = Field(description="Version of mosprecheck that produced the report.")
    ready_to_file: bool = Field(
        description="True if and only if an application description was checked (application_checked) and no "
        "defect has category not_fileable, upload_blocker or formal_defect."
    )
    as_of: dt.date = Field(description="The day the check was made for (default: today); days left are counted from it.")
    filing_date: dt.date = Field(
        description="The day the applicant intends to file (the application's filing_date, else as_of); "
        "the rulebook is evaluated on this date."
    )
    rulebook_version: str = Field(description="Version of the rulebook data used.")
    application_checked: bool = Field(
        description="False when no application description was given: only file-level checks ran."
    )
    defects: list[Defect] = Field(
        description="All defects, most severe first, then by file, field and code (deterministic)."
    )
    files: list[FileEntry] = Field(description="The package inventory, sorted by path.")
    summary: Summary
    subject: Subject | None = Field(
        default=None, description="The package and applicant the report is about (null in reports of older versions)."
    )

    def defects_in(self, *categories: Category) -> list[Defect]:
        """The defects of the given categories, in report order."""
        wanted = set(categories)
        return [d for d in self.defects if d.category in wanted]

    @property
    def codes(self) -> list[str]:
        """The codes of all defects, in report order (with repetitions)."""
        return [d.code for d in self.defects]
