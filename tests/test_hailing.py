"""The second example, examples/hailing-2018 (任务分解表 layout), from the seed to the printed PDFs."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import HAILING, ROOT

from generator.documents.pdf import find_soffice, to_pdfs
from generator.plan import read_plan

sys.path.insert(0, str(ROOT / "scripts"))
import build_hailing_example


def page_texts(pdf) -> list[str]:
    """The text of each page, white space removed."""
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(page.split()) for page in out.split("\f")[:-1]]


def test_seed_parses_into_37_tasks_and_37_indicators():
    plan = build_hailing_example.plan_from_seed(build_hailing_example.SEED)
    assert len(plan.tasks) == 37 and len(plan.indicators) == 37
    task10 = plan.task_by_no[10]
    assert task10.lead_units == "海陵环保局、区住建局" and plan.unit(task10.unit).short_name == "海陵环保局"
    assert task10.co_units == "区农委、水利分局，各镇街、园区"
    i24 = plan.indicator_by_no[24]
    assert i24.sub_items == ("秸秆综合利用率", "畜禽养殖场粪便综合利用率") and i24.target == 95
    assert plan.indicator_by_no[1].target_text == "制定实施" and plan.indicator_by_no[1].target is None
    assert plan.indicator_by_no[16].target_text == "未发生"
    assert plan.indicator_by_no[21].direction == "≤" and plan.indicator_by_no[21].target == 0.7
    assert {i.attribute for i in plan.indicators} == {"约束性指标", "参考性指标"}
    assert plan.info.note == "（此件公开发布）" and plan.info.doc_number == "泰海政办发〔2018〕26号"


def test_shipped_plan_is_the_seed(tmp_path):
    shipped = read_plan(HAILING / "inputs" / "plan.xlsx")
    built = build_hailing_example.plan_from_seed(build_hailing_example.SEED)
    assert shipped.tasks == built.tasks and shipped.indicators == built.indicators
    assert shipped.annex_layouts == ("工作台账", "任务分解表")
    assert shipped.annex_titles == built.annex_titles


def test_month_end_to_end(hailing_run):
    ws, result = hailing_run
    assert result.month.missing_units == ["泰州市海陵区审计局"]
    assert result.errors == 1  # the unit that did not report
    names = {p.name for p in result.outputs}
    assert names == {
        "工作进展通报（第1期）.docx",
        "关于印发工作方案的通知.docx",
        "附件1_工作台账.xlsx",
        "附件2_任务分解表.xlsx",
        "校验报告.xlsx",
        "考核得分表.xlsx",
    }
    out = ws.period_outputs("2018-06")
    assert sorted(p.relative_to(out).as_posix() for p in result.notices) == [
        "催报通知/区审计局.docx",
        "督办通知/区卫计委.docx",
        "督办通知/区发改委.docx",
        "督办通知/区财政局.docx",
        "督办通知/海陵环保局.docx",
    ]


@pytest.fixture(scope="module")
def pdfs(hailing_run, tmp_path_factory):
    assert find_soffice(), "LibreOffice (soffice) is needed"
    ws, result = hailing_run
    out = tmp_path_factory.mktemp("hailing-pdf")
    root = ws.period_outputs("2018-06")
    paths = [p for p in [*result.outputs, *result.notices] if p.suffix == ".docx" or p.name.startswith("附件2")]
    made = to_pdfs(paths, root, out)  # one LibreOffice process for all of them
    return {path.relative_to(root).as_posix(): pdf for path, pdf in zip(paths, made, strict=True)}


def test_every_page_is_numbered(pdfs):
    for name, pdf in pdfs.items():
        pages = page_texts(pdf)
        assert pages, name
        if name.endswith(".xlsx"):
            assert all("—" in p for p in pages), name
            continue
        for n, page in enumerate(pages, start=1):
            assert f"—{n}—" in page, (name, n)


def test_notice_pdf(pdfs):
    pages = page_texts(pdfs["关于印发工作方案的通知.docx"])
    first = pages[0]
    for expected in ("泰州市海陵区人民政府办公室文件", "泰海政办发〔2018〕26号", "关于印发《海陵区创建国家生态文明"):
        assert expected in first, expected
    text = "".join(pages)
    assert "（此件公开发布）" in text and "2018年4月9日" in text
    annex2 = next(n for n, p in enumerate(pages) if p.startswith("附件2"))
    assert "海陵区创建国家生态文明建设示范区工作任务分解表" in pages[annex2]
    assert "秸秆综合利用率" in text and "畜禽养殖场粪便综合利用率" in text
    assert pages[-1].rstrip("—0123456789").endswith("2018年4月9日印发")  # the 版记 closes the last page


def test_bulletin_pdf(pdfs):
    text = "".join(page_texts(pdfs["工作进展通报（第1期）.docx"]))
    for expected in ("第1期", "37项重点任务中", "区审计局未按时报送", "督办清单", "37项量化指标中", "本期为首次通报"):
        assert expected in text, expected


def test_letters_fit_one_page(pdfs):
    for name in ("督办通知/海陵环保局.docx", "督办通知/区财政局.docx", "催报通知/区审计局.docx"):
        pages = page_texts(pdfs[name])
        assert len(pages) == 1, name
        assert "海陵区创建国家生态文明建设示范区领导小组办公室" in pages[0]
        assert "2018年7月5日" in pages[0] and "2018年7月10日前" in pages[0]  # reply in three working days


def test_breakdown_pdf_fits_the_page_width(pdfs):
    pages = page_texts(pdfs["附件2_任务分解表.xlsx"])
    pages = [page for page in pages if "内容哈希" not in page]  # the 来源 sheet prints after the table
    assert len(pages) <= 4
    assert "达标情况" in pages[0] and "达标情况" in pages[-1]  # the header repeats on every page
