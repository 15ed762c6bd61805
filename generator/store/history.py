"""The history: store a run and read back what earlier runs said.

A run is saved in one transaction: received files are added once (identified by period, content hash and name) and
never removed; the month's figures are replaced as a whole. Two clerks running the same month at the same moment
are serialised by a lock (PostgreSQL advisory lock, SQLite's write lock), and unique constraints make a second
copy of a file or a figure impossible. A crash or a kill mid-way leaves the previous state.
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import cast

from sqlalchemy import (
    Engine,
    Table,
    bindparam,
    case,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from generator.checks import Problem
from generator.errors import TaizhangError
from generator.intake import Intake
from generator.progress import MonthProgress
from generator.rollup import DONE, LAGGING, NOT_STARTED
from generator.store import numbering, schema
from generator.store.bulk import IN_CHUNK, bulk_insert
from generator.store.models import (
    Base,
    IndicatorRow,
    MonthRow,
    ProblemRow,
    SubmissionLine,
    SubmissionRow,
    TaskRow,
    UnitScoreRow,
)
from generator.store.records import first_line, lines_as_read, problem_row, without_password
from generator.store.unit_rows import store_unit_rows

ACCEPTED, SUPERSEDED, REJECTED, WITHDRAWN = "采用", "被取代", "未采用", "已移出"
NUMBERING_LOCK = 0x7A_6874_6E6F  # "zhtno": the advisory lock key for choosing 第N期 (any constant of our own)


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


def _database_errors(method):
    """A damaged database file (database disk image is malformed), a dropped connection …: one Chinese line, not a
    traceback; the CLI shows it and exits 2."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except SQLAlchemyError as exc:
            raise TaizhangError(
                f"历史数据库 {without_password(self.url)} 出错（{exc.__class__.__name__}：{first_line(exc)}）："
                "数据库文件可能已损坏，请从备份恢复，或用 --db 指定另一个数据库。"
            ) from exc

    return wrapper


FILE_CHUNK = 100  # files whose rows as read are built and inserted together


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def database_url(url_or_path: str | Path) -> str:
    text_ = str(url_or_path)
    return text_ if "://" in text_ else f"sqlite:///{text_}"


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _manual_transactions(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below take the write lock

        @event.listens_for(engine, "begin")
        def _write_lock(connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # one writer at a time, taken before reading

        return engine
    return create_engine(url, pool_pre_ping=True)


def _disk_full(exc: SQLAlchemyError) -> bool:
    """Whether the database driver said the disk is full, in its own words (not SQLAlchemy's notes about
    autoflush): SQLite "database or disk is full", PostgreSQL "No space left on device"."""
    if not isinstance(exc, OperationalError):
        return False
    detail = str(exc.orig or exc).lower()
    return "full" in detail or "no space" in detail


class History:
    """The workspace's history database: the SQLite file by default, or any SQLAlchemy URL (PostgreSQL)."""

    def __init__(self, url_or_path: str | Path, upgrade: bool = True):
        self.url = database_url(url_or_path)
        try:
            self.engine = _engine(self.url)
            if upgrade and not schema.is_current(self.engine):
                schema.upgrade(self.engine)
        except SQLAlchemyError as exc:
            if _disk_full(exc):  # creating or upgrading the tables on a full disk: nothing is damaged
                raise TaizhangError(
                    f"磁盘空间不足，无法建立或升级历史数据库 {without_password(self.url)}："
                    "请清理磁盘后重新运行，已有的历史未被改动。"
                ) from exc
            raise TaizhangError(
                f"无法打开历史数据库 {without_password(self.url)}（{exc.__class__.__name__}：{first_line(exc)}）："
                "数据库文件可能已损坏或服务器无法连接，请检查 --db 或 taizhang.toml 中的地址，或从备份恢复。"
            ) from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ── writing ──────────────────────────────────────────────────────────────────────────────────────────────────

    @_database_errors
    def save_run(self, month: MonthProgress, intake: Intake, issue_no: int) -> None:
        """Store what came in and the month's figures, in one transaction."""
        now = datetime.now()
        try:
            with Session(self.engine) as session, session.begin():
                self._lock(session, month.period)
                ids = self._save_submissions(session, intake, now)
                self._replace_month(session, month, intake, issue_no, ids, now)
        except OperationalError as exc:
            reason = first_line(exc.orig) if isinstance(exc.orig, Exception) else first_line(exc)
            if _disk_full(exc):
                raise TaizhangError(
                    "磁盘空间不足，本月未能存入历史：请清理磁盘后重新运行，已有的历史未被改动。"
                ) from exc
            raise TaizhangError(f"写入历史数据库失败（{reason}）：请稍后重试。") from exc

    def _lock(self, session: Session, period: str) -> None:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": zlib.crc32(period.encode())})

    def _save_submissions(self, session: Session, intake: Intake, now: datetime) -> dict[int, int]:
        """Add new files with their rows as read; update what is known of the others. Returns id(checked) → id.

        Written with a few bulk statements whatever the number of files (one round trip per kind of change, not
        per file: 1,000 files with 100 rows each took 10 s one by one)."""
        period = intake.period
        connection = session.connection()
        connection.execute(
            update(_table(SubmissionRow))
            .where(SubmissionRow.period == period)
            .values(accepted=False, status=WITHDRAWN, note="文件已不在本期收件文件夹中")
        )
        known = self._submission_ids(connection, period)
        state: dict[int, dict[str, object]] = {}
        new: dict[tuple[str, str], dict[str, object]] = {}
        for checked in intake.checked:
            sub = checked.submission
            accepted, reason = intake.verdict(checked)
            status = ACCEPTED if accepted else (SUPERSEDED if reason.startswith("本单位报送了更新") else REJECTED)
            state[id(checked)] = {"unit": sub.unit, "accepted": accepted, "status": status, "note": reason}
            if (sub.sha256, sub.file_name) not in known:
                new[(sub.sha256, sub.file_name)] = {
                    "period": period,
                    "file_name": sub.file_name,
                    "sha256": sub.sha256,
                    "modified": sub.modified,
                    "first_seen": now,
                    "size": sub.size,
                    **state[id(checked)],
                }
        if new:
            connection.execute(insert(_table(SubmissionRow)), list(new.values()))
            known = self._submission_ids(connection, period)
        ids = {id(c): known[(c.submission.sha256, c.submission.file_name)] for c in intake.checked}
        if state:
            connection.execute(
                update(_table(SubmissionRow))
                .where(SubmissionRow.id == bindparam("row_id"))
                .values(
                    unit=bindparam("unit"),
                    accepted=bindparam("accepted"),
                    status=bindparam("status"),
                    note=bindparam("note"),
                    last_seen=now,
                ),
                [{"row_id": ids[key], **values} for key, values in state.items()],
            )
        # a new file, or one stored by taizhang 0.1 without its rows, gets its rows as read
        with_lines = set(
            connection.scalars(
                select(SubmissionLine.submission_id)
                .join(SubmissionRow, SubmissionRow.id == SubmissionLine.submission_id)
                .where(SubmissionRow.period == period)
                .distinct()
            )
        )
        new_files = [c for c in intake.checked if ids[id(c)] not in with_lines]
        for start in range(0, len(new_files), FILE_CHUNK):  # a province's hundred thousand rows never all at once
            lines = [line for c in new_files[start : start + FILE_CHUNK] for line in lines_as_read(ids[id(c)], c)]
            bulk_insert(connection, _table(SubmissionLine), lines)
        row_ids = sorted(set(ids.values()))
        for start in range(0, len(row_ids), IN_CHUNK):
            chunk = row_ids[start : start + IN_CHUNK]
            connection.execute(delete(_table(ProblemRow)).where(ProblemRow.submission_id.in_(chunk)))
        problems = [problem_row(period, p, ids[id(c)]) for c in intake.checked for p in c.submission.problems]
        if problems:
            bulk_insert(connection, _table(ProblemRow), problems)
        return ids

    @staticmethod
    def _submission_ids(connection, period: str) -> dict[tuple[str, str], int]:
        rows = connection.execute(
            select(SubmissionRow.sha256, SubmissionRow.file_name, SubmissionRow.id).where(
                SubmissionRow.period == period
            )
        )
        return {(sha256, file_name): row_id for sha256, file_name, row_id in rows}

    def _replace_month(
        self, session, month: MonthProgress, intake: Intake, issue_no: int, ids: dict[int, int], now: datetime
    ) -> None:
        """Store the month's figures: its summary again, and each (task or indicator, unit) row whose values changed
        (the caller's transaction makes it one step)."""
        period = month.period
        connection = session.connection()
        connection.execute(delete(_table(MonthRow)).where(MonthRow.period == period))
        connection.execute(
            delete(_table(ProblemRow)).where(ProblemRow.period == period, ProblemRow.submission_id.is_(None))
        )
        counts = month.counts
        connection.execute(
            insert(_table(MonthRow)),
            {
                "period": period,
                "total": len(month.tasks),
                "done": counts["已完成"],
                "on_schedule": counts["按序时推进"],
                "lagging": counts["滞后"],
                "not_started": counts["未启动"],
                "not_reported": counts["未报送"],
                "completion_rate": month.completion_rate,
                "stored_at": now,
                "issue_no": issue_no,
            },
        )
        submission_of = {unit: ids[id(checked)] for unit, checked in intake.accepted.items()}
        store_unit_rows(connection, month, submission_of)
        if intake.batch_problems:
            bulk_insert(connection, _table(ProblemRow), [problem_row(period, p, None) for p in intake.batch_problems])

    # ── reading ──────────────────────────────────────────────────────────────────────────────────────────────────

    @_database_errors
    def previous(self, period: str) -> MonthSummary | None:
        """The latest stored month before `period`."""
        with Session(self.engine) as session:
            row = session.scalars(
                select(MonthRow).where(MonthRow.period < period).order_by(MonthRow.period.desc()).limit(1)
            ).first()
            return MonthSummary(row.period, row.total, row.done, row.completion_rate, row.issue_no) if row else None

    @_database_errors
    def issue_number(self, period: str) -> int:
        """第N期: the number the month's bulletin already has, else the next one (numbering.py)."""
        return numbering.reserve(self.engine, numbering.BULLETIN, numbering.ACROSS_YEARS, period, [""])[""]

    def reserve_numbers(self, kind: str, year: int, period: str, units: list[str]) -> dict[str, int]:
        """发文字号 numbers of the month's letters of one kind, one per unit (numbering.py)."""
        return numbering.reserve(self.engine, kind, year, period, units)

    @_database_errors
    def save_problems(self, period: str, problems: list[Problem]) -> None:
        """Problems found after the month was stored (a document that could not be written), added to its own."""
        with Session(self.engine) as session, session.begin():
            self._lock(session, period)
            bulk_insert(session.connection(), _table(ProblemRow), [problem_row(period, p, None) for p in problems])

    @_database_errors
    def save_scores(self, period: str, scores: list[tuple[str, str, float, int]]) -> None:
        """The month's 考核 scores (unit, category, score, rank), replacing what a previous run stored."""
        with Session(self.engine) as session, session.begin():
            self._lock(session, period)
            session.execute(delete(UnitScoreRow).where(UnitScoreRow.period == period))
            session.add_all(UnitScoreRow(period=period, unit=u, category=c, score=s, rank=r) for u, c, s, r in scores)

    def previous_scores(self, period: str) -> dict[str, float]:
        """unit → score of the latest month stored before `period` (empty for the first)."""
        with Session(self.engine) as session:
            last = session.scalar(select(func.max(UnitScoreRow.period)).where(UnitScoreRow.period < period))
            if last is None:
                return {}
            rows = session.execute(select(UnitScoreRow.unit, UnitScoreRow.score).where(UnitScoreRow.period == last))
            return {unit: float(score) for unit, score in rows}

    @contextmanager
    def numbering(self) -> Iterator[None]:
        """Hold while choosing 第N期 and until the month is stored, so that two months run at once never get the
        same number. PostgreSQL: a session advisory lock (released by the server if the process dies). SQLite:
        one writer per file already, and the workspace's run lock serialises the runs that share it."""
        if self.engine.dialect.name != "postgresql":
            yield
            return
        try:
            connection = self.engine.connect()
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": NUMBERING_LOCK})
            connection.commit()
        except SQLAlchemyError as exc:
            raise TaizhangError(f"历史数据库无法加锁（{first_line(exc)}）：请稍后重试。") from exc
        try:
            yield
        finally:
            try:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": NUMBERING_LOCK})
                connection.commit()
            finally:
                connection.close()

    @_database_errors
    def periods(self) -> list[str]:
        with Session(self.engine) as session:
            return list(session.scalars(select(MonthRow.period).order_by(MonthRow.period)))

    @_database_errors
    def submissions(self, unit: str | None = None, period: str | None = None) -> list[SubmissionInfo]:
        """What was received, oldest first (for `taizhang history`)."""
        problems = (
            select(ProblemRow.submission_id, func.count().label("n")).group_by(ProblemRow.submission_id).subquery()
        )
        query = (
            select(SubmissionRow, problems.c.n)
            .outerjoin(problems, problems.c.submission_id == SubmissionRow.id)
            .order_by(SubmissionRow.period, SubmissionRow.modified, SubmissionRow.file_name)
        )
        if unit:
            query = query.where(SubmissionRow.unit == unit)
        if period:
            query = query.where(SubmissionRow.period == period)
        with Session(self.engine) as session:
            return [
                SubmissionInfo(
                    s.period, s.unit, s.file_name, s.sha256, s.modified, s.status or "", s.note or "", int(n or 0)
                )
                for s, n in session.execute(query)
            ]

    @_database_errors
    def trace(self, period: str, kind: str, number: int, unit: str | None = None) -> list[TraceSource]:
        """Every submission of `period` with a row for task/indicator `number` (from `unit` only, when given), the
        ones counted (one per unit with a part in it) marked."""
        figure: type[TaskRow] | type[IndicatorRow] = TaskRow if kind == "task" else IndicatorRow
        key = TaskRow.task_no if kind == "task" else IndicatorRow.indicator_no
        with Session(self.engine) as session:
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
                    TraceCell(column, f"{line.sheet}!{a1}", value)
                    for column, (a1, value) in json.loads(line.cells).items()
                ]
                out.append(
                    TraceSource(
                        sub.file_name, sub.sha256, sub.modified, sub.status or "", sub.id in counted, cells, sub.unit
                    )
                )
            return out

    @_database_errors
    def unit_trends(self, up_to: str) -> dict[str, list[tuple[str, float | None, float]]]:
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
        with Session(self.engine) as session:
            rows = session.execute(query).all()
        trends: dict[str, list[tuple[str, float | None, float]]] = {}
        for unit, period, items, done, total, figures in rows:
            average = round(float(total) / figures, 1) if figures else None  # rollup.average_percent
            trends.setdefault(unit, []).append((period, average, round(100 * int(done) / items, 1)))
        return trends

    @_database_errors
    def overdue_streaks(self, periods: list[str]) -> dict[tuple[int, str], int]:
        """(task_no, unit) → how many of the given consecutive months, counting back from the last, the unit's
        part was overdue."""
        if not periods:
            return {}
        with Session(self.engine) as session:
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
