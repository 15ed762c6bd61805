"""plan.xlsx written: the plan as a workbook the office can read and edit (the example builders, plan import and
`init` write it; `workbook.read_plan` reads it back to the same Plan)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path

import xlsxwriter

from generator.plan.contacts import CONTACT_COLUMNS, contact_cells
from generator.plan.layout import (
    ANNEX_KEYS,
    COOPERATING_KEY,
    DEFAULT_LAYOUTS,
    INFO_FIELDS,
    LAYOUT_KEY,
    OPTIONAL_SHEETS,
    PLAN_SHEETS,
    ROLE_COLUMNS,
)
from generator.plan.model import LEAD, PENDING_UNIT, Indicator, Plan, PlanInfo, Task


def write_plan(plan: Plan, path: Path) -> Path:
    """Write the plan workbook (used by the example builder and, later, by plan import)."""
    book = xlsxwriter.Workbook(str(path))
    head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
    cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    day = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "border": 1})
    info = plan.info
    info_rows = [[key, getattr(info, field)] for key, field in INFO_FIELDS.items()]
    info_rows += [[key, title] for key, title in zip(ANNEX_KEYS, plan.annex_titles)]
    if tuple(plan.annex_layouts) != DEFAULT_LAYOUTS:
        info_rows.append([LAYOUT_KEY, "、".join(plan.annex_layouts)])
    if plan.reporting.cooperating_required:
        info_rows.append([COOPERATING_KEY, "必报"])
    items: dict[str, list] = {"重点任务": plan.tasks, "量化指标": plan.indicators}
    used = {name: _extra_columns(plan, name, items[name]) for name in items}
    rows: dict[str, list[list[object]]] = {
        "方案信息": info_rows,
        "责任单位": [[u.name, "、".join(u.aliases)] for u in plan.units],
        "重点任务": [
            [t.no, t.task, t.target, t.requirement, _short(plan, t.unit), t.deadline_text, t.deadline]
            for t in plan.tasks
        ],
        "量化指标": [
            [
                i.category,
                i.no,
                i.name,
                i.dimension,
                i.target_text,
                i.basis,
                i.requirement,
                _short(plan, i.unit),
                i.direction,
            ]
            for i in plan.indicators
        ],
        "方案正文": [[p.level, p.heading, p.text] for p in plan.body],
    }
    for name, extra in used.items():
        for values, item in zip(rows[name], items[name]):
            values += [value(item) for _, value in extra]
    header_extra: dict[str, list[str]] = {name: [c for c, _ in extra] for name, extra in used.items()}
    if any(u.category for u in plan.units):
        header_extra["责任单位"] = ["类别"]
        for values, unit in zip(rows["责任单位"], plan.units):
            values.append(unit.category)
    if plan.contacts:
        header_extra["责任单位"] = header_extra.get("责任单位", []) + CONTACT_COLUMNS
        for values, unit in zip(rows["责任单位"], plan.units):
            values.extend(contact_cells(plan.contacts.get(unit.name)))
    sheets = dict(PLAN_SHEETS)
    if plan.groups:
        sheets["单位分组"] = OPTIONAL_SHEETS["单位分组"]
        rows["单位分组"] = [[g.name, "、".join(_short(plan, m) for m in g.members)] for g in plan.groups]
    targets = [[i.no, _short(plan, u), t] for i in plan.indicators for u, t in i.unit_targets]
    if targets:
        sheets["分解目标"] = OPTIONAL_SHEETS["分解目标"]
        rows["分解目标"] = targets
    widths = {"方案信息": [14, 80], "责任单位": [28, 28], "方案正文": [6, 28, 90], "单位分组": [28, 90]}
    for name, plan_columns in sheets.items():
        columns = plan_columns + header_extra.get(name, [])
        sheet = book.add_worksheet(name)
        sheet.freeze_panes(1, 0)
        for col, title in enumerate(columns):
            sheet.write_string(0, col, title, head)
            sheet.set_column(col, col, widths.get(name, [])[col] if col < len(widths.get(name, [])) else 16)
        for r, values in enumerate(rows[name], start=1):
            for c, value in enumerate(values):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(r, c, value, cell)
                else:
                    sheet.write_string(r, c, "" if value is None else str(value), cell)
    book.close()
    return path


def write_empty_plan(path: Path) -> Path:
    """A plan workbook with every sheet and column and nothing filled in, for a new workspace."""
    info = PlanInfo(**{field: "" for field in INFO_FIELDS.values()})  # type: ignore[arg-type]
    return write_plan(Plan(info, [], [], [], [], ("", "")), path)


def _short(plan: Plan, unit: str) -> str:
    return plan.unit(unit).short_name if unit else PENDING_UNIT


def _extra_columns(plan: Plan, sheet: str, items: list) -> list[tuple[str, Callable[[Task | Indicator], object]]]:
    """The optional columns a sheet needs: the role columns in a plan with roles (落实单位 marks the layout), the
    plan's words for 牵头单位 / 配合单位 otherwise, and the 任务分解表's columns when used."""
    words = {
        "重点任务": [("牵头单位", "lead_units"), ("配合单位", "co_units")],
        "量化指标": [("领域", "field"), ("指标属性", "attribute"), ("牵头单位", "lead_units"), ("分项", "sub_items")],
    }[sheet]
    out: list[tuple[str, Callable[[Task | Indicator], object]]] = []
    for column, attr in words:
        if plan.uses_roles and column in dict(ROLE_COLUMNS):
            continue
        if any(getattr(i, attr) for i in items):
            out.append((column, partial(_cell_words, attr=attr)))
    if plan.uses_roles:
        out += [(column, partial(_role_text, plan, role=role)) for column, role in ROLE_COLUMNS]
    return out


def _cell_words(item: Task | Indicator, attr: str) -> object:
    """An optional column's value: lines joined when it is a tuple (分项)."""
    value = getattr(item, attr)
    return "\n".join(value) if isinstance(value, tuple) else value


def _role_text(plan: Plan, item: Task | Indicator, role: str) -> str:
    """The units of one role as a clerk writes them: a group whose members are all there by its name, the other
    units by their short names, and what is still unresolved (a group with no members, （待指定）)."""
    units = [a.unit for a in item.assignments if a.role == role]
    names: list[str] = []
    covered: set[str] = set()
    for group in plan.groups:
        if group.members and set(group.members) <= set(units) - covered:
            names.append(group.name)
            covered |= set(group.members)
    names += [_short(plan, u) for u in units if u not in covered]
    if role == LEAD:  # unresolved names are kept in the lead column, where a clerk looks first
        names += list(item.unresolved)
    return "、".join(names)
