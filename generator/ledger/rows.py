"""The rows of a ledger as read, and where each of their values came from (数据来源).

A row keeps the reader's own list and the sheet's column map: nothing is copied per row, and the A1 references a
month's provenance needs are made only when asked for (a province reads a hundred thousand rows).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

import orjson
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell


@dataclass(slots=True)
class RawRow:
    """One data row as read, addressed by our column names; A1 references are made only when asked for."""

    sheet: str
    row: int  # 0-based row index in the sheet
    raw: list[object]  # the reader's row, not copied
    columns: dict[str, int]  # our column name → 0-based column index (shared by the rows of a sheet)

    def get(self, name: str) -> object:
        """The value under one of our column names; "" when the sheet has no such column or the row is short."""
        i = self.columns.get(name)
        return "" if i is None else self.raw[i]  # rows are padded to the header's width when read

    @property
    def values(self) -> dict[str, object]:
        return {name: self.get(name) for name in self.columns}

    def cell(self, name: str) -> str:
        """The A1 reference of a column in this row, or "" when the sheet has no such column."""
        col = self.columns.get(name)
        return "" if col is None else xl_rowcol_to_cell(self.row, col)

    @property
    def source(self) -> CellSource:
        """Our column name → "sheet!A1" of this row's cells (provenance), each made when asked for."""
        return CellSource(self.sheet, self.row, self.columns)


class CellSource(Mapping[str, str]):
    """数据来源: column → "sheet!A1" of one row's cells. Every assignment of a month carries one, and most are never
    read (the annex's 来源 sheet shows three of a row's dozen columns): the references are made when asked for, not
    kept as a hundred thousand small dictionaries."""

    __slots__ = ("_columns", "_number", "_sheet")

    def __init__(self, sheet: str, row: int, columns: dict[str, int]) -> None:
        self._sheet, self._number, self._columns = sheet, row + 1, columns  # the row as Excel numbers it

    def __getitem__(self, name: str) -> str:
        return f"{self._sheet}!{_column_letter(self._columns[name])}{self._number}"

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def __contains__(self, name: object) -> bool:
        return name in self._columns

    def __repr__(self) -> str:
        return repr(dict(self))

    def json(self) -> str:
        """The references as compact JSON text, as the history stores them: the text around the row number is made
        once per sheet (a month stores a hundred thousand of these)."""
        pieces = _json_pieces(self._sheet, tuple(self._columns.items()))
        number = self._number
        return "{" + ",".join(f'{piece}{number}"' for piece in pieces) + "}"


@lru_cache(maxsize=256)
def _json_pieces(sheet: str, columns: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    """ "name":"sheet!A (each string escaped by orjson, the closing quote left for after the row number)."""
    return tuple(
        f"{orjson.dumps(name).decode()}:{orjson.dumps(f'{sheet}!{_column_letter(col)}').decode()[:-1]}"
        for name, col in columns
    )


@cache
def _column_letter(col: int) -> str:
    return xl_col_to_name(col)
