"""回执: the unit's own file sent back with the problem cells coloured and commented, after a summary sheet.

An .xlsx or .xlsm is copied as it is (openpyxl keeps its layout, protection and hidden sheet); other formats are
rebuilt from the values read. Text from units is always written back as text, never as a formula.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from generator.atomic import atomic_path
from generator.checks import ERROR, Problem
from generator.checks.ledger import CheckedSubmission
from generator.documents.xlsx_common import FILLS
from generator.ledger.files import Limits, UnreadableFile, open_grids
from generator.periods import period_label
from generator.plan.model import Plan

SUMMARY_SHEET = "回执"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")


def receipt_name(checked: CheckedSubmission, plan: Plan, accepted: bool) -> str:
    sub = checked.submission
    unit = plan.unit(sub.unit).short_name if sub.unit else "未识别单位"
    if accepted:
        return f"{unit}.xlsx"
    suffix = sub.path.suffix.lower()
    kind = "" if suffix == ".xlsx" else f"_{suffix.lstrip('.') or '无扩展名'}"  # x.csv and x.xlsx both sent
    return f"{unit}_{sub.path.stem}{kind}.xlsx"


def write_receipt(checked: CheckedSubmission, plan: Plan, period: str, accepted: bool, reason: str, path: Path) -> Path:
    sub = checked.submission
    book = _copy_of_submission(sub.path)
    if book is not None:
        _mark_problems(book, sub.problems)
    else:
        book = openpyxl.Workbook()
        book.remove(book.active)
    _summary(book, checked, plan, period, accepted, reason)
    with atomic_path(path) as tmp:
        book.save(tmp)
    return path


def _copy_of_submission(path: Path) -> openpyxl.Workbook | None:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            return openpyxl.load_workbook(path)
        except Exception:
            return None
    try:
        sheets = open_grids(path.name, suffix, path.read_bytes(), Limits())
    except UnreadableFile:
        return None
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name[:31])
        for r, row in enumerate(sheet.grid, start=1):
            for c, value in enumerate(row, start=1):
                if value in ("", None):
                    continue
                cell = ws.cell(r, c)
                cell.value = value if isinstance(value, (int, float)) else str(value)
                if isinstance(value, str):
                    cell.data_type = "s"  # "=HYPERLINK(…)" typed by a unit stays text
    return book


def _mark_problems(book: openpyxl.Workbook, problems: list[Problem]) -> None:
    for problem in problems:
        if not problem.sheet or not problem.cell or problem.sheet not in book.sheetnames:
            continue
        cell = book[problem.sheet][problem.cell]
        colour = FILLS[problem.severity].lstrip("#")
        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
        text = f"【{problem.severity}】{problem.message}\n修改建议：{problem.advice}"
        if cell.comment is not None:
            text = f"{cell.comment.text}\n{text}"
        cell.comment = Comment(text, "taizhang", width=320, height=140)


def _summary(book, checked: CheckedSubmission, plan: Plan, period: str, accepted: bool, reason: str) -> None:
    sub = checked.submission
    ws = book.create_sheet(SUMMARY_SHEET, 0)
    book.active = 0
    for sheet in book.worksheets[1:]:
        sheet.sheet_view.tabSelected = False
    unit = plan.unit(sub.unit).name if sub.unit else "（未识别）"
    tasks = plan.tasks_of(sub.unit) if sub.unit else []
    indicators = plan.indicators_of(sub.unit) if sub.unit else []
    errors = [p for p in sub.problems if p.severity == ERROR]
    ws["A1"] = f"{unit}{period_label(period)}台账回执"
    ws["A1"].font = Font(name="黑体", size=16)
    ws.merge_cells("A1:F1")
    facts = [
        ("报送文件", sub.file_name),
        ("收到时间", sub.modified.strftime("%Y-%m-%d %H:%M")),
        ("文件指纹", sub.sha256[:16]),
        ("处理结果", "已采用" if accepted else f"未采用：{reason}"),
        (
            "采用情况",
            f"重点任务 {len(checked.tasks)}/{len(tasks)} 项，量化指标 {len(checked.indicators)}/{len(indicators)} 项",
        ),
        (
            "问题",
            f"错误 {len(errors)} 个，警告 {len(sub.problems) - len(errors)} 个"
            + ("；请按下表修改后重新报送。" if sub.problems else "；本期台账已通过校验，感谢配合。"),
        ),
    ]
    for r, (key, value) in enumerate(facts, start=3):
        ws.cell(r, 1, key).font = Font(bold=True)
        _text(ws.cell(r, 2), value)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=6)
    head = 3 + len(facts) + 1
    for c, title in enumerate(("序号", "级别", "位置", "问题", "说明", "修改建议"), start=1):
        cell = ws.cell(head, c, title)
        cell.font, cell.border = Font(bold=True), _BORDER
        cell.fill = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
    for n, p in enumerate(sorted(sub.problems, key=lambda p: p.severity != ERROR), start=1):
        location = f"{p.sheet}!{p.cell}" if p.cell else (p.sheet or "整个文件")
        for c, value in enumerate((n, p.severity, location, p.title, p.message, p.advice), start=1):
            cell = ws.cell(head + n, c)
            _text(cell, value)
            cell.border, cell.alignment = _BORDER, _WRAP
    for c, width in enumerate((10, 8, 16, 18, 50, 50), start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[1].height = 30
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def _text(cell, value: object) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
