"""templates/supervision.docx (督办通知) and templates/reminder.docx (催报通知): one short notice to one unit.

Same GB/T 9704 styles as the notice: red 发文机关标志 (the office that issues the bulletin), optional 发文字号, red
separator, title, 主送 (the unit's full name), body, 署名 and 成文日期. The wording is in the template, where a
clerk can change it; the context (generator/documents/context.py) gives only names, dates and the task list.
"""

from docx.shared import Mm

from gongwen.base import blank, bottom_rule, new_document, para

LETTER_MARK_TOP_MM = 0  # practice: like the 信函格式 (§10.1), the mark heads the page, not 35 mm down (§7.2.4)


def letter_head(doc, title):
    para(doc, "TZ发文机关标志", "{{ office_mark }}", space_before=Mm(LETTER_MARK_TOP_MM))
    para(doc, "TZ正文", "{%p if doc_number %}")
    para(doc, "TZ居中", "{{ doc_number }}", space_before=Mm(4))  # a letter's number sits close under the mark
    para(doc, "TZ正文", "{%p endif %}")
    # the red separator, 4 mm under the 发文字号 (or the mark when there is no number)
    bottom_rule(para(doc, "TZ分节", space_before=Mm(3)), space=0)
    # 信函格式 (§10.1) is more compact than a 文件: half a line (not two) around the title, so that a letter with
    # its 发文字号 keeps to one page
    para(doc, "TZ标题", title, space_before=Mm(5))
    para(doc, "TZ主送", "{{ recipient }}：", space_before=Mm(5))


def letter_close(doc):
    """署名 and 成文日期 kept with the last paragraph; no 版记 (信函格式, §10.1: no 印发机关 and 印发日期)."""
    blank(doc, keep_with_next=True)
    para(doc, "TZ署名", "{{ office }}")
    para(doc, "TZ成文日期", "{{ date_cn }}")
    para(doc, "TZ正文", "{%p if contact %}")
    para(doc, "TZ正文", "（联系人：{{ contact }}）")
    para(doc, "TZ正文", "{%p endif %}")


def build_supervision():
    doc = new_document()
    letter_head(doc, "关于督促加快推进滞后任务的通知")
    para(
        doc,
        "TZ正文",
        "根据《{{ plan_title }}》和{{ period_cn }}工作台账，你单位牵头负责的以下{{ tasks|length }}项重点任务"
        "已逾期或滞后于序时进度，现予督办：",
    )
    para(doc, "TZ正文", "{%p for t in tasks %}")
    para(
        doc,
        "TZ正文",
        "{{ t.index }}.第{{ t.no }}项“{{ t.task }}”（完成时限：{{ t.deadline }}）：{{ t.state }}。{{ t.problem }}",
    )
    para(doc, "TZ正文", "{%p endfor %}")
    para(
        doc,
        "TZ正文",
        "请你单位高度重视，主要负责同志亲自研究，对照问题逐项明确整改措施、责任人和完成时限，"
        "于{{ reply_date_cn }}前将整改情况书面报送{{ office }}。整改不力的，将在{{ bulletin_title }}中予以通报。",
        keep_with_next=True,
        widow_control=True,  # only its last lines go with the signature, not the whole paragraph
    )
    letter_close(doc)
    return doc


def build_reminder():
    doc = new_document()
    letter_head(doc, "关于催报{{ period_cn }}工作台账的通知")
    para(
        doc,
        "TZ正文",
        "按照《{{ plan_title }}》要求，各责任单位须按月报送工作台账。截至{{ date_cn }}，我办尚未收到你单位"
        "{{ period_cn }}工作台账。你单位牵头负责重点任务{{ tasks|length }}项、量化指标{{ indicator_count }}项：",
    )
    para(doc, "TZ正文", "{%p for t in tasks %}")
    para(doc, "TZ正文", "{{ t.index }}.第{{ t.no }}项“{{ t.task }}”（完成时限：{{ t.deadline }}）。")
    para(doc, "TZ正文", "{%p endfor %}")
    para(
        doc,
        "TZ正文",
        "请于{{ reply_date_cn }}前按下发的台账格式补报；逾期未报送的，将在{{ bulletin_title }}中予以通报。",
        keep_with_next=True,
        widow_control=True,  # only its last lines go with the signature, not the whole paragraph
    )
    letter_close(doc)
    return doc
