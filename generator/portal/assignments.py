"""What a unit is asked to report: one function, so the (unit, role) assignments of the plan can replace it."""

from __future__ import annotations

from dataclasses import dataclass

from generator.plan.model import Indicator, Plan, Task, role_of


@dataclass(frozen=True)
class Assignments:
    """本单位任务: the tasks and indicators a unit reports on."""

    tasks: tuple[Task, ...]
    indicators: tuple[Indicator, ...]
    roles: dict[tuple[str, int], str]  # ("task" / "indicator", number) → 牵头 / 配合 / 落实 …

    def task(self, number: int) -> Task | None:
        return next((t for t in self.tasks if t.no == number), None)


def unit_assignments(plan: Plan, unit: str) -> Assignments:
    """The unit's tasks and indicators in every role the plan gives it ((unit, role) assignments), with the role."""
    tasks, indicators = tuple(plan.tasks_of(unit)), tuple(plan.indicators_of(unit))
    roles = {("task", t.no): role_of(t, unit) or "" for t in tasks}
    roles |= {("indicator", i.no): role_of(i, unit) or "" for i in indicators}
    return Assignments(tasks, indicators, roles)
