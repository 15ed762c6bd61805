"""Blank ledgers (空白台账): one workbook per responsible unit, pre-filled with its own tasks and indicators.

Plan columns are locked, input columns open, 完成状态 is a drop-down, and a very hidden sheet records plan, unit,
period and ledger version so the file is recognised when it comes back, whatever the unit renames it to.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter

from generator.atomic import atomic_path
from generator.documents.xlsx_common import fit_row
from generator.ledger.layout import (
    INDICATOR_SHEET,
    LEDGER_VERSION,
    META_SHEET,
    STATUSES,
    TASK_SHEET,
    SheetLayout,
    with_roles,
)
from generator.periods import period_label
from generator.plan.model import Plan, Unit, others_text, role_of
from generator.plan.readiness import ensure_ready
from generator.safety import safe_name

HEADER_ROW = 2  # 0-based: title, note, header
_CENTRED = ("序号", "量纲", "目标值", "完成时限", "本单位角色")


def ledger_file_name(unit: Unit, period: str) -> str:
    return safe_name(f"{unit.short_name}_{period}_工作台账", ".xlsx")


def write_blank_ledgers(plan: Plan, period: str, out_dir: Path) -> list[Path]:
    """Write one blank ledger per unit with a role in a task or indicator; return the paths written. A plan that
    is not ready (a group without members, a task marked （待指定）) is refused before any ledger is written."""
    ensure_ready(plan)
    return [
        write_blank_ledger(plan, unit, period, out_dir / ledger_file_name(unit, period)) for unit in plan.ledger_units()
    ]


def write_blank_ledger(plan: Plan, unit: Unit, period: str, path: Path) -> Path:
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        styles = _styles(book)
        tasks = plan.tasks_of(unit.name)
        indicators = plan.indicators_of(unit.name)
        short = {u.name: u.short_name for u in plan.units}

        shared = plan.shares_tasks

        def roles(item) -> list:
            """本单位角色 and 其他责任单位, in a plan that shares tasks between units."""
            return [role_of(item, unit.name) or "", others_text(item, unit.name, short)] if shared else []

        if tasks:
            rows = [[t.no, t.task, t.target, t.requirement, t.deadline_text, *roles(t)] for t in tasks]
            _sheet(book, styles, with_roles(TASK_SHEET) if shared else TASK_SHEET, rows, plan, unit, period)
        if indicators:
            rows = [
                [i.category, i.no, i.name, i.dimension, i.target_for(unit.name), i.basis, i.requirement, *roles(i)]
                for i in indicators
            ]
            _sheet(book, styles, with_roles(INDICATOR_SHEET) if shared else INDICATOR_SHEET, rows, plan, unit, period)
        meta = book.add_worksheet(META_SHEET)
        for r, (key, value) in enumerate(
            [
                ("plan_id", plan.plan_id),
                ("plan_title", plan.info.title),
                ("unit", unit.name),
                ("period", period),
                ("ledger_version", LEDGER_VERSION),
                ("issued_at", datetime.now().isoformat(timespec="seconds")),
            ]
        ):
            meta.write_string(r, 0, key)
            meta.write_string(r, 1, value)
        meta.very_hidden()
        book.close()
    return path


def _styles(book: xlsxwriter.Workbook) -> dict:
    base = {"font_name": "宋体", "font_size": 11, "border": 1, "text_wrap": True, "valign": "vcenter"}
    return {
        "title": book.add_format({"font_name": "黑体", "font_size": 16, "align": "center", "valign": "vcenter"}),
        "note": book.add_format({"font_name": "宋体", "font_size": 10, "font_color": "#595959", "text_wrap": True}),
        "head": book.add_format({**base, "bold": True, "align": "center", "bg_color": "#D9E1F2"}),
        "head_input": book.add_format({**base, "bold": True, "align": "center", "bg_color": "#FFF2CC"}),
        "plan": book.add_format({**base, "bg_color": "#F2F2F2"}),
        "plan_center": book.add_format({**base, "bg_color": "#F2F2F2", "align": "center"}),
        "input": book.add_format({**base, "locked": False}),
    }


def _sheet(book, styles, layout: SheetLayout, rows: list[list], plan: Plan, unit: Unit, period: str) -> None:
    sheet = book.add_worksheet(layout.title)
    columns = layout.columns
    last = len(columns) - 1
    # merge_range writes with write(), which makes "=…" a formula: merge empty, then write the title as text
    sheet.merge_range(0, 0, 0, last, "", styles["title"])
    sheet.write_string(0, 0, f"{unit.short_name}{period_label(period)}{layout.title}台账", styles["title"])
    sheet.set_row(0, 30)
    sheet.merge_range(1, 0, 1, last, "", styles["note"])
    sheet.write_string(
        1,
        0,
        f"方案：{plan.info.title}　　填报单位：{unit.name}　　报送期：{period}。"
        "灰色列为方案内容，不可修改；请在黄色表头的列中填报，完成状态从下拉列表选择，完成百分比填0—100的数字。",
        styles["note"],
    )
    sheet.set_row(1, 32)
    for col, name in enumerate(columns):
        is_input = name in layout.input_columns
        sheet.write_string(HEADER_ROW, col, name, styles["head_input" if is_input else "head"])
        sheet.set_column(col, col, layout.widths.get(name, 12), None if not is_input else styles["input"])
    first = HEADER_ROW + 1
    for r, values in enumerate(rows, start=first):
        for c, value in enumerate(values):
            style = styles[
                "plan_center"
                if layout.plan_columns[c] in ("序号", "量纲", "目标值", "完成时限", "本单位角色")
                else "plan"
            ]
            if isinstance(value, int):
                sheet.write_number(r, c, value, style)
            else:
                sheet.write_string(r, c, value, style)
        fit_row(sheet, r, values, [layout.widths.get(name, 12) for name in layout.plan_columns], point=11)
        for c in range(len(layout.plan_columns), len(columns)):
            sheet.write_blank(r, c, None, styles["input"])
    end = first + len(rows) - 1
    if "完成状态" in columns:
        col = columns.index("完成状态")
        sheet.data_validation(
            first,
            col,
            end,
            col,
            {
                "validate": "list",
                "source": list(STATUSES),
                "input_title": "完成状态",
                "input_message": "请从下拉列表选择",
                "error_title": "完成状态",
                "error_message": "请选择：" + "、".join(STATUSES),
            },
        )
    if "完成百分比" in columns:
        col = columns.index("完成百分比")
        sheet.data_validation(
            first,
            col,
            end,
            col,
            {
                "validate": "decimal",
                "criteria": "between",
                "minimum": 0,
                "maximum": 100,
                "input_title": "完成百分比",
                "input_message": "填0—100的数字，如 85",
                "error_title": "完成百分比",
                "error_message": "请填写0—100之间的数字",
            },
        )
    sheet.freeze_panes(first, 0)
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.protect(
        "", {"format_columns": True, "format_rows": True, "select_locked_cells": True, "select_unlocked_cells": True}
    )
