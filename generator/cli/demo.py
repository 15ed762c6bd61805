"""A quick tour (导览) of one month: what came in, what was wrong, where each document is."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.checks import ERROR
from generator.cli.common import DB, PERIOD, WORKSPACE
from generator.cli.main import main
from generator.cli.table import render_table
from generator.run import RunResult, run_period, store_period, unstored_earlier_periods
from generator.workspace import Workspace, open_workspace

# What each document is for, in a clerk's words; looked up by the start of the file or folder name.
DOCUMENTS = [
    ("工作进展通报", "本月通报：总体进展、与上月比较、单位排名和图表、督办清单，可直接印发"),
    ("关于印发工作方案的通知", "印发方案的通知，含方案正文和附件表格"),
    ("附件", "附件表格：每项任务、指标的本月进展和亮灯"),
    ("校验报告", "问题清单（每个问题的文件、单元格、说明和修改建议）和收件情况"),
    ("督办通知", "给有滞后、逾期任务的单位，每个单位一份"),
    ("催报通知", "给未报送的单位，每个单位一份"),
    ("回执", "发回各单位：他们自己的台账，问题单元格标色并批注"),
]
SHOWN_PROBLEMS = 8


def describe(name: str) -> str:
    return next((text for prefix, text in DOCUMENTS if name.startswith(prefix)), "")


def has_desktop() -> bool:
    """A person at a desktop: Windows or macOS, or a Linux display; and a terminal, and not a CI runner."""
    if os.environ.get("CI") or not sys.stdout.isatty():
        return False
    return sys.platform in ("win32", "darwin") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


@main.command()
@WORKSPACE
@PERIOD
@click.option("--no-open", is_flag=True, help="不打开输出文件夹 / do not open the output folder.")
@DB
def demo(workspace: Path, period: str | None, no_open: bool, db: str | None) -> None:
    """导览：汇总示例月份，并说明收到了什么、哪里有问题、每份文档在哪里；有桌面时打开输出文件夹。

    A guided tour of a month (by default the latest in inputs/; run it in the repository for the shipped example):
    runs it like `taizhang run`, then explains what came in, what was wrong and where each document is, and opens
    the output folder when a desktop is present.
    """
    ws = open_workspace(workspace, db)
    period = period or ws.latest_period()
    earlier = unstored_earlier_periods(ws, period)
    for month in earlier:
        store_period(ws, month)
    result = run_period(ws, period)
    tour(ws, result, earlier)
    out = ws.period_outputs(period)
    if not no_open and has_desktop():
        click.launch(str(out))
        click.echo(f"已打开输出文件夹 {out}")


def tour(ws: Workspace, result: RunResult, earlier: list[str]) -> None:
    out = ws.period_outputs(result.period)
    click.secho(f"一、收到了什么（inputs/{result.period}/，共 {result.files} 个文件）", bold=True)
    if result.intake is not None:
        rows = []
        for checked in result.intake.checked:
            used, reason = result.intake.verdict(checked)
            errors = sum(p.severity == ERROR for p in checked.submission.problems)
            rows.append(
                (
                    checked.submission.file_name,
                    checked.unit or "（未识别）",
                    "采用" if used else f"未采用：{reason}",
                    f"错误{errors} 警告{len(checked.submission.problems) - errors}",
                )
            )
        for line in render_table(("文件", "单位", "结果", "问题"), rows, max_width=34):
            click.echo("  " + line)
    missing = result.headline.missing_units
    click.echo(f"  未报送：{'、'.join(missing)}（已生成催报通知）" if missing else "  每个单位都已报送。")
    if earlier:
        click.echo(f"  较早的 {'、'.join(earlier)} 已先存入历史，所以本期是第{result.issue_no}期，并与上月比较。")

    click.secho(f"\n二、哪里有问题（错误 {result.errors} 个，警告 {result.warnings} 个）", bold=True)
    problems = sorted(result.problems, key=lambda p: p.severity != ERROR)
    problem_rows = [
        (p.severity, f"{p.title}（{p.code}）", p.unit, f"{p.sheet}!{p.cell}" if p.cell else p.sheet, p.message)
        for p in problems[:SHOWN_PROBLEMS]
    ]
    if problem_rows:
        for line in render_table(("级别", "问题", "单位", "位置", "说明"), problem_rows, max_width=40):
            click.echo("  " + line)
    if len(problems) > SHOWN_PROBLEMS:
        click.echo(f"  ……另有 {len(problems) - SHOWN_PROBLEMS} 个，全部见 校验报告.xlsx")

    click.secho(f"\n三、文档在哪里（{out}）", bold=True)
    for path in result.outputs:
        click.echo(f"  {path.name}：{describe(path.name)}")
    folders = sorted({p.parent for p in [*result.notices, *result.receipts]})
    for folder in folders:
        count = sum(p.parent == folder for p in [*result.notices, *result.receipts])
        click.echo(f"  {folder.name}/（{count} 份）：{describe(folder.name)}")
    click.echo(
        f"\n下一步：把回执发回各单位，单位改好后放入 inputs/{result.period}/ 再运行 taizhang run；"
        "下月用 taizhang ledgers --period YYYY-MM 生成空白台账。"
    )
