"""templates/notice.docx: the notice that issues the plan (关于印发《…》的通知), the plan text and its annexes."""

from docx.shared import Mm, Pt

from gongwen.base import (
    CATEGORY_LOOPS,
    LAND_LEFT,
    LAND_TEXT_W,
    MARK_TOP_MM,
    banji,
    blank,
    bottom_rule,
    data_table,
    new_document,
    new_section,
    para,
)

# Cell texts the renderer turns into merges (generator/documents/docx.py): the cell joins the one above / left.
MERGE_UP, MERGE_LEFT = "\ue001", "\ue002"


def notice_head(doc):
    """Red head: 发文机关标志, 发文字号 with the red separator, then title, 主送, body, 附件说明, 署名, 附注.

    The 附件说明 and the blank lines are kept with the 署名 and 成文日期, so the signature does not stand alone on
    a page when the 附件说明 is there; the body itself is not held back (§7.3: page 1 shows the body)."""
    para(doc, "TZ发文机关标志", "{{ issuer_mark }}", space_before=Mm(MARK_TOP_MM))
    blank(doc, 2)
    bottom_rule(para(doc, "TZ居中", "{{ doc_number }}"), space=11)  # 4 mm below the 发文字号
    blank(doc, 2)
    para(doc, "TZ标题", "{{ title }}")
    blank(doc)
    para(doc, "TZ主送", "{{ recipients }}：")
    para(doc, "TZ正文", "{{ notice_body }}")
    blank(doc, keep_with_next=True)
    para(doc, "TZ正文", "{%p for a in attachments %}")
    para(doc, "TZ正文", "{%p if loop.first %}")
    para(doc, "TZ附件说明", "附件：{{ a.index }}.{{ a.title }}", keep_with_next=True)
    para(doc, "TZ正文", "{%p else %}")
    para(doc, "TZ附件说明续", "{{ a.index }}.{{ a.title }}", keep_with_next=True)
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ正文", "{%p endfor %}")
    blank(doc, keep_with_next=True)
    para(doc, "TZ署名", "{{ signature }}")
    para(doc, "TZ成文日期", "{{ date_cn }}")
    para(doc, "TZ正文", "{%p if note %}")
    para(doc, "TZ正文", "{{ note }}")
    para(doc, "TZ正文", "{%p endif %}")


def plan_text(doc):
    """The issued plan: new page, title, then body paragraphs by level (1 黑体, 2 楷体 lead-in + 仿宋, 0 仿宋)."""
    para(doc, "TZ标题", "{{ plan_title }}", page_break_before=True)
    blank(doc)
    para(doc, "TZ正文", "{%p for p in plan_body %}")
    para(doc, "TZ正文", "{%p if p.level == 1 %}")
    para(doc, "TZ一级标题", "{{ p.heading }}{{ p.text }}")
    para(doc, "TZ正文", "{%p elif p.level == 2 %}")
    para(doc, "TZ正文", ("{{ p.heading }}", "TZ二级标题"), "{{ p.text }}")
    para(doc, "TZ正文", "{%p else %}")
    para(doc, "TZ正文", "{{ p.text }}")
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ正文", "{%p endfor %}")


def annex_head(doc):
    """附件N on line 1 (三号黑体, flush left), annex title centred on line 3 (§7.3.7)."""
    para(doc, "TZ附件标识", "附件{{ a.index }}")
    blank(doc)
    para(doc, "TZ标题", "{{ a.title }}", space_after=Pt(10))


def task_table(doc):
    """工作台账 (焦作 seed 附件一)."""
    c, left = "TZ表格", "TZ表格左"
    data_table(
        doc,
        [
            ("序号", 12, c),
            ("重点工作任务", 52, left),
            ("目标要求", 50, left),
            ("工作要求", 55, left),
            ("责任单位", 28, c),
            ("完成时限", 28, c),
        ],
        [
            "{%tr for r in tasks %}",
            ["{{ r.no }}", "{{ r.task }}", "{{ r.target }}", "{{ r.requirement }}", "{{ r.unit }}", "{{ r.deadline }}"],
            "{%tr endfor %}",
        ],
        total=LAND_TEXT_W,
    )


def indicator_table(doc):
    """量化指标台账 (焦作 seed 附件二): 类别 merged over its rows."""
    c, left = "TZ表格", "TZ表格左"
    data_table(
        doc,
        [
            ("类别", 24, c),
            ("序号", 11, c),
            ("指标", 32, left),
            ("量纲", 13, c),
            ("目标值", 18, c),
            ("计算依据", 55, left),
            ("工作要求", 43, left),
            ("责任单位", 29, c),
        ],
        [
            *CATEGORY_LOOPS,
            [
                "{{ r.category }}{% vm %}",
                "{{ r.no }}",
                "{{ r.name }}",
                "{{ r.dimension }}",
                "{{ r.target }}",
                "{{ r.basis }}",
                "{{ r.requirement }}",
                "{{ r.unit }}",
            ],
            "{%tr endfor %}",
            "{%tr endfor %}",
        ],
        total=LAND_TEXT_W,
    )


def breakdown_table(doc):
    """任务分解表 (海陵 seed 附件2): 领域, 任务 and each indicator's cells merged over its 分项 sub-rows. The rows
    come laid out from generator/documents/breakdown.py; a cell holding MERGE_UP/MERGE_LEFT joins its neighbour."""
    c, left = "TZ表格", "TZ表格左"
    table = data_table(
        doc,
        [
            ("领域", 12, c),
            ("任务", 24, c),
            ("序号", 10, c),
            ("指标名称", 44, left),
            ("", 34, left),
            ("单位", 22, c),
            ("指标值", 34, c),
            ("指标属性", 26, c),
            ("牵头部门", 26, c),
        ],
        [
            "{%tr for r in breakdown %}",
            [
                "{{ r.field }}",
                "{{ r.task }}",
                "{{ r.no }}",
                "{{ r.name }}",
                "{{ r.sub }}",
                "{{ r.dimension }}",
                "{{ r.target }}",
                "{{ r.attribute }}",
                "{{ r.lead }}",
            ],
            "{%tr endfor %}",
        ],
        total=LAND_TEXT_W,
    )
    head = table.rows[0].cells
    head[3].merge(head[4])  # 指标名称 over the name and its 分项
    for paragraph in head[3].paragraphs[1:]:  # merge() joins the cells' paragraphs: keep one
        paragraph._p.getparent().remove(paragraph._p)


ANNEX_TABLES = {"工作台账": task_table, "量化指标台账": indicator_table, "任务分解表": breakdown_table}


def notice_annexes(doc):
    """One landscape section per annex, in the plan's order (附件版式), then the 版记 on a portrait page."""
    new_section(doc, landscape=True)
    para(doc, "TZ正文", "{%p for a in annexes %}")
    annex_head(doc)
    # A table too long to print (a province's tens of thousands of rows) is issued as a spreadsheet beside the notice.
    para(doc, "TZ正文", "{%p if a.file %}")
    para(doc, "TZ正文", "本附件共{{ a.rows }}行，篇幅较长，以电子表格印发，见《{{ a.file }}》。")
    para(doc, "TZ正文", "{%p else %}")
    for n, (layout, table) in enumerate(ANNEX_TABLES.items()):
        para(doc, "TZ正文", f"{{%p {'if' if n == 0 else 'elif'} a.layout == '{layout}' %}}")
        table(doc)
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ正文", "{%p if not loop.last %}")
    new_section(doc, landscape=True)  # the break paragraph closes this annex's landscape section
    para(doc, "TZ正文", "{%p endif %}")
    para(doc, "TZ正文", "{%p endfor %}")
    # The 版记 closes the last annex's page (§7.4: on the last page, with text), not a page of its own.
    banji(
        doc,
        [
            "{%tr if cc %}",
            ("抄送：{{ cc }}。", "TZ抄送"),
            "{%tr endif %}",
            "{{ print_office }}\t{{ print_date_cn }}印发",
        ],
        width=LAND_TEXT_W,
        left=LAND_LEFT,
    )


def build_notice():
    doc = new_document()
    notice_head(doc)
    plan_text(doc)
    notice_annexes(doc)
    return doc
