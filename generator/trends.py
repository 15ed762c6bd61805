"""趋势: each unit's progress over the stored months, and how long each overdue task has been overdue.

The month being run is not stored yet when its bulletin is written, so its own figures come from the merged month
and the earlier ones from the history.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.periods import previous_period
from generator.progress import LAGGING, MonthProgress
from generator.store import History


@dataclass(frozen=True)
class UnitTrend:
    name: str
    short_name: str
    points: list[tuple[str, float]]  # (period, average 完成百分比), oldest first, this month last
    change: float | None  # against the previous calendar month, when it is stored


@dataclass(frozen=True)
class Trends:
    periods: list[str]
    units: list[UnitTrend]
    overdue_months: dict[int, int]  # task no → consecutive months overdue, this month included


def month_trends(history: History, month: MonthProgress) -> Trends:
    earlier = {unit: points for unit, points in history.unit_trends(previous_period(month.period)).items()}
    last = previous_period(month.period)
    units = []
    for figures in month.units:
        past = [(period, average) for period, average, _ in earlier.get(figures.name, []) if period < month.period]
        before = dict(past).get(last)
        if figures.reported:  # a month a unit did not report is a gap in its line, not a fall to zero
            change = round(figures.avg_percent - before, 1) if before is not None else None
            points = [*past, (month.period, figures.avg_percent)]
        else:
            change, points = None, past
        units.append(UnitTrend(figures.name, figures.short_name, points, change))
    periods = sorted({p for u in units for p, _ in u.points})
    return Trends(periods, units, _overdue_months(history, month))


def _overdue_months(history: History, month: MonthProgress) -> dict[int, int]:
    overdue_now = [int(r.no) for r in month.tasks.itertuples() if r.effective == LAGGING and r.days_overdue > 0]
    if not overdue_now:
        return {}
    chain, period = [], month.period
    stored = set(history.periods())
    while (period := previous_period(period)) in stored:
        chain.append(period)
    streaks = history.overdue_streaks(list(reversed(chain))) if chain else {}
    # a streak from history counts only if it reaches the month just before this one
    return {no: 1 + (streaks.get(no, 0) if chain else 0) for no in overdue_now}
