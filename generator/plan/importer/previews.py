"""Plans as a document site's free preview shows them: the text run on without line breaks, headings inside it.

…特制定本计划。一、工作目标构建全县…体系。二、重点任务(一)配合建设… — the section heading words stand right
against their text or against the first sub-heading, with no space between. `split_run_on_headings` cuts them off
when the words are a plan's usual section names (工作目标, 重点任务 …), so the heading and its items are read as
headings and items. The preview's page numbers (a bare 1、 opening the page under the title, 2、 inside a clause
where the next page starts) are dropped by `lines.strip_page_markers`, which uses `run_on_page` to tell the first.
"""

from __future__ import annotations

import re

from generator.plan.importer.model import Paragraph

_SECTION_WORDS = (
    "总体要求|指导思想|基本原则|工作原则|工作目标|主要目标|总体目标|目标任务|重点任务|主要任务|工作任务|重点工作|"
    "工作措施|主要措施|保障措施|组织保障|工作要求|实施步骤|工作步骤|职责分工|责任分工|组织领导|工作安排"
)
_RUN_ON_HEAD = re.compile(
    # (二、整治重点及责任分工: the section's own words joined to a usual name by 及 / 和 / 与)
    r"^(?P<head>(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])\s*"
    r"(?:[\u4e00-\u9fff]{2,6}[及和与])?(?:" + _SECTION_WORDS + r"))"
    # the text goes on at once: words (构建…), or the first sub-heading ((一)…), never punctuation
    r"(?P<body>(?:[\u4e00-\u9fffA-Za-z0-9“]|[(（][一二三四五六七八九十]{1,3}[)）]).{9,})$",
    re.S,
)
# 。一、 / 。(二) inside a paragraph: the text of several sections run together
_INNER_HEADING = re.compile(r"[。；;]\s*(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])")


def run_on_page(text: str) -> bool:
    """A paragraph holding sentences and the headings of the next sections, run together."""
    return bool(_INNER_HEADING.search(text))


def split_run_on_headings(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """二、重点任务(一)配合建设… → 二、重点任务 / (一)配合建设…; 一、工作目标构建… → 一、工作目标 / 构建…."""
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        match = _RUN_ON_HEAD.match(paragraph.text.strip())
        if match is None:
            out.append(paragraph)
            continue
        out.append(Paragraph(paragraph.no, match["head"], paragraph.ref))
        out.append(Paragraph(paragraph.no, match["body"].strip(), paragraph.ref))
    return out
