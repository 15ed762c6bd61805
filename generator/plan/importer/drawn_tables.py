"""Tables drawn with characters: box lines (┌──┬──┐ │…│ ├──┼──┤) and runs of bars (| / 序号 / | / 工作任务 / |).

Old law-site reprints draw tables with box characters; some web pages flatten a table into one cell per line
between lines holding only |. Both are turned into one line per row with | between the cells, the shape
`pipe_tables` reads, when the first row is a header; a run that makes no table stays text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.plan.importer.model import Paragraph
from generator.plan.importer.pipe_tables import pipe_header
from generator.plan.importer.table_words import Block

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
    | between its cells, the shape `pipe_table` reads, when the first row is a header (its cells name columns)."""
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
    header = pipe_header(" | ".join(rows[0][0]) + " |") if rows else []
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
    cells, the shape `pipe_table` reads, when its first row is a header (its cells name columns)."""
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
    header = pipe_header(" | ".join(rows[0][0]) + " |") if rows else []
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
