"""回执: the unit's own file sent back with the problem cells coloured and commented, after a summary sheet.

An .xlsx or .xlsm is copied as it is (openpyxl keeps its layout, protection and hidden sheet); other formats are
rebuilt from the values read. Text from units is always written back as text, never as a formula, without the
control characters XML cannot hold and cut (visibly) at a cell's 32,767 characters. The copy is made from the
archive's bytes (exactly what was read); a file that was refused (too large, unreadable, a link) is never opened
again: its receipt is the summary sheet only.
"""

from __future__ import annotations

import io
import math
import re
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
from generator.safety import fit_cell, safe_name

SUMMARY_SHEET = "回执"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")


def receipt_name(checked: CheckedSubmission, plan: Plan, accepted: bool) -> str:
    sub = checked.submission
    unit = plan.unit(sub.unit).short_name if sub.unit else "未识别单位"
    if accepted:
        return safe_name(unit, ".xlsx")
    suffix = sub.path.suffix.lower()
    kind = "" if suffix == ".xlsx" else f"_{suffix.lstrip('.') or '无扩展名'}"  # x.csv and x.xlsx both sent
    return safe_name(f"{unit}_{sub.path.stem}{kind}", ".xlsx")


def write_receipt(
    checked: CheckedSubmission,
    plan: Plan,
    period: str,
    accepted: bool,
    reason: str,
    path: Path,
    limits: Limits | None = None,
) -> Path:
    sub = checked.submission
    book, titles = (None, {}) if sub.refused else _copy_of_submission(sub.archived or sub.path, limits or Limits())
    if book is not None:
        _mark_problems(book, sub.problems, titles)
    else:
        book = openpyxl.Workbook()
        book.remove(book.active)
    _summary(book, checked, plan, period, accepted, reason)
    with atomic_path(path) as tmp:
        book.save(tmp)
    return path


_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]\x00-\x1f]")


def _sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (no / \\ * ? : [ ], at most 31 characters, unique): an .ods may use any."""
    title = _SHEET_TITLE_FORBIDDEN.sub("_", name).strip("'")[:31] or "Sheet"
    base, n = title, 2
    while title.casefold() in taken or title == SUMMARY_SHEET:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.casefold())
    return title


def _copy_of_submission(path: Path, limits: Limits) -> tuple[openpyxl.Workbook | None, dict[str, str]]:
    """The unit's file as a workbook to mark, and its sheet names → the titles they have in the copy."""
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix in (".xlsx", ".xlsm"):
        try:
            book = openpyxl.load_workbook(io.BytesIO(data))
            return book, {name: name for name in book.sheetnames}
        except Exception:
            return None, {}
    try:
        sheets = open_grids(path.name, suffix, data, limits)
    except UnreadableFile:
        return None, {}
    book = openpyxl.Workbook()
    book.remove(book.active)
    titles: dict[str, str] = {}
    taken: set[str] = set()
    for sheet in sheets:
        titles[sheet.name] = _sheet_title(sheet.name, taken)
        ws = book.create_sheet(titles[sheet.name])
        for r, row in enumerate(sheet.grid, start=1):
            for c, value in enumerate(row, start=1):
                if value in ("", None):
                    continue
                cell = ws.cell(r, c)
                if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                    cell.value = value
                else:
                    _text(cell, str(value))  # "=HYPERLINK(…)" typed by a unit stays text
    return book, titles


def _mark_problems(book: openpyxl.Workbook, problems: list[Problem], titles: dict[str, str]) -> None:
    for problem in problems:
        title = titles.get(problem.sheet, "")
        if not problem.sheet or not problem.cell or title not in book.sheetnames:
            continue
        cell = book[title][problem.cell]
        colour = FILLS[problem.severity].lstrip("#")
        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
        text = f"【{problem.severity}】{problem.message}\n修改建议：{problem.advice}"
        if cell.comment is not None:
            text = f"{cell.comment.text}\n{text}"
        cell.comment = Comment(fit_cell(text)[0], "taizhang", width=320, height=140)


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
    _text(ws["A1"], f"{unit}{period_label(period)}台账回执")
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
    if isinstance(value, str):
        cell.value = fit_cell(value)[0]
        cell.data_type = "s"
    else:
        cell.value = value
