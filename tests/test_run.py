"""The monthly cycle end to end on the shipped example: open every output and check what it says."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLE_INPUTS, copy_example, tree_digest
from docx import Document

from generator.errors import TaizhangError
from generator.run import run_period
from generator.store import History


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def completion_from_ledgers(folder: Path, total_tasks: int) -> float:
    """The completion rate a clerk would compute by hand: 已完成 rows in the received files over all tasks."""
    done = 0
    for path in folder.glob("*.xlsx"):
        sheet = openpyxl.load_workbook(path, data_only=True)["重点任务"]
        header = [c.value for c in sheet[3]]
        done += sum(row[header.index("完成状态")] == "已完成" for row in sheet.iter_rows(min_row=4, values_only=True))
    return round(100 * done / total_tasks, 1)


@pytest.fixture(scope="module")
def may(example_run):
    ws, results, _ = example_run
    return ws, results["2018-05"]


def test_inputs_are_untouched(example_run):
    ws, _, before = example_run
    assert tree_digest(ws.inputs) == before
    assert tree_digest(ws.inputs) == tree_digest(EXAMPLE_INPUTS)


def test_bulletin_figures_match_the_ledgers(may, plan):
    ws, _ = may
    text = docx_text(ws.period_outputs("2018-05") / "工作进展通报（第2期）.docx")
    rate = completion_from_ledgers(ws.period_inputs("2018-05"), len(plan.tasks))
    assert rate == 77.8
    assert f"任务完成率{rate:.1f}%" in text
    assert "第2期" in text
    assert "提高33.4个百分点" in text  # 2018-04 stored 44.4%
    assert "已完成7项" in text and "滞后1项" in text and "未报送1项" in text


def test_bulletin_names_the_unit_that_did_not_report(may):
    ws, result = may
    assert result.month.missing_units == ("管委会办公室",)
    text = docx_text(ws.period_outputs("2018-05") / "工作进展通报（第2期）.docx")
    section = text[text.index("六、未报送单位") : text.index("七、")]
    assert "管委会办公室未按时报送" in section


def test_overdue_task_is_in_the_supervision_list(may):
    ws, _ = may
    doc = Document(str(ws.period_outputs("2018-05") / "工作进展通报（第2期）.docx"))
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "重点工作任务")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(rows) == 1
    no, task, unit, deadline, status, percent, days, streak, problem = rows[0]
    assert streak == "—"  # on schedule in April: this is its first month overdue
    assert (no, unit, deadline, status, percent, days) == (
        "3",
        "区国土建设环保局",
        "2018年4月底前",
        "滞后",
        "75%",
        "31",
    )
    assert task.startswith("1、开展集中式饮用水源地保护区综合整治")
    assert "补偿机制文件" in problem


def test_indicator_attainment_and_the_percent_typed_as_text(may):
    ws, result = may
    by_no = {i.no: i.main for i in result.month.indicators}
    assert by_no[5].value_text == "85%" and by_no[5].value == 85.0
    assert by_no[5].attainment == "达标"
    assert by_no[2].attainment == "未达标"  # 26 against a target of 30
    assert by_no[11].attainment == "达标"  # 18 ≤ 20: lower is better
    assert by_no[17].attainment == "未报送"
    sheet = openpyxl.load_workbook(ws.period_outputs("2018-05") / "附件2_量化指标台账.xlsx").active
    row = next(r for r in sheet.iter_rows(min_row=4) if r[1].value == 5)
    assert row[8].value == 85 and row[8].data_type == "n"
    assert row[9].value == "达标"


def test_task_annex_has_the_seed_rows_and_this_months_columns(may, plan):
    ws, _ = may
    sheet = openpyxl.load_workbook(ws.period_outputs("2018-05") / "附件1_工作台账.xlsx").active
    assert sheet["A1"].value == "附件1"
    assert sheet["A2"].value == plan.annex_titles[0] and "A2:J2" in {str(m) for m in sheet.merged_cells.ranges}
    header = [c.value for c in sheet[3]]
    assert header[:6] == ["序号", "重点工作任务", "目标要求", "工作要求", "责任单位", "完成时限"]
    assert header[6:] == ["2018年5月进展情况", "完成状态", "完成百分比", "亮灯"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 9
    assert [(r[0], r[4], r[5]) for r in rows] == [
        (t.no, plan.unit(t.unit).short_name, t.deadline_text) for t in plan.tasks
    ]
    assert rows[2][7:] == ("滞后", 75, "红灯")
    assert rows[8][7] == "未报送"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0  # one page wide


def test_indicator_annex_merges_each_category_over_its_rows(may, plan):
    ws, _ = may
    sheet = openpyxl.load_workbook(ws.period_outputs("2018-05") / "附件2_量化指标台账.xlsx").active
    merged = sorted((m.min_row, m.max_row) for m in sheet.merged_cells.ranges if m.min_col == m.max_col == 1)
    assert [b - a + 1 for a, b in merged] == [5, 2, 4, 3, 3, 2]  # 6 categories, as in the seed
    assert sheet.cell(merged[0][0], 1).value == "合理的水资源利用体系建设"
    assert [c.value for c in sheet[3]][:8] == [
        "类别",
        "序号",
        "指标",
        "量纲",
        "目标值",
        "计算依据",
        "工作要求",
        "责任单位",
    ]


def test_validation_report_lists_every_problem_with_its_location(may):
    ws, result = may
    book = openpyxl.load_workbook(ws.period_outputs("2018-05") / "校验报告.xlsx")
    rows = list(book["问题清单"].iter_rows(min_row=4, values_only=True))
    assert len(rows) == len(result.problems) == 2
    by_code = {r[2]: r for r in rows}
    assert by_code["unit-not-reported"][1] == "错误" and by_code["unit-not-reported"][4] == "管委会办公室"
    missing_value = by_code["value-missing"]
    assert missing_value[5:8] == ("区农办2018年5月工作台账.xlsx", "量化指标", "H6")
    files = list(book["收件情况"].iter_rows(min_row=4, values_only=True))
    assert [(f[1], f[3]) for f in files] == [(p.name, "是") for p in sorted(ws.period_inputs("2018-05").iterdir())]
    assert all(not f[7] and (ws.root / f[8]).is_file() for f in files)  # nothing to explain; archived copy


def test_a_run_twice_stores_the_month_once(example_run, tmp_path):
    ws, _, _ = example_run
    history = History(ws.db_path)
    try:
        assert history.periods() == ["2018-04", "2018-05"]
        again = run_period(ws, "2018-05")
        assert again.issue_no == 2
        assert history.periods() == ["2018-04", "2018-05"]
        with history.engine.connect() as db:
            counts = db.exec_driver_sql("select count(*) from task_progress where period = '2018-05'").scalar()
        assert counts == 9
        assert history.previous("2018-05").completion_rate == 44.4
    finally:
        history.close()


def test_an_unreadable_file_is_reported_and_everything_else_is_still_written(tmp_path):
    ws = copy_example(tmp_path)
    (ws.period_inputs("2018-05") / "管委会办公室5月.xlsx").write_bytes(b"\x00garbage")
    before = tree_digest(ws.inputs)
    result = run_period(ws, "2018-05")
    assert tree_digest(ws.inputs) == before
    assert any(p.code == "file-unreadable" and p.file == "管委会办公室5月.xlsx" for p in result.problems)
    assert {p.name for p in result.outputs} == {
        "工作进展通报（第1期）.docx",
        "关于印发工作方案的通知.docx",
        "附件1_工作台账.xlsx",
        "附件2_量化指标台账.xlsx",
        "校验报告.xlsx",
        "考核得分表.xlsx",
    }
    assert all(p.stat().st_size > 0 for p in result.outputs)


def test_a_month_with_no_folder_is_a_clear_error(tmp_path):
    ws = copy_example(tmp_path)
    with pytest.raises(TaizhangError, match="2018-07"):
        run_period(ws, "2018-07")


def test_annexes_say_where_every_figure_came_from(may):
    ws, result = may
    book = openpyxl.load_workbook(ws.period_outputs("2018-05") / "附件1_工作台账.xlsx")
    assert book.sheetnames[-1] == "来源"
    rows = {r[0]: r for r in book["来源"].iter_rows(min_row=4, values_only=True)}
    sha = next(t for t in result.month.tasks if t.no == 3).assignments[0].sha256
    assert rows[3][1:4] == ("区国土建设环保局", "区国土建设环保局-5月台账.xlsx", sha[:16])
    assert rows[3][4] == "完成状态 重点任务!G5；完成百分比 重点任务!H5；进展情况 重点任务!F5"
    assert rows[9][2] == "（未报送）"
    indicators = openpyxl.load_workbook(ws.period_outputs("2018-05") / "附件2_量化指标台账.xlsx")["来源"]
    by_no = {r[0]: r for r in indicators.iter_rows(min_row=4, values_only=True)}
    assert by_no[5][4] == "指标当前值 量化指标!H5"


def test_an_earlier_month_stored_without_its_documents_is_stored_as_its_run_would_store_it(tmp_path, monkeypatch):
    """store_period (what `run` does first for an earlier month not yet in the history) judges tasks by the
    extensions in force, as a run does, and leaves the plan and the files' checks in the cache for that month's run."""
    from datetime import date, datetime

    from sqlalchemy import select

    from generator.plan import reading
    from generator.run import store_period
    from generator.store import deadlines
    from generator.store.models import TaskRow

    def stored(ws) -> list[tuple]:
        with History(ws.db_url) as history, history.engine.connect() as connection:
            query = select(TaskRow.task_no, TaskRow.unit, TaskRow.status, TaskRow.days_overdue, TaskRow.effective)
            return sorted(connection.execute(query.where(TaskRow.period == "2018-04")))

    plain = copy_example(tmp_path / "plain")
    store_period(plain, "2018-04")
    overdue = [row for row in stored(plain) if row[3] > 0]
    assert overdue  # the example has a task overdue in April
    task_no, unit = overdue[0][:2]
    extension = deadlines.DeadlineChange(
        task_no, unit, "2018-04", date(2018, 12, 31), "测试", "主任", datetime(2018, 4, 1)
    )
    by_store, by_run = copy_example(tmp_path / "store"), copy_example(tmp_path / "run")
    for ws in (by_store, by_run):
        with History(ws.db_url) as history:
            deadlines.record_change(history.engine, extension)
    store_period(by_store, "2018-04")
    run_period(by_run, "2018-04", date(2018, 5, 5))
    assert stored(by_store) == stored(by_run) != stored(plain)
    assert next(row for row in stored(by_store) if row[:2] == (task_no, unit))[3] == 0

    monkeypatch.setattr(reading, "read_plan", lambda path: pytest.fail("the plan was kept: not read again"))
    month = run_period(by_store, "2018-04", date(2018, 5, 5))
    assert month.intake is not None and month.intake.parsed == []  # every file's check was kept
    assert stored(by_store) == stored(by_run)
