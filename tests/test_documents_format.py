"""Every FORMAT.md (GB/T 9704-2012) item that applies, checked in the XML of the documents a run writes."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOC_NUMBER = re.compile(r"^.+〔\d{4}〕[1-9]\d*号$")
DATE = re.compile(r"^\d{4}年[1-9]\d?月[1-9]\d?日$")


@pytest.fixture(scope="module")
def documents(example_run, hailing_run):
    """name → python-docx Document, for every DOCX of both examples."""
    ws, _, _ = example_run
    hl_ws, _ = hailing_run
    paths = {
        "notice": ws.period_outputs("2018-05") / "关于印发工作方案的通知.docx",
        "bulletin": ws.period_outputs("2018-05") / "工作进展通报（第2期）.docx",
        "supervision": ws.period_outputs("2018-05") / "督办通知" / "区国土建设环保局.docx",
        "reminder": ws.period_outputs("2018-05") / "催报通知" / "管委会办公室.docx",
        "hl_notice": hl_ws.period_outputs("2018-06") / "关于印发工作方案的通知.docx",
        "hl_bulletin": hl_ws.period_outputs("2018-06") / "工作进展通报（第1期）.docx",
        "hl_supervision": hl_ws.period_outputs("2018-06") / "督办通知" / "海陵环保局.docx",
        "hl_reminder": hl_ws.period_outputs("2018-06") / "催报通知" / "区审计局.docx",
    }
    return {name: Document(str(path)) for name, path in paths.items()}


def styled(doc, style: str) -> list:
    return [p for p in doc.paragraphs if p.style is not None and p.style.name == style]


def style_rpr(doc, style: str):
    return doc.styles[style].element.rPr


def test_page_size_margins_and_grid(documents):
    for name, doc in documents.items():
        for section in doc.sections:
            sect = section._sectPr
            size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
            landscape = size.get(qn("w:orient")) == "landscape"
            w, h = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
            assert (w, h) == ((16838, 11906) if landscape else (11906, 16838)), name
            got = [int(margins.get(qn(f"w:{k}"))) for k in ("top", "left", "right", "bottom")]
            assert got == ([1587, 2098, 1984, 1474] if landscape else [2098, 1587, 1474, 1984]), name
            grid = sect.find(qn("w:docGrid"))
            assert grid.get(qn("w:type")) == "linesAndChars" and grid.get(qn("w:linePitch")) == "579", name


def test_fonts_name_the_east_asian_font_and_no_theme_font(documents):
    for name, doc in documents.items():
        styles = doc.styles.element
        default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
        assert default.get(qn("w:eastAsia")) == "仿宋_GB2312", name
        for part in (styles, doc.element):
            for fonts in part.iter(qn("w:rFonts")):
                assert fonts.get(qn("w:eastAsiaTheme")) is None, name
        ours = [s for s in doc.styles if s.name.startswith("TZ") or s.name == "Normal"]
        for style in ours:
            fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
            if fonts is not None:
                assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:ascii")) != None, (name, style.name)  # noqa: E711


def test_body_text_size_spacing_and_indent(documents):
    doc = documents["notice"]
    style = doc.styles["TZ正文"]
    assert style.element.rPr.find(qn("w:sz")).get(qn("w:val")) == "32"  # 三号 16 pt
    spacing = style.element.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
    assert style.element.pPr.find(qn("w:ind")).get(qn("w:firstLine")) == "640"
    title = doc.styles["TZ标题"].element.rPr
    assert title.find(qn("w:sz")).get(qn("w:val")) == "44"  # 二号
    assert title.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"


def test_headings_by_level(documents):
    doc = documents["notice"]
    assert style_rpr(doc, "TZ一级标题").find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    assert style_rpr(doc, "TZ二级标题").find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体_GB2312"
    level2 = [p for p in styled(doc, "TZ正文") if p.runs and p.runs[0].style.name == "TZ二级标题"]
    assert level2 and all(re.match(r"^（[一二三四五六七八九十]+）", p.runs[0].text) for p in level2)
    level1 = styled(doc, "TZ一级标题")
    assert level1 and all(re.match(r"^[一二三四五六七八九十]+、", p.text) for p in level1)


@pytest.mark.parametrize("name", ["notice", "hl_notice"])
def test_red_head_number_title_and_date(documents, name):
    doc = documents[name]
    mark = styled(doc, "TZ发文机关标志")[0]
    assert doc.styles["TZ发文机关标志"].font.color.rgb == (0xFF, 0x00, 0x00)
    assert mark.paragraph_format.space_before.mm == pytest.approx(35, abs=1)
    number = next(p for p in doc.paragraphs if "〔" in p.text)
    assert DOC_NUMBER.match(number.text)
    texts = [p.text for p in doc.paragraphs]
    assert texts[texts.index(mark.text) + 1 : texts.index(number.text)] == ["", ""]  # two blank lines
    border = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == "FF0000" and int(border.get(qn("w:sz"))) >= 8
    texts = [p.text for p in doc.paragraphs]
    i = texts.index(number.text)
    assert texts[i + 1 : i + 3] == ["", ""] and texts[i + 3].startswith("关于印发《")  # two blank lines
    recipients = texts[texts.index(texts[i + 3]) + 2]
    assert recipients.endswith("：")
    date = styled(doc, "TZ成文日期")[0]
    assert DATE.match(date.text)
    signature = styled(doc, "TZ署名")[0]
    assert signature.paragraph_format.right_indent.twips == pytest.approx(2 * 8845 / 28, abs=2)


def test_signature_and_date_follow_the_rule_of_two_characters(documents):
    """§7.3.5: the date starts two characters right of the signature (both right-aligned)."""
    for name in ("notice", "hl_notice", "supervision", "hl_reminder"):
        doc = documents[name]
        sig, day = styled(doc, "TZ署名")[0], styled(doc, "TZ成文日期")[0]
        char = 8845 / 28
        width = {p: sum(1 if ord(ch) > 0x2E80 else 0.5 for ch in p.text) for p in (sig, day)}
        sig_start = 28 - sig.paragraph_format.right_indent.twips / char - width[sig]
        day_start = 28 - day.paragraph_format.right_indent.twips / char - width[day]
        assert day_start - sig_start == pytest.approx(2, abs=0.05), name
        assert min(sig.paragraph_format.right_indent.twips, day.paragraph_format.right_indent.twips) >= 2 * char - 2


def test_note_and_attachment_list(documents):
    doc = documents["hl_notice"]
    texts = [p.text for p in doc.paragraphs]
    assert "（此件公开发布）" in texts
    first = styled(doc, "TZ附件说明")[0]
    assert first.text == "附件：1.海陵区创建国家生态文明建设示范区工作任务分解书"
    assert styled(doc, "TZ附件说明续")[0].text.startswith("2.")
    pf = first.style.paragraph_format  # 附件： starts two characters in, the names align after it
    assert pf.first_line_indent.twips + pf.left_indent.twips == 640
    assert styled(doc, "TZ附件说明续")[0].style.paragraph_format.left_indent == pf.left_indent


def test_page_numbers_alternate_with_a_page_field(documents):
    for name, doc in documents.items():
        assert doc.settings.element.find(qn("w:evenAndOddHeaders")) is not None, name
        section = doc.sections[0]
        for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
            p = footer.paragraphs[0]
            xml = p._p.xml
            assert "PAGE" in xml and 'w:fldCharType="begin"' in xml, name
            assert p.text.startswith("— ") and p.text.endswith(" —"), name
            assert p.alignment is not None and p.alignment.name.lower() == align, name
            assert p.paragraph_format.first_line_indent.twips == 0
            assert p.style.font.size.pt == 14  # 四号


def test_table_rows_repeat_the_header_and_never_split(documents):
    for name, doc in documents.items():
        for table in doc.tables:
            rows = table._tbl.tr_lst
            for row in rows:
                assert row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None, name
            if table._tbl.tblPr.find(qn("w:tblpPr")) is None:  # every table but the floated 版记
                assert rows[0].trPr.find(qn("w:tblHeader")) is not None, name


def test_annexes_are_landscape_sections_and_the_banji_closes_the_last(documents):
    """Each annex a landscape section; the 版记 on the last annex's page (not a portrait page of its own), as wide
    as that page's text block, its 印发日期 tab at the right edge."""
    for name, layouts in (("notice", 2), ("hl_notice", 2)):
        doc = documents[name]
        orient = [s.orientation.name for s in doc.sections]
        assert orient == ["PORTRAIT"] + ["LANDSCAPE"] * layouts, name
        banji = next(t for t in doc.tables if t._tbl.tblPr.find(qn("w:tblpPr")) is not None)
        assert banji._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")) == "12756"  # 225 mm
        assert banji._tbl.getparent() is doc.element.body and banji._tbl.getnext() is not None
        annex_marks = [p.text for p in styled(doc, "TZ附件标识")]
        assert annex_marks == [f"附件{n}" for n in range(1, layouts + 1)]


def test_breakdown_table_merges_fields_tasks_and_sub_rows(documents):
    doc = documents["hl_notice"]
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "领域")
    rows = table._tbl.tr_lst
    assert len(rows) == 1 + 37 + 4  # 9, 10, 13 and 24 have two 分项 each
    head = rows[0].tc_lst
    assert [tc.tcPr.find(qn("w:gridSpan")) is not None for tc in head].count(True) == 1  # 指标名称 over two
    restarts = [tr.tc_lst[0].tcPr.find(qn("w:vMerge")) for tr in rows[1:]]
    starts = [v is None or v.get(qn("w:val")) == "restart" for v in restarts]
    assert sum(starts) == 6  # 领域: 生态制度, 生态环境, 生态空间, 生态经济, 生态生活, 生态文化
    texts = "".join(tc.xpath("string(.)") for tr in rows for tc in tr.tc_lst)
    assert "\ue001" not in texts and "\ue002" not in texts
    for word in ("秸秆综合利用率", "畜禽养殖场粪便综合利用率", "约束性指标", "未发生", "全面推行"):
        assert word in texts


def test_banji_lines_thick_outside_thin_inside(documents):
    for name in ("notice", "bulletin", "hl_notice"):
        doc = documents[name]
        table = next(t for t in doc.tables if t._tbl.tblPr.find(qn("w:tblpPr")) is not None)
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        size = {side: borders.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "bottom", "insideH")}
        assert size == {"top": "8", "bottom": "8", "insideH": "6"}, name
        assert table._tbl.tblPr.find(qn("w:tblpPr")).get(qn("w:tblpYSpec")) == "bottom"
        last = table.rows[-1].cells[0].text
        assert re.search(r"\t\d{4}年[1-9]\d?月[1-9]\d?日印发$", last), name


def test_letters_address_the_unit_by_its_full_name(documents):
    sup = documents["hl_supervision"]
    texts = [p.text for p in sup.paragraphs]
    assert "泰州市海陵环境保护局：" in texts
    assert any(t.startswith("1.第10项") and "滞后于序时进度" in t and "存在问题" in t for t in texts)
    jz = [p.text for p in documents["supervision"].paragraphs]
    assert any("已逾期31天" in t and "2018年4月底前" in t for t in jz)
    rem = [p.text for p in documents["hl_reminder"].paragraphs]
    assert "泰州市海陵区审计局：" in rem and any("尚未收到你单位2018年6月工作台账" in t for t in rem)
    for doc in (sup, documents["hl_reminder"]):
        assert doc.styles["TZ发文机关标志"].font.color.rgb == (0xFF, 0x00, 0x00)
        mark = styled(doc, "TZ发文机关标志")[0]
        scale = mark.runs[0]._r.rPr.find(qn("w:w"))
        assert scale is not None and 50 <= int(scale.get(qn("w:val"))) < 80  # a long office name, condensed


def test_banji_with_cc(plan, tmp_path):
    """抄送 in 四号仿宋, one character in, ending with 。, above the 印发 line (§7.4)."""
    import dataclasses

    from generator.documents.docx import render
    from generator.documents.notice_context import notice_context
    from generator.workspace import SHIPPED_TEMPLATES

    info = dataclasses.replace(plan.info, cc="市水利局，市环保局", note="（此件公开发布）")
    ctx = notice_context(dataclasses.replace(plan, info=info))
    doc = Document(str(render(SHIPPED_TEMPLATES / "notice.docx", ctx, tmp_path / "notice.docx")))
    banji = next(t for t in doc.tables if t._tbl.tblPr.find(qn("w:tblpPr")) is not None)
    rows = [row.cells[0].paragraphs[0] for row in banji.rows]
    assert [p.text for p in rows] == [
        "抄送：市水利局，市环保局。",
        "焦作市示范区四城联创指挥部办公室\t2018年4月3日印发",
    ]
    assert rows[0].style.name == "TZ抄送" and rows[0].style.font.size.pt == 14
    fmt = rows[1].style.paragraph_format
    assert fmt.left_indent.twips == fmt.right_indent.twips == 280  # one 四号 character
    assert "（此件公开发布）" in [p.text for p in doc.paragraphs]


def test_letter_with_a_document_number(example_run, plan, tmp_path):
    from datetime import date

    from generator.documents.docx import render
    from generator.documents.letter_context import supervision_context
    from generator.workspace import SHIPPED_TEMPLATES

    _, results, _ = example_run
    ctx = supervision_context(
        plan, results["2018-05"].month, "区国土建设环保局", date(2018, 6, 5), "焦示城创办〔2018〕9号"
    )
    doc = Document(str(render(SHIPPED_TEMPLATES / "supervision.docx", ctx, tmp_path / "s.docx")))
    texts = [p.text for p in doc.paragraphs]
    assert "焦示城创办〔2018〕9号" in texts and DOC_NUMBER.match("焦示城创办〔2018〕9号")
    rule = next(p for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None)
    assert rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")) == "FF0000"
    assert texts.index("焦示城创办〔2018〕9号") < [p._p for p in doc.paragraphs].index(rule._p)


def test_a_letter_is_tightened_to_one_page_only_while_it_can_be(example_run, tmp_path):
    """The first-page fit across its boundary: a 督办通知 whose list grows (more tasks, longer ones) keeps the grid's
    pitch while it fits, is tightened (never below MIN_PITCH, tighter as it grows) while a tighter pitch can hold
    it, and keeps the grid again, untouched, once no readable pitch can (the measuring stops early then: it must
    decide alike)."""
    from generator.documents import letter_context
    from generator.documents.docx import render
    from generator.documents.docx_layout.first_page import MIN_PITCH, PITCH
    from generator.plan import read_plan

    ws, results, _ = example_run
    month = results["2018-05"].month
    plan = read_plan(ws.plan_path)
    unit = letter_context.supervised_units(month)[0]
    page = letter_context.supervision_context(plan, month, unit, month.as_of, "示〔2018〕1号")
    one = page["tasks"][0]
    runs = []
    for n in range(1, 5):
        outcomes = []
        for length in range(4, 90, 6):  # the task's text, one line to three
            tasks = [dict(one, index=k, task="巡" * length, problem="") for k in range(1, n + 1)]
            path = render(ws.template("supervision.docx"), dict(page, tasks=tasks), tmp_path / f"{n}-{length}.docx")
            pitches = {
                int(s.get(qn("w:line")))
                for s in Document(str(path)).element.body.iter(qn("w:spacing"))
                if s.get(qn("w:lineRule")) == "exact" and s.getparent().find(qn("w:snapToGrid")) is not None
            }
            assert len(pitches) <= 1
            outcomes.append(pitches.pop() if pitches else None)
        runs.append(outcomes)
        tightened = [p for p in outcomes if p is not None]
        assert all(MIN_PITCH <= p < PITCH for p in tightened)
        if tightened:  # one run of tightened letters, tighter as the text grows, then untouched
            first, last = outcomes.index(tightened[0]), len(outcomes) - outcomes[::-1].index(tightened[-1]) - 1
            assert all(p is not None for p in outcomes[first : last + 1])
            assert tightened == sorted(tightened, reverse=True)
    assert runs[0][0] is None and runs[-1][-1] is None  # fits as it is; too long for any pitch
    assert sum(p is not None for outcomes in runs for p in outcomes) >= 4


def test_the_listing_shortcut_gives_what_docxtpls_pass_gives(tmp_path):
    """The listing pass is skipped when no text holds a tab, line break, paragraph or page mark: for texts with and
    without each mark, escaped markup and elements that only look alike (w:tab, w:tbl), the XML is what docxtpl's
    own pass makes of it, and a mark in a text is still turned into Word's element."""
    from docxtpl import DocxTemplate

    from generator.documents import SUPERVISION_TEMPLATE
    from generator.documents.docx import prepared
    from generator.workspace import SHIPPED_TEMPLATES

    tpl = prepared(SHIPPED_TEMPLATES / SUPERVISION_TEMPLATE)
    paragraph = '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>{}</w:r></w:p>'
    texts = ["甲乙", "a &lt;w:t&gt;\tb", "", "第一行\n第二行", "段\a落", "页\f码", "x &amp; y", "尾\t"]
    runs = [
        *(f'<w:t xml:space="preserve">{t}</w:t>' for t in texts),
        "<w:tab/><w:t>无</w:t>",
        "<w:t>一</w:t><w:tab/>\t",  # a mark outside any text is left as it is by both
    ]
    cases = [
        "".join(paragraph.format(r) for r in runs[:1]),
        "<w:tbl><w:tr><w:tc>" + paragraph.format(runs[-2]) + "</w:tc></w:tr></w:tbl>",
        paragraph.format(runs[-1]),
        *(paragraph.format(r) for r in runs),
        "".join(paragraph.format(r) for r in runs),
    ]
    changed = 0
    for xml in cases:
        ours, theirs = tpl.resolve_listing(xml), DocxTemplate.resolve_listing(tpl, xml)
        assert ours == theirs, xml
        changed += ours != xml
    assert changed >= 4  # tab, line, paragraph and page marks in texts were resolved
