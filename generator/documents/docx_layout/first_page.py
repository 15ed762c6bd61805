"""The first page keeps the body, 附件说明 and 署名 together.

When the estimated height of the red head, title, 主送, body, 附件说明, 署名 and 成文日期 passes the text block by a
little, the line pitch of those paragraphs is tightened (down to MIN_PITCH) so that they fit, as GB/T 9704 §7.3.5.1
allows (采取调整行距、字距的措施); otherwise the 附件说明 and signature would be pushed alone onto page 2.
"""

from __future__ import annotations

import math

from docx.document import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph

from generator.documents.docx_layout.styles import StyleTable
from generator.documents.docx_layout.text import CHAR, TEXT_WIDTH, body_paragraphs, paragraph_text, text_width

TEXT_HEIGHT = 12756  # twips: the 225 mm text block
PITCH = 579  # twips: the grid's exact line (28.95 pt)
MIN_PITCH = 490  # twips (24.5 pt): tighter lines stop reading as the 22-line page
SAFETY = PITCH  # twips kept free: Word, WPS and LibreOffice place lines a little differently
_PPR, _PBDR = qn("w:pPr"), qn("w:pBdr")


def _lines(paragraph: Paragraph, styles: StyleTable) -> int:
    """Lines a paragraph takes on the 28-character grid (its size's characters per line, indents deducted)."""
    size = styles.font_twips(paragraph)
    left = styles.value(paragraph, "left_indent")
    right = styles.value(paragraph, "right_indent")
    first = styles.value(paragraph, "first_line_indent")
    room = TEXT_WIDTH - sum(x.twips for x in (left, right) if x is not None and x.twips > 0)
    per_line = max(1.0, room / size if size != 320 else room / CHAR)
    total = 0
    for n, part in enumerate(paragraph_text(paragraph).split("\n") or [""]):
        lead = first.twips / size if n == 0 and first is not None else 0
        total += max(1, math.ceil((text_width(part) + lead) / per_line - 1e-9))
    return total


def _is_exact(paragraph: Paragraph, styles: StyleTable) -> bool:
    return styles.value(paragraph, "line_spacing_rule") == WD_LINE_SPACING.EXACTLY


def _set_pitch(paragraph: Paragraph, twips: int) -> None:
    """Exact line spacing of `twips`, not snapped to the page's line grid (which would round it back up)."""
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Twips(twips)
    ppr = paragraph._p.get_or_add_pPr()
    snap = ppr.find(qn("w:snapToGrid"))
    if snap is None:
        snap = OxmlElement("w:snapToGrid")
        later = {qn(f"w:{t}") for t in ("spacing", "ind", "contextualSpacing", "mirrorIndents", "jc", "rPr")}
        anchor = next((c for c in ppr if c.tag in later), None)
        if anchor is not None:
            anchor.addprevious(snap)
        else:
            ppr.append(snap)
    snap.set(qn("w:val"), "0")


def first_page_paragraphs(doc: Document, styles: StyleTable | None = None) -> list[Paragraph]:
    """The red head through the 成文日期 (and 附注), when the document has a 发文机关标志 and a 署名; else []."""
    styles = styles or StyleTable(doc)
    paragraphs = body_paragraphs(doc)
    names = [styles.name(p) for p in paragraphs]
    if "TZ发文机关标志" not in names or "TZ成文日期" not in names:
        return []
    end = names.index("TZ成文日期")
    return paragraphs[names.index("TZ发文机关标志") : end + 1]


def _page_ends_within(head: list[Paragraph]) -> bool:
    """A page break or a section's end among the first page's paragraphs: they are not one page to fit."""
    return any(p.paragraph_format.page_break_before for p in head[1:]) or any(
        p._p.find(f".//{qn('w:sectPr')}") is not None for p in head
    )


def fit_first_page(doc: Document, styles: StyleTable | None = None) -> None:
    styles = styles or StyleTable(doc)
    head = first_page_paragraphs(doc, styles)
    if not head:
        return
    fixed = exact_lines = 0
    tightened = []
    for p in head:
        # Both sums only grow: once too long at the tightest pitch, the end is "leave it" whatever follows, and the
        # rest need not be measured (half the time of a 督办通知 with a long list, a thousand of them a month).
        if fixed + exact_lines * MIN_PITCH > TEXT_HEIGHT - SAFETY:
            return
        before = styles.value(p, "space_before")
        after = styles.value(p, "space_after")
        fixed += sum(x.twips for x in (before, after) if x is not None)
        ppr = p._p.find(_PPR)
        if ppr is not None and ppr.find(_PBDR) is not None:
            fixed += 240  # the red rule: its space and width
        name = styles.name(p)
        if name in ("TZ发文机关标志", "TZ报头"):
            fixed += round(styles.font_twips(p) * 1.3)  # single spacing of a large font
        elif _is_exact(p, styles) or name == "TZ标题":
            exact_lines += _lines(p, styles)
            tightened.append(p)
        else:
            fixed += round(styles.font_twips(p) * 1.3) * _lines(p, styles)
    current = fixed + exact_lines * PITCH
    if current + SAFETY <= TEXT_HEIGHT or not exact_lines:
        return  # fits as it is (or nothing to tighten)
    pitch = math.floor((TEXT_HEIGHT - SAFETY - fixed) / exact_lines)
    if pitch < MIN_PITCH or _page_ends_within(head):
        return  # too long for one page at any readable pitch: the 附件说明 and signature go to page 2 with body
    for p in tightened:
        _set_pitch(p, pitch)
