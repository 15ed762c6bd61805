"""The data rows of our XLSX tables, written as SpreadsheetML text in one pass.

xlsxwriter spends about 8 µs on each cell (a Python object per cell, then its XML at close): a province's annex of
ninety thousand rows and ten columns took 17 s. Here xlsxwriter still builds everything a clerk sees around the
table (title, header, formats, widths, print setup, frozen header), and the rows from the first data row on are
kept as finished `<row>` text and put into the sheet's XML when the book is closed; the cells keep xlsxwriter's
formats (their style numbers) and merges. Strings are written inline (t="inlineStr", as xlsxwriter's own
constant-memory mode does), so Excel, WPS, LibreOffice and every reader we test with open them.

Only what the table writers use is taken over (write_string, write_number, write_blank, set_row, merge_range);
any other call goes to xlsxwriter's sheet, which must then not write cells in the data rows.

A writer that writes its rows in order may `flush` those it has finished: their text goes to a temporary file and
leaves memory, and the sheet's XML is streamed into the package at close, so a province's annex never holds its
hundred megabytes of XML more than once. What a flush returns (a `RowBlock`) can be kept and `append`ed by a later
run in place of writing the same rows again (`cached_block`).
"""

from __future__ import annotations

import math
import re
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Protocol

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

MAX_TEXT = 32_767  # characters Excel keeps in a cell
# Characters XML 1.0 cannot hold: control characters, lone surrogates, U+FFFE/U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_COLUMNS = [xl_col_to_name(c) for c in range(256)]


@lru_cache(maxsize=1 << 16)  # statuses, units, dates and lights repeat on every row
def _text_xml(value: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    return value[:MAX_TEXT].translate(_ESCAPE)


def _style(cell_format: Format | None) -> str:
    return f' s="{cell_format._get_xf_index()}"' if cell_format is not None else ""


def _string_xml(ref: str, style: str, value: str) -> str:
    text = _text_xml(value)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _number_xml(ref: str, style: str, value: float) -> str:
    return f'<c r="{ref}"{style}><v>{value!r}</v></c>'


class BufferedRows:
    """One worksheet whose rows from `first_row` on are kept as XML text (rows above go to xlsxwriter)."""

    def __init__(self, sheet: Worksheet, first_row: int) -> None:
        self.sheet = sheet
        self.first_row = first_row
        self.cells: dict[int, dict[int, str]] = {}
        self.heights: dict[int, float] = {}
        self.merges: list[str] = []
        self.spill: IO[bytes] | None = None  # rows flushed so far, as UTF-8 XML
        self.flushed_to = first_row  # rows below this one are in `spill` and can no longer be written
        self.spilled_last = (-1, -1)  # (row, column) of the last cell flushed
        self._merges_flushed = 0

    def __getattr__(self, name: str) -> Any:  # print setup, hide, freeze panes …: xlsxwriter's own
        return getattr(self.sheet, name)

    def _row(self, row: int) -> dict[int, str]:
        cells = self.cells.get(row)
        if cells is None:
            if row < self.flushed_to:  # the writer's mistake: sheetData must stay in row order
                raise ValueError(f"row {row + 1} was flushed already")
            cells = self.cells[row] = {}
        return cells

    def write_string(self, row: int, col: int, value: str, cell_format: Format | None = None) -> int:
        if row < self.first_row:
            return self.sheet.write_string(row, col, value, cell_format)
        self._row(row)[col] = _string_xml(f"{_COLUMNS[col]}{row + 1}", _style(cell_format), value)
        return 0

    def write_number(self, row: int, col: int, value: float, cell_format: Format | None = None) -> int:
        if row < self.first_row:
            return self.sheet.write_number(row, col, value, cell_format)
        if not math.isfinite(value):
            return self.write_blank(row, col, None, cell_format)
        self._row(row)[col] = _number_xml(f"{_COLUMNS[col]}{row + 1}", _style(cell_format), value)
        return 0

    def write_blank(self, row: int, col: int, blank: Any = None, cell_format: Format | None = None) -> int:
        if row < self.first_row:
            return self.sheet.write_blank(row, col, blank, cell_format)
        if cell_format is not None:  # as xlsxwriter: a blank cell without a format is not written
            self._row(row)[col] = f'<c r="{_COLUMNS[col]}{row + 1}"{_style(cell_format)}/>'
        return 0

    def set_row(self, row: int, height: float | None = None, *args: Any, **kwargs: Any) -> int:
        if row < self.first_row or args or kwargs:
            return self.sheet.set_row(row, height, *args, **kwargs)
        if height is not None:
            self.heights[row] = height
        return 0

    def merge_range(
        self, first_row: int, first_col: int, last_row: int, last_col: int, data: Any, cell_format: Format | None = None
    ) -> int:
        if first_row < self.first_row:
            return self.sheet.merge_range(first_row, first_col, last_row, last_col, data, cell_format)
        for r in range(first_row, last_row + 1):  # every cell of the range carries the format (its borders)
            for c in range(first_col, last_col + 1):
                self.write_blank(r, c, None, cell_format)
        if data not in ("", None):
            self.write_string(first_row, first_col, str(data), cell_format)
        first, last = f"{_COLUMNS[first_col]}{first_row + 1}", f"{_COLUMNS[last_col]}{last_row + 1}"
        self.merges.append(f'<mergeCell ref="{first}:{last}"/>')
        return 0

    def write_cells(self, row: int, first_col: int, cells: Sequence[tuple[Any, Format | None]], height: float) -> None:
        """A data row's (value, format) pairs from `first_col` on, as xlsx_common.write_cell writes them (numbers as
        numbers, a missing value blank, everything else as text), and its height: one call per row."""
        out = self._row(row)
        number = str(row + 1)
        for col, (value, cell_format) in enumerate(cells, start=first_col):
            ref, style = _COLUMNS[col] + number, _style(cell_format)
            if value is None or (isinstance(value, float) and not math.isfinite(value)):
                if cell_format is not None:
                    out[col] = f'<c r="{ref}"{style}/>'
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                out[col] = _number_xml(ref, style, value)
            else:
                out[col] = _string_xml(ref, style, value if isinstance(value, str) else str(value))
        self.heights[row] = height

    def rows_xml(self, below: int | None = None) -> str:
        """The rows held in memory (those below row `below` only, when given) as XML, in row order."""
        out = []
        for row in sorted(set(self.cells) | set(self.heights)):
            if below is not None and row >= below:
                break
            height = self.heights.get(row)
            attrs = f' ht="{height:g}" customHeight="1"' if height is not None else ""
            cells = self.cells.get(row, {})
            out.append(f'<row r="{row + 1}"{attrs}>{"".join(cells[c] for c in sorted(cells))}</row>')
        return "".join(out)

    def flush(self, below: int) -> RowBlock:
        """Move the rows above row `below` (all written, none to be written again) out of memory; return them."""
        xml = self.rows_xml(below).encode("utf-8")
        last_row, last_col = self._last_in_memory(below)
        for row in [r for r in self.cells if r < below]:
            del self.cells[row]
        for row in [r for r in self.heights if r < below]:
            del self.heights[row]
        block = RowBlock(xml, tuple(self.merges[self._merges_flushed :]), last_row, last_col)
        self._spill(block, below)
        return block

    def append(self, block: RowBlock, below: int) -> None:
        """Rows flushed by another run of the same writer (same rows, same places, same formats), up to `below`."""
        if any(r < below for r in self.cells) or any(r < below for r in self.heights):
            raise ValueError("rows written where a kept block goes")
        self.merges.extend(block.merges)
        self._spill(block, below)

    def _spill(self, block: RowBlock, below: int) -> None:
        if self.spill is None:
            self.spill = tempfile.TemporaryFile(prefix="taizhang-rows-")
        self.spill.write(block.xml)
        self._merges_flushed = len(self.merges)
        self.flushed_to = max(self.flushed_to, below)
        if block.last_row >= 0:
            self.spilled_last = (block.last_row, max(self.spilled_last[1], block.last_col))

    def _last_in_memory(self, below: int | None = None) -> tuple[int, int]:
        rows = [r for r, cells in self.cells.items() if cells and (below is None or r < below)]
        if not rows:
            return -1, -1
        return max(rows), max(max(self.cells[r]) for r in rows)

    def last_cell(self) -> tuple[int, int]:
        """(row, column) of the last cell written here, flushed or not, or (-1, -1)."""
        row, col = self._last_in_memory()
        spilled_row, spilled_col = self.spilled_last
        if row < 0:
            return spilled_row, spilled_col
        return max(row, spilled_row), max(col, spilled_col)

    def write_xml(self, out: Callable[[bytes], object]) -> None:
        """Every row, flushed and held, into `out`; the temporary file is closed."""
        if self.spill is not None:
            self.spill.seek(0)
            while chunk := self.spill.read(1 << 20):
                out(chunk)
            self.spill.close()
            self.spill = None
        out(self.rows_xml().encode("utf-8"))


@dataclass(frozen=True)
class RowBlock:
    """行块: consecutive data rows as finished XML (UTF-8), the merges among them and their last cell."""

    xml: bytes
    merges: tuple[str, ...]
    last_row: int
    last_col: int


class BlockStore(Protocol):
    """Where row blocks are kept between runs (the content cache's 行块 entries): `get` returns None, or anything,
    for what it does not hold."""

    def get(self, key: str) -> object | None: ...

    def put(self, key: str, value: object) -> None: ...


def cached_block(
    rows: BufferedRows, store: BlockStore | None, key: str, below: int, write: Callable[[], object]
) -> None:
    """Rows up to `below` from `store` under `key` (made from everything the rows show and where), or written by
    `write()` and kept there. `key` must change with any value, format, width or row number of the block."""
    if not isinstance(rows, BufferedRows):  # a plain xlsxwriter sheet: nothing to keep
        write()
        return
    kept = store.get(key) if store is not None else None
    if isinstance(kept, RowBlock):
        rows.append(kept, below)
        return
    write()
    block = rows.flush(below)
    if store is not None:
        store.put(key, block)


class TableBook(xlsxwriter.Workbook):
    """An xlsxwriter workbook whose sheets made by `buffered` have their data rows written as text at close."""

    def __init__(self, path: Path | str) -> None:
        self.target = Path(path)
        self.frame = self.target.with_name(self.target.name + ".frame")
        super().__init__(str(self.frame))
        self.buffered_sheets: list[BufferedRows] = []

    def buffered(self, sheet: Worksheet, first_row: int) -> BufferedRows:
        rows = BufferedRows(sheet, first_row)
        self.buffered_sheets.append(rows)
        return rows

    def close(self) -> None:
        super().close()
        try:
            by_part = {f"xl/worksheets/sheet{rows.sheet.index + 1}.xml": rows for rows in self.buffered_sheets}
            with (
                zipfile.ZipFile(self.frame) as frame,
                zipfile.ZipFile(self.target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
            ):
                for info in frame.infolist():
                    data = frame.read(info.filename)
                    rows = by_part.get(info.filename)
                    if rows is None:
                        out.writestr(info.filename, data)
                        continue
                    head, tail = _around_rows(data.decode("utf-8"), rows)
                    # streamed: the rows are never one string (a province's sheet is a hundred megabytes of XML).
                    # Opened by name, so the part is deflated like the others: a ZipInfo made here would be stored
                    # uncompressed (its own default), and a province's annex ten times the size to mail.
                    with out.open(info.filename, "w", force_zip64=True) as part:
                        part.write(head.encode("utf-8"))
                        rows.write_xml(part.write)
                        part.write(tail.encode("utf-8"))
        finally:
            for rows in self.buffered_sheets:
                if rows.spill is not None:
                    rows.spill.close()
            self.frame.unlink(missing_ok=True)


_AFTER_MERGES = re.compile(
    r"<(phoneticPr|conditionalFormatting|dataValidations|hyperlinks|printOptions|pageMargins|pageSetup|headerFooter"
    r"|rowBreaks|colBreaks|customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|picture"
    r"|oleObjects|controls|webPublishItems|tableParts|extLst)[ >/]"
)
_DIMENSION = re.compile(r'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/>')


def _around_rows(xml: str, rows: BufferedRows) -> tuple[str, str]:
    """The sheet's XML before and after where the buffered rows go (the end of sheetData), with their merges and the
    dimension widened."""
    if "<sheetData/>" in xml:
        xml = xml.replace("<sheetData/>", "<sheetData></sheetData>", 1)
    if rows.merges:
        merges = "".join(rows.merges)
        found = re.search(r'<mergeCells count="(\d+)">', xml)
        if found:
            count = int(found.group(1)) + len(rows.merges)
            xml = xml.replace(found.group(0), f'<mergeCells count="{count}">', 1)
            xml = xml.replace("</mergeCells>", f"{merges}</mergeCells>", 1)
        else:  # mergeCells goes before the first of the elements the schema puts after it
            cells = f'<mergeCells count="{len(rows.merges)}">{merges}</mergeCells>'
            at = _AFTER_MERGES.search(xml, xml.index("</sheetData>"))
            if at:
                xml = xml[: at.start()] + cells + xml[at.start() :]
            else:
                xml = xml.replace("</sheetData>", "</sheetData>" + cells, 1)
    last_row, last_col = rows.last_cell()
    dimension = _DIMENSION.search(xml)
    if dimension and last_row >= 0:
        end_col = dimension.group(3) or dimension.group(1)
        end_row = int(dimension.group(4) or dimension.group(2))
        col = max(_COLUMNS.index(end_col), last_col) if end_col in _COLUMNS else last_col
        ref = f'<dimension ref="{dimension.group(1)}{dimension.group(2)}:{_COLUMNS[col]}{max(end_row, last_row + 1)}"/>'
        xml = xml.replace(dimension.group(0), ref, 1)
    end = xml.index("</sheetData>")
    return xml[:end], xml[end:]
