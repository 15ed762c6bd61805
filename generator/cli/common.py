"""What the commands share: the workspace argument, the period and database options, error handling."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click

from generator.errors import TaizhangError
from generator.periods import check_period

WORKSPACE = click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".", required=False)


def parse_period(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_period(value)
    except TaizhangError as exc:
        raise click.BadParameter(str(exc)) from None


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"日期「{value}」格式不对：应为 年-月-日，如 2018-06-05。") from None


PERIOD = click.option(
    "--period", "-p", callback=parse_period, metavar="YYYY-MM", help="报送期，如 2018-05 / reporting month."
)


DB = click.option(
    "--db",
    metavar="URL",
    help="历史数据库 URL，如 postgresql+psycopg://用户:密码@主机/库；默认工作区内的 taizhang.sqlite / database URL.",
)


class Group(click.Group):
    """Turns every TaizhangError into a one-line Chinese message and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TaizhangError as exc:
            click.secho(f"错误：{exc}", fg="red", err=True)
            sys.exit(2)
