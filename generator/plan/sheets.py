"""The sheets of plan.xlsx read as records (读取工作表): each row a {column: (value, A1 cell)}, columns found by
their header text, so that every later error can name its cell. Reading the file itself goes through the same
limits and reader as a ledger (python-calamine, PLAN_LIMITS).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from generator.errors import PlanError
from generator.ledger.files import UnreadableFile, open_grids
from generator.plan.cells import cell_text
from generator.plan.layout import PLAN_LIMITS, PLAN_SHEETS


def workbook_rows(path: Path) -> dict[str, Sequence[Sequence[object]]]:
    """Every sheet of the plan workbook, in order, as rows of cell values from A1: read with python-calamine within
    PLAN_LIMITS (measured before anything is parsed, as a ledger is), values as openpyxl gives them (None for an
    empty cell, a whole number as int, a date as datetime, a formula's stored result)."""
    try:
        sheets = open_grids(path.name, path.suffix.lower(), path.read_bytes(), PLAN_LIMITS)
    except UnreadableFile as exc:
        raise PlanError(f"无法打开方案文件 {path.name}：{exc.message}") from None
    except OSError as exc:
        raise PlanError(f"无法打开方案文件 {path.name}：{exc.strerror or exc}") from None
    return {sheet.name: sheet.grid for sheet in sheets}  # cells made openpyxl-like (_cell_value) when used


def _cell_value(value: object) -> object:
    if value.__class__ is str:  # most cells: returned at once
        return value or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def records(
    book: dict[str, Sequence[Sequence[object]]], sheet_name: str, columns: list[str], optional: Sequence[str] = ()
) -> list[dict[str, tuple[object, str]]]:
    """Rows of a sheet as {column: (value, A1 cell)}; columns are found by their header text.

    Optional columns read as (None, "") when the sheet does not have them."""
    if sheet_name not in book:
        raise PlanError(f"方案文件缺少工作表「{sheet_name}」（应有：{'、'.join(PLAN_SHEETS)}）。")
    rows = iter(book[sheet_name])
    header = [cell_text(v) for v in next(rows, ())]
    missing = [c for c in columns if c not in header]
    if missing:
        raise PlanError(f"方案文件工作表「{sheet_name}」第1行缺少列：{'、'.join(missing)}。")
    where = {c: header.index(c) for c in columns}
    where.update({c: header.index(c) for c in optional if c in header})
    places = [(c, i, f"{sheet_name}!{_col(i)}") for c, i in where.items()]  # column letters once per sheet
    absent = {c: (None, "") for c in optional if c not in where}
    out = []
    for r, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        width = len(values)
        record = {}
        for c, i, place in places:
            v = values[i] if i < width else None
            record[c] = ((v or None) if v.__class__ is str else _cell_value(v), f"{place}{r}")  # str: most cells
        record.update(absent)
        out.append(record)
    return out


def _col(index: int) -> str:
    return xlsxwriter.utility.xl_col_to_name(index)
