"""Tables flattened with tabs: a row per line with its cells between tabs, or a cell per tab-indented line.

A spreadsheet or a Word table pasted as text keeps each row on a line (序号\t重点任务\t牵头单位), read as the same
table written with | between its cells; a web page's copy (焦作 附件一 / 附件二) puts each cell on a line of its own
opening with a tab, the rows separated by blank lines.
"""

from __future__ import annotations

from generator.plan.importer.model import Paragraph, Table, TableRow
from generator.plan.importer.pipe_tables import pipe_header, pipe_table
from generator.plan.importer.table_words import Block, header_key


def tab_row_header(text: str) -> list[str]:
    """序号\t重点任务\t牵头单位\t完成时限: a header row with its cells separated by tabs on one line."""
    if "\t" not in text.strip("\t"):
        return []
    return pipe_header(" | ".join(c for c in text.strip().split("\t")) + " |")


def tab_rows(blocks: list[Block], i: int) -> tuple[Table, int]:
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
    table, _ = pipe_table([*rows, Paragraph(-1, "", "")], 0)
    return table, j


def tab_table(blocks: list[Block], i: int) -> tuple[Table, int]:
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
