"""A document's paragraphs read straight from the XML, and their text measured on the 22 × 28 grid.

python-docx answers the same questions with an XPath query per paragraph and per run; the layout steps ask them for
every paragraph of a thousand letters a month.
"""

from __future__ import annotations

import unicodedata

from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

TEXT_WIDTH = 8845  # twips: the 156 mm text block (FORMAT.md)
CHAR = TEXT_WIDTH / 28  # one character of the 22 × 28 grid


_RUN, _HYPERLINK, _T = qn("w:r"), qn("w:hyperlink"), qn("w:t")
_RUN_TEXT = {qn(f"w:{tag}") for tag in ("br", "cr", "noBreakHyphen", "ptab", "tab")}  # python-docx's str() of each


def paragraph_text(paragraph: Paragraph) -> str:
    """paragraph.text read straight from the XML, the same text (runs and hyperlinks' runs; tabs, line breaks).
    python-docx runs an XPath query per paragraph and per run: a fifth of the time of a 督办通知, whose forty
    paragraphs are measured to fit its first page, a thousand letters a month at a province's scale."""
    out: list[str] = []
    for child in paragraph._p:
        runs = (child,) if child.tag == _RUN else child if child.tag == _HYPERLINK else ()
        for run in runs:
            if run.tag != _RUN:
                continue
            for part in run:
                if part.tag == _T:
                    out.append(part.text or "")
                elif part.tag in _RUN_TEXT:
                    out.append(str(part))
    return "".join(out)


def text_width(text: str) -> float:
    """Width in characters of the style's size: Chinese and full-width 1, Latin and digits ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def body_paragraphs(doc: Document) -> list[Paragraph]:
    return [Paragraph(p, doc._body) for p in doc.element.body.iterchildren(qn("w:p"))]  # = doc.paragraphs
