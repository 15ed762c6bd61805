"""延期: approved deadline changes of assignments, kept in the history so every later month is judged by them.

An approved extension request (延期申请, taken by the portal) changes one task's deadline from one month on; the
month's run reads the changes in force and judges the task against the new date. Who approved it and when stay here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Engine, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from generator.plan.model import Plan
from generator.store.models import Base


class DeadlineChangeRow(Base):
    """完成时限调整: the new deadline of task `task_no` for `unit`, in force from `from_period` on."""

    __tablename__ = "deadline_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_no: Mapped[int] = mapped_column(Integer, index=True)
    unit: Mapped[str] = mapped_column(String(200))
    from_period: Mapped[str] = mapped_column(String(7))
    deadline: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[datetime] = mapped_column(DateTime)


@dataclass(frozen=True)
class DeadlineChange:
    task_no: int
    unit: str
    from_period: str
    deadline: date
    reason: str
    approved_by: str
    approved_at: datetime


def record_change(engine: Engine, change: DeadlineChange) -> None:
    with Session(engine) as session, session.begin():
        session.add(DeadlineChangeRow(**dataclasses.asdict(change)))


def changes_in_force(engine: Engine, period: str) -> dict[tuple[int, str], DeadlineChange]:
    """(task_no, unit that asked) → the latest approved change in force in `period` (approved for that month or
    earlier)."""
    with Session(engine) as session:
        rows = session.scalars(
            select(DeadlineChangeRow)
            .where(DeadlineChangeRow.from_period <= period)
            .order_by(DeadlineChangeRow.from_period, DeadlineChangeRow.approved_at, DeadlineChangeRow.id)
        ).all()
    out: dict[tuple[int, str], DeadlineChange] = {}
    for r in rows:
        out[(r.task_no, r.unit)] = DeadlineChange(
            r.task_no, r.unit, r.from_period, r.deadline, r.reason, r.approved_by, r.approved_at
        )
    return out


def apply_changes(plan: Plan, changes: dict[tuple[int, str], DeadlineChange]) -> Plan:
    """The plan with the changed deadlines (完成时限 reads “2018年8月31日（已批准延期）”); the plan itself unchanged.

    The plan model keeps one deadline per task, so a change approved for any unit assigned to the task moves the
    task's deadline (the latest approval wins); the change keeps which unit asked."""
    if not changes:
        return plan
    by_task: dict[int, DeadlineChange] = {}
    for approved in sorted(changes.values(), key=lambda c: (c.from_period, c.approved_at)):
        by_task[approved.task_no] = approved
    tasks = []
    for task in plan.tasks:
        change = by_task.get(task.no)
        units = {a.unit for a in task.assignments} | {task.unit}
        if change is None or change.unit not in units:
            tasks.append(task)
            continue
        d = change.deadline
        tasks.append(
            dataclasses.replace(task, deadline=d, deadline_text=f"{d.year}年{d.month}月{d.day}日（已批准延期）")
        )
    return dataclasses.replace(plan, tasks=tasks)
