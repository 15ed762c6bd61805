"""Which unit a received file is from (报送单位), and whether its title and 责任单位 cells agree with that and with
the month being collected.

A file counts for one unit: the hidden sheet of a ledger we issued says which, else the file name, else the title
rows. What the title and the 责任单位 cells say is checked against that, so another unit's ledger sent under this
name, or last month's file sent again, is reported at the cell that shows it.
"""

from __future__ import annotations

import re

from xlsxwriter.utility import xl_rowcol_to_cell

from generator.ledger.files import Sheet
from generator.ledger.header import HEADER_SEARCH_ROWS
from generator.ledger.sheet_rows import filled
from generator.ledger.submission import Submission
from generator.plan.units import UnitDirectory, normalise_name


def identify_unit(sub: Submission, sheets: list[Sheet], units: UnitDirectory) -> str | None:
    """The hidden sheet of a ledger we issued wins; then the file name; then the title rows; then a close guess."""
    if sub.meta.get("unit"):
        unit = units.resolve(sub.meta["unit"])
        if unit:
            return unit
    unit = units.find_in(sub.path.stem)
    if unit:
        return unit
    titles = ["".join(str(v) for v in row) for sheet in sheets for row in _title_rows(sheet)]
    for title in titles:
        unit = units.find_in(title)
        if unit:
            return unit
    for text in (sub.path.stem, *titles):
        unit = units.guess(text)
        if unit:
            return unit
    return None


def _title_rows(sheet: Sheet, count: int = 3) -> list[list[object]]:
    """The first non-empty rows above where a header may be: titles move down when units add blank rows."""
    rows = [r for r in sheet.grid[:HEADER_SEARCH_ROWS] if any(v not in ("", None) for v in r)]
    return rows[:count]


# ── what the title rows and the 责任单位 cells say (a file resent from last month, another unit's ledger) ─────────

_UNIT_HEADERS = ("责任单位", "责任部门", "填报单位", "报送单位")
_TITLE_YEAR = re.compile(r"(\d{4})\s*年")
_TITLE_MONTH = re.compile(r"(\d{1,2})\s*月")


def _title_cells(sheet: Sheet, header_row: int, count: int = 3) -> list[tuple[str, str]]:
    """(A1, text) of the first filled cell of each of the first rows above the header: the title and subtitle."""
    out = []
    for r, row in enumerate(sheet.grid[: min(header_row, HEADER_SEARCH_ROWS)]):
        for c, value in enumerate(row):
            if filled(value):
                out.append((xl_rowcol_to_cell(r, c), "".join(str(v) for v in row if filled(v))))
                break
        if len(out) == count:
            break
    return out


def _unit_cell(sheet: Sheet, header_row: int) -> tuple[str, str] | None:
    """(A1, text) of the first filled cell under a 责任单位 (责任部门, 填报单位) header, if the sheet has one."""
    header = sheet.grid[header_row] if header_row < len(sheet.grid) else []
    names = [normalise_name(str(v)) for v in header]
    col = next((i for i, name in enumerate(names) if name in _UNIT_HEADERS), None)
    if col is None:
        return None
    for r in range(header_row + 1, min(len(sheet.grid), header_row + 200)):
        row = sheet.grid[r]
        if col < len(row) and filled(row[col]):
            return xl_rowcol_to_cell(r, col), str(row[col]).strip()
    return None


def check_unit_cells(sub: Submission, sheets: list[Sheet], units: UnitDirectory) -> None:
    """A file whose unit cannot be found is reported at its 责任单位 cell, naming what it says; a file attributed by
    its name or hidden sheet whose title names another unit is flagged at the title (another unit's ledger sent
    under this name, or a copy not adapted)."""
    for sheet in sheets:
        if sheet.name not in sub.sheets.values():
            continue
        header_row = sub.header_rows.get(sheet.name, 0)
        titles = _title_cells(sheet, header_row)
        sub.titles += [(sheet.name, a1, text) for a1, text in titles]
        unit_cell = _unit_cell(sheet, header_row)
        if sub.unit is None:
            if unit_cell and not any(p.code == "unit-unknown" for p in sub.problems):
                a1, text = unit_cell
                close = "、".join(units.closest(text)) or "（无）"
                sub.problem(
                    "unit-unknown",
                    f"「{sub.file_name}」的责任单位「{text}」不是方案中的单位；最接近的单位：{close}。",
                    sheet.name,
                    a1,
                    "请填写方案中的单位全称或简称，或使用下发的台账模板。",
                )
            continue
        for a1, text in titles:
            other = units.find_in(text)
            if other and other != sub.unit:
                said = (
                    f"，「责任单位」也写的是「{unit_cell[1]}」"
                    if unit_cell and units.resolve(unit_cell[1]) == other
                    else ""
                )
                sub.problem(
                    "unit-mismatch",
                    f"文件按文件名（或下发信息）属于「{sub.unit}」，但标题「{text}」写的是「{other}」{said}；"
                    f"已按「{sub.unit}」汇总。",
                    sheet.name,
                    a1,
                    "请确认是否误发了其他单位的台账；如是，请重新报送本单位的台账。",
                )
                break


def check_title_period(sub: Submission, period: str) -> None:
    """A ledger whose title names another month (2018年4月 while 2018-05 is collected): last month's file sent
    again. Flagged at the title; the hidden sheet of our own ledgers is checked separately (period-mismatch)."""
    if sub.meta.get("period"):
        return
    year, month = (int(x) for x in period.split("-"))
    for sheet, a1, text in sub.titles:
        found_year = _TITLE_YEAR.search(text)
        months = _TITLE_MONTH.findall(text[found_year.end() :]) if found_year else []
        if not found_year or not months:
            continue
        said = (int(found_year.group(1)), int(months[-1]))  # 2018年1月至5月: the month reached
        if said != (year, month):
            sub.problem(
                "period-mismatch",
                f"标题「{text}」写的是 {said[0]}年{said[1]}月，现放在报送期 {period} 中：可能重发了上期的台账。",
                sheet,
                a1,
                "请确认报送的是本期台账；如是上期文件，请重新填报本期台账后报送。",
            )
            return
