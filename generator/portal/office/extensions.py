"""延期申请: a unit asks for a later deadline on one of its tasks; the clerk approves (批准) or refuses (不予批准). An
approved request becomes a deadline change in the store, in force from the request's month on."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import desc, select
from sqlalchemy.orm import Session

from generator.portal.models import Extension
from generator.portal.office.base import MAX_TEXT, OfficeBase, PortalError
from generator.store.deadlines import DeadlineChange, record_change

PENDING, APPROVED, REFUSED = "待审批", "已批准", "未批准"


class ExtensionDesk(OfficeBase):
    """Extension requests: made by a unit, listed, decided by the clerk."""

    def request_extension(
        self, unit: str, period: str, task_no: int, new_date: date, reason: str, ip: str = ""
    ) -> Extension:
        period = self.period_or_current(period)
        task = self.assignments(unit, period).task(task_no)
        if task is None:
            raise PortalError(f"第{task_no}项任务不是本单位的任务。")
        reason = reason.strip()
        if not reason or len(reason) > MAX_TEXT:
            raise PortalError(f"请填写延期理由（不超过{MAX_TEXT}字）。")
        if task.deadline is not None and new_date <= task.deadline:
            raise PortalError(f"申请的新时限应晚于现在的完成时限（{task.deadline_text}）。")
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            pending = session.scalars(
                select(Extension).where(
                    Extension.unit == unit, Extension.task_no == task_no, Extension.status == PENDING
                )
            ).first()
            if pending is not None:
                raise PortalError(f"第{task_no}项任务已有一份待审批的延期申请。")
            row = Extension(
                period=period,
                unit=unit,
                task_no=task_no,
                old_deadline=task.deadline_text,
                new_deadline=new_date,
                reason=reason,
                status=PENDING,
                requested_at=datetime.now(),
            )
            session.add(row)
        self.audit(
            unit,
            "unit",
            "extension-request",
            f"第{task_no}项任务申请延期至{new_date:%Y-%m-%d}：{reason}",
            period,
            unit,
            ip,
        )
        return row

    def extensions(self, period: str | None = None, unit: str | None = None) -> list[Extension]:
        return self._rows(Extension, unit, period, desc(Extension.id))

    def decide_extension(self, extension_id: int, approve: bool, by: str, note: str = "", ip: str = "") -> Extension:
        """批准 or 不予批准; an approved request changes the task's deadline from the request's month on."""
        now = datetime.now()
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            row = session.get(Extension, extension_id)
            if row is None or row.status != PENDING:
                raise PortalError("该延期申请不存在或已处理。")
            row.status, row.decided_by, row.decided_at = (APPROVED if approve else REFUSED), by, now
            row.decision_note = note.strip()[:MAX_TEXT]
        if approve:
            record_change(
                self.engine, DeadlineChange(row.task_no, row.unit, row.period, row.new_deadline, row.reason, by, now)
            )
        self.audit(
            by,
            "clerk",
            "extension-approve" if approve else "extension-refuse",
            f"第{row.task_no}项任务延期至{row.new_deadline:%Y-%m-%d}：{row.status}",
            row.period,
            row.unit,
            ip,
        )
        return row
