"""送达: deliver what a month produced (`send`), the reminders before the due day (`remind`), and do both
unattended for `watch` (`auto_deliver`).

Every message passes through the outbox (generator/store/outbox.py): it is claimed before it goes, its outcome is
recorded after, and a message already sent (same channel, kind, period, unit and document content) is skipped. A
failure is retried by a later `send` or `remind` after an exponentially growing wait (retry_minutes × 2^(n−1)),
up to max_attempts; one message's failure never stops the others.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import getaddresses

from generator.delivery import compose, transport
from generator.delivery.outgoing import (
    BULLETIN,
    DUE,
    KINDS,
    LEDGER,
    RECEIPT,
    SUPERVISION,
    TEMPLATE_NAMES,
    Collected,
    Outgoing,
    collect,
    unit_message,
)
from generator.delivery.portal import portal_link
from generator.delivery.settings import DeliverySettings, check_address, load_settings
from generator.errors import TaizhangError
from generator.periods import chinese_date, period_label, previous_period
from generator.plan import read_plan
from generator.plan.contacts import Contact
from generator.plan.model import Plan
from generator.store import History
from generator.store.outbox import (
    ALREADY_SENT,
    BUSY,
    GAVE_UP,
    NEW,
    READY,
    WAITING,
    Outbox,
    OutboxItem,
    reported_units,
)
from generator.workspace import Workspace

MAIL, WEBHOOK = "mail", "webhook"
WOULD_SEND = "would-send"
STATUS_TEXT = {
    transport.SENT: "已发送",
    transport.RETRY: "待重试",
    transport.FAILED: "失败",
    WOULD_SEND: "将发送",
    ALREADY_SENT: "已发过",
    WAITING: "等待重试",
    GAVE_UP: "已失败（地址未改）",
    BUSY: "另一进程发送中",
}


@dataclass(frozen=True)
class Delivery:
    """One message in a report: what it was, to whom, and what happened to it this time."""

    channel: str
    kind: str
    period: str
    unit: str  # short name of the unit, or the bulletin's recipient
    recipients: str
    document: str
    status: str  # a transport status, WOULD_SEND, or the outbox state that made it skip
    answer: str = ""
    next_retry_at: datetime | None = None


@dataclass
class DeliveryReport:
    deliveries: list[Delivery] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    def count(self, *statuses: str) -> int:
        return sum(d.status in statuses for d in self.deliveries)

    @property
    def undelivered(self) -> int:
        """Messages that failed or wait for a retry after this run."""
        return self.count(transport.RETRY, transport.FAILED)

    def extend(self, other: DeliveryReport) -> None:
        self.deliveries += other.deliveries
        self.notes += other.notes


def due_date(ws: Workspace, period: str) -> date:
    """报送截止日: ledgers of `period` are due on [office] report_due_day of the following month (default the 5th)."""
    return ws.bulletin_date(period)


def send(
    ws: Workspace,
    period: str,
    kinds: tuple[str, ...] = KINDS,
    dry_run: bool = False,
    smtp: str | None = None,
    now: datetime | None = None,
) -> DeliveryReport:
    """Deliver the documents of outputs/<period>/ of `kinds` that have not gone out yet."""
    settings = load_settings(ws.config(), smtp)
    plan = read_plan(ws.plan_path)
    with History(ws.db_url) as history:
        issue_no = history.issue_number(period) if BULLETIN in kinds else None
        if any(k not in (LEDGER,) for k in kinds) and period not in history.periods():
            if not ws.period_outputs(period).is_dir():
                raise TaizhangError(f"{period} 尚未汇总：请先运行 taizhang run --period {period}，再发送。")
        found = collect(
            plan, ws.period_outputs(period), period, kinds, settings.bulletin_to, settings.bulletin_cc, issue_no
        )
        for message in found.messages:
            if message.kind == LEDGER:
                message.extra["portal_link"] = portal_link(ws, period, message.unit)
        return deliver(ws, settings, plan, history, found, dry_run, now or datetime.now())


def remind(
    ws: Workspace,
    today: date,
    dry_run: bool = False,
    smtp: str | None = None,
    now: datetime | None = None,
) -> DeliveryReport:
    """报送提醒: on the days the settings schedule before the due day, remind units that have not reported."""
    settings = load_settings(ws.config(), smtp)
    plan = read_plan(ws.plan_path)
    this_month = f"{today.year}-{today.month:02d}"
    found = Collected([], [])
    with History(ws.db_url) as history:
        for period in (previous_period(this_month), this_month):
            due = due_date(ws, period)
            days_left = (due - today).days
            if days_left not in settings.remind_days:
                continue
            reported = reported_units(history.engine, period)
            for unit in plan.reporting_units():
                if unit.name in reported:
                    continue
                slot = hashlib.sha256(f"{period}|{due.isoformat()}|{days_left}".encode()).hexdigest()
                extra = {"days_left": days_left, "due": due, "portal_link": portal_link(ws, period, unit.name)}
                unit_message(plan, DUE, period, unit.name, None, found, slot, extra)
        if not found.messages and not found.notes:
            found.notes.append(_no_reminder_today(today, settings, ws.report_due_day()))
        return deliver(ws, settings, plan, history, found, dry_run, now or datetime.now())


def auto_deliver(ws: Workspace, period: str | None, today: date, now: datetime | None = None) -> DeliveryReport | None:
    """For `watch`/`serve` with [delivery] auto = true: the month's receipts (after a run) and today's reminders.

    None when auto delivery is off."""
    settings = load_settings(ws.config())
    if not settings.auto:
        return None
    report = DeliveryReport()
    if period:
        report.extend(send(ws, period, (RECEIPT,), now=now))
    report.extend(remind(ws, today, now=now))
    return report


def _no_reminder_today(today: date, settings: DeliverySettings, due_day: int) -> str:
    days = "、".join(str(d) for d in settings.remind_days) or "（无）"
    return f"今天（{chinese_date(today)}）不是提醒日：提醒在报送截止日（次月{due_day}日）前 {days} 天发出。"


def deliver(
    ws: Workspace,
    settings: DeliverySettings,
    plan: Plan,
    history: History,
    found: Collected,
    dry_run: bool,
    now: datetime,
) -> DeliveryReport:
    report = DeliveryReport(notes=list(found.notes), dry_run=dry_run)
    channels = [c for c, on in ((MAIL, settings.smtp is not None or dry_run), (WEBHOOK, bool(settings.webhook))) if on]
    if found.messages and not channels:
        raise TaizhangError(
            "没有配置邮件服务器：请用 --smtp smtp://主机:端口、环境变量 TAIZHANG_SMTP_URL 或 taizhang.toml 的 "
            "[delivery] smtp 指定（或先用 --dry-run 查看将发送的内容）。"
        )
    sender = settings.sender or (settings.smtp.user if settings.smtp and "@" in settings.smtp.user else "")
    if MAIL in channels and found.messages and not dry_run and not sender:
        raise TaizhangError('没有配置发件人：请在 taizhang.toml 的 [delivery] 中填写 sender = "名称 <地址>"。')
    outbox = Outbox(history.engine)
    mailer = transport.MailSender(settings.smtp) if settings.smtp and not dry_run else None
    try:
        for message in found.messages:
            subject, body = compose.render_text(
                ws.template(f"mail/{TEMPLATE_NAMES[message.kind]}.txt"), _context(ws, plan, settings, message)
            )
            for channel in channels:
                if channel == MAIL and not message.to:
                    continue  # noted when collected
                report.deliveries.append(
                    _one(channel, message, subject, body, sender, settings, plan, outbox, mailer, dry_run, now)
                )
    finally:
        if mailer is not None:
            mailer.close()
    return report


def _one(
    channel: str,
    message: Outgoing,
    subject: str,
    body: str,
    sender: str,
    settings: DeliverySettings,
    plan: Plan,
    outbox: Outbox,
    mailer: transport.MailSender | None,
    dry_run: bool,
    now: datetime,
) -> Delivery:
    key = compose.message_key(channel, message.kind, message.period, message.unit, message.document_sha256)
    recipients = ", ".join(message.to + message.cc) if channel == MAIL else settings.webhook.split("?")[0]
    document = message.document.name if message.document else ""
    item = OutboxItem(
        key, channel, message.kind, message.period, message.unit, recipients, subject, document, message.document_sha256
    )
    who = _display_unit(plan, message)

    def result(status: str, answer: str = "", retry_at: datetime | None = None) -> Delivery:
        return Delivery(channel, message.kind, message.period, who, recipients, document, status, answer, retry_at)

    state, entry = outbox.state(item, now)
    if state not in (NEW, READY):
        return result(state, entry.answer if entry else "", entry.next_retry_at if entry else None)
    if dry_run:
        return result(WOULD_SEND, f"主题：{subject}")
    if not outbox.claim(item, now):
        return result(BUSY)
    try:
        if channel == MAIL:
            outcome, message_id = _send_mail(mailer, message, subject, body, sender, key, now)
        else:
            payload = compose.webhook_payload(
                message.kind,
                message.period,
                who,
                message.to,
                subject,
                body,
                message.document,
                message.document_sha256,
                key,
            )
            outcome, message_id = transport.post_webhook(settings.webhook, payload), None
    except Exception as exc:  # one message's failure must not stop the batch; it is retried later
        outcome, message_id = transport.Outcome(transport.RETRY, f"{exc.__class__.__name__}：{exc}"), None
    attempts = outbox.attempts(key) + 1
    status, answer, retry_at = outcome.status, outcome.answer, None
    if status == transport.RETRY:
        if attempts >= settings.max_attempts:
            status, answer = transport.FAILED, f"{answer}（已尝试{attempts}次，不再自动重试）"
        else:
            retry_at = now + timedelta(minutes=settings.retry_minutes * 2 ** (attempts - 1))
    outbox.record(key, status, answer, now, retry_at, message_id)
    return result(status, answer, retry_at)


def _send_mail(
    mailer: transport.MailSender | None,
    message: Outgoing,
    subject: str,
    body: str,
    sender: str,
    key: str,
    now: datetime,
) -> tuple[transport.Outcome, str | None]:
    assert mailer is not None
    bad = {a: why for a in message.to + message.cc if (why := check_address(a))}
    to = tuple(a for a in message.to if a not in bad)
    cc = tuple(a for a in message.cc if a not in bad)
    if not to:
        return transport.Outcome(transport.FAILED, "；".join(bad.values())), None
    mime = compose.mail(sender, to, cc, subject, body, message.document, key, now)
    outcome = mailer.send(mime, compose.addr_spec(sender), [compose.addr_spec(a) for a in to + cc])
    if bad and outcome.status == transport.SENT:
        outcome = transport.Outcome(outcome.status, f"{outcome.answer}；未发送：{'；'.join(bad.values())}")
    return outcome, str(mime["Message-ID"])


def _display_unit(plan: Plan, message: Outgoing) -> str:
    if message.kind == BULLETIN:
        return message.unit
    try:
        return plan.unit(message.unit).short_name
    except KeyError:
        return message.unit


def _context(ws: Workspace, plan: Plan, settings: DeliverySettings, message: Outgoing) -> dict[str, object]:
    """What a mail template may use (templates/mail/*.txt)."""
    office = plan.info.bulletin_office or plan.info.issuer
    contact = plan.contacts.get(message.unit, Contact())
    short = _display_unit(plan, message)
    names = [getaddresses([a])[0][0] or compose.addr_spec(a) for a in settings.bulletin_to]
    cc_names = [getaddresses([a])[0][0] or compose.addr_spec(a) for a in settings.bulletin_cc]
    due = message.extra.get("due") or due_date(ws, message.period)
    recipient_name = getaddresses([message.unit])[0][0] if message.kind == BULLETIN else ""
    return {
        "office": office,
        "unit": short,
        "unit_full": message.unit,
        "person_greeting": f"{contact.person}同志" if contact.person else short,
        "leader_greeting": f"{contact.leader}同志" if contact.leader else short,
        "recipient_greeting": recipient_name or "各位领导",
        "period": message.period,
        "period_label": period_label(message.period),
        "document": message.document.name if message.document else "",
        "portal_link": message.extra.get("portal_link"),
        "due_date": chinese_date(due) if isinstance(due, date) else str(due),
        "days_left": message.extra.get("days_left", 0),
        "bulletin_title": plan.info.bulletin_title or "工作进展通报",
        "to_list": "、".join(names),
        "cc_list": "、".join(cc_names),
        "role": message.extra.get("role", ""),
        "kind": message.kind,
        "supervision": message.kind == SUPERVISION,
    }
