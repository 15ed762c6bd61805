"""Table cells merged where a layout merges them (任务分解表's 领域, 任务, 分项 rows).

A template cannot say which cells merge, as that depends on the rows rendered: context builders put a mark in the
cell (marks.py), and here a cell whose text is MERGE_UP joins the cell above (w:vMerge), MERGE_LEFT the cell to its
left (w:gridSpan).
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc

from generator.documents.marks import MERGE_LEFT, MERGE_UP


def _cell_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def _tc_pr(tc):
    return tc.get_or_add_tcPr()


def _span(tc) -> int:
    grid = tc.tcPr.find(qn("w:gridSpan")) if tc.tcPr is not None else None
    return int(grid.get(qn("w:val"))) if grid is not None else 1


def _clear(tc) -> None:
    """Empty the cell, keeping its first paragraph (and so its style)."""
    paragraphs = tc.findall(qn("w:p"))
    for p in paragraphs[1:]:
        tc.remove(p)
    for run in paragraphs[0].findall(qn("w:r")):
        paragraphs[0].remove(run)


def _set_tc(tc, tag: str, **attrs) -> None:
    """Set w:<tag> in the cell's properties, in schema order (after tcW/gridSpan, before the rest)."""
    tcpr = _tc_pr(tc)
    old = tcpr.find(qn(f"w:{tag}"))
    if old is not None:
        tcpr.remove(old)
    el = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    earlier = {qn("w:cnfStyle"), qn("w:tcW"), qn("w:gridSpan"), qn("w:hMerge")}
    pos = sum(1 for child in tcpr if child.tag in earlier)
    tcpr.insert(pos, el)


def _has_marks(tbl) -> bool:
    """Whether any text of the table holds a merge mark: most tables (the notice's thousands of task rows) do not,
    and a scan of their text is far cheaper than the cell-by-cell walk below."""
    return any(t.text and (MERGE_UP in t.text or MERGE_LEFT in t.text) for t in tbl.iter(qn("w:t")))


def apply_merges(doc: Document) -> None:
    for tbl in doc.element.body.iterchildren(qn("w:tbl")):  # = doc.tables, read from the body as it is now
        if not _has_marks(tbl):
            continue
        above: dict[int, CT_Tc] = {}  # grid column → cell of the previous row
        for tr in tbl.tr_lst:
            for tc in list(tr.tc_lst):
                if _cell_text(tc) == MERGE_LEFT:
                    left = tc.getprevious()
                    while left is not None and left.tag != qn("w:tc"):
                        left = left.getprevious()
                    if left is None:
                        _clear(tc)
                        continue
                    _set_tc(left, "gridSpan", val=_span(left) + _span(tc))
                    width, extra = left.tcPr.find(qn("w:tcW")), tc.tcPr.find(qn("w:tcW"))
                    if width is not None and extra is not None:
                        width.set(qn("w:w"), str(int(width.get(qn("w:w"))) + int(extra.get(qn("w:w")))))
                    tr.remove(tc)
            column, row = 0, {}
            for tc in tr.tc_lst:
                if _cell_text(tc) == MERGE_UP and column in above:
                    first = above[column]
                    vmerge = first.tcPr.find(qn("w:vMerge")) if first.tcPr is not None else None
                    if vmerge is None:
                        _set_tc(first, "vMerge", val="restart")
                    _set_tc(tc, "vMerge", val="continue")
                    _clear(tc)
                row[column] = tc
                column += _span(tc)
            above = row
