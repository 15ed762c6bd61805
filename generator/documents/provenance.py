"""来源: a sheet in every annex workbook saying, row by row, which file and which cells each figure came from.

An inspector asking "where does this number come from?" finds the answer in the annex itself; `taizhang trace`
gives the same from the history, with every other file the unit sent for the month.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from generator.cache import key_of
from generator.documents.xlsx_common import Formats, titled_sheet, write_row
from generator.documents.xlsx_rows import BlockStore, cached_block
from generator.rollup import AssignmentProgress, IndicatorValue

SHEET = "来源"
SHOWN = {"task": ("完成状态", "完成百分比", "进展情况"), "indicator": ("指标当前值",)}
COLUMNS = [("序号", 6), ("责任单位", 16), ("采用的报送文件", 36), ("内容哈希（前16位）", 20), ("数据所在单元格", 50)]


def write_source_sheet(
    book,
    fmt: Formats,
    parts: Sequence[AssignmentProgress] | Sequence[IndicatorValue],
    title: str,
    blocks: BlockStore | None = None,
) -> None:
    """One row per (task or indicator, unit): the submission that counted and the sheet!A1 of each value shown.
    With `blocks`, rows are kept in blocks keyed by what they show (see annexes.write_task_ledger)."""
    sheet, row = titled_sheet(book, fmt, SHEET, "", f"{title}：数据来源", COLUMNS)
    widths = [w for _, w in COLUMNS]
    shown = [_source_row(r) for r in parts]
    for first in range(0, len(shown), BLOCK_ROWS):
        values = shown[first : first + BLOCK_ROWS]
        key = key_of("source-rows", row, widths, fmt.style_numbers, values)
        cached_block(sheet, blocks, key, row + len(values), partial(_write_rows, sheet, fmt, widths, row, values))
        row += len(values)
    # Kept in the workbook for whoever checks a figure, but hidden so that printing or converting the official
    # annex (Excel prints the active sheet; LibreOffice every visible one) never adds it; 取消隐藏 shows it.
    sheet.hide()


BLOCK_ROWS = 500


def _source_row(r: AssignmentProgress | IndicatorValue) -> tuple[object, ...]:
    source = r.source
    shown = SHOWN["task" if isinstance(r, AssignmentProgress) else "indicator"]
    cells = "；".join(f"{column} {source[column]}" for column in shown if column in source)
    return r.no, r.unit_short, r.file or "（未报送）", (r.sha256 or "")[:16], cells or "—"


def _write_rows(sheet, fmt: Formats, widths: Sequence[float], row: int, rows: list[tuple[object, ...]]) -> None:
    for values in rows:
        write_row(sheet, row, [(v, fmt.center if col in (0, 3) else fmt.text) for col, v in enumerate(values)], widths)
        row += 1
