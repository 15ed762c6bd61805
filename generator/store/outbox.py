"""发件箱 (outbox): what was sent, to whom, which document, the server's answer, and what waits for a retry.

Every message is identified by a key made of channel, kind, period, unit and the document's content hash. Before a
message goes out its row is claimed (status `sending`) in its own committed transaction, so two senders (a clerk's
`send` and a running `watch`) never both send it, and a re-run finds it `sent` and skips it. A sender killed between
the server's acceptance and the commit leaves `sending`; after `STALE_AFTER` the row may be tried again, so in that
one case a message can arrive twice (SMTP gives no way to ask whether a message already went).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import CursorResult, Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from generator.store.models import OutboxRow, SubmissionRow

SENDING, SENT, RETRY, FAILED = "sending", "sent", "retry", "failed"
STATUS_LABELS = {SENDING: "发送中", SENT: "已发送", RETRY: "待重试", FAILED: "失败"}
STALE_AFTER = timedelta(minutes=10)

# What `state` says about a message before sending it.
NEW, READY, ALREADY_SENT, WAITING, GAVE_UP, BUSY = "new", "due", "already-sent", "waiting", "gave-up", "busy"


@dataclass(frozen=True)
class OutboxItem:
    """What identifies and describes one message (the delivery layer builds these)."""

    key: str
    channel: str
    kind: str
    period: str
    unit: str
    recipients: str
    subject: str
    document: str
    document_sha256: str


@dataclass(frozen=True)
class OutboxEntry:
    """One line of `taizhang outbox`."""

    channel: str
    kind: str
    period: str
    unit: str
    recipients: str
    document: str
    document_sha256: str
    status: str
    attempts: int
    created_at: datetime
    last_attempt_at: datetime | None
    sent_at: datetime | None
    next_retry_at: datetime | None
    answer: str


class Outbox:
    def __init__(self, engine: Engine):
        self.engine = engine

    def state(self, item: OutboxItem, now: datetime) -> tuple[str, OutboxEntry | None]:
        """Whether `item` is to be sent now (NEW, READY) or not (ALREADY_SENT, WAITING, GAVE_UP, BUSY)."""
        with Session(self.engine) as session:
            row = session.scalars(select(OutboxRow).where(OutboxRow.key == item.key)).first()
            return (_state(row, item, now), _entry(row)) if row else (NEW, None)

    def claim(self, item: OutboxItem, now: datetime) -> bool:
        """Mark `item` as being sent by this process; False when it is not to be sent (or another sender has it)."""
        with Session(self.engine) as session:
            row = session.scalars(select(OutboxRow).where(OutboxRow.key == item.key)).first()
            if row is None:
                session.add(
                    OutboxRow(
                        key=item.key,
                        channel=item.channel,
                        kind=item.kind,
                        period=item.period,
                        unit=item.unit,
                        recipients=item.recipients,
                        subject=item.subject,
                        document=item.document,
                        document_sha256=item.document_sha256,
                        status=SENDING,
                        attempts=0,
                        created_at=now,
                        last_attempt_at=now,
                    )
                )
                try:
                    session.commit()
                except IntegrityError:  # another sender inserted it a moment ago
                    return False
                return True
            if _state(row, item, now) != READY:
                return False
            claimed: CursorResult = session.execute(  # type: ignore[assignment]
                update(OutboxRow)
                .where(OutboxRow.id == row.id, OutboxRow.status == row.status, OutboxRow.attempts == row.attempts)
                .values(status=SENDING, last_attempt_at=now, recipients=item.recipients, subject=item.subject)
            )
            session.commit()
            return claimed.rowcount == 1

    def record(
        self,
        key: str,
        status: str,
        answer: str,
        now: datetime,
        next_retry_at: datetime | None = None,
        message_id: str | None = None,
    ) -> int:
        """Store the outcome of one attempt; return the number of attempts made so far."""
        with Session(self.engine) as session, session.begin():
            row = session.scalars(select(OutboxRow).where(OutboxRow.key == key)).one()
            row.attempts += 1
            row.status, row.answer, row.last_attempt_at = status, answer[:2000], now
            row.next_retry_at = next_retry_at if status == RETRY else None
            if status == SENT:
                row.sent_at = now
            if message_id:
                row.message_id = message_id
            return row.attempts

    def attempts(self, key: str) -> int:
        with Session(self.engine) as session:
            return int(session.scalar(select(OutboxRow.attempts).where(OutboxRow.key == key)) or 0)

    def entries(
        self, period: str | None = None, unit: str | None = None, status: str | None = None
    ) -> list[OutboxEntry]:
        query = select(OutboxRow).order_by(OutboxRow.created_at, OutboxRow.id)
        if period:
            query = query.where(OutboxRow.period == period)
        if unit:
            query = query.where(OutboxRow.unit == unit)
        if status:
            query = query.where(OutboxRow.status == status)
        with Session(self.engine) as session:
            return [_entry(row) for row in session.scalars(query)]


def reported_units(engine: Engine, period: str) -> set[str]:
    """Units with a file that counts for `period` as last run (报送了可用台账的单位)."""
    with Session(engine) as session:
        return set(
            session.scalars(
                select(SubmissionRow.unit).where(
                    SubmissionRow.period == period, SubmissionRow.accepted.is_(True), SubmissionRow.unit.is_not(None)
                )
            )
        )


def _state(row: OutboxRow, item: OutboxItem, now: datetime) -> str:
    if row.status == SENT:
        return ALREADY_SENT
    if row.status == SENDING:
        return READY if row.last_attempt_at is None or now - row.last_attempt_at > STALE_AFTER else BUSY
    if row.status == RETRY:
        return READY if row.next_retry_at is None or row.next_retry_at <= now else WAITING
    # failed for good (a malformed or refused address): tried again only once the address was corrected
    return READY if row.recipients != item.recipients else GAVE_UP


def _entry(row: OutboxRow) -> OutboxEntry:
    return OutboxEntry(
        row.channel,
        row.kind,
        row.period,
        row.unit,
        row.recipients,
        row.document,
        row.document_sha256,
        row.status,
        row.attempts,
        row.created_at,
        row.last_attempt_at,
        row.sent_at,
        row.next_retry_at,
        row.answer or "",
    )
