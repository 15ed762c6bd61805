"""Plan import, one rule at a time: the forms of the seeds, and forms the seeds do not have (rules stay general)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.plan.deadline import find_deadlines, parse_deadline
from generator.plan.importer import import_plan
from generator.plan.importer.headings import build_tree, label_of, node_id, section_of
from generator.plan.importer.model import Paragraph, Table
from generator.plan.importer.notice import normalise_doc_number, parse_date, read_notice
from generator.plan.importer.registry import Registry
from generator.plan.importer.responsibility import cell_roles, opening_roles, parse_clause, split_units
from generator.plan.importer.score import Counts
from generator.plan.importer.source import read_text
from generator.plan.importer.tables import recover_tables
from generator.plan.importer.target_values import parse_value
from generator.plan.importer.targets import targets_in


def paragraphs(text: str) -> list[Paragraph]:
    return [b for b in read_text(text.encode("utf-8")) if isinstance(b, Paragraph)]


def plan_from(tmp_path: Path, text: str):
    path = tmp_path / "plan.txt"
    path.write_text(text, "utf-8")
    return import_plan(path)


# headings


@pytest.mark.parametrize(
    "text, style, norm, rest",
    [
        ("一、总体要求", "cn", "一", "总体要求"),
        ("十二、其他", "cn", "十二", "其他"),
        ("（一）指导思想。深入学习", "cn()", "(一)", "指导思想。深入学习"),
        ("(一)指导思想", "cn()", "(一)", "指导思想"),
        ("1.强化河长履职尽责。", "1.", "1", "强化河长履职尽责。"),
        ("1、 大沙河生态治理工程", "1.", "1", "大沙河生态治理工程"),
        ("２．全角数字", "1.", "2", "全角数字"),
        ("（1）半角与全角括号", "(1)", "(1)", "半角与全角括号"),
        ("(12)两位数", "(1)", "(12)", "两位数"),
        ("①第一小项", "①", "①", "第一小项"),
        ("第一部分 总体要求", "di部分", "第一", "总体要求"),
        ("第二章　任务", "di章", "第二", "任务"),
        ("第三条 各单位", "di条", "第三", "各单位"),
        ("第一，加强组织领导。", "di，", "第一", "加强组织领导。"),
    ],
)
def test_heading_labels(text, style, norm, rest):
    label, found_rest = label_of(text)
    assert (label.style, label.norm, found_rest) == (style, norm, rest)


@pytest.mark.parametrize(
    "text",
    ["2018年4月底前完成", "3.0版为主要路径", "一是加强领导", "第一次全国水利普查", "十四五”时期", "5月中旬，完成"],
)
def test_not_headings(text):
    assert label_of(text) is None


def test_levels_follow_the_order_styles_appear_in():
    """A plan that starts at 第一部分 and uses 一、 under it, or numbers 1. straight under 一、, nests the same way."""
    text = (
        "第一部分 总体要求\n一、目标\n1.第一项。内容。\n2.第二项。内容。\n二、任务\n(一)分项\n1.第三项。\n"
        "第二部分 保障\n一、组织。"
    )
    tree = build_tree(paragraphs(text))
    leaves = tree.leaves()
    assert [node_id(n) for n in leaves] == ["第一/一/1", "第一/一/2", "第一/二/(一)/1", "第二/一"]
    assert section_of(leaves[2]) == "第一部分 总体要求 > 二、任务 > (一)分项"


def test_item_titles_and_duties_split_by_paragraph(tmp_path):
    plan = plan_from(
        tmp_path,
        "某县2020年工作方案\n一、任务分工\n(一)县水利局负责水资源监测。负责河道清淤。\n负责节水宣传工作。\n"
        "协助县环保局负责水质监测，2020年6月底前完成。\n(二)加强督查。各乡镇每月报送进展。\n",
    )
    items = {i.id: i for i in plan.items}
    assert list(items) == ["一/(一)", "一/(一)#2", "一/(一)#3", "一/(二)"]
    assert items["一/(一)"].title == "" and items["一/(一)"].roles.lead == ["县水利局"]
    assert items["一/(一)#2"].roles.lead == ["县水利局"]
    assert (items["一/(一)#3"].roles.lead, items["一/(一)#3"].roles.cooperating) == (["县环保局"], ["县水利局"])
    assert items["一/(一)#3"].deadline.date == date(2020, 6, 30)
    assert items["一/(二)"].title == "加强督查"


# responsibility


@pytest.mark.parametrize(
    "clause, lead, cooperating, implementing",
    [
        (  # 平顶山: nested brackets, a shared 管委会, units waiting for the verb after them
            "市水利局牵头,相关成员单位配合,各县(市、区)人民政府,城乡一体化示范区、高新区管委会落实",
            ["市水利局"],
            ["相关成员单位"],
            ["各县(市、区)人民政府", "城乡一体化示范区管委会", "高新区管委会"],
        ),
        (  # the same in full-width punctuation
            "市水利局牵头，相关成员单位配合，各县（市、区）人民政府，城乡一体化示范区、高新区管委会落实",
            ["市水利局"],
            ["相关成员单位"],
            ["各县（市、区）人民政府", "城乡一体化示范区管委会", "高新区管委会"],
        ),
        (
            "X局、Y分局按职责分工负责，Z委员会、W局参与，各办事处负责落实",
            ["X局", "Y分局"],
            ["Z委员会", "W局"],
            ["各办事处"],
        ),
        ("牵头单位:区政府办;配合单位:海陵环保局,各镇街、园区", ["区政府办"], ["海陵环保局", "各镇街", "各园区"], []),
        ("牵头单位：区发改局；责任单位：立山经济开发区，各街道", ["区发改局"], [], ["立山经济开发区", "各街道"]),
        ("责任单位：区农办", ["区农办"], [], []),
        ("市河长制办公室牵头,相关成员单位负责", ["市河长制办公室"], ["相关成员单位"], []),
        ("市水利局负责", ["市水利局"], [], []),
        # the suffix is shared, and so is the 市 prefix: 审计 is a field of work, not a place of its own
        ("市财政、审计局负责", ["市财政局", "市审计局"], [], []),
        ("区委宣传部和区教育局配合,市工业和信息化局牵头", ["市工业和信息化局"], ["区委宣传部", "区教育局"], []),
        (
            "市水利局牵头,各县(市、区)党委和人民政府,城乡一体化示范区、高新区党工委和管委会负责落实",
            ["市水利局"],
            [],
            ["各县(市、区)党委和人民政府", "城乡一体化示范区党工委和管委会", "高新区党工委和管委会"],
        ),
    ],
)
def test_responsibility_clauses(clause, lead, cooperating, implementing):
    roles = parse_clause(clause)
    assert (roles.lead, roles.cooperating, roles.implementing) == (lead, cooperating, implementing)


@pytest.mark.parametrize(
    "clause", ["平顶山段", "市、区", "EI", "以下简称“创建办”", "2022—2025年", "达到或优于III类", "示范工程"]
)
def test_ordinary_brackets_name_no_unit(clause):
    assert parse_clause(clause) is None


def test_lead_marked_in_a_list():
    roles = cell_roles("市水利局（牵头），市财政局、市发改委")
    assert (roles.lead, roles.cooperating) == (["市水利局"], ["市财政局", "市发改委"])


def test_paragraph_openings():
    assert opening_roles("区农村工作办公室负责创建国家水生态文明城市技术评估。", [], True)[0].lead == [
        "区农村工作办公室"
    ]
    assert opening_roles("由市水利局会同市财政局负责资金监管。", [], True)[0].cooperating == ["市财政局"]
    roles, subject = opening_roles("负责创森工作。", ["区农办"], False)
    assert roles.lead == ["区农办"] and subject == ["区农办"]
    roles, _ = opening_roles("各乡（镇）人民政府，街道办事处，以点带面，全面开展。", [], True)
    assert roles.lead == ["各乡（镇）人民政府", "街道办事处"]
    assert not opening_roles("强化河长履职尽责。及时对河长调整进行公示，确保责任不脱节。", [], True)[0]
    assert not opening_roles("牵头单位：区发改局", ["区农办"], False)[0]


def test_units_written_several_ways():
    # the prefix written once for a list is shared, but not onto a 分局 (a branch of the level above)
    assert split_units("区发改委、经信委、住建局、公安分局") == ["区发改委", "区经信委", "区住建局", "公安分局"]
    assert split_units("各镇街、园区") == ["各镇街", "各园区"]
    assert split_units("立山经济开发区，各街道、区直各部门") == ["立山经济开发区", "各街道", "区直各部门"]
    assert split_units("市发展改革委、农业局等") == ["市发展改革委", "市农业局"]  # one bare department shares 市


def test_registry_merges_aliases_and_flags_typos():
    registry = Registry()
    registry.add(["区农村工作办公室"], "lead", 1)
    registry.add(["区农办"], "lead", 50)
    registry.add(["区经信委"], "lead", 2)
    registry.add(["区发改委", "经信委"], "cooperating", 3)  # a list written once with the 区 prefix
    for para in range(10, 14):
        registry.add(["城乡一体化示范区管委会"], "implementing", para)
    registry.add(["城多一体化示范区管委会"], "implementing", 20)
    registry.add(["区财政局"], "lead", 4)
    registry.add(["区财政局"], "lead", 5)
    registry.add(["区民政局"], "lead", 6)  # one character apart, but a different unit
    registry.add(["市水利局"], "lead", 7)
    registry.add(["县水利局"], "lead", 8)  # another level of government
    canonical, units, reviews = registry.build()
    assert canonical["区农办"] == "区农村工作办公室" and canonical["经信委"] == "区经信委"
    assert canonical["城多一体化示范区管委会"] == "城乡一体化示范区管委会"
    assert canonical["区民政局"] == "区民政局" and canonical["县水利局"] == "县水利局"
    entry = next(u for u in units if u.name == "城乡一体化示范区管委会")
    assert entry.typos == ["城多一体化示范区管委会"] and entry.aliases == []
    assert {r.code for r in reviews} == {"unit-alias", "unit-typo"}
    assert next(r for r in reviews if r.code == "unit-typo").level == "待核实"


# deadlines


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2018年5月底前", [date(2018, 5, 31)]),
        ("年底前实现全覆盖", [date(2023, 12, 31)]),
        ("10月底前完成", [date(2023, 10, 31)]),
        ("2018年4月10号之前报送", [date(2018, 4, 10)]),
        ("7月上旬完成", [date(2023, 7, 10)]),
        ("7月中旬", [date(2023, 7, 20)]),
        ("7月下旬", [date(2023, 7, 31)]),
        ("(2018年3月-2018年12月)", [date(2018, 12, 31)]),
        ("2019年1月—2020年12月", [date(2020, 12, 31)]),
        ("3月1日至5月31日", [date(2023, 5, 31)]),
        ("2023年年底前", [date(2023, 12, 31)]),
        ("到2025年底", [date(2025, 12, 31)]),
        ("今年底前", [date(2023, 12, 31)]),
        ("年内完成", [date(2023, 12, 31)]),
        ("2024年完成", [date(2024, 12, 31)]),
        ("到2020年，森林覆盖率达到30%", [date(2020, 12, 31)]),
        ("上半年", [date(2023, 6, 30)]),
        ("第三季度末", [date(2023, 9, 30)]),
        ("确保“十四五”末全面消除", [date(2025, 12, 31)]),
        ("2018-05-31前", [date(2018, 5, 31)]),
        ("6月份完成", [date(2023, 6, 30)]),
        (
            "(2018年3月-2018年5月)。4月底，完成台帐。5月中旬，核对。",
            [date(2018, 5, 31), date(2018, 4, 30), date(2018, 5, 20)],
        ),
    ],
)
def test_deadline_forms(text, expected):
    assert [m.date for m in find_deadlines(text, 2023)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "较2020年下降7.5%",
        "在2022年专项行动成果基础上",
        "按照《母亲河复苏行动方案(2022—2025年)》",
        "完成2015年-2017年的三年全部资料",
        "2018年3月以来",
        "联合开展2023年河湖安全保护专项执法行动",
        "三年内完成",
        "上年底",
        "每月25日前报送",
        "(焦城创指〔2018〕6号)",
    ],
)
def test_not_deadlines(text):
    assert find_deadlines(text, 2023) == []


def test_a_range_keeps_its_first_day_and_parse_deadline_takes_its_end():
    match = find_deadlines("准备发动阶段(2018年1月-2018年3月)", 2018)[0]
    assert (match.begin, match.date, match.text) == (date(2018, 1, 1), date(2018, 3, 31), "2018年1月-2018年3月")
    assert parse_deadline("2018年3月-2018年12月", 2018) == date(2018, 12, 31)


# targets


def found(text: str) -> list[tuple]:
    return [(t.indicator, t.operator, t.value, t.unit) for t in targets_in(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("集中式饮用水水源水质达标率不低于90％", [("集中式饮用水水源水质达标率", "≥", 90, "%")]),
        ("生态文明建设工作占党政实绩考核的比例≥20%", [("生态文明建设工作占党政实绩考核的比例", "≥", 20, "%")]),
        ("县城公共管网漏损率降到10%以下", [("县城公共管网漏损率", "≤", 10, "%")]),
        ("农田灌溉水有效利用系数达到0.636以上", [("农田灌溉水有效利用系数", "≥", 0.636, "")]),
        ("全市用水总量不超过12.498亿立方米", [("全市用水总量", "≤", 12.498, "亿立方米")]),
        ("新增造林面积4700亩", [("新增造林面积", "=", 4700, "亩")]),
        ("环境信息公开率100%", [("环境信息公开率", "=", 100, "%")]),
        ("单位地区生产总值能耗≤0.70吨标煤/万元", [("单位地区生产总值能耗", "≤", 0.7, "吨标煤/万元")]),
        ("完成80%以上溯源", [("溯源", "≥", 80, "%")]),
        ("PM2.5浓度控制在35微克/立方米以下", [("PM2.5浓度", "≤", 35, "微克/立方米")]),
        ("审批时间压缩至90个工作日以内", [("审批时间", "≤", 90, "个工作日")]),
        ("比例总体为95%左右", [("比例", "=", 95, "%")]),
        ("地区生产总值增长6.2%左右", [("地区生产总值", "提高", 6.2, "%")]),
        (
            "万元国内生产总值用水量、万元工业增加值用水量较2020年下降7.5%、6.35%以上",
            [("万元国内生产总值用水量", "下降", 7.5, "%"), ("万元工业增加值用水量", "下降", 6.35, "%")],
        ),
        (
            "生活垃圾无害化处理率、生活污水处理率分别达到97.8%、96.8%",
            [("生活垃圾无害化处理率", "≥", 97.8, "%"), ("生活污水处理率", "≥", 96.8, "%")],
        ),
        (
            "完成10条(段、座)幸福河湖建设,其中:省级河流2条,市级河流1条、水库3座",
            [
                ("幸福河湖建设", "=", 10, "条"),
                ("省级河流", "=", 2, "条"),
                ("市级河流", "=", 1, "条"),
                ("水库", "=", 3, "座"),
            ],
        ),
    ],
)
def test_target_forms(text, expected):
    assert found(text) == expected


def test_alternatives_joined_by_or():
    targets = targets_in("城市污水处理率达到95%以上或较上年提高5个百分点，森林覆盖率达到30%")
    assert [(t.indicator, t.operator, t.value, t.unit, t.alternative) for t in targets] == [
        ("城市污水处理率", "≥", 95, "%", 1),
        ("城市污水处理率", "提高", 5, "个百分点", 1),
        ("森林覆盖率", "≥", 30, "%", 0),
    ]
    assert targets[1].baseline == "较上年"


@pytest.mark.parametrize(
    "text",
    [
        "完成辖区内5万亩以上大中型灌区渠首取水口、年许可地表水20万立方米以上、地下水5万立方米以上取用水户计量",
        "完成河道两侧400米内畜禽养殖业专项整治工作",
        "认真贯彻落实省第5号、市第6号总河长令",
        "以河长制工作3.0版为主要路径",
        "用好12314监督举报平台",
        "以“263”专项行动为抓手",
        "1、完成沼气工程建设；2、提供清单",
        "完成全部37项指标佐证台帐资料",
        "按照《规划(2016-2020)》要求",
    ],
)
def test_numbers_that_are_not_targets(text):
    assert found(text) == []


def test_table_target_values():
    assert parse_value("≥20") == ("≥", 20, "")
    assert parse_value("0.65") == ("=", 0.65, "")
    assert parse_value("８５％") == ("=", 85, "%")
    assert parse_value("不低于90%") == ("≥", 90, "%")
    assert parse_value("按市规定值") == ("", None, "")


# tables


def test_tab_indented_table():
    text = (
        "工作台账\n\t序号\n\t重点工作任务\n\t责任单位\n\n\t1\n\t1、第一项；\n2、第二项。\n\t区农办\n\n"
        "\t2\n\t\n\t区财政局\n\n下一段"
    )
    blocks = recover_tables(read_text(text.encode()))
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.title == "工作台账" and table.header == ["序号", "重点工作任务", "责任单位"]
    assert [r.cells for r in table.rows] == [
        {"序号": "1", "重点工作任务": "1、第一项；\n2、第二项。", "责任单位": "区农办"},
        {"序号": "2", "重点工作任务": "", "责任单位": "区财政局"},
    ]
    assert blocks[-1].text == "下一段"


def test_one_cell_per_line_table_with_spans_and_sub_rows():
    cells = [
        "领域", "任务", "序号", "指标名称", "单位", "指标值", "指标属性", "牵头部门",
        "生态经济", "(一)资源节约", "1", "单位地区生产总值用水量", "东部地区", "立方米/万元",
        "用水总量不超过控制目标值", "≤50", "约束性指标", "水利分局",
        "(二)", "循环发展", "2", "农业废弃物综合利用率", "秸秆综合利用率", "粪便综合利用率", "%", "%", "≥95", "≥90",
        "参考性指标", "区农委", "住建局",
        "3", "城镇污水处理率", "%", "100", "约束性指标", "区住建局",
    ]  # fmt: skip
    text = "\n\n".join(cells) + "\n\n【关闭本页】"
    table = next(b for b in recover_tables(read_text(text.encode())) if isinstance(b, Table))
    rows = table.rows
    assert [r.cells["序号"] for r in rows] == ["1", "2", "3"]
    assert [(r.cells["领域"], r.cells["任务"]) for r in rows] == [
        ("生态经济", "(一)资源节约"),
        ("生态经济", "(二)循环发展"),
        ("生态经济", "(二)循环发展"),
    ]
    assert (rows[0].cells["单位"], rows[0].cells["指标值"], rows[0].parts["指标名称"][1]) == (
        "立方米/万元",
        "≤50",
        "东部地区",
    )
    assert rows[1].parts["指标值"] == ["≥95", "≥90"] and rows[1].parts["牵头部门"] == ["区农委", "住建局"]
    assert rows[1].irregular and not rows[2].irregular
    assert rows[2].cells == {
        "领域": "生态经济", "任务": "(二)循环发展", "序号": "3", "指标名称": "城镇污水处理率",
        "单位": "%", "指标值": "100", "指标属性": "约束性指标", "牵头部门": "区住建局",
    }  # fmt: skip


def test_space_separated_table_becomes_tasks(tmp_path):
    plan = plan_from(
        tmp_path,
        "某市河长制任务分解表\n序号 主要任务 具体措施 牵头单位 配合单位 完成时限\n"
        "1 节约用水 到2020年，全市用水总量控制在11亿立方米以内。 市水利局 市发改委、住建局 2020年12月底前\n"
        "2 治理污染 城镇污水处理率达到95%以上。 市生态环境局 各县区政府 2019年6月底前\n",
    )
    assert [(t.roles.lead, t.roles.cooperating, t.deadline) for t in plan.tasks] == [
        (["市水利局"], ["市发改委", "市住建局"], date(2020, 12, 31)),
        (["市生态环境局"], ["各县区政府"], date(2019, 6, 30)),
    ]
    assert [(t.indicator, t.value) for t in plan.items[-1].targets] == [("城镇污水处理率", 95)]


# notice


def test_gb9704_notice():
    text = (
        "\n\n某政办发〔2021〕12号\n\n某县人民政府办公室\n关于印发《某县2021年河长制工作方案》的通知\n\n"
        "各乡（镇）人民政府，县直各部门：\n    现将《某县2021年河长制工作方案》印发给你们，请认真贯彻落实。\n\n"
        "某县人民政府办公室\n二〇二一年三月五日\n某县2021年河长制工作方案\n一、总体要求\n附件：1.任务清单\n2.指标清单\n"
        "某县人民政府办公室   2021年3月5日印发\n"
    )
    result = read_notice(paragraphs(text))
    n = result.notice
    assert (n.issuer, n.doc_number, n.plan_title, n.issued_on) == (
        "某县人民政府办公室", "某政办发〔2021〕12号", "某县2021年河长制工作方案", date(2021, 3, 5)
    )  # fmt: skip
    assert n.notice_title == "某县人民政府办公室关于印发《某县2021年河长制工作方案》的通知"
    assert n.recipients == "各乡（镇）人民政府，县直各部门" and n.notice_body.startswith("现将")
    assert n.attachments == ["任务清单", "指标清单"]
    assert (n.print_office, n.printed_on) == ("某县人民政府办公室", date(2021, 3, 5))
    assert paragraphs(text)[result.body_start].text == "一、总体要求"


def test_web_page_notice_with_garbled_signature():
    text = (
        "索 引 号: 0001/2018-00049 主题分类:\n发布机构: 海陵区政府 发文日期: 2018-04-09\n文 号: 泰海政办发[2018]26号\n"
        "区政府办公室关于印发海陵区创建 国家生态文明建设示范区工作实施方案的通知\n\n各镇人民政府,各街道办事处:\n\n"
        "现将《海陵区创建国家生态文明建设示范区工作实施方案》印发给你们,请认真贯彻执行。\n\nbet36365办公室\n\n2018年4月9日\n"
    )
    result = read_notice(paragraphs(text))
    assert result.notice.doc_number == "泰海政办发〔2018〕26号"
    assert result.notice.issuer == "海陵区政府办公室"
    assert result.notice.plan_title == "海陵区创建国家生态文明建设示范区工作实施方案"
    assert {r.code for r in result.reviews} >= {"issuer-garbled", "issuer-completed"}


def test_dates_and_document_numbers():
    assert parse_date("二〇一八年四月三日") == date(2018, 4, 3)
    assert parse_date("2023-05-26") == date(2023, 5, 26)
    assert normalise_doc_number("焦示城创指［2018］6号") == "焦示城创指〔2018〕6号"
    assert normalise_doc_number("遂府函〔2019〕55 号") == "遂府函〔2019〕55号"


# the workbook when the text names no unit for a task


def test_task_without_unit_gets_a_placeholder_the_clerk_must_replace(tmp_path):
    from generator.plan import read_plan
    from generator.plan.importer import write_imported_plan

    plan = plan_from(
        tmp_path,
        "某局2022年工作要点\n一、重点任务\n1.推进节水。年底前完成。(市水利局负责)\n2.加强宣传。6月底前完成。\n",
    )
    assert [t.roles.lead for t in plan.tasks] == [["市水利局"], []]
    assert any(r.code == "lead-missing" for r in plan.reviews)
    workbook = read_plan(write_imported_plan(plan, tmp_path / "plan.xlsx"))
    # the placeholder is no unit: the task has none until the clerk names one, and the plan is not ready
    assert [t.unit for t in workbook.tasks] == ["市水利局", ""]
    assert [t.unresolved for t in workbook.tasks] == [(), ("（待指定）",)]
    assert workbook.tasks[1].deadline == date(2022, 6, 30)
    from generator.errors import PlanError
    from generator.plan.readiness import ensure_ready

    with pytest.raises(PlanError, match="重点任务第2项的责任单位仍为「（待指定）」"):
        ensure_ready(workbook)


def test_counts():
    counts = Counts(8, 2, 0)
    assert (counts.precision, counts.recall, round(counts.f1, 3)) == (0.8, 1.0, 0.889)
    assert Counts().f1 == 1.0  # nothing to find and nothing found
    assert Counts(0, 3, 0).f1 == 0.0
