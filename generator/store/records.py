"""Rows for the history tables made from what was read, and database messages fit for a clerk."""

from __future__ import annotations

import json

from generator.checks import Problem
from generator.checks.ledger import CheckedSubmission
from generator.store.models import ProblemRow, SubmissionLine


def lines_as_read(submission_id: int, checked: CheckedSubmission) -> list[SubmissionLine]:
    """The rows as read, with the plan item each was matched to."""
    matched = {id(r.row): ("task", no) for no, r in checked.tasks.items()}
    matched.update({id(r.row): ("indicator", no) for no, r in checked.indicators.items()})
    lines = []
    for kind, rows in checked.submission.rows.items():
        for raw in rows:
            cells = {name: [a1, cell_text(raw.get(name))] for name, a1 in raw.cells.items()}
            item = matched.get(id(raw), (kind, None))[1]
            lines.append(
                SubmissionLine(
                    submission_id=submission_id,
                    kind=kind,
                    item_no=item,
                    sheet=raw.sheet,
                    row=raw.row + 1,
                    cells=json.dumps(cells, ensure_ascii=False),
                )
            )
    return lines


def cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def problem_row(period: str, p: Problem, submission_id: int | None) -> ProblemRow:
    return ProblemRow(
        period=period,
        code=p.code,
        severity=p.severity,
        file_name=p.file,
        sheet=p.sheet,
        cell=p.cell,
        unit=p.unit,
        message=p.message,
        hint=p.hint,
        submission_id=submission_id,
    )


def first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else exc.__class__.__name__


def without_password(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
