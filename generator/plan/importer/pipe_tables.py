"""Tables copied as text with | between the cells: 任务内容 | 责任单位 | 完成时限 |.

A row ends with |, so a cell may wrap onto the next lines. A row with fewer cells than the header lacks merged
cells on its left (taken from the row above) or was cut short on its right; where its cells go is decided by what
they hold (`sub_rows.placement_score`). The tab, box and bar layouts are turned into this one and read here.
"""

from __future__ import annotations

import re

from generator.plan.importer.model import Paragraph, Table, TableRow
from generator.plan.importer.sub_rows import placement_score
from generator.plan.importer.table_words import HEADER_WORDS, Block, header_key


def pipe_header(text: str) -> list[str]:
    """任务 内容 | 责任单位 或牵头单位 | 完成 期限 |: a header row of a table copied as text with | between cells."""
    if text.count("|") < 3:
        return []
    names = [header_key(c) for c in text.split("|")]
    names = names[:-1] if names and not names[-1] else names
    known = sum(1 for n in names if n in HEADER_WORDS or re.search(r"单位|部门|时限|期限|时间|任务|内容", n))
    return names if known >= 2 and all(0 < len(n) <= 20 for n in names) else []


def pipe_table(blocks: list[Block], i: int) -> tuple[Table, int]:
    """Rows of a |-separated table: a row ends with | (a cell may wrap onto the next lines), and a row with fewer
    cells than the header lacks the merged cells on its left (领域, 任务内容 spanning rows, taken from the row above)
    or was cut short on its right (see _align_short_row)."""
    header = pipe_header(blocks[i].text)
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
