"""The month merged: every (task, unit) assignment of the plan with what the unit reported, rolled up by
`generator.rollup` into tasks, indicators and unit figures.

Pure functions of (plan, intake, period): no files are read or written here, so the figures the bulletin prints
can be checked without opening a document.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from types import MappingProxyType

from generator.assessment import BEHIND, expected_percent, schedule_state
from generator.checks.ledger import CheckedSubmission
from generator.intake import Intake
from generator.periods import period_end
from generator.plan.cells import parse_target
from generator.plan.model import Indicator, Plan, Task, is_word_target, role_of
from generator.rollup import (
    DONE,
    EFFECTIVE,
    GREEN,
    LAGGING,
    NOT_REPORTED,
    NOT_STARTED,
    ON_SCHEDULE,
    RED,
    SOON_DAYS,
    YELLOW,
    AssignmentProgress,
    IndicatorProgress,
    IndicatorValue,
    Judgement,
    TaskProgress,
    UnitFigures,
    completion_rate,
    judge,
    overdue_assignments,
    rank_units,
    roll_up_task,
    task_counts,
    unit_figures,
)

__all__ = [
    "DONE",
    "EFFECTIVE",
    "GREEN",
    "LAGGING",
    "MET",
    "NOT_FILLED",
    "NOT_MET",
    "NOT_REPORTED",
    "NOT_STARTED",
    "ON_SCHEDULE",
    "PENDING",
    "RED",
    "SOON_DAYS",
    "YELLOW",
    "MonthProgress",
    "UnitFigures",
    "completion_rate",
    "is_missing",
    "merge_month",
    "word_attainment",
]

MET, NOT_MET, PENDING, NOT_FILLED = "达标", "未达标", "待核定", "未填报"
_NO_TEXTS = ("", "", "", "", "", "")  # an assignment with no report


@dataclass(frozen=True)
class MonthProgress:
    """本月汇总: tasks (with their assignments), indicators (with every unit's value), unit figures."""

    period: str
    as_of: date
    tasks: tuple[TaskProgress, ...]
    indicators: tuple[IndicatorProgress, ...]
    units: tuple[UnitFigures, ...]  # ranked units per 类别, then the unranked
    missing_units: tuple[str, ...]  # units that had to report and sent nothing usable (催报)
    silent_units: tuple[str, ...] = ()  # units with only optional (配合) parts that sent nothing: listed, not chased

    # Computed once per month (cached_property writes past the frozen dataclass's __setattr__): every letter of the
    # month reads its unit's rows, and a walk over all assignments per letter is quadratic in the plan's size; the
    # counts are read by the bulletin, the history and the command line, each a walk over every task.
    @cached_property
    def counts(self) -> Mapping[str, int]:
        """Tasks by effective status (read-only: it is shared)."""
        return MappingProxyType(task_counts(self.tasks))

    @property
    def completion_rate(self) -> float:
        """完成率: tasks done over all tasks of the plan, in percent, one decimal."""
        return completion_rate(self.counts[DONE], len(self.tasks))

    @cached_property
    def overdue(self) -> tuple[AssignmentProgress, ...]:
        """督办清单, by (task, unit): reporting assignments lagging, by days overdue."""
        return overdue_assignments(self.tasks)

    @cached_property
    def overdue_by_unit(self) -> dict[str, tuple[AssignmentProgress, ...]]:
        """One unit's rows of the 督办清单, in its order."""
        rows: dict[str, list[AssignmentProgress]] = {}
        for a in self.overdue:
            rows.setdefault(a.unit, []).append(a)
        return {unit: tuple(mine) for unit, mine in rows.items()}

    @cached_property
    def assignments(self) -> tuple[AssignmentProgress, ...]:
        return tuple(a for t in self.tasks for a in t.assignments)

    @cached_property
    def ranked_units(self) -> tuple[UnitFigures, ...]:
        return tuple(u for u in self.units if u.ranked)


def is_missing(value: object) -> bool:
    """None, or a NaN from a number that was not reported."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def merge_month(plan: Plan, intake: Intake) -> MonthProgress:
    as_of = period_end(intake.period)
    short = {u.name: u.short_name for u in plan.units}
    category = {u.name: u.category for u in plan.units}
    parts = _Parts(plan, intake, as_of, short, category)
    tasks = tuple(roll_up_task(task, short.get(task.unit, task.unit), parts.of(task)) for task in plan.tasks)
    indicators = tuple(
        IndicatorProgress(i, short.get(i.unit, i.unit), _indicator_values(plan, i, intake, short))
        for i in plan.indicators
    )
    by_unit: dict[str, list[AssignmentProgress]] = {}
    for task in tasks:
        for a in task.assignments:
            by_unit.setdefault(a.unit, []).append(a)
    figures = [
        unit_figures(u.name, u.short_name, u.category, u.name in intake.accepted, by_unit.get(u.name, []))
        for u in plan.ledger_units()
    ]
    required = {u.name for u in plan.reporting_units()}
    silent = tuple(u.name for u in plan.ledger_units() if u.name not in required and u.name not in intake.accepted)
    return MonthProgress(
        intake.period,
        as_of,
        tasks,
        indicators,
        rank_units(figures, plan.categories()),
        tuple(intake.missing_units),
        silent,
    )


class _Parts:
    """分工进展 of the month's tasks. What is the same for every task of a unit (its accepted file's reports, name and
    hash; its short name and category) or of a role (whether it reports) is looked up once, not per assignment: a
    province's merge makes a hundred thousand of them."""

    def __init__(
        self, plan: Plan, intake: Intake, as_of: date, short: dict[str, str], category: dict[str, str]
    ) -> None:
        self.start, self.as_of = plan.info.issued_on, as_of
        named = {(a.unit, a.role) for task in plan.tasks for a in task.assignments}
        self.required = {role: plan.reporting.required(role) for _, role in named}
        self.units: dict[str, tuple[str, str, CheckedSubmission | None, str, str]] = {
            unit: (short.get(unit, unit), category.get(unit, ""), None, "", "") for unit, _ in named
        }
        for unit, checked in intake.accepted.items():
            sub = checked.submission
            self.units[unit] = (short.get(unit, unit), category.get(unit, ""), checked, sub.file_name, sub.sha256)

    def of(self, task: Task) -> list[AssignmentProgress]:
        out = []
        as_of, deadline = self.as_of, task.deadline
        expected = expected_percent(self.start, deadline, as_of)  # the task's, whoever reports it
        for assignment in task.assignments:
            unit_short, category, checked, file, sha256 = self.units[assignment.unit]
            report = checked.tasks.get(task.no) if checked else None
            source: Mapping[str, str] = {}
            if report is None:
                status, percent, texts = "", None, _NO_TEXTS
            else:
                status, percent, texts, source = report.status, report.percent, report.texts(), report.source
            progress, evidence, issues, next_steps, reporter, phone = texts
            judged = judge(status, report is not None, deadline, as_of)
            schedule, light = schedule_light(judged, percent, expected)
            out.append(
                AssignmentProgress(
                    task=task,
                    unit=assignment.unit,
                    unit_short=unit_short,
                    category=category,
                    role=assignment.role,
                    required=self.required[assignment.role],
                    reported=report is not None,
                    status=status,
                    percent=percent,
                    effective=judged.effective,
                    days_overdue=judged.days_overdue,
                    light=light,
                    expected=expected,
                    schedule=schedule,
                    progress=progress,
                    evidence=evidence,
                    issues=issues,
                    next_steps=next_steps,
                    reporter=reporter,
                    phone=phone,
                    file=file,
                    sha256=sha256,
                    source=source,
                )
            )
        return out


def schedule_light(judged: Judgement, percent: float | None, expected: float) -> tuple[str, str]:
    """序时进度 of one assignment against its task's `expected` percent (assessment.expected_percent, linear from the
    plan's 成文日期 to the deadline): (超序时 / 达序时 / 滞后序时 when reported, else ""; the light). 按序时推进 by its
    status but 滞后序时 by its percent turns yellow."""
    if judged.effective == NOT_REPORTED:
        return "", judged.light
    state = schedule_state(None if is_missing(percent) else percent, judged.effective == DONE, expected)
    light = YELLOW if state == BEHIND and judged.light == GREEN else judged.light
    return state, light


def _indicator_values(plan: Plan, indicator: Indicator, intake: Intake, short: dict[str, str]) -> tuple:
    out = []
    for assignment in indicator.assignments:
        checked = intake.accepted.get(assignment.unit)
        report = checked.indicators.get(indicator.no) if checked else None
        value = report.value if report else None
        value_text = report.value_text if report else ""
        target_text = indicator.target_for(assignment.unit)
        out.append(
            IndicatorValue(
                indicator=indicator,
                unit=assignment.unit,
                unit_short=short.get(assignment.unit, assignment.unit),
                role=role_of(indicator, assignment.unit) or assignment.role,
                required=plan.reporting.required(assignment.role),
                reported=checked is not None,
                value=value,
                value_text=value_text,
                target_text=target_text,
                attainment=attainment(checked is not None, value, value_text, indicator, target_text),
                progress=report.progress if report else "",
                file=checked.submission.file_name if checked else "",
                sha256=checked.submission.sha256 if checked else "",
                source=report.source if report else {},
            )
        )
    return tuple(out)


def attainment(reported: bool, value: float | None, text: str, indicator: Indicator, target_text: str) -> str:
    """达标情况 of one value against a target (the unit's 分解目标 or the indicator's)."""
    if not reported:
        return NOT_REPORTED
    if is_missing(value):
        if is_word_target(target_text) and text:
            return word_attainment(text, target_text)
        return PENDING if text.startswith("按") else NOT_FILLED
    target = indicator.target if target_text == indicator.target_text else _number(target_text)
    if target is None:
        return PENDING  # 按市规定值: the figure is in, the target is set by the city
    assert value is not None
    met = value >= target if indicator.direction == "≥" else value <= target
    return MET if met else NOT_MET


def _number(text: str) -> float | None:
    return parse_target(text)


_NEGATIONS = ("未", "没有", "尚未", "不")
_UNDER_WAY = ("正在", "正", "拟", "计划", "准备", "将")


def word_attainment(answer: str, target: str) -> str:
    """A word target is met when the answer says it (已制定实施 for 制定实施, 未发生 for 未发生), not met when it
    negates it (尚未制定), and left for the office to judge (待核定) when it is under way (正在编制) or says
    something else."""
    answer, target = answer.strip(), target.strip()
    if target not in answer:
        return PENDING
    before = answer[: answer.index(target)]
    if not target.startswith(_NEGATIONS) and before.endswith(_NEGATIONS):
        return NOT_MET
    if before.endswith(_UNDER_WAY) or answer.endswith("中"):
        return PENDING
    return MET
