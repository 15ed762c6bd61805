"""Tables on their side (目标任务分解表): the places are the columns, each row an indicator with its unit of measure and
one value per place. A city hands its counties their targets this way:

    地区 | 单位   | 海安县 | 如皋市 | …
    一、综合考核指标
    单位地区生产总值用水量 | m3/万元 | 123 | 123 | …

Read here into the shape of a task table — one row per indicator, the places together in one place column (each
place leads the row: it is measured on its own value), the value in 年度目标 — so that `annexes.task_items` reads it
like any other. Places with different values keep every value (`TableRow.parts`). Two forms: a real table (.docx,
or rows recovered from text) whose header names three or more places, and a page that flattened it one cell per line.
"""

from __future__ import annotations

import re

from generator.plan.importer.model import Paragraph, Table, TableRow
from generator.plan.importer.table_words import Block, header_key

# the header of the table the rows become: 序号 numbers the indicators, 类别 is the section row above them
HEADER = ["序号", "类别", "考核内容", "单位", "年度目标", "地区"]
PLACES = "地区"  # a place column: annexes._PLACE_COLUMN
# a county, city, district, town or zone named as a column (海安县, 通州区, 开发区, 城关镇, 经济技术开发区)
_PLACE = re.compile(r"^[\u4e00-\u9fff]{0,10}(?:省|市|县|区|旗|盟|州|镇|乡|街道|开发区|新区|园区|管委会|示范区|高新区)$")
# the corner cells before the places: what the rows are (指标, 项目) and their unit of measure (单位)
_CORNER = re.compile(r"^(?:地区|区域|单位|地区单位|指标|指标名称|考核指标|项目|名称|计量单位|类别|序号|内容|任务)$")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、\S")
# a place's value: a number (percent, 以上/以下, a comparison before it) or a dash for no target
_VALUE = re.compile(
    r"^(?:(?:≥|≤|>|<|=|不低于|不超过|不少于|达到)?\s*\d+(?:\.\d+)?\s*%?(?:以上|以下|以内)?|[/／—－-]+)$"
)
_MIN_PLACES = 3
_MAX_MEASURE = 10  # a unit of measure is short: 升/人日, m3/万元, 吨/月·平方公里


def is_place(text: str) -> bool:
    return bool(_PLACE.match(header_key(text)))


def place_columns(header: list[str]) -> list[str]:
    """The header's places when three or more of its columns are places and they follow each other to its end."""
    k = len(header)
    while k > 0 and is_place(header[k - 1]):
        k -= 1
    places = header[k:]
    return places if len(places) >= _MIN_PLACES and k >= 1 else []


def untranspose(table: Table) -> Table:
    """A real table whose columns are places, in the shape of a task table; any other table as it is."""
    places = place_columns(table.header)
    if not places:
        return table
    corner = table.header[: len(table.header) - len(places)]
    measure_column = next((c for c in corner if header_key(c) in ("单位", "计量单位")), "")
    name_column = next((c for c in corner if c != measure_column), corner[0])
    rows: list[TableRow] = []
    section = ""
    for row in table.rows:
        name = row.cells.get(name_column, "").strip()
        values = [row.cells.get(p, "").strip() for p in places]
        if not name:
            continue
        if _SECTION.match(name) and all(v in ("", name) for v in values):  # a merged row naming the section
            section = name
            continue
        if not any(_VALUE.match(v) for v in values):
            return table  # a row that holds no value for any place: not an indicator table after all
        measure = row.cells.get(measure_column, "").strip() if measure_column else ""
        rows.append(_row(len(rows) + 1, section, name, measure, places, values, row.para, row.ref))
    return Table(HEADER, rows, table.para, table.ref, table.title, table.annex) if rows else table


def flat_transposed(blocks: list[Block], i: int) -> tuple[Table, int] | None:
    """A table on its side flattened one cell per line from blocks[i] (its first corner cell), and the index after
    its last whole row; None when there is none. A row cut short by the page's end is left out, as are blank lines."""
    lines = _Lines(blocks, i)
    k = 0
    while k < 3 and _CORNER.match(header_key(lines.text(k) or "-")):
        k += 1
    if k == 0:
        return None
    places: list[str] = []
    while is_place(lines.text(k) or ""):
        places.append(header_key(lines.text(k) or ""))
        k += 1
    if len(places) < _MIN_PLACES:
        return None
    rows: list[TableRow] = []
    section, end = "", lines.index(k - 1) + 1
    while (text := lines.text(k)) is not None:
        if _SECTION.match(text):
            section, end, k = text, lines.index(k) + 1, k + 1
            continue
        if _VALUE.match(text) or is_place(text):
            break
        measure, start = "", k + 1
        after = lines.text(start)
        if after is not None and not _VALUE.match(after):
            measure, start = after, start + 1
        values = [v for j in range(start, start + len(places)) if (v := lines.text(j)) is not None]
        if len(values) < len(places) or not all(_VALUE.match(v) for v in values) or len(measure) > _MAX_MEASURE:
            break
        para = blocks[lines.index(k)]
        assert isinstance(para, Paragraph)
        rows.append(_row(len(rows) + 1, section, text, measure, places, values, para.no, para.ref))
        k = start + len(places)
        end = lines.index(k - 1) + 1
    if not rows:
        return None
    first = blocks[i]
    assert isinstance(first, Paragraph)
    return Table(HEADER, rows, first.no, first.ref), end


class _Lines:
    """The non-blank paragraphs from blocks[i] on, up to the next table, read only as far as asked: a long page is
    not walked again for every line of it that could open a table."""

    def __init__(self, blocks: list[Block], i: int) -> None:
        self.blocks = blocks
        self.next = i
        self.found: list[int] = []

    def index(self, k: int) -> int:
        """The block index of the k-th line (k within what `text` has returned)."""
        return self.found[k]

    def text(self, k: int) -> str | None:
        """The k-th line's text, stripped; None past the last."""
        while len(self.found) <= k and self.next < len(self.blocks):
            block = self.blocks[self.next]
            if not isinstance(block, Paragraph):
                self.next = len(self.blocks)
                break
            if block.text.strip():
                self.found.append(self.next)
            self.next += 1
        if k >= len(self.found):
            return None
        block = self.blocks[self.found[k]]
        assert isinstance(block, Paragraph)
        return block.text.strip()


def _row(
    no: int, section: str, name: str, measure: str, places: list[str], values: list[str], para: int, ref: str
) -> TableRow:
    """One indicator as a task row: the places that have a value lead it, each value kept once."""
    given = [(p, v) for p, v in zip(places, values) if not re.fullmatch(r"[/／—－-]+", v)]
    distinct = list(dict.fromkeys(v for _, v in given))
    shared = ["、".join(p for p, v in given if v == value) for value in distinct]  # the places of each value
    cells = {
        "序号": str(no),
        "类别": section,
        "考核内容": name,
        "单位": measure,
        "年度目标": distinct[0] if len(distinct) == 1 else "；".join(f"{p}{v}" for p, v in given),
        PLACES: "、".join(p for p, _ in given),
    }
    return TableRow(cells, para, ref, parts={"年度目标": distinct, PLACES: shared} if len(distinct) > 1 else {})
