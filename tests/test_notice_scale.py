"""A notice whose annex tables are too long to print issues them as spreadsheets beside it, with every row."""

from __future__ import annotations

import shutil
from datetime import date

import openpyxl
import pytest
from conftest import EXAMPLE_INPUTS, HAILING
from docx import Document

from generator.documents.marks import MERGE_LEFT, MERGE_UP
from generator.plan import read_plan
from generator.run import run_period
from generator.workspace import Workspace

NOTICE = "关于印发工作方案的通知.docx"


def workspace(tmp_path, inputs, rows: int) -> Workspace:
    shutil.copytree(inputs, tmp_path / "inputs")
    (tmp_path / "taizhang.toml").write_text(f"[office]\nnotice_table_rows = {rows}\n", "utf-8")
    return Workspace(tmp_path)


def has_task_table(doc) -> bool:
    return any(len(t.rows[0].cells) > 1 and t.rows[0].cells[1].text == "重点工作任务" for t in doc.tables)


def sheet_rows(path) -> list[tuple]:
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    return [row for row in sheet.iter_rows(min_row=4, values_only=True)]


@pytest.mark.parametrize("rows", [1, 9, 10])
def test_annexes_longer_than_notice_table_rows_are_spreadsheets_with_every_row(tmp_path, rows):
    ws = workspace(tmp_path, EXAMPLE_INPUTS, rows)
    plan = read_plan(ws.plan_path)
    result = run_period(ws, "2018-05", date(2018, 6, 5))
    out = ws.period_outputs("2018-05")
    doc = Document(out / NOTICE)
    text = "\n".join(p.text for p in doc.paragraphs)
    task_file = out / "通知附件1_工作台账.xlsx"
    indicator_file = out / "通知附件2_量化指标台账.xlsx"
    assert (len(plan.tasks) > rows) == task_file.exists() == (task_file in result.outputs)
    assert (len(plan.indicators) > rows) == indicator_file.exists()
    if task_file.exists():
        assert f"本附件共{len(plan.tasks)}行" in text and "通知附件1_工作台账.xlsx" in text
        assert [(r[0], r[1], r[5]) for r in sheet_rows(task_file)] == [
            (t.no, t.task, t.deadline_text) for t in plan.tasks
        ]
        assert not has_task_table(doc)  # the table is not printed
    else:
        assert has_task_table(doc)
    if indicator_file.exists():
        assert [r[2] for r in sheet_rows(indicator_file)] == [i.name for i in plan.indicators]


def test_a_breakdown_issued_as_a_spreadsheet_repeats_merged_cells(tmp_path):
    ws = workspace(tmp_path, HAILING / "inputs", 5)
    plan = read_plan(ws.plan_path)
    run_period(ws, "2018-06", date(2018, 7, 5))
    out = ws.period_outputs("2018-06")
    files = sorted(p.name for p in out.glob("通知附件*.xlsx"))
    layout_files = [f"通知附件{n}_{layout}.xlsx" for n, layout in enumerate(plan.annex_layouts, start=1)]
    assert files == sorted(layout_files)
    breakdown = out / layout_files[plan.annex_layouts.index("任务分解表")]
    rows = sheet_rows(breakdown)
    assert len(rows) >= len(plan.indicators)
    cells = [c for r in rows for c in r if isinstance(c, str)]
    assert not any(MERGE_UP in c or MERGE_LEFT in c for c in cells)
    assert all(r[0] for r in rows)  # 领域 repeated on every row, not left blank where the DOCX merges it


def test_a_kept_notice_is_written_again_when_its_spreadsheet_is_deleted(tmp_path):
    ws = workspace(tmp_path, EXAMPLE_INPUTS, 1)
    run_period(ws, "2018-05", date(2018, 6, 5))
    out = ws.period_outputs("2018-05")
    (out / "通知附件1_工作台账.xlsx").unlink()
    again = run_period(ws, "2018-05", date(2018, 6, 5))
    assert (out / "通知附件1_工作台账.xlsx").exists()
    assert NOTICE in again.cache.written_outputs
