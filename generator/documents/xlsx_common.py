"""What every XLSX we print shares: formats, an A4-landscape page, a titled and bordered table."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from generator.documents.xlsx_rows import BufferedRows, TableBook
from generator.progress import is_missing

FILLS = {
    "绿灯": "#C6EFCE",
    "黄灯": "#FFEB9C",
    "红灯": "#FFC7CE",
    "达标": "#C6EFCE",
    "未达标": "#FFC7CE",
    "待核定": "#FFEB9C",
    "未填报": "#FFEB9C",
    "未报送": "#D9D9D9",
    "错误": "#FFC7CE",
    "警告": "#FFEB9C",
}


class Formats:
    """The cell formats of one workbook, created once."""

    def __init__(self, book: xlsxwriter.Workbook):
        cell = {"font_name": "宋体", "font_size": 10.5, "border": 1, "text_wrap": True, "valign": "vcenter"}
        self.annex_no = book.add_format({"font_name": "黑体", "font_size": 14})
        self.title = book.add_format(
            {"font_name": "方正小标宋简体", "font_size": 18, "align": "center", "valign": "vcenter"}
        )
        self.head = book.add_format({**cell, "font_name": "黑体", "align": "center", "bg_color": "#D9E1F2"})
        self.text = book.add_format(cell)
        self.center = book.add_format({**cell, "align": "center"})
        self.number = book.add_format({**cell, "align": "center", "num_format": "0.##"})
        self._cell = cell
        self._fills = {
            word: book.add_format({**cell, "align": "center", "bg_color": colour}) for word, colour in FILLS.items()
        }
        # Style numbers are given now, in this order, not by which cell comes first: rows kept from an earlier run
        # (xlsx_rows.cached_block) must mean the same formats in this one.
        self.style_numbers = tuple(
            f._get_xf_index() for f in (self.head, self.text, self.center, self.number, *self._fills.values())
        )

    def fill(self, word: str):
        """A centred cell coloured by status word (绿灯, 未达标, 错误 …); plain when the word has no colour."""
        return self._fills.get(word, self.center)


def titled_sheet(
    book: xlsxwriter.Workbook,
    fmt: Formats,
    name: str,
    annex_label: str,
    title: str,
    columns: Sequence[tuple[str, float]],
) -> tuple[Worksheet, int]:
    """A sheet with 附件N, a merged title, the header row; returns the sheet and its first data row.

    Widths are in Excel characters and are chosen to fill an A4 landscape page; printing is fit to one page wide
    with the header repeated, page numbers in the footer and the header frozen.
    """
    sheet = book.add_worksheet(name)
    last = len(columns) - 1
    if annex_label:
        sheet.write_string(0, 0, annex_label, fmt.annex_no)
    span(sheet, 1, 0, 1, last, title, fmt.title)
    sheet.set_row(1, 36)
    header = 2
    for col, (label, width) in enumerate(columns):
        sheet.write_string(header, col, label, fmt.head)
        sheet.set_column(col, col, width)
    sheet.set_row(header, 30)
    sheet.freeze_panes(header + 1, 0)
    sheet.repeat_rows(header)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_footer("&C— &P —")
    if isinstance(book, TableBook):  # the data rows as text in one pass (xlsx_rows.py)
        return book.buffered(sheet, header + 1), header + 1  # type: ignore[return-value]
    return sheet, header + 1


# The blocks of East Asian wide and full-width characters a table holds (CJK, kana, hangul, full-width forms and
# punctuation, common emoji): a row's height is an estimate, and one regular expression is fifty times faster than
# asking unicodedata about every character of a province's annex.
_WIDE = re.compile(
    "[\u1100-\u115f\u2329\u232a\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
    "\U0001f300-\U0001f64f\U0001f900-\U0001f9ff\U00020000-\U0003fffd]"
)


def text_width(text: str) -> int:
    """Width in Excel column units: a Chinese character takes two, a Latin one."""
    return len(text) + len(_WIDE.findall(text))


def _quick_width(text: str) -> float:
    """text_width, estimated from the UTF-8 length: a Chinese or full-width character is three bytes (width 2), a
    Latin one byte (width 1). Ten times faster than the exact count, and a row height is an estimate anyway."""
    return (len(text.encode("utf-8", "surrogatepass")) + len(text)) / 2


def row_lines(values: Sequence[object], widths: Sequence[float]) -> int:
    """Lines the tallest cell of a row wraps to: display width ÷ column width, per paragraph."""
    lines = 1
    for value, width in zip(values, widths):
        if type(value) is str:  # most cells: checked first
            text = value
        elif value is None or isinstance(value, (int, float)):
            continue  # a number or a blank keeps to one line
        else:
            text = str(value)
        usable = max(width * 0.9 - 1.5, 1)  # wrapping wastes the end of most lines
        if "\n" not in text:
            if len(text) * 2 > usable:  # else it fits on one line even if every character is wide
                lines = max(lines, math.ceil(_quick_width(text) / usable))
            continue
        lines = max(lines, sum(max(1, math.ceil(_quick_width(p) / usable)) for p in text.split("\n")))
    return lines


def fit_row(sheet: Worksheet, row: int, values: Sequence[object], widths: Sequence[float], point: float = 10.5) -> None:
    """Set a row tall enough for its wrapped text.

    Excel grows rows on open, but LibreOffice (and so every PDF) keeps the stored height, so the height is computed
    here from the longest cell.
    """
    sheet.set_row(row, row_lines(values, widths) * point * 1.35 + 4)


def write_row(
    sheet: Worksheet, row: int, cells: Sequence[tuple[object, object]], widths: Sequence[float], first_col: int = 0
) -> None:
    """Write (value, format) pairs from `first_col` on, then size the row to its wrapped text. `widths` are those
    of all columns from column 0, so a row that starts later (beside a merged 类别) is measured in place."""
    height = row_lines([value for value, _ in cells], widths[first_col:]) * 10.5 * 1.35 + 4
    if isinstance(sheet, BufferedRows) and row >= sheet.first_row:
        sheet.write_cells(row, first_col, cells, height)  # the same cells, as text in one pass
        return
    for col, (value, cell_format) in enumerate(cells, start=first_col):
        write_cell(sheet, row, col, value, cell_format)
    sheet.set_row(row, height)


def write_cell(sheet: Worksheet, row: int, col: int, value: object, cell_format) -> None:
    """Numbers as numbers, everything else as text (a unit's "=HYPERLINK(…)" must stay a string)."""
    if is_missing(value):
        sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(row, col, value, cell_format)
    else:
        sheet.write_string(row, col, str(value), cell_format)


def span(sheet: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int, value, cell_format) -> None:
    """A merged cell (or a plain one when the range is one cell) whose value is written like `write_cell`.

    xlsxwriter's merge_range writes its value with write(), which turns "=..." into a formula; so the range is
    merged blank and the value written into its first cell as text or number.
    """
    if (first_row, first_col) != (last_row, last_col):
        sheet.merge_range(first_row, first_col, last_row, last_col, "", cell_format)
    write_cell(sheet, first_row, first_col, value, cell_format)


def runs(keys: Sequence[object]) -> list[tuple[int, int]]:
    """(start, end) index pairs, end inclusive, of the runs of equal consecutive keys: the cells a column merges."""
    out, start = [], 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            out.append((start, i - 1))
            start = i
    return out
