"""Every document opens in LibreOffice: converted to PDF headless, then checked for pages, text and fonts.

LibreOffice is a real part of the users' world (and of CI, which installs it); these tests fail without it.
"""

from __future__ import annotations

import subprocess

import pytest

from generator.documents.chart import CJK_FONTS
from generator.documents.pdf import find_soffice, to_pdf


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
    _, results, _ = example_run
    out = tmp_path_factory.mktemp("pdf")
    return {path.name: to_pdf(path, out) for path in results["2018-05"].outputs}


def test_every_output_converts(pdfs):
    assert len(pdfs) == 5
    for name, pdf in pdfs.items():
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
