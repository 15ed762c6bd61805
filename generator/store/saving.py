"""A run stored in the history (存入历史): what came in, the month's figures, problems found later, 考核 scores.

A run is saved in one transaction: received files are added once (identified by period, content hash and name) and
never removed; the month's figures are replaced as a whole. Two clerks running the same month at the same moment
are serialised by a lock (PostgreSQL advisory lock, SQLite's write lock), and unique constraints make a second
copy of a file or a figure impossible. A crash or a kill mid-way leaves the previous state.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, bindparam, delete, insert, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from generator.checks import Problem
from generator.errors import TaizhangError
from generator.intake import Intake
from generator.progress import MonthProgress
from generator.store.bulk import IN_CHUNK, bulk_insert
from generator.store.database import disk_full, lock_month, table
from generator.store.models import MonthRow, ProblemRow, SubmissionLine, SubmissionRow, UnitScoreRow
from generator.store.records import first_line, lines_as_read, problem_row
from generator.store.unit_rows import store_unit_rows

ACCEPTED, SUPERSEDED, REJECTED, WITHDRAWN = "采用", "被取代", "未采用", "已移出"
FILE_CHUNK = 100  # files whose rows as read are built and inserted together


def save_run(engine: Engine, month: MonthProgress, intake: Intake, issue_no: int) -> None:
    """Store what came in and the month's figures, in one transaction."""
    now = datetime.now()
    try:
        with Session(engine) as session, session.begin():
            lock_month(session, month.period)
            ids = _save_submissions(session, intake, now)
            _replace_month(session, month, intake, issue_no, ids, now)
    except OperationalError as exc:
        reason = first_line(exc.orig) if isinstance(exc.orig, Exception) else first_line(exc)
        if disk_full(exc):
            raise TaizhangError("磁盘空间不足，本月未能存入历史：请清理磁盘后重新运行，已有的历史未被改动。") from exc
        raise TaizhangError(f"写入历史数据库失败（{reason}）：请稍后重试。") from exc


def _save_submissions(session: Session, intake: Intake, now: datetime) -> dict[int, int]:
    """Add new files with their rows as read; update what is known of the others. Returns id(checked) → id.

    Written with a few bulk statements whatever the number of files (one round trip per kind of change, not
    per file: 1,000 files with 100 rows each took 10 s one by one)."""
    period = intake.period
    connection = session.connection()
    connection.execute(
        update(table(SubmissionRow))
        .where(SubmissionRow.period == period)
        .values(accepted=False, status=WITHDRAWN, note="文件已不在本期收件文件夹中")
    )
    known = _submission_ids(connection, period)
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
        connection.execute(insert(table(SubmissionRow)), list(new.values()))
        known = _submission_ids(connection, period)
    ids = {id(c): known[(c.submission.sha256, c.submission.file_name)] for c in intake.checked}
    if state:
        connection.execute(
            update(table(SubmissionRow))
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
        bulk_insert(connection, table(SubmissionLine), lines)
    row_ids = sorted(set(ids.values()))
    for start in range(0, len(row_ids), IN_CHUNK):
        chunk = row_ids[start : start + IN_CHUNK]
        connection.execute(delete(table(ProblemRow)).where(ProblemRow.submission_id.in_(chunk)))
    problems = [problem_row(period, p, ids[id(c)]) for c in intake.checked for p in c.submission.problems]
    if problems:
        bulk_insert(connection, table(ProblemRow), problems)
    return ids


def _submission_ids(connection, period: str) -> dict[tuple[str, str], int]:
    rows = connection.execute(
        select(SubmissionRow.sha256, SubmissionRow.file_name, SubmissionRow.id).where(SubmissionRow.period == period)
    )
    return {(sha256, file_name): row_id for sha256, file_name, row_id in rows}


def _replace_month(
    session, month: MonthProgress, intake: Intake, issue_no: int, ids: dict[int, int], now: datetime
) -> None:
    """Store the month's figures: its summary again, and each (task or indicator, unit) row whose values changed
    (the caller's transaction makes it one step)."""
    period = month.period
    connection = session.connection()
    connection.execute(delete(table(MonthRow)).where(MonthRow.period == period))
    connection.execute(delete(table(ProblemRow)).where(ProblemRow.period == period, ProblemRow.submission_id.is_(None)))
    counts = month.counts
    connection.execute(
        insert(table(MonthRow)),
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
        bulk_insert(connection, table(ProblemRow), [problem_row(period, p, None) for p in intake.batch_problems])


def save_problems(engine: Engine, period: str, problems: list[Problem]) -> None:
    """Problems found after the month was stored (a document that could not be written), added to its own."""
    with Session(engine) as session, session.begin():
        lock_month(session, period)
        bulk_insert(session.connection(), table(ProblemRow), [problem_row(period, p, None) for p in problems])


def save_scores(engine: Engine, period: str, scores: list[tuple[str, str, float, int]]) -> None:
    """The month's 考核 scores (unit, category, score, rank), replacing what a previous run stored."""
    with Session(engine) as session, session.begin():
        lock_month(session, period)
        session.execute(delete(UnitScoreRow).where(UnitScoreRow.period == period))
        session.add_all(UnitScoreRow(period=period, unit=u, category=c, score=s, rank=r) for u, c, s, r in scores)
