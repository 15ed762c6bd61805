"""Round 12 of issue 14: classes read from the round-11 held-out misses, each with plan text of our own.

The classes: a limit written as what must not happen (不得超过三天, 不能低于90%); 牵头 with the verb of what the lead
does (牵头督导, 牵头组织实施); a level prefix of three characters written once for a list (自治区生态环境厅、
发展改革委); a heading naming its unit and 负责 over its measures; duties after a title naming whose they are; a
document site's preview run on with page numbers inside clauses; counts of what is done to things (对…40台锅炉进行整治).
"""

from __future__ import annotations

from functools import partial

import pytest
from plan_text import import_text
from plan_text import item as _item

from generator.plan.importer import import_plan
from generator.plan.importer.responsibility import parse_clause
from generator.plan.importer.targets import targets_in

_plan = partial(import_text, title="某自治区2021年某某工作方案")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("生活垃圾存留时间不得超过三天", ("生活垃圾存留时间", "≤", 3.0, "天")),
        ("生活垃圾存留时间不得超过3天", ("生活垃圾存留时间", "≤", 3.0, "天")),
        ("问题整改时间不能多于5个工作日", ("问题整改时间", "≤", 5.0, "个工作日")),
        ("餐厨垃圾收运率不得低于90%", ("餐厨垃圾收运率", "≥", 90.0, "%")),
        ("每季度督查次数不应少于两次", ("每季度督查次数", "≥", 2.0, "次")),
        ("出水化学需氧量浓度严禁高于50毫克/升", ("出水化学需氧量浓度", "≤", 50.0, "毫克/升")),
    ],
)
def test_a_limit_written_as_what_must_not_happen(text, expected):
    found = [(t.indicator, t.operator, t.value, t.unit) for t in targets_in(text, 1)]
    assert found == [expected]


def test_a_bare_comparison_with_chinese_numerals_is_still_no_target():
    assert targets_in("对超过三天未处理的问题进行通报", 1) == []


@pytest.mark.parametrize("verb", ["牵头督导", "牵头督办", "牵头推进", "牵头组织实施", "牵头协调", "牵头抓好"])
def test_lead_with_the_verb_of_what_it_does(verb):
    roles = parse_clause(f"市生态环境局、市工业和信息化局{verb}，相关部门参与，各县区落实")
    assert roles is not None
    assert roles.lead == ["市生态环境局", "市工业和信息化局"]
    assert roles.cooperating == ["相关部门"] and roles.implementing == ["各县区"]


@pytest.mark.parametrize("level", ["自治区", "自治州", "自治县"])
def test_a_three_character_level_written_once_is_shared(tmp_path, level):
    body = f"""
一、重点任务
（一）加强工业炉窑治理。开展排查整治。（{level}生态环境厅、发展改革委、工业和信息化厅牵头督导，相关部门参与）
"""
    roles = _item(_plan(tmp_path, body), "一/(一)").roles
    assert roles.lead == [f"{level}生态环境厅", f"{level}发展改革委", f"{level}工业和信息化厅"]
    assert roles.cooperating == ["相关部门"]


# --- 4、X负责： with its measures under it; 1、村组职责：各村组负责… ------------------------------------------

_UNIT_HEADINGS = """
一、责任分工
1、县住建局负责：
（1）完成12台燃煤锅炉淘汰。
（2）推进集中供热管网建设。
2、县城管局牵头负责:
（1）取缔城区露天烧烤。
3、县交通局负责：加强渣土车辆管理。
"""


def test_a_heading_naming_its_unit_leads_its_measures(tmp_path):
    plan = _plan(tmp_path, _UNIT_HEADINGS)
    assert _item(plan, "一/1").roles.lead == ["县住建局"]
    assert _item(plan, "一/2").roles.lead == ["县城管局"]
    assert _item(plan, "一/3").roles.lead == ["县交通局"]
    tasks = {t.item_id: t for t in plan.tasks}
    assert {"一/1/(1)", "一/1/(2)", "一/2/(1)", "一/3"} <= set(tasks)  # the measures are the tasks
    assert "一/1" not in tasks and "一/2" not in tasks
    assert tasks["一/1/(1)"].roles.lead == ["县住建局"]  # a measure naming no unit takes its heading's


def test_a_heading_that_is_no_unit_names_none(tmp_path):
    body = "一、工作要求\n1、各项任务负责：\n（1）完成排查。"
    assert not _item(_plan(tmp_path, body), "一/1/(1)").roles.all()


_DUTY_TITLES = """
四、各方职责
1、村组职责：各村组负责当地生活垃圾的分类和集中，负责村组环卫设施的管理。
2、相关部门职责：镇环境督查组负责监督检查收运工作；国土所负责垃圾中转站建设的用地协调。
3、工作要求：加强宣传，营造氛围。
"""


def test_duties_after_a_title_naming_whose_they_are(tmp_path):
    plan = _plan(tmp_path, _DUTY_TITLES)
    assert _item(plan, "四/1").roles.lead == ["各村组"]
    assert _item(plan, "四/2").roles.lead == ["镇环境督查组", "国土所"]
    assert not _item(plan, "四/3").roles.all()


# --- a document site's preview: title, the site's line, the text run on, page numbers inside clauses -----------------

_PREVIEW = (
    "某镇2023年秸秆禁烧工作方案.docx\n"
    "《某镇2023年秸秆禁烧工作方案.docx》由会员分享，可在线阅读，更多相关请在某某文库上搜索。\n"
    "1、某镇2023年秸秆禁烧工作方案为切实做好秸秆禁烧工作，防止大气污染，特制定本方案。一、工作目标确保全镇不发生"
    "大面积焚烧现象。二、重点任务及责任分工(一)加强巡查。组织网格员开展日常巡查，发现火点及时处置。(责任单位:\n\n"
    "2、镇农业服务中心)(二)推进综合利用。推广秸秆还田和离田利用，建设收储点3个。(牵头单位:镇经济发展办,配合单位:"
    "各村)(三)严格执法。依法查处露天焚烧行为。(责任单位:镇综合行政执法队)"
)


def test_a_preview_page_run_on_with_page_numbers(tmp_path):
    path = tmp_path / "预览.txt"
    path.write_text(_PREVIEW, "utf-8")
    plan = import_plan(path)
    found = {i.id: i.roles for i in plan.items}
    assert found["二/(一)"].lead == ["镇农业服务中心"]  # 2、 is the page's number, not an item
    assert found["二/(二)"].lead == ["镇经济发展办"] and found["二/(二)"].cooperating == ["各村"]
    assert found["二/(三)"].lead == ["镇综合行政执法队"]
    assert {"二/(一)", "二/(二)", "二/(三)"} <= {t.item_id for t in plan.tasks}
    assert not any(i.startswith(("1/", "2")) for i in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "对城区主干道两侧100米范围内的40台锅炉和438个服务业炉灶进行集中整治，限期取消原煤散烧",
            [("锅炉", "=", 40.0, "台"), ("服务业炉灶", "=", 438.0, "个")],
        ),
        ("对辖区内3座污水处理厂进行提标改造", [("污水处理厂", "=", 3.0, "座")]),
        ("对全县5条黑臭水体进行综合治理。", [("黑臭水体", "=", 5.0, "条")]),
        ("对超标排放企业进行处罚", []),  # nothing counted
        ("对群众反映的问题进行梳理，建立台账", []),  # no count, nor a verb of what is done to things counted
    ],
)
def test_what_is_done_to_things_counted_before_it(text, expected):
    assert [(t.indicator, t.operator, t.value, t.unit) for t in targets_in(text, 1)] == expected
