"""The month as inspectors read it, from the history: headline figures, every task and indicator with the
submission its figure came from, trends; and one figure's sources (unit, file, sheet, cell, receipt)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from generator.plan.model import Plan
from generator.store import History, TraceSource
from generator.store.models import IndicatorRow, MonthRow, SubmissionRow, TaskRow


@dataclass(frozen=True)
class FigureRow:
    kind: str  # task / indicator
    no: int
    name: str
    unit: str
    deadline_or_target: str
    status: str  # 本期状态 / 达标情况
    figure: str  # 完成百分比 / 当前值
    progress: str
    file_name: str


@dataclass(frozen=True)
class MonthView:
    period: str
    summary: MonthRow | None
    tasks: list[FigureRow]
    indicators: list[FigureRow]
    units: list[tuple[str, float | None, float]]  # short name, average 完成百分比 (None: no figure), completion rate
    trends: dict[str, list[tuple[str, float, float]]]
    trend_periods: list[str]


def month_view(history: History, plan: Plan, period: str) -> MonthView:
    short = {u.name: u.short_name for u in plan.units}
    with Session(history.engine, expire_on_commit=False) as session:
        summary = session.get(MonthRow, period)
        tasks = session.scalars(select(TaskRow).where(TaskRow.period == period).order_by(TaskRow.task_no)).all()
        indicators = session.scalars(
            select(IndicatorRow).where(IndicatorRow.period == period).order_by(IndicatorRow.indicator_no)
        ).all()
    # Within a task or indicator, units in the plan's order: a month stored again keeps unchanged rows and adds the
    # changed ones after them (store/bulk.py), so the database's order is not the plan's.
    task_place = {(t.no, a.unit): k for t in plan.tasks for k, a in enumerate(t.assignments)}
    tasks = sorted(tasks, key=lambda r: (r.task_no, task_place.get((r.task_no, r.unit), len(task_place))))
    value_place = {(i.no, a.unit): k for i in plan.indicators for k, a in enumerate(i.assignments)}
    indicators = sorted(
        indicators, key=lambda v: (v.indicator_no, value_place.get((v.indicator_no, v.unit), len(value_place)))
    )
    task_rows = []
    for r in tasks:
        task = plan.task_by_no.get(r.task_no)
        task_rows.append(
            FigureRow(
                "task",
                r.task_no,
                task.task if task else "",
                short.get(r.unit, r.unit),
                task.deadline_text if task else "",
                r.effective,
                "" if r.percent is None else f"{r.percent:g}%",
                r.progress or "",
                r.file_name or "",
            )
        )
    indicator_rows = []
    for v in indicators:
        ind = plan.indicator_by_no.get(v.indicator_no)
        indicator_rows.append(
            FigureRow(
                "indicator",
                v.indicator_no,
                ind.name if ind else "",
                short.get(v.unit, v.unit),
                f"{ind.target_text}{ind.dimension}" if ind else "",
                v.attainment,
                v.value_text or "",
                "",
                v.file_name or "",
            )
        )
    trends = {short.get(u, u): points for u, points in history.unit_trends(period).items()}
    periods = sorted({p for points in trends.values() for p, _, _ in points})
    units = sorted(
        ((name, points[-1][1], points[-1][2]) for name, points in trends.items() if points and points[-1][0] == period),
        key=lambda x: (x[1] is None, -(x[1] or 0.0)),  # a unit with no figure this month (未报送) comes last
    )
    return MonthView(period, summary, task_rows, indicator_rows, units, trends, periods)


@dataclass(frozen=True)
class SourceView:
    kind: str
    no: int
    name: str
    unit: str
    sources: list[TraceSource]
    submission_ids: dict[str, int]  # sha256 → submissions.id (history)


def source_view(history: History, plan: Plan, period: str, kind: str, no: int) -> SourceView | None:
    if kind == "task":
        item = plan.task_by_no.get(no)
        name, unit = (item.task, item.unit) if item else ("", "")
    else:
        ind = plan.indicator_by_no.get(no)
        name, unit = (ind.name, ind.unit) if ind else ("", "")
    if not name:
        return None
    sources = history.trace(period, kind, no)
    with Session(history.engine) as session:
        ids = {
            sha: sid
            for sid, sha in session.execute(
                select(SubmissionRow.id, SubmissionRow.sha256).where(SubmissionRow.period == period)
            )
        }
    short = next((u.short_name for u in plan.units if u.name == unit), unit)
    return SourceView(kind, no, name, short, sources, ids)
