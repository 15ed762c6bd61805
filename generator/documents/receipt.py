"""回执: a summary sheet (the verdict and every problem, located), then — for a file with problems in its cells — the
unit's own sheets rebuilt from the values read, with those cells coloured and commented.

A file without a problem gets the summary only (it says 未发现问题): the unit has its own file. A file that was
refused (too large, unreadable, a link) is never opened again: its receipt is the summary sheet only. Receipts are
written with xlsxwriter from the values a reader returns (the archive's bytes, exactly what was read), not by
loading and saving the unit's workbook: a hundred times faster, and nothing of the unit's file (a macro, an external
link, a formula) is carried over. What is kept is what a unit needs to find and fix its problems: every sheet in
order (hidden ones hidden), the values, merged titles, column widths (those of an .xlsx, else from the contents),
the header row bold with the rows above it frozen. Text from units is always written as text, never as a formula,
without the control characters XML cannot hold and cut (visibly) at a cell's 32,767 characters.

Many receipts are written over two processes (`write_all`); a receipt that fails is returned as its exception, so
that the batch goes on. A copy costs about ten times a summary-only receipt (xlsxwriter writes every cell).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol
from xlsxwriter.worksheet import Worksheet

from generator.atomic import atomic_path
from generator.checks import ERROR, Problem
from generator.checks.ledger import CheckedSubmission
from generator.documents.xlsx_common import FILLS, fit_row
from generator.ledger.files import Limits, Sheet, UnreadableFile, open_grids
from generator.ledger.formulas import sheet_members
from generator.parallel import run_all
from generator.periods import period_label
from generator.plan.model import Plan
from generator.safety import fit_cell, safe_name

SUMMARY_SHEET = "回执"
SUMMARY_WIDTHS = (10, 8, 16, 18, 50, 50)
# Below this many receipts one process writes them all: starting two workers costs more than it saves.
PARALLEL_FROM = 200
# A merged range in a unit's file is applied only when it is this small: xlsxwriter fills every cell of a merge,
# and a hostile file may merge A1:XFD1048576.
MAX_MERGE_CELLS = 10_000
_COLS_SCAN_BYTES = 256 * 1024  # <cols> comes before <sheetData>: read no further than this to find it


@dataclass(frozen=True)
class ReceiptJob:
    """One 回执 to write, as plain data a worker process can take: everything from the plan is resolved here."""

    path: Path
    title: str
    facts: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]  # errors first
    source: Path | None = None  # the file to rebuild the marked sheets from; None: summary only
    file_name: str = ""
    header_rows: dict[str, int] = field(default_factory=dict)  # sheet name → 0-based header row
    limits: Limits = field(default_factory=Limits)


def receipt_name(checked: CheckedSubmission, plan: Plan, accepted: bool) -> str:
    sub = checked.submission
    unit = plan.unit(sub.unit).short_name if sub.unit else "未识别单位"
    if accepted:
        return safe_name(unit, ".xlsx")
    suffix = sub.path.suffix.lower()
    kind = "" if suffix == ".xlsx" else f"_{suffix.lstrip('.') or '无扩展名'}"  # x.csv and x.xlsx both sent
    return safe_name(f"{unit}_{sub.path.stem}{kind}", ".xlsx")


def write_receipt(
    checked: CheckedSubmission,
    plan: Plan,
    period: str,
    accepted: bool,
    reason: str,
    path: Path,
    limits: Limits | None = None,
) -> Path:
    return write_job(receipt_job(checked, plan, period, accepted, reason, path, limits))


def receipt_job(
    checked: CheckedSubmission,
    plan: Plan,
    period: str,
    accepted: bool,
    reason: str,
    path: Path,
    limits: Limits | None = None,
) -> ReceiptJob:
    """What the receipt of `checked` says, decided here; writing it is `write_job`'s."""
    sub = checked.submission
    unit = plan.unit(sub.unit).name if sub.unit else "（未识别）"
    tasks = plan.tasks_of(sub.unit) if sub.unit else []
    indicators = plan.indicators_of(sub.unit) if sub.unit else []
    problems = tuple(sorted(sub.problems, key=lambda p: p.severity != ERROR))
    errors = sum(p.severity == ERROR for p in problems)
    marked = [p for p in problems if p.sheet and p.cell]
    if not problems:
        attached = "未发现问题，不附原表。"
    elif sub.refused:
        attached = "文件未能读取，不附原表。"
    elif marked:
        attached = "后附本单位报送的各工作表，有问题的单元格已标色并加批注（鼠标移到单元格上可见）。"
    else:
        attached = "问题不在具体单元格，不附原表。"
    facts = (
        ("报送文件", sub.file_name),
        ("收到时间", sub.modified.strftime("%Y-%m-%d %H:%M")),
        ("文件指纹", sub.sha256[:16]),
        ("处理结果", "已采用" if accepted else f"未采用：{reason}"),
        (
            "采用情况",
            f"重点任务 {len(checked.tasks)}/{len(tasks)} 项，量化指标 {len(checked.indicators)}/{len(indicators)} 项",
        ),
        (
            "问题",
            f"错误 {errors} 个，警告 {len(problems) - errors} 个"
            + ("；请按下表修改后重新报送。" if problems else "；本期台账已通过校验，感谢配合。"),
        ),
        ("附表", attached),
    )
    source = (sub.archived or sub.path) if marked and not sub.refused else None
    return ReceiptJob(
        path,
        f"{unit}{period_label(period)}台账回执",
        facts,
        problems,
        source,
        sub.file_name,
        dict(sub.header_rows),
        limits or Limits(),
    )


def write_job(job: ReceiptJob) -> Path:
    sheets = _sheets_of(job.source, job.file_name, job.limits, job.header_rows) if job.source is not None else []
    with atomic_path(job.path) as tmp:
        # in_memory: the parts are assembled in memory, not in temporary files (4× faster for a small workbook)
        book = xlsxwriter.Workbook(str(tmp), {"in_memory": True})
        try:
            formats = _Formats(book)
            _summary(book, formats, job)
            if sheets:
                _copies(book, formats, sheets, job)
        finally:
            book.close()
    return job.path


def write_all(jobs: Sequence[ReceiptJob], workers: int | None = None) -> list[Exception | None]:
    """Write every job; for each, None or the exception that stopped it (the others are still written). From
    PARALLEL_FROM receipts on they are spread over two processes (documents/parallel.py)."""
    return run_all(write_job, jobs, PARALLEL_FROM, workers)


class _Formats:
    """The formats of one receipt, created once."""

    def __init__(self, book: xlsxwriter.Workbook):
        border = {"border": 1, "border_color": "#999999"}
        cell = {"text_wrap": True, "valign": "vcenter"}
        self.title = book.add_format({"font_name": "黑体", "font_size": 16, "valign": "vcenter"})
        self.key = book.add_format({"bold": True})
        self.value = book.add_format({"text_wrap": True})
        self.head = book.add_format({**border, "bold": True, "bg_color": "#D9E1F2", "text_wrap": True})
        self.row = book.add_format({**border, **cell})
        self.copy_title = book.add_format({"bold": True, "valign": "vcenter", "align": "center"})
        self.copy_head = book.add_format({**border, **cell, "bold": True, "align": "center", "bg_color": "#D9E1F2"})
        self.cell = book.add_format({**border, **cell})
        self.date = book.add_format({**border, **cell, "num_format": "yyyy-mm-dd"})
        self.datetime = book.add_format({**border, **cell, "num_format": "yyyy-mm-dd hh:mm"})
        self.plain = book.add_format(cell)
        self.fill = {
            severity: book.add_format({**border, **cell, "bg_color": FILLS[severity]}) for severity in ("错误", "警告")
        }
        self.fill_head = {
            severity: book.add_format({**border, **cell, "bold": True, "align": "center", "bg_color": FILLS[severity]})
            for severity in ("错误", "警告")
        }


def _summary(book: xlsxwriter.Workbook, fmt: _Formats, job: ReceiptJob) -> None:
    ws = book.add_worksheet(SUMMARY_SHEET)
    ws.activate()
    ws.merge_range(0, 0, 0, 5, "", fmt.title)
    ws.write_string(0, 0, fit_cell(job.title)[0], fmt.title)
    ws.set_row(0, 30)
    for r, (key, value) in enumerate(job.facts, start=2):
        ws.write_string(r, 0, key, fmt.key)
        ws.merge_range(r, 1, r, 5, "", fmt.value)
        ws.write_string(r, 1, fit_cell(value)[0], fmt.value)
    head = 2 + len(job.facts) + 1
    for c, title in enumerate(("序号", "级别", "位置", "问题", "说明", "修改建议") if job.problems else ()):
        ws.write_string(head, c, title, fmt.head)  # the table of problems, when there is one
    for n, p in enumerate(job.problems, start=1):
        location = f"{p.sheet}!{p.cell}" if p.cell else (p.sheet or "整个文件")
        values = (p.severity, location, p.title, fit_cell(p.message)[0], fit_cell(p.advice)[0])
        ws.write_number(head + n, 0, n, fmt.row)
        for c, value in enumerate(values, start=1):
            ws.write_string(head + n, c, fit_cell(value)[0], fmt.row)
        fit_row(ws, head + n, (n, *values), SUMMARY_WIDTHS, 11)
    for c, width in enumerate(SUMMARY_WIDTHS):
        ws.set_column(c, c, width)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)


def _sheets_of(
    source: Path, file_name: str, limits: Limits, header_rows: dict[str, int]
) -> list[tuple[Sheet, dict[int, float]]]:
    """The unit's sheets as read, each with its column widths (0-based column → width): an .xlsx's own, else
    estimated from the header and the rows below it (a title merged across the table says nothing of widths)."""
    data = source.read_bytes()
    try:
        sheets = open_grids(file_name, source.suffix.lower(), data, limits)
    except UnreadableFile:
        return []
    widths = _xlsx_widths(data)
    return [
        (sheet, widths.get(sheet.name) or _estimated_widths(sheet.grid[max(header_rows.get(sheet.name, 0), 0) :]))
        for sheet in sheets
    ]


_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_ATTR = re.compile(rb'\s(min|max|width)="([0-9.]+)"')


def _xlsx_widths(data: bytes) -> dict[str, dict[int, float]]:
    """Sheet name → the column widths an .xlsx sets in <cols> ({} for any other file or anything odd)."""
    if not data.startswith(b"PK"):
        return {}
    out: dict[str, dict[int, float]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name, member in sheet_members(archive).items():
                with archive.open(member) as stream:
                    head = stream.read(_COLS_SCAN_BYTES)
                end = head.find(b"sheetData")
                widths: dict[int, float] = {}
                for attributes in _COL.findall(head if end < 0 else head[:end]):
                    found = {k.decode(): float(v) for k, v in _ATTR.findall(attributes)}
                    if "width" in found and "min" in found:
                        first, last = int(found["min"]), int(found.get("max", found["min"]))
                        for col in range(max(first, 1), min(last, first + 256, 16_384) + 1):
                            widths[col - 1] = min(found["width"], 255.0)
                out[name] = widths
    except Exception:  # widths are a courtesy: an odd workbook gets estimated ones
        return {}
    return out


def _estimated_widths(grid: list[list[object]], rows: int = 200) -> dict[int, float]:
    """Widths from the contents of the first rows: wide enough for short values, capped for long text."""
    widest: dict[int, float] = {}
    for row in grid[:rows]:
        for c, value in enumerate(row):
            if value not in ("", None):
                widest[c] = max(widest.get(c, 0), _shown_width(str(value)[:100]))
    return {c: float(min(max(w + 2, 8), 40)) for c, w in widest.items()}


def _copies(
    book: xlsxwriter.Workbook, fmt: _Formats, sheets: list[tuple[Sheet, dict[int, float]]], job: ReceiptJob
) -> None:
    taken: set[str] = {SUMMARY_SHEET.casefold()}
    titles = {sheet.name: _sheet_title(sheet.name, taken) for sheet, _ in sheets}
    marks: dict[str, dict[tuple[int, int], list[Problem]]] = {}
    for problem in job.problems:
        if problem.sheet in titles and problem.cell:
            try:
                where = xl_cell_to_rowcol(problem.cell)
            except Exception:
                continue
            marks.setdefault(problem.sheet, {}).setdefault(where, []).append(problem)
    for sheet, widths in sheets:
        ws = book.add_worksheet(titles[sheet.name])
        if sheet.visibility == "veryHidden":
            ws.very_hidden()
        elif sheet.visibility == "hidden":
            ws.hide()
        header = job.header_rows.get(sheet.name, -1)
        _copy_grid(ws, fmt, sheet, header, marks.get(sheet.name, {}))
        for col, width in widths.items():
            ws.set_column(col, col, width)
        spans = {
            (r1, c1): sum(widths.get(c, 8.43) for c in range(c1, min(c2, c1 + 256) + 1))
            for (r1, c1), (_, c2) in sheet.merged
        }
        _row_heights(ws, sheet.grid, widths, spans)
        if header >= 0:
            ws.freeze_panes(header + 1, 0)
            ws.repeat_rows(0, header)
        ws.set_landscape()
        ws.set_paper(9)  # A4, one page wide, as the ledger template prints
        ws.fit_to_pages(1, 0)


def _copy_grid(
    ws: Worksheet, fmt: _Formats, sheet: Sheet, header: int, marks: dict[tuple[int, int], list[Problem]]
) -> None:
    for r, row in enumerate(sheet.grid):
        style = fmt.copy_title if r < header else fmt.copy_head if r == header else fmt.cell
        for c, value in enumerate(row):
            if value in ("", None):
                continue
            if (r, c) in marks:
                continue  # written with its mark below
            _write_value(ws, fmt, r, c, value, style)
    for (first_row, first_col), (last_row, last_col) in sheet.merged:
        area = (last_row - first_row + 1) * (last_col - first_col + 1)
        if 1 < area <= MAX_MERGE_CELLS and last_row < len(sheet.grid) and first_row <= header:
            # titles and headers only: a merge below them would blank the cells read in its range
            top = sheet.grid[first_row][first_col] if first_col < len(sheet.grid[first_row]) else ""
            style = fmt.copy_title if first_row < header else fmt.copy_head
            try:
                ws.merge_range(first_row, first_col, last_row, last_col, "", style)
            except Exception:  # overlapping ranges in a hostile file: the values stay, unmerged
                continue
            if top not in ("", None):
                _write_value(ws, fmt, first_row, first_col, top, style)
    for (r, c), problems in marks.items():
        worst = ERROR if any(p.severity == ERROR for p in problems) else problems[0].severity
        value = sheet.grid[r][c] if r < len(sheet.grid) and c < len(sheet.grid[r]) else ""
        style = (fmt.fill_head if r == header else fmt.fill).get(worst, fmt.cell)
        if value in ("", None):
            ws.write_blank(r, c, None, style)
        elif isinstance(value, (date, datetime)):
            ws.write_string(r, c, str(value), style)
        else:
            _write_value(ws, fmt, r, c, value, style)
        text = "\n".join(f"【{p.severity}】{p.message}\n修改建议：{p.advice}" for p in problems)
        ws.write_comment(r, c, fit_cell(text)[0], {"author": "taizhang", "width": 320, "height": 140})


def _row_heights(
    ws: Worksheet,
    grid: list[list[object]],
    widths: dict[int, float],
    spans: dict[tuple[int, int], float],
    point: float = 11,
) -> None:
    """Rows tall enough for their wrapped text: Excel grows rows on open, LibreOffice (and so a PDF) does not.
    `spans`: the width of a merged range, by its first cell.

    Widths are _shown_width's estimates (exact ones, xlsx_common.text_width, are ten times slower)."""
    for r, row in enumerate(grid):
        lines = 1
        for c, value in enumerate(row):
            if isinstance(value, str) and value:
                usable = max(spans.get((r, c)) or widths.get(c, 8.43) * 0.9 - 1.5, 1)
                shown = (_shown_width(p) for p in value[:2000].split("\n"))
                lines = max(lines, sum(max(1, math.ceil(width / usable)) for width in shown))
        if lines > 1:
            ws.set_row(r, min(lines * point * 1.35 + 4, 409))


def _shown_width(text: str) -> float:
    """Display width from the UTF-8 length, (bytes + characters) / 2: 2 for a Chinese character, 1 for a Latin
    one, at C speed."""
    return (len(text.encode("utf-8", "replace")) + len(text)) / 2


def _write_value(ws: Worksheet, fmt: _Formats, r: int, c: int, value: object, style) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        ws.write_number(r, c, value, style)
    elif isinstance(value, datetime) and value.year >= 1900 and style is fmt.cell:
        ws.write_datetime(r, c, value, fmt.datetime if value.time() != datetime.min.time() else fmt.date)
    elif isinstance(value, date) and not isinstance(value, datetime) and value.year >= 1900 and style is fmt.cell:
        ws.write_datetime(r, c, datetime(value.year, value.month, value.day), fmt.date)
    else:
        ws.write_string(r, c, fit_cell(str(value))[0], style)  # "=HYPERLINK(…)" typed by a unit stays text


_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]\x00-\x1f]")


def _sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (no / \\ * ? : [ ], at most 31 characters, unique): an .ods may use any."""
    title = _SHEET_TITLE_FORBIDDEN.sub("_", name).strip("'")[:31] or "Sheet"
    base, n = title, 2
    while title.casefold() in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.casefold())
    return title
