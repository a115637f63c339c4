"""What the upload gate could not verify: a file whose parser hit the time or memory bound or
crashed, and parts of the package the walk did not reach. Each of these blocks the verdict: a
check that did not finish must never look like a pass."""

from __future__ import annotations

from collections.abc import Iterator

from ..inventory.checker.walk import MAX_DEPTH, MAX_ENTRIES
from ..inventory.worker.bounds import MEMORY_LIMIT_BYTES, TIME_LIMIT_S
from ..findings import Category
from .registry import CheckContext, Finding, rule


@rule(
    code="X002",
    name="file-check-timed-out",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="File could not be verified within the time bound",
    legal_basis=None,
)
def file_check_timed_out(c: CheckContext) -> Iterator[Finding]:
    """The parser (pypdf or Pillow) did not finish within the per-file time bound and was stopped.
    A file that takes this long to read is damaged or hostile (e.g. a JPEG crafted to make the
    decoder spin); the office's viewer may fail on it too."""
    for f in c.files:
        if f.unverified == "timeout":
            yield Finding(file=f.path, ctx={"file": f.path, "seconds": int(TIME_LIMIT_S)})


@rule(
    code="X003",
    name="file-check-out-of-memory",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="File could not be verified within the memory bound",
    legal_basis=None,
)
def file_check_out_of_memory(c: CheckContext) -> Iterator[Finding]:
    """The parser needed more memory than the bound and was stopped."""
    for f in c.files:
        if f.unverified == "memory":
            yield Finding(file=f.path, ctx={"file": f.path, "megabytes": MEMORY_LIMIT_BYTES // 2**20})


@rule(
    code="X004",
    name="file-check-failed",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="File could not be verified (parser crashed, file changed, no isolated worker)",
    legal_basis=None,
)
def file_check_failed(c: CheckContext) -> Iterator[Finding]:
    """The isolated parser died on the file (a crash in a native decoder), the file was replaced
    while it was being checked, or no isolated worker could be started (then nothing was parsed)."""
    for f in c.files:
        if f.unverified in ("crashed", "changed", "unavailable", "budget"):  # texts: value.reason.<id>
            yield Finding(file=f.path, ctx={"file": f.path, "reason": f.unverified})


@rule(
    code="X005",
    name="package-not-fully-walked",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="Part of the package was not checked (too many entries or folders nested too deep)",
    legal_basis=None,
)
def package_not_fully_walked(c: CheckContext) -> Iterator[Finding]:
    """The walk stops after 5000 entries and does not descend more than 16 folder levels (bounds on
    the checker's time); what lies beyond was not checked, so the package cannot be called ready."""
    for f in c.files:
        if f.problem_kind in ("entry_limit", "depth_limit", "time_budget"):
            limit = {"entry_limit": MAX_ENTRIES, "depth_limit": MAX_DEPTH}.get(f.problem_kind)
            yield Finding(file=f.path, ctx={"file": f.path, "problem": f.problem, "reason": f.problem_kind,
                                            "limit": limit})  # texts: value.reason.<problem_kind>

