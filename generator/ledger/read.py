"""Read one received file into raw rows, each value kept with its sheet and A1 cell.

Nothing is interpreted here beyond finding the header and the unit: values stay as the reader returned them, and
`normalise` / `checks.ledger` turn them into statuses and numbers. Files are opened read-only and never written.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import python_calamine
from xlsxwriter.utility import xl_rowcol_to_cell

from generator.checks import Problem
from generator.ledger.layout import COLUMN_SYNONYMS, META_SHEET, SHEETS, SheetLayout
from generator.plan.units import UnitDirectory, normalise_name

SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".ods"}
READABLE = SPREADSHEETS | {".csv"}
HEADER_SEARCH_ROWS = 15


@dataclass
class RawRow:
    """One data row: canonical column → value as read, and → its A1 cell."""

    sheet: str
    values: dict[str, object]
    cells: dict[str, str]


@dataclass
class Submission:
    """报送文件: one received file, read."""

    path: Path
    sha256: str
    modified: datetime
    unit: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[RawRow]] = field(default_factory=lambda: {"task": [], "indicator": []})
    sheets: dict[str, str] = field(default_factory=dict)  # kind → sheet name it came from
    problems: list[Problem] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """Read and with at least one ledger sheet: only such a file can count for its unit."""
        return bool(self.sheets)

    @property
    def file_name(self) -> str:
        return self.path.name

    def problem(self, code: str, message: str, sheet: str = "", cell: str = "", hint: str = "") -> None:
        self.problems.append(Problem(code, message, hint, self.file_name, sheet, cell, self.unit or ""))


def read_submission(path: Path, units: UnitDirectory) -> Submission:
    """Read a received ledger; problems go into the result, nothing is raised for bad data."""
    data = path.read_bytes()
    sub = Submission(path, hashlib.sha256(data).hexdigest(), datetime.fromtimestamp(path.stat().st_mtime))
    suffix = path.suffix.lower()
    sub.unit = units.find_in(path.stem)  # provisional: a file we cannot read is still attributed by its name
    if suffix not in READABLE:
        sub.problem("file-unsupported", f"文件「{path.name}」的格式 {suffix or '（无扩展名）'} 不能读取。")
        return sub
    try:
        grids = _read_csv(data) if suffix == ".csv" else _read_spreadsheet(data)
    except Exception as exc:
        sub.problem("file-unreadable", f"文件「{path.name}」无法读取（{type(exc).__name__}）。")
        return sub
    meta_grid = grids.pop(META_SHEET, None)
    if meta_grid:
        sub.meta = {str(r[0]): str(r[1]) for r in meta_grid if len(r) >= 2 and r[0] != ""}
    sub.unit = _identify_unit(sub, grids, units)
    for sheet_name, grid in grids.items():
        _read_sheet(sub, sheet_name, grid)
    if not sub.sheets:
        first = next(iter(grids), "")
        sub.problem(
            "header-missing", f"文件「{path.name}」中找不到台账表头（含“序号”和“完成状态”或“指标当前值”的行）。", first
        )
    if sub.unit is None:
        sub.problem("unit-unknown", f"无法从文件「{path.name}」识别报送单位。")
    return sub


def _read_spreadsheet(data: bytes) -> dict[str, list[list[object]]]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def _read_csv(data: bytes) -> dict[str, list[list[object]]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnicodeDecodeError("csv", data, 0, 1, "neither UTF-8 nor GBK")
    return {"Sheet1": [list(r) for r in csv.reader(io.StringIO(text))]}


def _identify_unit(sub: Submission, grids: dict, units: UnitDirectory) -> str | None:
    """The hidden sheet of a ledger we issued wins; else the file name; else the title rows."""
    if sub.meta.get("unit"):
        unit = units.resolve(sub.meta["unit"])
        if unit:
            return unit
    unit = units.find_in(sub.path.stem)
    if unit:
        return unit
    for grid in grids.values():
        for row in grid[:3]:
            unit = units.find_in("".join(str(v) for v in row))
            if unit:
                return unit
    return None


_HEADER_WORDS = {normalise_name(c): c for c in COLUMN_SYNONYMS}
_HEADER_WORDS.update({normalise_name(s): c for c, syns in COLUMN_SYNONYMS.items() for s in syns})
for _layout in SHEETS:
    _HEADER_WORDS.update({normalise_name(c): c for c in _layout.columns})


def _canonical_header(row: list[object]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i, value in enumerate(row):
        name = _HEADER_WORDS.get(normalise_name(str(value)))
        if name and name not in out.values():
            out[i] = name
    return out


def _layout_for(columns: set[str]) -> SheetLayout | None:
    if "序号" not in columns:
        return None
    if "指标当前值" in columns or ("指标" in columns and "完成状态" not in columns):
        return SHEETS[1]
    if "完成状态" in columns or "重点工作任务" in columns:
        return SHEETS[0]
    return None


def _read_sheet(sub: Submission, sheet_name: str, grid: list[list[object]]) -> None:
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        header = _canonical_header(row)
        layout = _layout_for(set(header.values()))
        if layout is None:
            continue
        if layout.kind in sub.sheets:
            return  # a second sheet of the same kind (a copy the unit kept): the first one counts
        sub.sheets[layout.kind] = sheet_name
        for c, row_values in enumerate(grid[r + 1 :], start=r + 1):
            if not any(str(v).strip() for v in row_values):
                continue
            values = {name: row_values[i] if i < len(row_values) else "" for i, name in header.items()}
            cells = {name: xl_rowcol_to_cell(c, i) for i, name in header.items()}
            sub.rows[layout.kind].append(RawRow(sheet_name, values, cells))
        return
