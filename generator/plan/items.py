"""The plan's items built from its sheets' records (方案条目): 方案信息 → PlanInfo, 重点任务 → Task, 量化指标 with
its 分解目标 → Indicator, and the checks that span rows (a 序号 given twice).

Each builder raises a PlanError naming the cell; `collect` gathers them so that read_plan reports every problem
of the plan at once.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import PlanError
from generator.plan.cells import cell_date, cell_text, parse_target, whole_number
from generator.plan.deadline import parse_deadline
from generator.plan.layout import INFO_FIELDS
from generator.plan.model import Indicator, PlanInfo, Task
from generator.plan.unit_cells import UnitNames, resolve_unit


def plan_info(rows: dict[str, object], path: Path) -> PlanInfo:
    values: dict[str, object] = {}
    for key, field in INFO_FIELDS.items():
        value = rows.get(key)
        values[field] = cell_date(value) if field in ("issued_on", "printed_on") else cell_text(value)
    for key in ("方案名称", "成文日期"):
        if not values[INFO_FIELDS[key]]:
            raise PlanError(f"方案文件 {path.name} 的「方案信息」缺少「{key}」（成文日期请填日期，如 2018-04-03）。")
    values["issuer_mark"] = values["issuer_mark"] or values["issuer"]
    values["print_office"] = values["print_office"] or values["issuer"]
    values["bulletin_office"] = values["bulletin_office"] or values["print_office"]
    values["bulletin_title"] = values["bulletin_title"] or "工作进展通报"
    return PlanInfo(**values)  # type: ignore[arg-type]


def collect(errors: list[str], makers) -> list:
    """Call each maker; a PlanError joins `errors` (with its cell) instead of stopping at the first."""
    out = []
    for make in makers:
        try:
            out.append(make())
        except PlanError as exc:
            errors.append(str(exc))
    return out


def duplicate_numbers(sheet: str, rows: list[dict]) -> list[str]:
    """A 序号 given twice: the rows would be one task in the history and two in the annex."""
    seen: dict[int, str] = {}
    out = []
    for r in rows:
        try:
            no = whole_number(r["序号"], "序号")
        except PlanError:
            continue  # reported already
        if no in seen:
            out.append(f"{r['序号'][1]} 的序号 {no} 与 {seen[no]} 重复（「{sheet}」中每个序号只能用一次）")
        else:
            seen[no] = r["序号"][1]
    return out


def task(r: dict, names: UnitNames, year: int, roles: bool) -> Task:
    deadline_text = cell_text(r["完成时限"][0])
    unit, assignments, unresolved = names.assignments(r, roles)
    return Task(
        no=whole_number(r["序号"], "序号"),
        task=cell_text(r["重点工作任务"][0]),
        target=cell_text(r["目标要求"][0]),
        requirement=cell_text(r["工作要求"][0]),
        unit=unit,
        deadline_text=deadline_text,
        deadline=cell_date(r["截止日期"][0]) or parse_deadline(deadline_text, year),
        lead_units=cell_text(r["牵头单位"][0]),
        co_units=cell_text(r["配合单位"][0]),
        assignments=assignments,
        unresolved=unresolved,
        implementing_units=cell_text(r["落实单位"][0]),
    )


def _unit_targets(rows: list[dict], names: UnitNames) -> dict[int, list[tuple[str, str]]]:
    """分解目标: indicator number → [(unit, target as written)]."""
    out: dict[int, list[tuple[str, str]]] = {}
    for r in rows:
        if not cell_text(r["单位"][0]):
            continue
        unit = resolve_unit(names.directory, r["单位"])
        out.setdefault(whole_number(r["指标序号"], "指标序号"), []).append((unit, cell_text(r["目标值"][0])))
    return out


def indicators(
    rows: list[dict], names: UnitNames, roles: bool, targets: list[dict], errors: list[str]
) -> list[Indicator]:
    out, category = [], ""
    unit_targets = _unit_targets(targets, names)
    for r in rows:
        if not cell_text(r["指标"][0]):
            continue
        try:
            unit, assignments, unresolved = names.assignments(r, roles)
            no = whole_number(r["序号"], "序号")
        except PlanError as exc:
            errors.append(str(exc))
            continue
        category = cell_text(r["类别"][0]) or category  # 类别 is written once per group, as in the seed
        target_text = cell_text(r["目标值"][0])
        out.append(
            Indicator(
                no=no,
                category=category,
                name=cell_text(r["指标"][0]),
                dimension=cell_text(r["量纲"][0]),
                target_text=target_text,
                target=parse_target(target_text),
                direction="≤" if cell_text(r["达标方向"][0]) in ("≤", "<=", "不高于", "以下") else "≥",
                basis=cell_text(r["计算依据"][0]),
                requirement=cell_text(r["工作要求"][0]),
                unit=unit,
                field=cell_text(r["领域"][0]),
                attribute=cell_text(r["指标属性"][0]),
                lead_units=cell_text(r["牵头单位"][0]),
                sub_items=tuple(line.strip() for line in cell_text(r["分项"][0]).split("\n") if line.strip()),
                assignments=assignments,
                unresolved=unresolved,
                co_units=cell_text(r["配合单位"][0]),
                implementing_units=cell_text(r["落实单位"][0]),
                unit_targets=tuple(unit_targets.get(no, ())),
            )
        )
    return out
