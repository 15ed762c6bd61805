"""Plain data classes for the plan; every later stage reads these, never the workbook."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from generator.plan.contacts import Contact

# 附件版式: the annex layouts a plan can ask for (generator/documents/annexes.py has one writer for each).
ANNEX_LAYOUTS = ("工作台账", "量化指标台账", "任务分解表")

# Roles (角色) a unit has in a task or indicator. 责任单位 in a plan that names one unit per row reads as 牵头.
LEAD, COOPERATING, IMPLEMENTING = "牵头", "配合", "落实"
ROLES = (LEAD, COOPERATING, IMPLEMENTING)
PENDING_UNIT = "（待指定）"  # what plan import writes where it found no unit: the clerk must name one


@dataclass(frozen=True)
class Assignment:
    """分工: one unit in one role on a task or indicator (市水利局 牵头, 卫东区人民政府 落实)."""

    unit: str  # canonical unit name
    role: str  # one of ROLES


@dataclass(frozen=True)
class UnitGroup:
    """单位分组: a name that stands for several units (各县(市、区)人民政府 → the counties, cities and districts)."""

    name: str
    members: tuple[str, ...] = ()  # canonical unit names; empty until the clerk lists them


@dataclass(frozen=True)
class ReportingRules:
    """Who must report every month (方案信息 配合单位报送). Lead and implementing units always report each of their
    assignments; cooperating units report their part, and by default one that sends nothing is listed but is not
    未报送 (no 催报通知, not counted), because in practice the lead reports joint work."""

    cooperating_required: bool = False

    def required(self, role: str) -> bool:
        return role != COOPERATING or self.cooperating_required


@dataclass(frozen=True)
class Unit:
    """责任单位: a responsible unit, with the other names it goes by (区农办 for 区农村工作办公室)."""

    name: str
    aliases: tuple[str, ...] = ()
    category: str = ""  # 类别: 市直部门 / 县区 / 乡镇街道 …; rankings are per category

    @property
    def short_name(self) -> str:
        """The name used in tables: the first alias when there is one (how the annexes write it)."""
        return self.aliases[0] if self.aliases else self.name


@dataclass(frozen=True)
class Task:
    """重点工作任务: one row of 附件一 工作台账."""

    no: int
    task: str  # 重点工作任务
    target: str  # 目标要求
    requirement: str  # 工作要求 (the evidence asked for)
    unit: str  # 责任单位, canonical name: the first lead (kept for tables that print one unit)
    deadline_text: str  # 完成时限, as the plan words it
    deadline: date | None  # the same, as a date (None when the text names none)
    lead_units: str = ""  # 牵头单位 as the plan words them, all of them (责任单位 is the first); optional
    co_units: str = ""  # 配合单位; optional
    # 分工: every unit in its role, groups expanded; (责任单位, 牵头) when the plan names one unit per row.
    assignments: tuple[Assignment, ...] = ()
    # Groups with no members listed yet and （待指定）: the plan is not ready for ledgers until they are resolved.
    unresolved: tuple[str, ...] = ()
    implementing_units: str = ""  # 落实单位 as the plan words them; optional

    def __post_init__(self) -> None:
        _fill_assignments(self)


@dataclass(frozen=True)
class Indicator:
    """量化指标: one row of 附件二 量化指标台账."""

    no: int
    category: str  # 类别
    name: str  # 指标
    dimension: str  # 量纲
    target_text: str  # 目标值, as written (30, 0.65, 按市规定值)
    target: float | None  # the same as a number; None when the target is set elsewhere
    direction: str  # "≥" (higher is better) or "≤"
    basis: str  # 计算依据
    requirement: str  # 工作要求
    unit: str  # 责任单位, canonical name
    # Optional, for the 任务分解表 layout (海陵 seed): 领域, 指标属性 (约束性/参考性指标), 牵头部门 as worded, and
    # 分项: the sub-rows of an indicator (秸秆综合利用率 / 畜禽养殖场粪便综合利用率) whose 量纲 and 目标值 are then
    # one line per sub-row (or one line for all).
    field: str = ""
    attribute: str = ""
    lead_units: str = ""
    sub_items: tuple[str, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    unresolved: tuple[str, ...] = ()
    co_units: str = ""
    implementing_units: str = ""
    # 分解目标: a unit's own target (the county quota of a city-wide figure), unit → target as written
    unit_targets: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        _fill_assignments(self)

    def target_for(self, unit: str) -> str:
        """The target a unit is measured against: its 分解目标, else the indicator's."""
        return dict(self.unit_targets).get(unit, self.target_text)


def _fill_assignments(item: Task | Indicator) -> None:
    """A row built with one 责任单位 gets it as its lead assignment; a row built from assignments gets its first
    lead as 责任单位, so code that prints one unit per row keeps working."""
    if not item.assignments and item.unit:
        object.__setattr__(item, "assignments", (Assignment(item.unit, LEAD),))
    elif item.assignments and not item.unit:
        leads = [a.unit for a in item.assignments if a.role == LEAD]
        object.__setattr__(item, "unit", (leads or [item.assignments[0].unit])[0])


def role_of(item: Task | Indicator, unit: str) -> str | None:
    """The unit's role in a task or indicator (a lead first, if the plan names it twice), None when it has none."""
    roles = [a.role for a in item.assignments if a.unit == unit]
    return min(roles, key=ROLES.index) if roles else None


def is_word_target(target_text: str) -> bool:
    """A target stated in words (制定实施, 全面推行, 未发生), answered in words rather than a number."""
    text = (target_text or "").strip()
    return bool(text) and not any(ch.isdigit() for ch in text) and not text.startswith("按") and text not in "/—-"


def others_text(item: Task | Indicator, unit: str, short: dict[str, str]) -> str:
    """其他责任单位: the other units of the item by role (牵头：市水利局；落实：卫东区、新华区), so a unit sees whom
    it works with; "—" when it is the only one."""
    parts = []
    for role in ROLES:
        names = list(dict.fromkeys(short.get(a.unit, a.unit) for a in item.assignments if a.role == role))
        names = [n for n in names if n != short.get(unit, unit)]
        if names:
            parts.append(f"{role}：{'、'.join(names)}")
    return "；".join(parts) or "—"


UNCATEGORISED = "责任单位"  # the ranking table of units whose 类别 is not given


@dataclass(frozen=True)
class PlanInfo:
    """方案信息: what the notice and the bulletin need to know about the plan and its office."""

    title: str  # 方案名称
    issuer: str  # 发文机关 (署名)
    issuer_mark: str  # 发文机关标志
    doc_number: str  # 发文字号
    issued_on: date  # 成文日期
    recipients: str  # 主送机关
    notice_body: str  # 通知正文
    note: str = ""  # 附注
    cc: str = ""  # 抄送
    print_office: str = ""  # 印发机关
    printed_on: date | None = None  # 印发日期
    bulletin_office: str = ""  # 通报的印发单位
    bulletin_title: str = ""  # 通报名称
    report_to: str = ""  # 通报 报送
    send_to: str = ""  # 通报 分送


@dataclass(frozen=True)
class BodyParagraph:
    """One paragraph of the plan's text: level 1 一、, level 2 （一）, level 0 plain text."""

    level: int
    heading: str
    text: str


@dataclass
class Plan:
    """工作方案: information, units, tasks (附件一), indicators (附件二) and the body text."""

    info: PlanInfo
    units: list[Unit]
    tasks: list[Task]
    indicators: list[Indicator]
    body: list[BodyParagraph] = field(default_factory=list)
    annex_titles: tuple[str, ...] = ("工作台账", "量化指标台账")
    # 附件版式: the layout of each annex, in order (see generator/documents/annexes.py LAYOUTS).
    annex_layouts: tuple[str, ...] = ("工作台账", "量化指标台账")
    groups: list[UnitGroup] = field(default_factory=list)
    reporting: ReportingRules = field(default_factory=ReportingRules)
    # True when plan.xlsx names units in roles (牵头单位 / 配合单位 / 落实单位 columns); older workbooks name one
    # 责任单位 per row and keep 牵头单位 / 配合单位 as words only.
    uses_roles: bool = False
    # 联系方式 by canonical unit name, from the optional contact columns of 责任单位 (used by `taizhang send`).
    contacts: dict[str, Contact] = field(default_factory=dict)

    def annex_title(self, layout: str) -> str:
        """The title the plan gives the annex in `layout` (the layout's own name when it gives none)."""
        for index, name in enumerate(self.annex_layouts):
            if name == layout and index < len(self.annex_titles) and self.annex_titles[index]:
                return self.annex_titles[index]
        return layout

    @property
    def plan_id(self) -> str:
        """A short fingerprint of the plan's identity, written into every ledger we issue."""
        key = f"{self.info.doc_number}|{self.info.title}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]

    def unit(self, name: str) -> Unit:
        return self._unit_by_name[name]

    @cached_property
    def _unit_by_name(self) -> dict[str, Unit]:
        by_name: dict[str, Unit] = {}
        for unit in self.units:
            by_name.setdefault(unit.name, unit)  # the first of a repeated name, as the scan it replaces found
        return by_name

    @property
    def shares_tasks(self) -> bool:
        """Whether any task or indicator has more than one unit or a role other than 牵头 (ledgers then show roles)."""
        items: list[Task | Indicator] = [*self.tasks, *self.indicators]
        return self.uses_roles or any(
            len(item.assignments) > 1 or item.assignments[0].role != LEAD for item in items if item.assignments
        )

    def ledger_units(self) -> list[Unit]:
        """Units with any role in a task or indicator: each gets a blank ledger with those rows."""
        tasks, indicators = self._by_unit
        return [u for u in self.units if u.name in tasks or u.name in indicators]

    def reporting_units(self) -> list[Unit]:
        """Units with at least one assignment they must report (牵头, 落实; 配合 when the plan says so): the ones
        expected every month, chased with 催报通知 and ranked."""
        return [u for u in self.ledger_units() if self.must_report(u.name)]

    def must_report(self, unit: str) -> bool:
        return any(self.reporting.required(role_of(item, unit) or "") for item in self.items_of(unit))

    def items_of(self, unit: str) -> list[Task | Indicator]:
        tasks, indicators = self._by_unit
        return [*tasks.get(unit, []), *indicators.get(unit, [])]

    def tasks_of(self, unit: str) -> list[Task]:
        """Every task the unit has a role in, in plan order."""
        return self._by_unit[0].get(unit, [])

    def indicators_of(self, unit: str) -> list[Indicator]:
        return self._by_unit[1].get(unit, [])

    def required(self, item: Task | Indicator, unit: str) -> bool:
        """Whether the unit must report this item every month (its role says so)."""
        role = role_of(item, unit)
        return role is not None and self.reporting.required(role)

    def categories(self) -> list[str]:
        """类别 in registry order; units without one fall under 责任单位."""
        return list(dict.fromkeys(u.category or UNCATEGORISED for u in self.units))

    @cached_property
    def _by_unit(self) -> tuple[dict[str, list[Task]], dict[str, list[Indicator]]]:
        """Indexes built once: a province-wide plan has tens of thousands of rows and a thousand units."""
        tasks: dict[str, list[Task]] = {}
        indicators: dict[str, list[Indicator]] = {}
        for task in self.tasks:
            for unit in dict.fromkeys(a.unit for a in task.assignments):
                tasks.setdefault(unit, []).append(task)
        for indicator in self.indicators:
            for unit in dict.fromkeys(a.unit for a in indicator.assignments):
                indicators.setdefault(unit, []).append(indicator)
        return tasks, indicators

    @cached_property
    def task_by_no(self) -> dict[int, Task]:
        return {t.no: t for t in self.tasks}

    @cached_property
    def indicator_by_no(self) -> dict[int, Indicator]:
        return {i.no: i for i in self.indicators}
