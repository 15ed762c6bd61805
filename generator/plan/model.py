"""Plain data classes for the plan; every later stage reads these, never the workbook."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from generator.plan.contacts import Contact

# 附件版式: the annex layouts a plan can ask for (generator/documents/annexes.py has one writer for each).
ANNEX_LAYOUTS = ("工作台账", "量化指标台账", "任务分解表")


@dataclass(frozen=True)
class Unit:
    """责任单位: a responsible unit, with the other names it goes by (区农办 for 区农村工作办公室)."""

    name: str
    aliases: tuple[str, ...] = ()

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
    unit: str  # 责任单位, canonical name
    deadline_text: str  # 完成时限, as the plan words it
    deadline: date | None  # the same, as a date (None when the text names none)
    lead_units: str = ""  # 牵头单位 as the plan words them, all of them (责任单位 is the first); optional
    co_units: str = ""  # 配合单位; optional


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


def is_word_target(target_text: str) -> bool:
    """A target stated in words (制定实施, 全面推行, 未发生), answered in words rather than a number."""
    text = (target_text or "").strip()
    return bool(text) and not any(ch.isdigit() for ch in text) and not text.startswith("按") and text not in "/—-"


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
        for unit in self.units:
            if unit.name == name:
                return unit
        raise KeyError(name)

    def reporting_units(self) -> list[Unit]:
        """Units that own at least one task or indicator: the ones expected to report every month."""
        tasks, indicators = self._by_unit
        return [u for u in self.units if u.name in tasks or u.name in indicators]

    def tasks_of(self, unit: str) -> list[Task]:
        return self._by_unit[0].get(unit, [])

    def indicators_of(self, unit: str) -> list[Indicator]:
        return self._by_unit[1].get(unit, [])

    @cached_property
    def _by_unit(self) -> tuple[dict[str, list[Task]], dict[str, list[Indicator]]]:
        """Indexes built once: a province-wide plan has tens of thousands of rows and a thousand units."""
        tasks: dict[str, list[Task]] = {}
        indicators: dict[str, list[Indicator]] = {}
        for task in self.tasks:
            tasks.setdefault(task.unit, []).append(task)
        for indicator in self.indicators:
            indicators.setdefault(indicator.unit, []).append(indicator)
        return tasks, indicators

    @cached_property
    def task_by_no(self) -> dict[int, Task]:
        return {t.no: t for t in self.tasks}

    @cached_property
    def indicator_by_no(self) -> dict[int, Indicator]:
        return {i.no: i for i in self.indicators}
