"""A received file once read (报送文件): its rows, the unit it counts for, and the problems found reading it.

`read.read_submission` fills one in; `checks.ledger` checks it against the plan. Problems are collected here as
data, never raised, so every problem of a file reaches its receipt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.checks import Problem
from generator.ledger.rows import RawRow

# Problems that mean the file was not read at all (or not to the end): its receipt is the summary sheet only.
REFUSED = frozenset(
    {"file-unsupported", "file-unreadable", "file-encrypted", "file-empty", "file-too-large", "file-link"}
)


@dataclass
class Submission:
    """报送文件: one received file, read."""

    path: Path
    sha256: str
    modified: datetime
    size: int = 0
    unit: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[RawRow]] = field(default_factory=lambda: {"task": [], "indicator": []})
    sheets: dict[str, str] = field(default_factory=dict)  # kind → sheet name it came from
    problems: list[Problem] = field(default_factory=list)
    empty_values: bool = False  # some row left a value column (sheet_rows._VALUE_COLUMNS) empty
    archived: Path | None = None  # the archive's copy of exactly the bytes that were read and hashed
    header_rows: dict[str, int] = field(default_factory=dict)  # sheet name → 0-based row of its header
    titles: list[tuple[str, str, str]] = field(default_factory=list)  # (sheet, A1, text) of title rows

    @property
    def refused(self) -> bool:
        """Not read (a link, too large, unreadable …): nothing of it may be opened again, not even for a receipt."""
        return any(p.code in REFUSED for p in self.problems)

    @property
    def usable(self) -> bool:
        """Read and with at least one ledger sheet: only such a file can count for its unit."""
        return bool(self.sheets)

    @property
    def file_name(self) -> str:
        return self.path.name

    def problem(self, code: str, message: str, sheet: str = "", cell: str = "", hint: str = "") -> None:
        self.problems.append(Problem(code, message, hint, self.file_name, sheet, cell, self.unit or ""))
