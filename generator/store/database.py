"""The history database (历史数据库) opened, and its failures put in one Chinese line.

Shared by the modules that write (saving.py) and read (months.py, trends.py) the history: the engine with SQLite's
write lock taken at BEGIN, the per-month transaction lock on PostgreSQL, and the translation of a damaged file, a
dropped connection or a full disk into a TaizhangError the CLI shows without a traceback.
"""

from __future__ import annotations

import functools
import zlib
from pathlib import Path
from typing import cast

from sqlalchemy import Engine, Table, create_engine, event, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from generator.errors import TaizhangError
from generator.store.models import Base
from generator.store.records import first_line, without_password


def database_url(url_or_path: str | Path) -> str:
    text_ = str(url_or_path)
    return text_ if "://" in text_ else f"sqlite:///{text_}"


def open_engine(url: str) -> Engine:
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


def table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def lock_month(session: Session, period: str) -> None:
    """Two runs of the same month wait for each other (PostgreSQL; SQLite's BEGIN IMMEDIATE already does)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": zlib.crc32(period.encode())})


def disk_full(exc: SQLAlchemyError) -> bool:
    """Whether the database driver said the disk is full, in its own words (not SQLAlchemy's notes about
    autoflush): SQLite "database or disk is full", PostgreSQL "No space left on device"."""
    if not isinstance(exc, OperationalError):
        return False
    detail = str(exc.orig or exc).lower()
    return "full" in detail or "no space" in detail


def database_errors(method):
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
