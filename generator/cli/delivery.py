"""送达: send what a month produced, remind units before the due day, show the outbox."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import click

from generator.cli.common import DATA_ERRORS, DB, OK, PERIOD, WORKSPACE, parse_date
from generator.cli.main import main
from generator.cli.table import clip, render_table
from generator.delivery import KIND_ALIASES, KINDS, DeliveryReport, auto_deliver, load_settings, remind, send
from generator.delivery.send import STATUS_TEXT, WOULD_SEND
from generator.delivery.transport import FAILED, RETRY, SENT
from generator.errors import TaizhangError
from generator.plan import read_plan
from generator.plan.units import UnitDirectory
from generator.store import History
from generator.store.outbox import STATUS_LABELS, Outbox
from generator.workspace import Workspace, open_workspace

SMTP = click.option(
    "--smtp",
    metavar="URL",
    help="邮件服务器，如 smtp://主机:587?starttls=1 或 smtps://主机:465（优先于 TAIZHANG_SMTP_URL 和 taizhang.toml）"
    " / SMTP server.",
)
DRY_RUN = click.option("--dry-run", is_flag=True, help="只列出将发送的邮件，不发送 / show what would be sent.")
STRICT = click.option(
    "--strict", is_flag=True, help="有邮件失败或待重试时以退出码 1 结束 / exit 1 when a message failed or waits."
)
_COLOURS = {SENT: "green", RETRY: "yellow", FAILED: "red", WOULD_SEND: None}


def _kind(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    kinds = []
    for value in values:
        for part in value.replace("，", ",").split(","):
            name = KIND_ALIASES.get(part.strip().lower(), part.strip())
            if name not in KINDS:
                raise click.BadParameter(f"没有「{part}」这类文件；可选：{'、'.join(KINDS)}。")
            kinds.append(name)
    return tuple(dict.fromkeys(kinds)) or KINDS


@main.command("send")
@WORKSPACE
@PERIOD
@click.option(
    "--kind",
    "-k",
    multiple=True,
    callback=_kind,
    help=f"只发送某类（可多次）：{'、'.join(KINDS)} / ledger, receipt, reminder, supervision, bulletin.",
)
@DRY_RUN
@SMTP
@STRICT
@DB
def send_command(
    workspace: Path,
    period: str | None,
    kind: tuple[str, ...],
    dry_run: bool,
    smtp: str | None,
    strict: bool,
    db: str | None,
) -> None:
    """发送一个报送期的文件：空白台账、回执、催报通知、督办通知发给各单位，通报发给主送、抄送。

    Send what outputs/<period>/ holds: blank ledgers, receipts, 催报 and 督办 notices to the units (addresses from
    the plan's 责任单位 sheet), the bulletin to the recipients in taizhang.toml [delivery]. Every message is kept in
    the outbox: a second run sends only what is new or due for a retry. With --strict the exit code is 1 when a
    message failed or waits for a retry.
    """
    ws = open_workspace(workspace, db)
    period = period or ws.latest_period()
    report = send(ws, period, kind, dry_run, smtp)
    _show(report, f"{period} ")
    sys.exit(DATA_ERRORS if strict and report.undelivered else OK)


@main.command("remind")
@WORKSPACE
@click.option(
    "--today", callback=parse_date, metavar="YYYY-MM-DD", help="按这一天计算提醒日，默认今天 / the day to act as today."
)
@DRY_RUN
@SMTP
@STRICT
@DB
def remind_command(
    workspace: Path, today: date | None, dry_run: bool, smtp: str | None, strict: bool, db: str | None
) -> None:
    """报送提醒：在截止日前按设置（默认前5天，及最后3天每天）提醒尚未报送的单位。

    Send the reminders scheduled before the due day (taizhang.toml [delivery] due_day and remind_days; default 5
    days before, then daily for the last 3 days) to the units that have not reported yet. Run it daily (e.g. from
    the Windows task scheduler); a reminder of a day is never sent twice.
    """
    ws = open_workspace(workspace, db)
    report = remind(ws, today or date.today(), dry_run, smtp)
    _show(report, "")
    sys.exit(DATA_ERRORS if strict and report.undelivered else OK)


def _show(report: DeliveryReport, prefix: str) -> None:
    for delivery in report.deliveries:
        if delivery.status not in (SENT, RETRY, FAILED, WOULD_SEND):
            continue
        where = "邮件" if delivery.channel == "mail" else "webhook"
        line = (
            f"  {STATUS_TEXT[delivery.status]}  {where}  {delivery.kind}  {delivery.unit}  → {delivery.recipients}"
            + (f"  附件 {delivery.document}" if delivery.document else "")
        )
        if delivery.status in (RETRY, FAILED):
            line += f"\n      {delivery.answer}"
            if delivery.next_retry_at:
                line += f"（{delivery.next_retry_at:%Y-%m-%d %H:%M} 后重试）"
        click.secho(line, fg=_COLOURS.get(delivery.status))
    for note in report.notes:
        click.secho(f"  提示：{note}", fg="yellow")
    skipped = report.count("already-sent")
    waiting = report.count("waiting", "busy", "gave-up")
    if report.dry_run:
        click.echo(f"{prefix}试运行：将发送 {report.count(WOULD_SEND)} 封，已发过 {skipped} 封（未发送任何邮件）")
    else:
        click.echo(
            f"{prefix}发送 {report.count(SENT)} 封，待重试 {report.count(RETRY)} 封，失败 {report.count(FAILED)} 封；"
            f"已发过 {skipped} 封，暂不发送 {waiting} 封"
        )


@main.command("outbox")
@WORKSPACE
@PERIOD
@click.option("--unit", "-u", help="只看一个单位（全称或简称）/ one unit.")
@click.option(
    "--status",
    type=click.Choice(["sent", "retry", "failed", "sending"]),
    help="只看某种状态 / only messages in this state.",
)
@DB
def outbox_command(workspace: Path, period: str | None, unit: str | None, status: str | None, db: str | None) -> None:
    """发件箱：列出发出和待重试的每一封邮件（时间、类别、单位、收件人、附件、状态、服务器答复）。

    Show the outbox: every message sent, waiting for a retry or failed, with the document's hash and the server's
    answer.
    """
    ws = open_workspace(workspace, db)
    plan = read_plan(ws.plan_path)
    name = UnitDirectory(plan.units).resolve(unit) or unit if unit else None
    short = {u.name: u.short_name for u in plan.units}
    with History(ws.db_url) as history:
        entries = Outbox(history.engine).entries(period, name, status)
    if not entries:
        click.echo("发件箱中没有符合条件的邮件。")
        return
    header = ["时间", "渠道", "类别", "报送期", "单位", "收件人", "附件", "哈希", "状态", "次数", "服务器答复"]
    rows = []
    for e in entries:
        when: datetime = e.sent_at or e.last_attempt_at or e.created_at
        state = STATUS_LABELS.get(e.status, e.status)
        if e.status == "retry" and e.next_retry_at:
            state += f"（{e.next_retry_at:%m-%d %H:%M}）"
        rows.append(
            [
                f"{when:%Y-%m-%d %H:%M}",
                "邮件" if e.channel == "mail" else "webhook",
                e.kind,
                e.period,
                short.get(e.unit) or clip(e.unit, 20),
                e.recipients,
                e.document,
                e.document_sha256[:12],
                state,
                str(e.attempts),
                e.answer,
            ]
        )
    for line in render_table(header, rows, max_width=32):
        click.echo(line)
    sent = sum(e.status == "sent" for e in entries)
    click.echo(
        f"共 {len(entries)} 封：已发送 {sent} 封，待重试 {sum(e.status == 'retry' for e in entries)} 封，"
        f"失败 {sum(e.status == 'failed' for e in entries)} 封"
    )


def auto_delivery(ws: Workspace) -> Callable[[str | None], None] | None:
    """For `watch` (and `serve`): a function that sends a period's receipts and today's reminders and prints what
    went, or None when taizhang.toml does not ask for it ([delivery] auto = true)."""
    if not load_settings(ws.config()).auto:
        return None

    def deliver(period: str | None) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        try:
            report = auto_deliver(ws, period, date.today())
        except TaizhangError as exc:
            click.secho(f"[{stamp}] 发送失败：{exc}", fg="red", err=True)
            return
        if report is not None and (report.count(SENT, RETRY, FAILED)):
            click.echo(f"[{stamp}] 自动发送：")
            _show(report, "")

    return deliver
