"""Round 11 of issue 14, plan text of our own for two development classes: tables on their side (目标任务分解表:
places as columns, one indicator per row, a value per place — flattened one cell per line by a web page, or a real
Word table; the 南通 2011 corpus plan) and a leader in charge followed by the offices that do the work (由…副厅长
负责，…处落实; the 宁夏 2010 corpus plan)."""

from __future__ import annotations

import time
from functools import partial

import docx
import openpyxl
from plan_text import import_text

from generator.plan.importer import import_plan
from generator.plan.importer.leaders import leader_sentence_roles
from generator.plan.importer.workbook import write_imported_plan
from generator.plan.workbook import read_plan

_plan = partial(import_text, title="某县2023年农业节水目标任务分解的通知")

_TOWNS = ["城关镇", "河口镇", "新华街道", "经济开发区"]


def _flat(rows: list[tuple[str, str, list[str]]], blank: bool = True, sections: bool = True) -> str:
    """The table as a page flattens it: each cell on its own line (a blank line between cells when `blank`)."""
    cells = ["区域", "计量单位", *_TOWNS]
    for k, (name, measure, values) in enumerate(rows):
        if sections and k % 2 == 0:
            cells.append(f"{'一二三四'[k // 2]}、第{k // 2 + 1}类指标")
        cells += [name, *([measure] if measure else []), *values]
    return "附件\n各镇（街道）目标任务分解表\n" + ("\n\n" if blank else "\n").join(cells)


_ROWS = [
    ("农田灌溉水有效利用系数", "", ["0.6", "0.6", "0.6", "0.6"]),
    ("高效节水灌溉面积", "万亩", ["2", "1.5", "—", "2"]),
    ("规模以上工业用水重复利用率", "%", ["90", "90", "90", "90"]),
]


def _rows_of(plan):
    return [i for i in plan.items if i.from_table]


def test_each_indicator_is_a_task_its_places_lead(tmp_path):
    for blank in (True, False):
        plan = _plan(tmp_path, _flat(_ROWS, blank))
        rows = _rows_of(plan)
        assert [r.id for r in rows] == ["附件1/1", "附件1/2", "附件1/3"], blank
        assert rows[0].roles.lead == _TOWNS
        assert rows[1].roles.lead == ["城关镇", "河口镇", "经济开发区"]  # a dash: no target for 新华街道
        assert not rows[0].roles.cooperating and not rows[0].roles.implementing
        assert [t.item_id for t in plan.tasks] == ["附件1/1", "附件1/2", "附件1/3"]
        one = [(t.indicator, t.operator, t.value, t.unit) for t in rows[0].targets]
        assert one == [("农田灌溉水有效利用系数", "=", 0.6, "")]  # the same value everywhere: one target
        assert [(t.value, t.unit) for t in rows[2].targets] == [(90.0, "%")]


def test_different_values_keep_each_with_its_places(tmp_path):
    rows = _rows_of(_plan(tmp_path, _flat(_ROWS)))
    targets = [(t.indicator, t.value, t.unit) for t in rows[1].targets]
    assert targets == [
        ("高效节水灌溉面积（城关镇、经济开发区）", 2.0, "万亩"),
        ("高效节水灌溉面积（河口镇）", 1.5, "万亩"),
    ]
    assert "城关镇2" in rows[1].text and "河口镇1.5" in rows[1].text  # the clerk sees every place's value


def test_a_row_cut_by_the_page_end_is_left_out(tmp_path):
    text = _flat(_ROWS, sections=False) + "\n\n节水器具普及率\n\n%\n\n100\n\n100"  # two of four values
    rows = _rows_of(_plan(tmp_path, text))
    assert len(rows) == 3
    assert "考核内容：规模以上工业用水重复利用率" in rows[-1].text
    assert all("节水器具" not in r.text for r in rows)


def test_places_without_values_are_no_table(tmp_path):
    lines = ["一、工作范围", "区域", *_TOWNS[:3], "二、工作要求", "1、各镇要加强领导。（责任单位：县水利局）"]
    body = "\n\n".join(lines)
    plan = _plan(tmp_path, body)
    assert not _rows_of(plan)
    assert any(i.roles.lead == ["县水利局"] for i in plan.items)


def test_a_word_table_on_its_side(tmp_path):
    document = docx.Document()
    document.add_paragraph("某县2023年农业节水目标任务分解表")
    table = document.add_table(rows=1, cols=2 + len(_TOWNS))
    for cell, text in zip(table.rows[0].cells, ["指标", "单位", *_TOWNS]):
        cell.text = text
    section = table.add_row().cells
    section[0].merge(section[-1])
    section[0].text = "一、节水指标"
    for name, measure, values in _ROWS:
        for cell, text in zip(table.add_row().cells, [name, measure, *values]):
            cell.text = text
    path = tmp_path / "分解表.docx"
    document.save(path)
    rows = _rows_of(import_plan(path))
    assert len(rows) == 3
    assert rows[0].roles.lead == _TOWNS
    assert [(t.value, t.unit) for t in rows[2].targets] == [(90.0, "%")]
    assert "一、节水指标" in rows[0].text  # its section row names its 类别


def test_the_workbook_lists_the_places_as_units(tmp_path):
    plan = _plan(tmp_path, _flat(_ROWS))
    out = write_imported_plan(plan, tmp_path / "plan.xlsx")
    sheet = openpyxl.load_workbook(out, read_only=True)["责任单位"]
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(_TOWNS) <= names


def test_a_long_page_of_corner_and_place_lines_reads_in_bounded_time(tmp_path):
    body = "\n".join(["单位", "城关镇", "河口镇", "新华街道", "说明文字"] * 2000)
    start = time.perf_counter()
    plan = _plan(tmp_path, body)
    assert time.perf_counter() - start < 30  # generous: quadratic re-reading took far longer
    assert not _rows_of(plan)


# --- a leader in charge, then the offices that do the work (a department's own division of work) -----------------

_LEADER_ITEMS = """
一、重点工作任务分工
1、推进水污染物总量减排（牵头单位：市生态环境局）。由张明副局长负责，总量控制科落实。
2、完善环境监测网络。由李华、王强同志分别负责，监测科、法规科和信息中心分别具体落实。
3、抓好机关节能。由办公室主任负责，后勤服务中心承办。
"""


def test_the_offices_after_a_leader_implement(tmp_path):
    plan = _plan(tmp_path, _LEADER_ITEMS)
    found = {i.id: i.roles for i in plan.items}
    assert found["一/1"].lead == ["市生态环境局"] and found["一/1"].implementing == ["总量控制科"]
    assert found["一/2"].implementing == ["监测科", "法规科", "信息中心"]
    assert found["一/3"].implementing == ["后勤服务中心"]
    for roles in found.values():  # a person is never a unit
        assert not any(name in u for u in roles.all() for name in ("张明", "李华", "王强", "主任"))
    assert leader_sentence_roles("由市水利局负责，各县区落实。") is None  # a unit, not a leader: another rule's


def test_each_place_reports_the_indicator_in_the_plan_it_makes(tmp_path):
    plan = _plan(tmp_path, _flat(_ROWS))
    named = {i.name: i for i in plan.indicators}
    assert named["农田灌溉水有效利用系数"].lead == _TOWNS  # every place measured on the one value
    assert named["高效节水灌溉面积（城关镇、经济开发区）"].lead == ["城关镇", "经济开发区"]
    assert named["高效节水灌溉面积（河口镇）"].lead == ["河口镇"]
    read = read_plan(write_imported_plan(plan, tmp_path / "plan.xlsx"))
    indicator = next(i for i in read.indicators if i.name == "农田灌溉水有效利用系数")
    assert [a.unit for a in indicator.assignments] == _TOWNS
    assert indicator.target_text == "0.6"


def test_targets_of_an_annex_task_table_become_indicators(tmp_path):
    body = """
附件
重点任务表
序号 | 重点任务 | 目标要求 | 牵头单位 | 完成时限 |
1 | 污水管网建设 | 新建污水管网30公里 | 县住建局 | 2023年底前 |
2 | 黑臭水体整治 | 城市黑臭水体消除比例达到90%以上 | 县城管局 | 2023年底前 |
"""
    plan = _plan(tmp_path, body)
    assert [t.item_id for t in plan.tasks] == ["附件1/1", "附件1/2"]
    named = {i.name: i for i in plan.indicators}
    assert named["城市黑臭水体消除比例"].lead == ["县城管局"] and named["城市黑臭水体消除比例"].value == 90
