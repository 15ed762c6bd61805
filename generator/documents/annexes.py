"""Annex tables (附件) in the seed's own layouts, with this month's progress added. One function per layout."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from generator.atomic import atomic_path
from generator.documents.xlsx_common import Formats, fit_row, titled_sheet, write_cell
from generator.periods import period_label
from generator.plan.model import Plan
from generator.progress import MonthProgress

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


def write_task_ledger(plan: Plan, month: MonthProgress, path: Path, annex_no: int = 1) -> Path:
    """附件一 工作台账: 序号, 重点工作任务, 目标要求, 工作要求, 责任单位, 完成时限 + 本月进展、状态、亮灯."""
    columns = list(TASK_COLUMNS)
    columns[6] = (f"{period_label(month.period)}进展情况", 30)
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        fmt = Formats(book)
        sheet, row = titled_sheet(
            book, fmt, plan.annex_titles[0][:31], f"附件{annex_no}", plan.annex_titles[0], columns
        )
        for r in month.tasks.itertuples():
            values = [
                (r.no, fmt.center),
                (r.task, fmt.text),
                (r.target, fmt.text),
                (r.requirement, fmt.text),
                (r.unit_short, fmt.center),
                (r.deadline_text, fmt.center),
                (r.progress, fmt.text),
                (r.effective, fmt.center),
                (r.percent, fmt.number),
                (r.light, fmt.fill(r.light)),
            ]
            for col, (value, cell_format) in enumerate(values):
                write_cell(sheet, row, col, value, cell_format)
            fit_row(sheet, row, [v for v, _ in values], [w for _, w in columns])
            row += 1
        book.close()
    return path


def write_indicator_ledger(plan: Plan, month: MonthProgress, path: Path, annex_no: int = 2) -> Path:
    """附件二 量化指标台账: 类别 merged over its rows, the plan's columns + 当前值 and 达标情况."""
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        fmt = Formats(book)
        sheet, first = titled_sheet(
            book, fmt, plan.annex_titles[1][:31], f"附件{annex_no}", plan.annex_titles[1], INDICATOR_COLUMNS
        )
        rows = list(month.indicators.itertuples())
        for offset, r in enumerate(rows):
            row = first + offset
            current = r.value_text if r.value is None or r.value != r.value else r.value
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
            for col, (value, cell_format) in enumerate(values, start=1):
                write_cell(sheet, row, col, value, cell_format)
            fit_row(sheet, row, [""] + [v for v, _ in values], [w for _, w in INDICATOR_COLUMNS])
        _merge_categories(sheet, fmt, [r.category for r in rows], first)
        book.close()
    return path


def _merge_categories(sheet, fmt: Formats, categories: list[str], first: int) -> None:
    """类别 spans its rows, as in the seed: one merged cell per run of equal categories."""
    start = 0
    for i in range(1, len(categories) + 1):
        if i == len(categories) or categories[i] != categories[start]:
            if i - start > 1:
                sheet.merge_range(first + start, 0, first + i - 1, 0, categories[start], fmt.center)
            else:
                sheet.write_string(first + start, 0, categories[start], fmt.center)
            start = i
