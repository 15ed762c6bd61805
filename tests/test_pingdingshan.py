"""The third example, examples/pingdingshan-2023: a river-chief plan whose 34 tasks are shared by leads, cooperating
departments and the twelve counties, districts and zones that implement them."""

from __future__ import annotations

import shutil
import sys
from datetime import date

import openpyxl
import pytest
from conftest import ROOT
from docx import Document

from generator.ledger.blank import write_blank_ledgers
from generator.ledger.layout import META_SHEET, TASK_SHEET
from generator.plan import read_plan
from generator.plan.model import COOPERATING, IMPLEMENTING, LEAD
from generator.run import run_period
from generator.workspace import Workspace

sys.path.insert(0, str(ROOT / "scripts"))
import build_pingdingshan_example as example

EXAMPLE = ROOT / "examples" / "pingdingshan-2023"


@pytest.fixture(scope="module")
def shipped():
    return read_plan(EXAMPLE / "inputs" / "plan.xlsx")


def test_the_shipped_plan_is_built_from_the_seed(shipped):
    built = example.plan_from_seed()
    assert [(t.no, t.task, t.assignments, t.deadline) for t in shipped.tasks] == [
        (t.no, t.task, t.assignments, t.deadline) for t in built.tasks
    ]
    assert shipped.groups == built.groups and shipped.units == built.units
    assert [(i.no, i.name, i.target_text, i.assignments) for i in shipped.indicators] == [
        (i.no, i.name, i.target_text, i.assignments) for i in built.indicators
    ]


def test_roles_groups_and_categories(shipped):
    assert len(shipped.tasks) == 34 and shipped.uses_roles
    counties = next(g for g in shipped.groups if g.name == "各县(市、区)人民政府").members
    assert [shipped.unit(m).short_name for m in counties] == list(example.COUNTIES)
    task5 = shipped.task_by_no[5]
    assert [a.unit for a in task5.assignments if a.role == LEAD] == ["市河长制办公室", "市水利局", "市公安局"]
    implementing = [a.unit for a in task5.assignments if a.role == IMPLEMENTING]
    assert implementing == [*counties, "城乡一体化示范区管委会", "高新区管委会"]
    assert any(a.role == COOPERATING for a in task5.assignments)
    names = {u.name for u in shipped.units} | {a.unit for t in shipped.tasks for a in t.assignments}
    assert not any("城多" in n for n in names)  # the seed's typo is resolved
    assert {u.category for u in shipped.units} == {"市直部门", "县区"}
    assert sum(len(t.assignments) for t in shipped.tasks) > 600


def test_every_assignment_is_in_exactly_that_units_ledger(shipped, tmp_path):
    paths = write_blank_ledgers(shipped, "2023-08", tmp_path)
    found = set()
    for path in paths:
        book = openpyxl.load_workbook(path)
        meta = {r[0].value: r[1].value for r in book[META_SHEET].iter_rows()}
        rows = list(book[TASK_SHEET.title].iter_rows(min_row=3, values_only=True))
        header = rows[0]
        for row in rows[1:]:
            record = dict(zip(header, row))
            found.add((meta["unit"], record["序号"], record["本单位角色"]))
    expected = {(a.unit, t.no, a.role) for t in shipped.tasks for a in t.assignments}
    assert found == expected
    assert len(paths) == len(shipped.ledger_units()) == 21


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    root = tmp_path_factory.mktemp("pingdingshan")
    shutil.copytree(EXAMPLE / "inputs", root / "inputs")
    ws = Workspace(root)
    return ws, {
        "2023-06": run_period(ws, "2023-06", date(2023, 7, 5)),
        "2023-07": run_period(ws, "2023-07", date(2023, 8, 5)),
    }


def test_june_chases_the_county_that_did_not_report_and_supervises_each_lagging_unit(months):
    ws, results = months
    june = results["2023-06"]
    out = ws.period_outputs("2023-06")
    assert june.month.missing_units == ("叶县人民政府",)
    assert sorted(p.relative_to(out).as_posix() for p in june.notices) == [
        "催报通知/叶县.docx",
        "督办通知/市公安局.docx",
        "督办通知/鲁山县.docx",
    ]
    police = "\n".join(p.text for p in Document(out / "督办通知" / "市公安局.docx").paragraphs)
    assert "第5项" in police and "你单位牵头" in police and "第13项" not in police
    county = "\n".join(p.text for p in Document(out / "督办通知" / "鲁山县.docx").paragraphs)
    assert "第13项" in county and "你单位落实" in county and "第5项" not in county
    task5 = next(t for t in june.month.tasks if t.no == 5)
    co_lead = next(a for a in task5.assignments if a.unit == "市公安局")
    assert co_lead.reported and co_lead.effective == "滞后" and task5.effective == "滞后"  # the co-lead's row counts
    # the README's worked example: 3 leads and 11 counties sent a figure, 叶县 is a gap, not a 0
    figures = [a.percent for a in task5.counted if a.percent is not None]
    assert len(task5.counted) == 15 and len(figures) == 14 and co_lead.percent == 30
    assert task5.percent == round(sum(figures) / 14, 1)


def test_a_cooperating_units_note_is_kept_and_silence_is_no_offence(months):
    _, results = months
    task21 = next(t for t in results["2023-07"].month.tasks if t.no == 21)
    forestry = next(a for a in task21.assignments if a.unit == "市林业局")
    assert forestry.role == COOPERATING and forestry.reported and "生态林带" in forestry.progress
    assert results["2023-07"].errors == 0  # empty cooperating rows are not errors


def test_july_ranks_departments_and_counties_separately(months):
    ws, results = months
    july = results["2023-07"]
    doc = Document(ws.period_outputs("2023-07") / f"工作进展通报（第{july.issue_no}期）.docx")
    rankings = [t for t in doc.tables if t.rows[0].cells[0].text == "排名"]
    names = [[row.cells[1].text for row in t.rows[1:]] for t in rankings]
    assert len(names) == 2 and len(names[0]) == 9 and len(names[1]) == 12
    assert "鲁山县" in names[1] and "市公安局" in names[0]
    assert [u.category for u in july.month.ranked_units] == ["市直部门"] * 9 + ["县区"] * 12
    assert july.month.counts["已完成"] == len(example.DONE_IN_JULY)


@pytest.mark.parametrize("limit", [6, 7, 11])
def test_a_bulletin_longer_than_table_rows_shows_head_and_tail_and_the_whole_table_beside_it(tmp_path, limit):
    """Past [office] table_rows, each ranking shows its first and last units with one line saying how many are left
    out and where they are; 单位排名.xlsx holds every ranked unit; the chart keeps to the same number of bars."""
    shutil.copytree(EXAMPLE / "inputs", tmp_path / "inputs")
    (tmp_path / "taizhang.toml").write_text(f"[office]\ntable_rows = {limit}\n", "utf-8")
    ws = Workspace(tmp_path)
    july = run_period(ws, "2023-07", date(2023, 8, 5))
    out = ws.period_outputs("2023-07")
    doc = Document(out / f"工作进展通报（第{july.issue_no}期）.docx")
    rankings = [t for t in doc.tables if t.rows[0].cells[0].text == "排名"]
    for table, category in zip(rankings, ["市直部门", "县区"]):
        units = [u for u in july.month.ranked_units if u.category == category]
        names = [row.cells[1].text for row in table.rows[1:]]
        if len(units) <= limit:
            assert names == [u.short_name for u in units]
            continue
        assert len(names) == limit
        gap = next(i for i, n in enumerate(names) if n.startswith("其余"))
        assert names[gap] == f"其余{len(units) - limit + 1}个单位见附件《单位排名》"
        assert names[:gap] == [u.short_name for u in units[:gap]]
        assert names[gap + 1 :] == [u.short_name for u in units[len(units) - (limit - gap - 1) :]]
    book = openpyxl.load_workbook(out / "单位排名.xlsx", read_only=True)
    ranked = [row[2] for row in book.worksheets[0].iter_rows(min_row=4, values_only=True)]
    assert ranked == [u.short_name for u in july.month.ranked_units]  # every unit, none left out
    assert (out / "单位排名.xlsx") in july.outputs


def test_a_bulletin_within_table_rows_is_whole_and_writes_no_ranking_annex(months):
    ws, results = months
    assert not (ws.period_outputs("2023-07") / "单位排名.xlsx").exists()
    assert not any(p.name == "单位排名.xlsx" for p in results["2023-07"].outputs)
