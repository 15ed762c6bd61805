"""Annex tables (附件) in the seed's own layouts, with this month's progress added. One function per layout.

The plan says which layouts it uses (方案信息 附件版式, default 工作台账、量化指标台账); `write_annexes` writes them
in that order as 附件N_<layout>.xlsx. The 任务分解表 layout lives in `breakdown.py`.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from generator.atomic import atomic_path
from generator.documents.breakdown import write_breakdown
from generator.documents.provenance import write_source_sheet
from generator.documents.xlsx_common import Formats, runs, span, titled_sheet, write_row
from generator.periods import period_label
from generator.plan.model import Plan
from generator.progress import MonthProgress, is_missing

TASK_COLUMNS = [
    ("序号", 5),
    ("重点工作任务", 30),
    ("目标要求", 26),
    ("工作要求", 26),
    ("责任单位", 12),
    ("完成时限", 12),
    ("进展情况", 30),
    ("完成状态", 9),
    ("完成百分比", 8),
    ("亮灯", 6),
]
INDICATOR_COLUMNS = [
    ("类别", 12),
    ("序号", 5),
    ("指标", 18),
    ("量纲", 6),
    ("目标值", 9),
    ("计算依据", 32),
    ("工作要求", 22),
    ("责任单位", 12),
    ("当前值", 8),
    ("达标情况", 9),
]


def responsible_text(unit_short: str, lead_units: str = "", co_units: str = "") -> str:
    """责任单位 as a table prints it: the lead unit(s) as the plan words them, then 配合单位 on a line of its own."""
    text = lead_units or unit_short
    return f"{text}\n（配合：{co_units}）" if co_units else text


def write_task_ledger(plan: Plan, month: MonthProgress, path: Path, annex_no: int = 1) -> Path:
    """附件一 工作台账: 序号, 重点工作任务, 目标要求, 工作要求, 责任单位, 完成时限 + 本月进展、状态、亮灯."""
    columns = list(TASK_COLUMNS)
    columns[6] = (f"{period_label(month.period)}进展情况", 30)
    title = plan.annex_title("工作台账")
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        fmt = Formats(book)
        sheet, row = titled_sheet(book, fmt, _sheet_name(title), f"附件{annex_no}", title, columns)
        for r in month.tasks.itertuples():
            values = [
                (r.no, fmt.center),
                (r.task, fmt.text),
                (r.target, fmt.text),
                (r.requirement, fmt.text),
                (responsible_text(r.unit_short, r.lead_units, r.co_units), fmt.center),
                (r.deadline_text, fmt.center),
                (r.progress, fmt.text),
                (r.effective, fmt.center),
                (r.percent, fmt.number),
                (r.light, fmt.fill(r.light)),
            ]
            write_row(sheet, row, values, [w for _, w in columns])
            row += 1
        write_source_sheet(book, fmt, month.tasks, "task", title)
        book.close()
    return path


def write_indicator_ledger(plan: Plan, month: MonthProgress, path: Path, annex_no: int = 2) -> Path:
    """附件二 量化指标台账: 类别 merged over its rows, the plan's columns + 当前值 and 达标情况."""
    title = plan.annex_title("量化指标台账")
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        fmt = Formats(book)
        sheet, first = titled_sheet(book, fmt, _sheet_name(title), f"附件{annex_no}", title, INDICATOR_COLUMNS)
        rows = list(month.indicators.itertuples())
        for offset, r in enumerate(rows):
            row = first + offset
            current = r.value_text if is_missing(r.value) else r.value
            values = [
                (r.no, fmt.center),
                (r.name, fmt.text),
                (r.dimension, fmt.center),
                (r.target_text, fmt.center),
                (r.basis, fmt.text),
                (r.requirement, fmt.text),
                (r.unit_short, fmt.center),
                (current, fmt.number),
                (r.attainment, fmt.fill(r.attainment)),
            ]
            write_row(sheet, row, values, [w for _, w in INDICATOR_COLUMNS], first_col=1)
        _merge_categories(sheet, fmt, [r.category for r in rows], first)
        write_source_sheet(book, fmt, month.indicators, "indicator", title)
        book.close()
    return path


def _merge_categories(sheet, fmt: Formats, categories: list[str], first: int) -> None:
    """类别 spans its rows, as in the seed: one merged cell per run of equal categories."""
    for start, end in runs(categories):
        span(sheet, first + start, 0, first + end, 0, categories[start], fmt.center)


def _sheet_name(title: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "附件"


def write_breakdown_table(plan: Plan, month: MonthProgress, path: Path, annex_no: int = 2) -> Path:
    """任务分解表 (海陵 seed): 领域 and 任务 merged over their rows, 序号, 指标名称 (分项 as sub-rows), 单位, 指标值,
    指标属性, 牵头部门 + 当前值 and 达标情况. Written by `breakdown.write_breakdown`."""
    return write_breakdown(plan, month, path, annex_no, _sheet_name(plan.annex_title("任务分解表")))


# 附件版式 name → writer; the plan lists the names it uses in 方案信息 附件版式.
LAYOUTS = {
    "工作台账": write_task_ledger,
    "量化指标台账": write_indicator_ledger,
    "任务分解表": write_breakdown_table,
}


def annex_file_names(plan: Plan) -> list[str]:
    """附件1_工作台账.xlsx, 附件2_量化指标台账.xlsx …, in the plan's order."""
    return [f"附件{n}_{layout}.xlsx" for n, layout in enumerate(plan.annex_layouts, start=1)]


def write_annexes(plan: Plan, month: MonthProgress, folder: Path) -> list[Path]:
    """Every annex the plan asks for (附件版式), numbered in its order."""
    return [
        LAYOUTS[layout](plan, month, folder / name, n)
        for n, (layout, name) in enumerate(zip(plan.annex_layouts, annex_file_names(plan)), start=1)
    ]
