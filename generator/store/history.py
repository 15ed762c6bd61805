"""Store a month and read back what earlier months said.

A period is replaced as a whole in one transaction, so running a month twice leaves one copy of it, and a crash
mid-way leaves the previous copy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from generator.errors import TaizhangError
from generator.intake import Intake
from generator.progress import MonthProgress
from generator.store.models import Base, IndicatorRow, MonthRow, ProblemRow, SubmissionRow, TaskRow

_PERIOD_TABLES = (MonthRow, SubmissionRow, TaskRow, IndicatorRow, ProblemRow)


@dataclass(frozen=True)
class MonthSummary:
    period: str
    total: int
    done: int
    completion_rate: float


def _none_if_nan(value: object) -> object:
    return None if isinstance(value, float) and math.isnan(value) else value


class History:
    """The workspace's history database (SQLite file by default; any SQLAlchemy URL)."""

    def __init__(self, url_or_path: str | Path):
        url = url_or_path if isinstance(url_or_path, str) and "://" in url_or_path else f"sqlite:///{url_or_path}"
        self.engine = create_engine(url)
        try:
            Base.metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise TaizhangError(f"无法打开历史数据库 {url_or_path}：{exc.__class__.__name__}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def save_month(self, month: MonthProgress, intake: Intake) -> None:
        counts = month.counts
        with Session(self.engine) as session, session.begin():
            for table in _PERIOD_TABLES:
                session.execute(delete(table).where(table.period == month.period))
            session.add(
                MonthRow(
                    period=month.period,
                    total=len(month.tasks),
                    done=counts["已完成"],
                    on_schedule=counts["按序时推进"],
                    lagging=counts["滞后"],
                    not_started=counts["未启动"],
                    not_reported=counts["未报送"],
                    completion_rate=month.completion_rate,
                    stored_at=datetime.now(),
                )
            )
            accepted = {id(c) for c in intake.accepted.values()}
            session.add_all(
                SubmissionRow(
                    period=month.period,
                    unit=c.unit,
                    file_name=c.submission.file_name,
                    sha256=c.submission.sha256,
                    modified=c.submission.modified,
                    accepted=id(c) in accepted,
                )
                for c in intake.checked
            )
            session.add_all(
                TaskRow(
                    period=month.period,
                    task_no=int(r.no),
                    unit=r.unit,
                    status=r.status,
                    effective=r.effective,
                    percent=_none_if_nan(r.percent),
                    days_overdue=int(r.days_overdue),
                    progress=r.progress,
                    file_name=r.file,
                )
                for r in month.tasks.itertuples()
            )
            session.add_all(
                IndicatorRow(
                    period=month.period,
                    indicator_no=int(r.no),
                    unit=r.unit,
                    value=_none_if_nan(r.value),
                    value_text=r.value_text,
                    attainment=r.attainment,
                    file_name=r.file,
                )
                for r in month.indicators.itertuples()
            )
            session.add_all(
                ProblemRow(
                    period=month.period,
                    code=p.code,
                    severity=p.severity,
                    file_name=p.file,
                    sheet=p.sheet,
                    cell=p.cell,
                    unit=p.unit,
                    message=p.message,
                )
                for p in intake.problems
            )

    def previous(self, period: str) -> MonthSummary | None:
        """The latest stored month before `period`."""
        with Session(self.engine) as session:
            row = session.scalars(
                select(MonthRow).where(MonthRow.period < period).order_by(MonthRow.period.desc()).limit(1)
            ).first()
            return MonthSummary(row.period, row.total, row.done, row.completion_rate) if row else None

    def issue_number(self, period: str) -> int:
        """第N期: the bulletin's number, counting the stored months up to and including `period`."""
        with Session(self.engine) as session:
            earlier = session.scalar(select(func.count()).select_from(MonthRow).where(MonthRow.period < period))
            return int(earlier or 0) + 1

    def periods(self) -> list[str]:
        with Session(self.engine) as session:
            return list(session.scalars(select(MonthRow.period).order_by(MonthRow.period)))
