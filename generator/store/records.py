"""Rows for the history tables made from what was read, and database messages fit for a clerk."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence

import orjson
from xlsxwriter.utility import xl_col_to_name

from generator.cache import code_version
from generator.checks import Problem
from generator.checks.ledger import CheckedSubmission
from generator.ledger.rows import CellSource
from generator.rollup import AssignmentProgress, IndicatorValue


def to_json(value: object) -> str:
    """Compact JSON text, UTF-8 characters unescaped. orjson: a month stores 200,000 small JSON documents (rows as
    read, cells behind each figure), which json.dumps took 3 s to write at 1,000 units, orjson a tenth of that."""
    return orjson.dumps(value).decode()


def source_json(source: Mapping[str, str]) -> str:
    """数据来源 of a figure as JSON text (column → "sheet!A1")."""
    return source.json() if isinstance(source, CellSource) else to_json(dict(source))


def task_rows(
    period: str, assignments: Iterable[AssignmentProgress], submission_of: Mapping[str, int]
) -> list[tuple[dict[str, object], AssignmentProgress]]:
    """Values of TaskRow rows, without `source`, each with the assignment it was made from."""
    return [
        (
            {
                "period": period,
                "task_no": a.no,
                "unit": a.unit,
                "role": a.role,
                "required": a.required,
                "status": a.status,
                "effective": a.effective,
                "percent": none_if_nan(a.percent),
                "days_overdue": a.days_overdue,
                "progress": a.progress,
                "file_name": a.file,
                "submission_id": submission_of.get(a.unit) if a.reported else None,
            },
            a,
        )
        for a in assignments
    ]


def indicator_rows(
    period: str, values: Iterable[IndicatorValue], submission_of: Mapping[str, int]
) -> list[tuple[dict[str, object], IndicatorValue]]:
    """Values of IndicatorRow rows, without `source`, each with the value it was made from."""
    return [
        (
            {
                "period": period,
                "indicator_no": v.no,
                "unit": v.unit,
                "role": v.role,
                "value": none_if_nan(v.value),
                "value_text": v.value_text,
                "attainment": v.attainment,
                "file_name": v.file,
                "submission_id": submission_of.get(v.unit) if v.reported else None,
            },
            v,
        )
        for v in values
    ]


def none_if_nan(value: object) -> object:
    return None if isinstance(value, float) and math.isnan(value) else value


def unit_digests(rows: Sequence[tuple[Mapping[str, object], AssignmentProgress | IndicatorValue]]) -> dict[str, str]:
    """unit → a digest of every value of its rows (each a row's values, without 数据来源, and the item it was made
    from, whose file hash stands in for those cells) and of the code that made them."""
    lines: dict[str, list[str]] = {}
    for row, item in rows:
        lines.setdefault(str(row["unit"]), []).append(repr((*row.values(), item.sha256)))
    version = code_version()
    return {unit: hashlib.sha256("\n".join([version, *text]).encode()).hexdigest() for unit, text in lines.items()}


def lines_as_read(submission_id: int, checked: CheckedSubmission) -> list[dict[str, object]]:
    """The rows as read, with the plan item each was matched to: values of SubmissionLine rows, for one bulk
    insert (ORM objects cost ten times as much to build and flush)."""
    matched = {id(r.row): ("task", no) for no, r in checked.tasks.items()}
    matched.update({id(r.row): ("indicator", no) for no, r in checked.indicators.items()})
    lines: list[dict[str, object]] = []
    letters: dict[int, list[tuple[str, int, str]]] = {}  # id(columns) → (name, index, column letters)
    for kind, rows in checked.submission.rows.items():
        for raw in rows:
            # the rows of a sheet share one `columns`: letters made once per sheet, not per cell
            named = letters.get(id(raw.columns))
            if named is None:
                named = [(name, col, xl_col_to_name(col)) for name, col in raw.columns.items()]
                letters[id(raw.columns)] = named
            number, values = str(raw.row + 1), raw.raw
            cells = {
                name: [letter + number, value if (value := values[col]).__class__ is str else cell_text(value)]
                for name, col, letter in named
            }
            lines.append(
                {
                    "submission_id": submission_id,
                    "kind": kind,
                    "item_no": matched.get(id(raw), (kind, None))[1],
                    "sheet": raw.sheet,
                    "row": raw.row + 1,
                    "cells": to_json(cells),
                }
            )
    return lines


def cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def problem_row(period: str, p: Problem, submission_id: int | None) -> dict[str, object]:
    """Values of one ProblemRow, for a bulk insert."""
    return {
        "period": period,
        "code": p.code,
        "severity": p.severity,
        "file_name": p.file,
        "sheet": p.sheet,
        "cell": p.cell,
        "unit": p.unit,
        "message": p.message,
        "hint": p.hint,
        "submission_id": submission_id,
    }


def first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else exc.__class__.__name__


def without_password(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
