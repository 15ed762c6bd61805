"""The office's own words: templates a clerk edits, settings in taizhang.toml, each office's bulletin in its words."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from conftest import copy_example
from docx import Document
from test_documents_format import test_fonts_name_the_east_asian_font_and_no_theme_font as check_fonts
from test_documents_format import test_page_size_margins_and_grid as check_page

from generator.errors import TaizhangError
from generator.office_settings import office_settings
from generator.run import run_period
from generator.workspace import SHIPPED_TEMPLATES

BULLETIN_05 = "工作进展通报（第2期）.docx"


def _texts(path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def _replace_text(paragraph, old: str, new: str) -> None:
    """Edit a paragraph as Word does: the new text in the first run, the other runs emptied."""
    text = paragraph.text.replace(old, new)
    for run in paragraph.runs[1:]:
        run.text = ""
    paragraph.runs[0].text = text


def test_a_clerks_edit_of_the_bulletin_template_survives_a_run(tmp_path):
    ws = copy_example(tmp_path)
    own = ws.root / "templates"
    own.mkdir()
    doc = Document(str(SHIPPED_TEMPLATES / "bulletin.docx"))
    paragraphs = doc.paragraphs
    heading = next(p for p in paragraphs if p.text == "一、总体进展")
    _replace_text(heading, "总体进展", "总体推进情况")  # a changed sentence
    heading.runs[0].bold = True  # restyled by hand
    intro = next(p for p in paragraphs if p.text.startswith("各责任单位重点任务推进情况见下表"))
    _replace_text(intro, "（按平均进度由高到低排名）", "，排名以平均进度为序")
    section_two = next(p for p in paragraphs if p.text == "二、各单位进展情况")
    section_two._p.addprevious(intro._p)  # a moved paragraph: now above its heading
    doc.save(str(own / "bulletin.docx"))

    run_period(ws, "2018-04", date(2018, 5, 5))
    run_period(ws, "2018-05", date(2018, 6, 5))
    out = ws.period_outputs("2018-05") / BULLETIN_05
    texts = _texts(out)
    assert "一、总体推进情况" in texts and "一、总体进展" not in texts
    moved = next(i for i, t in enumerate(texts) if t.startswith("各责任单位重点任务推进情况见下表，排名以平均进度为序"))
    assert texts[moved + 1] == "二、各单位进展情况"
    rendered = Document(str(out))
    assert next(p for p in rendered.paragraphs if p.text == "一、总体推进情况").runs[0].bold
    check_page({"edited": rendered})
    check_fonts({"edited": rendered})
    body = rendered.styles["TZ正文"].element
    assert (
        body.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sz").get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"
        )
        == "32"
    )  # 三号, untouched by the clerk


def _closing(path) -> str:
    texts = _texts(path)
    start = texts.index("七、下步工作要求")
    return "".join(texts[start + 1 : start + 4])


def test_each_office_signs_its_own_bulletin(example_run, hailing_run):
    ws, _, _ = example_run
    hl_ws, _ = hailing_run
    jiaozuo = _closing(ws.period_outputs("2018-05") / BULLETIN_05)
    hailing = _closing(hl_ws.period_outputs("2018-06") / "工作进展通报（第1期）.docx")
    assert "焦作市示范区四城联创指挥部办公室将持续跟踪督办" in jiaozuo
    assert "海陵区创建国家生态文明建设示范区领导小组办公室将持续跟踪督办" in hailing
    assert "指挥部" not in hailing and "焦作" not in hailing


def test_settings_give_the_office_its_deadlines_closing_and_mark(tmp_path):
    ws = copy_example(tmp_path)
    ws.config_path.write_text(
        "[office]\n"
        'mark = "示范区创建办"\n'
        "report_due_day = 20\n"
        "supervision_reply_days = 5\n"
        "reminder_reply_days = 2\n"
        'closing = ["第一段：各单位要加快进度。", "第二段：每月20日前报送，逾期通报。"]\n'
        'send_to = "各乡（镇）、街道，区直各部门"\n',
        "utf-8",
    )
    result = run_period(ws, "2018-05", date(2018, 6, 1))  # a Friday: 2 working days → 6月5日, 5 → 6月8日
    out = ws.period_outputs("2018-05")
    texts = _texts(out / "工作进展通报（第1期）.docx")
    start = texts.index("七、下步工作要求")
    assert texts[start + 1 : start + 3] == ["第一段：各单位要加快进度。", "第二段：每月20日前报送，逾期通报。"]
    assert not any("将持续跟踪督办" in t for t in texts)
    assert any("2个工作日内补报" in t for t in texts)
    banji = [c.text for t in Document(str(out / "工作进展通报（第1期）.docx")).tables for c in t._cells]
    assert any("送：各乡（镇）、街道，区直各部门" in c for c in banji)
    supervision = sorted((out / "督办通知").glob("*.docx"))
    reminder = sorted((out / "催报通知").glob("*.docx"))
    assert supervision and reminder and result.notices
    letter = _texts(supervision[0])
    assert letter[0] == "示范区创建办"
    assert any("2018年6月8日前" in t for t in letter)
    assert any("2018年6月5日前" in t for t in _texts(reminder[0]))


@pytest.mark.parametrize(
    "section, message",
    [
        ({"supervision_reply_days": 0}, "supervision_reply_days"),
        ({"reminder_reply_days": "三天"}, "reminder_reply_days"),
        ({"closing": [1, 2]}, "closing"),
        ({"numbers": {"supervision": 3}}, "numbers"),
    ],
)
def test_wrong_settings_are_named(plan, section, message):
    with pytest.raises(TaizhangError, match=message):
        office_settings(plan.info, section)


def test_settings_default_to_the_plan(plan):
    office = office_settings(plan.info, {})
    assert office.name == plan.info.bulletin_office and office.mark == office.name
    assert office.report_to == plan.info.report_to and office.due_day == 5


def test_shipped_templates_copy_into_a_workspace(tmp_path):
    """The README's way to start a workspace's own templates: copy the shipped ones; they are then used."""
    from generator.workspace import Workspace

    ws = Workspace(tmp_path)
    shutil.copytree(SHIPPED_TEMPLATES, tmp_path / "templates")
    assert ws.template("bulletin.docx") == tmp_path / "templates" / "bulletin.docx"


def test_units_text_keeps_its_characters_in_the_annexes(tmp_path, plan):
    """Full-width punctuation and line breaks typed by a unit come out exactly (they were NFKC'd to ASCII)."""
    import openpyxl
    from conftest import fill_ledger

    ws = copy_example(tmp_path)
    unit = plan.units[0]
    task = plan.tasks_of(unit.name)[0]
    progress = "已完成清淤，验收合格（一期）；\n二期：正在招标“设计”。ＡＢ１"
    issues = "资金缺口：约３０万元，待拨付"
    for old in ws.period_inputs("2018-05").glob(f"{unit.short_name}*"):
        old.unlink()
    fill_ledger(
        plan,
        unit.short_name,
        "2018-05",
        ws.period_inputs("2018-05") / f"{unit.short_name}.xlsx",
        tasks={task.no: {"进展情况": progress, "完成状态": "滞后", "完成百分比": 40, "存在问题": issues}},
    )
    run_period(ws, "2018-05", date(2018, 6, 5))
    book = openpyxl.load_workbook(ws.period_outputs("2018-05") / "附件1_工作台账.xlsx")
    cells = {c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert progress in cells
    letter = ws.period_outputs("2018-05") / "督办通知" / f"{unit.short_name}.docx"
    assert any(issues in t for t in _texts(letter))
