"""What every desk of the portal's office stands on: the workspace and its history database, the plan (reread when
plan.xlsx changes), the months a page may name and their due dates, the session key, the audit log, and reading a
portal table's rows. The desks (uploads, evidence, extensions, the board) build on OfficeBase; Office puts them
together.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import desc, select
from sqlalchemy.orm import Session

from generator.periods import check_period, period_end
from generator.plan import Plan, read_plan
from generator.portal.assignments import Assignments, unit_assignments
from generator.portal.models import AuditEntry, Setting
from generator.store import History
from generator.store.deadlines import apply_changes, changes_in_force
from generator.workspace import Workspace

Row = TypeVar("Row")  # a portal table with unit and period columns: Upload, Return, Evidence, Extension
MAX_TEXT = 500


class PortalError(Exception):
    """A request that cannot be done; the message (Chinese) is shown on the page."""


class OfficeBase:
    """What the office's desks share: the workspace, its plan, its history database, its folders, the audit log."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.history = History(ws.db_url)  # brings the schema (portal tables included) up to date
        self.engine = self.history.engine
        self.limits = ws.limits()
        self.root = ws.root / "portal"  # the portal's own files: staging, receipts of uploads
        self._plan: tuple[float, Plan] | None = None
        self._plan_lock = threading.Lock()

    def close(self) -> None:
        self.history.close()

    # ── settings, plan, periods ─────────────────────────────────────────────────────────────────────────────────

    def config(self) -> dict:
        return self.ws._config().get("portal", {})

    def plan(self) -> Plan:
        """The plan, reread when plan.xlsx changes."""
        mtime = self.ws.plan_path.stat().st_mtime
        with self._plan_lock:
            if self._plan is None or self._plan[0] != mtime:
                self._plan = (mtime, read_plan(self.ws.plan_path))
            return self._plan[1]

    def current_period(self) -> str:
        """The month units report on now: [portal] period in taizhang.toml, else the latest month folder, else the
        month before today."""
        configured = self.config().get("period")
        if configured:
            return check_period(str(configured))
        periods = self.ws.periods()
        if periods:
            return periods[-1]
        today = date.today()
        year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
        return f"{year}-{month:02d}"

    def periods(self) -> list[str]:
        """Months a page may name: those with a folder, and the current one. A period from a request is only ever
        compared with these."""
        return sorted(set(self.ws.periods()) | {self.current_period()})

    def period_or_current(self, asked: str | None) -> str:
        if not asked:
            return self.current_period()
        if asked not in self.periods():
            raise PortalError(f"没有报送期「{asked[:20]}」。")
        return asked

    def due_date(self, period: str) -> date:
        """报送截止日: day [portal] due_day (default 5) of the month after the period."""
        day = int(self.config().get("due_day", 5))
        end = period_end(period)
        year, month = (end.year + 1, 1) if end.month == 12 else (end.year, end.month + 1)
        return date(year, month, max(1, min(day, 28)))

    def secret_key(self) -> str:
        """The key that signs session cookies: made once, kept in the database so every server shares it."""
        import secrets

        with Session(self.engine) as session, session.begin():
            row = session.get(Setting, "session_key")
            if row is None:
                row = Setting(key="session_key", value=secrets.token_hex(32))
                session.add(row)
            return row.value

    # ── audit ───────────────────────────────────────────────────────────────────────────────────────────────────

    def audit(
        self,
        actor: str,
        role: str,
        action: str,
        detail: str,
        period: str | None = None,
        unit: str | None = None,
        ip: str | None = None,
    ) -> None:
        with Session(self.engine) as session, session.begin():
            session.add(self._audit_entry(actor, role, action, detail, period, unit, ip))

    @staticmethod
    def _audit_entry(
        actor: str, role: str, action: str, detail: str, period: str | None, unit: str | None, ip: str | None
    ) -> AuditEntry:
        return AuditEntry(
            at=datetime.now(),
            actor=actor[:200],
            role=role,
            action=action,
            period=period,
            unit=unit,
            detail=detail[:2000],
            ip=(ip or "")[:64] or None,
        )

    def audit_log(self, limit: int = 500) -> list[AuditEntry]:
        with Session(self.engine) as session:
            return list(session.scalars(select(AuditEntry).order_by(desc(AuditEntry.id)).limit(limit)))

    # ── a unit's month ──────────────────────────────────────────────────────────────────────────────────────────

    def assignments(self, unit: str, period: str) -> Assignments:
        """The unit's tasks and indicators, with the deadlines in force that month (approved extensions applied)."""
        plan = apply_changes(self.plan(), changes_in_force(self.engine, period))
        return unit_assignments(plan, unit)

    # ── the portal's tables ─────────────────────────────────────────────────────────────────────────────────────

    def _rows(self, model: type[Row], unit: str | None, period: str | None, *order: Any) -> list[Row]:
        """A portal table's rows, of one unit and one month when given, in `order`."""
        query = select(model).order_by(*order)
        if unit:
            query = query.where(model.unit == unit)  # type: ignore[attr-defined]
        if period:
            query = query.where(model.period == period)  # type: ignore[attr-defined]
        with Session(self.engine, expire_on_commit=False) as session:
            return list(session.scalars(query))

    def _row(self, model: type[Row], row_id: int) -> Row | None:
        with Session(self.engine, expire_on_commit=False) as session:
            return session.get(model, row_id)
