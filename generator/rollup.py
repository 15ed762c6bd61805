"""汇总规则 (roll-up): from each unit's part of a task to the task, the unit and the month. Pure functions over frozen
dataclasses; `progress.merge_month` builds the assignments from what came in, everything after reads these.

The rules (README, "Shared tasks and the roll-up"):

- Per assignment (分工): the effective status as for a task with one unit: 已完成 as reported; nothing reported (or
  no status) is 未报送; 滞后 as reported or past the deadline and not done; 未启动; 正在推进 within the deadline is
  按序时推进. The light: green done or on schedule, yellow near the deadline, not started or not reported in time,
  red lagging or overdue.
- Per task, over its reporting assignments (牵头 and 落实; 配合 when the plan requires it): done only when every one is
  done; lagging when any is; else 未报送 when any has not reported, 未启动 when any has not started, else on
  schedule. Its progress is the mean of its reporting assignments' 完成百分比 (a 未启动 one counts 0; one with no
  figure is left out), its days overdue the most of any, its light the worst.
- Per unit, over its reporting assignments: counts by status, the mean 完成百分比 (same rule), the completion rate,
  and how many assignments it has in each role. A unit with no reporting assignment is listed but not ranked; ranks
  are per 类别 (市直部门, 县区 …).
- A month a unit did not report is a gap (None) in its trend, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from generator.plan.model import COOPERATING, IMPLEMENTING, LEAD, UNCATEGORISED, Indicator, Task

# Effective status (本期状态): what the bulletin counts.
DONE, ON_SCHEDULE, LAGGING, NOT_STARTED, NOT_REPORTED = "已完成", "按序时推进", "滞后", "未启动", "未报送"
EFFECTIVE = (DONE, ON_SCHEDULE, LAGGING, NOT_STARTED, NOT_REPORTED)
GREEN, YELLOW, RED = "绿灯", "黄灯", "红灯"
LIGHTS = (GREEN, YELLOW, RED)  # from best to worst
SOON_DAYS = 30  # a task due within this many days after the period is yellow
# Reported statuses (完成状态), as the ledger's drop-down words them.
REPORTED_DONE, REPORTED_ONGOING, REPORTED_LAGGING, REPORTED_NOT_STARTED = "已完成", "正在推进", "滞后", "未启动"
# A task's status from its assignments: the first of these any reporting assignment has (after "all done").
_TASK_PRECEDENCE = (LAGGING, NOT_REPORTED, NOT_STARTED, ON_SCHEDULE)


@dataclass(frozen=True)
class Judgement:
    """The effective status of one assignment at the end of a period."""

    effective: str
    days_overdue: int
    light: str


def judge(status: str, reported: bool, deadline: date | None, as_of: date) -> Judgement:
    """Per assignment: `status` as reported (normalised, "" when missing), against the deadline."""
    days_overdue = (as_of - deadline).days if deadline and deadline < as_of else 0
    if status == REPORTED_DONE:
        return Judgement(DONE, 0, GREEN)
    if not reported or not status:
        return Judgement(NOT_REPORTED, days_overdue, RED if days_overdue else YELLOW)
    if status == REPORTED_LAGGING or days_overdue:
        return Judgement(LAGGING, days_overdue, RED)
    if status == REPORTED_NOT_STARTED:
        return Judgement(NOT_STARTED, 0, YELLOW)
    soon = deadline is not None and (deadline - as_of).days <= SOON_DAYS
    return Judgement(ON_SCHEDULE, 0, YELLOW if soon else GREEN)


def counted_percent(effective: str, percent: float | None) -> float | None:
    """The 完成百分比 an assignment adds to an average: 0 when not started, None (left out) when unknown."""
    return 0.0 if effective == NOT_STARTED else percent


def average_percent(items: Iterable[tuple[str, float | None]]) -> float | None:
    """Mean 完成百分比 of (effective, percent) pairs, one decimal; None when none has a figure (a gap, not 0)."""
    values = [v for e, p in items if (v := counted_percent(e, p)) is not None]
    return round(sum(values) / len(values), 1) if values else None


def completion_rate(done: int, total: int) -> float:
    """完成率: done over all, in percent, one decimal."""
    return round(100 * done / total, 1) if total else 0.0


@dataclass(frozen=True, slots=True)
class AssignmentProgress:
    """分工进展: one unit's part of one task this month, as reported and as judged."""

    task: Task
    unit: str
    unit_short: str
    category: str
    role: str
    required: bool  # the unit must report it monthly (牵头, 落实; 配合 when the plan says so)
    reported: bool  # the unit's accepted ledger has a row for it
    status: str  # 完成状态 as reported (normalised), "" when not
    percent: float | None
    effective: str
    days_overdue: int
    light: str
    progress: str = ""
    evidence: str = ""
    issues: str = ""
    next_steps: str = ""
    reporter: str = ""
    phone: str = ""
    file: str = ""
    sha256: str = ""
    source: Mapping[str, str] = field(default_factory=dict)  # column → sheet!A1
    expected: float = 0.0  # 序时进度: the percent the plan expects by the period's end
    schedule: str = ""  # 超序时 / 达序时 / 滞后序时 when reported

    @property
    def no(self) -> int:
        return self.task.no


@dataclass(frozen=True, slots=True)
class TaskProgress:
    """A task this month: its assignments and the roll-up over those that must report."""

    task: Task
    unit_short: str  # 责任单位 (the first lead), short name
    assignments: tuple[AssignmentProgress, ...]
    effective: str
    percent: float | None
    days_overdue: int
    light: str

    @property
    def no(self) -> int:
        return self.task.no

    @property
    def counted(self) -> tuple[AssignmentProgress, ...]:
        """The reporting assignments: what the task's figures are made of."""
        return tuple(a for a in self.assignments if a.required) or self.assignments

    @property
    def shared(self) -> bool:
        """More than one unit has a part in the task."""
        return len(self.assignments) > 1

    @property
    def single(self) -> AssignmentProgress | None:
        """The one assignment of a task with one unit (its report is the task's)."""
        return self.assignments[0] if len(self.assignments) == 1 else None


@dataclass(frozen=True)
class IndicatorValue:
    """One unit's value of an indicator this month, against its own target (分解目标) or the indicator's."""

    indicator: Indicator
    unit: str
    unit_short: str
    role: str
    required: bool
    reported: bool  # the unit's ledger was accepted
    value: float | None
    value_text: str
    target_text: str
    attainment: str
    progress: str = ""
    file: str = ""
    sha256: str = ""
    source: Mapping[str, str] = field(default_factory=dict)

    @property
    def no(self) -> int:
        return self.indicator.no


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator this month: the figure of its (first) lead unit, which states the whole, and every unit's own."""

    indicator: Indicator
    unit_short: str
    values: tuple[IndicatorValue, ...]

    @property
    def no(self) -> int:
        return self.indicator.no

    @property
    def main(self) -> IndicatorValue:
        """The value the annexes and the bulletin print for the indicator: the 责任单位's (first lead's)."""
        return next((v for v in self.values if v.unit == self.indicator.unit), self.values[0])

    @property
    def attainment(self) -> str:
        return self.main.attainment


@dataclass(frozen=True)
class UnitFigures:
    """各单位情况: one unit's figures over its tasks this month. `rank` is its place within its 类别, 0 when the unit
    has no reporting assignment (not ranked). `avg_percent` is None when it reported no figure."""

    name: str
    short_name: str
    category: str
    reported: bool
    total: int  # reporting assignments (tasks)
    done: int
    on_schedule: int
    lagging: int
    not_started: int
    not_reported: int
    avg_percent: float | None
    completion_rate: float
    lead: int  # assignments by role, reporting or not
    cooperating: int
    implementing: int
    rank: int = 0

    @property
    def ranked(self) -> bool:
        return self.rank > 0


def roll_up_task(task: Task, unit_short: str, assignments: Sequence[AssignmentProgress]) -> TaskProgress:
    """Per task: see the module's rules."""
    counted = [a for a in assignments if a.required] or list(assignments)
    if not counted:
        return TaskProgress(task, unit_short, (), NOT_REPORTED, None, 0, YELLOW)
    if len(counted) == 1:  # most tasks: the one unit's judgement is the task's, its percent as it wrote it
        one = counted[0]
        parts = tuple(assignments)
        return TaskProgress(task, unit_short, parts, one.effective, one.percent, one.days_overdue, one.light)
    statuses = {a.effective for a in counted}
    if statuses == {DONE}:
        effective = DONE
    else:
        effective = next(s for s in _TASK_PRECEDENCE if s in statuses)
    percent = average_percent((a.effective, a.percent) for a in counted)
    days = max(a.days_overdue for a in counted)
    light = max((a.light for a in counted), key=LIGHTS.index)
    return TaskProgress(task, unit_short, tuple(assignments), effective, percent, days, light)


def unit_figures(
    name: str, short_name: str, category: str, reported: bool, assignments: Sequence[AssignmentProgress]
) -> UnitFigures:
    """Per unit, over its assignments (unranked: `rank_units` places it)."""
    counted = [a for a in assignments if a.required]
    count = {status: sum(a.effective == status for a in counted) for status in EFFECTIVE}
    roles = {role: sum(a.role == role for a in assignments) for role in (LEAD, COOPERATING, IMPLEMENTING)}
    return UnitFigures(
        name=name,
        short_name=short_name,
        category=category or UNCATEGORISED,
        reported=reported,
        total=len(counted),
        done=count[DONE],
        on_schedule=count[ON_SCHEDULE],
        lagging=count[LAGGING],
        not_started=count[NOT_STARTED],
        not_reported=count[NOT_REPORTED],
        avg_percent=average_percent((a.effective, a.percent) for a in counted),
        completion_rate=completion_rate(count[DONE], len(counted)),
        lead=roles[LEAD],
        cooperating=roles[COOPERATING],
        implementing=roles[IMPLEMENTING],
    )


def rank_units(units: Iterable[UnitFigures], categories: Sequence[str] = ()) -> tuple[UnitFigures, ...]:
    """Ranked within each 类别 (categories in the given order, then any other), by reported first, mean 完成百分比,
    completion rate, name; units with no reporting assignment follow, unranked (rank 0)."""
    units = list(units)
    order = list(dict.fromkeys([*categories, *(u.category for u in units)]))
    out: list[UnitFigures] = []
    for category in order:
        mine = [u for u in units if u.category == category and u.total]
        mine.sort(key=lambda f: (not f.reported, -(f.avg_percent or 0.0), -f.completion_rate, f.name))
        out += [_with_rank(u, rank) for rank, u in enumerate(mine, start=1)]
    out += [u for u in units if not u.total]
    return tuple(out)


def _with_rank(figures: UnitFigures, rank: int) -> UnitFigures:
    from dataclasses import replace

    return replace(figures, rank=rank)


def task_counts(tasks: Iterable[TaskProgress]) -> dict[str, int]:
    """How many tasks have each effective status."""
    tasks = list(tasks)
    return {status: sum(t.effective == status for t in tasks) for status in EFFECTIVE}


def overdue_assignments(tasks: Iterable[TaskProgress]) -> tuple[AssignmentProgress, ...]:
    """督办清单: every reporting assignment that is lagging, most days overdue first, then by task and plan order."""
    rows = [(a, i) for t in tasks for i, a in enumerate(t.assignments) if a.required and a.effective == LAGGING]
    rows.sort(key=lambda pair: (-pair[0].days_overdue, pair[0].no, pair[1]))
    return tuple(a for a, _ in rows)
