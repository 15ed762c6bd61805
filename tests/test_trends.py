"""Trends across stored months: each unit's progress line, its change, and tasks overdue month after month."""

from __future__ import annotations

import shutil
from datetime import date

from conftest import copy_example
from docx import Document

from generator.run import run_period
from generator.store import History
from generator.trends import month_trends


def test_units_progress_over_the_months_and_overdue_streaks(tmp_path):
    ws = copy_example(tmp_path)
    run_period(ws, "2018-04", date(2018, 5, 5))
    may = run_period(ws, "2018-05", date(2018, 6, 5))
    # June: nothing new arrived, the clerk runs the month on the same files (task 3 still 滞后)
    shutil.copytree(ws.period_inputs("2018-05"), ws.period_inputs("2018-06"))
    june = run_period(ws, "2018-06", date(2018, 7, 5))
    with History(ws.db_url) as history:
        trends_may = month_trends(history, may.month)
        trends_june = month_trends(history, june.month)
    by_unit = {u.short_name: u for u in trends_may.units}
    assert by_unit["区农办"].points == [("2018-04", 94.0), ("2018-05", 100.0)]
    assert by_unit["区农办"].change == 6.0
    assert by_unit["区国土建设环保局"].change == 22.5  # 65 → 87.5
    assert by_unit["管委会办公室"].points == [("2018-04", 50.0)] and by_unit["管委会办公室"].change is None
    assert trends_may.overdue_months == {(3, "区国土建设环保局"): 1}
    # overdue in May and in June: two months in a row (per task and unit)
    assert trends_june.overdue_months == {(3, "区国土建设环保局"): 2}
    assert trends_june.periods == ["2018-04", "2018-05", "2018-06"]


def test_the_bulletin_shows_the_trend_and_the_repeat_offenders(tmp_path):
    ws = copy_example(tmp_path)
    run_period(ws, "2018-04", date(2018, 5, 5))
    run_period(ws, "2018-05", date(2018, 6, 5))
    shutil.copytree(ws.period_inputs("2018-05"), ws.period_inputs("2018-06"))
    june = run_period(ws, "2018-06", date(2018, 7, 5))
    doc = Document(str(ws.period_outputs("2018-06") / f"工作进展通报（第{june.issue_no}期）.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "其中第3项任务已连续两个月以上逾期，列为重点督办。" in text
    assert "图2 各单位平均完成进度变化（%）" in text
    assert len(doc.inline_shapes) == 2  # the bar chart and the trend lines
    units = next(t for t in doc.tables if t.rows[0].cells[0].text == "排名")
    header = [c.text for c in units.rows[0].cells]
    by_name = {r.cells[1].text: r.cells[header.index("较上月")].text for r in units.rows[1:]}
    assert by_name["区农办"] == "+0.0" and by_name["管委会办公室"] == "—"
    overdue = next(t for t in doc.tables if t.rows[0].cells[1].text == "重点工作任务")
    first_row = [c.text for c in overdue.rows[1].cells]
    assert first_row[0] == "3" and "2个月" in first_row


def test_the_first_bulletin_has_no_trend_chart(tmp_path):
    ws = copy_example(tmp_path)
    first = run_period(ws, "2018-04", date(2018, 5, 5))
    doc = Document(str(ws.period_outputs("2018-04") / f"工作进展通报（第{first.issue_no}期）.docx"))
    assert len(doc.inline_shapes) == 1
    assert "图2" not in "\n".join(p.text for p in doc.paragraphs)
