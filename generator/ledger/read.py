"""Read one received file into raw rows, each value kept with its sheet and A1 cell.

Nothing is interpreted here beyond finding the header and the unit: values stay as the reader returned them, and
`checks.ledger` turns them into statuses and numbers. Files are read once into memory and never written.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell

from generator.ledger.files import Limits, OpenedFile, Sheet, open_file, uncached_formulas
from generator.ledger.header import HEADER_SEARCH_ROWS
from generator.ledger.layout import META_SHEET
from generator.ledger.sheet_rows import filled, read_sheet
from generator.ledger.submission import Submission
from generator.plan.units import UnitDirectory, normalise_name
from generator.safety import Received


def read_submission(
    path: Path,
    units: UnitDirectory,
    limits: Limits | None = None,
    archive: Path | None = None,
    received: Received | None = None,
    opened: OpenedFile | None = None,
) -> Submission:
    """Read a received ledger; problems go into the result, nothing is raised for bad data.

    The file is read once, without following a link; those bytes are hashed, parsed and (with `archive`) stored in
    the archive, so the archive holds exactly what was read even if the unit overwrites the file meanwhile. A file
    `opened` before (open_file) is taken as it was read then."""
    limits = limits or Limits()
    opened = opened or open_file(path, limits, received)
    received = opened.received
    if received is None:
        sub = Submission(path, "", datetime.fromtimestamp(0))
        sub.unit = units.find_in(path.stem)
        kind = "链接（快捷方式）" if opened.not_regular == "link" else "特殊文件"
        sub.problem(
            "file-link",
            f"「{path.name}」是{kind}，不是普通文件，出于安全未读取。",
            hint="请把台账文件本身（而不是链接）复制到收件文件夹。",
        )
        return sub
    sub = Submission(path, received.sha256, received.modified, received.size)
    if received.data is None:
        sub.unit = units.find_in(path.stem)
        sub.problem(
            "file-too-large",
            f"「{path.name}」有 {received.size // 2**20} MB，"
            f"超过上限 {limits.max_uncompressed_bytes // 2**20} MB，已拒收。",
            hint="台账不应这么大：请只保留台账表格，删除图片等内容后重新报送。",
        )
        return sub
    data = received.data
    if archive is not None:
        from generator.store.archive import archive_bytes  # here: generator.store imports intake, which imports us

        sub.archived = archive_bytes(archive, data, sub.sha256, path.suffix)
    if opened.sheets is None:
        code, message, hint = opened.refusal or ("file-unreadable", f"「{path.name}」无法读取。", "")
        sub.unit = units.find_in(path.stem)  # a file we cannot read is still attributed by its name
        sub.problem(code, message, hint=hint)
        return sub
    sheets = opened.sheets
    meta = next((s for s in sheets if s.name == META_SHEET), None)
    if meta:
        sub.meta = {str(r[0]): str(r[1]) for r in meta.grid if len(r) >= 2 and r[0] != ""}
    sheets = [s for s in sheets if s.name != META_SHEET]
    sub.unit = _identify_unit(sub, sheets, units)
    for sheet in sheets:
        read_sheet(sub, sheet)
    _check_unit_cells(sub, sheets, units)
    if sub.empty_values:  # a second unpacking of the sheet XML, only when needed (sheet_rows._VALUE_COLUMNS)
        _report_uncached_formulas(sub, data)
    if not sub.sheets:
        sub.problem(
            "header-missing",
            f"「{path.name}」中找不到台账表头（含“序号”“重点工作任务”“完成状态”或“指标当前值”等列名的行）。",
            sheets[0].name if sheets else "",
            hint="请使用下发的台账模板填报，不要删除表头行。",
        )
    if sub.unit is None and not any(p.code == "unit-unknown" for p in sub.problems):  # else told at its cell
        close = "、".join(units.closest(path.stem)) or "（无）"
        sub.problem(
            "unit-unknown",
            f"无法从「{path.name}」识别报送单位；最接近的单位：{close}。",
            hint="请在文件名中写明单位全称或简称，如“区农办5月台账.xlsx”，或使用下发的台账模板。",
        )
    return sub


def _identify_unit(sub: Submission, sheets: list[Sheet], units: UnitDirectory) -> str | None:
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


def _report_uncached_formulas(sub: Submission, data: bytes) -> None:
    for sheet_name, cells in uncached_formulas(data).items():
        if sheet_name not in sub.sheets.values():
            continue
        for cell in cells:
            sub.problem(
                "formula-no-value",
                f"单元格 {cell} 是公式，但文件中没有保存计算结果，读取为空。",
                sheet_name,
                cell,
                "请在 Excel 中打开后按 F9 重新计算并保存，或把公式改为数值。",
            )


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


def _check_unit_cells(sub: Submission, sheets: list[Sheet], units: UnitDirectory) -> None:
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
