"""回执: the summary for every file, the unit's sheets copied (values, marks, hidden sheets, widths) only where a
problem sits in a cell, and many receipts written over two processes with failures reported, not raised."""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import python_calamine
import xlsxwriter
from conftest import EXAMPLE_INPUTS, marked_receipt

from generator.documents import receipt
from generator.documents.receipt import SUMMARY_SHEET, write_receipt
from generator.intake import ingest

PERIOD = "2018-05"
CLEAN = "区发展改革规划局工作台账（5月）.xlsx"
WITH_PROBLEM = "区农办2018年5月工作台账.xlsx"  # 量化指标!H6 left empty


@pytest.fixture(scope="module")
def intake(plan):
    return ingest(EXAMPLE_INPUTS / PERIOD, plan, PERIOD, None)


def _checked(intake, name):
    return next(c for c in intake.checked if c.submission.file_name == name)


def _text(sheet) -> str:
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


def test_a_file_without_problems_gets_the_summary_only_saying_so(intake, plan, tmp_path):
    checked = _checked(intake, CLEAN)
    assert not checked.submission.problems
    book = openpyxl.load_workbook(write_receipt(checked, plan, PERIOD, True, "", tmp_path / "r.xlsx"))
    assert book.sheetnames == [SUMMARY_SHEET]
    text = _text(book[SUMMARY_SHEET])
    assert "未发现问题" in text and "已采用" in text and CLEAN in text
    assert "修改建议" not in text  # no empty table of problems


def test_a_file_with_a_problem_in_a_cell_gets_its_sheets_copied_and_marked(intake, plan, tmp_path):
    checked = _checked(intake, WITH_PROBLEM)
    located = [p for p in checked.submission.problems if p.cell]
    assert [(p.sheet, p.cell) for p in located] == [("量化指标", "H6")]
    path = write_receipt(checked, plan, PERIOD, True, "", tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(path)
    source = openpyxl.load_workbook(EXAMPLE_INPUTS / PERIOD / WITH_PROBLEM)
    assert book.sheetnames == [SUMMARY_SHEET, *source.sheetnames]
    assert "量化指标!H6" in _text(book[SUMMARY_SHEET]) and "标色" in _text(book[SUMMARY_SHEET])
    marked = book["量化指标"]["H6"]
    assert marked.fill.fill_type == "solid" and marked.comment is not None
    assert located[0].message in marked.comment.text
    assert [c.coordinate for s in book.worksheets for row in s.iter_rows() for c in row if c.comment] == ["H6"]
    for sheet in source.worksheets:  # hidden sheets stay hidden, widths and the frozen header are kept
        copy = book[sheet.title]
        assert copy.sheet_state == sheet.sheet_state
        if sheet.sheet_state == "visible":
            assert copy.freeze_panes == sheet.freeze_panes == "A4"
            for letter in "ABCDE":
                assert copy.column_dimensions[letter].width == pytest.approx(
                    sheet.column_dimensions[letter].width, abs=0.8
                ), (sheet.title, letter)


def test_the_copy_holds_every_value_read_and_no_formula(intake, plan, tmp_path):
    path = write_receipt(_checked(intake, WITH_PROBLEM), plan, PERIOD, True, "", tmp_path / "r.xlsx")
    source = python_calamine.CalamineWorkbook.from_path(str(EXAMPLE_INPUTS / PERIOD / WITH_PROBLEM))
    copy = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in source.sheet_names:
        expected = source.get_sheet_by_name(name).to_python(skip_empty_area=False)
        assert copy.get_sheet_by_name(name).to_python(skip_empty_area=False) == expected, name
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not [n for n in sheets if b"<f>" in archive.read(n)]


def test_the_copy_reads_back_as_the_units_ledger(intake, plan, tmp_path):
    """A unit may correct the receipt's copy and send it back: it is read as that unit's ledger."""
    original = _checked(intake, WITH_PROBLEM)
    folder = tmp_path / "inputs"
    write_receipt(original, plan, PERIOD, True, "", folder / "回执.xlsx")
    (again,) = ingest(folder, plan, PERIOD, None).checked
    assert again.unit == original.unit
    assert again.tasks.keys() == original.tasks.keys() and again.indicators.keys() == original.indicators.keys()
    assert [(p.code, p.cell) for p in again.submission.problems] == [("value-missing", "H6")]


def test_dates_numbers_and_formula_text_keep_their_kind(intake, plan, tmp_path):
    checked = _checked(intake, CLEAN)
    sub = checked.submission
    made = tmp_path / "x.xlsx"
    book = xlsxwriter.Workbook(made)
    sheet = book.add_worksheet("台账")
    for c, title in enumerate(("序号", "日期", "时间", "公式样", "数")):
        sheet.write_string(0, c, title)
    sheet.write_number(1, 0, 1)
    sheet.write_datetime(1, 1, datetime(2018, 5, 31), book.add_format({"num_format": "yyyy-mm-dd"}))
    sheet.write_datetime(1, 2, datetime(2018, 5, 31, 9, 30), book.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
    sheet.write_string(1, 3, '=HYPERLINK("http://x")')
    sheet.write_number(1, 4, 2.5)
    book.close()
    other = dataclasses.replace(sub, path=made, archived=made, header_rows={"台账": 0})
    copy = openpyxl.load_workbook(
        marked_receipt(dataclasses.replace(checked, submission=other), plan, tmp_path, "台账")
    )
    cells = copy["台账"]
    assert cells["D2"].value == '=HYPERLINK("http://x")' and cells["D2"].data_type == "s"
    assert cells["A2"].value == 1 and cells["E2"].value == 2.5
    assert cells["B2"].value == datetime(2018, 5, 31) and cells["B2"].number_format == "yyyy-mm-dd"
    assert cells["C2"].value == datetime(2018, 5, 31, 9, 30)
    assert cells["A1"].comment is not None and cells["A1"].font.b  # the mark, on the bold header
    assert copy["台账"].freeze_panes == "A2"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_receipt_that_fails_is_returned_and_the_others_are_written(intake, plan, tmp_path, monkeypatch, workers):
    monkeypatch.setattr(receipt, "PARALLEL_FROM", 2)
    jobs = [
        receipt.receipt_job(c, plan, PERIOD, True, "", tmp_path / f"{n}.xlsx") for n, c in enumerate(intake.checked * 2)
    ]
    (tmp_path / "1.xlsx").mkdir()  # a folder where a receipt should go: renaming into place fails
    (tmp_path / "1.xlsx" / "x").write_text("x")
    errors = receipt.write_all(jobs, workers=workers)
    assert [e is not None for e in errors] == [n == 1 for n in range(len(jobs))]
    assert isinstance(errors[1], OSError)
    for n, job in enumerate(jobs):
        if n != 1:
            assert openpyxl.load_workbook(job.path).sheetnames[0] == SUMMARY_SHEET
    assert not list(Path(tmp_path).glob(".*.tmp*"))
