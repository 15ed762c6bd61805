"""The stored months read across time (历次对比): each unit's progress month by month, and how long a task has been
overdue. generator/trends.py and the portal turn these figures into the bulletin's and the pages' words.
"""

from __future__ import annotations

from sqlalchemy import Engine, case, func, select
from sqlalchemy.orm import Session

from generator.rollup import DONE, LAGGING, NOT_STARTED
from generator.store.models import TaskRow


def unit_trends(engine: Engine, up_to: str) -> dict[str, list[tuple[str, float | None, float]]]:
    """unit → [(period, average 完成百分比 or None when it reported no figure, completion rate)] for every
    stored month up to `up_to`, over the unit's reporting assignments (rollup.average_percent)."""
    # averaged by the database: one row per (unit, month) comes back, not every assignment of every month
    counted = case((TaskRow.effective == NOT_STARTED, 0.0), else_=TaskRow.percent)  # rollup.counted_percent
    query = (
        select(
            TaskRow.unit,
            TaskRow.period,
            func.count(),
            func.sum(case((TaskRow.effective == DONE, 1), else_=0)),
            func.sum(counted),
            func.count(counted),
        )
        .where(TaskRow.period <= up_to, TaskRow.required.isnot(False))
        .group_by(TaskRow.unit, TaskRow.period)
        .order_by(TaskRow.period, TaskRow.unit)
    )
    with Session(engine) as session:
        rows = session.execute(query).all()
    trends: dict[str, list[tuple[str, float | None, float]]] = {}
    for unit, period, items, done, total, figures in rows:
        average = round(float(total) / figures, 1) if figures else None  # rollup.average_percent
        trends.setdefault(unit, []).append((period, average, round(100 * int(done) / items, 1)))
    return trends


def overdue_streaks(engine: Engine, periods: list[str]) -> dict[tuple[int, str], int]:
    """(task_no, unit) → how many of the given consecutive months, counting back from the last, the unit's
    part was overdue."""
    if not periods:
        return {}
    with Session(engine) as session:
        rows = session.execute(
            select(TaskRow.task_no, TaskRow.unit, TaskRow.period).where(
                TaskRow.period.in_(periods), TaskRow.effective == LAGGING, TaskRow.days_overdue > 0
            )
        ).all()
    overdue: dict[tuple[int, str], set[str]] = {}
    for task_no, unit, period in rows:
        overdue.setdefault((task_no, unit), set()).add(period)
    streaks = {}
    for key, months in overdue.items():
        streak = 0
        for period in reversed(periods):
            if period not in months:
                break
            streak += 1
        if streak:
            streaks[key] = streak
    return streaks
