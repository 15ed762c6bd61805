"""方案核对: what in plan.xlsx still needs the clerk before ledgers go out.

`plan_todos(plan, reviews)` runs every check in `PLAN_CHECKS` over the Plan, after the 待核实 lines plan import left in
the workbook. A check is a function Plan → PlanTodo records; add one to the list to extend `taizhang plan check`.
A todo is blocking (ledgers would go to the wrong unit or to nobody) or a note (worth a look, harmless as it stands).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.plan.model import PENDING_UNIT, Indicator, Plan, Task

REVIEW_SHEET = "待核实"  # written by plan import: 级别, 代码, 位置, 段落号, 说明
_NO_UNIT = "还没有责任单位：请在责任单位列填写（或改由其他单位负责）。"


@dataclass(frozen=True)
class PlanTodo:
    """待办: one thing in the plan that still needs the clerk."""

    kind: str  # 待核实, 待指定, 空分组, 无任务单位
    where: str  # a sheet and row, a task number or a unit
    message: str
    blocking: bool = True  # False: a note that does not stop `ledgers`


def pending_reviews(path: Path) -> list[PlanTodo]:
    """The 待核实 lines of the workbook's 待核实 sheet (absent in a hand-made plan.xlsx) not yet cleared."""
    # Imported here, not with the module: every command line loads this module, and openpyxl (with numpy) and the
    # importer's package were half the start of a `taizhang run` that finds nothing changed.
    import openpyxl

    from generator.plan.importer.model import NEEDS_REVIEW  # a 级别 not cleared; cleared lines are deleted or 已核实

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        return []  # read_plan reports an unreadable workbook; nothing more to say here
    try:
        if REVIEW_SHEET not in book.sheetnames:
            return []
        rows = book[REVIEW_SHEET].iter_rows(values_only=True)
        header = [str(v or "").strip() for v in next(rows, ())]
        if "级别" not in header or "说明" not in header:
            return []
        level, message = header.index("级别"), header.index("说明")
        where = header.index("位置") if "位置" in header else None
        out = []
        for n, values in enumerate(rows, start=2):
            cells = [str(v).strip() if v is not None else "" for v in values]
            if level < len(cells) and cells[level] == NEEDS_REVIEW:
                place = cells[where] if where is not None and where < len(cells) and cells[where] else ""
                text = cells[message] if message < len(cells) else ""
                out.append(PlanTodo("待核实", f"待核实!第{n}行 {place}".strip(), text))
        return out
    finally:
        book.close()


def unresolved_units(plan: Plan) -> Iterable[PlanTodo]:
    """Tasks and indicators whose unit is still （待指定）, and groups they name whose members are not listed yet
    (the items `readiness.ensure_ready` stops `ledgers` and `run` for), one line per item or group."""
    groups: dict[str, list[str]] = {}
    for kind, items in (("重点任务", plan.tasks), ("量化指标", plan.indicators)):
        for item in items:
            text = item.task if isinstance(item, Task) else item.name
            names = list(item.unresolved)
            if item.unit == PENDING_UNIT or any(a.unit == PENDING_UNIT for a in item.assignments):
                names.append(PENDING_UNIT)  # a workbook may list the placeholder as a unit: still nobody's task
            for name in dict.fromkeys(names):
                if name == PENDING_UNIT:
                    yield PlanTodo("待指定", f"{kind} 第{item.no}项", f"「{_short(text)}」{_NO_UNIT}")
                else:
                    groups.setdefault(name, []).append(f"{kind}第{item.no}项")
    for name, places in groups.items():
        used = "、".join(places[:4]) + (f"等{len(places)}处" if len(places) > 4 else "")
        yield PlanTodo(
            "空分组",
            f"单位分组 {name}",
            f"{used}用到，还没有成员：请在「单位分组」表中填写（用、分隔）。",
        )


def unused_empty_groups(plan: Plan) -> Iterable[PlanTodo]:
    """A note: a group without members that no task uses yet sends nothing anywhere, but is probably unfinished."""
    items: list[Task | Indicator] = [*plan.tasks, *plan.indicators]
    used = {name for item in items for name in item.unresolved}
    for group in plan.groups:
        if not group.members and group.name not in used:
            yield PlanTodo(
                "空分组", f"单位分组 {group.name}", "没有成员单位，但没有任务用到它，可以不填。", blocking=False
            )


def units_without_tasks(plan: Plan) -> Iterable[PlanTodo]:
    """A note, not a stop: a plan's registry often lists units (the office itself, 抄送) that have no role in any
    task or indicator and so get no ledger."""
    reporting = {u.name for u in plan.ledger_units()}
    for unit in plan.units:
        if unit.name not in reporting and unit.name != PENDING_UNIT:
            yield PlanTodo(
                "无任务单位",
                f"责任单位 {unit.name}",
                "在任何任务或指标中都没有分工，不会收到台账（如应参与，请在重点任务或量化指标中指定）。",
                blocking=False,
            )


PLAN_CHECKS: list[Callable[[Plan], Iterable[PlanTodo]]] = [unresolved_units, unused_empty_groups, units_without_tasks]


def plan_todos(plan: Plan, reviews: Iterable[PlanTodo] = ()) -> list[PlanTodo]:
    """Everything that still needs the clerk: blocking items first, in the order of the checks."""
    todos = list(reviews)
    for check in PLAN_CHECKS:
        todos.extend(check(plan))
    return sorted(todos, key=lambda t: not t.blocking)


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_blank_plan(path: Path) -> bool:
    """True for plan.xlsx as `taizhang init` wrote it: the five sheets, their headers and 方案信息's item names,
    and not one value filled in. Overwriting it loses nothing, so plan import needs no --force for it."""
    import openpyxl  # see pending_reviews

    from generator.plan.layout import ANNEX_KEYS, INFO_FIELDS, PLAN_SHEETS

    item_names = {*INFO_FIELDS, *ANNEX_KEYS}

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        return False
    try:
        if list(book.sheetnames) != list(PLAN_SHEETS):
            return False
        for name, columns in PLAN_SHEETS.items():
            rows = book[name].iter_rows(values_only=True)
            if [str(v or "") for v in next(rows, ())] != columns:
                return False
            for values in rows:
                filled = [v for v in values if v not in (None, "")]
                if name == "方案信息" and filled == [values[0]] and str(values[0]) in item_names:
                    continue  # an item name with its 内容 still empty
                if filled:
                    return False
        return True
    finally:
        book.close()
