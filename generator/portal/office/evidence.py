"""佐证材料: files a unit attaches to one of its tasks (photos, minutes, PDFs), kept once in the archive by content."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from generator.portal import files
from generator.portal.models import Evidence
from generator.portal.office.base import OfficeBase, PortalError
from generator.store.archive import archive_path


class EvidenceDesk(OfficeBase):
    """A unit's evidence for its tasks: received, kept, listed, found again for download."""

    def add_evidence(
        self, unit: str, period: str, task_no: int, source: BinaryIO, original_name: str, ip: str = ""
    ) -> Evidence:
        period = self.period_or_current(period)
        if self.assignments(unit, period).task(task_no) is None:
            raise PortalError(f"第{task_no}项任务不是本单位的任务。")
        suffix = files.client_suffix(original_name, files.EVIDENCE_TYPES)
        max_mb = int(self.config().get("max_evidence_mb", 50))
        staged = files.stage(source, self.root / "staging", "evidence", suffix, max_mb * 2**20)
        try:
            files.keep_once(staged.path, archive_path(self.ws.archive, staged.sha256, suffix))
        finally:
            files.discard(staged.path)
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            row = session.scalars(
                select(Evidence).where(
                    Evidence.period == period,
                    Evidence.unit == unit,
                    Evidence.task_no == task_no,
                    Evidence.sha256 == staged.sha256,
                )
            ).first()
            if row is None:
                row = Evidence(
                    period=period,
                    unit=unit,
                    task_no=task_no,
                    original_name=files.shown_name(original_name),
                    sha256=staged.sha256,
                    suffix=suffix,
                    size=staged.size,
                    uploaded_at=datetime.now(),
                )
                session.add(row)
        self.audit(
            unit,
            "unit",
            "evidence",
            f"第{task_no}项任务佐证材料「{row.original_name}」{staged.sha256[:12]}",
            period,
            unit,
            ip,
        )
        return row

    def evidence(self, period: str | None = None, unit: str | None = None) -> list[Evidence]:
        return self._rows(Evidence, unit, period, Evidence.task_no, Evidence.id)

    def evidence_item(self, evidence_id: int) -> Evidence | None:
        return self._row(Evidence, evidence_id)

    def evidence_path(self, item: Evidence) -> Path:
        return archive_path(self.ws.archive, item.sha256, item.suffix)
