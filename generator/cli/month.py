"""The monthly cycle: init a workspace, issue blank ledgers, run a month, watch for arrivals."""

from __future__ import annotations

import sys
import threading
from datetime import date, datetime
from pathlib import Path

import click

from generator.cli.common import DB, PERIOD, WORKSPACE, parse_date
from generator.cli.delivery import auto_delivery  # [delivery] auto = true: watch sends receipts and reminders
from generator.cli.main import main
from generator.intake import received_files
from generator.ledger.blank import write_blank_ledgers
from generator.plan import read_plan
from generator.run import RunResult, run_period
from generator.watch import watch
from generator.workspace import init_workspace, open_workspace

PROGRESS_FROM = 20  # files; a bar for fewer only flickers


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def init(folder: Path) -> None:
    """新建一个空工作区（inputs/、outputs/ 和待填写的 inputs/plan.xlsx）。

    Start a new, empty workspace in FOLDER.
    """
    ws = init_workspace(folder)
    click.echo(f"已新建工作区 {ws.root}")
    click.echo(f"下一步：填写 {ws.plan_path}，然后运行 taizhang ledgers {folder} --period YYYY-MM")


@main.command()
@WORKSPACE
@PERIOD
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    help="输出文件夹，默认 outputs/<报送期>/空白台账 / output folder.",
)
def ledgers(workspace: Path, period: str | None, output: Path | None) -> None:
    """为每个责任单位生成本期空白台账（已填好本单位的任务和指标）。

    Write one blank ledger per responsible unit for a month, pre-filled with that unit's tasks and indicators;
    plan columns are locked, 完成状态 is a drop-down, and a hidden sheet identifies plan, unit and period.
    """
    ws = open_workspace(workspace)
    if period is None:
        raise click.UsageError("请用 --period 指定要下发台账的报送期，如 --period 2018-06。")
    plan = read_plan(ws.plan_path)
    out = output or ws.period_outputs(period) / "空白台账"
    paths = write_blank_ledgers(plan, period, out)
    for path in paths:
        click.echo(f"  {path.name}")
    click.echo(f"已生成 {len(paths)} 份空白台账：{out}")


@main.command()
@WORKSPACE
@PERIOD
@click.option(
    "--date",
    "issued_on",
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="通报的印发日期，默认今天 / date printed on the bulletin (default today).",
)
@click.option("--pdf", "make_pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF / also write PDFs.")
@DB
def run(workspace: Path, period: str | None, issued_on: date | None, make_pdf: bool, db: str | None) -> None:
    """汇总一个报送期：读取 inputs/<报送期>/ 中的台账，校验、合并、存入历史，生成通报和附件。

    Run a month: read every ledger in inputs/<period>/, check, merge, store in the history and write the
    bulletin, the notice, the annex tables and the validation report into outputs/<period>/. Without --period
    the latest month in inputs/ is used. Exit code 1 means problems were found in the data (see the report).
    """
    ws = open_workspace(workspace, db)
    period = period or ws.latest_period()
    count = len(received_files(ws.period_inputs(period)))
    if count >= PROGRESS_FROM:
        with click.progressbar(length=count, label=f"读取 {count} 个台账", file=sys.stderr) as bar:
            result = run_period(ws, period, issued_on, make_pdf, on_file=lambda _: bar.update(1))
    else:
        result = run_period(ws, period, issued_on, make_pdf)
    counts = result.month.counts
    click.echo(f"报送期 {period}（第{result.issue_no}期）：收到文件 {result.files} 个")
    click.echo(
        f"  任务 {len(result.month.tasks)} 项："
        + "，".join(f"{k}{v}" for k, v in counts.items())
        + f"；完成率 {result.month.completion_rate:.1f}%"
    )
    if result.month.missing_units:
        click.echo(f"  未报送：{'、'.join(result.month.missing_units)}")
    click.echo(f"  问题：错误 {result.errors} 个，警告 {result.warnings} 个（见校验报告）")
    if result.chart_font is None:
        click.secho("  提示：未找到中文字体，图表中的中文可能显示为方框。", fg="yellow")
    for path in result.outputs:
        click.echo(f"  → {path.relative_to(ws.root) if path.is_relative_to(ws.root) else path}")
    for folder, paths in _by_folder(result.notices).items():
        click.echo(f"  → {folder.name} {len(paths)} 份：{folder.relative_to(ws.root)}")
    if result.receipts:
        click.echo(f"  → 回执 {len(result.receipts)} 份：{result.receipts[0].parent.relative_to(ws.root)}")
    sys.exit(1 if result.errors else 0)


def _by_folder(paths: list[Path]) -> dict[Path, list[Path]]:
    folders: dict[Path, list[Path]] = {}
    for path in paths:
        folders.setdefault(path.parent, []).append(path)
    return folders


@main.command("watch")
@WORKSPACE
@click.option(
    "--settle", default=2.0, show_default=True, help="文件静止多少秒后才处理 / seconds a file must be unchanged."
)
@DB
def watch_command(workspace: Path, settle: float, db: str | None) -> None:
    """监视 inputs/ 中的报送期文件夹：有台账放入时自动汇总并重新生成该月的通报和附件，按 Ctrl-C 停止。

    Watch inputs/<period>/ folders and re-run that month whenever ledgers are dropped in (after copying has
    finished). With [delivery] auto = true in taizhang.toml it also mails each run's receipts and the day's
    reminders (see `taizhang send`). Stop with Ctrl-C.
    """
    ws = open_workspace(workspace, db)
    stop = threading.Event()
    deliver = auto_delivery(ws)

    def report(outcome: RunResult | Exception) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        if isinstance(outcome, Exception):
            click.secho(f"[{stamp}] 处理失败：{outcome}", fg="red", err=True)
        else:
            click.echo(
                f"[{stamp}] {outcome.period}：收到文件 {outcome.files} 个，完成率 "
                f"{outcome.month.completion_rate:.1f}%，错误 {outcome.errors} 个，警告 {outcome.warnings} 个"
            )
            if deliver:
                deliver(outcome.period)

    click.echo(f"正在监视 {ws.inputs}（按 Ctrl-C 停止）")
    try:
        watch(ws, report, stop, settle=settle, on_idle=(lambda: deliver(None)) if deliver else None)
    except KeyboardInterrupt:
        stop.set()
    click.echo("已停止监视。")
