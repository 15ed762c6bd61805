"""考核得分表: the bulletin's XLSX annex, every point of every unit's score on a line with its reason.

One block per unit, in category and rank order: a line per reason (项目, 依据, 得分 — negative for a deduction),
then the unit's 合计, which is the sum of the lines above it and the score the bulletin prints.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from generator.assessment import UnitScore
from generator.atomic import atomic_path
from generator.documents.xlsx_common import Formats, span, titled_sheet, write_row

SCORE_COLUMNS = [("类别", 14), ("排名", 7), ("责任单位", 22), ("考核项目", 12), ("计分依据", 60), ("得分", 10)]
SCORES_FILE = "考核得分表.xlsx"


def ordered(scores: list[UnitScore]) -> list[UnitScore]:
    categories = list(dict.fromkeys(s.category for s in scores))
    return sorted(scores, key=lambda s: (categories.index(s.category), s.rank, s.unit))


def write_scores(scores: list[UnitScore], title: str, path: Path) -> Path:
    widths = [w for _, w in SCORE_COLUMNS]
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        fmt = Formats(book)
        bold = book.add_format({**fmt._cell, "align": "center", "bold": True})
        sheet, row = titled_sheet(book, fmt, "考核得分表", "附件", title, SCORE_COLUMNS)
        for score in ordered(scores):
            first = row
            for reason in score.reasons:
                write_row(
                    sheet,
                    row,
                    [(reason.item, fmt.center), (reason.basis, fmt.text), (reason.points, fmt.number)],
                    widths,
                    first_col=3,
                )
                row += 1
            write_row(sheet, row, [("合计", bold), ("", fmt.text), (score.score, bold)], widths, first_col=3)
            for col, value in enumerate((score.category, score.rank, score.unit)):
                span(sheet, first, col, row, col, value, fmt.center)
            row += 1
        if not scores:
            sheet.write_string(row, 0, "本期没有需要考核的单位。")
        book.close()
    return path
