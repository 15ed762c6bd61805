"""What the commands share: the workspace argument, the period and database options, and the one place where
every failure becomes a Chinese message and an exit code.

Exit codes (退出码): 0 the command did its work (a `run` wrote the month's documents, whatever the data said);
1 data errors found (`run --strict`, `check`, `plan check`); 2 a usage error or a stopped command (TaizhangError);
3 an unexpected crash, with the traceback saved to a log file whose path the message names.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from generator.errors import TaizhangError
from generator.periods import check_period

OK, DATA_ERRORS, STOPPED, CRASHED = 0, 1, 2, 3
CRASH_LOG = "taizhang-错误日志.txt"
_WORKSPACE_KEY = "taizhang.workspace"


def _remember_workspace(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    # ctx.meta is shared by every context of one invocation: the crash handler finds the workspace here.
    if value is not None:
        ctx.meta[_WORKSPACE_KEY] = value
    return value


WORKSPACE = click.argument(
    "workspace",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    required=False,
    callback=_remember_workspace,
)


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


class Crash(Exception):
    """An unexpected exception, already logged: carries the log's path to the exit-code handler."""

    def __init__(self, original: BaseException, log: Path | None):
        super().__init__(str(original))
        self.original = original
        self.log = log


# click's own English messages (its gettext msgids, formatted) → Chinese. Matched against the formatted text because
# click formats them before raising; anything not listed is shown as click wrote it, under a Chinese prefix.
_CLICK_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^'?(?P<v>.*?)'? is not a valid integer(?: range)?\.$"), "「{v}」不是整数。"),
    (re.compile(r"^'?(?P<v>.*?)'? is not a valid float(?: range)?\.$"), "「{v}」不是数字。"),
    (re.compile(r"^'?(?P<v>.*?)'? is not a valid boolean\.$"), "「{v}」不是是/否值。"),
    (re.compile(r"^'?(?P<v>.*?)'? is not (?:one of )?(?P<c>.*)\.$"), "「{v}」不是可选值（{c}）之一。"),
    (re.compile(r"^(?:File|Directory|Path) '(?P<v>.*)' does not exist\.$"), "「{v}」不存在。"),
    (re.compile(r"^File '(?P<v>.*)' is a directory\.$"), "「{v}」是文件夹，这里需要一个文件。"),
    (re.compile(r"^Directory '(?P<v>.*)' is a file\.$"), "「{v}」是文件，这里需要一个文件夹。"),
    (re.compile(r"^(?:File|Directory|Path) '(?P<v>.*)' is not (?:readable|writable)\.$"), "没有权限读写「{v}」。"),
    (re.compile(r"^Option '(?P<v>.*)' requires an argument\.$"), "选项 {v} 后面需要一个值。"),
    (re.compile(r"^Option '(?P<v>.*)' requires (?P<n>\d+) arguments\.$"), "选项 {v} 后面需要 {n} 个值。"),
    (re.compile(r"^Option '(?P<v>.*)' does not take a value\.$"), "选项 {v} 不带值。"),
    (re.compile(r"^Got unexpected extra arguments? \((?P<v>.*)\)$"), "多余的参数：{v}。"),
    (re.compile(r"^Missing command\.$"), "缺少子命令。"),
]


def chinese_click_message(message: str) -> str:
    for pattern, chinese in _CLICK_MESSAGES:
        match = pattern.match(message.strip())
        if match:
            return chinese.format(**match.groupdict())
    return message


def _hint(exc: click.ClickException) -> str:
    hint = getattr(exc, "param_hint", None)
    param = getattr(exc, "param", None)
    ctx = getattr(exc, "ctx", None)
    if hint is None and param is not None and ctx is not None:
        hint = param.get_error_hint(ctx)
    if isinstance(hint, Sequence) and not isinstance(hint, str):
        hint = " / ".join(hint)
    return str(hint or "").replace("'", "")


def describe_click_error(exc: click.ClickException) -> str:
    """One Chinese sentence for any of click's own errors (missing option, invalid value, unknown option …)."""
    if isinstance(exc, click.MissingParameter):
        kind = {"argument": "参数", "option": "选项"}.get(getattr(exc.param, "param_type_name", ""), "参数")
        return f"缺少{kind} {_hint(exc)}。"
    if isinstance(exc, click.NoSuchOption):
        close = f"（是不是 {'、'.join(sorted(exc.possibilities))}？）" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}{close}。"
    if isinstance(exc, click.BadParameter):
        message = chinese_click_message(exc.message)
        hint = _hint(exc)
        return f"{hint} 的值无效：{message}" if hint else f"值无效：{message}"
    if isinstance(exc, click.FileError):
        return f"无法打开文件「{exc.ui_filename}」：{exc.message}"
    message = exc.message
    match = re.match(r"^No such command '(?P<v>.*)'\.$", message)
    if match:
        return f"没有命令「{match['v']}」。"
    return chinese_click_message(message)


def show_usage_error(exc: click.ClickException) -> None:
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":  # a group called without a command: its help is the answer
        click.echo(exc.message, err=True)
        return
    if isinstance(exc, click.UsageError) and ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        help_option = ctx.command.get_help_option(ctx)
        if help_option is not None and ctx.command.get_help_option_names(ctx):
            names = ctx.help_option_names
            click.echo(f"查看帮助：{ctx.command_path} {'--help' if '--help' in names else names[0]}", err=True)
        click.echo("", err=True)
    click.secho(f"错误：{describe_click_error(exc)}", fg="red", err=True)


def save_crash_log(exc: BaseException, workspace: Path | None) -> Path | None:
    """Append the traceback to outputs/taizhang-错误日志.txt of the workspace (else the temporary folder)."""
    folders = [workspace / "outputs"] if workspace is not None else []
    folders.append(Path(tempfile.gettempdir()))
    text = (
        f"==== {datetime.now():%Y-%m-%d %H:%M:%S}  taizhang {' '.join(sys.argv[1:])}\n"
        + "".join(traceback.format_exception(exc))
        + "\n"
    )
    for folder in folders:
        try:
            if not folder.is_dir():
                continue
            path = folder / CRASH_LOG
            with path.open("a", encoding="utf-8") as log:
                log.write(text)
            return path
        except OSError:
            continue
    return None


class ChineseHelp:
    """click's help screen with Chinese headings: 用法 / 选项 / 命令."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx)).replace("[OPTIONS]", "[选项]")  # type: ignore[attr-defined]
        pieces = pieces.replace("COMMAND [ARGS]...", "命令 [参数]...")
        formatter.write_usage(ctx.command_path, pieces, prefix="用法：")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx)) is not None]  # type: ignore[attr-defined]
        if records:
            with formatter.section("选项"):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        assert isinstance(self, click.Group)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示本帮助并退出 / show this message and exit."
        return option


class Command(ChineseHelp, click.Command):
    """A command whose help is headed in Chinese."""


class Group(ChineseHelp, click.Group):
    """The command group: Chinese help, and every failure turned into a one-line Chinese message and exit code."""

    command_class = Command
    group_class = type  # sub-groups are Groups too

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (TaizhangError, click.ClickException, click.exceptions.Exit, click.Abort, Crash):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except BrokenPipeError:
            # the reader of our output stopped early (`taizhang history | head`): no crash, nothing more to print
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(OK) from None
        except Exception as exc:
            workspace = ctx.meta.get(_WORKSPACE_KEY)
            folder = Path(workspace).resolve() if workspace is not None else None
            raise Crash(exc, save_crash_log(exc, folder)) from exc

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        standalone = extra.pop("standalone_mode", True)
        try:
            result = super().main(args, prog_name, standalone_mode=False, **extra)
        except TaizhangError as exc:
            click.secho(f"错误：{exc}", fg="red", err=True)
            return _finish(STOPPED, standalone)
        except click.ClickException as exc:
            show_usage_error(exc)
            return _finish(STOPPED, standalone)
        except click.Abort:
            click.secho("已中止。", fg="red", err=True)
            return _finish(STOPPED, standalone)
        except Crash as crash:
            where = f"详细信息已保存到 {crash.log}" if crash.log else "无法保存详细信息"
            original = crash.original
            click.secho(
                f"程序意外出错（{type(original).__name__}: {' '.join(str(original).split())[:200]}）；"
                f"{where}，请把该文件发给维护人员。",
                fg="red",
                err=True,
            )
            return _finish(CRASHED, standalone)
        # With standalone_mode=False click returns the exit code of --help/--version (0) or the command's value.
        return _finish(result if isinstance(result, int) else OK, standalone)


_PROGRAM = {"own process": False}  # set by `entry`: this process is the `taizhang` program's, not a caller's


def entry() -> None:
    """The `taizhang` program (the console script and `python -m generator`)."""
    _PROGRAM["own process"] = True
    from generator.cli.main import main

    main()


def leave(code: int) -> NoReturn:
    """End a command that made a month with `code`. In the program's own process, once its output is flushed,
    without Python's teardown: freeing a province's month object by object, and the collector's last pass over
    them, took about a second after the work was done (the run closed its history, wrote its files atomically and
    waited for its forked processes before it returned). Called from a caller's process, or under a profiler,
    coverage or a debugger (each writes its findings at exit), SystemExit as always."""
    if _PROGRAM["own process"] and sys.getprofile() is None and sys.gettrace() is None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _finish(code: int, standalone: bool) -> int:
    if standalone:
        sys.exit(code)
    return code
