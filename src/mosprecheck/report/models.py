"""The defect report: the contract integrators rely on (``schema_version: "1"``).

Published as ``schemas/report.schema.json``; a test keeps the file in sync with these models.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

REPORT_SCHEMA_VERSION: Literal["1"] = "1"


class Category(str, Enum):
    """What a defect means for the application, from the most to the least severe."""

    NOT_FILEABLE = "not_fileable"
    """The case cannot go through MOS as described."""
    UPLOAD_BLOCKER = "upload_blocker"
    """The portal will not take this file."""
    FORMAL_DEFECT = "formal_defect"
    """Brak formalny: the office would send a wezwanie do usunięcia braków formalnych."""
    REFUSAL_RISK = "refusal_risk"
    """Filed as is, the application risks refusal on the merits."""
    ADVISORY = "advisory"
    """Worth fixing, not blocking."""

    @property
    def rank(self) -> int:
        """0 for the most severe category; used to order defects."""
        return _RANK[self]

    @property
    def blocking(self) -> bool:
        """True for the categories that make a package not ready to file."""
        return self in BLOCKING_CATEGORIES


_RANK = {c: i for i, c in enumerate(Category)}
BLOCKING_CATEGORIES = frozenset(
    {Category.NOT_FILEABLE, Category.UPLOAD_BLOCKER, Category.FORMAL_DEFECT}
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


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


class FilingDeadline(_Model):
    """The last day to file the application and how far away it is."""

    last_day: dt.date = Field(description="Last day to file: the last day of legal stay (legal_stay_until).")
    days_left: int = Field(description="Days from the as-of date to the last day (0 = today, negative = passed).")
    filing_date_in_time: bool = Field(description="True when the filing date is on or before the last day.")
    legal_basis: str | None = Field(default=None, description="Legal basis of the deadline.")
    sources: list[str] = Field(default_factory=list, description="Rulebook sources of the deadline.")


class FeeItem(_Model):
    """One fee to pay before filing, as the rulebook gives it for the filing date."""

    item: str = Field(description="What the fee is: 'stamp_duty', 'card_fee' or 'power_of_attorney'.")
    label: dict[str, str] = Field(description="The fee in words, keyed by language code (all seven languages).")
    amount_pln: float | None = Field(
        description="Amount in PLN; null when it depends on facts the description does not give (the label says "
        "which) or no source states it."
    )
    legal_basis: str | None = Field(default=None, description="Legal basis of the fee.")
    sources: list[str] = Field(default_factory=list, description="Rulebook sources of the amount.")


class ChecklistItem(_Model):
    """One document the permit type and ground require, and whether the package holds it."""

    requirement: str = Field(description="Rulebook id of the requirement (e.g. 'photo', 'travel_document').")
    kinds: list[str] = Field(description="Document kinds that meet it (documents[].kind); any one is enough.")
    label: dict[str, str] = Field(description="The document in words, keyed by language code (all seven languages).")
    when: Literal["at_filing", "later"] = Field(
        description="'at_filing': missing is a formal defect (A003); 'later': evidence the office asks for during "
        "the case (A004), worth attaching now."
    )
    state: Literal["present", "missing", "listed_but_absent"] = Field(
        description="'present': a documents[] entry of a matching kind names a file that is in the package; "
        "'listed_but_absent': an entry exists but its file is not in the package (A001); 'missing': no entry."
    )
    files: list[str] = Field(
        default_factory=list, description="The declared files of a matching kind (present ones when any are)."
    )
    sources: list[str] = Field(default_factory=list, description="Rulebook sources of the requirement.")


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
