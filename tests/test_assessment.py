"""考核: scoring rules, 序时进度, ranks with ties, thresholds, and points that add up to their reasons."""

from __future__ import annotations

from datetime import date

import pytest

from generator.assessment import (
    AHEAD,
    BEHIND,
    ON_TRACK,
    Rules,
    TaskInput,
    UnitInput,
    UnitScore,
    assess,
    assessment_settings,
    due_date,
    expected_percent,
    rank,
    schedule_state,
    score_unit,
)
from generator.errors import TaizhangError

START, AS_OF = date(2018, 4, 1), date(2018, 5, 31)


def unit(name="甲", category="区直部门", reported_on=date(2018, 5, 25), tasks=(), errors=0) -> UnitInput:
    return UnitInput(name, category, reported_on, date(2018, 5, 25), tuple(tasks), errors, START, AS_OF)


def task(no=1, done=False, percent=50.0, deadline=date(2018, 7, 30), overdue=0, early=False) -> TaskInput:
    return TaskInput(no, done, percent, deadline, overdue, early)


def test_expected_progress_is_linear_from_start_to_deadline():
    assert expected_percent(START, date(2018, 7, 30), AS_OF) == pytest.approx(100 * 60 / 120, abs=0.1)
    assert expected_percent(START, date(2018, 5, 1), AS_OF) == 100  # past the deadline
    assert expected_percent(START, None, AS_OF) == 0  # 长期坚持: nothing to fall behind
    assert expected_percent(date(2018, 6, 1), date(2018, 7, 1), AS_OF) == 0  # not begun


@pytest.mark.parametrize(
    "percent, done, expected, state",
    [
        (60, False, 50, AHEAD),
        (52, False, 50, ON_TRACK),
        (46, False, 50, ON_TRACK),
        (40, False, 50, BEHIND),
        (None, False, 10, BEHIND),
        (None, True, 100, ON_TRACK),
        (None, True, 50, AHEAD),
    ],
)
def test_schedule_state(percent, done, expected, state):
    assert schedule_state(percent, done, expected) == state


def _adds_up(score: UnitScore) -> None:
    assert round(sum(r.points for r in score.reasons), 1) == score.score


def test_points_add_up_to_the_reasons_in_every_case():
    rules = Rules(bonus_per_early_task=2, bonus_max=3)
    cases = [
        unit(tasks=[task(percent=50)]),
        unit(reported_on=date(2018, 6, 3), tasks=[task(percent=10), task(2, done=True, early=True)], errors=3),
        unit(reported_on=None, tasks=[task(overdue=12), task(2, overdue=3)]),
        unit(tasks=[task(n, overdue=40, percent=0) for n in range(1, 40)], errors=20),  # floored at 0
        unit(tasks=[task(n, done=True, early=True) for n in range(1, 5)]),  # bonus capped
        unit(tasks=[]),
    ]
    for case in cases:
        score = score_unit(case, rules)
        _adds_up(score)
        assert score.score >= 0


def test_each_rule_moves_the_score_by_its_amount():
    rules = Rules()
    on_time = score_unit(unit(tasks=[task(percent=60)]), rules)
    assert on_time.score == 100
    late = score_unit(unit(reported_on=date(2018, 5, 28), tasks=[task(percent=60)]), rules)
    assert late.score == 100 - 3 * rules.late_per_day
    behind = score_unit(unit(tasks=[task(percent=60), task(2, percent=5)]), rules)
    assert behind.score == 100 - rules.completion / 2
    errors = score_unit(unit(tasks=[task(percent=60)], errors=2), rules)
    assert errors.score == 100 - 2 * rules.per_data_error
    late_task = task(2, overdue=5, deadline=date(2018, 5, 1))
    overdue = score_unit(unit(tasks=[task(percent=100, done=True), late_task]), rules)
    assert overdue.score == 100 - rules.completion / 2 - rules.per_overdue_task
    assert [r.basis for r in overdue.reasons if r.item == "逾期扣分"] == ["第2项任务逾期5天未完成"]
    missing = score_unit(unit(reported_on=None, tasks=[task()]), rules)
    assert missing.score == 0


def test_ties_share_a_rank_within_their_category():
    scores = [
        UnitScore(n, c, s, ())
        for n, c, s in [
            ("甲", "部门", 90),
            ("乙", "部门", 95),
            ("丙", "部门", 90),
            ("丁", "部门", 80),
            ("戊", "乡镇", 70),
        ]
    ]
    ranks = {s.unit: s.rank for s in rank(scores)}
    assert ranks == {"乙": 1, "甲": 2, "丙": 2, "丁": 4, "戊": 1}


def test_rules_per_category_and_change_against_last_month():
    settings = assessment_settings(
        {"late_per_day": 0.5, "praise_from": 95, "categories": {"乡镇街道": {"late_per_day": 2, "completion": 50}}}
    )
    late = dict(reported_on=date(2018, 5, 29), tasks=[task(percent=60)])
    out = {s.unit: s for s in assess([unit("甲", **late), unit("乙", "乡镇街道", **late)], settings, {"甲": 90.0})}
    assert out["甲"].score == 100 - 4 * 0.5 and out["乙"].score == 100 - 4 * 2 - 10
    assert out["甲"].change == 8.0 and out["乙"].change is None
    assert settings.praise_from == 95 and settings.interview_below == 60


@pytest.mark.parametrize(
    "section", [{"late_per_day": "1分"}, {"late_per_dya": 1}, {"categories": {"x": {"quality": -1}}}]
)
def test_wrong_rules_are_named(section):
    with pytest.raises(TaizhangError, match="assessment"):
        assessment_settings(section)


def test_due_date_in_a_short_month():
    assert due_date("2018-01", 30) == date(2018, 2, 28) and due_date("2018-12", 5) == date(2019, 1, 5)
    assert due_date("2018-05", 5) == date(2018, 6, 5)


def test_schedule_feeds_the_traffic_light():
    """A task 按序时推进 by its status but behind its 序时进度 by its percent turns yellow; ahead stays green."""
    from generator.assessment import expected_percent
    from generator.progress import DONE, GREEN, NOT_REPORTED, ON_SCHEDULE, RED, YELLOW, schedule_light
    from generator.rollup import Judgement

    deadline = date(2018, 7, 30)  # 序时进度 at 5月31日: 50%
    cases = [
        (Judgement(ON_SCHEDULE, 0, GREEN), 20.0),
        (Judgement(ON_SCHEDULE, 0, GREEN), 70.0),
        (Judgement(ON_SCHEDULE, 0, GREEN), 50.0),
        (Judgement(NOT_REPORTED, 0, RED), None),
        (Judgement(DONE, 0, GREEN), 100.0),
    ]
    expected = expected_percent(START, deadline, AS_OF)
    out = [schedule_light(judged, percent, expected) for judged, percent in cases]
    assert [state for state, _ in out] == [BEHIND, AHEAD, ON_TRACK, "", AHEAD]
    assert [light for _, light in out] == [YELLOW, GREEN, GREEN, RED, GREEN]
    assert expected == pytest.approx(50, abs=0.1)


def test_a_shared_task_is_scored_for_every_unit_that_must_report_it(example_run, plan):
    """考核 counts each unit's own parts (分工) of tasks, so a unit with a part in a shared task is scored on it."""
    from generator.assessment import month_inputs

    _, results, _ = example_run
    result = results["2018-05"]
    inputs = {i.unit: i for i in month_inputs(plan, result.month, result.intake, 5, date(2018, 6, 5))}
    for unit in plan.reporting_units():
        parts = {a.no for a in result.month.assignments if a.unit == unit.name and a.required}
        assert {t.no for t in inputs[unit.short_name].tasks} == parts


def test_the_score_table_adds_up_and_matches_the_bulletin(example_run):
    """考核得分表.xlsx: each unit's reason lines add up to its 合计, which is the score the bulletin prints."""
    import openpyxl
    from docx import Document

    ws, results, _ = example_run
    out = ws.period_outputs("2018-05")
    sheet = openpyxl.load_workbook(out / "考核得分表.xlsx")["考核得分表"]
    totals, lines, unit = {}, 0.0, None
    for row in sheet.iter_rows(min_row=4, values_only=True):
        _category, _rank, name, item, basis, points = row[:6]
        unit = name or unit
        if item == "合计":
            assert round(lines, 1) == points, unit
            totals[unit] = points
            lines = 0.0
        elif item:
            assert basis and isinstance(points, (int, float)), (unit, item)
            lines += points
    scores = {s.unit: s.score for s in results["2018-05"].scores}
    assert totals == scores and len(totals) >= 4
    bulletin = Document(str(out / "工作进展通报（第2期）.docx"))
    table = next(t for t in bulletin.tables if t.rows[0].cells[-1].text == "主要失分")
    printed = {r.cells[2].text: float(r.cells[3].text) for r in table.rows[1:]}
    assert printed == scores
    ranks = [int(r.cells[1].text) for r in table.rows[1:]]
    assert ranks == sorted(ranks) and ranks[0] == 1


def test_units_are_ranked_within_the_category_the_plan_gives_them(example_run, plan):
    """The plan's 类别 (issue 11's Unit.category) decides the ranking table a unit is in; no 类别: 责任单位."""
    import dataclasses

    from generator.assessment import AssessmentSettings, month_inputs

    _, results, _ = example_run
    result = results["2018-05"]
    reporting = [u.name for u in plan.reporting_units()]
    units = [dataclasses.replace(u, category="乡镇街道" if u.name in reporting[:2] else "区直部门") for u in plan.units]
    categorised = dataclasses.replace(plan, units=units)
    inputs = month_inputs(categorised, result.month, result.intake, 5, date(2018, 6, 5))
    scores = assess(inputs, AssessmentSettings(), {})
    assert {s.category for s in scores} == {"区直部门", "乡镇街道"} and len(scores) == len(reporting)
    for category in {s.category for s in scores}:
        ranks = sorted(s.rank for s in scores if s.category == category)
        assert ranks[0] == 1
    plain = assess(month_inputs(plan, result.month, result.intake, 5, date(2018, 6, 5)), AssessmentSettings(), {})
    assert {s.category for s in plain} == {"责任单位"}
    assert all(i.reported_on is None or i.reported_on <= date(2018, 6, 5) for i in inputs)
