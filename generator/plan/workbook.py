"""plan.xlsx read: the plan as a workbook the office can read and edit, its layout described once in `layout.py`
and written by `write.py` (both names are also importable from here, as they always were).

Units in roles: a 重点任务 or 量化指标 sheet with the column 落实单位 (written by plan import and by taizhang for
plans with shared tasks) reads 牵头单位, 配合单位 and 落实单位 as assignments, names separated by 、 (a 、 inside
brackets, as in 各县(市、区)人民政府, does not separate), a group name standing for its members; 责任单位 is then read
only where 牵头单位 is empty. Older workbooks (焦作, 海陵) name one 责任单位 per row, read as its lead, and keep
牵头单位 / 配合单位 as the plan's words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from generator.errors import PlanError
from generator.ledger.files import UnreadableFile, open_grids
from generator.plan.contacts import Contact, split_addresses
from generator.plan.deadline import parse_deadline
from generator.plan.layout import (
    ANNEX_KEYS,
    COOPERATING_KEY,
    DEFAULT_LAYOUTS,
    GROUP_KINDS,
    INFO_FIELDS,
    LAYOUT_KEY,
    OPTIONAL_COLUMNS,
    OPTIONAL_SHEETS,
    PLAN_LIMITS,
    PLAN_SHEETS,
    ROLE_COLUMNS,
)
from generator.plan.model import (
    ANNEX_LAYOUTS,
    LEAD,
    PENDING_UNIT,
    ROLES,
    Assignment,
    BodyParagraph,
    Indicator,
    Plan,
    PlanInfo,
    ReportingRules,
    Task,
    Unit,
    UnitGroup,
)
from generator.plan.units import UnitDirectory, normalise_name, split_units
from generator.plan.write import write_empty_plan, write_plan

__all__ = ["ANNEX_KEYS", "INFO_FIELDS", "PLAN_SHEETS", "parse_target", "read_plan", "write_empty_plan", "write_plan"]

_YES = ("是", "必报", "需要", "要求", "每月报送", "1", "true", "True")
_ALIAS_SPLIT = re.compile(r"[、，,；;/\s]+")
_NUMBER = re.compile(r"^[<>≤≥=＜＞]*\s*(-?\d+(?:\.\d+)?)\s*%?$")


def read_plan(path: Path) -> Plan:
    """Read plan.xlsx; a missing sheet, column or unit is a PlanError naming the sheet and cell."""
    if not path.exists():
        raise PlanError(f"找不到方案文件 {path}：请把方案工作簿放在 inputs/plan.xlsx，或用 taizhang init 新建工作区。")
    book = workbook_rows(path)
    sheets = {
        name: _records(book, name, columns, OPTIONAL_COLUMNS.get(name, ())) for name, columns in PLAN_SHEETS.items()
    }
    sheets.update({name: _records(book, name, columns) for name, columns in OPTIONAL_SHEETS.items() if name in book})
    # Every problem of the plan is collected and reported at once, each with its sheet and cell: a clerk fixes
    # them in one go, and nothing is written from a plan that is wrong (a duplicate 序号 used to fail only when the
    # history was saved, after every output had been written).
    errors: list[str] = []
    info_rows = {str(r["项目"][0]).strip(): r["内容"][0] for r in sheets["方案信息"]}
    try:
        info = _plan_info(info_rows, path)
    except PlanError as exc:
        errors.append(str(exc))
        info = None
    units, group_names, contacts = [], [], {}
    for r in sheets["责任单位"]:
        name = _text(r["单位名称"][0])
        if not name or name == PENDING_UNIT:
            continue
        if _text(r["类型"][0]) in GROUP_KINDS:
            group_names.append(name)
            continue
        aliases = tuple(a for a in _ALIAS_SPLIT.split(_text(r["简称及别名"][0])) if a)
        units.append(Unit(name, aliases, _text(r["类别"][0])))
        if not (contact := _contact(r)).empty:
            contacts[name] = contact
    errors += _unit_name_conflicts([r for r in sheets["责任单位"] if _text(r["类型"][0]) not in GROUP_KINDS])
    directory = UnitDirectory(units)
    groups = _groups(sheets.get("单位分组", []), group_names, directory)
    names = _Names(directory, {normalise_name(g.name): g for g in groups})
    year = info.issued_on.year if info else date.today().year
    task_roles = any(r["落实单位"][1] for r in sheets["重点任务"])
    task_rows = [r for r in sheets["重点任务"] if _text(r["重点工作任务"][0])]
    tasks = _collect(errors, (lambda r=r: _task(r, names, year, task_roles) for r in task_rows))
    indicator_roles = any(r["落实单位"][1] for r in sheets["量化指标"])
    indicators = _indicators(sheets["量化指标"], names, indicator_roles, sheets.get("分解目标", []), errors)
    errors += _duplicate_numbers("重点任务", task_rows)
    errors += _duplicate_numbers("量化指标", [r for r in sheets["量化指标"] if _text(r["指标"][0])])
    body = _collect(
        errors,
        (
            lambda r=r: BodyParagraph(
                _number(r["层级"], "层级") if _text(r["层级"][0]) else 0, _text(r["标题"][0]), _text(r["正文"][0])
            )
            for r in sheets["方案正文"]
        ),
    )
    if errors or info is None:
        raise PlanError(
            f"方案文件 {path.name} 有 {len(errors)} 处问题：" + "；".join(e.rstrip("。") for e in errors) + "。"
        )
    layouts = tuple(_ALIAS_SPLIT.split(_text(info_rows.get(LAYOUT_KEY)))) if info_rows.get(LAYOUT_KEY) else ()
    layouts = tuple(x for x in layouts if x) or DEFAULT_LAYOUTS
    unknown = [x for x in layouts if x not in ANNEX_LAYOUTS]
    if unknown:
        raise PlanError(
            f"方案文件 {path.name} 的「方案信息」中「{LAYOUT_KEY}」有未知版式「{'、'.join(unknown)}」"
            f"（可用：{'、'.join(ANNEX_LAYOUTS)}）。"
        )
    annexes = tuple(_text(info_rows.get(k)) or d for k, d in zip(ANNEX_KEYS, layouts))
    rules = ReportingRules(cooperating_required=_text(info_rows.get(COOPERATING_KEY)) in _YES)
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


def _contact(r: dict) -> Contact:
    return Contact(
        _text(r["联系人"][0]),
        split_addresses(_text(r["联系邮箱"][0])),
        _text(r["负责人"][0]),
        split_addresses(_text(r["负责人邮箱"][0])),
    )


def workbook_rows(path: Path) -> dict[str, Sequence[Sequence[object]]]:
    """Every sheet of the plan workbook, in order, as rows of cell values from A1: read with python-calamine within
    PLAN_LIMITS (measured before anything is parsed, as a ledger is), values as openpyxl gives them (None for an
    empty cell, a whole number as int, a date as datetime, a formula's stored result)."""
    try:
        sheets = open_grids(path.name, path.suffix.lower(), path.read_bytes(), PLAN_LIMITS)
    except UnreadableFile as exc:
        raise PlanError(f"无法打开方案文件 {path.name}：{exc.message}") from None
    except OSError as exc:
        raise PlanError(f"无法打开方案文件 {path.name}：{exc.strerror or exc}") from None
    return {sheet.name: sheet.grid for sheet in sheets}  # cells made openpyxl-like (_cell_value) when used


def _cell_value(value: object) -> object:
    if value.__class__ is str:  # most cells: returned at once
        return value or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _records(
    book: dict[str, Sequence[Sequence[object]]], sheet_name: str, columns: list[str], optional: Sequence[str] = ()
) -> list[dict[str, tuple[object, str]]]:
    """Rows of a sheet as {column: (value, A1 cell)}; columns are found by their header text.

    Optional columns read as (None, "") when the sheet does not have them."""
    if sheet_name not in book:
        raise PlanError(f"方案文件缺少工作表「{sheet_name}」（应有：{'、'.join(PLAN_SHEETS)}）。")
    rows = iter(book[sheet_name])
    header = [_text(v) for v in next(rows, ())]
    missing = [c for c in columns if c not in header]
    if missing:
        raise PlanError(f"方案文件工作表「{sheet_name}」第1行缺少列：{'、'.join(missing)}。")
    where = {c: header.index(c) for c in columns}
    where.update({c: header.index(c) for c in optional if c in header})
    places = [(c, i, f"{sheet_name}!{_col(i)}") for c, i in where.items()]  # column letters once per sheet
    absent = {c: (None, "") for c in optional if c not in where}
    out = []
    for r, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        width = len(values)
        record = {}
        for c, i, place in places:
            v = values[i] if i < width else None
            record[c] = ((v or None) if v.__class__ is str else _cell_value(v), f"{place}{r}")  # str: most cells
        record.update(absent)
        out.append(record)
    return out


def _col(index: int) -> str:
    return xlsxwriter.utility.xl_col_to_name(index)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*$")


def _as_date(value: object) -> date | None:
    """A date cell, or a date typed as text (2018-04-03, 2018年4月3日, 2018/4/3, 2018.4.3)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and (match := _DATE_TEXT.match(unicodedata.normalize("NFKC", value))):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def _plan_info(rows: dict[str, object], path: Path) -> PlanInfo:
    values: dict[str, object] = {}
    for key, field in INFO_FIELDS.items():
        value = rows.get(key)
        values[field] = _as_date(value) if field in ("issued_on", "printed_on") else _text(value)
    for key in ("方案名称", "成文日期"):
        if not values[INFO_FIELDS[key]]:
            raise PlanError(f"方案文件 {path.name} 的「方案信息」缺少「{key}」（成文日期请填日期，如 2018-04-03）。")
    values["issuer_mark"] = values["issuer_mark"] or values["issuer"]
    values["print_office"] = values["print_office"] or values["issuer"]
    values["bulletin_office"] = values["bulletin_office"] or values["print_office"]
    values["bulletin_title"] = values["bulletin_title"] or "工作进展通报"
    return PlanInfo(**values)  # type: ignore[arg-type]


def _groups(rows: list[dict], listed: list[str], directory: UnitDirectory) -> list[UnitGroup]:
    """单位分组: each group with its members (canonical names); a group named in 责任单位 as 泛指 but not listed
    here has none yet."""
    out: dict[str, UnitGroup] = {}
    for r in rows:
        name = _text(r["分组名称"][0])
        if not name:
            continue
        members = []
        for member in split_units(_text(r["成员单位"][0])):
            unit = directory.resolve(member)
            if unit is None:
                raise PlanError(
                    f"方案文件 {r['成员单位'][1]} 的分组「{name}」的成员「{member}」不在「责任单位」表中："
                    "请在「责任单位」表中补充该单位。"
                )
            members.append(unit)
        out[normalise_name(name)] = UnitGroup(name, tuple(dict.fromkeys(members)))
    for name in listed:
        out.setdefault(normalise_name(name), UnitGroup(name))
    return list(out.values())


class _Names:
    """Resolves the unit names of a cell: units (by name or alias), groups (to their members) and （待指定）."""

    def __init__(self, directory: UnitDirectory, groups: dict[str, UnitGroup]):
        self.directory, self.groups = directory, groups
        # the same few cells (区农办、区财政局) recur on thousands of rows: resolved once each; a name that fails
        # is not kept, so that every row naming it gets its own located error
        self._resolved: dict[tuple[str, str], tuple[list[Assignment], list[str]]] = {}
        # and so do whole rows of them (a unit's ninety tasks, each 牵头 the same, 配合 the same): a row's parts
        # follow from its cells' texts, and are made once per combination
        self._rows: dict[tuple[str, ...], tuple[str, tuple[Assignment, ...], tuple[str, ...]]] = {}

    def resolve(self, value: tuple[object, str], role: str) -> tuple[list[Assignment], list[str]]:
        key = (_text(value[0]), role)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(value, role)
        assignments, unresolved = self._resolved[key]
        return list(assignments), list(unresolved)

    def _resolve(self, value: tuple[object, str], role: str) -> tuple[list[Assignment], list[str]]:
        assignments, unresolved = [], []
        for name in split_units(_text(value[0])):
            group = self.groups.get(normalise_name(name))
            if "待指定" in name:
                unresolved.append(PENDING_UNIT)
            elif group is not None:
                assignments += [Assignment(m, role) for m in group.members]
                if not group.members:
                    unresolved.append(group.name)
            else:
                assignments.append(Assignment(_unit(self.directory, (name, value[1])), role))
        return assignments, unresolved

    def assignments(self, r: dict, roles: bool) -> tuple[str, tuple[Assignment, ...], tuple[str, ...]]:
        """(责任单位, assignments, unresolved) of a row: from the role columns in a plan with roles, else the one
        责任单位 as lead."""
        columns = (*(column for column, _ in ROLE_COLUMNS), "责任单位") if roles else ("责任单位",)
        key = tuple(_text(r[column][0]) for column in columns)
        found = self._rows.get(key)
        if found is None:  # a name that is not known raises, with its cell, and is never kept
            found = self._rows[key] = self._assignments(r, roles)
        return found

    def _assignments(self, r: dict, roles: bool) -> tuple[str, tuple[Assignment, ...], tuple[str, ...]]:
        found: list[Assignment] = []
        unresolved: list[str] = []
        columns = ROLE_COLUMNS if roles else ()
        for column, role in columns:
            more, missing = self.resolve(r[column], role)
            found += more
            unresolved += missing
        if not any(a.role == LEAD for a in found) and not (roles and _text(r["牵头单位"][0])):
            more, missing = self.resolve(r["责任单位"], LEAD)
            found = more + found
            unresolved += missing
        # a unit named twice (市水利局牵头, 相关成员单位配合 which includes it) has one part: its first role
        best: dict[str, str] = {}
        for a in found:
            if a.unit not in best or ROLES.index(a.role) < ROLES.index(best[a.unit]):
                best[a.unit] = a.role
        unique = tuple(Assignment(unit, role) for unit, role in best.items())
        leads = [a.unit for a in unique if a.role == LEAD]
        first = (leads or [a.unit for a in unique] or [""])[0]
        return first, unique, tuple(dict.fromkeys(unresolved))


def _collect(errors: list[str], makers) -> list:
    """Call each maker; a PlanError joins `errors` (with its cell) instead of stopping at the first."""
    out = []
    for make in makers:
        try:
            out.append(make())
        except PlanError as exc:
            errors.append(str(exc))
    return out


def _duplicate_numbers(sheet: str, rows: list[dict]) -> list[str]:
    """A 序号 given twice: the rows would be one task in the history and two in the annex."""
    seen: dict[int, str] = {}
    out = []
    for r in rows:
        try:
            no = _number(r["序号"], "序号")
        except PlanError:
            continue  # reported already
        if no in seen:
            out.append(f"{r['序号'][1]} 的序号 {no} 与 {seen[no]} 重复（「{sheet}」中每个序号只能用一次）")
        else:
            seen[no] = r["序号"][1]
    return out


def _unit_name_conflicts(rows: list[dict]) -> list[str]:
    """One name or alias given to two units would silently move every task of one to the other."""
    owner: dict[str, tuple[str, str]] = {}
    out = []
    for r in rows:
        unit = _text(r["单位名称"][0])
        if not unit:
            continue
        names = [(unit, r["单位名称"][1])] + [
            (a, r["简称及别名"][1]) for a in _ALIAS_SPLIT.split(_text(r["简称及别名"][0])) if a
        ]
        for name, cell in names:
            key = normalise_name(name)
            if key in owner and owner[key][0] != unit:
                out.append(
                    f"{cell} 的「{name}」已是 {owner[key][1]}「{owner[key][0]}」的名称或简称，同一简称不能给两个单位"
                )
            owner.setdefault(key, (unit, cell))
    return out


def _unit(directory: UnitDirectory, value: tuple[object, str]) -> str:
    name = directory.resolve(_text(value[0]))
    if name is None:
        raise PlanError(
            f"方案文件 {value[1]} 的责任单位「{_text(value[0])}」不在「责任单位」表中：请补充该单位或其简称。"
        )
    return name


def _number(value: tuple[object, str], what: str) -> int:
    """A whole number in an ordinary range: 3, 3.0 or "3"; inf, NaN, 1e300, 2.5, text are located errors."""
    try:
        number = float(_text(value[0]))
        if not number.is_integer() or not 0 <= number < 2**31:
            raise ValueError
        return int(number)
    except (ValueError, OverflowError):
        raise PlanError(f"方案文件 {value[1]} 的{what}「{_text(value[0])}」应为正整数。") from None


def _task(r: dict, names: _Names, year: int, roles: bool) -> Task:
    deadline_text = _text(r["完成时限"][0])
    unit, assignments, unresolved = names.assignments(r, roles)
    return Task(
        no=_number(r["序号"], "序号"),
        task=_text(r["重点工作任务"][0]),
        target=_text(r["目标要求"][0]),
        requirement=_text(r["工作要求"][0]),
        unit=unit,
        deadline_text=deadline_text,
        deadline=_as_date(r["截止日期"][0]) or parse_deadline(deadline_text, year),
        lead_units=_text(r["牵头单位"][0]),
        co_units=_text(r["配合单位"][0]),
        assignments=assignments,
        unresolved=unresolved,
        implementing_units=_text(r["落实单位"][0]),
    )


def _unit_targets(rows: list[dict], names: _Names) -> dict[int, list[tuple[str, str]]]:
    """分解目标: indicator number → [(unit, target as written)]."""
    out: dict[int, list[tuple[str, str]]] = {}
    for r in rows:
        if not _text(r["单位"][0]):
            continue
        unit = _unit(names.directory, r["单位"])
        out.setdefault(_number(r["指标序号"], "指标序号"), []).append((unit, _text(r["目标值"][0])))
    return out


def _indicators(
    rows: list[dict], names: _Names, roles: bool, targets: list[dict], errors: list[str]
) -> list[Indicator]:
    out, category = [], ""
    unit_targets = _unit_targets(targets, names)
    for r in rows:
        if not _text(r["指标"][0]):
            continue
        try:
            unit, assignments, unresolved = names.assignments(r, roles)
            no = _number(r["序号"], "序号")
        except PlanError as exc:
            errors.append(str(exc))
            continue
        category = _text(r["类别"][0]) or category  # 类别 is written once per group, as in the seed
        target_text = _text(r["目标值"][0])
        out.append(
            Indicator(
                no=no,
                category=category,
                name=_text(r["指标"][0]),
                dimension=_text(r["量纲"][0]),
                target_text=target_text,
                target=parse_target(target_text),
                direction="≤" if _text(r["达标方向"][0]) in ("≤", "<=", "不高于", "以下") else "≥",
                basis=_text(r["计算依据"][0]),
                requirement=_text(r["工作要求"][0]),
                unit=unit,
                field=_text(r["领域"][0]),
                attribute=_text(r["指标属性"][0]),
                lead_units=_text(r["牵头单位"][0]),
                sub_items=tuple(line.strip() for line in _text(r["分项"][0]).split("\n") if line.strip()),
                assignments=assignments,
                unresolved=unresolved,
                co_units=_text(r["配合单位"][0]),
                implementing_units=_text(r["落实单位"][0]),
                unit_targets=tuple(unit_targets.get(no, ())),
            )
        )
    return out


def parse_target(text: str) -> float | None:
    """The target as a number: ≥20, 不低于90% …; a target of several lines (one per 分项, or a number with a
    condition such as 且不降低) counts when its numeric lines agree. None when it is words (制定实施)."""
    numbers = {float(m.group(1)) for line in text.split("\n") if (m := _NUMBER.match(line.strip().replace("％", "%")))}
    return numbers.pop() if len(numbers) == 1 else None
