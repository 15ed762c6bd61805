"""Round 10 of issue 14: classes read from the round-9 held-out misses, each with plan text of our own.

The classes: a |-table whose sub-rows have fewer cells than the header (序号, task and a right-hand column
merged over them), with 协同部门 / 实施主体 columns and a share note (按职能分工) after a name; two-digit years;
a 职责分工 item naming its unit as 牵头、协调单位; one unnumbered paragraph with a 责任单位 line; a year opening a
measure (2025年，建立…); document-preview page markers and headings run on in one paragraph.
"""

from __future__ import annotations

from functools import partial

import pytest
from plan_text import import_text
from plan_text import item as _item

from generator.plan.importer import import_plan
from generator.plan.importer.sub_rows import placement_score
from generator.plan.importer.unit_names import split_units

_plan = partial(import_text, title="某市2022年某某工作方案")  # (tmp_path, body): a plan of that year


# --- sub-rows of a |-table ------------------------------------------------------------------------------------------

_SUB_ROW_TABLE = """
序号 | 重点任务 | 工作内容 | 牵头部门 | 协同部门 | 实施主体 |
1 | 补齐收集管网短板 | 摸清管网底数。 | 市住建局 | 市水利局、市自然资源局 | 各区人民政府、高新区管委会 |
实施雨污分流改造,2022年9月底前完成老旧小区改造方案。 | 市住建局 | 市城管局 |
2023年底前,完成工业园区管网排查。 | 市“清水工程”办、市生态环境局(按职能分工) | 市住建局 |
2025年底前,城区污水集中收集率明显提高。 | 市城管局 | 市财政局、市发展改革委 |
2 | 强化运行维护 | 建立管网专业养护制度,落实养护经费。 | 市城管局 | 市财政局 | 各区人民政府 |
"""


def test_sub_rows_are_parts_of_their_row(tmp_path):
    plan = _plan(tmp_path, _SUB_ROW_TABLE)
    rows = [i for i in plan.items if i.from_table]
    assert [r.id for r in rows] == ["附表/1", "附表/2"]
    assert [t.no for t in plan.tasks] == [1, 2]
    first = rows[0]
    assert first.roles.lead == ["市住建局", "市“清水工程”办", "市生态环境局", "市城管局"]
    # 市住建局 leads three sub-rows and works with the lead of another: both roles are kept
    assert first.roles.cooperating == ["市水利局", "市自然资源局", "市城管局", "市住建局", "市财政局", "市发展改革委"]
    assert first.roles.implementing == ["各区人民政府", "高新区管委会"]
    assert sorted(d.date.isoformat() for d in first.deadlines if d.date) == ["2022-09-30", "2023-12-31", "2025-12-31"]
    assert rows[1].roles.lead == ["市城管局"] and rows[1].roles.implementing == ["各区人民政府"]
    # a sub-row under a merged 序号 is read as such, not reported as a row that did not fit
    assert not any(r.code == "table-irregular" and r.where == "附表/1" for r in plan.reviews)


def test_a_row_of_its_own_cut_short_takes_nothing_from_the_row_above(tmp_path):
    plan = _plan(
        tmp_path,
        """
任务 | 工作内容 | 责任单位 | 配合单位 | 完成时限 |
一、绿化 | 建设城市绿道10公里。 | 市园林局 | 市财政局 | 2022年10月底前 |
扩建街头游园。 | 市园林局
|
""",
    )
    rows = [i for i in plan.items if i.from_table]
    assert rows[-1].roles.lead == ["市园林局"]
    assert rows[-1].roles.cooperating == [] and rows[-1].deadlines == []


@pytest.mark.parametrize(
    "cells",
    [
        ["2024年底前,完成方案编制。", "市水利局", "市农业农村局"],
        ["制定管护办法。", "市“河湖长制”办", "市水利局(按职责分工)"],
        ["开展排查。", "区住建局、区水务局", "区财政局"],
    ],
)
def test_short_row_cells_go_where_their_content_fits(cells):
    """Two cells merged on the left (序号, 任务) and one on the right (实施主体) beats three on the left, which would
    put the sentence under 牵头部门 and the units under 实施主体's neighbours."""
    header = ["序号", "任务", "工作内容", "牵头部门", "协同部门", "实施主体"]
    assert placement_score(header[2:5], cells) > placement_score(header[3:6], cells)


@pytest.mark.parametrize("note", ["(按职能分工)", "（按职责分工）", "(按职责负责)", "(分别负责)"])
def test_a_share_note_is_not_part_of_a_name(note):
    assert split_units(f"县水利局、县生态环境分局{note}") == ["县水利局", "县生态环境分局"]


# --- two-digit years ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plan_year", "expected"),
    [
        ("09年计划建成污水泵站3座", 2009, ["2009-12-31"]),
        ("07年~08计划完成全部企业纳管", 2007, ["2008-12-31"]),
        ("05年底前完成河道清淤", 2026, ["2005-12-31"]),  # a leading zero: a year of the 2000s whatever the plan's
        ("13年底前,完成管网普查", 2012, ["2013-12-31"]),
        ("13年底前,完成管网普查", 2024, ["2024-12-31"]),  # far from the plan's year: only its 年底前 is read
    ],
)
def test_two_digit_years_are_dates_near_the_plans_year(text, plan_year, expected):
    from generator.plan.deadline import find_deadlines

    assert [m.date.isoformat() for m in find_deadlines(text, plan_year) if m.date] == expected


@pytest.mark.parametrize("text", ["用10年时间建成生态廊道", "15年内不得开发", "保持20年以上", "第12年起"])
def test_spans_of_years_are_no_dates(text):
    from generator.plan.deadline import find_deadlines

    assert find_deadlines(text, 2015) == []


# --- the lead of the whole work in a 职责分工 part -----------------------------------------------------------------


def test_overall_lead_is_a_record_and_its_duties_are_no_tasks(tmp_path):
    plan = _plan(
        tmp_path,
        """
二、主要任务
(一)完成老城区雨污分流改造。
(二)建成乡镇污水处理站12座。
三、职责分工
(一)县住房和城乡建设局作为全县污水治理工作的牵头、统筹单位。
1、负责编制全县污水治理专项规划。
2、指导各乡镇开展管网建设。
""",
    )
    record = _item(plan, "三/(一)")
    assert record.roles.lead == ["县住房和城乡建设局"] and record.overall
    duties = [i for i in plan.items if i.id.startswith("三/(一)/")]
    assert duties and all(not i.roles.lead for i in duties)  # the duties do not take the record's unit
    task_ids = {t.item_id for t in plan.tasks}
    assert "三/(一)" not in task_ids and not any(i.startswith("三/(一)/") for i in task_ids)
    assert {"二/(一)", "二/(二)"} <= task_ids


@pytest.mark.parametrize(
    "sentence",
    ["区环保局为本方案的牵头单位。", "市水务局是全市河湖管护工作的牵头、协调部门。", "县应急局为统筹协调单位。"],
)
def test_a_unit_named_as_lead_of_the_work(sentence):
    from generator.plan.importer.duty_records import overall_roles

    roles = overall_roles(sentence)
    assert roles is not None and roles.lead == [sentence.split("为")[0].split("是")[0]]


@pytest.mark.parametrize("sentence", ["加强部门协调单位联动。", "各单位为本单位牵头单位。", "以县为单位开展排查。"])
def test_sentences_that_name_no_overall_lead(sentence):
    from generator.plan.importer.duty_records import overall_roles

    assert overall_roles(sentence) is None


# --- one unnumbered paragraph with its 责任单位 line ----------------------------------------------------------------


def test_one_unnumbered_paragraph_with_a_label_line_is_record_1(tmp_path):
    plan = _plan(
        tmp_path,
        """
实施城乡供水一体化工程，新建水厂2座，改造老旧供水管网120公里。2019年底前，全面完成农村饮水安全巩固提升任务。
责任单位：县水利局
配合单位：县财政局、县自然资源局
""",
        title="",
    )
    record = _item(plan, "1")
    assert record.roles.lead == ["县水利局"]
    assert record.roles.cooperating == ["县财政局", "县自然资源局"]
    assert [d.date.isoformat() for d in record.deadlines if d.date] == ["2019-12-31"]
    assert {(t.value, t.unit) for t in record.targets} >= {(2.0, "座"), (120.0, "公里")}
    assert [t.item_id for t in plan.tasks] == ["1"]


@pytest.mark.parametrize(
    "body",
    [
        # no label line: an essay or a news paragraph, not a record
        "全县上下要提高认识，加强领导，确保各项工作落到实处。",
        # four paragraphs of prose before the label: not one item
        "第一段。\n第二段。\n第三段。\n第四段。\n责任单位：县水利局",
    ],
)
def test_unnumbered_text_that_is_no_single_item(tmp_path, body):
    plan = _plan(tmp_path, body, title="")
    assert not any(i.id == "1" for i in plan.items)


# --- a year opening a measure after a comma -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("根据省里部署，2023年，完成全部燃煤锅炉淘汰。", ["2023-12-31"]),
        ("按照国家要求，2024年，建立重点排污单位名录。", ["2024-12-31"]),
        # a year that dates a target (no measure follows) is no deadline of this rule
        ("全市空气质量持续改善，2025年，PM2.5浓度下降到35微克/立方米。", []),
    ],
)
def test_a_year_opening_a_measure_after_a_comma(text, expected):
    from generator.plan.deadline import find_deadlines

    assert [m.date.isoformat() for m in find_deadlines(text, 2022) if m.date] == expected


# --- document previews: page numbers and run-on headings ---------------------------------------------------------


def test_preview_page_numbers_and_run_on_headings(tmp_path):
    plan = _plan(
        tmp_path,
        """
1、2021年某镇河道保洁工作计划为改善全镇水环境，特制定本计划。一、工作目标全镇河道保洁覆盖率达到100%。二、主要任务(一)开展河道清淤。完成主要河道清淤8公里。(镇农业服务中心牵头，镇财政所、镇

2、城建办参与，各村落实)
""",
        title="2021年某镇河道保洁工作计划",
    )
    ids = [i.id for i in plan.items]
    assert "二/(一)" in ids and not any(i.startswith("1/") for i in ids)
    record = _item(plan, "二/(一)")
    assert record.roles.lead == ["镇农业服务中心"]
    assert record.roles.cooperating == ["镇财政所", "镇城建办"]
    assert record.roles.implementing == ["各村"]
    assert [t.item_id for t in plan.tasks] == ["二/(一)"]


def test_numbered_items_under_a_title_stay_items(tmp_path):
    plan = _plan(
        tmp_path,
        """
1、加强河道巡查，每周不少于一次。
2、开展垃圾清理，确保河面无漂浮物。
""",
        title="某镇河长制工作要点",
    )
    assert {"1", "2"} <= {i.id for i in plan.items}


@pytest.mark.parametrize(
    ("text", "heading", "body"),
    [
        ("三、保障措施加强组织领导，落实工作责任。", "三、保障措施", "加强组织领导，落实工作责任。"),
        ("二、重点任务（一）开展排查整治工作。", "二、重点任务", "（一）开展排查整治工作。"),
    ],
)
def test_run_on_heading_words_are_cut_off(text, heading, body):
    from generator.plan.importer.model import Paragraph
    from generator.plan.importer.previews import split_run_on_headings

    assert [p.text for p in split_run_on_headings([Paragraph(1, text, "")])] == [heading, body]


@pytest.mark.parametrize("text", ["一、工作目标：全面提升水质。", "二、重点任务完成情况", "一、重点工作"])
def test_headings_that_are_not_run_on_stay(text):
    from generator.plan.importer.model import Paragraph
    from generator.plan.importer.previews import split_run_on_headings

    assert [p.text for p in split_run_on_headings([Paragraph(1, text, "")])] == [text]


def test_a_hostile_page_of_numbered_broken_lines_is_read_in_linear_time(tmp_path):
    """4,000 lines that each look like a page number after a broken line, and run-on headings: one pass each."""
    import time

    lines = [f"{n % 999 + 1}、河道保洁，" + "清理" * 30 + "，一、工作目标加强" for n in range(4000)]
    path = tmp_path / "方案.txt"
    path.write_text("某镇工作计划\n" + "\n".join(lines) + "\n", "utf-8")
    started = time.perf_counter()
    import_plan(path)
    assert time.perf_counter() - started < 30


# --- a ranking goal ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "综合指数稳定退出全国168个重点城市后20名。",
        "PM2.5浓度力争在全国168个重点城市退出后20名。",
        "全县水环境质量在全省96个县(市)排名退出后10位。",
        "力争进入全市12个区县前 3 名。",
    ],
)
def test_the_places_a_ranking_is_among_are_no_target(text):
    """How many places a ranking counts (168个重点城市) is no count to reach, and the rank is an ordinal."""
    from generator.plan.importer.targets import targets_in

    assert targets_in(text) == []


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("关停12家化工企业,退出落后产能。", 12, "家"),
        ("淘汰10家企业,位次靠后的限期整改。", 10, "家"),
        ("拆除32个排污口。", 32, "个"),
    ],
)
def test_counts_to_close_beside_ranking_words_stay_targets(text, value, unit):
    from generator.plan.importer.targets import targets_in

    [target] = targets_in(text)
    assert (target.value, target.unit) == (value, unit)
