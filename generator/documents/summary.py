"""摘要: a bulletin table at province scale shows its head and tail; the whole table is written as an annex.

The notice's annex tables are the plan's own and are never cut; a plan with more rows than `[office]
notice_table_rows` (a province's ninety thousand tasks would be three thousand pages) has that annex issued as a
spreadsheet beside the notice (通知附件1_工作台账.xlsx), and the annex page of the notice says so.

A bulletin is read on paper: a ranking of a thousand units or a 督办清单 of ten thousand rows is forty pages nobody
reads. Past `[office] table_rows` rows, a table lists its first and last rows with one line between them saying how
many are left out and in which file they are (单位排名.xlsx, 督办清单.xlsx, written beside the bulletin), as real
bulletins do ("排名前十位和后十位的单位"); the 督办清单 lists the most overdue rows first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.atomic import atomic_path
from generator.documents.marks import MERGE_LEFT, MERGE_UP
from generator.documents.xlsx_common import Formats, titled_sheet, write_row
from generator.documents.xlsx_rows import BufferedRows, TableBook
from generator.plan.model import Plan

RANKING_FILE = "单位排名.xlsx"
OVERDUE_FILE = "督办清单.xlsx"
FULL_TABLE_FILES = (RANKING_FILE, OVERDUE_FILE)
GAP = "⋮"  # the first cell of the line standing for the rows left out (a narrow 排名/序号 column)


@dataclass(frozen=True)
class FullTable:
    """全表: a table the bulletin shortened, written whole as an XLSX beside it."""

    file: str
    title: str
    columns: tuple[tuple[str, str, float], ...]  # (header, key of the row dict, width in Excel characters)
    rows: tuple[dict, ...]


NOTICE_COLUMNS: dict[str, tuple[tuple[str, str, float], ...]] = {
    "工作台账": (
        ("序号", "no", 6),
        ("重点工作任务", "task", 40),
        ("目标要求", "target", 30),
        ("工作要求", "requirement", 30),
        ("责任单位", "unit", 16),
        ("完成时限", "deadline", 14),
    ),
    "量化指标台账": (
        ("类别", "category", 12),
        ("序号", "no", 6),
        ("指标", "name", 20),
        ("量纲", "dimension", 8),
        ("目标值", "target", 10),
        ("计算依据", "basis", 30),
        ("工作要求", "requirement", 24),
        ("责任单位", "unit", 14),
    ),
    "任务分解表": (
        ("领域", "field", 10),
        ("任务", "task", 24),
        ("序号", "no", 6),
        ("指标名称", "name", 20),
        ("分项", "sub", 12),
        ("单位", "dimension", 8),
        ("指标值", "target", 10),
        ("指标属性", "attribute", 10),
        ("牵头部门", "lead", 16),
    ),
}
NOTICE_ROWS_KEY = {"工作台账": "tasks", "量化指标台账": "indicators", "任务分解表": "breakdown"}


def notice_file_name(index: int, layout: str) -> str:
    return f"通知附件{index}_{layout}.xlsx"


def notice_annex_rows(plan: Plan, layout: str) -> int:
    """The rows that decide whether an annex is printed: tasks, or indicators (任务分解表 has one per indicator and
    one more per further 分项; the count is the same before the notice is rendered and after)."""
    return len(plan.tasks) if layout == "工作台账" else len(plan.indicators)


def notice_file_names(plan: Plan, printed_rows: int) -> list[str]:
    """The spreadsheets issued with the notice (notice_context decides the same way, from the same counts)."""
    return [
        notice_file_name(n, layout)
        for n, layout in enumerate(plan.annex_layouts, start=1)
        if notice_annex_rows(plan, layout) > printed_rows
    ]


def notice_tables(context: dict) -> list[FullTable]:
    """The notice's annexes issued as spreadsheets (those whose `file` is set by notice_context), their rows flat:
    a cell the DOCX table would merge with the one above repeats its value, one merged to the left is empty."""
    tables = []
    for annex in context["annexes"]:
        if not annex["file"]:
            continue
        layout = str(annex["layout"])
        rows: list[dict] = []
        above: dict[str, object] = {}
        for row in context[NOTICE_ROWS_KEY[layout]]:
            flat = {}
            for key, cell in row.items():
                value = above.get(key, "") if cell == MERGE_UP else ("" if cell == MERGE_LEFT else cell)
                flat[key] = above[key] = value
            rows.append(flat)
        title = str(annex["title"]).replace("\n", "")
        tables.append(FullTable(str(annex["file"]), title, NOTICE_COLUMNS[layout], tuple(rows)))
    return tables


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
    return [*rows[:first], ("……", 0.0, "…"), *rows[len(rows) - (limit - first - 1) :]]


FLUSH_ROWS = 1000  # rows of a whole table held in memory before they go to its temporary file


def write_full_table(table: FullTable, path: Path) -> Path:
    """The whole table, titled, with the bulletin's columns, on A4 landscape (the annexes' look)."""
    with atomic_path(path) as tmp:
        book = TableBook(tmp)
        fmt = Formats(book)
        columns = [(label, width) for label, _, width in table.columns]
        sheet, row = titled_sheet(book, fmt, table.file.removesuffix(".xlsx")[:31], "", table.title, columns)
        widths = [width for _, width in columns]
        for n, values in enumerate(table.rows, start=1):
            cells = [(values.get(key, ""), fmt.text if width >= 20 else fmt.center) for _, key, width in table.columns]
            write_row(sheet, row, cells, widths)
            row += 1
            if n % FLUSH_ROWS == 0 and isinstance(sheet, BufferedRows):
                sheet.flush(row)  # a province's table leaves memory as it is written
        book.close()
    return path
