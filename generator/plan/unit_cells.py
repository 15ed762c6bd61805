"""Units read from plan.xlsx (责任单位): the 责任单位 and 单位分组 sheets as units, contacts and groups, and the
unit cells of a task or indicator row as its assignments.

Units in roles: a 重点任务 or 量化指标 sheet with the column 落实单位 (written by plan import and by taizhang for
plans with shared tasks) reads 牵头单位, 配合单位 and 落实单位 as assignments, names separated by 、 (a 、 inside
brackets, as in 各县(市、区)人民政府, does not separate), a group name standing for its members; 责任单位 is then read
only where 牵头单位 is empty. Older workbooks (焦作, 海陵) name one 责任单位 per row, read as its lead, and keep
牵头单位 / 配合单位 as the plan's words.
"""

from __future__ import annotations

from generator.errors import PlanError
from generator.plan.cells import ALIAS_SPLIT, cell_text
from generator.plan.contacts import Contact, split_addresses
from generator.plan.layout import ROLE_COLUMNS
from generator.plan.model import LEAD, PENDING_UNIT, ROLES, Assignment, UnitGroup
from generator.plan.units import UnitDirectory, normalise_name, split_units


def contact(r: dict) -> Contact:
    return Contact(
        cell_text(r["联系人"][0]),
        split_addresses(cell_text(r["联系邮箱"][0])),
        cell_text(r["负责人"][0]),
        split_addresses(cell_text(r["负责人邮箱"][0])),
    )


def unit_name_conflicts(rows: list[dict]) -> list[str]:
    """One name or alias given to two units would silently move every task of one to the other."""
    owner: dict[str, tuple[str, str]] = {}
    out = []
    for r in rows:
        unit = cell_text(r["单位名称"][0])
        if not unit:
            continue
        names = [(unit, r["单位名称"][1])] + [
            (a, r["简称及别名"][1]) for a in ALIAS_SPLIT.split(cell_text(r["简称及别名"][0])) if a
        ]
        for name, cell in names:
            key = normalise_name(name)
            if key in owner and owner[key][0] != unit:
                out.append(
                    f"{cell} 的「{name}」已是 {owner[key][1]}「{owner[key][0]}」的名称或简称，同一简称不能给两个单位"
                )
            owner.setdefault(key, (unit, cell))
    return out


def groups(rows: list[dict], listed: list[str], directory: UnitDirectory) -> list[UnitGroup]:
    """单位分组: each group with its members (canonical names); a group named in 责任单位 as 泛指 but not listed
    here has none yet."""
    out: dict[str, UnitGroup] = {}
    for r in rows:
        name = cell_text(r["分组名称"][0])
        if not name:
            continue
        members = []
        for member in split_units(cell_text(r["成员单位"][0])):
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


def resolve_unit(directory: UnitDirectory, value: tuple[object, str]) -> str:
    name = directory.resolve(cell_text(value[0]))
    if name is None:
        raise PlanError(
            f"方案文件 {value[1]} 的责任单位「{cell_text(value[0])}」不在「责任单位」表中：请补充该单位或其简称。"
        )
    return name


class UnitNames:
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
        key = (cell_text(value[0]), role)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(value, role)
        assignments, unresolved = self._resolved[key]
        return list(assignments), list(unresolved)

    def _resolve(self, value: tuple[object, str], role: str) -> tuple[list[Assignment], list[str]]:
        assignments, unresolved = [], []
        for name in split_units(cell_text(value[0])):
            group = self.groups.get(normalise_name(name))
            if "待指定" in name:
                unresolved.append(PENDING_UNIT)
            elif group is not None:
                assignments += [Assignment(m, role) for m in group.members]
                if not group.members:
                    unresolved.append(group.name)
            else:
                assignments.append(Assignment(resolve_unit(self.directory, (name, value[1])), role))
        return assignments, unresolved

    def assignments(self, r: dict, roles: bool) -> tuple[str, tuple[Assignment, ...], tuple[str, ...]]:
        """(责任单位, assignments, unresolved) of a row: from the role columns in a plan with roles, else the one
        责任单位 as lead."""
        columns = (*(column for column, _ in ROLE_COLUMNS), "责任单位") if roles else ("责任单位",)
        key = tuple(cell_text(r[column][0]) for column in columns)
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
        if not any(a.role == LEAD for a in found) and not (roles and cell_text(r["牵头单位"][0])):
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
