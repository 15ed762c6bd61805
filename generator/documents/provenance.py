"""来源: a sheet in every annex workbook saying, row by row, which file and which cells each figure came from.

An inspector asking "where does this number come from?" finds the answer in the annex itself; `taizhang trace`
gives the same from the history, with every other file the unit sent for the month.
"""

from __future__ import annotations

import pandas as pd

from generator.documents.xlsx_common import Formats, titled_sheet, write_row

SHEET = "来源"
SHOWN = {"task": ("完成状态", "完成百分比", "进展情况"), "indicator": ("指标当前值",)}
COLUMNS = [("序号", 6), ("责任单位", 16), ("采用的报送文件", 36), ("内容哈希（前16位）", 20), ("数据所在单元格", 50)]


def write_source_sheet(book, fmt: Formats, frame: pd.DataFrame, kind: str, title: str) -> None:
    """One row per task or indicator: the submission that counted and the sheet!A1 of each value shown."""
    sheet, row = titled_sheet(book, fmt, SHEET, "", f"{title}：数据来源", COLUMNS)
    for r in frame.itertuples():
        source = r.source if isinstance(r.source, dict) else {}
        cells = "；".join(f"{column} {source[column]}" for column in SHOWN[kind] if column in source)
        values = [r.no, r.unit_short, r.file or "（未报送）", (r.sha256 or "")[:16], cells or "—"]
        write_row(
            sheet,
            row,
            [(v, fmt.center if col in (0, 3) else fmt.text) for col, v in enumerate(values)],
            [w for _, w in COLUMNS],
        )
        row += 1
    # Kept in the workbook for whoever checks a figure, but hidden so that printing or converting the official
    # annex (Excel prints the active sheet; LibreOffice every visible one) never adds it; 取消隐藏 shows it.
    sheet.hide()
