"""摘要: a bulletin table at province scale shows its head and tail; the whole table is written as an annex.

A bulletin is read on paper: a ranking of a thousand units or a 督办清单 of ten thousand rows is forty pages nobody
reads. Past `[office] table_rows` rows, a table lists its first and last rows with one line between them saying how
many are left out and in which file they are (单位排名.xlsx, 督办清单.xlsx, written beside the bulletin), as real
bulletins do ("排名前十位和后十位的单位"); the 督办清单 lists the most overdue rows first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from generator.atomic import atomic_path
from generator.documents.xlsx_common import Formats, titled_sheet, write_row

RANKING_FILE = "单位排名.xlsx"
OVERDUE_FILE = "督办清单.xlsx"
FULL_TABLE_FILES = (RANKING_FILE, OVERDUE_FILE)
GAP = "……"


@dataclass(frozen=True)
class FullTable:
    """全表: a table the bulletin shortened, written whole as an XLSX beside it."""

    file: str
    title: str
    columns: tuple[tuple[str, str, float], ...]  # (header, key of the row dict, width in Excel characters)
    rows: tuple[dict, ...]


def head_and_tail(rows: Sequence[dict], limit: int, note: str, key: str, tail: bool = True) -> list[dict]:
    """`rows` when they fit in `limit`; else the first rows (and the last, with `tail`) and a gap row between
    them whose `key` cell says `note` with the count left out ({n}); its other cells hold …… or nothing."""
    if len(rows) <= limit:
        return list(rows)
    kept = limit - 1  # the gap row takes a line
    first = (kept + 1) // 2 if tail else kept
    last = kept - first
    gap = {k: "" for k in rows[0]} | {key: note.format(n=len(rows) - first - last)}
    gap[next(iter(rows[0]))] = GAP
    return [*rows[:first], gap, *(rows[len(rows) - last :] if last else [])]


def names_text(names: Sequence[str], limit: int, counter: str = "个单位") -> list[str]:
    """A list of names for a sentence: all of them, or the first `limit` and 等N个单位."""
    if len(names) <= limit:
        return list(names)
    return [*names[: limit - 1], f"{names[limit - 1]}等{len(names)}{counter}"]


def chart_rows(rows: Sequence[tuple[str, float, str]], limit: int) -> list[tuple[str, float, str]]:
    """The bars of the completion chart: every unit, or the first and last and a …… bar between them."""
    if len(rows) <= limit:
        return list(rows)
    first = limit // 2
    return [*rows[:first], (GAP, 0.0, ""), *rows[len(rows) - (limit - first - 1) :]]


def write_full_table(table: FullTable, path: Path) -> Path:
    """The whole table, titled, with the bulletin's columns, on A4 landscape (the annexes' look)."""
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
        fmt = Formats(book)
        columns = [(label, width) for label, _, width in table.columns]
        sheet, row = titled_sheet(book, fmt, table.file.removesuffix(".xlsx")[:31], "", table.title, columns)
        widths = [width for _, width in columns]
        for values in table.rows:
            cells = [(values.get(key, ""), fmt.text if width >= 20 else fmt.center) for _, key, width in table.columns]
            write_row(sheet, row, cells, widths)
            row += 1
        book.close()
    return path
