"""Layout steps a template cannot express, applied to a rendered document before it is saved.

A template stays plain Word/WPS (no jinja inside attributes, which Word refuses to open), so three things that
depend on the rendered text are done here, each a pure function of the document:

- merges: a table cell whose text is MERGE_UP joins the cell above (w:vMerge), MERGE_LEFT the cell to its left
  (w:gridSpan); context builders put these marks where a layout merges (任务分解表's 领域, 任务, 分项 rows);
- the 发文机关标志 and 报头 are condensed (w:w) until they fit one line (GB/T 9704 §7.2.4: 醒目、美观、庄重), and so
  are the 报头 line (office ⇥ date) and the 版记's 印发 line (§7.4: 印发机关 and 印发日期 on one line);
- 署名 and 成文日期 are placed as §7.3.5.2 says: 署名 two characters from the right, the date's first character two
  characters right of the signature's first; when the date is the longer, it sits two characters from the right
  and the signature moves right;
- the first page keeps the body, 附件说明 and 署名 together: when the estimated height of the red head, title,
  主送, body, 附件说明, 署名 and 成文日期 passes the text block by a little, the line pitch of those paragraphs is
  tightened (down to MIN_PITCH) so that they fit, as §7.3.5.1 allows (采取调整行距、字距的措施); otherwise the
  附件说明 and signature would be pushed alone onto page 2.
"""

from __future__ import annotations

import itertools
import math
import unicodedata

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph

from generator.documents.marks import MERGE_LEFT, MERGE_UP

__all__ = ["MERGE_LEFT", "MERGE_UP", "StyleTable", "finish"]
TEXT_WIDTH = 8845  # twips: the 156 mm text block (FORMAT.md)
CHAR = TEXT_WIDTH / 28  # one character of the 22 × 28 grid
# Paragraph styles kept on one line: style → characters of room left free (for the tab between two items).
ONE_LINE_STYLES = {"TZ发文机关标志": 0, "TZ报头": 0, "TZ报头行": 2, "TZ版记": 2}
MIN_SCALE = 50  # percent: a mark condensed further would not read as a name


TEXT_HEIGHT = 12756  # twips: the 225 mm text block
PITCH = 579  # twips: the grid's exact line (28.95 pt)
MIN_PITCH = 490  # twips (24.5 pt): tighter lines stop reading as the 22-line page
SAFETY = PITCH  # twips kept free: Word, WPS and LibreOffice place lines a little differently


def finish(doc: Document, styles: StyleTable | None = None) -> None:
    """Every layout step, in order; `styles` is the template's StyleTable (read from `doc` when not given)."""
    styles = styles or StyleTable(doc)
    styles.begin()  # answers per paragraph hold for one document
    apply_merges(doc)
    fit_one_line(doc, styles)
    place_signature(doc, styles)
    fit_first_page(doc, styles)


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
        above: dict[int, object] = {}  # grid column → cell of the previous row
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


def _paragraphs_in_styles(doc: Document, styles: StyleTable, names: set[str]) -> list[Paragraph]:
    """The paragraphs whose style is one of `names`, found by style id in the XML (a table's too: the 版记 is one)."""
    ids = {style_id for style_id, name in styles.names.items() if name in names}
    if not ids:
        return []
    return [Paragraph(p, doc._body) for p in doc.element.body.iter(qn("w:p")) if _style_id(p) in ids]


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


_PPR, _PSTYLE, _VAL, _RPR, _PBDR = qn("w:pPr"), qn("w:pStyle"), qn("w:val"), qn("w:rPr"), qn("w:pBdr")


def _style_id(p) -> str | None:
    ppr = p.find(_PPR)
    style = ppr.find(_PSTYLE) if ppr is not None else None
    return None if style is None else style.get(_VAL)


_IND, _SPACING = qn("w:ind"), qn("w:spacing")
_ATTRS = {
    "left_indent": (_IND, (qn("w:left"), qn("w:start"))),
    "right_indent": (_IND, (qn("w:right"), qn("w:end"))),
    "space_before": (_SPACING, (qn("w:before"),)),
    "space_after": (_SPACING, (qn("w:after"),)),
}
_LINE_RULE, _LINE, _FIRST, _HANGING = qn("w:lineRule"), qn("w:line"), qn("w:firstLine"), qn("w:hanging")
_OTHER_RULE = object()  # a line spacing of its own that is not exact (overrides the style's, is never EXACTLY)


def _own_format(ppr, attribute: str):  # type: ignore[no-untyped-def]
    """A paragraph format value set in the paragraph's own w:pPr (read from the XML: python-docx's getters query
    with XPath and were a third of a letter's time), or None."""
    if attribute == "first_line_indent":
        ind = ppr.find(_IND)
        if ind is None:
            return None
        if ind.get(_HANGING) is not None:
            return Twips(-int(ind.get(_HANGING)))
        return Twips(int(ind.get(_FIRST))) if ind.get(_FIRST) is not None else None
    if attribute == "line_spacing_rule":
        spacing = ppr.find(_SPACING)
        if spacing is None or spacing.get(_LINE) is None:
            return None
        return WD_LINE_SPACING.EXACTLY if spacing.get(_LINE_RULE) == "exact" else _OTHER_RULE
    tag, names = _ATTRS[attribute]
    element = ppr.find(tag)
    if element is None:
        return None
    found = next((element.get(name) for name in names if element.get(name) is not None), None)
    return Twips(int(found)) if found is not None else None


def place_signature(doc: Document, styles: StyleTable | None = None) -> None:
    styles = styles or StyleTable(doc)
    ids = {name: style_id for style_id, name in styles.names.items() if name in ("TZ署名", "TZ成文日期")}
    if len(ids) < 2:
        return
    body = _body_paragraphs(doc)
    for sig, day in itertools.pairwise(body):
        if _style_id(sig._p) != ids["TZ署名"] or _style_id(day._p) != ids["TZ成文日期"]:
            continue
        if not sig.text.strip() or not day.text.strip():
            continue
        sig_len, date_len = text_width(sig.text.strip()), text_width(day.text.strip())
        sig_right = 2.0
        date_right = sig_right + sig_len - 2 - date_len  # the date starts two characters right of the signature
        if date_right < 2:
            date_right = 2.0
            sig_right = date_len + 4 - sig_len
        sig.paragraph_format.right_indent = Twips(round(sig_right * CHAR))
        day.paragraph_format.right_indent = Twips(round(date_right * CHAR))


class StyleTable:
    """The paragraph styles of a template, read once: name, inherited font size and inherited paragraph format.

    python-docx finds a paragraph's style with an XPath query into styles.xml each time `Paragraph.style` is read,
    and a style's bases the same way; the layout pass asks for them thousands of times per document, so the answers
    are read once per template (the styles of every document made from it are the template's)."""

    def __init__(self, doc: Document) -> None:
        self.names: dict[str, str] = {}
        self._styles = {}
        for style in doc.styles:
            if style.type == WD_STYLE_TYPE.PARAGRAPH:
                self.names[style.style_id] = style.name
                self._styles[style.style_id] = style
        default = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default_id = default.style_id if default is not None else None
        self._values: dict[tuple[str | None, str], object] = {}
        self.begin()

    def begin(self) -> None:
        """Forget the paragraphs of the last document (their answers are kept only for one layout pass)."""
        # keyed by the element itself, which the dict keeps alive: an id() could be reused by another paragraph's
        # proxy once python-docx let the first one go
        self._seen: dict[tuple[object, str], object] = {}

    def style_id(self, paragraph: Paragraph) -> str | None:
        key = (paragraph._p, "")
        if key not in self._seen:
            found = _style_id(paragraph._p)
            self._seen[key] = found if found in self.names else self.default_id
        return self._seen[key]  # type: ignore[return-value]

    def style(self, paragraph: Paragraph):  # type: ignore[no-untyped-def]
        return self._styles[self.style_id(paragraph) or ""]

    def name(self, paragraph: Paragraph) -> str:
        return self.names.get(self.style_id(paragraph) or "", "")

    def inherited(self, style_id: str | None, attribute: str):  # type: ignore[no-untyped-def]
        """A paragraph format value of the style or of its nearest base that sets it."""
        key = (style_id, attribute)
        if key not in self._values:
            style, value = self._styles.get(style_id or ""), None
            while value is None and style is not None:
                value = getattr(style.paragraph_format, attribute)
                style = style.base_style
            self._values[key] = value
        return self._values[key]

    def font_twips(self, paragraph: Paragraph) -> int:
        style_id = self.style_id(paragraph)
        key = (style_id, "font size")
        if key not in self._values:
            style, size = self._styles.get(style_id or ""), 320
            while style is not None:
                if style.font.size:
                    size = round(style.font.size.pt * 20)
                    break
                style = style.base_style
            self._values[key] = size
        return self._values[key]  # type: ignore[return-value]

    def value(self, paragraph: Paragraph, attribute: str):  # type: ignore[no-untyped-def]
        """A paragraph format value set on the paragraph, else on its style or the style's bases."""
        key = (paragraph._p, attribute)
        if key not in self._seen:
            ppr = paragraph._p.find(_PPR)
            own = _own_format(ppr, attribute) if ppr is not None else None
            self._seen[key] = own if own is not None else self.inherited(self.style_id(paragraph), attribute)
        return self._seen[key]


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


def _body_paragraphs(doc: Document) -> list[Paragraph]:
    return [Paragraph(p, doc._body) for p in doc.element.body.iterchildren(qn("w:p"))]  # = doc.paragraphs


def first_page_paragraphs(doc: Document, styles: StyleTable | None = None) -> list[Paragraph]:
    """The red head through the 成文日期 (and 附注), when the document has a 发文机关标志 and a 署名; else []."""
    styles = styles or StyleTable(doc)
    paragraphs = _body_paragraphs(doc)
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
