"""The roll-up rules (generator/rollup.py) as pure functions: assignment → task → unit, ranks per category."""

from __future__ import annotations

from datetime import date

from generator.plan.model import COOPERATING, IMPLEMENTING, LEAD, Task
from generator.rollup import (
    DONE,
    LAGGING,
    NOT_REPORTED,
    NOT_STARTED,
    ON_SCHEDULE,
    RED,
    YELLOW,
    AssignmentProgress,
    average_percent,
    judge,
    rank_units,
    roll_up_task,
    unit_figures,
)

END_OF_MAY = date(2023, 5, 31)
TASK = Task(1, "开展溯源", "", "", "市生态环境局", "2023年6月底前", date(2023, 6, 30))


def part(unit: str, role: str, status: str, percent: float | None, required: bool = True) -> AssignmentProgress:
    judged = judge(status, bool(status), TASK.deadline, END_OF_MAY)
    return AssignmentProgress(
        TASK, unit, unit, "", role, required, bool(status), status, percent, judged.effective, judged.days_overdue,
        judged.light,
    )  # fmt: skip


def test_an_assignment_is_judged_against_its_deadline():
    assert judge("已完成", True, date(2023, 1, 1), END_OF_MAY).effective == DONE
    overdue = judge("正在推进", True, date(2023, 5, 1), END_OF_MAY)
    assert (overdue.effective, overdue.days_overdue, overdue.light) == (LAGGING, 30, RED)
    assert judge("正在推进", True, date(2023, 6, 20), END_OF_MAY).light == YELLOW  # due soon
    assert judge("正在推进", True, date(2023, 12, 31), END_OF_MAY) == judge("正在推进", True, None, END_OF_MAY)
    assert judge("", False, date(2023, 12, 31), END_OF_MAY).effective == NOT_REPORTED
    assert judge("未启动", True, None, END_OF_MAY).effective == NOT_STARTED


def test_a_task_is_done_only_when_every_reporting_part_is_and_lags_when_any_does():
    leads_done = [part("市水利局", LEAD, "已完成", 100), part("市公安局", LEAD, "已完成", 100)]
    assert roll_up_task(TASK, "", leads_done).effective == DONE
    one_lags = [part("市水利局", LEAD, "已完成", 100), part("市公安局", LEAD, "滞后", 40)]
    task = roll_up_task(TASK, "", one_lags)
    assert (task.effective, task.percent, task.light) == (LAGGING, 70.0, RED)
    # a county that has not reported keeps the task from being done, and counts as a gap in the mean, not a 0
    silent = [*leads_done, part("甲县", IMPLEMENTING, "", None)]
    task = roll_up_task(TASK, "", silent)
    assert (task.effective, task.percent) == (NOT_REPORTED, 100.0)
    # a cooperating unit's part is shown but does not count unless the plan requires it
    with_cooperation = [*leads_done, part("市档案馆", COOPERATING, "滞后", 10, required=False)]
    assert roll_up_task(TASK, "", with_cooperation).effective == DONE
    assert roll_up_task(TASK, "", [part("甲县", IMPLEMENTING, "未启动", None)]).percent is None  # as reported


def test_a_task_with_one_reporting_part_takes_that_parts_judgement():
    """The one-part shortcut gives what the rules for several give: for every status, deadline and role mix, the
    task's status, days and light are those of two identical parts, and its percent is the part's as reported."""
    deadlines = [None, date(2023, 1, 1), date(2023, 5, 30), date(2023, 6, 10), date(2023, 12, 31)]
    statuses = ["", "已完成", "正在推进", "滞后", "未启动"]
    for deadline in deadlines:
        task = Task(1, "开展溯源", "", "", "市生态环境局", "", deadline)
        for status in statuses:
            for percent in (None, 0.0, 33.33, 100.0):
                judged = judge(status, bool(status), deadline, END_OF_MAY)
                one = AssignmentProgress(
                    task, "甲", "甲", "", LEAD, True, bool(status), status, percent, judged.effective,
                    judged.days_overdue, judged.light,
                )  # fmt: skip
                silent_helper = AssignmentProgress(
                    task, "乙", "乙", "", COOPERATING, False, False, "", None, NOT_REPORTED, 9, RED
                )  # fmt: skip
                alone = roll_up_task(task, "", [one, silent_helper])  # the cooperating part does not count
                twice = roll_up_task(task, "", [one, one])
                assert (alone.effective, alone.days_overdue, alone.light) == (
                    twice.effective,
                    twice.days_overdue,
                    twice.light,
                )
                assert alone.percent == percent and alone.assignments == (one, silent_helper)


def test_average_percent_counts_not_started_as_zero_and_skips_unknown():
    assert average_percent([(ON_SCHEDULE, 60.0), (NOT_STARTED, None), (NOT_REPORTED, None)]) == 30.0
    assert average_percent([(NOT_REPORTED, None)]) is None
    assert average_percent([]) is None


def test_units_are_ranked_within_their_category_and_only_with_a_reporting_part():
    parts = {
        "市水利局": [part("市水利局", LEAD, "正在推进", 50)],
        "市公安局": [part("市公安局", LEAD, "正在推进", 80)],
        "市档案馆": [part("市档案馆", COOPERATING, "正在推进", 90, required=False)],
        "甲县": [part("甲县", IMPLEMENTING, "正在推进", 20)],
        "乙区": [part("乙区", IMPLEMENTING, "", None)],
    }
    category = {"甲县": "县区", "乙区": "县区"}
    figures = [
        unit_figures(name, name, category.get(name, "市直部门"), name != "乙区", mine) for name, mine in parts.items()
    ]
    ranked = rank_units(figures, ["市直部门", "县区"])
    assert [(u.name, u.category, u.rank) for u in ranked] == [
        ("市公安局", "市直部门", 1),
        ("市水利局", "市直部门", 2),
        ("甲县", "县区", 1),
        ("乙区", "县区", 2),
        ("市档案馆", "市直部门", 0),  # cooperating only: listed, not ranked
    ]
    archive = next(u for u in ranked if u.name == "市档案馆")
    assert (archive.total, archive.cooperating, archive.avg_percent) == (0, 1, None)
    silent = next(u for u in ranked if u.name == "乙区")
    assert (silent.not_reported, silent.avg_percent, silent.implementing) == (1, None, 1)
