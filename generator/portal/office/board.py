"""The clerk's board (报送情况): every reporting unit's line for the month, read from the month's folder as the run
reads it, with the returns (退回) and sign-offs (签收) the clerk made; running the month (汇总本月) and its documents.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import desc, select
from sqlalchemy.orm import Session

from generator.atomic import is_temporary
from generator.checks import ERROR
from generator.intake import Intake, ingest, received_files
from generator.portal.models import Return, SignOff
from generator.portal.office.base import MAX_TEXT, OfficeBase, PortalError
from generator.run import RunResult, run_period
from generator.workspace import Workspace

SIGNED, SUBMITTED, HAS_ERRORS, NOT_SUBMITTED, RETURNED = "签收", "已报送", "有错误", "未报送", "已退回"


@dataclass(frozen=True)
class BoardRow:
    """One unit's line on the month's board."""

    unit: str
    short_name: str
    status: str
    file_name: str
    sha256: str
    received: datetime | None
    errors: int
    warnings: int
    note: str  # the return's reason, or why a file did not count


class BoardDesk(OfficeBase):
    """The month's board, the clerk's returns and sign-offs, the month's run and its documents."""

    def __init__(self, ws: Workspace):
        super().__init__(ws)
        self._boards: dict[str, tuple[tuple, Intake]] = {}  # period → (its folder's signature, what was read)
        self._run_lock = threading.Lock()

    def intake(self, period: str) -> Intake:
        """The month's folder as the run reads it; read again only when a file was added, removed or changed."""
        folder = self.ws.period_inputs(period)
        signature = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in received_files(folder))
        cached = self._boards.get(period)
        if cached is not None and cached[0] == signature:
            return cached[1]
        result = ingest(folder, self.plan(), period, self.limits)
        self._boards[period] = (signature, result)
        return result

    def board(self, period: str) -> list[BoardRow]:
        plan = self.plan()
        intake = self.intake(period)
        with Session(self.engine) as session:
            returns = session.scalars(select(Return).where(Return.period == period).order_by(Return.id)).all()
            signoffs = session.scalars(select(SignOff).where(SignOff.period == period).order_by(SignOff.id)).all()
        returned = {(r.unit, r.sha256): r for r in returns}
        last_return = {r.unit: r for r in returns}
        signed = {(s.unit, s.sha256) for s in signoffs}
        rows = []
        for unit in plan.reporting_units():
            checked = intake.accepted.get(unit.name)
            if checked is None:
                back = last_return.get(unit.name)
                status = RETURNED if back else NOT_SUBMITTED
                note = (
                    back.reason if back else next((p.message for p in intake.batch_problems if p.unit == unit.name), "")
                )
                rows.append(BoardRow(unit.name, unit.short_name, status, "", "", None, 0, 0, note))
                continue
            sub = checked.submission
            errors = sum(p.severity == ERROR for p in sub.problems)
            back = returned.get((unit.name, sub.sha256))
            if back is not None:
                status, note = RETURNED, back.reason
            elif (unit.name, sub.sha256) in signed:
                status, note = SIGNED, ""
            else:
                status, note = (HAS_ERRORS if errors else SUBMITTED), ""
            rows.append(
                BoardRow(
                    unit.name,
                    unit.short_name,
                    status,
                    sub.file_name,
                    sub.sha256,
                    sub.modified,
                    errors,
                    len(sub.problems) - errors,
                    note,
                )
            )
        return rows

    def _board_row(self, period: str, unit: str) -> BoardRow:
        row = next((r for r in self.board(period) if r.unit == unit), None)
        if row is None:
            raise PortalError("方案中没有这个单位。")
        if not row.sha256:
            raise PortalError(f"{row.short_name}本期没有可处理的报送。")
        return row

    def returns(self, unit: str | None = None, period: str | None = None) -> list[Return]:
        return self._rows(Return, unit, period, desc(Return.id))

    def return_submission(self, period: str, unit: str, reason: str, by: str, ip: str = "") -> Return:
        """退回: the unit sees the reason on its page; the board shows 已退回 until it sends a new file."""
        reason = reason.strip()
        if not reason or len(reason) > MAX_TEXT:
            raise PortalError(f"请填写退回理由（不超过{MAX_TEXT}字）。")
        row = self._board_row(period, unit)
        item = Return(
            period=period,
            unit=unit,
            file_name=row.file_name,
            sha256=row.sha256,
            reason=reason,
            by=by,
            at=datetime.now(),
        )
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            session.add(item)
        self.audit(by, "clerk", "return", f"退回「{row.file_name}」：{reason}", period, unit, ip)
        return item

    def sign_off(self, period: str, unit: str, by: str, ip: str = "") -> None:
        row = self._board_row(period, unit)
        with Session(self.engine) as session, session.begin():
            session.add(
                SignOff(period=period, unit=unit, file_name=row.file_name, sha256=row.sha256, by=by, at=datetime.now())
            )
        self.audit(by, "clerk", "sign-off", f"签收「{row.file_name}」", period, unit, ip)

    def run_month(self, period: str, by: str, ip: str = "") -> RunResult:
        """汇总本月: the same run as `taizhang run`, one at a time in this server."""
        with self._run_lock:
            result = run_period(self.ws, period)
        self.audit(by, "clerk", "run", f"汇总{period}：{result.files}个文件，错误{result.errors}个", period, None, ip)
        return result

    def outputs(self, period: str) -> list[Path]:
        """Every document of the month, in a stable order: downloads name them by their place in this list."""
        folder = self.ws.period_outputs(period)
        if not folder.is_dir():
            return []
        return sorted(
            (p for p in folder.rglob("*") if p.is_file() and not is_temporary(p) and not p.name.startswith(".")),
            key=lambda p: p.relative_to(folder).as_posix(),
        )
