"""The web portal: serve it, print the units' links, manage the clerk's and inspectors' accounts."""

from __future__ import annotations

import os
from pathlib import Path

import click

from generator.cli.common import DB, WORKSPACE, parse_period
from generator.cli.main import main
from generator.ledger.blank import ledger_file_name, write_blank_ledger
from generator.plan import read_plan
from generator.plan.units import UnitDirectory
from generator.workspace import open_workspace


@main.command()
@WORKSPACE
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="监听地址；内网访问用 0.0.0.0 / address to listen on."
)
@click.option("--port", default=8000, show_default=True, type=int, help="端口 / port.")
@click.option("--https-only", is_flag=True, help="只通过 HTTPS 发送会话 Cookie（在反向代理后使用）/ secure cookies.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="工作进程数（多核时可设为核数）/ worker processes.",
)
@DB
def serve(workspace: Path, host: str, port: int, https_only: bool, workers: int, db: str | None) -> None:
    """启动网上报送：单位凭专用链接上传台账和佐证材料，办公室看收件情况、退回、审批延期，督查人员查看本月情况。

    Start the web portal on the workspace: units upload ledgers and evidence through their personal links, the clerk
    keeps the month's board, inspectors read the month. Accounts: `taizhang account add`; links: `taizhang links`.
    """
    import uvicorn

    from generator.portal.app import create_app
    from generator.portal.office import Office

    ws = open_workspace(workspace, db)
    office = Office(ws)  # upgrades the schema and makes the session key once, before any worker starts
    office.secret_key()
    click.echo(f"网上报送已启动：http://{host}:{port}/ （Ctrl-C 停止）")
    try:
        if workers == 1:
            app = create_app(office, https_only=https_only)
            uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)
            return
        os.environ.update(TAIZHANG_PORTAL_WS=str(ws.root), TAIZHANG_PORTAL_HTTPS_ONLY="1" if https_only else "0")
        if db:
            os.environ["TAIZHANG_PORTAL_DB"] = db
        uvicorn.run(
            "generator.portal.app:app_from_environment",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
            proxy_headers=True,
        )
    finally:
        office.close()


@main.command()
@WORKSPACE
@click.option("--base", default="http://127.0.0.1:8000", show_default=True, help="网站地址 / the portal's address.")
@click.option(
    "--reissue", "reissue", metavar="单位", help="为一个单位重新生成链接（旧链接作废）/ new link for one unit."
)
@click.option("--revoke", metavar="单位", help="作废一个单位的链接 / revoke one unit's link.")
@click.option(
    "--ledgers",
    "ledgers_period",
    callback=parse_period,
    metavar="YYYY-MM",
    help="同时生成该报送期的空白台账，填报说明中写明新链接 / also write blank ledgers carrying the new links.",
)
@DB
def links(
    workspace: Path, base: str, reissue: str | None, revoke: str | None, ledgers_period: str | None, db: str | None
) -> None:
    """列出每个责任单位的专用链接（一行一个），发给各单位；链接只在生成时显示一次。

    Print one line per unit with its personal link. A link's secret is shown only when it is made: units that already
    have a live link are listed without it (use --reissue to make a new one, which revokes the old). With --ledgers,
    each unit given a new link also gets its blank ledger in outputs/<period>/空白台账/ with the link in it.
    """
    from generator.portal import auth
    from generator.store import History

    ws = open_workspace(workspace, db)
    plan = read_plan(ws.plan_path)
    base = base.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise click.BadParameter("网站地址应以 http:// 或 https:// 开头。", param_hint="--base")
    with History(ws.db_url) as history:
        named = reissue or revoke
        if named:
            unit = UnitDirectory(plan.units).resolve(named)
            if unit is None:
                raise click.BadParameter(f"方案中没有单位「{named}」。", param_hint="--reissue/--revoke")
            if revoke:
                count = auth.revoke_tokens(history.engine, unit)
                click.echo(f"{unit}：已作废 {count} 个链接。")
                return
            issued = {unit: f"{base}/u/{auth.issue_token(history.engine, unit).token}"}
        else:
            live = auth.units_with_tokens(history.engine)
            issued = {
                u.name: f"{base}/u/{auth.issue_token(history.engine, u.name).token}"
                for u in plan.reporting_units()
                if u.name not in live
            }
    for item in plan.reporting_units() if not named else [plan.unit(next(iter(issued)))]:
        link = issued.get(item.name)
        if link is None:
            click.echo(f"{item.short_name}\t（已有链接；如遗失请用 --reissue {item.short_name} 重新生成）")
            continue
        click.echo(f"{item.short_name}\t{link}")
        if ledgers_period:
            folder = ws.period_outputs(ledgers_period) / "空白台账"
            write_blank_ledger(plan, item, ledgers_period, folder / ledger_file_name(item, ledgers_period), link)


@main.group()
def account() -> None:
    """办公室经办人和督查人员的账号 / accounts of the clerk and inspectors."""


@account.command("add")
@WORKSPACE
@click.option("--name", "-n", required=True, help="账号名 / account name.")
@click.option(
    "--role",
    type=click.Choice(["clerk", "inspector"]),
    default="clerk",
    show_default=True,
    help="clerk 经办人（可操作）或 inspector 督查/验收（只读）。",
)
@click.password_option("--password", prompt="密码 / password", help="密码（不给则提示输入）/ password.")
@DB
def account_add(workspace: Path, name: str, role: str, password: str, db: str | None) -> None:
    """新建账号或重设密码；密码只以 argon2 哈希保存。

    Create an account or reset its password; only an argon2 hash of the password is kept.
    """
    from generator.portal import auth
    from generator.store import History

    ws = open_workspace(workspace, db)
    with History(ws.db_url) as history:
        auth.add_account(history.engine, name, role, password)
    click.echo(f"账号「{name}」（{auth.ROLES[role]}）已保存。")


@account.command("disable")
@WORKSPACE
@click.option("--name", "-n", required=True, help="账号名 / account name.")
@DB
def account_disable(workspace: Path, name: str, db: str | None) -> None:
    """停用账号（其会话立即失效）/ disable an account; its sessions end at once."""
    from generator.portal import auth
    from generator.store import History

    ws = open_workspace(workspace, db)
    with History(ws.db_url) as history:
        found = auth.disable_account(history.engine, name)
    if not found:
        raise click.BadParameter(f"没有账号「{name}」。", param_hint="--name")
    click.echo(f"账号「{name}」已停用。")


@account.command("list")
@WORKSPACE
@DB
def account_list(workspace: Path, db: str | None) -> None:
    """列出账号 / list accounts."""
    from generator.portal import auth
    from generator.store import History

    ws = open_workspace(workspace, db)
    with History(ws.db_url) as history:
        for name, role, disabled in auth.list_accounts(history.engine):
            click.echo(f"{name}\t{auth.ROLES.get(role, role)}{'（已停用）' if disabled else ''}")
