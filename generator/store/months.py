"""What earlier runs stored, read back (历史查询): the months, their 考核 scores, the files received and the cells a
figure came from. Nothing here writes; the bulletin compares with `previous`, `taizhang history` lists
`submissions`, and the portal's trace of a figure is `trace`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from generator.store.models import (
    IndicatorRow,
    MonthRow,
    ProblemRow,
    SubmissionLine,
    SubmissionRow,
    TaskRow,
    UnitScoreRow,
)


@dataclass(frozen=True)
class MonthSummary:
    period: str
    total: int
    done: int
    completion_rate: float
    issue_no: int | None = None


@dataclass(frozen=True)
class SubmissionInfo:
    """One line of `taizhang history`."""

    period: str
    unit: str | None
    file_name: str
    sha256: str
    received: datetime
    status: str
    note: str
    problems: int


@dataclass(frozen=True)
class TraceCell:
    column: str
    cell: str  # sheet!A1
    value: str


@dataclass(frozen=True)
class TraceSource:
    """One submission that spoke about a task or indicator, and the cells it said it with."""

    file_name: str
    sha256: str
    received: datetime
    status: str
    counted: bool  # the figure in the bulletin and annexes comes from this one
    cells: list[TraceCell]
    unit: str | None = None


def previous(engine: Engine, period: str) -> MonthSummary | None:
    """The latest stored month before `period`."""
    with Session(engine) as session:
        row = session.scalars(
            select(MonthRow).where(MonthRow.period < period).order_by(MonthRow.period.desc()).limit(1)
        ).first()
        return MonthSummary(row.period, row.total, row.done, row.completion_rate, row.issue_no) if row else None


def previous_scores(engine: Engine, period: str) -> dict[str, float]:
    """unit → score of the latest month stored before `period` (empty for the first)."""
    with Session(engine) as session:
        last = session.scalar(select(func.max(UnitScoreRow.period)).where(UnitScoreRow.period < period))
        if last is None:
            return {}
        rows = session.execute(select(UnitScoreRow.unit, UnitScoreRow.score).where(UnitScoreRow.period == last))
        return {unit: float(score) for unit, score in rows}


def periods(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(MonthRow.period).order_by(MonthRow.period)))


def submissions(engine: Engine, unit: str | None = None, period: str | None = None) -> list[SubmissionInfo]:
    """What was received, oldest first (for `taizhang history`)."""
    problems = select(ProblemRow.submission_id, func.count().label("n")).group_by(ProblemRow.submission_id).subquery()
    query = (
        select(SubmissionRow, problems.c.n)
        .outerjoin(problems, problems.c.submission_id == SubmissionRow.id)
        .order_by(SubmissionRow.period, SubmissionRow.modified, SubmissionRow.file_name)
    )
    if unit:
        query = query.where(SubmissionRow.unit == unit)
    if period:
        query = query.where(SubmissionRow.period == period)
    with Session(engine) as session:
        return [
            SubmissionInfo(
                s.period, s.unit, s.file_name, s.sha256, s.modified, s.status or "", s.note or "", int(n or 0)
            )
            for s, n in session.execute(query)
        ]


def trace(engine: Engine, period: str, kind: str, number: int, unit: str | None = None) -> list[TraceSource]:
    """Every submission of `period` with a row for task/indicator `number` (from `unit` only, when given), the
    ones counted (one per unit with a part in it) marked."""
    figure: type[TaskRow] | type[IndicatorRow] = TaskRow if kind == "task" else IndicatorRow
    key = TaskRow.task_no if kind == "task" else IndicatorRow.indicator_no
    with Session(engine) as session:
        counted_query = select(figure.submission_id).where(figure.period == period, key == number)
        if unit:
            counted_query = counted_query.where(figure.unit == unit)
        counted = set(session.scalars(counted_query))
        query = (
            select(SubmissionRow, SubmissionLine)
            .join(SubmissionLine, SubmissionLine.submission_id == SubmissionRow.id)
            .where(SubmissionRow.period == period, SubmissionLine.kind == kind, SubmissionLine.item_no == number)
            .order_by(SubmissionRow.unit, SubmissionRow.modified, SubmissionRow.file_name)
        )
        if unit:
            query = query.where(SubmissionRow.unit == unit)
        out = []
        for sub, line in session.execute(query):
            cells = [
                TraceCell(column, f"{line.sheet}!{a1}", value) for column, (a1, value) in json.loads(line.cells).items()
            ]
            out.append(
                TraceSource(
                    sub.file_name, sub.sha256, sub.modified, sub.status or "", sub.id in counted, cells, sub.unit
                )
            )
        return out
