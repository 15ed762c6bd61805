"""The plan workbook: import a work plan document into plan.xlsx, and list what in it still needs the clerk."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.common import DATA_ERRORS, OK, WORKSPACE
from generator.cli.main import main
from generator.cli.table import render_table
from generator.errors import TaizhangError
from generator.plan import Plan, read_plan
from generator.plan.check import PlanTodo, is_blank_plan, pending_reviews, plan_todos
from generator.workspace import Workspace, open_workspace


@main.group()
def plan() -> None:
    """方案工作簿：从工作方案文件导入 plan.xlsx，核对还需处理的内容。

    Plan workbook commands: read a work plan document into plan.xlsx; check what still needs the clerk.
    """


def import_into(source: Path, output: Path, force: bool) -> Path:
    """Import `source` into `output`; an existing workbook is kept unless --force or it is init's blank one."""
    if output.exists() and not force and not is_blank_plan(output):
        raise click.UsageError(f"{output} 已存在：为免覆盖核对过的方案，请换一个文件名或加 --force。")
    from generator.plan.importer import import_plan, write_imported_plan  # only `plan import` needs the reader

    imported = import_plan(source)
    path = write_imported_plan(imported, output)
    for line in imported.summary():
        click.echo(line)
    click.echo(f"已写出 {path}")
    return path


@plan.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("plan.xlsx"),
    show_default=True,
    help="写出的方案工作簿 / the plan workbook to write.",
)
@click.option("--force", is_flag=True, help="覆盖已有的工作簿 / overwrite an existing workbook.")
def plan_import(source: Path, output: Path, force: bool) -> None:
    """读取工作方案（.docx、.txt；.doc 需 LibreOffice，.pdf 需 pdftotext），生成方案工作簿供核对。

    Read a work plan document and write plan.xlsx: notice information, tasks with their lead, cooperating and
    implementing units, deadlines, quantified targets, annex tables and the unit registry. Check the sheet 待核实,
    then copy the workbook to inputs/plan.xlsx of a workspace. The blank plan.xlsx `taizhang init` writes is
    replaced without --force.
    """
    import_into(source, output, force)


def read_workspace_plan(ws: Workspace) -> Plan:
    """The workspace's plan; init's blank plan.xlsx is answered with the step that fills it."""
    if ws.plan_path.exists() and is_blank_plan(ws.plan_path):
        raise TaizhangError(
            f"{ws.plan_path} 还是空的：先导入方案 taizhang plan import 方案.docx -o {ws.plan_path}，"
            "或在 Excel/WPS 中填写。"
        )
    return read_plan(ws.plan_path)


def show_todos(todos: list[PlanTodo]) -> None:
    rows = [(t.kind, t.where, t.message) for t in todos]
    for line in render_table(("事项", "位置", "说明"), rows, max_width=60):
        click.echo(line)


@plan.command("check")
@WORKSPACE
def plan_check(workspace: Path) -> None:
    """核对方案：列出还需处理的内容（待核实、（待指定）的责任单位、没有成员的分组），有待办时退出码为 1。

    List, on one screen, what in inputs/plan.xlsx still needs the clerk: lines of the 待核实 sheet not yet cleared
    (delete them or set 级别 to 已核实), tasks and indicators whose unit is （待指定）, unit groups without members;
    units without tasks are listed as notes. Exit code 1 while anything but notes remains.
    """
    ws = open_workspace(workspace)
    plan_ = read_workspace_plan(ws)
    todos = plan_todos(plan_, pending_reviews(ws.plan_path))
    blocking = [t for t in todos if t.blocking]
    if todos:
        show_todos(todos)
    click.echo(
        f"方案「{plan_.info.title}」：重点任务 {len(plan_.tasks)} 项，量化指标 {len(plan_.indicators)} 项，"
        f"报送单位 {len(plan_.reporting_units())} 个；"
        + (f"待处理 {len(blocking)} 处" if blocking else "没有待处理的内容，可以下发台账")
        + (f"，提示 {len(todos) - len(blocking)} 处。" if len(todos) > len(blocking) else "。")
    )
    sys.exit(DATA_ERRORS if blocking else OK)
