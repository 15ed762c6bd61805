"""SQLAlchemy tables of the history. One row per submission, task, indicator and problem of a period."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class MonthRow(Base):
    """月度汇总: the bulletin's headline figures for a period."""

    __tablename__ = "months"
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    total: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer)
    on_schedule: Mapped[int] = mapped_column(Integer)
    lagging: Mapped[int] = mapped_column(Integer)
    not_started: Mapped[int] = mapped_column(Integer)
    not_reported: Mapped[int] = mapped_column(Integer)
    completion_rate: Mapped[float] = mapped_column(Float)
    stored_at: Mapped[datetime] = mapped_column(DateTime)


class SubmissionRow(Base):
    """报送记录: one received file."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    unit: Mapped[str | None] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    modified: Mapped[datetime] = mapped_column(DateTime)
    accepted: Mapped[bool] = mapped_column(Boolean)


class TaskRow(Base):
    __tablename__ = "task_progress"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    task_no: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    effective: Mapped[str] = mapped_column(String(20))
    percent: Mapped[float | None] = mapped_column(Float)
    days_overdue: Mapped[int] = mapped_column(Integer)
    progress: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(500))


class IndicatorRow(Base):
    __tablename__ = "indicator_values"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    indicator_no: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(200))
    value: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str] = mapped_column(String(200))
    attainment: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(500))


class ProblemRow(Base):
    __tablename__ = "problems"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    code: Mapped[str] = mapped_column(String(50))
    severity: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(String(500))
    sheet: Mapped[str] = mapped_column(String(200))
    cell: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
