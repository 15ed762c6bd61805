"""文号编排: 发文字号 of the letters and 期号 of the bulletin, issued from the history and never reused.

A number is given to (kind, period, unit) the first time that document is made and kept for ever: a re-run of the
month gets the same numbers (nothing is skipped), a month run out of order gets the next free number (nothing is
repeated), and a letter no longer needed on a re-run leaves its number unused rather than handing it to another
unit. Numbers are reserved in their own transaction before the documents are written, so a run that fails later
still finds them on the next try. Letters are numbered per year (the year in 〔〕 restarts at 1, as offices do);
the bulletin's 期号 runs on across years (year 0), as it always has here.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from generator.errors import TaizhangError
from generator.store.models import DocumentNumberRow
from generator.store.records import first_line

BULLETIN, SUPERVISION, REMINDER = "bulletin", "supervision", "reminder"
ACROSS_YEARS = 0
NUMBERING_LOCK = 0x7A_6874_6E6F  # "zhtno": the advisory lock key for choosing 第N期 (any constant of our own)
KIND_MARK = {SUPERVISION: "督", REMINDER: "催"}  # default prefix: the plan's prefix + this (see default_prefix)


def document_number(prefix: str, year: int, number: int) -> str:
    """发文字号 as GB/T 9704 §7.2.5 writes it: 焦示城创办督〔2018〕3号 (〔〕, full year, no leading zero, no 第)."""
    return f"{prefix}〔{year}〕{number}号"


def default_prefix(plan_doc_number: str, kind: str) -> str:
    """Where the settings name no prefix: the plan's own (焦示城创指 of 焦示城创指〔2018〕6号) + 督 / 催."""
    base = plan_doc_number.split("〔")[0].strip() if "〔" in plan_doc_number else ""
    return f"{base}{KIND_MARK.get(kind, '')}" if base else ""


def reserve(engine: Engine, kind: str, year: int, period: str, units: Iterable[str]) -> dict[str, int]:
    """The number of each (kind, period, unit): the one already issued, else the next of (kind, year), in the
    order `units` are given. One transaction; concurrent runs are serialised (PostgreSQL advisory lock, SQLite's
    write lock), and the unique constraints make a duplicate impossible in any case."""
    wanted = list(dict.fromkeys(units))
    if not wanted:
        return {}
    with Session(engine) as session, session.begin():
        if engine.dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": zlib.crc32(f"numbers:{kind}".encode())})
        issued = dict(
            session.execute(
                select(DocumentNumberRow.unit, DocumentNumberRow.number).where(
                    DocumentNumberRow.kind == kind, DocumentNumberRow.period == period
                )
            ).all()
        )
        last = session.scalar(
            select(func.max(DocumentNumberRow.number)).where(
                DocumentNumberRow.kind == kind, DocumentNumberRow.year == year
            )
        )
        last = int(last or 0)
        now = datetime.now()
        for unit in wanted:
            if unit in issued:
                continue
            last += 1
            issued[unit] = last
            session.add(DocumentNumberRow(kind=kind, year=year, period=period, unit=unit, number=last, issued_at=now))
    return {unit: int(issued[unit]) for unit in wanted}


@contextmanager
def lock(engine: Engine) -> Iterator[None]:
    """Hold while choosing 第N期 and until the month is stored, so that two months run at once never get the
    same number. PostgreSQL: a session advisory lock (released by the server if the process dies). SQLite:
    one writer per file already, and the workspace's run lock serialises the runs that share it."""
    if engine.dialect.name != "postgresql":
        yield
        return
    try:
        connection = engine.connect()
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


def issued(engine: Engine, kind: str | None = None) -> list[DocumentNumberRow]:
    """Every number issued (of one kind), in order: for the README's register and the tests."""
    with Session(engine) as session:
        query = select(DocumentNumberRow).order_by(
            DocumentNumberRow.kind, DocumentNumberRow.year, DocumentNumberRow.number
        )
        if kind:
            query = query.where(DocumentNumberRow.kind == kind)
        rows = list(session.scalars(query))
        session.expunge_all()
        return rows
