"""Tables flattened into text, recovered into rows and columns.

Two flattenings are met when a plan is copied from a web page or saved as text:
- tab-indented: each cell starts with a tab, a cell may continue on lines without one, a blank line ends the row
  (焦作 附件一 / 附件二);
- one cell per line: the grid is gone, cells follow each other separated by blank lines, and merged cells (领域,
  任务 spanning rows) appear once (海陵 任务分解表). The header is found by its column names; rows are cut at the
  序号 column (1, 2, 3 … in order); cells before 序号 open a new span, the lead units close a row, and a row with
  more cells than columns (two sub-indicators, a region qualifier, a note under the value) is split by what each
  cell looks like — unit of measure, value, 指标属性, unit name — and marked for review.
"""

from __future__ import annotations

import re

from generator.plan.importer.headings import label_of
from generator.plan.importer.model import Paragraph, Table, TableRow
from generator.plan.importer.responsibility import is_unit_like
from generator.plan.importer.targets import UNITS
from generator.plan.importer.text import fold

Block = Paragraph | Table
HEADER_WORDS = set(
    """细化措施 参与单位 参与部门 协办单位 主体责任单位 落实单位 实施单位 责任人 完成标准 工作内容 具体任务
    序号 领域 任务 类别 分类 指标 指标名称 单位 量纲 计量单位 指标值 目标值 指标属性 属性 牵头部门
    牵头单位 责任单位 责任部门 配合单位 配合部门 完成时限 完成时间 时间节点 完成期限 重点工作任务
    工作任务 重点任务 任务内容 目标要求 工作要求 工作目标 具体措施 工作措施 计算依据 备注 责任领导
    现状值 基期值 基准值 考核指标 佐证材料 具体内容 主要任务 任务分解 项目名称 建设内容 进度安排
    主要内容 目标任务 预期目标 计算方法 指标解释 数据来源 负责部门 负责单位 主责单位 主办单位 主办 协办 成员单位
    时间进度 完成时间节点 计划节点 完成节点 牵头领导""".split()
)
LEAD_HEADERS = ("牵头部门", "牵头单位", "责任单位", "责任部门", "牵头责任单位")
UNIT_HEADERS = ("单位", "量纲", "计量单位")
VALUE_HEADERS = ("指标值", "目标值", "预期目标")
ATTRIBUTE = re.compile(r"^(约束性|预期性|参考性|考核性|引导性|监测性)(指标)?$")
_MEASURE = re.compile(r"^(?:/|／|—|-|" + "|".join(re.escape(u) for u in UNITS) + r")$")
_VALUE = re.compile(r"^(?:≥|≤|>|<|=|不低于|不超过|达到)?\s*\d+(?:\.\d+)?\s*%?(?:以上|以下)?$")
_ANNEX = re.compile(r"^\s*附\s*件\s*[0-9一二三四五六七八九十]*\s*$")
_BOILERPLATE = re.compile(
    r"【(?!牵头|配合|责任|参与|协办|主办|落实|实施|完成)[^】]{1,8}】|打印本页|关闭窗口|返回顶部|分享到"
)


def header_key(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def recover_tables(blocks: list[Block]) -> list[Block]:
    """The blocks with every flattened table replaced by a Table (paragraphs of real tables are left as they are)."""
    blocks = join_bar_cells(blocks)
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Paragraph) and _tab_row_header(block.text):
            table, i = _tab_rows(blocks, i)
            table.title = _title_before(out)
            out.append(table)
            continue
        if isinstance(block, Paragraph) and block.text.startswith("\t"):
            table, i = _tab_table(blocks, i)
            table.title = _title_before(out)
            out.append(table)
            continue
        if isinstance(block, Paragraph) and _pipe_header(block.text):
            table, i = _pipe_table(blocks, i)
            table.title = _title_before(out)
            out.append(table)
            continue
        if isinstance(block, Paragraph) and _spaced_header(block.text):
            table, i = _spaced_table(blocks, i)
            table.title = _title_before(out)
            out.append(table)
            continue
        header_end = _flat_header(blocks, i)
        if header_end:
            table, i = _flat_table(blocks, i, header_end)
            table.title = _title_before(out)
            out.append(table)
            continue
        out.append(block)
        i += 1
    return out


_BAR = re.compile(r"^\s*[|｜](?:\s*[|｜])*\s*$")


def join_bar_cells(blocks: list[Block]) -> list[Block]:
    """A table a web page flattened into one cell per line between lines holding only | (| / 序号 / | / 工作任务 / |
    … / | / | / 1 / | …): two bars in a row end a table row. The run becomes one line per row with | between the
    cells, the shape `_pipe_table` reads, when its first row is a header (its cells name columns)."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if not (isinstance(block, Paragraph) and _BAR.match(block.text)):
            out.append(block)
            i += 1
            continue
        j = i
        tokens: list[tuple[str, Paragraph]] = []
        while j < len(blocks) and isinstance(blocks[j], Paragraph):
            text = blocks[j].text.strip()
            if not text:  # a blank line inside the run is the page's spacing, two in a row end it
                if j + 1 < len(blocks) and isinstance(blocks[j + 1], Paragraph) and blocks[j + 1].text.strip():
                    j += 1
                    continue
                break
            if _BAR.match(text):
                tokens.extend(("|", blocks[j]) for _ in range(len(re.findall(r"[|｜]", text))))
            else:
                tokens.append((text, blocks[j]))
            j += 1
        rows = _bar_rows(tokens)
        header = _pipe_header(" | ".join(rows[0][0]) + " |") if rows else []
        if len(rows) < 2 or not header or len(header) != len(rows[0][0]):
            out.append(block)
            i += 1
            continue
        for cells, paragraph in _merge_short_rows(rows, len(header)):
            out.append(Paragraph(paragraph.no, " | ".join(cells) + " |", paragraph.ref))
        i = j
    return out


def _bar_rows(tokens: list[tuple[str, Paragraph]]) -> list[tuple[list[str], Paragraph]]:
    rows: list[tuple[list[str], Paragraph]] = []
    cells: list[str] = []
    current: str | None = None
    start: Paragraph | None = None
    bar_before = False
    for text, paragraph in tokens:
        if text == "|":
            if current is not None:
                cells.append(current)
                current = None
            elif bar_before and cells:
                rows.append((cells, start or paragraph))
                cells, start = [], None
            bar_before = True
            continue
        start = start or paragraph
        current = text if current is None else current + text  # a cell the page wrapped onto two lines
        bar_before = False
    if current is not None:
        cells.append(current)
    if cells:
        rows.append((cells, start or tokens[-1][1]))
    return rows


def _merge_short_rows(rows: list[tuple[list[str], Paragraph]], width: int) -> list[tuple[list[str], Paragraph]]:
    """An empty cell inside a row looks like the end of the row (two bars in a row): a row shorter than the header
    is joined with the next one when that one does not open with a serial number and the two fit the header."""
    out: list[tuple[list[str], Paragraph]] = []
    for cells, paragraph in rows:
        if (
            out
            and len(out[-1][0]) < width
            and len(out[-1][0]) + 1 + len(cells) <= width
            and not re.match(r"^\d{1,3}$", cells[0])
        ):
            out[-1] = ([*out[-1][0], "", *cells], out[-1][1])
            continue
        out.append((cells, paragraph))
    return out


def _tab_row_header(text: str) -> list[str]:
    """序号\t重点任务\t牵头单位\t完成时限: a header row with its cells separated by tabs on one line."""
    if "\t" not in text.strip("\t"):
        return []
    return _pipe_header(" | ".join(c for c in text.strip().split("\t")) + " |")


def _tab_rows(blocks: list[Block], i: int) -> tuple[Table, int]:
    """One row per line, cells separated by tabs (a spreadsheet or a Word table pasted as text): read as the same
    table written with | between the cells."""
    rows = [
        Paragraph(blocks[i].no, " | ".join(c.strip() for c in blocks[i].text.strip().split("\t")) + " |", blocks[i].ref)
    ]
    j = i + 1
    while j < len(blocks) and isinstance(blocks[j], Paragraph) and "\t" in blocks[j].text.strip("\t"):
        cells = [c.strip() for c in blocks[j].text.strip().split("\t")]
        rows.append(Paragraph(blocks[j].no, " | ".join(cells) + " |", blocks[j].ref))
        j += 1
    table, _ = _pipe_table([*rows, Paragraph(-1, "", "")], 0)
    return table, j


def _title_before(out: list[Block]) -> str:
    for block in reversed(out[-4:]):
        if isinstance(block, Paragraph) and block.text.strip():
            text = block.text.strip()
            return "" if _ANNEX.match(text) else text
    return ""


def _tab_table(blocks: list[Block], i: int) -> tuple[Table, int]:
    rows: list[tuple[list[str], int]] = []
    cells: list[str] = []
    first = blocks[i]
    row_para = first.no
    blank = False
    while i < len(blocks):
        block = blocks[i]
        if not isinstance(block, Paragraph):
            break
        raw = block.text
        if raw.startswith("\t"):
            if not cells:
                row_para = block.no
            cells.append(raw[1:])
            blank = False
        elif not raw.strip():
            if cells:
                rows.append((cells, row_para))
                cells = []
            blank = True
        elif blank or not cells:
            break
        else:
            cells[-1] += "\n" + raw
        i += 1
    if cells:
        rows.append((cells, row_para))
    header = [header_key(c) for c in rows[0][0]] if rows else []
    table_rows = []
    for raw_cells, para in rows[1:]:
        cells = [c.strip() for c in raw_cells]
        irregular = len(cells) != len(header)
        if len(cells) > len(header) and header:
            cells = [*cells[: len(header) - 1], "\n".join(cells[len(header) - 1 :])]
        table_rows.append(
            TableRow(
                {h: (cells[k] if k < len(cells) else "") for k, h in enumerate(header)},
                para,
                f"第{para}行",
                irregular=irregular,
            )
        )
    return Table(header, table_rows, first.no, f"第{first.no}行起的表格"), i


def _pipe_header(text: str) -> list[str]:
    """任务 内容 | 责任单位 或牵头单位 | 完成 期限 |: a header row of a table copied as text with | between cells."""
    if text.count("|") < 3:
        return []
    names = [header_key(c) for c in text.split("|")]
    names = names[:-1] if names and not names[-1] else names
    known = sum(1 for n in names if n in HEADER_WORDS or re.search(r"单位|部门|时限|期限|时间|任务|内容", n))
    return names if known >= 2 and all(0 < len(n) <= 20 for n in names) else []


def _pipe_table(blocks: list[Block], i: int) -> tuple[Table, int]:
    """Rows of a |-separated table: a row ends with | (a cell may wrap onto the next lines), and a row with fewer
    cells than the header lacks the merged cells on its left (领域, 任务内容 spanning rows, taken from the row above)
    or was cut short on its right (see _align_short_row)."""
    header = _pipe_header(blocks[i].text)
    first = blocks[i]
    rows: list[tuple[list[str], Paragraph]] = []
    cells: list[str] = []
    row_start: Paragraph | None = None
    j = i + 1
    while j < len(blocks) and isinstance(blocks[j], Paragraph):
        text = blocks[j].text.strip()
        if not text and not cells:
            break
        if "|" not in text and not cells:
            break
        pieces = [p.strip() for p in text.split("|")]
        if cells:  # the last cell of the open row wraps onto this line
            cells[-1] = "\n".join(x for x in (cells[-1], pieces[0]) if x)
            pieces = pieces[1:]
        else:
            row_start = blocks[j]
        closed = text.endswith("|")
        cells.extend(pieces[:-1] if closed else pieces)
        if closed:
            rows.append((cells, row_start or blocks[j]))
            cells = []
        j += 1
    if cells:
        rows.append((cells, row_start or first))
    table_rows = []
    previous: list[str] = []
    merged = 0
    for written, paragraph in rows:
        irregular = len(written) != len(header)
        raw = written
        if len(written) < len(header):
            merged = merged or len(header) - len(written)
            raw = _align_short_row(header, written, previous, merged)
        elif len(written) > len(header):
            raw = [*written[: len(header) - 1], "\n".join(written[len(header) - 1 :])]
        previous = raw
        cells_by_name = {h: raw[k] if k < len(raw) else "" for k, h in enumerate(header)}
        table_rows.append(TableRow(cells_by_name, paragraph.no, paragraph.ref, irregular=irregular))
    return Table(header, table_rows, first.no, f"第{first.no}行起的表格"), j


def _align_short_row(header: list[str], raw: list[str], previous: list[str], merged: int) -> list[str]:
    """A row with fewer cells than columns: merged cells missing on the left (taken from the row above) or cells
    missing on the right (a row cut short). The placement that puts unit names under unit columns and dates under
    the deadline column wins; on a tie, as many merged cells on the left as the rows before had (`merged`)."""
    missing = len(header) - len(raw)
    best, best_score = raw, -1
    for left in range(missing, -1, -1):
        candidate = [*previous[:left], *([""] * left)][:left] + raw + [""] * (missing - left)
        score = 0
        for name, cell in zip(header, candidate):
            unit_column = re.search(r"单位|部门", name)
            units = [u for u in re.split(r"[、，,\s]+", cell) if u]
            if unit_column and units and all(is_unit_like(u) for u in units):
                score += 2
            elif not unit_column and units and all(is_unit_like(u) for u in units):
                score -= 2
            if re.search(r"时限|期限|时间", name) and re.search(r"\d{4}\s*年|\d{1,2}\s*月", cell):
                score += 1
        score = score * 10 - abs(left - merged)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _spaced_header(text: str) -> list[str]:
    """序号 类别 主要任务 … on one line, the columns separated by spaces (a table pasted from some web pages)."""
    words = text.split()
    if len(words) >= 4 and words[0] == "序号" and all(header_key(w) in HEADER_WORDS for w in words):
        return [header_key(w) for w in words]
    return []


def _spaced_table(blocks: list[Block], i: int) -> tuple[Table, int]:
    """Rows start with their 序号; the unit and deadline columns at the right end take one word each, the
    widest text column the last of the others; what remains goes to the first task column (marked irregular)."""
    header = _spaced_header(blocks[i].text)
    first = blocks[i]
    rows: list[tuple[str, Paragraph]] = []
    j = i + 1
    while j < len(blocks) and isinstance(blocks[j], Paragraph):
        text = blocks[j].text.strip()
        number = re.match(r"^(\d{1,3})\s", text)
        if number and int(number.group(1)) == len(rows) + 1:
            rows.append((text, blocks[j]))
        elif text and rows and not _ANNEX.match(text):
            rows[-1] = (rows[-1][0] + " " + text, rows[-1][1])
        elif not text and rows:
            break
        elif text:
            break
        j += 1
    right = []
    for column in reversed(header[1:]):
        if (
            column in LEAD_HEADERS
            or "单位" in column
            or "部门" in column
            or column in ("完成时限", "完成时间", "时间节点")
        ):
            right.insert(0, column)
        else:
            break
    middle = header[1 : len(header) - len(right)]
    table_rows = []
    for text, paragraph in rows:
        words = text.split()
        cells = dict.fromkeys(header, "")
        cells["序号"] = words[0]
        rest = words[1:]
        for column in reversed(right):
            if len(rest) > len(middle):
                cells[column] = rest.pop()
        irregular = len(rest) != len(middle)
        if middle and rest:
            if len(rest) == len(middle):
                cells.update(zip(middle, rest))
            else:
                cells[middle[-1]] = rest.pop()
                cells[middle[-2] if len(middle) > 1 else middle[-1]] += "".join(rest)
        table_rows.append(TableRow(cells, paragraph.no, paragraph.ref, irregular=irregular))
    return Table(header, table_rows, first.no, f"第{first.no}行起的表格"), j


# the column that numbers the rows, under other names (任务项 1, 2 …; 编号)
_ROW_NUMBER = {"序号": "序号", "编号": "序号", "任务项": "序号", "项次": "序号", "序": "序号"}
# a column name a clerk would write but the list above lacks (主 要 工 作 任 务, 牵头责任单位, 四季度任务分解):
# short, and ending with what a column holds
_HEADER_LIKE = re.compile(r"^[\u4e00-\u9fff]{0,6}(?:任务|内容|单位|部门|时限|时间|节点|措施|情况|状况|分解|进展|目标)$")


def _column_name(text: str) -> str:
    """A line's column name when it is one ("" when not): spaces a page put between its characters removed."""
    key = header_key(text)
    if key in _ROW_NUMBER:
        return _ROW_NUMBER[key]
    return key if key in HEADER_WORDS or _HEADER_LIKE.match(key) else ""


def _flat_header(blocks: list[Block], i: int) -> int:
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


def _flat_table(blocks: list[Block], start: int, header_end: int) -> tuple[Table, int]:
    header = [_column_name(b.text) for b in blocks[start:header_end] if b.text.strip()]
    end = header_end
    cells: list[Paragraph] = []
    while end < len(blocks) and isinstance(blocks[end], Paragraph):
        text = blocks[end].text.strip()
        if _ANNEX.match(text) or re.search(r"印\s*发\s*$", text):
            break
        if text and not _BOILERPLATE.search(text):
            cells.append(blocks[end])
        end += 1
    rows = rows_from_cells(header, cells)
    return Table(header, rows, blocks[start].no, f"第{blocks[start].no}行起的表格"), end


def rows_from_cells(header: list[str], cells: list[Paragraph]) -> list[TableRow]:
    """Rows of a one-cell-per-line table, cut at the 序号 column."""
    anchor = header.index("序号")
    pre, post = header[:anchor], header[anchor + 1 :]
    anchors: list[int] = []
    expected = 1
    for k, cell in enumerate(cells):
        text = fold(cell.text.strip())
        if text == str(expected) and (not anchors or k - anchors[-1] >= max(2, len(post) - 2)):
            anchors.append(k)
            expected += 1
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


def _typed_row(post: list[str], segment: list[str]) -> TableRow:
    if len(segment) == len(post):
        return TableRow(dict(zip(post, segment)), 0, "")
    row = TableRow(dict.fromkeys(post, ""), 0, "", irregular=True)
    lead_col = next((h for h in post if h in LEAD_HEADERS), None)
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
        first_unit = next((k for k in range(1, len(rest)) if _MEASURE.match(fold(rest[k]))), None)
        if first_unit is not None:
            name, subs = rest[0], rest[1:first_unit]
            k = first_unit
            units = []
            while k < len(rest) and _MEASURE.match(fold(rest[k])):
                units.append(rest[k])
                k += 1
            values = rest[k:]
            name_col = fixed[0]
            row.cells[name_col] = name
            row.parts[name_col] = [name, *subs]
            row.cells[unit_col] = units[0]
            row.parts[unit_col] = units
            numeric = [v for v in values if _VALUE.match(fold(v))]
            row.cells[value_col] = numeric[0] if len(numeric) == 1 else "；".join(values)
            row.parts[value_col] = values
            return row
    for column, value in zip(fixed, rest):
        row.cells[column] = value
    if len(rest) > len(fixed) and fixed:
        row.cells[fixed[-1]] = "；".join(rest[len(fixed) - 1 :])
    return row
