"""Every document opens in LibreOffice: converted to PDF headless, then checked for pages, text and fonts.

LibreOffice is a real part of the users' world (and of CI, which installs it); these tests fail without it.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from generator.documents.chart import CJK_FONTS
from generator.documents.pdf import find_soffice, to_pdfs
from generator.workspace import RECEIPTS


def pdf_text(pdf) -> str:
    """The text in content order with all white space removed, so wrapped cells and lines read whole."""
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(out.split())


def pdf_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def pdfs(example_run, tmp_path_factory):
    assert find_soffice(), (
        "LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
    )
    ws, results, _ = example_run
    out = tmp_path_factory.mktemp("pdf")
    result = results["2018-05"]
    documents = [*result.outputs, *result.notices, *result.receipts]
    made = to_pdfs(documents, ws.period_outputs("2018-05"), out)
    return {path.relative_to(ws.period_outputs("2018-05")).as_posix(): pdf for path, pdf in zip(documents, made)}


def test_every_output_converts(pdfs, example_run):
    """Bulletin, notice, annexes, 考核得分表, report, every letter and every receipt: each has its PDF, in place."""
    _, results, _ = example_run
    result = results["2018-05"]
    assert len(pdfs) == len(result.outputs) + len(result.notices) + len(result.receipts) >= 11
    assert any(name.startswith("督办通知/") for name in pdfs) and any(name.startswith("催报通知/") for name in pdfs)
    assert sum(name.startswith(f"{RECEIPTS}/") for name in pdfs) == len(result.receipts)
    for name, pdf in pdfs.items():
        assert pdf.name == name.split("/")[-1].rsplit(".", 1)[0] + ".pdf"
        assert pdf_pages(pdf) >= 1, name


def test_bulletin_pdf_text_and_page_numbers(pdfs):
    pdf = pdfs["工作进展通报（第2期）.docx"]
    text = pdf_text(pdf)
    for expected in ("第2期", "任务完成率77.8%", "管委会办公室", "区国土建设环保局", "督办清单"):
        assert expected in text, expected
    for page in range(1, pdf_pages(pdf) + 1):
        assert f"—{page}—" in text


def test_bulletin_uses_cjk_fonts(pdfs):
    fonts = subprocess.run(
        ["pdffonts", str(pdfs["工作进展通报（第2期）.docx"])], capture_output=True, text=True, check=True
    ).stdout
    assert "CJK" in fonts or "UKai" in fonts, fonts


def test_notice_pdf_carries_the_plan_and_both_annexes(pdfs):
    text = pdf_text(pdfs["关于印发工作方案的通知.docx"])
    for expected in (
        "焦示城创指〔2018〕6号",
        "焦作市示范区四城联创指挥部",
        "附件1",
        "附件2",
        "用水总量控制达标情况",
        "出台“水资源管理相关工作占政绩考核”文件",
        "2018年4月3日",
    ):
        assert expected in text, expected


def test_annex_pdfs_fit_the_page(pdfs):
    text = pdf_text(pdfs["附件1_工作台账.xlsx"])
    assert "区国土建设环保局" in text and "2018年4月10号之前报送" in text
    assert "—1—" in text
    assert pdf_pages(pdfs["附件2_量化指标台账.xlsx"]) <= 3


def test_chart_labels_use_a_chinese_font(example_run):
    _, results, _ = example_run
    assert results["2018-05"].chart_font in CJK_FONTS


def test_run_with_pdf_converts_letters_and_receipts_too(tmp_path):
    from datetime import date

    from conftest import copy_example

    from generator.run import run_period

    ws = copy_example(tmp_path)
    result = run_period(ws, "2018-05", date(2018, 6, 5), make_pdf=True)
    out = ws.period_outputs("2018-05")
    documents = [*result.outputs, *result.notices, *result.receipts]
    expected = {out / "pdf" / p.relative_to(out).with_suffix(".pdf") for p in documents}
    assert set(result.pdfs) == expected and all(p.exists() and pdf_pages(p) >= 1 for p in expected)
    assert (out / "pdf" / "督办通知" / "区国土建设环保局.pdf").exists()
    assert (out / "pdf" / "催报通知" / "管委会办公室.pdf").exists()


def _page_texts(pdf) -> list[str]:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(page.split()) for page in out.split("\f") if page.strip()]


def test_notice_first_page_holds_the_signature_and_no_page_holds_only_the_banji(pdfs):
    pages = _page_texts(pdfs["关于印发工作方案的通知.docx"])
    first = pages[0]
    signature = "焦作市示范区四城联创指挥部2018年4月3日"
    for expected in ("焦示城创指〔2018〕6号", "现将《", "附件：1.", "2.示范区创建", signature):
        assert expected in first, expected
    banji = "焦作市示范区四城联创指挥部办公室2018年4月3日印发"
    assert banji in pages[-1]
    for n, page in enumerate(pages, start=1):
        rest = re.sub(r"—\d+—", "", page).replace(banji, "")
        assert len(rest) > 20, f"page {n} holds only the 版记 (or nothing): {page}"


def test_source_sheet_is_kept_but_not_printed(pdfs, example_run):
    import openpyxl

    ws, _, _ = example_run
    book = openpyxl.load_workbook(ws.period_outputs("2018-05") / "附件1_工作台账.xlsx")
    assert book["来源"].sheet_state == "hidden" and book.worksheets[0].sheet_state == "visible"
    assert "数据来源" not in pdf_text(pdfs["附件1_工作台账.xlsx"])
    assert "重点工作任务" in pdf_text(pdfs["附件1_工作台账.xlsx"])
