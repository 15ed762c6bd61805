"""报送: a unit's ledger received through the portal, and its receipt (回执).

A ledger uploaded here is read and checked exactly as `run` reads and checks the folder (the same intake functions
and limits), then saved into `inputs/<period>/` under a name made here, so a month run, `watch` and the board see it
like a file the clerk dropped in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import desc, select
from sqlalchemy.orm import Session

from generator.checks import ERROR
from generator.checks.ledger import check_submission
from generator.documents import receipt
from generator.ledger.read import read_submission
from generator.plan.units import UnitDirectory
from generator.portal import files
from generator.portal.models import Upload
from generator.portal.office.base import OfficeBase
from generator.store.archive import archive_path


@dataclass(frozen=True)
class ProblemView:
    """One problem of an upload as its receipt page shows it, read back from the JSON stored with the upload."""

    severity: str
    title: str
    sheet: str
    cell: str
    message: str
    hint: str


def problems_of(upload: Upload) -> list[ProblemView]:
    return [ProblemView(**p) for p in json.loads(upload.problems)]


class UploadDesk(OfficeBase):
    """A unit's ledgers: received, checked, saved for the month; their receipts."""

    def receive_ledger(self, unit: str, period: str, source: BinaryIO, original_name: str, ip: str = "") -> Upload:
        """Stage and check an uploaded ledger, save it when it is the unit's usable ledger, record the verdict."""
        period = self.period_or_current(period)
        plan = self.plan()
        suffix = files.client_suffix(original_name, files.LEDGER_TYPES)
        now = datetime.now()
        stem = f"{files.safe_part(plan.unit(unit).short_name)}_{period}_网上报送_{now:%Y%m%d%H%M%S%f}"
        staged = files.stage(source, self.root / "staging", stem, suffix, self.limits.max_uncompressed_bytes)
        try:
            same = self._same_as_last(unit, period, staged.sha256)
            if same is not None:
                self.audit(unit, "unit", "upload-same", f"与第{same.id}号报送内容相同，未重复保存", period, unit, ip)
                return same
            checked = check_submission(
                read_submission(staged.path, UnitDirectory(plan.units), self.limits), plan, period
            )
            sub = checked.submission
            if sub.unit is not None and sub.unit != unit:
                accepted, placed = False, False
                verdict = f"文件中的单位是「{sub.unit}」，不是本单位；未保存。请上传本单位的台账。"
            elif not sub.usable:
                accepted, placed = False, False
                verdict = next((p.message for p in sub.problems), "文件无法使用") + "（未保存，请修改后重新上传）"
            else:
                accepted, placed = True, True
                sub.unit = unit
                verdict = "已收到并保存，将计入本期汇总。"
            stored = staged.path.name
            if placed:
                stored = files.place(staged.path, self.ws.period_inputs(period), stem, suffix).name
            files.keep_once(staged.path, archive_path(self.ws.archive, staged.sha256, suffix))
            errors = sum(p.severity == ERROR for p in sub.problems)
            upload = Upload(
                period=period,
                unit=unit,
                stored_name=stored,
                original_name=files.shown_name(original_name),
                sha256=staged.sha256,
                size=staged.size,
                uploaded_at=now,
                placed=placed,
                accepted=accepted,
                verdict=verdict,
                errors=errors,
                warnings=len(sub.problems) - errors,
                problems=json.dumps(
                    [
                        {
                            "severity": p.severity,
                            "title": p.title,
                            "sheet": p.sheet,
                            "cell": p.cell,
                            "message": p.message,
                            "hint": p.advice,
                        }
                        for p in sorted(sub.problems, key=lambda p: p.severity != ERROR)
                    ],
                    ensure_ascii=False,
                ),
            )
            detail = f"上传「{upload.original_name}」→ {upload.stored_name}（{verdict}；错误{upload.errors}个）"
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                session.add(upload)  # the record and its audit entry in one transaction: one disk sync, not two
                session.add(self._audit_entry(unit, "unit", "upload", detail, period, unit, ip))
        finally:
            files.discard(staged.path)
        return upload

    def _same_as_last(self, unit: str, period: str, sha256: str) -> Upload | None:
        with Session(self.engine, expire_on_commit=False) as session:
            last = session.scalars(
                select(Upload)
                .where(Upload.unit == unit, Upload.period == period, Upload.placed.is_(True))
                .order_by(desc(Upload.id))
                .limit(1)
            ).first()
        if last is not None and last.sha256 == sha256 and (self.ws.period_inputs(period) / last.stored_name).exists():
            return last
        return None

    def receipt_path(self, upload: Upload) -> Path:
        return self.root / "回执" / upload.period / f"{upload.id}.xlsx"

    def receipt_file(self, upload: Upload) -> Path:
        """The annotated receipt (回执.xlsx) of an upload, written on its first download: the page shows the receipt
        at once from the stored problems, and the workbook (the slow part) is made only when someone asks for it,
        from the archived copy under the name it was saved as, checked again by the same functions."""
        target = self.receipt_path(upload)
        if target.exists():
            return target
        plan = self.plan()
        suffix = Path(upload.stored_name).suffix
        with open(archive_path(self.ws.archive, upload.sha256, suffix), "rb") as source:
            staged = files.stage(source, self.root / "staging", Path(upload.stored_name).stem, suffix, 2**63)
        try:
            checked = check_submission(
                read_submission(staged.path, UnitDirectory(plan.units), self.limits), plan, upload.period
            )
            if upload.accepted:
                checked.submission.unit = upload.unit
            receipt.write_receipt(
                checked, plan, upload.period, upload.accepted, "" if upload.accepted else upload.verdict, target
            )
        finally:
            files.discard(staged.path)
        return target

    def receipt_download_name(self, upload: Upload) -> str:
        short = self.plan().unit(upload.unit).short_name
        return f"{files.safe_part(short)}_{upload.period}_回执_{upload.id}.xlsx"

    def uploads(self, unit: str | None = None, period: str | None = None) -> list[Upload]:
        return self._rows(Upload, unit, period, desc(Upload.id))

    def upload(self, upload_id: int) -> Upload | None:
        return self._row(Upload, upload_id)
