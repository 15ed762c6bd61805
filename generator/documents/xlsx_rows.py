"""The data rows of our XLSX tables, written as SpreadsheetML text in one pass.

xlsxwriter spends about 8 µs on each cell (a Python object per cell, then its XML at close): a province's annex of
ninety thousand rows and ten columns took 17 s. Here xlsxwriter still builds everything a clerk sees around the
table (title, header, formats, widths, print setup, frozen header), and the rows from the first data row on are
kept as finished `<row>` text and put into the sheet's XML when the book is closed; the cells keep xlsxwriter's
formats (their style numbers) and merges. Strings are written inline (t="inlineStr", as xlsxwriter's own
constant-memory mode does), so Excel, WPS, LibreOffice and every reader we test with open them.

Only what the table writers use is taken over (write_string, write_number, write_blank, set_row, merge_range);
any other call goes to xlsxwriter's sheet, which must then not write cells in the data rows.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

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

    def __getattr__(self, name: str) -> Any:  # print setup, hide, freeze panes …: xlsxwriter's own
        return getattr(self.sheet, name)

    def _row(self, row: int) -> dict[int, str]:
        cells = self.cells.get(row)
        if cells is None:
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

    def rows_xml(self) -> str:
        out = []
        for row in sorted(set(self.cells) | set(self.heights)):
            height = self.heights.get(row)
            attrs = f' ht="{height:g}" customHeight="1"' if height is not None else ""
            cells = self.cells.get(row, {})
            out.append(f'<row r="{row + 1}"{attrs}>{"".join(cells[c] for c in sorted(cells))}</row>')
        return "".join(out)

    def last_cell(self) -> tuple[int, int]:
        """(row, column) of the last cell written here, or (-1, -1)."""
        if not self.cells:
            return -1, -1
        return max(self.cells), max(max(cells, default=0) for cells in self.cells.values())


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
                    if info.filename in by_part:
                        data = _with_rows(data.decode("utf-8"), by_part[info.filename]).encode("utf-8")
                    out.writestr(info.filename, data)
        finally:
            self.frame.unlink(missing_ok=True)


_AFTER_MERGES = re.compile(
    r"<(phoneticPr|conditionalFormatting|dataValidations|hyperlinks|printOptions|pageMargins|pageSetup|headerFooter"
    r"|rowBreaks|colBreaks|customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|picture"
    r"|oleObjects|controls|webPublishItems|tableParts|extLst)[ >/]"
)
_DIMENSION = re.compile(r'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/>')


def _with_rows(xml: str, rows: BufferedRows) -> str:
    """The sheet's XML with the buffered rows at the end of sheetData, their merges and the dimension widened."""
    data = rows.rows_xml()
    if "<sheetData/>" in xml:
        xml = xml.replace("<sheetData/>", f"<sheetData>{data}</sheetData>", 1)
    else:
        xml = xml.replace("</sheetData>", f"{data}</sheetData>", 1)
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
    return xml
