"""The monthly cycle: init a workspace, issue blank ledgers, run a month, watch for arrivals."""

from __future__ import annotations

import sys
import threading
from datetime import date, datetime
from pathlib import Path

import click

from generator.checks import ERROR
from generator.cli.common import DATA_ERRORS, DB, OK, PERIOD, WORKSPACE, leave, parse_date
from generator.cli.delivery import auto_delivery  # [delivery] auto = true: watch sends receipts and reminders
from generator.cli.main import main
from generator.cli.plan import import_into, read_workspace_plan, show_todos
from generator.cli.table import render_table
from generator.errors import TaizhangError
from generator.intake import ingest, received_files
from generator.ledger.blank import write_blank_ledgers
from generator.plan import read_plan
from generator.plan.check import pending_reviews, plan_todos
from generator.run import STAGES, RunResult, run_period, store_period, unstored_earlier_periods
from generator.watch import watch
from generator.workspace import Workspace, init_workspace, open_workspace

PROGRESS_FROM = 20  # files; a bar for fewer only flickers


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--plan",
    "plan_source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="同时导入工作方案文件（.docx、.txt、.doc、.pdf）为 inputs/plan.xlsx / import a plan document too.",
)
def init(folder: Path, plan_source: Path | None) -> None:
    """新建一个工作区（inputs/、outputs/ 和 inputs/plan.xlsx），可用 --plan 同时导入工作方案。

    Start a new workspace in FOLDER; with --plan, import the plan document into its inputs/plan.xlsx.
    """
    ws = init_workspace(folder)
    click.echo(f"已新建工作区 {ws.root}")
    if plan_source is not None:
        import_into(plan_source, ws.plan_path, force=False)
    click.echo("下一步：")
    step = 1
    if plan_source is None:
        click.echo(f"  {step}. 导入方案：taizhang plan import 方案.docx -o {ws.plan_path}")
        click.echo("     （或在 Excel/WPS 中直接填写该文件）")
        step += 1
    click.echo(f"  {step}. 核对方案：taizhang plan check {folder}（列出待核实、待指定的内容，逐项改好 plan.xlsx）")
    month = date.today().strftime("%Y-%m")
    click.echo(f"  {step + 1}. 下发台账：taizhang ledgers {folder} --period {month}")
    click.echo(
        f"  {step + 2}. 各单位报回的台账放入 {ws.inputs / month} 后汇总：taizhang run {folder}"
        "（生成通报、附件、校验报告和回执）"
    )


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
    """为每个责任单位生成本期空白台账（已填好本单位的任务和指标）；先核对方案，方案还有待办时不生成。

    Write one blank ledger per responsible unit for a month, pre-filled with that unit's tasks and indicators;
    plan columns are locked, 完成状态 is a drop-down, and a hidden sheet identifies plan, unit and period.
    Runs `plan check` first and stops while the plan still has something to settle.
    """
    ws = open_workspace(workspace)
    if period is None:
        raise click.UsageError("请用 --period 指定要下发台账的报送期，如 --period 2018-06。")
    plan = read_workspace_plan(ws)
    todos = [t for t in plan_todos(plan, pending_reviews(ws.plan_path)) if t.blocking]
    if todos:
        show_todos(todos)
        raise TaizhangError(
            f"方案还有 {len(todos)} 处待处理（见上表），台账未生成：改好 {ws.plan_path.name} 后重新运行；"
            f"可用 taizhang plan check {workspace} 查看。"
        )
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
    help="通报的印发日期，默认报送期次月的报送截止日（taizhang.toml [office] report_due_day，默认5日）/ "
    "date printed on the bulletin (default: the report due day of the next month).",
)
@click.option("--pdf", "make_pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF / also write PDFs.")
@click.option(
    "--strict", is_flag=True, help="数据有错误时以退出码 1 结束（供定时任务判断）/ exit 1 when the data has errors."
)
@click.option(
    "--all", "all_periods", is_flag=True, help="按月份顺序汇总 inputs/ 中的每个月 / run every month in order."
)
@DB
def run(
    workspace: Path,
    period: str | None,
    issued_on: date | None,
    make_pdf: bool,
    strict: bool,
    all_periods: bool,
    db: str | None,
) -> None:
    """汇总一个报送期：读取 inputs/<报送期>/ 中的台账，校验、合并、存入历史，生成通报和附件。

    Run a month: read every ledger in inputs/<period>/, check, merge, store in the history and write the
    bulletin, the notice, the annex tables and the validation report into outputs/<period>/. Without --period
    the latest month with files in inputs/ is used; earlier months not yet in the history are stored first, so the
    bulletin compares with them. Exits 0 when the documents were written, also when the data has problems (they are
    listed in 校验报告.xlsx); with --strict it exits 1 when the data has errors.
    """
    ws = open_workspace(workspace, db)
    if all_periods:
        if period is not None or issued_on is not None:
            raise click.UsageError("--all 汇总每个月，不能与 --period 或 --date 同时使用。")
        periods = [p for p in ws.periods() if received_files(ws.period_inputs(p))]
        if not periods:
            ws.latest_period()  # raises the message saying inputs/ has no month with files
    else:
        periods = [period or ws.latest_period()]
        for earlier in unstored_earlier_periods(ws, periods[0]):
            issue_no = store_period(ws, earlier)
            click.echo(
                f"先把较早的 {earlier} 存入历史（第{issue_no}期，用于比较；未生成该月文档，"
                f"需要时运行 taizhang run --period {earlier}）"
            )
    errors = 0
    for month in periods:
        result = _run_one(ws, month, issued_on, make_pdf)
        errors += result.errors
    leave(DATA_ERRORS if strict and errors else OK)


def _run_one(ws: Workspace, period: str, issued_on: date | None, make_pdf: bool) -> RunResult:
    count = len(received_files(ws.period_inputs(period)))
    if count >= PROGRESS_FROM:
        stages = len(STAGES) + make_pdf
        with click.progressbar(length=count + stages, label=f"读取 {count} 个台账", file=sys.stderr) as bar:

            def on_stage(name: str) -> None:
                bar.label = name  # the bar shows the stage now under way
                bar.update(1)

            result = run_period(ws, period, issued_on, make_pdf, on_file=lambda _: bar.update(1), on_stage=on_stage)
            bar.update(count + stages)  # an unchanged month skips every stage: the bar still ends full
    else:
        result = run_period(ws, period, issued_on, make_pdf)
    headline = result.headline
    kept = "；与上次运行相比没有变化，文档保持原样" if result.unchanged else ""
    click.echo(f"报送期 {period}（第{result.issue_no}期）：收到文件 {result.files} 个{kept}")
    click.echo(
        f"  任务 {headline.tasks} 项："
        + "，".join(f"{k}{v}" for k, v in headline.counts.items())
        + f"；完成率 {headline.completion_rate:.1f}%"
    )
    if headline.missing_units:
        click.echo(f"  未报送：{'、'.join(headline.missing_units)}")
    click.echo(f"  问题：错误 {result.errors} 个，警告 {result.warnings} 个（见校验报告）")
    if result.chart_font is None:
        click.secho("  提示：未找到中文字体，图表中的中文可能显示为方框。", fg="yellow")
    for path in result.outputs:
        click.echo(f"  → {path.relative_to(ws.root) if path.is_relative_to(ws.root) else path}")
    for folder, paths in _by_folder(result.notices).items():
        click.echo(f"  → {folder.name} {len(paths)} 份：{folder.relative_to(ws.root)}")
    if result.receipts:
        click.echo(f"  → 回执 {len(result.receipts)} 份：{result.receipts[0].parent.relative_to(ws.root)}")
    if result.pdfs:
        click.echo(f"  → PDF {len(result.pdfs)} 份：{ws.period_outputs(period).joinpath('pdf').relative_to(ws.root)}")
    return result


@main.command()
@WORKSPACE
@PERIOD
def check(workspace: Path, period: str | None) -> None:
    """只校验一个报送期的台账，列出问题，不写任何文件；有错误时退出码为 1。

    Validate a month's ledgers only (like `frictionless validate`): print every problem found and write nothing,
    neither documents nor history. Exit code 1 when there are errors, 0 when there are none (warnings allowed).
    """
    ws = open_workspace(workspace)
    period = period or ws.latest_period()
    folder = ws.period_inputs(period)
    if not folder.is_dir():
        raise TaizhangError(f"找不到本期收件文件夹 {folder}。")
    plan = read_plan(ws.plan_path)
    intake = ingest(folder, plan, period, ws.limits())
    problems = sorted(intake.problems, key=lambda p: (p.severity != ERROR, p.unit, p.file, p.sheet, p.cell))
    if problems:
        rows = [
            (p.severity, p.code, p.title, p.unit, p.file, f"{p.sheet}!{p.cell}" if p.cell else p.sheet, p.message)
            for p in problems
        ]
        for line in render_table(("级别", "代码", "问题", "单位", "文件", "位置", "说明"), rows, max_width=36):
            click.echo(line)
    errors = sum(p.severity == ERROR for p in problems)
    click.echo(
        f"报送期 {period}：收到文件 {len(intake.checked)} 个，错误 {errors} 个，警告 {len(problems) - errors} 个"
        f"{'；未报送：' + '、'.join(intake.missing_units) if intake.missing_units else ''}。"
    )
    sys.exit(DATA_ERRORS if errors else OK)


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
                f"{outcome.headline.completion_rate:.1f}%，错误 {outcome.errors} 个，警告 {outcome.warnings} 个"
            )
            if deliver:
                deliver(outcome.period)

    click.echo(f"正在监视 {ws.inputs}（按 Ctrl-C 停止）")
    try:
        watch(ws, report, stop, settle=settle, on_idle=(lambda: deliver(None)) if deliver else None)
    except KeyboardInterrupt:
        stop.set()
    click.echo("已停止监视。")
