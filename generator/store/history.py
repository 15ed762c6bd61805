"""The history (历史记录) as one object: open the database, store a run, read back what earlier runs said.

`History` is what the run, the CLI, the portal and delivery hold; each of its methods is one call into the module
that does that job, wrapped so that a database failure is one Chinese line:

- database.py   opening the database, its locks, its failures in words;
- saving.py     storing a run (files received, the month's figures, problems found later, 考核 scores);
- months.py     reading back months, scores, files received and the cells behind a figure;
- trends.py     the stored months across time (a unit's progress, overdue streaks);
- numbering.py  第N期 and 发文字号, issued once and never reused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from generator.checks import Problem
from generator.errors import TaizhangError
from generator.intake import Intake
from generator.progress import MonthProgress
from generator.store import months, numbering, saving, schema, trends
from generator.store.database import database_errors, database_url, disk_full, open_engine
from generator.store.months import MonthSummary, SubmissionInfo, TraceSource
from generator.store.records import first_line, without_password


class History:
    """The workspace's history database: the SQLite file by default, or any SQLAlchemy URL (PostgreSQL)."""

    def __init__(self, url_or_path: str | Path, upgrade: bool = True):
        self.url = database_url(url_or_path)
        try:
            self.engine = open_engine(self.url)
            if upgrade and not schema.is_current(self.engine):
                schema.upgrade(self.engine)
        except SQLAlchemyError as exc:
            if disk_full(exc):  # creating or upgrading the tables on a full disk: nothing is damaged
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

    # ── writing (saving.py) ──────────────────────────────────────────────────────────────────────────────────────

    @database_errors
    def save_run(self, month: MonthProgress, intake: Intake, issue_no: int) -> None:
        """Store what came in and the month's figures, in one transaction."""
        saving.save_run(self.engine, month, intake, issue_no)

    @database_errors
    def save_problems(self, period: str, problems: list[Problem]) -> None:
        """Problems found after the month was stored (a document that could not be written), added to its own."""
        saving.save_problems(self.engine, period, problems)

    @database_errors
    def save_scores(self, period: str, scores: list[tuple[str, str, float, int]]) -> None:
        """The month's 考核 scores (unit, category, score, rank), replacing what a previous run stored."""
        saving.save_scores(self.engine, period, scores)

    # ── numbering (numbering.py) ─────────────────────────────────────────────────────────────────────────────────

    @database_errors
    def issue_number(self, period: str) -> int:
        """第N期: the number the month's bulletin already has, else the next one (numbering.py)."""
        return numbering.reserve(self.engine, numbering.BULLETIN, numbering.ACROSS_YEARS, period, [""])[""]

    def reserve_numbers(self, kind: str, year: int, period: str, units: list[str]) -> dict[str, int]:
        """发文字号 numbers of the month's letters of one kind, one per unit (numbering.py)."""
        return numbering.reserve(self.engine, kind, year, period, units)

    @contextmanager
    def numbering(self) -> Iterator[None]:
        """Hold while choosing 第N期 and until the month is stored (numbering.lock)."""
        with numbering.lock(self.engine):
            yield

    # ── reading (months.py, trends.py) ───────────────────────────────────────────────────────────────────────────

    @database_errors
    def previous(self, period: str) -> MonthSummary | None:
        """The latest stored month before `period`."""
        return months.previous(self.engine, period)

    def previous_scores(self, period: str) -> dict[str, float]:
        """unit → score of the latest month stored before `period` (empty for the first)."""
        return months.previous_scores(self.engine, period)

    @database_errors
    def periods(self) -> list[str]:
        return months.periods(self.engine)

    @database_errors
    def submissions(self, unit: str | None = None, period: str | None = None) -> list[SubmissionInfo]:
        """What was received, oldest first (for `taizhang history`)."""
        return months.submissions(self.engine, unit, period)

    @database_errors
    def trace(self, period: str, kind: str, number: int, unit: str | None = None) -> list[TraceSource]:
        """Every submission of `period` with a row for task/indicator `number` (from `unit` only, when given)."""
        return months.trace(self.engine, period, kind, number, unit)

    @database_errors
    def unit_trends(self, up_to: str) -> dict[str, list[tuple[str, float | None, float]]]:
        """unit → [(period, average 完成百分比, completion rate)] up to `up_to` (trends.py)."""
        return trends.unit_trends(self.engine, up_to)

    @database_errors
    def overdue_streaks(self, periods: list[str]) -> dict[tuple[int, str], int]:
        """(task_no, unit) → months in a row, counting back from the last, the unit's part was overdue."""
        return trends.overdue_streaks(self.engine, periods)
