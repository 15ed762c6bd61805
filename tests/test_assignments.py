"""Every unit the plan names, in every role: plan.xlsx with roles and groups, readiness, ledgers and intake."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import fill_ledger
from shared_plan import COUNTIES, GROUP, shared_plan, shared_workspace

from generator.errors import PlanError
from generator.intake import ingest
from generator.ledger.blank import write_blank_ledgers
from generator.ledger.layout import TASK_SHEET
from generator.plan import read_plan
from generator.plan.model import COOPERATING, IMPLEMENTING, LEAD, Assignment, role_of
from generator.plan.units import split_units


def test_split_units_keeps_brackets_whole():
    assert split_units("市水利局、各县(市、区)人民政府，高新区管委会；（待指定）") == [
        "市水利局",
        "各县(市、区)人民政府",
        "高新区管委会",
        "（待指定）",
    ]
    assert split_units("各县（市、区）人民政府\n市公安局") == ["各县（市、区）人民政府", "市公安局"]


def test_roles_groups_categories_and_unit_targets_round_trip(tmp_path):
    built = shared_plan()
    plan = read_plan(shared_workspace(tmp_path) / "inputs" / "plan.xlsx")
    assert plan.uses_roles and plan.groups == built.groups
    assert [(t.unit, t.assignments, t.unresolved) for t in plan.tasks] == [
        (t.unit, t.assignments, t.unresolved) for t in built.tasks
    ]
    assert plan.tasks[0].unit == "市水利局"  # 责任单位: the first lead
    assert role_of(plan.tasks[0], "市公安局") == LEAD and role_of(plan.tasks[0], "市生态环境局") == COOPERATING
    assert role_of(plan.tasks[0], "乙区人民政府") == IMPLEMENTING and role_of(plan.tasks[2], "甲县人民政府") is None
    assert {u.name: u.category for u in plan.units}["丙市人民政府"] == "县区"
    assert plan.categories() == ["市直部门", "县区"]
    assert (
        plan.indicators[0].target_for("乙区人民政府") == "1200" and plan.indicators[0].target_for("市水利局") == "4700"
    )
    # who gets a ledger, who must report: the cooperating-only and role-less units are not expected monthly
    assert [u.name for u in plan.ledger_units()] == ["市水利局", "市公安局", "市生态环境局", *COUNTIES]
    assert "市档案馆" not in [u.name for u in plan.reporting_units()]


def test_a_group_in_a_cell_expands_to_its_members_and_a_cell_may_name_units_and_groups(tmp_path):
    path = shared_workspace(tmp_path) / "inputs" / "plan.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["重点任务"]
    header = [c.value for c in sheet[1]]
    sheet.cell(4, 1 + header.index("落实单位")).value = "各县（市、区）人民政府、市档案馆"  # full-width brackets
    book.save(path)
    task = read_plan(path).tasks[2]
    assert [a.unit for a in task.assignments if a.role == IMPLEMENTING] == [*COUNTIES, "市档案馆"]


def test_old_workbooks_keep_one_responsible_unit_per_row(plan):
    """焦作: 责任单位 only; its 牵头单位/配合单位 words (海陵) stay words, so figures do not change."""
    assert not plan.uses_roles and not plan.shares_tasks
    assert all(t.assignments == (Assignment(t.unit, LEAD),) for t in plan.tasks)


@pytest.mark.parametrize("marker", ["group", "pending"])
def test_a_plan_not_ready_is_refused_before_any_ledger_is_written(tmp_path, marker):
    root = shared_workspace(tmp_path, members=())
    path = root / "inputs" / "plan.xlsx"
    if marker == "pending":  # the group gets members, task 3 keeps plan import's placeholder
        book = openpyxl.load_workbook(path)
        groups = book["单位分组"]
        groups.cell(2, 2).value = "、".join(COUNTIES)
        tasks = book["重点任务"]
        header = [c.value for c in tasks[1]]
        tasks.cell(4, 1 + header.index("牵头单位")).value = "（待指定）"
        book.save(path)
    plan = read_plan(path)
    out = tmp_path / "空白台账"
    expected = (
        f"分组「{GROUP}」还没有列出成员单位" if marker == "group" else "重点任务第3项的责任单位仍为「（待指定）」"
    )
    with pytest.raises(PlanError, match=expected.replace("(", r"\(").replace(")", r"\)")) as stopped:
        write_blank_ledgers(plan, "2023-06", out)
    assert "plan.xlsx" in str(stopped.value)
    assert not out.exists() or not any(out.iterdir())


def test_every_unit_gets_every_row_it_has_a_role_in_with_its_role_and_the_others(tmp_path):
    plan = shared_plan()
    paths = {p.name.split("_")[0]: p for p in write_blank_ledgers(plan, "2023-06", tmp_path)}
    assert set(paths) == {"市水利局", "市公安局", "市环境局", "甲县", "乙区", "丙市"}
    rows = list(openpyxl.load_workbook(paths["市公安局"])[TASK_SHEET.title].iter_rows(min_row=3, values_only=True))
    header, body = rows[0], rows[1:]
    assert [r[0] for r in body] == [1]
    record = dict(zip(header, body[0]))
    assert record["本单位角色"] == "牵头"
    assert record["其他责任单位"] == "牵头：市水利局；配合：市环境局；落实：甲县、乙区、丙市"
    county = list(openpyxl.load_workbook(paths["乙区"])["量化指标"].iter_rows(min_row=3, values_only=True))
    assert dict(zip(county[0], county[1]))["目标值"] == "1200"  # its own 分解目标


def test_intake_matches_rows_on_task_and_unit(tmp_path):
    plan = shared_plan()
    inbox = tmp_path / "2023-06"
    row = {"进展情况": "已联合印发机制文件", "完成状态": "已完成", "完成百分比": 100}
    fill_ledger(plan, "市公安局", "2023-06", inbox / "公安.xlsx", tasks={1: row})
    fill_ledger(plan, "市环境局", "2023-06", inbox / "环境.xlsx", tasks={2: row})  # its cooperating row left empty
    intruder = fill_ledger(plan, "甲县", "2023-06", tmp_path / "甲县.xlsx", tasks={1: row, 2: row})
    book = openpyxl.load_workbook(intruder)
    book[TASK_SHEET.title].cell(5, 1).value = 3  # task 3 is 市水利局's alone
    book[TASK_SHEET.title].cell(5, 2).value = "编制水资源公报"
    book.save(inbox / "甲县.xlsx")
    intake = ingest(inbox, plan, "2023-06")
    assert intake.accepted["市公安局"].tasks[1].status == "已完成"  # a co-lead's row counts
    codes = {c.unit: [p.code for p in c.submission.problems] for c in intake.checked}
    assert "row-not-owned" not in codes["市公安局"] and "task-missing" not in codes["市生态环境局"]
    assert "row-not-owned" in codes["甲县人民政府"]
    assert "乙区人民政府" in intake.missing_units and "市生态环境局" not in intake.missing_units
