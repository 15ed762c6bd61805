"""GB/T 9704-2012 building blocks for the docxtpl templates: page, fonts, styles, paragraphs, tables, 版记.

Layout follows FORMAT.md; choices the standard leaves open are marked "practice" and kept as constants below.
Every jinja tag is written inside one run so Word never splits it; control tags (``{%p ... %}``, ``{%tr ... %}``)
sit alone in their own paragraph/row.
"""

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

# Official font names stay in the DOCX for Word/WPS; generator/documents/fonts.conf maps them for LibreOffice.
FANGSONG, KAITI, HEITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体"
RED = RGBColor(0xFF, 0x00, 0x00)

# Page geometry in twips (FORMAT.md "Page"): A4, text block 156 x 225 mm, 22 lines x 28 characters.
PAGE_W, PAGE_H = 11906, 16838
TOP, LEFT, RIGHT, BOTTOM = 2098, 1587, 1474, 1984
TEXT_W = PAGE_W - LEFT - RIGHT  # 8845 twips = 156 mm
# Landscape annex pages: the sheet is turned a quarter, so top/bottom margins become left/right (37/35 mm) and the
# binding-side 28/26 mm become top/bottom; text block 225 x 156 mm.
LAND_TOP, LAND_LEFT, LAND_RIGHT, LAND_BOTTOM = LEFT, TOP, BOTTOM, RIGHT
LAND_TEXT_W = PAGE_H - LAND_LEFT - LAND_RIGHT  # 12756 twips = 225 mm
LINE = 579  # exact line pitch, 28.95 pt
CHAR = 320  # one character at 三号
CHAR4 = 280  # one character at 四号 (page numbers, 版记)
# Character grid: 28 characters per 156 mm line; charSpace is the pitch minus the 16 pt default size, in 1/4096 pt.
CHAR_SPACE = round((TEXT_W / 20 / 28 - 16) * 4096)
# Word fits 16 pt characters into the 15.8 pt grid pitch, but LibreOffice (which renders our PDFs) then gives
# each character two grid cells (14 per line). So paragraphs do not snap to the grid; instead 三号 text is
# condensed by this much (twentieths of a point) so 28 characters fit a line in both programs.
CONDENSE = -5

# Practice (standard leaves open, keep configurable).
MARK_TOP_MM = 35  # 发文机关标志 top below the text block (§7.2.4, for 文件-style red heads)
MARK_PT, MARK_SCALE = 36, 80  # 小初, horizontally condensed so a 13-15 character name fits one line
MASTHEAD_PT, MASTHEAD_SCALE = 26, 90  # bulletin masthead: 一号, condensed to fit a long title on one line
RED_RULE_SZ = 10  # red separator, eighths of a point (0.44 mm)
TITLE_LINE = 700  # 二号 titles get 35 pt lines so two-line titles do not touch
DATE_RIGHT_CHARS = 4  # 成文日期 right indent; centres a date under a typical 10-15 character 署名
TABLE_PT = 12  # 小四 table text
BANJI_THICK, BANJI_THIN = 8, 6  # 版记 lines: 0.35 mm and 0.25 mm (§7.4)

# Child order of the OOXML elements we touch (Word rejects out-of-order children).
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)  # fmt: skip
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath",
)  # fmt: skip
TRPR_ORDER = (
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight", "tblHeader",
    "tblCellSpacing", "jc",
)  # fmt: skip
TBLPR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
    "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
)  # fmt: skip


def set_child(parent, tag, order, **attrs):
    """Replace child w:<tag> of parent, inserted at its schema position, with the given w: attributes."""
    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)
    el = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    later = {qn(f"w:{t}") for t in order[order.index(tag) + 1 :]}
    pos = next((i for i, c in enumerate(parent) if c.tag in later), len(parent))
    parent.insert(pos, el)
    return el


def set_fonts(rpr, font, size=None):
    """Name the font for every script; drop theme fonts, which override w:eastAsia (Japanese in the default)."""
    set_child(rpr, "rFonts", RPR_ORDER, ascii=font, hAnsi=font, eastAsia=font, cs=font)
    if size:
        set_child(rpr, "sz", RPR_ORDER, val=round(size * 2))
        set_child(rpr, "szCs", RPR_ORDER, val=round(size * 2))


def fix_defaults(doc):
    """Chinese defaults: 仿宋 三号, no theme fonts, zh-CN language, widow control off so pages keep 22 lines."""
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, FANGSONG, 16)
    set_child(rpr, "lang", RPR_ORDER, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    set_child(ppr, "spacing", PPR_ORDER, after=0, line=240, lineRule="auto")
    for rfonts in styles.iter(qn("w:rFonts")):  # built-in styles (Heading 1, Title...) too, for clerks using them
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rfonts.attrib.pop(qn(f"w:{attr}"), None)
    normal = doc.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), FANGSONG, 16)
    normal.paragraph_format.widow_control = False
    set_child(normal.element.get_or_add_pPr(), "snapToGrid", PPR_ORDER, val=0)  # see CONDENSE
    doc.settings.element.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), "zh-CN")
    doc.settings.odd_and_even_pages_header_footer = True  # separate odd/even footers (§7.5)
    # A line ended by a manual break (newlines in table cells) is not stretched across a justified line.
    compat = doc.settings.element.find(qn("w:compat"))
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))
    doc.core_properties.author = "taizhang"
    doc.core_properties.title = ""


def add_style(
    doc,
    name,
    font,
    size,
    *,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    first=0,
    left=0,
    right=0,
    line=LINE,
    bold=False,
    color=None,
    scale=None,
    keep_next=False,
    tabs=(),
):
    """Named paragraph style (a clerk restyles it in Word/WPS). line: exact twips, or None for single spacing."""
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    pf = style.paragraph_format
    pf.alignment = align
    pf.first_line_indent, pf.left_indent, pf.right_indent = Twips(first), Twips(left), Twips(right)
    pf.space_before = pf.space_after = Pt(0)
    pf.keep_with_next = keep_next
    if line:
        pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Twips(line)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for pos, kind in tabs:
        pf.tab_stops.add_tab_stop(Twips(pos), kind)
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, font, size)
    style.font.bold = bold
    if color:
        style.font.color.rgb = color
    if size == 16:
        set_child(rpr, "spacing", RPR_ORDER, val=CONDENSE)
    if scale:
        set_child(rpr, "w", RPR_ORDER, val=scale)
    return style


def add_styles(doc):
    """All styles both templates use; names start with TZ so they group together in the style list."""
    s = add_style
    s(doc, "TZ正文", FANGSONG, 16, first=2 * CHAR)
    s(doc, "TZ无缩进", FANGSONG, 16)
    s(doc, "TZ标题", XIAOBIAOSONG, 22, align=WD_ALIGN_PARAGRAPH.CENTER, line=TITLE_LINE)
    s(doc, "TZ一级标题", HEITI, 16, first=2 * CHAR, keep_next=True)
    kai = doc.styles.add_style("TZ二级标题", WD_STYLE_TYPE.CHARACTER)  # run style: （一） lead-in in 楷体
    set_fonts(kai.element.get_or_add_rPr(), KAITI)
    s(
        doc,
        "TZ发文机关标志",
        XIAOBIAOSONG,
        MARK_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line=None,
        color=RED,
        scale=MARK_SCALE,
    )
    s(
        doc,
        "TZ报头",
        XIAOBIAOSONG,
        MASTHEAD_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line=None,
        color=RED,
        scale=MASTHEAD_SCALE,
    )
    s(doc, "TZ居中", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    s(doc, "TZ报头行", FANGSONG, 16, tabs=[(TEXT_W, WD_TAB_ALIGNMENT.RIGHT)])
    s(doc, "TZ主送", FANGSONG, 16)
    # 附件说明: "附件：1.名称" starts two characters in; later "2.名称" and wrapped lines align under the name.
    s(doc, "TZ附件说明", FANGSONG, 16, first=-4 * CHAR, left=6 * CHAR)
    s(doc, "TZ附件说明续", FANGSONG, 16, first=-CHAR, left=6 * CHAR)
    s(doc, "TZ署名", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.RIGHT, right=2 * CHAR, keep_next=True)
    s(doc, "TZ成文日期", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.RIGHT, right=DATE_RIGHT_CHARS * CHAR)
    s(doc, "TZ附件标识", HEITI, 16, align=WD_ALIGN_PARAGRAPH.LEFT)
    s(doc, "TZ表头", HEITI, TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
    s(doc, "TZ表格", FANGSONG, TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
    s(doc, "TZ表格左", FANGSONG, TABLE_PT, align=WD_ALIGN_PARAGRAPH.LEFT, line=None)
    s(doc, "TZ图", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.CENTER, line=None, keep_next=True)
    s(doc, "TZ图题", FANGSONG, 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    s(doc, "TZ版记", FANGSONG, 14, left=CHAR4, right=CHAR4, tabs=[(TEXT_W - CHAR4, WD_TAB_ALIGNMENT.RIGHT)])
    s(doc, "TZ抄送", FANGSONG, 14, first=-3 * CHAR4, left=4 * CHAR4, right=CHAR4)  # wraps align after 抄送：
    s(doc, "TZ报送", FANGSONG, 14, first=-2 * CHAR4, left=3 * CHAR4, right=CHAR4)
    s(doc, "TZ页码", SONGTI, 14, line=None)
    s(doc, "TZ分节", FANGSONG, 1, line=20)  # near-invisible paragraph that carries a section break


def para(parent, style, *runs, **fmt):
    """Add a paragraph; each run is 'text' or ('text', 'char style'). Each jinja tag stays inside one run."""
    p = parent.add_paragraph(style=style)
    for run in runs:
        text, char_style = (run, None) if isinstance(run, str) else run
        p.add_run(text, style=char_style)
    for key, value in fmt.items():
        setattr(p.paragraph_format, key, value)
    return p


def blank(doc, n=1, **fmt):
    for _ in range(n):
        para(doc, "TZ无缩进", **fmt)


def bottom_rule(p, color="FF0000", sz=RED_RULE_SZ, space=8):
    """Full-width line under a paragraph (red separator / masthead rule) as a paragraph border."""
    pbdr = set_child(p._p.get_or_add_pPr(), "pBdr", PPR_ORDER)
    el = OxmlElement("w:bottom")
    for key, value in {"val": "single", "sz": sz, "space": space, "color": color}.items():
        el.set(qn(f"w:{key}"), str(value))
    pbdr.append(el)


def setup_section(section, landscape=False):
    """A4 page, margins, line+character grid, footer 7 mm below the text block (§7.5)."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    w, h = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
    section.page_width, section.page_height = Twips(w), Twips(h)
    top, left, right, bottom = (
        (LAND_TOP, LAND_LEFT, LAND_RIGHT, LAND_BOTTOM) if landscape else (TOP, LEFT, RIGHT, BOTTOM)
    )
    section.top_margin, section.left_margin = Twips(top), Twips(left)
    section.right_margin, section.bottom_margin = Twips(right), Twips(bottom)
    section.header_distance = Mm(15)
    section.footer_distance = Twips(bottom - Mm(7).twips - Pt(16).twips)  # number line ~16 pt high
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))


def page_number(footer, odd):
    """`— N —` with a real PAGE field; odd pages right, even pages left, one 四号 character in."""
    p = footer.paragraphs[0]
    p.style = "TZ页码"
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.first_line_indent = Twips(0)
    if odd:
        p.paragraph_format.right_indent = Twips(CHAR4)
    else:
        p.paragraph_format.left_indent = Twips(CHAR4)
    p.add_run("— ")
    for kind in ("begin", "instr", "separate", "result", "end"):  # complex field: Word and LibreOffice update it
        run = p.add_run("1" if kind == "result" else None)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        elif kind != "result":
            run._r.append(OxmlElement("w:fldChar"))
            run._r[-1].set(qn("w:fldCharType"), kind)
    p.add_run(" —")


def new_document():
    doc = Document()
    fix_defaults(doc)
    add_styles(doc)
    section = doc.sections[0]
    setup_section(section)
    page_number(section.footer, odd=True)  # later sections link to these footers, so numbering continues
    page_number(section.even_page_footer, odd=False)
    return doc


def new_section(doc, landscape):
    """Section break on a new page; the paragraph that carries the break is made near-invisible."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    doc.paragraphs[-1].style = "TZ分节"
    setup_section(section, landscape)


def table_props(table, width, borders):
    """Fixed layout, centred, given total width and borders; 1 mm side margins, a little air above/below text."""
    tblpr = table._tbl.tblPr
    set_child(tblpr, "tblW", TBLPR_ORDER, w=width, type="dxa")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    bdr = set_child(tblpr, "tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        sz = borders.get(side)
        for key, value in (
            {"val": "single", "sz": sz, "space": 0, "color": "000000"} if sz else {"val": "nil"}
        ).items():
            el.set(qn(f"w:{key}"), str(value))
        bdr.append(el)
    mar = set_child(tblpr, "tblCellMar", TBLPR_ORDER)
    for side, w in (("top", 28), ("left", 57), ("bottom", 28), ("right", 57)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(w))
        el.set(qn("w:type"), "dxa")
        mar.append(el)


def fill_cell(cell, text, style, width):
    cell.width = Twips(width)
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    p = cell.paragraphs[0]
    p.style = style
    if text:
        p.add_run(text)


def data_table(doc, cols, rows, total=TEXT_W):
    """Grid table: header row repeated on each page, rows never split, full borders, text centred vertically.

    cols: (header, width in mm, style of data cells). rows: template rows after the header; a str is a control
    row ({%tr ...%} alone in its first cell), a list holds the cell texts of a data row.
    """
    scale = total / sum(Mm(w).twips for _, w, _ in cols)  # widths are proportions of the text width
    widths = [round(Mm(w).twips * scale) for _, w, _ in cols]
    widths[-1] = total - sum(widths[:-1])
    table = doc.add_table(rows=1 + len(rows), cols=len(cols))
    table_props(table, total, dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), 4))
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Twips(w)
    for i, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        set_child(trpr, "cantSplit", TRPR_ORDER)
        if i == 0:
            set_child(trpr, "tblHeader", TRPR_ORDER)
            texts, styles = [c[0] for c in cols], ["TZ表头"] * len(cols)
        elif isinstance(rows[i - 1], str):
            texts, styles = [rows[i - 1]] + [""] * (len(cols) - 1), ["TZ表格"] * len(cols)
        else:
            texts, styles = rows[i - 1], [c[2] for c in cols]
        for cell, text, style, w in zip(row.cells, texts, styles, widths, strict=True):
            fill_cell(cell, text, style, w)
    return table


def banji(doc, rows, width=TEXT_W, left=LEFT):
    """版记 lines as a borderless-sides table floated to the bottom of the text block (§7.4: last line on the
    bottom edge). Lines: first and last thick, between thin. rows: control-row str or (text, style). On a landscape
    page (the last annex) `width` and `left` are the landscape text block's."""
    para(doc, "TZ分节")  # LibreOffice anchors the floated table to the paragraph before it: keep that one here
    table = doc.add_table(rows=len(rows), cols=1)
    table_props(table, width, {"top": BANJI_THICK, "bottom": BANJI_THICK, "insideH": BANJI_THIN})
    for side in ("left", "right"):  # 版记 text is placed by paragraph indents, not cell margins
        table._tbl.tblPr.find(qn("w:tblCellMar")).find(qn(f"w:{side}")).set(qn("w:w"), "0")
    set_child(
        table._tbl.tblPr,
        "tblpPr",
        TBLPR_ORDER,
        leftFromText=0,
        rightFromText=0,
        topFromText=0,
        bottomFromText=0,
        vertAnchor="margin",
        horzAnchor="page",
        tblpX=left,
        tblpYSpec="bottom",
    )
    set_child(table._tbl.tblPr, "tblOverlap", TBLPR_ORDER, val="never")
    table.columns[0].width = Twips(width)
    for row, spec in zip(table.rows, rows, strict=True):
        set_child(row._tr.get_or_add_trPr(), "cantSplit", TRPR_ORDER)
        text, style = (spec, "TZ版记") if isinstance(spec, str) else spec
        fill_cell(row.cells[0], text, style, width)
        if width != TEXT_W and style == "TZ版记":  # the 印发日期 tab moves to the wider block's right edge
            stops = row.cells[0].paragraphs[0].paragraph_format.tab_stops
            stops.add_tab_stop(Twips(TEXT_W - CHAR4), WD_TAB_ALIGNMENT.CLEAR)
            stops.add_tab_stop(Twips(width - CHAR4), WD_TAB_ALIGNMENT.RIGHT)
    para(doc, "TZ分节")  # a floating table needs a following paragraph to anchor to


# {% vm %} merges a cell over every row of its own loop, so indicator rows are looped per category: the outer
# loop runs over the categories in order of first appearance, the inner one over that category's rows, and the
# 类别 cell merges within each category.
CATEGORY_LOOPS = (
    "{%tr for cat in indicators|map(attribute='category')|unique %}",
    "{%tr for r in indicators|selectattr('category', 'equalto', cat) %}",
)
