"""校验报告: every problem found in a period's files, and a line per file received."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from generator.atomic import atomic_path
from generator.checks import ERROR, WARNING, Problem
from generator.documents.xlsx_common import Formats, titled_sheet, write_row
from generator.intake import Intake
from generator.periods import period_label
from generator.store.archive import archive_path

PROBLEM_COLUMNS = [
    ("序号", 5),
    ("级别", 6),
    ("代码", 20),
    ("问题", 16),
    ("单位", 16),
    ("文件", 30),
    ("工作表", 10),
    ("单元格", 7),
    ("说明", 44),
    ("修改建议", 40),
]
FILE_COLUMNS = [
    ("序号", 5),
    ("文件", 34),
    ("单位", 18),
    ("是否采用", 8),
    ("错误", 6),
    ("警告", 6),
    ("内容摘要", 18),
    ("说明", 34),
    ("存档（内容哈希）", 22),
]


def write_report(intake: Intake, path: Path, problems: list[Problem] | None = None) -> Path:
    """The 校验报告: every problem (the intake's, or `problems` when given) and every file received."""
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        fmt = Formats(book)
        label = period_label(intake.period)
        sheet, row = titled_sheet(book, fmt, "问题清单", "", f"{label}台账校验报告：问题清单", PROBLEM_COLUMNS)
        listed = intake.problems if problems is None else problems
        listed = sorted(listed, key=lambda p: (p.severity != ERROR, p.file, p.sheet, p.cell))
        for n, p in enumerate(listed, start=1):
            values = [
                (n, fmt.center),
                (p.severity, fmt.fill(p.severity)),
                (p.code, fmt.text),
                (p.title, fmt.text),
                (p.unit, fmt.text),
                (p.file, fmt.text),
                (p.sheet, fmt.center),
                (p.cell, fmt.center),
                (p.message, fmt.text),
                (p.advice, fmt.text),
            ]
            write_row(sheet, row, values, [w for _, w in PROBLEM_COLUMNS])
            row += 1
        if not listed:
            sheet.write_string(row, 0, "未发现问题。")
        sheet.autofilter(2, 0, max(row - 1, 2), len(PROBLEM_COLUMNS) - 1)
        files, row = titled_sheet(book, fmt, "收件情况", "", f"{label}台账收件情况", FILE_COLUMNS)
        for n, checked in enumerate(intake.checked, start=1):
            sub = checked.submission
            severities = [p.severity for p in sub.problems]
            used, reason = intake.verdict(checked)
            archived = archive_path(Path("archive"), sub.sha256, sub.path.suffix).as_posix()
            values = [
                (n, fmt.center),
                (sub.file_name, fmt.text),
                (sub.unit or "（未识别）", fmt.text),
                ("是" if used else "否", fmt.center),
                (severities.count(ERROR), fmt.center),
                (severities.count(WARNING), fmt.center),
                (f"任务{len(checked.tasks)}项，指标{len(checked.indicators)}项", fmt.text),
                (reason, fmt.text),
                (archived, fmt.text),
            ]
            write_row(files, row, values, [w for _, w in FILE_COLUMNS])
            row += 1
        book.close()
    return path
