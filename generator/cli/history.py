"""The history: what each unit sent and when, where a figure came from, and the database schema."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import DB, PERIOD, WORKSPACE
from generator.cli.main import main
from generator.cli.table import render_table
from generator.errors import TaizhangError
from generator.plan import read_plan
from generator.plan.units import UnitDirectory
from generator.store import History, schema
from generator.workspace import open_workspace


@main.command("history")
@WORKSPACE
@click.option("--unit", "-u", help="只看一个单位（全称或简称）/ one unit, by name or alias.")
@PERIOD
@DB
def history_command(workspace: Path, unit: str | None, period: str | None, db: str | None) -> None:
    """列出各单位报送过的文件：报送期、文件名、收到时间、内容哈希、是否采用、问题数。

    List every file received, oldest first: period, file, time received, content hash, whether it counts for its
    month (采用) or was superseded by a newer file (被取代), and how many problems it had.
    """
    ws = open_workspace(workspace, db)
    name = None
    if unit:
        directory = UnitDirectory(read_plan(ws.plan_path).units)
        name = directory.resolve(unit)
        if name is None:
            close = directory.closest(unit)
            hint = f"最接近的是：{'、'.join(close)}" if close else "方案中还没有单位"
            raise TaizhangError(f"方案中没有单位「{unit}」；{hint}。")
    with History(ws.db_url) as history:
        rows = history.submissions(unit=name, period=period)
    if not rows:
        click.echo("历史中没有符合条件的报送记录。")
        return
    table = [
        (
            row.period,
            f"{row.received:%Y-%m-%d %H:%M}",
            row.unit or "（未识别单位）",
            row.file_name,
            row.status + (f"（{row.note}）" if row.note and row.status != "采用" else ""),
            row.problems,
            row.sha256[:12],
        )
        for row in rows
    ]
    for line in render_table(("报送期", "收到时间", "单位", "文件", "状态", "问题数", "内容哈希"), table):
        click.echo(line)


@main.command()
@WORKSPACE
@PERIOD
@click.option("--task", "-t", type=int, help="重点任务序号 / task number.")
@click.option("--indicator", "-i", type=int, help="量化指标序号 / indicator number.")
@DB
def trace(workspace: Path, period: str | None, task: int | None, indicator: int | None, db: str | None) -> None:
    """追溯一个任务或指标的数据来源：每个报送文件及其单元格。

    Trace one task or indicator of a month to every submission that reported it and the cells it came from;
    the submission whose values the bulletin and annexes use is marked ★.
    """
    if (task is None) == (indicator is None):
        raise click.UsageError("请用 --task 或 --indicator 指定一项（二选一）。")
    ws = open_workspace(workspace, db)
    period = period or ws.latest_period()
    kind, number = ("task", task) if task is not None else ("indicator", indicator)
    assert number is not None  # one of the two was given (checked above)
    what = f"{'重点任务' if kind == 'task' else '量化指标'}第{number}项"
    plan = read_plan(ws.plan_path)
    known = plan.task_by_no if kind == "task" else plan.indicator_by_no
    if number not in known:
        noun, sheet = ("任务", "重点任务") if kind == "task" else ("指标", "量化指标")
        listed = f"第{min(known)}—{max(known)}项" if known else "空的"
        raise TaizhangError(f"没有第{number}项{noun}：方案的{sheet}是{listed}。")
    with History(ws.db_url) as history:
        sources = history.trace(period, kind, number)
    if not sources:
        click.echo(f"{period} {what}：历史中没有任何报送行（未报送，或该月尚未运行 taizhang run）。")
        return
    click.echo(f"{period} {what}：")
    for source in sources:
        mark = "★ 采用" if source.counted else f"  {source.status}"
        click.echo(f"{mark}  {source.file_name}  收到 {source.received:%Y-%m-%d %H:%M}  哈希 {source.sha256[:12]}")
        for cell in source.cells:
            value = " ".join(cell.value.split())
            click.echo(f"      {cell.column:<6} {cell.cell:<12} {value[:60] + '…' if len(value) > 60 else value}")


@main.group()
def db() -> None:
    """历史数据库的维护：升级表结构、查看版本。

    Maintain the history database: upgrade its schema in place, show its version.
    """


@db.command()
@WORKSPACE
@DB
def upgrade(workspace: Path, db: str | None) -> None:
    """把历史数据库升级到当前版本（不丢失历史；运行其他命令时也会自动升级）。

    Upgrade the history database to the current schema in place (also done automatically by every command).
    """
    ws = open_workspace(workspace, db)
    with History(ws.db_url, upgrade=False) as history:
        before = schema.current(history.engine)
        after = schema.upgrade(history.engine)
    click.echo(f"历史数据库版本：{before or '（旧版，无版本号）'} → {after}")


@db.command()
@WORKSPACE
@DB
def current(workspace: Path, db: str | None) -> None:
    """显示历史数据库的表结构版本。

    Show the schema version of the history database and the newest one this taizhang knows.
    """
    ws = open_workspace(workspace, db)
    with History(ws.db_url, upgrade=False) as history:
        click.echo(f"当前版本 {schema.current(history.engine) or '（无）'}，最新版本 {schema.head()}")
