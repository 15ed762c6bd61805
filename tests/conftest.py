"""Shared fixtures: a copy of the shipped example workspace, run once per session for both months."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.checks import Problem
from generator.checks.ledger import CheckedSubmission
from generator.documents.receipt import write_receipt
from generator.plan import Plan, read_plan
from generator.run import run_period
from generator.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_INPUTS = ROOT / "inputs"


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes: to prove inputs were not touched."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def copy_example(target: Path) -> Workspace:
    shutil.copytree(EXAMPLE_INPUTS, target / "inputs")
    return Workspace(target)


def marked_receipt(checked: CheckedSubmission, plan: Plan, folder: Path, sheet: str, cell: str = "A1") -> Path:
    """The receipt `checked` would get with one more problem, at sheet!cell: a receipt that copies the unit's
    sheets (a file without a located problem gets the summary only), to look at how its cells were copied."""
    sub = checked.submission
    mark = Problem("value-invalid", "测试用的标记", file=sub.file_name, sheet=sheet, cell=cell)
    marked = dataclasses.replace(checked, submission=dataclasses.replace(sub, problems=[*sub.problems, mark]))
    return write_receipt(marked, plan, "2018-05", True, "", folder / f"{sub.path.stem}.xlsx")


@pytest.fixture(scope="session")
def plan():
    return read_plan(EXAMPLE_INPUTS / "plan.xlsx")


@pytest.fixture(scope="session")
def example_run(tmp_path_factory):
    """The example workspace after `run` for 2018-04 and then 2018-05: (workspace, {period: RunResult}, digest)."""
    ws = copy_example(tmp_path_factory.mktemp("example"))
    before = tree_digest(ws.inputs)
    results = {
        "2018-04": run_period(ws, "2018-04", date(2018, 5, 5)),
        "2018-05": run_period(ws, "2018-05", date(2018, 6, 5)),
    }
    return ws, results, before


def fill_ledger(
    plan, unit_short: str, period: str, path: Path, tasks: dict | None = None, indicators: dict | None = None
) -> Path:
    """A ledger as a unit sends it: our blank one, with {序号: {column: value}} typed in, saved as `path`."""
    import openpyxl

    from generator.ledger.blank import write_blank_ledger
    from generator.ledger.layout import INDICATOR_SHEET, TASK_SHEET

    unit = next(u for u in plan.units if u.short_name == unit_short)
    blank = write_blank_ledger(plan, unit, period, path.with_name(f"blank-{path.stem}.xlsx"))
    book = openpyxl.load_workbook(blank)
    for layout, values in ((TASK_SHEET, tasks or {}), (INDICATOR_SHEET, indicators or {})):
        if layout.title not in book.sheetnames:
            continue
        sheet = book[layout.title]
        header = [c.value for c in sheet[3]]
        for row in range(4, sheet.max_row + 1):
            for column, value in values.get(sheet.cell(row, 1 + header.index("序号")).value, {}).items():
                sheet.cell(row, 1 + header.index(column)).value = value
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    blank.unlink()
    return path


HAILING = ROOT / "examples" / "hailing-2018"


@pytest.fixture(scope="session")
def hailing_run(tmp_path_factory):
    """The 海陵 example workspace (任务分解表 layout) after `run` for 2018-06: (workspace, RunResult)."""
    target = tmp_path_factory.mktemp("hailing")
    shutil.copytree(HAILING / "inputs", target / "inputs")
    ws = Workspace(target)
    return ws, run_period(ws, "2018-06", date(2018, 7, 5))
