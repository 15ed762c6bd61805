"""Find the header row of a ledger sheet wherever it is, and map its columns to our column names.

Units move title rows, rename headers (完成时间 for 完成时限), insert, reorder and add columns, and split a header
over two rows (完成情况 over 进展情况 | 完成状态 | 完成百分比). Names are matched exactly, through the synonym table,
by containment (2018年5月进展情况 ⊃ 进展情况) and finally by fuzzy similarity (rapidfuzz).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from generator.ledger.layout import COLUMN_SYNONYMS, SHEETS, SheetLayout, with_roles
from generator.plan.units import normalise_name

HEADER_SEARCH_ROWS = 20
FUZZY_CUTOFF = 80

_KNOWN: dict[str, str] = {}
for _layout in (*SHEETS, *(with_roles(sheet) for sheet in SHEETS)):
    _KNOWN.update({normalise_name(c): c for c in _layout.columns})
for _name, _synonyms in COLUMN_SYNONYMS.items():
    _KNOWN.update({normalise_name(s): _name for s in _synonyms})
    _KNOWN[normalise_name(_name)] = _name
_BY_LENGTH = sorted(_KNOWN, key=len, reverse=True)


@dataclass
class Header:
    layout: SheetLayout
    row: int  # 0-based index of the last header row
    columns: dict[int, str]  # column index → our column name
    renamed: dict[str, str]  # our column name → the header text the unit used, where it differs


@lru_cache(maxsize=4096)
def column_name(text: str) -> str | None:
    """Our name for a header text, or None."""
    key = normalise_name(text).strip("：:*＊")
    if not key:
        return None
    if key in _KNOWN:
        return _KNOWN[key]
    for known in _BY_LENGTH:  # the longest known name the header contains: 完成百分比（%） → 完成百分比
        if len(known) >= 2 and known in key:
            return _KNOWN[known]
    match = process.extractOne(key, _KNOWN.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return _KNOWN[match[0]] if match else None


def _map_row(row: list[object]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i, value in enumerate(row):
        if value == "" or value is None or isinstance(value, (int, float)):
            continue
        name = column_name(str(value))
        if name and name not in out.values():
            out[i] = name
    return out


def _layout_for(columns: set[str]) -> SheetLayout | None:
    if "序号" not in columns and "重点工作任务" not in columns and "指标" not in columns:
        return None
    if "指标当前值" in columns or ("指标" in columns and "完成状态" not in columns):
        return SHEETS[1]
    if "完成状态" in columns or "完成百分比" in columns or "重点工作任务" in columns:
        return SHEETS[0]
    return None


def find_header(grid: list[list[object]]) -> Header | None:
    """The first row (of the top 20) that names at least three of our columns, merged with a second header row."""
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns = _map_row(row)
        if len(columns) < 3:
            continue
        last = r
        if r + 1 < len(grid):  # a two-row header: the second row names columns under a group title
            below = _map_row(grid[r + 1])
            if below and len(below) >= 2 and not _looks_like_data(grid[r + 1]):
                for i, name in below.items():  # the lower row is the more specific one: it wins
                    columns = {k: v for k, v in columns.items() if v != name}
                    columns[i] = name
                last = r + 1
        layout = _layout_for(set(columns.values()))
        if layout is None:
            continue
        renamed = {}
        for i, name in columns.items():
            text = str(grid[last][i] if grid[last][i] not in ("", None) else grid[r][i])
            if normalise_name(text) != name:
                renamed[name] = text
        return Header(layout, last, columns, renamed)
    return None


def _looks_like_data(row: list[object]) -> bool:
    """A first cell holding a number (序号 1) means data has begun."""
    return bool(row) and isinstance(row[0], (int, float)) and not isinstance(row[0], bool)
