"""Context builders and text helpers of the documents, checked without Word; the template lint."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ROOT
from docx import Document

from generator.documents import context, letter_context, notice_context
from generator.documents.breakdown import CONTINUE, RESTART, breakdown_rows
from generator.documents.docx import check_template
from generator.documents.lint import lint_template, split_tags
from generator.documents.marks import MERGE_LEFT, MERGE_UP
from generator.documents.titles import break_title
from generator.errors import TemplateError
from generator.plan import read_plan

TEMPLATES = ROOT / "templates"


def test_reply_date_counts_working_days():
    assert letter_context.reply_date(date(2018, 6, 5)) == date(2018, 6, 8)  # Tuesday → Friday
    assert letter_context.reply_date(date(2018, 7, 5)) == date(2018, 7, 10)  # Thursday → Tuesday


def test_supervision_context_lists_the_units_overdue_tasks(example_run, plan):
    _, results, _ = example_run
    month = results["2018-05"].month
    assert letter_context.supervised_units(month) == ["区国土建设环保局"]
    ctx = letter_context.supervision_context(plan, month, "区国土建设环保局", date(2018, 6, 5), "焦示城创办〔2018〕9号")
    assert ctx["recipient"] == "区国土建设环保局" and ctx["doc_number"] == "焦示城创办〔2018〕9号"
    assert ctx["office"] == "焦作市示范区四城联创指挥部办公室"
    assert ctx["reply_date_cn"] == "2018年6月8日" and ctx["date_cn"] == "2018年6月5日"
    [task] = ctx["tasks"]
    assert task["no"] == 3 and task["days_overdue"] == 31 and task["deadline"] == "2018年4月底前"
    assert task["state"] == "已逾期31天，目前完成75%"
    assert task["problem"].startswith("存在问题：补偿机制文件") and task["problem"].endswith("。")


def test_reminder_context_lists_what_the_unit_owns(example_run, plan):
    _, results, _ = example_run
    ctx = letter_context.reminder_context(plan, results["2018-05"].month, "管委会办公室", date(2018, 6, 5))
    assert ctx["recipient"] == "管委会办公室" and ctx["period_cn"] == "2018年5月"
    assert [t["no"] for t in ctx["tasks"]] == [9] and ctx["indicator_count"] == 1
    assert ctx["doc_number"] == ""


def test_notice_context_follows_the_plans_annex_layouts(plan, hailing_run):
    ctx = notice_context.notice_context(plan)
    assert [a["layout"] for a in ctx["annexes"]] == ["工作台账", "量化指标台账"]
    assert [a["title"] for a in ctx["attachments"]] == list(plan.annex_titles)
    ws, _ = hailing_run
    hailing = read_plan(ws.plan_path)
    ctx = notice_context.notice_context(hailing)
    assert [(a["index"], a["layout"]) for a in ctx["annexes"]] == [(1, "工作台账"), (2, "任务分解表")]
    assert ctx["title"] == "关于印发《海陵区创建国家生态文明\n建设示范区工作实施方案》的通知"
    assert ctx["tasks"][9]["unit"] == "海陵环保局、区住建局\n（配合：区农委、水利分局，各镇街、园区）"
    rows = ctx["breakdown"]
    assert len(rows) == 41 and rows[0]["field"] == "生态制度" and rows[1]["field"] == MERGE_UP
    assert rows[0]["sub"] == MERGE_LEFT
    first24 = next(i for i, r in enumerate(rows) if r["no"] == "24")
    assert rows[first24]["sub"] == "秸秆综合利用率" and rows[first24 + 1]["no"] == MERGE_UP
    assert rows[first24 + 1]["target"] == "≥95"  # one target per sub-row, not merged


def test_breakdown_rows_merge_marks(hailing_run):
    ws, _ = hailing_run
    hailing = read_plan(ws.plan_path)
    rows = breakdown_rows([_with_short(i) for i in hailing.indicators])
    i = next(k for k, r in enumerate(rows) if r["no"] == 9)  # two 分项 under one 单位 and one 指标值
    assert (rows[i]["dimension"], rows[i]["dim_merge"], rows[i + 1]["dim_merge"]) == ("%", RESTART, CONTINUE)
    assert rows[i + 1]["no_merge"] == CONTINUE and rows[i + 1]["sub"] == "重污染天数比例下降幅度"
    task_starts = [r["task"] for r in rows if r["task_merge"] == RESTART]
    assert len(task_starts) == 10 and task_starts[0] == "（一）制度与保障机制完善"


def _with_short(indicator):
    class Row:
        def __getattr__(self, name):
            return getattr(indicator, name)

    return Row()


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        (
            "关于印发《海陵区创建国家生态文明建设示范区工作实施方案》的通知",
            ["关于印发《海陵区创建国家生态文明", "建设示范区工作实施方案》的通知"],
        ),
        ("焦作市示范区创建全国水生态文明城市2018年工作方案", ["焦作市示范区创建全国水生态文明", "城市2018年工作方案"]),
        ("2018年5月工作进展情况", ["2018年5月工作进展情况"]),
    ],
)
def test_long_titles_break_between_words(title, lines):
    assert break_title(title).split("\n") == lines


def test_a_title_never_breaks_inside_a_number():
    for cut in break_title("关于印发《某某市某某区2018年度生态环境保护工作要点和重点任务清单》的通知").split("\n")[1:]:
        assert not cut[0].isdigit() and cut[0] not in "年月日》"


@pytest.fixture(scope="module")
def contexts(example_run, plan):
    _, results, _ = example_run
    month = results["2018-05"].month
    return {
        "notice.docx": notice_context.notice_context(plan),
        "bulletin.docx": context.bulletin_context(plan, month, None, 2, date(2018, 6, 5)),
        "supervision.docx": letter_context.supervision_context(plan, month, "区国土建设环保局", date(2018, 6, 5)),
        "reminder.docx": letter_context.reminder_context(plan, month, "管委会办公室", date(2018, 6, 5)),
    }


def test_every_template_passes_the_lint(contexts):
    assert sorted(p.name for p in TEMPLATES.glob("*.docx")) == sorted(contexts)
    for name, ctx in contexts.items():
        assert lint_template(TEMPLATES / name, ctx) == [], name


def test_lint_reports_a_split_tag_and_a_missing_variable(tmp_path, contexts):
    doc = Document()
    p = doc.add_paragraph()
    p.add_run("截至{{ peri")
    p.add_run("od_cn }}底")
    doc.add_paragraph("{{ office }}{{ no_such_thing }}")
    path = tmp_path / "edited.docx"
    doc.save(path)
    problems = split_tags(path)
    assert len(problems) == 1 and "拆成了多段" in problems[0] and "{{ period_cn }}" in problems[0]
    all_problems = lint_template(path, contexts["bulletin.docx"])
    assert any("no_such_thing" in m for m in all_problems)


def test_lint_quotes_the_template_text_around_a_broken_block(tmp_path, contexts):
    """A clerk deleted the paragraph holding {%p endif %}: the message quotes what surrounds the opener."""
    doc = Document(str(TEMPLATES / "bulletin.docx"))
    texts = [p.text for p in doc.paragraphs]
    opener_text = "{%p if missing_units %}"
    closer = doc.paragraphs[texts.index("{%p endif %}", texts.index(opener_text))]
    closer._p.getparent().remove(closer._p)
    path = tmp_path / "bulletin.docx"
    doc.save(str(path))
    problems = lint_template(path, contexts["bulletin.docx"])
    assert len(problems) == 1 and "缺少对应的结束标签" in problems[0]
    assert "【" + opener_text + "】" in problems[0] and "六、未报送单位" in problems[0]
    with pytest.raises(TemplateError, match="六、未报送单位"):
        check_template(path, contexts["bulletin.docx"])


def test_lint_quotes_the_text_around_a_split_tag(tmp_path):
    doc = Document()
    p = doc.add_paragraph()
    p.add_run("请于每月{{ due_")
    p.add_run("day }}日前报送")
    path = tmp_path / "edited.docx"
    doc.save(path)
    [problem] = split_tags(path)
    assert "请于每月【{{ due_day }}】日前报送" in problem


_RUNS = (
    '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:pPr><w:jc w:val="center"/></w:pPr>'
    '<w:r><w:t>一、</w:t><w:tab/><w:t xml:space="preserve">督办 </w:t></w:r>'
    '<w:r><w:br/><w:t>第二行</w:t><w:br w:type="page"/><w:cr/><w:noBreakHyphen/><w:ptab w:alignment="left" '
    'w:relativeTo="margin" w:leader="none"/></w:r>'
    '<w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink>'
    "<w:ins><w:r><w:t>修订中插入</w:t></w:r></w:ins>"
    "<w:r><w:rPr><w:b/></w:rPr><w:t/></w:r>"
    "</w:p>"
)


def test_paragraph_text_reads_what_python_docx_reads(example_run):
    """The layout pass reads paragraph text from the XML itself: the same text as python-docx's, for every paragraph
    of the documents a month writes and for runs with tabs, breaks of each kind, hyperlinks and revisions."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    from generator.documents.docx_layout.text import paragraph_text

    made = Paragraph(parse_xml(_RUNS), None)
    assert paragraph_text(made) == made.text and "\t" in made.text and "\n" in made.text and "链接" in made.text
    result = example_run[1]["2018-05"]
    documents = [p for p in [*result.outputs, *result.notices] if p.suffix == ".docx"]
    assert len(documents) >= 4
    for path in documents:
        doc = Document(str(path))
        paragraphs = [Paragraph(p, doc._body) for p in doc.element.body.iter(qn("w:p"))]
        assert [paragraph_text(p) for p in paragraphs] == [p.text for p in paragraphs], path.name
