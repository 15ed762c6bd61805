"""Lines as a web page or a PDF left them, put back into paragraphs: a heading on the line of its text, a page
number that is no heading, a sentence broken over two lines, a unit's name broken at a label line's end."""

from __future__ import annotations

import itertools
import re

from generator.plan.importer.headings import label_of
from generator.plan.importer.model import Paragraph
from generator.plan.importer.previews import run_on_page
from generator.plan.importer.unit_names import is_unit_like

ANNEX_HEADING = re.compile(r"^\s*附\s*件\s*([0-9一二三四五六七八九十]{1,3})?\s*[：:]?\s*(.*)$")


# 二、工作任务 1、关于… / …制定本方案。 一、工作目标 …: a heading written on the line of the text before it or of its
# first item. A numbered label after a space or a full stop starts a paragraph of its own.
_INLINE_LABEL = re.compile(
    r"(?:(?<=[。；;])|(?<=[。；;：:]\s)|(?<=[\u4e00-\u9fff)）]\s)|(?<=^[答问][:：]))\s*"
    r"(?=(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.．](?!\d)))"
)
# …行为。（责任单位：农业综合服务中心）（二）辖区… : the next item run on right after the last one's clause
_AFTER_CLAUSE = re.compile(
    r"[(（][^()（）]{0,80}(?:单位|部门|牵头|负责|配合|落实)[^()（）]{0,80}[)）]\s*"
    r"(?=[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.．](?!\d))"
)
# 一、工作目标 全面贯彻…: the heading words, a space, then the section's text on the same line. The words are short
# and have no punctuation but a note in brackets (一、工作目标(最终目标以省下达任务为准) 以…); what follows is longer.
_HEADING_THEN_TEXT = re.compile(
    r"^(?P<head>(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])\s*"
    r"[\u4e00-\u9fffA-Za-z0-9“”]{2,16}(?:[(（][^()（）]{2,30}[)）])?)[ \t\u3000]+(?P<body>\S.{9,})$",
    re.S,
)


_PAGE_MARK = re.compile(r"^\s*(\d{1,3})、")
_SENTENCE_END = re.compile(r"[。；;：:！？!?]$")
# …（责任单位： at a line's end: a label in a bracket the page broke before its units, not a sentence's end
_OPEN_LABEL = re.compile(r"[(（][^()（）]{0,12}[:：]$")


def strip_page_markers(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A document site's page numbers (…加大监督监 / 2、测力度，落实… / 3、(居)) are no headings.

    A line that opens with N、 right after a line broken in the middle of a sentence (not a heading, long or with a
    comma, no stop at its end) is a page marker when such lines count on from one another (2、 3、 …; a first line
    opening with 1、 belongs to the count, also under the title when the page's text starts by repeating the title
    or runs its sections together): the number goes and the line joins the one before it (blank lines between are
    the page break). The first page's number goes and its line stays a line of its own."""
    lines = [i for i, p in enumerate(paragraphs) if p.text.strip()]
    marks: dict[int, int] = {}
    start = -1
    for k, index in enumerate(lines):
        paragraph = paragraphs[index]
        match = _PAGE_MARK.match(paragraph.text)
        if not match:
            continue
        # under the title, or under the title and a line the site wrote (《…》由会员分享，可在线阅读…)
        rest = paragraph.text[match.end() :]
        if k == 0 or (k <= 2 and any(_opens_page(paragraphs[lines[j]].text, rest) for j in range(k))):
            if int(match.group(1)) == 1:
                marks[index], start = 1, index
            continue
        last = paragraphs[lines[k - 1]].text.strip()
        heading = label_of(last)
        short_heading = heading is not None and len(heading[1]) <= 40 and not _MID_SENTENCE.search(heading[1])
        ended = _SENTENCE_END.search(last) and not _OPEN_LABEL.search(last)
        if not short_heading and not ended and (len(last) >= 20 or _MID_SENTENCE.search(last)):
            marks[index] = int(match.group(1))
    numbers = [marks[i] for i in sorted(marks)]
    if len(numbers) < 2 or any(b != a + 1 for a, b in itertools.pairwise(numbers)):
        return paragraphs
    out: list[Paragraph] = []
    for index, paragraph in enumerate(paragraphs):
        if index not in marks:
            out.append(paragraph)
            continue
        rest = _PAGE_MARK.sub("", paragraph.text, count=1).strip()
        while index != start and out and not out[-1].text.strip():
            out.pop()  # the blank lines of the page break
        if index == start or not out:
            out.append(Paragraph(paragraph.no, rest, paragraph.ref))
        else:
            out[-1] = Paragraph(out[-1].no, out[-1].text.rstrip() + rest, out[-1].ref)
    return out


def _opens_page(title: str, text: str) -> bool:
    """1、2020年县土壤污染防治计划为全面…: under a title line, a page that starts by repeating the title or runs its
    sections together (…。一、工作目标…) is a preview page, its 1、 the page's number."""
    title = title.strip()
    if not 0 < len(title) <= 40 or label_of(title) is not None or re.search(r"[。，,；;：:]", title):
        return False
    return text.strip().startswith(title[:6]) or run_on_page(text)


def split_inline_headings(paragraphs: list[Paragraph]) -> list[Paragraph]:
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        text = paragraph.text
        cuts = [m.start() for m in _INLINE_LABEL.finditer(text) if m.start() > 0]
        cuts = sorted({*cuts, *(m.end() for m in _AFTER_CLAUSE.finditer(text))})
        pieces = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)])] if cuts else [text]
        if not cuts and not _HEADING_THEN_TEXT.match(text.strip()):
            out.append(paragraph)
            continue
        for piece in filter(None, pieces):
            split = _HEADING_THEN_TEXT.match(piece)
            parts = [split["head"], split["body"].strip()] if split else [piece]
            out.extend(Paragraph(paragraph.no, part, paragraph.ref) for part in parts)
    return out


_MID_SENTENCE = re.compile(r"[，,、]")
_LABEL_LINE = re.compile(r"^(?:【|\[)?(?:牵头|配合|责任|参与|协办|主办|落实|完成|成员单位|成员部门)")
_OPEN_END = re.compile(r"[\u4e00-\u9fffA-Za-z0-9%）)”]$")


_DASH_ITEM = re.compile(r"^\s*(?:-{2,}|—{1,2}|－{2})\s*(?=[^\s\-—－])")


def number_dash_items(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """--做好… / 责任单位：… / --建立…: items introduced by dashes instead of numbers, each with its own label lines,
    are numbered by their position under their heading (1、 2、 …; （1） under a 1. heading), so that each is an item.

    Only a run of dashes where some item is followed by a label line is numbered: ——坚持生态优先 bullets of a
    principles section stay text."""
    runs: list[list[int]] = [[]]
    heading_style: list[str] = [""]
    for index, paragraph in enumerate(paragraphs):
        found = label_of(paragraph.text)
        if found is not None:
            runs.append([])
            heading_style.append(found[0].style)
        elif _DASH_ITEM.match(paragraph.text):
            runs[-1].append(index)
    out = list(paragraphs)
    for run, style in zip(runs, heading_style):
        labelled = any(
            _LABEL_LINE.match(paragraphs[k].text.strip())
            for i in run
            for k in range(i + 1, min(i + 3, len(paragraphs)))
            if not _DASH_ITEM.match(paragraphs[k].text)
        )
        if len(run) < 2 or not labelled:
            continue
        for number, index in enumerate(run, start=1):
            mark = f"({number})" if style == "1." else f"{number}、"
            text = _DASH_ITEM.sub("", paragraphs[index].text, count=1)
            out[index] = Paragraph(paragraphs[index].no, mark + text, paragraphs[index].ref)
    return out


def join_broken_lines(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A sentence a web page broke over two lines (…污染地块安全利用率 / 达到90%以上。) is one paragraph again.

    A line continues into the next when it is in the middle of a sentence — it has a comma, is not short and does
    not end with a stop, colon or bracket — and the next line opens no heading, annex or label of its own."""
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if out and text:
            last = out[-1].text.strip()
            if (
                len(last) >= 20
                and _MID_SENTENCE.search(last)
                and _OPEN_END.search(last)
                and not label_of(last)
                and not label_of(text)
                and not ANNEX_HEADING.match(text)
                and not _LABEL_LINE.match(text)
                and not _LABEL_LINE.match(last)  # 成员单位：…、区交警大队 ends with its last unit, not mid-sentence
            ):
                out[-1] = Paragraph(out[-1].no, last + text, out[-1].ref)
                continue
            if _LABEL_LINE.match(last) and _name_broken(last, text):
                out[-1] = Paragraph(out[-1].no, last + text, out[-1].ref)
                continue
        out.append(paragraph)
    return out


def _name_broken(last: str, text: str) -> bool:
    """协办单位：区委编办、园区党工 / 委、各街道党工委: a PDF broke the label line inside its last unit's name — the
    piece at the line's end is no unit, and it is one with the words the next line opens with."""
    if label_of(text) or _LABEL_LINE.match(text) or ANNEX_HEADING.match(text):
        return False
    tail = re.split(r"[、，,：:；;]", last)[-1].strip()
    head = re.split(r"[、，,；;。]", text)[0].strip()
    return bool(tail) and 0 < len(head) <= 4 and not is_unit_like(tail) and is_unit_like(tail + head)
