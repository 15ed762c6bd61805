"""The plan workbook: import a work plan document into plan.xlsx for the clerk to review."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.main import main
from generator.plan.importer import import_plan, write_imported_plan


@main.group()
def plan() -> None:
    """方案工作簿：从工作方案文件导入 plan.xlsx。

    Plan workbook commands: read a work plan document into plan.xlsx.
    """


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
    then copy the workbook to inputs/plan.xlsx of a workspace.
    """
    if output.exists() and not force:
        raise click.UsageError(f"{output} 已存在：为免覆盖核对过的方案，请换一个文件名或加 --force。")
    imported = import_plan(source)
    path = write_imported_plan(imported, output)
    for line in imported.summary():
        click.echo(line)
    click.echo(f"已写出 {path}")
