"""The findings vocabulary: what a rule reports and the figures a check derives, shared by every layer.

The bottom of the layers (docs/architecture.md): the rules, the derived values (fees, deadline,
checklist) and the report all speak these words, and this module imports nothing of the package.
The report (:mod:`mosprecheck.report.models`) re-exports the models; they are part of the report
contract published as ``schemas/report.schema.json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


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


class DatedFact(_Model):
    """A rulebook fact a defect rests on, as in force on the filing date, with its sources."""

    key: str = Field(description="Key of the fact in the rulebook (e.g. 'upload.max_file_bytes').")
    value: Any = Field(
        default=None, description="Its value on the filing date when it is a number, a text, a yes/no or a short "
        "list of them; null for a table (the key and sources name it; see the rulebook)."
    )
    effective_from: dt.date = Field(description="First day this value applies.")
    effective_to: dt.date | None = Field(default=None, description="Last day it applies (inclusive); null: still in force.")
    sources: list[str] = Field(
        description="Where the value comes from: Dz.U. references, URLs, sections or ids of the requirements."
    )


@dataclass(frozen=True)
class Finding:
    """What a rule found: where, and the values that explain it."""

    file: str | None = None
    field: str | None = None
    ctx: Mapping[str, Any] = dc_field(default_factory=dict)
    legal_basis: str | None = None
    """The provision of this finding when it depends on the rulebook (the ground's provision, the
    regulation in force on the filing date); None: the rule's declared legal basis."""
    facts: tuple[DatedFact, ...] = ()
    """The rulebook facts the finding rests on: set by the rule engine (the facts its rule declares
    and read in this check), never by a rule."""


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
