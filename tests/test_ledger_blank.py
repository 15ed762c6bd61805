"""Blank ledgers: one per unit, exactly its own rows, plan columns locked, recognised when they come back."""

from __future__ import annotations

import openpyxl
import python_calamine

from generator.ledger.blank import write_blank_ledgers
from generator.ledger.layout import INDICATOR_SHEET, META_SHEET, STATUSES, TASK_SHEET
from generator.ledger.read import read_submission
from generator.plan.units import UnitDirectory


def _rows(sheet, layout):
    header = [c.value for c in sheet[3]]
    assert tuple(header) == layout.columns
    return [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=4)]


def test_one_ledger_per_reporting_unit_with_exactly_its_rows(plan, tmp_path):
    paths = write_blank_ledgers(plan, "2018-06", tmp_path)
    assert sorted(p.name for p in paths) == sorted(
        f"{s}_2018-06_工作台账.xlsx" for s in ("区农办", "区国土建设环保局", "区发展改革规划局", "管委会办公室")
    )
    book = openpyxl.load_workbook(tmp_path / "区农办_2018-06_工作台账.xlsx")
    tasks = _rows(book[TASK_SHEET.title], TASK_SHEET)
    assert [r["序号"] for r in tasks] == [1, 4, 6, 7, 8]
    assert tasks[4]["完成时限"] == "2018年3月底前"
    indicators = _rows(book[INDICATOR_SHEET.title], INDICATOR_SHEET)
    assert [r["序号"] for r in indicators] == [1, 3, 4, 6, 8, 9, 10, 11, 12, 13, 15, 16, 18, 19]
    only_task = openpyxl.load_workbook(tmp_path / "区发展改革规划局_2018-06_工作台账.xlsx")
    assert INDICATOR_SHEET.title not in only_task.sheetnames  # the unit owns no indicator


def test_plan_columns_locked_input_columns_open_with_drop_down(plan, tmp_path):
    write_blank_ledgers(plan, "2018-06", tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "区国土建设环保局_2018-06_工作台账.xlsx")[TASK_SHEET.title]
    assert sheet.protection.sheet
    header = [c.value for c in sheet[3]]
    for name in TASK_SHEET.plan_columns:
        assert sheet.cell(4, 1 + header.index(name)).protection.locked, name
    for name in TASK_SHEET.input_columns:
        assert not sheet.cell(4, 1 + header.index(name)).protection.locked, name
    status_col = openpyxl.utils.get_column_letter(1 + header.index("完成状态"))
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1 == '"' + ",".join(STATUSES) + '"'
    assert str(lists[0].sqref) == f"{status_col}4:{status_col}5"


def test_hidden_sheet_identifies_plan_unit_period(plan, tmp_path):
    write_blank_ledgers(plan, "2018-06", tmp_path)
    path = tmp_path / "管委会办公室_2018-06_工作台账.xlsx"
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    visibility = {s.name: str(s.visible) for s in book.sheets_metadata}
    assert "VeryHidden" in visibility[META_SHEET]
    renamed = path.rename(tmp_path / "返回的文件.xlsx")  # the name no longer says who sent it
    sub = read_submission(renamed, UnitDirectory(plan.units))
    assert sub.unit == "管委会办公室"
    assert sub.meta["period"] == "2018-06" and sub.meta["plan_id"] == plan.plan_id
    assert [r.get("序号") for r in sub.rows["task"]] == [9.0]
