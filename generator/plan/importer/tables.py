"""Tables flattened into text, recovered into rows and columns.

Flattenings met when a plan is copied from a web page or saved as text: tab-indented cells (焦作 附件一 / 附件二);
cells between lines holding only |; one row per line with | or tabs or runs of spaces; one cell per line, read
in `flat_tables` (海陵 任务分解表); and cells run on with single spaces, read in `run_on_tables` (监利 职责清单).
Column names and cell shapes are in `table_words`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.plan.importer.flat_tables import flat_header, flat_record, flat_table
from generator.plan.importer.model import Paragraph, Table, TableRow
from generator.plan.importer.run_on_tables import run_on_header, run_on_table
from generator.plan.importer.sub_rows import placement_score
from generator.plan.importer.table_words import (
    _ANNEX,
    HEADER_WORDS,
    LEAD_HEADERS,
    Block,
    header_key,
)
from generator.plan.importer.transposed_tables import flat_transposed, untranspose


def recover_tables(blocks: list[Block]) -> list[Block]:
    """The blocks with every flattened table replaced by a Table (paragraphs of real tables are left as they are)."""
    blocks = join_bar_cells(join_box_rows(blocks))
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
        if isinstance(block, Paragraph) and run_on_header(block.text):
            recovered, i = run_on_table(blocks, i)
            out.extend(recovered)
            continue
        on_its_side = flat_transposed(blocks, i) if isinstance(block, Paragraph) else None
        if on_its_side is not None:
            table, i = on_its_side
            table.title = _title_before(out)
            out.append(table)
            continue
        header_end = flat_header(blocks, i)
        if header_end:
            table, i = flat_table(blocks, i, header_end)
            table.title = _title_before(out)
            out.append(table)
            continue
        record = flat_record(blocks, i) if isinstance(block, Paragraph) and block.text.strip() else None
        if record is not None:
            table, i = record
            table.title = _title_before(out)
            out.append(table)
            continue
        out.append(block)
        i += 1
    return [untranspose(b) if isinstance(b, Table) else b for b in out]  # places as columns: one row per indicator


_BAR = re.compile(r"^\s*[|｜](?:\s*[|｜])*\s*$")
_BOX_BORDER = re.compile(r"^\s*[┌├└┏┣┗╔╠╚┬┼┴─━═]")
_BOX_LINE = re.compile(r"^\s*[│┃║]")


def _join_runs(
    blocks: list[Block], starts: re.Pattern[str], read: Callable[[list[Block], int], tuple[int, list[Paragraph]]]
) -> list[Block]:
    """Each run of paragraphs that `starts` a table line replaced by the rows `read(blocks, i)` makes of it, which
    also says where the run ends; a run it makes no rows of stays text. Either way the next look starts after the
    run, never again from its next line: that made a hostile page of such lines cost time growing with the square
    of its length."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if not (isinstance(block, Paragraph) and starts.match(block.text)):
            out.append(block)
            i += 1
            continue
        end, rows = read(blocks, i)
        out.extend(rows or blocks[i:end])
        i = end
    return out


def join_box_rows(blocks: list[Block]) -> list[Block]:
    """┌──┬──┐ / │县(市)、区│目标任务水│ / │ │ 窖(个) │ / ├──┼──┤: a table drawn with box characters (old law-site
    reprints). The lines between two borders are one row whose cells wrap over them; each row becomes one line with
    | between its cells, the shape `_pipe_table` reads, when the first row is a header (its cells name columns)."""
    return _join_runs(blocks, _BOX_BORDER, _box_rows)


def _box_rows(blocks: list[Block], i: int) -> tuple[int, list[Paragraph]]:
    """Where the box-drawn run from `i` ends, and its rows as | lines ([] when they are no table)."""
    j = i
    rows: list[tuple[list[str], Paragraph]] = []
    lines: list[tuple[list[str], Paragraph]] = []
    while j < len(blocks) and isinstance(blocks[j], Paragraph):
        text = blocks[j].text.strip()
        if _BOX_BORDER.match(text):
            if lines:
                rows.append(_box_row(lines))
            lines = []
        elif _BOX_LINE.match(text):
            lines.append(([c for c in re.split(r"[│┃║]", text)[1:-1]], blocks[j]))
        else:
            break
        j += 1
    if lines:  # the last row, when the page ends before its bottom border
        rows.append(_box_row(lines))
    widths = {len(cells) for cells, _ in rows}
    header = _pipe_header(" | ".join(rows[0][0]) + " |") if rows else []
    if len(rows) < 2 or len(widths) != 1 or not header:
        return j, []
    return j, [Paragraph(paragraph.no, " | ".join(cells) + " |", paragraph.ref) for cells, paragraph in rows]


def _box_row(lines: list[tuple[list[str], Paragraph]]) -> tuple[list[str], Paragraph]:
    """The physical lines of one row joined cell by cell (a cell wrapped over lines is one text again)."""
    width = max(len(cells) for cells, _ in lines)
    if any(len(cells) != width for cells, _ in lines):
        return [], lines[0][1]  # lines of different shapes: not one row of this table (the table is left as text)
    joined = ["".join(re.sub(r"\s+", "", cells[k]) for cells, _ in lines) for k in range(width)]
    return joined, lines[0][1]


def join_bar_cells(blocks: list[Block]) -> list[Block]:
    """A table a web page flattened into one cell per line between lines holding only | (| / 序号 / | / 工作任务 / |
    … / | / | / 1 / | …): two bars in a row end a table row. The run becomes one line per row with | between the
    cells, the shape `_pipe_table` reads, when its first row is a header (its cells name columns)."""
    return _join_runs(blocks, _BAR, _bar_lines)


def _bar_lines(blocks: list[Block], i: int) -> tuple[int, list[Paragraph]]:
    """Where the run of cells and bars from `i` ends, and its rows as | lines ([] when they are no table)."""
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
        return j, []
    return j, [
        Paragraph(paragraph.no, " | ".join(cells) + " |", paragraph.ref)
        for cells, paragraph in _merge_short_rows(rows, len(header))
    ]


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
    missing on the right (a row cut short, or a cell merged down over sub-rows). The placement that puts unit
    names under unit columns and dates under the deadline column wins (sub_rows.placement_score); on a tie, as many
    merged cells on the left as the rows before had (`merged`)."""
    missing = len(header) - len(raw)
    best, best_score = raw, None
    for left in range(missing, -1, -1):
        # a sub-row (its 序号 merged from the row above) also lacks the cells merged down on its right; a row of its
        # own cut short on the right does not take the row above's cells
        sub_row = left and header[0] == "序号"
        right = [*previous[left + len(raw) :], *([""] * missing)][: missing - left] if sub_row else []
        candidate = [*previous[:left], *([""] * left)][:left] + raw + (right or [""] * (missing - left))
        score = placement_score(header[left : left + len(raw)], raw) * 10 - abs(left - merged)
        if best_score is None or score > best_score:
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
