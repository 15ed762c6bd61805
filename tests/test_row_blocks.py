"""Annex rows written in blocks (documents/xlsx_rows.py): rows flushed out of memory make the same workbook as rows
held to the end; blocks kept from an earlier run make the same annex as writing it afresh, and a change rewrites
only the blocks that show it."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.documents import annexes, provenance
from generator.documents.xlsx_common import FILLS, Formats, span, titled_sheet, write_row
from generator.documents.xlsx_rows import RowBlock, TableBook
from generator.intake import ingest
from generator.plan import read_plan
from generator.progress import MonthProgress, merge_month

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "pingdingshan-2023"


class Store:
    """A block store in a dict that counts what it was asked."""

    def __init__(self) -> None:
        self.blocks: dict[str, object] = {}
        self.puts: list[str] = []
        self.hits = 0

    def get(self, key: str) -> object | None:
        found = self.blocks.get(key)
        self.hits += found is not None
        return found

    def put(self, key: str, value: object) -> None:
        self.puts.append(key)
        self.blocks[key] = value


def parts(path: Path) -> dict[str, bytes]:
    """The package's parts, without docProps (they hold the time of writing)."""
    with zipfile.ZipFile(path) as book:
        return {n: book.read(n) for n in book.namelist() if not n.startswith("docProps/")}


def table(path: Path, flush_every: int | None) -> Path:
    """A titled table of 40 rows: every fifth row's first cell merged with the next row's, long and odd texts."""
    book = TableBook(path)
    fmt = Formats(book)
    sheet, first = titled_sheet(book, fmt, "表", "附件1", "标题", [("甲", 10), ("乙", 30), ("丙", 8)])
    row = first
    for i in range(40):
        text = "长" * (i * 7) + ("\n第二段 <&>" if i % 3 else "") + (" " if i % 4 == 0 else "")
        write_row(sheet, row, [(text, fmt.text), (i * 1.5 if i % 2 else None, fmt.number)], [10, 30, 8], first_col=1)
        if i % 5 == 4:
            span(sheet, row - 1, 0, row, 0, f"合并{i}", fmt.fill("红灯" if i % 2 else "绿灯"))
        row += 1
        if flush_every and i % flush_every == flush_every - 1 and i % 5 != 3:  # not inside a merge to come
            sheet.flush(row)  # type: ignore[attr-defined]
    book.close()
    return path


@pytest.mark.parametrize("every", [1, 5, 7])
def test_flushed_rows_make_the_same_workbook(tmp_path, every):
    held = table(tmp_path / "held.xlsx", None)
    flushed = table(tmp_path / "flushed.xlsx", every)
    assert parts(held) == parts(flushed)
    sheet = openpyxl.load_workbook(flushed)["表"]
    assert len(sheet.merged_cells.ranges) == 1 + 8  # the title, then one per fifth row
    assert sheet.cell(4 + 39, 2).value.startswith("长" * 273)
    assert sheet.max_row == 3 + 40


def test_a_row_written_after_it_was_flushed_is_refused(tmp_path):
    book = TableBook(tmp_path / "t.xlsx")
    fmt = Formats(book)
    sheet, first = titled_sheet(book, fmt, "表", "", "标题", [("甲", 10)])
    write_row(sheet, first, [("一", fmt.text)], [10])
    sheet.flush(first + 1)  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        write_row(sheet, first, [("又一", fmt.text)], [10])
    write_row(sheet, first + 1, [("二", fmt.text)], [10])  # the rows after it are still open
    book.close()
    assert [c.value for c in openpyxl.load_workbook(tmp_path / "t.xlsx")["表"]["A"]][-2:] == ["一", "二"]


def test_style_numbers_do_not_depend_on_which_cell_comes_first(tmp_path):
    """A kept block says s="9" for a red light: the next run's 9 must be red too, whatever its first cell."""
    numbers = []
    for n, words in enumerate([["绿灯", "红灯", "未报送"], ["未报送", "红灯", "达标"]]):
        book = TableBook(tmp_path / f"{n}.xlsx")
        fmt = Formats(book)
        sheet, first = titled_sheet(book, fmt, "表", "", "标题", [("甲", 10)])
        for k, word in enumerate(words):
            write_row(sheet, first + k, [(word, fmt.fill(word))], [10])
        numbers.append({word: fmt.fill(word)._get_xf_index() for word in FILLS})
        book.close()
    assert numbers[0] == numbers[1]
    assert len(set(numbers[0].values())) == len(set(FILLS.values()))  # one style per colour


@pytest.fixture(scope="module")
def shared_month(tmp_path_factory) -> tuple:
    """The 平顶山 example's June: shared tasks (merged sub-rows) among single ones."""
    root = tmp_path_factory.mktemp("blocks")
    shutil.copytree(EXAMPLE / "inputs", root / "inputs")
    plan = read_plan(root / "inputs" / "plan.xlsx")
    month = merge_month(plan, ingest(root / "inputs" / "2023-06", plan, "2023-06"))
    assert any(len(annexes.shown_assignments(t)) > 1 for t in month.tasks)
    return plan, month


def with_progress(month: MonthProgress, task_index: int, text: str) -> MonthProgress:
    """The month with one assignment's 进展情况 changed (as when its unit resends)."""
    tasks = list(month.tasks)
    task = tasks[task_index]
    shown = annexes.shown_assignments(task)[0]  # the annex prints the progress of the units it shows
    assignments = tuple(dataclasses.replace(a, progress=text) if a is shown else a for a in task.assignments)
    tasks[task_index] = dataclasses.replace(task, assignments=assignments)
    return dataclasses.replace(month, tasks=tuple(tasks))


@pytest.mark.parametrize("tasks_per_block, rows_per_block", [(1, 1), (2, 3), (200, 500)])
def test_kept_blocks_make_the_annex_a_fresh_write_makes(
    tmp_path, shared_month, monkeypatch, tasks_per_block, rows_per_block
):
    plan, month = shared_month
    monkeypatch.setattr(annexes, "BLOCK_TASKS", tasks_per_block)
    monkeypatch.setattr(provenance, "BLOCK_ROWS", rows_per_block)
    store = Store()
    first = annexes.write_task_ledger(plan, month, tmp_path / "first.xlsx", 1, store)
    assert parts(first) == parts(annexes.write_task_ledger(plan, month, tmp_path / "plain.xlsx", 1))
    made = len(store.puts)
    assert made == len(store.blocks) >= 2  # task rows and 来源 rows

    again = annexes.write_task_ledger(plan, month, tmp_path / "again.xlsx", 1, store)
    assert parts(again) == parts(first)
    assert len(store.puts) == made and store.hits == made  # every block kept

    shared = next(i for i, t in enumerate(month.tasks) if len(annexes.shown_assignments(t)) > 1)
    reported = [i for i, t in enumerate(month.tasks) if annexes.shown_assignments(t)]
    for index in sorted({reported[0], shared, reported[-1]}):
        changed = with_progress(month, index, f"重新报送的进展 {index}")
        before = len(store.puts)
        kept = annexes.write_task_ledger(plan, changed, tmp_path / f"kept{index}.xlsx", 1, store)
        assert parts(kept) == parts(annexes.write_task_ledger(plan, changed, tmp_path / f"fresh{index}.xlsx", 1))
        assert len(store.puts) - before == 1  # the one block of task rows that shows it; 来源 did not change
        texts = [c.value for c in openpyxl.load_workbook(kept).worksheets[0]["G"]]
        assert f"重新报送的进展 {index}" in texts


def test_a_kept_block_is_plain_rows(tmp_path, shared_month):
    """What is kept is the rows' text, their merges and their extent: nothing that runs or points elsewhere."""
    plan, month = shared_month
    store = Store()
    annexes.write_task_ledger(plan, month, tmp_path / "a.xlsx", 1, store)
    blocks = list(store.blocks.values())
    assert blocks and all(isinstance(b, RowBlock) for b in blocks)
    merged = [b for b in blocks if b.merges]
    assert merged and all(m.startswith('<mergeCell ref="') for b in merged for m in b.merges)
    assert all(b.xml.startswith(b"<row ") and b.xml.endswith(b"</row>") for b in blocks)


def test_every_part_is_compressed(tmp_path):
    """The rows' part is streamed into the package apart from the others: it must be deflated like them (a stored
    sheet makes a province's annex ten times the size to mail)."""
    path = table(tmp_path / "t.xlsx", 5)
    with zipfile.ZipFile(path) as book:
        infos = book.infolist()
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    sheet = next(i for i in infos if i.filename == "xl/worksheets/sheet1.xml")
    assert sheet.compress_size * 3 < sheet.file_size  # the repeated row XML compresses well
