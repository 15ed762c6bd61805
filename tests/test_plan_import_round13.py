"""Round 13 of issue 14: classes read from the round-12 held-out misses, each with plan text of our own.

The classes: each department's part named sentence by sentence under a title such as 明确部门责任 (省法院负责指导…,
省环保厅会同省国土厅、住建厅等部门，负责…); a unit's second name in brackets before 负责 (农机服务中心(农机监理站)
负责…); a date that recurs every year, quarter or month (每年1月底前报送) is no deadline.
"""

from __future__ import annotations

from functools import partial

import pytest
from plan_text import import_text
from plan_text import item as _item

from generator.plan.importer.item_deadlines import yearly_deadlines
from generator.plan.importer.responsibility import NAME_NOTE, opening_roles

_plan = partial(import_text, title="某省2019年某某改革实施方案")

_DEPARTMENTS = """
五、保障措施
（一）加强组织领导。省政府成立改革工作领导小组，负责统筹推进改革工作。领导小组办公室设在省生态环境厅。
（二）{title}。各部门要按照分工及时制定配套政策。省生态环境厅会同省自然资源厅、住建厅、水利厅等部门，负责指导调查评估工作。省法院负责指导审判工作。省检察院指导检察工作。省财政厅负责资金管理工作。
"""


@pytest.mark.parametrize("title", ["明确部门责任", "注重协调配合", "落实部门职责", "明确职责分工"])
def test_each_departments_part_sentence_by_sentence(tmp_path, title):
    plan = _plan(tmp_path, _DEPARTMENTS.format(title=title))
    roles = _item(plan, "五/(二)").roles
    assert roles.lead == ["省生态环境厅", "省法院", "省检察院", "省财政厅"]
    assert roles.cooperating == ["省自然资源厅", "省住建厅", "省水利厅"]
    assert not _item(plan, "五/(一)").roles.all()  # a body set up is no unit with a part of the work
    assert "五/(二)" in {t.item_id for t in plan.tasks}


def test_the_same_sentences_under_another_title_name_no_part(tmp_path):
    plan = _plan(tmp_path, _DEPARTMENTS.format(title="加强宣传引导"))
    assert not _item(plan, "五/(二)").roles.lead


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("农牧和科技局、农机服务中心(农机监理站)负责排查农业机械。", ["农牧和科技局", "农机服务中心"]),
        ("县应急管理局（县安委办）牵头负责督导检查。", ["县应急管理局"]),
        ("县交通运输局(县公路段)会同县公安局负责排查。", ["县交通运输局"]),
    ],
)
def test_a_second_name_in_brackets_before_the_verb(text, lead):
    roles, _ = opening_roles(text, [], first=True)
    assert roles.lead == lead


@pytest.mark.parametrize("mark", ["牵头", "配合", "主办", "落实", "牵头负责"])
def test_a_role_mark_in_brackets_is_no_second_name(mark):
    text = f"县水利局（{mark}）、县财政局负责排查。"
    assert NAME_NOTE.sub("", text) == text  # the mark is read where marks are read, never dropped as a name


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("各县区于每年1月底前将上年度工作情况、每季度末将工作进展报送办公室。", []),
        ("办公室每年2月底前汇总形成年度报告。", []),
        ("2019年6月底前完成排查，每月5日前报送进展。", ["2019-06-30"]),
        ("逐年12月底前完成考核，2020年底前全面完成整改。", ["2020-12-31"]),
    ],
)
def test_a_recurring_date_is_no_deadline(text, dates):
    assert [d.date.isoformat() for d in yearly_deadlines(text, 2019) if d.date] == dates
