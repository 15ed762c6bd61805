"""The month merged: every task and indicator of the plan with what its unit reported, and the figures.

Pure functions of (plan, intake, period): no files are read or written here, so the figures the bulletin prints
can be checked without opening a document.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date

import pandas as pd

from generator.intake import Intake
from generator.ledger.layout import STATUS_DONE, STATUS_LAGGING, STATUS_NOT_STARTED, STATUS_ONGOING
from generator.periods import period_end
from generator.plan.model import Plan, is_word_target

# Effective status (本期状态): what the bulletin counts. A task past its deadline and not done is 滞后 whatever
# the unit wrote; 正在推进 within its deadline is 按序时推进.
DONE, ON_SCHEDULE, LAGGING, NOT_STARTED, NOT_REPORTED = "已完成", "按序时推进", "滞后", "未启动", "未报送"
EFFECTIVE = (DONE, ON_SCHEDULE, LAGGING, NOT_STARTED, NOT_REPORTED)
GREEN, YELLOW, RED = "绿灯", "黄灯", "红灯"
SOON_DAYS = 30  # a task due within this many days after the period is yellow

MET, NOT_MET, PENDING, NOT_FILLED = "达标", "未达标", "待核定", "未填报"


@dataclass
class UnitFigures:
    name: str
    short_name: str
    reported: bool
    total: int
    done: int
    on_schedule: int
    lagging: int
    not_started: int
    not_reported: int
    avg_percent: float
    completion_rate: float
    rank: int = 0


@dataclass
class MonthProgress:
    period: str
    as_of: date
    tasks: pd.DataFrame  # one row per plan task
    indicators: pd.DataFrame  # one row per plan indicator
    units: list[UnitFigures]
    missing_units: list[str]

    @property
    def counts(self) -> dict[str, int]:
        counts = self.tasks["effective"].value_counts()
        return {status: int(counts.get(status, 0)) for status in EFFECTIVE}

    @property
    def completion_rate(self) -> float:
        """完成率: tasks done over all tasks of the plan, in percent, one decimal."""
        return completion_rate(self.counts[DONE], len(self.tasks))

    def task_rows(self) -> list:
        return list(self.tasks.itertuples())

    def indicator_rows(self) -> list:
        return list(self.indicators.itertuples())

    def overdue_rows(self) -> list:
        return list(self.overdue.itertuples())

    @property
    def overdue(self) -> pd.DataFrame:
        """督办清单: tasks lagging, by days overdue."""
        return self.tasks[self.tasks["effective"] == LAGGING].sort_values(
            ["days_overdue", "no"], ascending=[False, True]
        )


def is_missing(value: object) -> bool:
    """None, or the NaN pandas puts where a number was not reported."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def completion_rate(done: int, total: int) -> float:
    return round(100 * done / total, 1) if total else 0.0


_EMPTY_TASK = {
    "status": "",
    "percent": None,
    "progress": "",
    "evidence": "",
    "issues": "",
    "next_steps": "",
    "reporter": "",
    "phone": "",
}
_EMPTY_INDICATOR = {"value": None, "value_text": "", "progress": ""}


def _merged_row(item, short: dict[str, str], checked, report, reported: bool, empty: dict) -> dict:
    """The plan's columns of a task or indicator, then what its unit reported (or the empty values) and where from."""
    row = {
        **asdict(item),
        "unit_short": short[item.unit],
        "reported": reported,
        "file": checked.submission.file_name if checked else "",
        "sha256": checked.submission.sha256 if checked else "",
    }
    row.update({field: getattr(report, field) if report else default for field, default in empty.items()})
    row["source"] = report.source if report else {}
    return row


def merge_month(plan: Plan, intake: Intake) -> MonthProgress:
    as_of = period_end(intake.period)
    short = {u.name: u.short_name for u in plan.units}
    task_rows, indicator_rows = [], []
    for task in plan.tasks:
        checked = intake.accepted.get(task.unit)
        report = checked.tasks.get(task.no) if checked else None
        task_rows.append(_merged_row(task, short, checked, report, report is not None, _EMPTY_TASK))
    for indicator in plan.indicators:
        checked = intake.accepted.get(indicator.unit)
        report = checked.indicators.get(indicator.no) if checked else None
        indicator_rows.append(_merged_row(indicator, short, checked, report, checked is not None, _EMPTY_INDICATOR))
    tasks = pd.DataFrame(task_rows)
    tasks["percent"] = tasks["percent"].astype("float64")
    tasks[["effective", "days_overdue", "light"]] = tasks.apply(lambda r: pd.Series(_judge_task(r, as_of)), axis=1)
    tasks["days_overdue"] = tasks["days_overdue"].astype(int)
    _judge_schedule(tasks, plan.info.issued_on, as_of)
    indicators = pd.DataFrame(indicator_rows)
    indicators["attainment"] = indicators.apply(_attainment, axis=1)
    return MonthProgress(
        intake.period, as_of, tasks, indicators, _unit_figures(plan, tasks, intake), list(intake.missing_units)
    )


def _judge_task(row: pd.Series, as_of: date) -> tuple[str, int, str]:
    deadline = row["deadline"]
    days_overdue = (as_of - deadline).days if deadline and deadline < as_of else 0
    status = row["status"]
    if status == STATUS_DONE:
        return DONE, 0, GREEN
    if not row["reported"] or not status:
        return NOT_REPORTED, days_overdue, RED if days_overdue else YELLOW
    if status == STATUS_LAGGING or days_overdue:
        return LAGGING, days_overdue, RED
    soon = deadline is not None and (deadline - as_of).days <= SOON_DAYS
    if status == STATUS_NOT_STARTED:
        return NOT_STARTED, 0, YELLOW
    assert status == STATUS_ONGOING
    return ON_SCHEDULE, 0, YELLOW if soon else GREEN


def _judge_schedule(tasks: pd.DataFrame, start: date, as_of: date) -> None:
    """序时进度 (expected percent, linear from the plan's 成文日期 to the deadline) and 超序时 / 达序时 / 滞后序时 of
    every reported task; a task 按序时推进 by its status but 滞后序时 by its percent turns yellow."""
    from generator.assessment import BEHIND, expected_percent, schedule_state

    expected, states = [], []
    for r in tasks.itertuples():
        value = expected_percent(start, r.deadline, as_of)
        expected.append(value)
        reported = r.effective not in (NOT_REPORTED,)
        percent = None if is_missing(r.percent) else float(r.percent)
        states.append(schedule_state(percent, r.effective == DONE, value) if reported else "")
    tasks["expected"] = expected
    tasks["schedule"] = states
    behind = (tasks["schedule"] == BEHIND) & (tasks["light"] == GREEN)
    tasks.loc[behind, "light"] = YELLOW


def _attainment(row: pd.Series) -> str:
    if not row["reported"]:
        return NOT_REPORTED
    value, target = row["value"], row["target"]
    if value is None or pd.isna(value):
        text = str(row["value_text"])
        if is_word_target(row["target_text"]) and text:
            return word_attainment(text, row["target_text"])
        return PENDING if text.startswith("按") else NOT_FILLED
    if target is None or pd.isna(target):
        return PENDING  # 按市规定值: the figure is in, the target is set by the city
    met = value >= target if row["direction"] == "≥" else value <= target
    return MET if met else NOT_MET


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


def _unit_figures(plan: Plan, tasks: pd.DataFrame, intake: Intake) -> list[UnitFigures]:
    figures = []
    for unit in plan.reporting_units():
        mine = tasks[tasks["unit"] == unit.name]
        counts = mine["effective"].value_counts()
        percents = mine["percent"].where(mine["effective"] != NOT_STARTED, 0.0).dropna()
        figures.append(
            UnitFigures(
                name=unit.name,
                short_name=unit.short_name,
                reported=unit.name in intake.accepted,
                total=len(mine),
                done=int(counts.get(DONE, 0)),
                on_schedule=int(counts.get(ON_SCHEDULE, 0)),
                lagging=int(counts.get(LAGGING, 0)),
                not_started=int(counts.get(NOT_STARTED, 0)),
                not_reported=int(counts.get(NOT_REPORTED, 0)),
                avg_percent=round(float(percents.mean()), 1) if len(percents) else 0.0,
                completion_rate=completion_rate(int(counts.get(DONE, 0)), len(mine)),
            )
        )
    ranked = sorted(figures, key=lambda f: (not f.reported, -f.avg_percent, -f.completion_rate, f.name))
    for rank, fig in enumerate(ranked, start=1):
        fig.rank = rank
    return ranked
