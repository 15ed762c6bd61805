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
    # (period, average 完成百分比), oldest first, this month last; a month the unit did not report has no point
    points: list[tuple[str, float]]
    change: float | None  # against the previous calendar month, when both have a figure


@dataclass(frozen=True)
class Trends:
    periods: list[str]
    units: list[UnitTrend]
    overdue_months: dict[tuple[int, str], int]  # (task no, unit) → consecutive months overdue, this month included


def month_trends(history: History, month: MonthProgress) -> Trends:
    earlier = {unit: points for unit, points in history.unit_trends(previous_period(month.period)).items()}
    last = previous_period(month.period)
    units = []
    for figures in month.ranked_units:
        # a month a unit did not report (average None) is a gap in its line, never a fall to zero
        past = [
            (period, average)
            for period, average, _ in earlier.get(figures.name, [])
            if period < month.period and average is not None
        ]
        before = dict(past).get(last)
        now = figures.avg_percent if figures.reported else None
        change = round(now - before, 1) if now is not None and before is not None else None
        points = [*past, (month.period, now)] if now is not None else past
        units.append(UnitTrend(figures.name, figures.short_name, points, change))
    periods = sorted({p for u in units for p, _ in u.points})
    return Trends(periods, units, _overdue_months(history, month))


def _overdue_months(history: History, month: MonthProgress) -> dict[tuple[int, str], int]:
    overdue_now = [(a.no, a.unit) for a in month.overdue if a.effective == LAGGING and a.days_overdue > 0]
    if not overdue_now:
        return {}
    chain, period = [], month.period
    stored = set(history.periods())
    while (period := previous_period(period)) in stored:
        chain.append(period)
    streaks = history.overdue_streaks(list(reversed(chain))) if chain else {}
    # a streak from history counts only if it reaches the month just before this one
    return {key: 1 + (streaks.get(key, 0) if chain else 0) for key in overdue_now}
