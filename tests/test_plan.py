"""The plan workbook of the example holds the seed's 附件一 and 附件二 exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.errors import PlanError
from generator.plan import read_plan
from generator.plan.deadline import parse_deadline
from generator.plan.units import UnitDirectory
from generator.workspace import init_workspace

SEED = Path(__file__).with_name("seeds") / "jiaozuo-2018-water-ecology-plan.txt"


def test_example_plan_has_the_seed_tasks(plan):
    assert [t.no for t in plan.tasks] == list(range(1, 10))
    assert [plan.unit(t.unit).short_name for t in plan.tasks] == [
        "区农办",
        "区国土建设环保局",
        "区国土建设环保局",
        "区农办",
        "区发展改革规划局",
        "区农办",
        "区农办",
        "区农办",
        "管委会办公室",
    ]
    assert plan.tasks[6].deadline_text == "2018年4月10号之前报送"
    assert plan.tasks[6].deadline == date(2018, 4, 10)
    assert plan.tasks[0].task == "1、 大沙河生态治理工程（示范工程）；\n2、自备井封闭项目。"


def test_example_plan_has_the_seed_indicators(plan):
    assert len(plan.indicators) == 19
    by_no = {i.no: i for i in plan.indicators}
    assert (by_no[3].name, by_no[3].dimension, by_no[3].target) == ("农业灌溉水有效利用系数", "率", 0.65)
    assert by_no[1].target is None and by_no[1].target_text == "按市规定值"
    assert by_no[11].direction == "≤"
    assert [i.category for i in plan.indicators].count("健康的水生态体系建设") == 4


def test_every_seed_table_cell_is_in_the_plan(plan):
    text = SEED.read_text("utf-8")
    for task in plan.tasks:
        for line in (task.task + "\n" + task.requirement).splitlines():
            assert line.strip() in text
    for indicator in plan.indicators:
        assert indicator.basis in text and indicator.name in text


def test_aliases_resolve_to_the_canonical_unit(plan):
    units = UnitDirectory(plan.units)
    assert units.resolve("区农办") == "区农村工作办公室"
    assert units.resolve(" 区农村工作办公室 ") == "区农村工作办公室"
    assert units.find_in("区农办2018年5月工作台账") == "区农村工作办公室"
    assert units.resolve("区水利局") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2018年4月底前", date(2018, 4, 30)),
        ("2018年4月10号之前报送", date(2018, 4, 10)),
        ("2018年2月底前", date(2018, 2, 28)),
        ("年底前", date(2018, 12, 31)),
        ("5月中旬", date(2018, 5, 20)),
        ("2018年5月31日", date(2018, 5, 31)),
        ("长期坚持", None),
    ],
)
def test_deadline_wording(text, expected):
    assert parse_deadline(text, 2018) == expected


def test_missing_plan_is_a_clear_error(tmp_path):
    with pytest.raises(PlanError, match="找不到方案文件"):
        read_plan(tmp_path / "plan.xlsx")


def test_new_workspace_plan_has_every_sheet_and_reads_back_as_incomplete(tmp_path):
    ws = init_workspace(tmp_path / "新工作区")
    assert ws.outputs.is_dir()
    with pytest.raises(PlanError, match="方案名称"):
        read_plan(ws.plan_path)
