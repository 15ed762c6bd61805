"""Paragraphs kept on one line: the 发文机关标志 and 报头 are condensed (w:w) until they fit (GB/T 9704 §7.2.4:
醒目、美观、庄重), and so are the 报头 line (office ⇥ date) and the 版记's 印发 line (§7.4: 印发机关 and 印发日期
on one line).
"""

from __future__ import annotations

import math

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from generator.documents.docx_layout.styles import StyleTable, style_id_of
from generator.documents.docx_layout.text import TEXT_WIDTH, paragraph_text, text_width

# Paragraph styles kept on one line: style → characters of room left free (for the tab between two items).
ONE_LINE_STYLES = {"TZ发文机关标志": 0, "TZ报头": 0, "TZ报头行": 2, "TZ版记": 2}
MIN_SCALE = 50  # percent: a mark condensed further would not read as a name


def _paragraphs_in_styles(doc: Document, styles: StyleTable, names: set[str]) -> list[Paragraph]:
    """The paragraphs whose style is one of `names`, found by style id in the XML (a table's too: the 版记 is one)."""
    ids = {style_id for style_id, name in styles.names.items() if name in names}
    if not ids:
        return []
    return [Paragraph(p, doc._body) for p in doc.element.body.iter(qn("w:p")) if style_id_of(p) in ids]


def fit_one_line(doc: Document, styles: StyleTable | None = None, available: int = TEXT_WIDTH) -> None:
    styles = styles or StyleTable(doc)
    for paragraph in _paragraphs_in_styles(doc, styles, set(ONE_LINE_STYLES)):
        text = paragraph_text(paragraph)
        if not text:
            continue
        style = styles.style(paragraph)
        size = style.font.size.pt if style.font.size else 16
        scale = style.element.rPr.find(qn("w:w")) if style.element.rPr is not None else None
        percent = int(scale.get(qn("w:val"))) if scale is not None else 100
        pf = style.paragraph_format
        indents = sum(x.twips for x in (pf.left_indent, pf.right_indent) if x is not None and x.twips > 0)
        room = available - indents - ONE_LINE_STYLES[style.name] * size * 20
        natural = text_width(text.replace("\t", "")) * size * 20  # twips at 100%
        if natural * percent / 100 <= room:
            continue
        fitted = max(MIN_SCALE, math.floor(room / natural * 100))
        for run in paragraph.runs:
            rpr = run._r.get_or_add_rPr()
            old = rpr.find(qn("w:w"))
            if old is not None:
                rpr.remove(old)
            el = OxmlElement("w:w")
            el.set(qn("w:val"), str(fitted))
            # w:w sits after color/spacing and before kern/position/sz in CT_RPr.
            later = {qn(f"w:{t}") for t in ("kern", "position", "sz", "szCs", "highlight", "u", "effect", "lang")}
            pos = next((i for i, c in enumerate(rpr) if c.tag in later), len(rpr))
            rpr.insert(pos, el)
