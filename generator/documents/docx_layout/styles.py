"""The paragraph styles of a template (StyleTable), and a paragraph's own format, read from the XML.

Each layout step asks a paragraph's style, font size, indents and spacing; read through python-docx these are XPath
queries, thousands per document, so they are read here once per template and once per paragraph.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph

_PPR, _PSTYLE, _VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")


def style_id_of(p) -> str | None:
    """The style id a w:p element names in its own properties, or None (the default style)."""
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
            found = style_id_of(paragraph._p)
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
