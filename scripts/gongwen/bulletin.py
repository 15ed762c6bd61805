"""templates/bulletin.docx: the monthly progress bulletin (工作进展通报 第N期)."""

from docx.shared import Pt

from gongwen.base import CATEGORY_LOOPS, banji, blank, bottom_rule, data_table, new_document, para


def bulletin_head(doc):
    """简报-style masthead: red title, issue number, office left / date right over a red rule."""
    para(doc, "TZ报头", "{{ bulletin_title }}")
    para(doc, "TZ居中", "第{{ issue_no }}期")
    bottom_rule(para(doc, "TZ报头行", "{{ office }}\t{{ date_cn }}"), sz=12, space=4)
    blank(doc)
    para(doc, "TZ标题", "{{ period_cn }}工作进展情况")
    blank(doc)


def bulletin_body(doc):
    c, left = "TZ表格", "TZ表格左"
    para(doc, "TZ一级标题", "一、总体进展")
    para(
        doc,
        "TZ正文",
        "截至{{ period_cn }}底，《{{ plan_title }}》确定的{{ summary.total }}项重点任务中，"
        "已完成{{ summary.done }}项，按序时推进{{ summary.on_schedule }}项，滞后{{ summary.lagging }}项，"
        "未启动{{ summary.not_started }}项，未报送{{ summary.not_reported }}项，任务完成率"
        "{{ summary.completion_rate }}，{{ summary.change_text }}。",
    )
    para(doc, "TZ一级标题", "二、各单位进展情况")
    para(doc, "TZ正文", "各责任单位重点任务推进情况见下表（按平均进度由高到低排名）。")
    # one ranking table per unit category (市直部门, 县区 …); a heading only when there are several
    para(doc, "TZ正文", "{%p for t in unit_tables %}")
    para(doc, "TZ正文", "{%p if t.title %}")
    para(doc, "TZ正文", ("{{ t.title }}", "TZ二级标题"))
    para(doc, "TZ正文", "{%p endif %}")
    data_table(
        doc,
        [
            ("排名", 13, c),  # a province's ranks have four digits
            ("责任单位", 28, c),
            ("任务数", 12, c),
            ("已完成", 12, c),
            ("按序时\n推进", 15, c),
            ("滞后", 11, c),
            ("未启动", 12, c),
            ("平均进度", 18, c),
            ("较上月", 15, c),
            ("完成率", 20, c),  # 100.0% on one line
        ],
        [
            "{%tr for u in t.units %}",
            [
                "{{ u.rank }}",
                "{{ u.name }}",
                "{{ u.total }}",
                "{{ u.done }}",
                "{{ u.on_schedule }}",
                "{{ u.lagging }}",
                "{{ u.not_started }}",
                "{{ u.avg_percent }}",
                "{{ u.change }}",
                "{{ u.completion_rate }}",
            ],
            "{%tr endfor %}",
        ],
    )
    para(doc, "TZ正文", "{%p endfor %}")
    para(doc, "TZ正文", "{%p if chart %}")  # no chart (e.g. nothing reported yet): no empty figure and caption
    para(doc, "TZ图", "{{ chart }}", space_before=Pt(8))
    para(doc, "TZ图题", "图1 各单位平均完成进度（%）")
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ正文", "{%p if trend_chart %}")  # from the second stored month on
    para(doc, "TZ图", "{{ trend_chart }}", space_before=Pt(8))
    para(doc, "TZ图题", "图2 各单位平均完成进度变化（%）")
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ正文", "{%p if shared %}")  # tasks several units report on: where each unit stands
    para(doc, "TZ正文", "多个单位共同承担的任务，各单位进展如下（单位较多时列出前几个及总数）。")
    data_table(
        doc,
        [
            ("序号", 10, c),
            ("重点工作任务", 34, left),
            ("单位数", 12, c),
            ("已完成", 24, c),
            ("推进中", 24, c),
            ("滞后", 24, c),
            ("未报送", 22, c),
            ("平均进度", 16, c),
        ],
        [
            "{%tr for r in shared %}",
            [
                "{{ r.no }}",
                "{{ r.task }}",
                "{{ r.units }}",
                "{{ r.done }}",
                "{{ r.ongoing }}",
                "{{ r.lagging }}",
                "{{ r.not_reported }}",
                "{{ r.percent }}",
            ],
            "{%tr endfor %}",
        ],
    )
    blank(doc)
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ一级标题", "三、考核得分情况")
    para(doc, "TZ正文", "{%p if assessment.rows %}")
    para(
        doc,
        "TZ正文",
        "按照报送及时、序时进度、数据质量和逾期扣分等考核计分规则，本期各单位平均得分{{ assessment.average }}分，"
        "各单位得分和排名见下表（同分同名次），计分明细见附件《考核得分表》。",
    )
    data_table(
        doc,
        [
            ("类别", 22, c),
            ("排名", 13, c),
            ("责任单位", 30, c),
            ("得分", 14, c),
            ("较上月", 15, c),
            ("主要失分", 62, left),
        ],
        [
            "{%tr for r in assessment.rows %}",
            ["{{ r.category }}", "{{ r.rank }}", "{{ r.unit }}", "{{ r.score }}", "{{ r.change }}", "{{ r.lost }}"],
            "{%tr endfor %}",
        ],
    )
    blank(doc)
    para(doc, "TZ正文", "{%p if assessment.praised %}")
    para(
        doc,
        "TZ正文",
        "{{ assessment.praised|join('、') }}得分在{{ assessment.praise_from }}分以上，予以通报表扬。",
    )
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ正文", "{%p if assessment.interviewed %}")
    para(
        doc,
        "TZ正文",
        "{{ assessment.interviewed|join('、') }}得分低于{{ assessment.interview_below }}分，"
        "由{{ office }}约谈其主要负责同志，限期整改。",
    )
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ正文", "{%p else %}")
    para(doc, "TZ正文", "本期无考核单位。")
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ一级标题", "四、督办清单")
    para(doc, "TZ正文", "{%p if overdue %}")
    para(doc, "TZ正文", "以下任务已逾期或滞后于序时进度，请责任单位对照问题抓紧整改，按期销号。")
    para(doc, "TZ正文", "{%p if repeat_overdue %}")
    para(doc, "TZ正文", "其中{{ repeat_overdue }}任务已连续两个月以上逾期，列为重点督办。")
    para(doc, "TZ正文", "{%p endif %}")
    data_table(
        doc,
        [
            ("序号", 10, c),
            ("重点工作任务", 32, left),
            ("责任单位", 20, c),
            ("完成时限", 19, c),
            ("完成\n状态", 12, c),
            ("完成\n进度", 12, c),
            ("逾期\n天数", 12, c),
            ("连续\n逾期", 12, c),
            ("存在问题", 27, left),
        ],
        [
            "{%tr for r in overdue %}",
            [
                "{{ r.no }}",
                "{{ r.task }}",
                "{{ r.unit }}",
                "{{ r.deadline }}",
                "{{ r.status }}",
                "{{ r.percent }}",
                "{{ r.days_overdue }}",
                "{{ r.streak }}",
                "{{ r.problem }}",
            ],
            "{%tr endfor %}",
        ],
    )
    blank(doc)
    para(doc, "TZ正文", "{%p else %}")
    para(doc, "TZ正文", "本期无逾期或滞后任务。")
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ一级标题", "五、量化指标达标情况")
    para(
        doc,
        "TZ正文",
        "{{ indicators_summary.total }}项量化指标中，已达标{{ indicators_summary.met }}项，"
        "未达标{{ indicators_summary.not_met }}项，待核定{{ indicators_summary.pending }}项。",
    )
    data_table(
        doc,
        [
            ("序号", 11, c),
            ("类别", 21, c),
            ("指标", 32, left),
            ("量纲", 12, c),
            ("目标值", 24, c),
            ("当前值", 18, c),
            ("达标\n情况", 16, c),
            ("责任单位", 22, c),
        ],
        [
            *CATEGORY_LOOPS,
            [
                "{{ r.no }}",
                "{{ r.category }}{% vm %}",
                "{{ r.name }}",
                "{{ r.dimension }}",
                "{{ r.target }}",
                "{{ r.current }}",
                "{{ r.attainment }}",
                "{{ r.unit }}",
            ],
            "{%tr endfor %}",
            "{%tr endfor %}",
        ],
    )
    blank(doc)
    para(doc, "TZ一级标题", "六、未报送单位")
    para(doc, "TZ正文", "{%p if missing_units %}")
    para(
        doc,
        "TZ正文",
        "截至统计时，{{ missing_units|join('、') }}未按时报送本月工作台账，"
        "请于收到本通报后{{ reply_days }}个工作日内补报。",
    )
    para(doc, "TZ正文", "{%p else %}")
    para(doc, "TZ正文", "本月各责任单位均按时报送工作台账。")
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ正文", "{%p if silent_units %}")  # cooperating units need not report unless the plan says so
    para(doc, "TZ正文", "配合单位中，{{ silent_units|join('、') }}本月未报送台账（配合单位可不单独报送）。")
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ一级标题", "七、下步工作要求")
    para(doc, "TZ正文", "{%p if closing %}")  # the office's own paragraphs from taizhang.toml [office] closing
    para(doc, "TZ正文", "{%p for text in closing %}")
    para(doc, "TZ正文", "{{ text }}")
    para(doc, "TZ正文", "{%p endfor %}")
    para(doc, "TZ正文", "{%p else %}")
    para(
        doc,
        "TZ正文",
        "各责任单位要对照工作台账，逐项梳理任务推进情况，对已完成的任务及时整理佐证材料、规范归档；"
        "对滞后和逾期的任务，主要负责同志要亲自研究，明确整改措施和完成时限，确保按期完成；对未达标的量化指标，"
        "要认真分析原因，制定针对性措施，尽快补齐短板。各责任单位须于每月{{ due_day }}日前报送上月工作台账，"
        "{{ office }}将持续跟踪督办，并将推进情况纳入年度目标考核。",
    )
    para(doc, "TZ正文", "{%p endif %}")
    banji(
        doc,
        [
            "{%tr if report_to %}",
            ("报：{{ report_to }}", "TZ报送"),
            "{%tr endif %}",
            "{%tr if send_to %}",
            ("送：{{ send_to }}", "TZ报送"),
            "{%tr endif %}",
            "{{ office }}\t{{ date_cn }}印发",
        ],
    )


def build_bulletin():
    doc = new_document()
    bulletin_head(doc)
    bulletin_body(doc)
    return doc
