"""plan.xlsx read (读取方案): the workbook the office edits, turned into the Plan every later stage uses.

read_plan reads the sheets (sheets.py), builds units and groups (unit_cells.py), tasks, indicators and the plan's
information (items.py) from them, and reports every problem of the plan at once. Its layout is described once in
`layout.py`; `write.py` writes it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.errors import PlanError
from generator.plan import items, sheets, unit_cells
from generator.plan.cells import ALIAS_SPLIT, cell_text, whole_number
from generator.plan.layout import (
    ANNEX_KEYS,
    COOPERATING_KEY,
    DEFAULT_LAYOUTS,
    GROUP_KINDS,
    LAYOUT_KEY,
    OPTIONAL_COLUMNS,
    OPTIONAL_SHEETS,
    PLAN_SHEETS,
)
from generator.plan.model import ANNEX_LAYOUTS, PENDING_UNIT, BodyParagraph, Plan, ReportingRules, Unit
from generator.plan.units import UnitDirectory, normalise_name

_YES = ("是", "必报", "需要", "要求", "每月报送", "1", "true", "True")


def read_plan(path: Path) -> Plan:
    """Read plan.xlsx; a missing sheet, column or unit is a PlanError naming the sheet and cell."""
    if not path.exists():
        raise PlanError(f"找不到方案文件 {path}：请把方案工作簿放在 inputs/plan.xlsx，或用 taizhang init 新建工作区。")
    book = sheets.workbook_rows(path)
    records = {
        name: sheets.records(book, name, columns, OPTIONAL_COLUMNS.get(name, ()))
        for name, columns in PLAN_SHEETS.items()
    }
    records.update(
        {name: sheets.records(book, name, columns) for name, columns in OPTIONAL_SHEETS.items() if name in book}
    )
    # Every problem of the plan is collected and reported at once, each with its sheet and cell: a clerk fixes
    # them in one go, and nothing is written from a plan that is wrong (a duplicate 序号 used to fail only when the
    # history was saved, after every output had been written).
    errors: list[str] = []
    info_rows = {str(r["项目"][0]).strip(): r["内容"][0] for r in records["方案信息"]}
    try:
        info = items.plan_info(info_rows, path)
    except PlanError as exc:
        errors.append(str(exc))
        info = None
    units, group_names, contacts = [], [], {}
    for r in records["责任单位"]:
        name = cell_text(r["单位名称"][0])
        if not name or name == PENDING_UNIT:
            continue
        if cell_text(r["类型"][0]) in GROUP_KINDS:
            group_names.append(name)
            continue
        aliases = tuple(a for a in ALIAS_SPLIT.split(cell_text(r["简称及别名"][0])) if a)
        units.append(Unit(name, aliases, cell_text(r["类别"][0])))
        if not (contact := unit_cells.contact(r)).empty:
            contacts[name] = contact
    errors += unit_cells.unit_name_conflicts(
        [r for r in records["责任单位"] if cell_text(r["类型"][0]) not in GROUP_KINDS]
    )
    directory = UnitDirectory(units)
    groups = unit_cells.groups(records.get("单位分组", []), group_names, directory)
    names = unit_cells.UnitNames(directory, {normalise_name(g.name): g for g in groups})
    year = info.issued_on.year if info else date.today().year
    task_roles = any(r["落实单位"][1] for r in records["重点任务"])
    task_rows = [r for r in records["重点任务"] if cell_text(r["重点工作任务"][0])]
    tasks = items.collect(errors, (lambda r=r: items.task(r, names, year, task_roles) for r in task_rows))
    indicator_roles = any(r["落实单位"][1] for r in records["量化指标"])
    indicators = items.indicators(records["量化指标"], names, indicator_roles, records.get("分解目标", []), errors)
    errors += items.duplicate_numbers("重点任务", task_rows)
    errors += items.duplicate_numbers("量化指标", [r for r in records["量化指标"] if cell_text(r["指标"][0])])
    body = items.collect(
        errors,
        (
            lambda r=r: BodyParagraph(
                whole_number(r["层级"], "层级") if cell_text(r["层级"][0]) else 0,
                cell_text(r["标题"][0]),
                cell_text(r["正文"][0]),
            )
            for r in records["方案正文"]
        ),
    )
    if errors or info is None:
        raise PlanError(
            f"方案文件 {path.name} 有 {len(errors)} 处问题：" + "；".join(e.rstrip("。") for e in errors) + "。"
        )
    layouts = tuple(ALIAS_SPLIT.split(cell_text(info_rows.get(LAYOUT_KEY)))) if info_rows.get(LAYOUT_KEY) else ()
    layouts = tuple(x for x in layouts if x) or DEFAULT_LAYOUTS
    unknown = [x for x in layouts if x not in ANNEX_LAYOUTS]
    if unknown:
        raise PlanError(
            f"方案文件 {path.name} 的「方案信息」中「{LAYOUT_KEY}」有未知版式「{'、'.join(unknown)}」"
            f"（可用：{'、'.join(ANNEX_LAYOUTS)}）。"
        )
    annexes = tuple(cell_text(info_rows.get(k)) or d for k, d in zip(ANNEX_KEYS, layouts))
    rules = ReportingRules(cooperating_required=cell_text(info_rows.get(COOPERATING_KEY)) in _YES)
    return Plan(
        info,
        units,
        tasks,
        indicators,
        body,
        annexes,
        layouts,
        groups,
        rules,
        uses_roles=task_roles or indicator_roles,
        contacts=contacts,
    )
