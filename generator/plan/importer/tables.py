"""Tables flattened into text, recovered into rows and columns.

Flattenings met when a plan is copied from a web page or saved as text: tab-indented cells (焦作 附件一 / 附件二);
cells between lines holding only |; one row per line with | or tabs or runs of spaces; one cell per line, read
in `flat_tables` (海陵 任务分解表); and cells run on with single spaces, read in `run_on_tables` (监利 职责清单).
Column names and cell shapes are in `table_words`.

This module finds where each table starts and hands it to the reader of its layout: `tab_tables` (tabs),
`pipe_tables` (|), `spaced_tables` (runs of spaces), after `drawn_tables` has turned box- and bar-drawn tables
into | rows.
"""

from __future__ import annotations

from generator.plan.importer.drawn_tables import join_bar_cells, join_box_rows
from generator.plan.importer.flat_tables import flat_header, flat_record, flat_table
from generator.plan.importer.model import Paragraph, Table
from generator.plan.importer.pipe_tables import pipe_header, pipe_table
from generator.plan.importer.run_on_tables import run_on_header, run_on_table
from generator.plan.importer.spaced_tables import spaced_header, spaced_table
from generator.plan.importer.tab_tables import tab_row_header, tab_rows, tab_table
from generator.plan.importer.table_words import ANNEX_LABEL, Block
from generator.plan.importer.transposed_tables import flat_transposed, untranspose


def recover_tables(blocks: list[Block]) -> list[Block]:
    """The blocks with every flattened table replaced by a Table (paragraphs of real tables are left as they are)."""
    blocks = join_bar_cells(join_box_rows(blocks))
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Paragraph) and tab_row_header(block.text):
            table, i = tab_rows(blocks, i)
            table.title = _title_before(out)
            out.append(table)
            continue
        if isinstance(block, Paragraph) and block.text.startswith("\t"):
            table, i = tab_table(blocks, i)
            table.title = _title_before(out)
            out.append(table)
            continue
        if isinstance(block, Paragraph) and pipe_header(block.text):
            table, i = pipe_table(blocks, i)
            table.title = _title_before(out)
            out.append(table)
            continue
        if isinstance(block, Paragraph) and spaced_header(block.text):
            table, i = spaced_table(blocks, i)
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


def _title_before(out: list[Block]) -> str:
    for block in reversed(out[-4:]):
        if isinstance(block, Paragraph) and block.text.strip():
            text = block.text.strip()
            return "" if ANNEX_LABEL.match(text) else text
    return ""
