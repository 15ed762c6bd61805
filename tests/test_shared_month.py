"""A month of a plan with shared tasks, end to end: co-leads, implementing counties, a cooperating unit's note."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from conftest import fill_ledger
from docx import Document
from shared_plan import shared_plan, shared_workspace

from generator.run import run_period
from generator.store import History
from generator.workspace import Workspace

PERIOD = "2023-06"


def doc_text(path) -> str:
    doc = Document(path)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture(scope="module")
def shared_run(tmp_path_factory):
    root = shared_workspace(tmp_path_factory.mktemp("shared"))
    plan = shared_plan()
    inbox = root / "inputs" / PERIOD

    def send(unit: str, tasks: dict, indicators: dict | None = None) -> None:
        fill_ledger(plan, unit, PERIOD, inbox / f"{unit}.xlsx", tasks, indicators)

    def row(status: str, percent: float | None, progress: str = "按计划推进", issues: str = "") -> dict:
        return {"进展情况": progress, "完成状态": status, "完成百分比": percent, "存在问题": issues}

    send("市水利局", {1: row("已完成", 100), 3: row("正在推进", 50)}, {1: {"指标当前值": 4800}})
    send("市公安局", {1: row("滞后", 40, issues="联合执法经费未到位")})  # a co-lead that lags
    send("市环境局", {1: row("正在推进", None, "配合提供排污口监测数据"), 2: row("正在推进", 60)})
    send("甲县", {1: row("已完成", 100), 2: row("正在推进", 70)}, {1: {"指标当前值": 1600}})
    send("乙区", {1: row("正在推进", 50), 2: row("滞后", 30, issues="溯源资金不足")}, {1: {"指标当前值": 900}})
    # 丙市 sends nothing (催报); 市档案馆 only cooperates and sends nothing (listed, not chased)
    ws = Workspace(root)
    return ws, run_period(ws, PERIOD, date(2023, 7, 5))


def test_the_roll_up_of_shared_tasks(shared_run):
    _, result = shared_run
    month = result.month
    tasks = {t.no: t for t in month.tasks}
    assert tasks[1].effective == "滞后"  # 市水利局 done, co-lead 市公安局 lagging
    co_lead = next(a for a in tasks[1].assignments if a.unit == "市公安局")
    assert (co_lead.reported, co_lead.status, co_lead.percent) == (True, "滞后", 40.0)  # the co-lead's row counts
    assert tasks[1].percent == round((100 + 40 + 100 + 50) / 4, 1)  # 丙市 sent nothing: a gap, not a 0
    note = next(a for a in tasks[1].assignments if a.unit == "市生态环境局")
    assert (note.role, note.required, note.progress) == ("配合", False, "配合提供排污口监测数据")
    assert [(a.no, a.unit) for a in month.overdue] == [(1, "市公安局"), (2, "乙区人民政府")]
    assert month.missing_units == ("丙市人民政府",) and month.silent_units == ("市档案馆",)
    values = {v.unit: v for v in month.indicators[0].values}
    assert values["乙区人民政府"].attainment == "未达标" and values["甲县人民政府"].attainment == "达标"  # 分解目标
    assert month.indicators[0].main.unit == "市水利局" and month.indicators[0].attainment == "达标"


def test_each_lagging_unit_gets_its_own_supervision_notice_and_each_silent_unit_a_reminder(shared_run):
    ws, result = shared_run
    out = ws.period_outputs(PERIOD)
    assert sorted(p.relative_to(out).as_posix() for p in result.notices) == [
        "催报通知/丙市.docx",
        "督办通知/乙区.docx",
        "督办通知/市公安局.docx",
    ]
    police = doc_text(out / "督办通知" / "市公安局.docx")
    assert "强化“河长+”机制推广应用" in police and "开展入河排污口溯源" not in police and "你单位牵头" in police
    county = doc_text(out / "督办通知" / "乙区.docx")
    assert "开展入河排污口溯源" in county and "你单位落实" in county and "溯源资金不足" in county
    assert "强化“河长+”机制推广应用" not in county


def test_the_bulletin_ranks_each_category_and_leaves_out_units_without_a_reporting_part(shared_run):
    ws, result = shared_run
    doc = Document(ws.period_outputs(PERIOD) / f"工作进展通报（第{result.issue_no}期）.docx")
    rankings = [t for t in doc.tables if t.rows[0].cells[0].text == "排名"]
    names = [[row.cells[1].text for row in t.rows[1:]] for t in rankings]
    assert names == [["市水利局", "市环境局", "市公安局"], ["甲县", "乙区", "丙市"]]
    text = doc_text(ws.period_outputs(PERIOD) / f"工作进展通报（第{result.issue_no}期）.docx")
    assert "（一）市直部门" in text and "（二）县区" in text
    assert "市档案馆" in text and "配合单位可不单独报送" in text  # listed, not chased
    shared = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号" and t.rows[0].cells[2].text == "单位数")
    first = [c.text for c in shared.rows[1].cells]
    assert first[0] == "1" and first[5] == "市公安局" and first[6] == "丙市"


def test_the_task_annex_puts_each_unit_in_a_sub_row_under_its_task(shared_run):
    ws, _ = shared_run
    sheet = openpyxl.load_workbook(ws.period_outputs(PERIOD) / "附件1_工作台账.xlsx").active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    task1 = rows[:6]  # 合计 + 市水利局, 市公安局, 甲县, 乙区, 丙市 (市环境局 cooperates: shown because it reported)
    assert [r[4] for r in rows[:7]] == [
        "合计（5个单位）",
        "市水利局（牵头）",
        "市公安局（牵头）",
        "市环境局（配合）",
        "甲县（落实）",
        "乙区（落实）",
        "丙市（落实）",
    ]
    assert task1[0][7] == "滞后" and rows[2][7] == "滞后" and rows[6][7] == "未报送"
    merged = {str(m) for m in sheet.merged_cells.ranges}
    assert "A4:A10" in merged and "B4:B10" in merged  # the task's cells span its sub-rows


def test_history_and_trace_are_per_task_and_unit(shared_run):
    ws, _ = shared_run
    with History(ws.db_url) as history:
        police = history.trace(PERIOD, "task", 1, "市公安局")
        everyone = history.trace(PERIOD, "task", 1)
    assert [s.file_name for s in police] == ["市公安局.xlsx"] and police[0].counted
    assert {s.unit for s in everyone if s.counted} == {
        "市水利局",
        "市公安局",
        "市生态环境局",
        "甲县人民政府",
        "乙区人民政府",
    }


def test_the_office_page_lists_a_shared_tasks_units_in_the_plans_order_after_a_resend(tmp_path):
    """The history keeps unchanged rows when a month is stored again, so a resent unit's rows come last in the
    database; the month's page still lists each task's units as the plan does."""
    import os
    import time

    from generator.portal.month import month_view

    root = shared_workspace(tmp_path)
    plan = shared_plan()
    inbox = root / "inputs" / PERIOD
    for unit in ("市水利局", "市公安局", "甲县"):
        fill_ledger(plan, unit, PERIOD, inbox / f"{unit}.xlsx", {1: {"进展情况": "推进中", "完成状态": "正在推进"}})
    ws = Workspace(root)
    run_period(ws, PERIOD, date(2023, 7, 5))
    resent = fill_ledger(
        plan, "市水利局", PERIOD, inbox / "市水利局（改）.xlsx", {1: {"进展情况": "已完工", "完成状态": "已完成"}}
    )
    later = time.time() + 3600
    os.utime(resent, (later, later))
    run_period(ws, PERIOD, date(2023, 7, 5))
    with History(ws.db_url) as history:
        view = month_view(history, plan, PERIOD)
    first = next(t for t in plan.tasks if t.no == 1)
    short = {u.name: u.short_name for u in plan.units}
    assert [r.unit for r in view.tasks if r.no == 1] == [short[a.unit] for a in first.assignments]
    assert next(r for r in view.tasks if r.no == 1).progress == "已完工"  # 市水利局, the first lead: its new row
