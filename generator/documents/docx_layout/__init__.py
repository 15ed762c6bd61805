"""Layout steps a template cannot express, applied to a rendered document before it is saved.

A template stays plain Word/WPS (no jinja inside attributes, which Word refuses to open), so what depends on the
rendered text is done here, each step a pure function of the document in a module of its own, run in this order:

- merges.py: table cells merged where a layout merges (the marks context builders put in cells, marks.py);
- one_line.py: the 发文机关标志, 报头, 报头 line and 版记's 印发 line condensed until each fits one line (GB/T 9704
  §7.2.4, §7.4);
- signature.py: 署名 and 成文日期 placed as §7.3.5.2 says;
- first_page.py: the line pitch of the first page tightened a little, when that keeps the body, 附件说明 and 署名
  together on it (§7.3.5.1).

styles.py reads a template's paragraph styles once (StyleTable); text.py reads paragraphs' text from the XML and
measures it on the 22 × 28 grid.
"""

from __future__ import annotations

from docx.document import Document

from generator.documents.docx_layout.first_page import fit_first_page
from generator.documents.docx_layout.merges import apply_merges
from generator.documents.docx_layout.one_line import fit_one_line
from generator.documents.docx_layout.signature import place_signature
from generator.documents.docx_layout.styles import StyleTable

__all__ = ["finish"]


def finish(doc: Document, styles: StyleTable | None = None) -> None:
    """Every layout step, in order; `styles` is the template's StyleTable (read from `doc` when not given)."""
    styles = styles or StyleTable(doc)
    styles.begin()  # answers per paragraph hold for one document
    apply_merges(doc)
    fit_one_line(doc, styles)
    place_signature(doc, styles)
    fit_first_page(doc, styles)
