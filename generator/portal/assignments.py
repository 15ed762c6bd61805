"""What a unit is asked to report: one function, so the (unit, role) assignments of the plan can replace it."""

from __future__ import annotations

from dataclasses import dataclass

from generator.plan.model import Indicator, Plan, Task


@dataclass(frozen=True)
class Assignments:
    """本单位任务: the tasks and indicators a unit reports on."""

    tasks: tuple[Task, ...]
    indicators: tuple[Indicator, ...]

    def task(self, number: int) -> Task | None:
        return next((t for t in self.tasks if t.no == number), None)


def unit_assignments(plan: Plan, unit: str) -> Assignments:
    """The unit's tasks and indicators. Today a task has one 责任单位 (task.unit); when the plan model carries
    (unit, role) assignments, this is the one place to read them."""
    return Assignments(tuple(plan.tasks_of(unit)), tuple(plan.indicators_of(unit)))
