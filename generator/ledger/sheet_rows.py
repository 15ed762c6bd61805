"""The data rows of one ledger sheet: the rows under its header that hold something, each kept as the reader's list.

This is the loop over every row of a province's ledgers (a hundred thousand a month), so it stays a plain loop: a
cheap test decides almost every row, and a kept row is the reader's list wrapped in a RawRow, not a copy. Merged
cells are spread first; over-long text is cut (and reported) on the way.
"""

from __future__ import annotations

from operator import itemgetter

from xlsxwriter.utility import xl_rowcol_to_cell

from generator.ledger.files import Sheet
from generator.ledger.header import find_header
from generator.ledger.rows import RawRow
from generator.ledger.submission import Submission
from generator.safety import EXCEL_TEXT_LIMIT, fit_cell

# A formula saved without its result reads as an empty cell. Looking for such formulas means unpacking the sheet
# XML a second time, so it is done only when a value the month depends on is empty.
_VALUE_COLUMNS = ("完成状态", "完成百分比", "指标当前值", "进展情况")


def _fill_merged(sheet: Sheet) -> None:
    """Readers put a merged cell's value in its top-left cell only; spread it over the range."""
    grid = sheet.grid
    for (r1, c1), (r2, c2) in sheet.merged:
        if r1 >= len(grid) or c1 >= len(grid[r1]):
            continue
        value = grid[r1][c1]
        for r in range(r1, min(r2, len(grid) - 1) + 1):
            row = grid[r]
            for c in range(c1, min(c2, len(row) - 1) + 1):
                row[c] = value


def read_sheet(sub: Submission, sheet: Sheet) -> None:
    """Find the sheet's header and add its filled rows to `sub` (a second sheet of the same kind is reported)."""
    if sheet.merged:
        _fill_merged(sheet)
    header = find_header(sheet.grid)
    if header is None:
        return
    kind = header.layout.kind
    if kind in sub.sheets:
        sub.problem(
            "sheet-extra",
            f"工作表「{sheet.name}」与「{sub.sheets[kind]}」都是{header.layout.title}表，"
            f"只采用「{sub.sheets[kind]}」。",
            sheet.name,
            hint="请删除多余的工作表，或把内容合并到一张表中。",
        )
        return
    sub.sheets[kind] = sheet.name
    sub.header_rows[sheet.name] = header.row
    columns = {name: i for i, name in header.columns.items()}
    indexes = sorted(columns.values())
    pick = itemgetter(*indexes) if len(indexes) > 1 else (lambda row: (row[indexes[0]],))
    values = [columns[c] for c in _VALUE_COLUMNS if c in columns]
    value_pick = (itemgetter(*values) if len(values) > 1 else (lambda row: (row[values[0]],))) if values else None
    rows = sub.rows[kind]
    for r in range(header.row + 1, len(sheet.grid)):
        row = sheet.grid[r]
        if len(row) <= indexes[-1]:  # a short row (CSV): pad a copy so every column can be read
            row = [*row, *[""] * (indexes[-1] + 1 - len(row))]
        picked = pick(row)
        if any(picked) and any(filled(v) for v in picked):  # the first test is fast and almost always decides
            if _has_long_text(picked):
                row = _cut_long_text(sub, sheet.name, r, row)
            rows.append(RawRow(sheet.name, r, row, columns))
            if value_pick and "" in value_pick(row):
                sub.empty_values = True


def _has_long_text(values: tuple) -> bool:
    return any(v.__class__ is str and len(v) > EXCEL_TEXT_LIMIT for v in values)


def _cut_long_text(sub: Submission, sheet: str, r: int, row: list[object]) -> list[object]:
    """A cell longer than a spreadsheet cell can hold (a CSV allows anything) is cut, visibly, and reported."""
    row = list(row)
    for c, value in enumerate(row):
        if isinstance(value, str) and len(value) > EXCEL_TEXT_LIMIT:
            row[c], _ = fit_cell(value)
            sub.problem(
                "text-too-long",
                f"单元格 {xl_rowcol_to_cell(r, c)} 有 {len(value)} 个字符，超过表格单元格上限 {EXCEL_TEXT_LIMIT} 个，"
                "汇总时已截断。",
                sheet,
                xl_rowcol_to_cell(r, c),
                "请精简内容，详细材料作为佐证材料另附。",
            )
    return row


def filled(value: object) -> bool:
    """A cell that holds something: not empty, not None, not only spaces."""
    return value != "" and value is not None and (not isinstance(value, str) or bool(value.strip()))
