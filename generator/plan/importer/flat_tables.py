"""Tables flattened one cell per line: the grid is gone, cells follow each other (blank lines between them or not),
merged cells (领域, 任务 spanning rows) appear once. The header is found by its column names; rows are cut at the
序号 column (1, 2, 3 … in order); cells before 序号 open a new span, the lead units close a row, and a row with more
cells than columns is split by what each cell looks like — unit of measure, value, 指标属性, unit name.
"""

from __future__ import annotations

import re

from generator.plan.importer.headings import label_of
from generator.plan.importer.model import Paragraph, Table, TableRow
from generator.plan.importer.table_words import (
    ANNEX_LABEL,
    ATTRIBUTE,
    BOILERPLATE,
    HEADER_WORDS,
    LEAD_HEADERS,
    MEASURE_CELL,
    UNIT_HEADERS,
    VALUE_CELL,
    VALUE_HEADERS,
    Block,
    header_key,
)
from generator.plan.importer.text import fold
from generator.plan.importer.unit_names import is_unit_like

# the column that numbers the rows, under other names (任务项 1, 2 …; 编号)
_ROW_NUMBER = {"序号": "序号", "编号": "序号", "任务项": "序号", "项次": "序号", "序": "序号"}
# a column name a clerk would write but the list above lacks (主 要 工 作 任 务, 牵头责任单位, 四季度任务分解):
# short, and ending with what a column holds
# (民生实事, 工作事项 name the row's work; 分管县领导 names a person)
_HEADER_LIKE = re.compile(
    r"^[\u4e00-\u9fff]{0,6}(?:任务|内容|单位|部门|时限|时间|节点|措施|情况|状况|分解|进展|目标|项目|实事|事项|工程|领导)$"
)
# a page that ends every cell's line with a bar (序号 | / 目标与任务 | / 80 |)
_CELL_BAR = re.compile(r"\s*[|｜]\s*$")
# a chapter heading written as a line between a table's rows (二、全力以赴扩投资…)
_SECTION_ROW = re.compile(r"^[一二三四五六七八九十]+、")


def cell_text(text: str) -> str:
    return _CELL_BAR.sub("", text.strip())


def _column_name(text: str) -> str:
    """A line's column name when it is one ("" when not): spaces a page put between its characters removed."""
    key = header_key(cell_text(text))
    if key in _ROW_NUMBER:
        return _ROW_NUMBER[key]
    return key if key in HEADER_WORDS or _HEADER_LIKE.match(key) else ""


def flat_header(blocks: list[Block], i: int) -> int:
    """Index just after a header written one column name per line (序号 among them), or 0. Blank lines between
    the names (a page that puts every cell in its own paragraph) are skipped."""
    names: list[str] = []
    j = i
    while j < len(blocks) and isinstance(blocks[j], Paragraph):
        text = blocks[j].text.strip()
        if not text:
            j += 1
            continue
        if not _column_name(text):
            break
        names.append(_column_name(text))
        j += 1
    known = sum(name in HEADER_WORDS or name in LEAD_HEADERS for name in names)
    # three columns are a table when one of them names who does the row (序号 / 主要工作任务 / 责任单位)
    enough = len(names) >= 4 or (len(names) == 3 and any(n in LEAD_HEADERS for n in names))
    if enough and known >= 2 and "序号" in names and isinstance(blocks[i], Paragraph) and blocks[i].text.strip():
        return j
    return 0


def flat_table(blocks: list[Block], start: int, header_end: int) -> tuple[Table, int]:
    header = [_column_name(b.text) for b in blocks[start:header_end] if b.text.strip()]
    end = header_end
    cells: list[Paragraph] = []
    while end < len(blocks) and isinstance(blocks[end], Paragraph):
        text = blocks[end].text.strip()
        if ANNEX_LABEL.match(text) or re.search(r"印\s*发\s*$", text):
            break
        if text and not BOILERPLATE.search(text):
            cells.append(blocks[end])
        end += 1
    rows = rows_from_cells(header, cells)
    return Table(header, rows, blocks[start].no, f"第{blocks[start].no}行起的表格"), end


def rows_from_cells(header: list[str], cells: list[Paragraph]) -> list[TableRow]:
    """Rows of a one-cell-per-line table, cut at the 序号 column.

    Rows count 1, 2, 3 …; a table that shows only some rows of a longer one (80, 81; 3, 68, 69 under chapter
    headings written between the rows) starts its count at its first row and picks it up again after a heading."""
    anchor = header.index("序号")
    pre, post = header[:anchor], header[anchor + 1 :]
    cells = [_bare(c) for c in cells]
    after_heading = {k + 1 for k, c in enumerate(cells) if _SECTION_ROW.match(fold(c.text.strip()))}
    if after_heading and pre:
        after_heading = set()  # cells before 序号 open a row's span: a heading there is the span, not a chapter
    anchors: list[int] = []
    expected = 1
    for k, cell in enumerate(cells):
        text = fold(cell.text.strip())
        spaced = not anchors or k - anchors[-1] >= max(2, len(post) - 2)
        restart = (k == 0 or k in after_heading) and text.isdigit() and int(text) >= expected
        if spaced and (text == str(expected) or restart):
            anchors.append(k)
            expected = int(text) + 1
    if after_heading:  # the chapter headings between rows are no cells of the rows around them
        kept = [k for k in range(len(cells)) if k + 1 not in after_heading]
        anchors = [kept.index(k) for k in anchors]
        cells = [cells[k] for k in kept]
    rows: list[TableRow] = []
    spans = dict.fromkeys(pre, "")
    head = [c.text.strip() for c in cells[: anchors[0]]] if anchors else []
    for n, k in enumerate(anchors):
        stop = anchors[n + 1] if n + 1 < len(anchors) else len(cells)
        segment = [c.text.strip() for c in cells[k + 1 : stop]]
        next_head: list[str] = []
        if pre and n + 1 < len(anchors) and post and post[-1] in LEAD_HEADERS:
            while segment and not is_unit_like(segment[-1]) and len(segment) > 1:
                next_head.insert(0, segment.pop())
        _assign_spans(spans, pre, head)
        row = _typed_row(post, segment)
        row.cells = {**spans, "序号": cells[k].text.strip(), **row.cells}
        row.para, row.ref = cells[k].no, f"第{cells[k].no}行"
        rows.append(row)
        head = next_head
    return rows


def _bare(cell: Paragraph) -> Paragraph:
    text = cell_text(cell.text)
    return cell if text == cell.text.strip() else Paragraph(cell.no, text, cell.ref)


def _assign_spans(spans: dict[str, str], pre: list[str], head: list[str]) -> None:
    """领域 and 任务 cells opening a row. A cell with a heading number ((三)) starts the innermost column and the
    cells after it continue it ((三) + 生态系统保护); cells before it belong to the outer columns."""
    if not head or not pre:  # 序号 is the first column: nothing before a row's number opens a span
        return
    if len(pre) == 1:
        spans[pre[0]] = "".join(head)
        return
    labelled = next((k for k, text in enumerate(head) if label_of(text)), None)
    if labelled is None:
        labelled = len(pre) - 1 if len(head) >= len(pre) else 0
    outer, inner = head[:labelled], head[labelled:]
    for column, text in zip(pre[:-1], outer):
        spans[column] = text
    if len(outer) > len(pre) - 1:
        spans[pre[-2]] = "".join(outer[len(pre) - 2 :])
    if inner:
        spans[pre[-1]] = "".join(inner)


def _unit_columns(post: list[str]) -> list[str]:
    """The columns at the right end that hold unit names (责任部门 / 评分部门), not a unit of measure (单位)."""
    out: list[str] = []
    for column in reversed(post):
        if column in UNIT_HEADERS or not (column in LEAD_HEADERS or column.endswith(("部门", "单位"))):
            break
        out.insert(0, column)
    return out


# 万元/人, 亿斤, 万头: a unit of measure the list of units does not know
_MEASURE_LIKE = re.compile(
    r"^(?:[^\d\s]{1,4}/[^\d\s]{1,3}|(?:十|百|千|万|亿)*(?:斤|头|只|羽|匹|株|棵|尾|人|人次|户|床|张|间|辆|艘|架|名|篇|场|批|宗))$"
)


def _by_kind(post: list[str], segment: list[str], unit_columns: list[str], measure_col: str) -> TableRow:
    """A row of 指标 / 单位 / 年度目标 / 责任部门 / 评分部门 whose merged or empty cells are missing: the unit names
    at the end go to the unit columns (the last one takes one cell, the first the others), the unit of measure to
    its column, what follows it to the next column, what precedes it to the text columns from the right."""
    rest = list(segment)
    names: list[str] = []
    while rest and is_unit_like(rest[-1]) and not MEASURE_CELL.match(fold(rest[-1])):
        names.insert(0, rest.pop())
    row = TableRow(dict.fromkeys(post, ""), 0, "", irregular=len(segment) != len(post))
    if names:
        last = unit_columns[-1] if len(unit_columns) > 1 and len(names) > 1 else None
        if last:
            row.cells[last] = names.pop()
        row.cells[unit_columns[0]] = "、".join(names)
        row.parts[unit_columns[0]] = names
    at = next((k for k, c in enumerate(rest) if MEASURE_CELL.match(fold(c)) or _MEASURE_LIKE.match(c)), None)
    fixed = [c for c in post if c not in unit_columns]
    if at is None:  # 建设美丽牧场 / 0: no unit of measure written; a value at the end still is the target
        value = bool(rest) and bool(VALUE_CELL.match(fold(rest[-1])))
        texts, measure, after = (rest[:-1], [], rest[-1:]) if value else (rest, [], [])
    else:
        texts, measure, after = rest[:at], [rest[at]], rest[at + 1 :]
    position = fixed.index(measure_col)
    before, following = fixed[:position], fixed[position + 1 :]
    if measure:
        row.cells[measure_col] = measure[0]
    for column, value in zip(following, after):
        row.cells[column] = value
    for column, value in zip(reversed(before), reversed(texts)):
        row.cells[column] = value
    return row


def _typed_row(post: list[str], segment: list[str]) -> TableRow:
    unit_columns = _unit_columns(post)
    measure_col = next((h for h in post if h in UNIT_HEADERS), None)
    # an indicator table (目标值 / 牵头部门) keeps the reading below, which knows its sub-indicators
    indicator_table = any(h in VALUE_HEADERS for h in post) and len(unit_columns) < 2
    if unit_columns and measure_col and len(unit_columns) < len(post) - 1 and not indicator_table:
        return _by_kind(post, segment, unit_columns, measure_col)
    if len(segment) == len(post):
        return TableRow(dict(zip(post, segment)), 0, "")
    lead_col = next((h for h in post if h in LEAD_HEADERS), None)
    stacked = _stacked_units(post, segment, lead_col) if lead_col else None
    if stacked is not None:
        return stacked
    row = TableRow(dict.fromkeys(post, ""), 0, "", irregular=True)
    attr_col = next((h for h in post if h in ("指标属性", "属性")), None)
    unit_col = next((h for h in post if h in UNIT_HEADERS), None)
    value_col = next((h for h in post if h in VALUE_HEADERS), None)
    rest = list(segment)
    if lead_col == post[-1]:
        leads = []
        while rest and is_unit_like(rest[-1]) and len(rest) > 1:
            leads.insert(0, rest.pop())
        row.cells[lead_col] = "、".join(leads)
        row.parts[lead_col] = leads
    if attr_col and rest and ATTRIBUTE.match(rest[-1]):
        row.cells[attr_col] = rest.pop()
    fixed = [h for h in post if h not in (lead_col, attr_col)]
    if unit_col and value_col and rest:
        first_unit = next((k for k in range(1, len(rest)) if MEASURE_CELL.match(fold(rest[k]))), None)
        if first_unit is not None:
            name, subs = rest[0], rest[1:first_unit]
            k = first_unit
            units = []
            while k < len(rest) and MEASURE_CELL.match(fold(rest[k])):
                units.append(rest[k])
                k += 1
            values = rest[k:]
            name_col = fixed[0]
            row.cells[name_col] = name
            row.parts[name_col] = [name, *subs]
            row.cells[unit_col] = units[0]
            row.parts[unit_col] = units
            numeric = [v for v in values if VALUE_CELL.match(fold(v))]
            row.cells[value_col] = numeric[0] if len(numeric) == 1 else "；".join(values)
            row.parts[value_col] = values
            return row
    for column, value in zip(fixed, rest):
        row.cells[column] = value
    if len(rest) > len(fixed) and fixed:
        row.cells[fixed[-1]] = "；".join(rest[len(fixed) - 1 :])
    return row


def _stacked_units(post: list[str], segment: list[str], lead_col: str) -> TableRow | None:
    """A unit column in the middle of a row whose cell lists its units one per line (县水务局 / 县住建局 / 县护城河
    指挥部), and a sub-row after it sharing that merged cell (开工建设老年大学。 / 12月底前): the unit-like cells
    after the text columns are the units; the sub-row's cells add to the columns they stand under."""
    at = post.index(lead_col)
    if len(segment) <= len(post) or at == 0:
        return None
    k = at
    while k < len(segment) and is_unit_like(segment[k]):
        k += 1
    units, after = segment[at:k], segment[k:]
    following = post[at + 1 :]
    if not units or len(after) < len(following):
        return None
    row = TableRow(dict.fromkeys(post, ""), 0, "", irregular=True)
    row.cells.update(zip(post[:at], segment[:at]))
    row.cells[lead_col] = "、".join(units)
    row.parts[lead_col] = units
    row.cells.update(zip(following, after))
    extra = after[len(following) :]
    for column, value in zip([*post[:at], *following], extra):
        row.cells[column] = f"{row.cells[column]}；{value}" if row.cells[column] else value
    return row


_RECORD_TASK = re.compile(r"(?:任务|内容|实事|事项)$")
_RECORD_UNITS = ("配合单位", "配合部门", "协办单位", "参与单位")


def flat_record(blocks: list[Block], i: int) -> tuple[Table, int] | None:
    """One record of a task table written as label / value lines without a 序号 (具体任务 / 全面落实… / 责任单位 /
    卫健局、文旅局 / 完成时限 / …): a table of one row, when it names the task and who does it."""
    cells: dict[str, str] = {}
    header: list[str] = []
    j = i
    first: Paragraph | None = None
    while j < len(blocks) and isinstance(blocks[j], Paragraph):
        if not blocks[j].text.strip():
            j += 1
            continue
        name = _column_name(blocks[j].text)
        k = j + 1
        while k < len(blocks) and isinstance(blocks[k], Paragraph) and not blocks[k].text.strip():
            k += 1
        if not name or name == "序号" or name in cells or k >= len(blocks) or not isinstance(blocks[k], Paragraph):
            break
        value = cell_text(blocks[k].text)
        if _column_name(value):
            break
        first = first or blocks[j]
        header.append(name)
        cells[name] = value
        j = k + 1
    has_task = any(_RECORD_TASK.search(h) for h in header)
    has_units = any(h in LEAD_HEADERS or h in _RECORD_UNITS for h in header)
    if first is None or len(header) < 3 or not (has_task and has_units):
        return None
    row = TableRow(cells, first.no, f"第{first.no}行")
    return Table(header, [row], first.no, f"第{first.no}行起的记录"), j
