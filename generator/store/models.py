"""SQLAlchemy tables of the history (schema head; generator/store/migrations/ takes older files there).

Received files and what was read from them are kept for ever (submissions, submission_rows, problems); the month's
figures (months, task_progress, indicator_values) are derived from them and replaced as a whole when a month runs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
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
    issue_no: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SubmissionRow(Base):
    """报送记录: one received file, identified by period, content and name; never deleted."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("period", "sha256", "file_name", name="uq_submission_file"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    unit: Mapped[str | None] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    modified: Mapped[datetime] = mapped_column(DateTime)  # the file's time: when it was received
    accepted: Mapped[bool] = mapped_column(Boolean)  # counts for the month as last run
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str | None] = mapped_column(String(20), nullable=True)  # 采用 / 被取代 / 未采用 / 已移出
    note: Mapped[str | None] = mapped_column(Text, nullable=True)  # why it did not count
    first_seen: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_seen: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SubmissionLine(Base):
    """One row as read from a submission: which plan item it was matched to and its cells (A1 → value)."""

    __tablename__ = "submission_rows"
    __table_args__ = (UniqueConstraint("submission_id", "kind", "sheet", "row", name="uq_submission_row"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # task / indicator
    item_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sheet: Mapped[str] = mapped_column(String(200))
    row: Mapped[int] = mapped_column(Integer)  # 1-based, as Excel shows it
    cells: Mapped[str] = mapped_column(Text)  # JSON: {column: [A1, value]}


class TaskRow(Base):
    """分工进展: one unit's part of one task in one month (one row per (task, unit); a task with one unit has one)."""

    __tablename__ = "task_progress"
    __table_args__ = (UniqueConstraint("period", "task_no", "unit", name="uq_task_unit_period"),)
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
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), nullable=True)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON: {column: "sheet!A1"}
    role: Mapped[str | None] = mapped_column(String(10), nullable=True)  # 牵头 / 配合 / 落实
    required: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # must report monthly (counts in figures)


class IndicatorRow(Base):
    """One unit's value of one indicator in one month."""

    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("period", "indicator_no", "unit", name="uq_indicator_unit_period"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    indicator_no: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(200))
    value: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str] = mapped_column(String(200))
    attainment: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(500))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), nullable=True)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    role: Mapped[str | None] = mapped_column(String(10), nullable=True)


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
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), nullable=True)
    hint: Mapped[str | None] = mapped_column(Text, nullable=True)


class OutboxRow(Base):
    """发件箱: one message to one unit or recipient, kept for ever; the key makes a second copy impossible.

    key = sha256 of channel, kind, period, unit (or bulletin recipient) and the document's content hash, so a re-run
    of `send` finds what already went. status: sending (claimed by a sender), sent, retry (next_retry_at), failed.
    """

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("key", name="uq_outbox_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(10))  # mail / webhook
    kind: Mapped[str] = mapped_column(String(20))  # 空白台账 / 回执 / 催报通知 / 督办通知 / 通报 / 报送提醒
    period: Mapped[str] = mapped_column(String(7), index=True)
    unit: Mapped[str] = mapped_column(String(200))
    recipients: Mapped[str] = mapped_column(Text)  # addresses (or the webhook's host), comma-separated
    subject: Mapped[str] = mapped_column(Text)
    document: Mapped[str] = mapped_column(String(500))  # file name of the attachment, '' when none
    document_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    next_retry_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)  # the server's answer, or why it failed
    message_id: Mapped[str | None] = mapped_column(String(300), nullable=True)


class DocumentNumberRow(Base):
    """发文字号 / 期号 issued: one number per (kind, period, unit), kept for ever so that a number is never reused and
    a re-run of the month gets the same one (migration 0005)."""

    __tablename__ = "document_numbers"
    __table_args__ = (
        UniqueConstraint("kind", "period", "unit", name="uq_document_number_item"),
        UniqueConstraint("kind", "year", "number", name="uq_document_number"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # bulletin (期号), supervision (督办), reminder (催报)
    year: Mapped[int] = mapped_column(Integer)  # the year in 〔〕; 0 for a series that runs across years (期号)
    period: Mapped[str] = mapped_column(String(7))
    unit: Mapped[str] = mapped_column(String(200))  # "" for a document of the whole month (the bulletin)
    number: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(DateTime)


class UnitScoreRow(Base):
    """考核得分: a unit's score and rank of a month, for the change against last month (migration 0005)."""

    __tablename__ = "unit_scores"
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    unit: Mapped[str] = mapped_column(String(200), primary_key=True)
    category: Mapped[str] = mapped_column(String(100))
    score: Mapped[float] = mapped_column(Float)
    rank: Mapped[int] = mapped_column(Integer)


class UnitDigestRow(Base):
    """A digest of every value stored for one unit in one month (its task_progress and indicator_values rows, the
    code that made them): storing the month again rewrites only the units whose digest changed (migration 0008)."""

    __tablename__ = "unit_digests"
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    unit: Mapped[str] = mapped_column(String(200), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
