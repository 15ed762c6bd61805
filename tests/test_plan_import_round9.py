"""Round 9 of issue 14: classes read from the round-8 held-out misses, each with plan text of our own.

The classes: a second sentence naming a 责任主体 after a clause; a PDF's line breaks left as spaces inside a clause's
words; progress figures (截至…) and approximate amounts (约…); goals sections named by their kind of work (治理目标);
a heading's target block (【目标任务】) with one 责任单位 line after its measures and contact lines; an e-paper's index
line; items introduced by dashes with their own label lines, on a page that begins inside a section; 各 written once
before kinds of place; a named place alone in a 责任单位 label; a task section that also says 时间安排; a heading with
nothing under it at a page's end.
"""

from __future__ import annotations

from functools import partial

import pytest
from plan_text import import_text
from plan_text import item as _item

from generator.plan.importer.responsibility import clause_roles
from generator.plan.importer.targets import targets_in
from generator.plan.importer.unit_names import split_units

_plan = partial(import_text, title="某县2021年某某工作方案")  # (tmp_path, body): a plan of that year


# --- a 责任主体 sentence after the clause -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "carried"),
    [
        ("各乡镇人民政府为责任主体，以下不再列出", True),
        ("相关街道办事处是落实责任主体，下同", True),
        ("各村为实施责任主体", False),
    ],
)
def test_subject_sentence_names_the_implementing_units(sentence, carried):
    roles = clause_roles(f"牵头单位：县林业局；配合单位：县财政局、县自然资源局。{sentence}")
    assert roles is not None
    assert roles.lead == ["县林业局"] and roles.cooperating == ["县财政局", "县自然资源局"]
    named = split_units(sentence.split("为")[0].split("是")[0])
    assert roles.implementing == named
    assert roles.carry == (named if carried else [])


def test_subject_sentence_carries_to_the_items_after_it(tmp_path):
    plan = _plan(
        tmp_path,
        """
一、重点任务
1.清理河道垃圾。(牵头部门:县水利局;配合部门:县城管局,县交通局。沿河乡镇政府为责任主体,以下不再列出)
2.整治沿河养殖。(牵头部门:县农业农村局)
""",
    )
    first, second = _item(plan, "一/1"), _item(plan, "一/2")
    assert first.roles.cooperating == ["县城管局", "县交通局"]
    assert first.roles.implementing == ["沿河乡镇政府"]
    assert second.roles.lead == ["县农业农村局"] and second.roles.implementing == ["沿河乡镇政府"]


# --- a PDF's line breaks left as spaces inside a clause ---------------------------------------------------------


def test_spaces_inside_words_of_a_clause_with_commas_are_no_gaps():
    roles = clause_roles("市水利局牵头，市发展改革 委、市财 政局等参 与，各县(市、区)人民 政府负责落实")
    assert roles is not None
    assert roles.lead == ["市水利局"] and roles.cooperating == ["市发展改革委", "市财政局"]
    assert roles.implementing == ["各县(市、区)人民政府"]


def test_spaces_between_units_without_commas_are_left_alone():
    # no comma anywhere: the spaces may be what separates the units, so nothing is glued together
    roles = clause_roles("责任单位：市水利局 市财政局")
    assert roles is None or "市水利局市财政局" not in roles.all()


# --- progress figures and approximate amounts --------------------------------------------------------------------


@pytest.mark.parametrize("opening", ["截至2020年底", "截止目前", "截至今年6月"])
def test_progress_so_far_is_no_target(opening):
    text = f"{opening}，全县累计建成污水管网120公里，占规划任务的40%。到2025年，污水管网长度达到300公里。"
    found = targets_in(text)
    assert [(t.value, t.unit) for t in found] == [(300, "公里")]


def test_approximate_amount_is_the_amount():
    [target] = targets_in("到2022年，削减化肥使用量约1.2万吨。")
    assert (target.value, target.unit) == (1.2, "万吨") and "化肥使用量" in target.indicator
    assert not targets_in("节约用水宣传进社区。")  # 节约 is a word, not 节 + 约


def test_amount_of_what_is_developed_is_a_target():
    [target] = targets_in("推广水肥一体化，发展滴灌、微喷灌等2.3万亩。")
    assert (target.operator, target.value, target.unit) == ("=", 2.3, "万亩")


def test_goals_section_named_by_its_work_has_no_deadlines(tmp_path):
    plan = _plan(
        tmp_path,
        """
一、整治目标
到2023年，全面消除城市黑臭水体，到2030年，河湖水质全面改善。
二、主要任务
1.完成排口整治。2022年6月底前完成。(县生态环境分局负责)
""",
    )
    assert not _item(plan, "一").deadlines
    assert [d.date.isoformat() for d in _item(plan, "二/1").deadlines] == ["2022-06-30"]


# --- a heading's block: 【目标任务】, measures, one 责任单位 line, contact lines, an index line ----------------


def test_label_line_after_the_last_measure_names_the_headings_record(tmp_path):
    plan = _plan(
        tmp_path,
        """
五、推进城乡供水一体化
【目标任务】
新建农村供水管网150公里。
【推进措施】
1.编制城乡供水一体化规划，明确建设时序。
2.加快实施管网延伸工程，提升农村供水保障水平。
责任单位：市水务局
配合单位：市财政局
联系人：王某
联系电话：1234567
2021-03-02 2 1 某某日报 content_12345.html 1 2 五、推进城乡供水一体化 -->
""",
    )
    record = _item(plan, "五")
    assert record.roles.lead == ["市水务局"] and record.roles.cooperating == ["市财政局"]
    assert [(t.value, t.unit) for t in record.targets] == [(150, "公里")]
    measures = [i for i in plan.items if i.id.startswith("五/")]
    assert [i.id for i in measures] == ["五/1", "五/2"]
    assert all(i.roles.lead == ["市水务局"] and not i.deadlines for i in measures)
    assert not any("联系" in i.text or "content_" in i.text for i in plan.items)


def test_label_line_stays_with_the_last_measure_when_measures_name_their_own(tmp_path):
    plan = _plan(
        tmp_path,
        """
五、推进城乡供水一体化
1.编制城乡供水一体化规划。(市水务局牵头)
2.加快实施管网延伸工程。
责任单位：市住建局
""",
    )
    assert _item(plan, "五/2").roles.lead == ["市住建局"]
    assert all(i.id != "五" for i in plan.items)


# --- dash items with label lines, on a page that begins inside a section -----------------------------------------


def test_dash_items_are_numbered_under_their_heading(tmp_path):
    plan = _plan(
        tmp_path,
        """
——加强餐饮油烟治理，确保油烟净化设施安装率100%。
责任单位：区市场监管局
配合单位：区生态环境局
——开展道路扬尘整治。
责任单位：区城管局
配合单位：各镇、街道、开发区
(五)强化农业面源治理
——推进秸秆综合利用。
责任单位：区农业农村局
——建设示范园区。
责任单位：某某生态园区
配合单位：区农业农村局
(六)强化监督管理
""",
        title="某区2020年环境保护工作要点（续）",
    )
    ids = [i.id for i in plan.items]
    assert {"1", "2", "(五)/1", "(五)/2"} <= set(ids)
    first = _item(plan, "1")
    assert first.roles.lead == ["区市场监管局"] and first.roles.cooperating == ["区生态环境局"]
    assert [(t.value, t.unit) for t in first.targets] == [(100, "%")]
    assert _item(plan, "2").roles.cooperating == ["各镇", "各街道", "各开发区"]
    assert _item(plan, "(五)/2").roles.lead == ["某某生态园区"]
    tasks = [t.item_id for t in plan.tasks]
    assert "(六)" not in tasks and {"1", "2", "(五)/1", "(五)/2"} <= set(tasks)


def test_principle_bullets_without_labels_stay_text(tmp_path):
    plan = _plan(
        tmp_path,
        """
一、基本原则
——坚持生态优先。尊重自然规律。
——坚持系统治理。统筹上下游。
二、主要任务
1.实施河道清淤。(县水利局负责)
""",
    )
    assert [i.id for i in plan.items if i.id.startswith("一/")] == []


def test_each_written_once_covers_kinds_of_place_but_not_a_committee():
    assert split_units("区环保局、各镇、街道、工业园区") == ["区环保局", "各镇", "各街道", "各工业园区"]
    assert split_units("各乡镇人民政府、经济开发区管委会") == ["各乡镇人民政府", "经济开发区管委会"]


def test_a_task_section_that_also_says_its_timing_holds_tasks(tmp_path):
    plan = _plan(
        tmp_path,
        """
三、工作任务和进度安排
(一)全面排查(5月底前完成)
开展排查，建立台账。
牵头单位：县生态环境分局
(二)集中整治(9月底前完成)
对排查出的问题逐一整治。
""",
    )
    assert {t.item_id for t in plan.tasks} == {"三/(一)", "三/(二)"}


# --- box-drawing tables; a places column as the only unit column ------------------------------------------------


def test_box_drawn_task_table_is_read_as_rows(tmp_path):
    plan = _plan(
        tmp_path,
        """
附件1
重点任务分解表
┌──┬──────────┬──────┬──────┐
│序号│ 工 作 任 务 │责任单位 │完成时限 │
├──┼──────────┼──────┼──────┤
│ 1 │建成污水处理厂│县住建局 │2021年10│
│ │提标改造工程 │ │月底前 │
├──┼──────────┼──────┼──────┤
│ 2 │完成12个村生活│县生态环境│2021年12│
│ │污水治理 │分局 │月底前 │
""",
    )
    first, second = _item(plan, "附件1/1"), _item(plan, "附件1/2")
    assert first.roles.lead == ["县住建局"] and [d.date.isoformat() for d in first.deadlines] == ["2021-10-31"]
    assert second.roles.lead == ["县生态环境分局"] and [d.date.isoformat() for d in second.deadlines] == ["2021-12-31"]
    assert [(t.value, t.unit) for t in second.targets] == [(12, "个")]


def test_places_column_leads_and_a_counted_column_is_the_target(tmp_path):
    plan = _plan(
        tmp_path,
        """
附件
┌────┬──────┬────┬──────┐
│县(市、│目标任务 │责任人│ 备 注 │
│ 区) │池塘(座) │ │ │
├────┼──────┼────┼──────┤
│ 甲县 │ 120 │张某 │新建泵站2 │
│ │ │ │处 │
├────┼──────┼────┼──────┤
│ 乙市 │ 80 │李某 │ │
└────┴──────┴────┴──────┘
""",
    )
    first, second = _item(plan, "附件1/1"), _item(plan, "附件1/2")
    assert first.roles.lead == ["甲县"] and second.roles.lead == ["乙市"]
    assert {(t.indicator, t.value, t.unit) for t in first.targets} >= {("池塘", 120, "座")}
    assert any(t.value == 2 and t.unit == "处" for t in first.targets)
    assert "张某" not in first.roles.all()


def test_box_lines_of_different_shapes_are_left_as_text(tmp_path):
    plan = _plan(
        tmp_path,
        """
一、主要任务
┌──────┐
│示意图 │ 说明 │
└──────┘
1.实施河道清淤。(县水利局负责)
""",
    )
    assert _item(plan, "一/1").roles.lead == ["县水利局"]


@pytest.mark.parametrize("kind", ["box", "bar"])
def test_a_long_run_of_table_lines_that_is_no_table_is_scanned_once(kind, monkeypatch):
    """A hostile (or broken) page of thousands of box-drawing or | lines that never make one table: the run stays
    text, and it is gathered once — not again from each of its lines, which made the time grow with the square of
    the page (20 s for 4,000 lines)."""
    from generator.plan.importer import drawn_tables
    from generator.plan.importer.source import Paragraph

    lines = 2000
    if kind == "box":  # rows of two and of three cells between borders: never one table
        texts = ["├──┼──┤" if k % 2 == 0 else ("│a│b│" if k % 4 == 1 else "│a│b│c│") for k in range(lines)]
        join, helper, bound = drawn_tables.join_box_rows, "_box_row", lines // 2  # once per row
    else:  # one cell per line between bars, with no header
        texts = ["|" if k % 2 == 0 else "x" for k in range(lines)]
        join, helper, bound = drawn_tables.join_bar_cells, "_bar_rows", 1  # once for the run
    calls = []
    counted = getattr(drawn_tables, helper)
    monkeypatch.setattr(drawn_tables, helper, lambda *args: calls.append(1) or counted(*args))
    blocks = [Paragraph(k, text, f"第{k}段") for k, text in enumerate(texts)]
    assert join(blocks) == blocks  # left as it was
    assert len(calls) <= bound  # not again from every line of the run
