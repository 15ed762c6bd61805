"""Annex tables (附件) in the seed's own layouts, with this month's progress added. One function per layout.

The plan says which layouts it uses (方案信息 附件版式, default 工作台账、量化指标台账); `write_annexes` writes them
in that order as 附件N_<layout>.xlsx. The 任务分解表 layout lives in `breakdown.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from generator.atomic import atomic_path
from generator.cache import key_of
from generator.documents.breakdown import write_breakdown
from generator.documents.provenance import write_source_sheet
from generator.documents.xlsx_common import Formats, runs, span, titled_sheet, write_cell, write_row
from generator.documents.xlsx_rows import BlockStore, TableBook, cached_block
from generator.periods import period_label
from generator.plan.model import Plan
from generator.progress import MonthProgress, is_missing
from generator.rollup import AssignmentProgress, TaskProgress

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


def responsible_text(unit_short: str, lead_units: str = "", co_units: str = "", implementing: str = "") -> str:
    """责任单位 as a table prints it: the lead unit(s) as the plan words them, then 配合单位 and 落实单位 on lines of
    their own."""
    text = lead_units or unit_short
    if co_units:
        text += f"\n（配合：{co_units}）"
    if implementing:
        text += f"\n（落实：{implementing}）"
    return text


def shown_assignments(task: TaskProgress) -> list[AssignmentProgress]:
    """The sub-rows of a shared task: every unit that must report, and cooperating units that did."""
    return [a for a in task.assignments if a.required or a.reported]


def write_task_ledger(
    plan: Plan, month: MonthProgress, path: Path, annex_no: int = 1, blocks: BlockStore | None = None
) -> Path:
    """附件一 工作台账: 序号, 重点工作任务, 目标要求, 工作要求, 责任单位, 完成时限 + 本月进展、状态、亮灯.

    With `blocks`, the rows are kept in blocks of BLOCK_TASKS tasks keyed by what they show: a re-run after one unit
    resent its ledger writes again only the blocks that hold that unit's tasks."""
    columns = list(TASK_COLUMNS)
    columns[6] = (f"{period_label(month.period)}进展情况", 30)
    title = plan.annex_title("工作台账")
    with atomic_path(path) as tmp:
        book = TableBook(tmp)
        fmt = Formats(book)
        sheet, row = titled_sheet(book, fmt, _sheet_name(title), f"附件{annex_no}", title, columns)
        widths = [w for _, w in columns]
        shown = [_task_rows(t) for t in month.tasks]
        for first in range(0, len(shown), BLOCK_TASKS):
            specs = shown[first : first + BLOCK_TASKS]
            below = row + sum(1 if len(spec) == 2 else len(spec[2]) for spec in specs)
            key = key_of("task-rows", row, widths, fmt.style_numbers, specs)
            write = partial(_write_task_rows, sheet, fmt, widths, row, specs)
            cached_block(sheet, blocks, key, below, write)  # type: ignore[arg-type]
            row = below
        write_source_sheet(
            book, fmt, [a for t in month.tasks for a in shown_assignments(t) or t.assignments], title, blocks
        )
        book.close()
    return path


BLOCK_TASKS = 200  # a block of the task ledger; small enough that a unit's scattered tasks rewrite little

# What a task's rows show, as plain values (the key of its block): (plan cells, one row) for a task one unit
# reports, (plan cells, deadline, sub-rows) for a shared one.
TaskRows = tuple


def _task_rows(t: TaskProgress) -> TaskRows:
    task = t.task
    plan_cells = (task.no, task.task, task.target, task.requirement)
    parts = shown_assignments(t)
    if len(parts) <= 1:  # one unit reports: one row, as the seed has it
        one = parts[0] if parts else t.single
        responsible = responsible_text(t.unit_short, task.lead_units, task.co_units, task.implementing_units)
        progress = one.progress if one else ""
        return plan_cells, (responsible, task.deadline_text, progress, t.effective, t.percent, t.light)
    # shared: a first sub-row with the task's roll-up, then one per unit
    sub_rows = (
        (f"合计（{len(t.counted)}个单位）", "", t.effective, t.percent, t.light),
        *((f"{a.unit_short}（{a.role}）", a.progress, a.effective, a.percent, a.light) for a in parts),
    )
    return plan_cells, task.deadline_text, sub_rows


def _write_task_rows(sheet, fmt: Formats, widths: Sequence[float], row: int, specs: list[TaskRows]) -> None:
    for spec in specs:
        no, text, target, requirement = spec[0]
        plan_cells = [(no, fmt.center), (text, fmt.text), (target, fmt.text), (requirement, fmt.text)]
        if len(spec) == 2:
            responsible, deadline, progress, effective, percent, light = spec[1]
            values = [
                *plan_cells,
                (responsible, fmt.center),
                (deadline, fmt.center),
                (progress, fmt.text),
                (effective, fmt.center),
                (percent, fmt.number),
                (light, fmt.fill(light)),
            ]
            write_row(sheet, row, values, widths)
            row += 1
            continue
        # shared: the task's cells merged over its sub-rows
        deadline, sub_rows = spec[1], spec[2]
        for k, (unit, progress, effective, percent, light) in enumerate(sub_rows):
            write_cell(sheet, row + k, 4, unit, fmt.center)
            cells = [(progress, fmt.text), (effective, fmt.center), (percent, fmt.number), (light, fmt.fill(light))]
            write_row(sheet, row + k, cells, widths, first_col=6)
        last = row + len(sub_rows) - 1
        for col, (value, cell_format) in [*enumerate(plan_cells), (5, (deadline, fmt.center))]:
            span(sheet, row, col, last, col, value, cell_format)
        row = last + 1


def write_indicator_ledger(
    plan: Plan, month: MonthProgress, path: Path, annex_no: int = 2, blocks: BlockStore | None = None
) -> Path:
    """附件二 量化指标台账: 类别 merged over its rows, the plan's columns + 当前值 and 达标情况."""
    title = plan.annex_title("量化指标台账")
    with atomic_path(path) as tmp:
        book = TableBook(tmp)
        fmt = Formats(book)
        sheet, first = titled_sheet(book, fmt, _sheet_name(title), f"附件{annex_no}", title, INDICATOR_COLUMNS)
        rows = list(month.indicators)
        for offset, r in enumerate(rows):
            row = first + offset
            main = r.main
            i = r.indicator
            current = main.value_text if is_missing(main.value) else main.value
            values = [
                (i.no, fmt.center),
                (i.name, fmt.text),
                (i.dimension, fmt.center),
                (i.target_text, fmt.center),
                (i.basis, fmt.text),
                (i.requirement, fmt.text),
                (r.unit_short, fmt.center),
                (current, fmt.number),
                (r.attainment, fmt.fill(r.attainment)),
            ]
            write_row(sheet, row, values, [w for _, w in INDICATOR_COLUMNS], first_col=1)
        _merge_categories(sheet, fmt, [r.indicator.category for r in rows], first)
        write_unit_values(book, fmt, month)
        write_source_sheet(book, fmt, [v for i in month.indicators for v in i.values], title, blocks)
        book.close()
    return path


UNIT_VALUE_COLUMNS = [
    ("序号", 6),
    ("指标", 24),
    ("量纲", 8),
    ("单位", 18),
    ("角色", 8),
    ("目标值", 12),
    ("当前值", 10),
    ("达标情况", 10),
]


def write_unit_values(book, fmt: Formats, month: MonthProgress) -> None:
    """各单位指标值: a sheet of its own when an indicator has several units (county values against their 分解目标)."""
    shared = [i for i in month.indicators if len(i.values) > 1]
    if not shared:
        return
    sheet, row = titled_sheet(book, fmt, "各单位指标值", "", "各单位指标值", UNIT_VALUE_COLUMNS)
    widths = [w for _, w in UNIT_VALUE_COLUMNS]
    for i in shared:
        for v in i.values:
            current = v.value_text if is_missing(v.value) else v.value
            values = [
                (i.no, fmt.center),
                (i.indicator.name, fmt.text),
                (i.indicator.dimension, fmt.center),
                (v.unit_short, fmt.center),
                (v.role, fmt.center),
                (v.target_text, fmt.center),
                (current, fmt.number),
                (v.attainment, fmt.fill(v.attainment)),
            ]
            write_row(sheet, row, values, widths)
            row += 1


def _merge_categories(sheet, fmt: Formats, categories: list[str], first: int) -> None:
    """类别 spans its rows, as in the seed: one merged cell per run of equal categories."""
    for start, end in runs(categories):
        span(sheet, first + start, 0, first + end, 0, categories[start], fmt.center)


def _sheet_name(title: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "附件"


def write_breakdown_table(
    plan: Plan, month: MonthProgress, path: Path, annex_no: int = 2, blocks: BlockStore | None = None
) -> Path:
    """任务分解表 (海陵 seed): 领域 and 任务 merged over their rows, 序号, 指标名称 (分项 as sub-rows), 单位, 指标值,
    指标属性, 牵头部门 + 当前值 and 达标情况. Written by `breakdown.write_breakdown`."""
    return write_breakdown(plan, month, path, annex_no, _sheet_name(plan.annex_title("任务分解表")), blocks)


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
