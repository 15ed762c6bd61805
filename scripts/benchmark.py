"""Ingestion benchmark: N unit ledgers × R rows, read and validated by taizhang, against two references.

    python scripts/benchmark.py [--units 1000] [--rows 100] [--repeat 3] [--naive-sample 100]

References, timed in the same run on the same files:
  naive  pandas.read_excel(engine="openpyxl") of each file's ledger sheet (the slow, common path);
  floor  a bare python-calamine read of every sheet of each file (what any calamine-based reader must pay).
The naive path takes minutes for 1,000 files, so by default it is timed on a sample and scaled (rows/s is what is
compared); pass --naive-sample 0 to time it on every file.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import python_calamine
import xlsxwriter

from generator.intake import ingest
from generator.ledger.blank import HEADER_ROW
from generator.ledger.layout import LEDGER_VERSION, META_SHEET, STATUSES, TASK_SHEET
from generator.plan.model import Plan, PlanInfo, Task, Unit

INFO = PlanInfo(
    title="基准测试方案",
    issuer="测试办公室",
    issuer_mark="测试办公室",
    doc_number="测〔2024〕1号",
    issued_on=date(2024, 1, 5),
    recipients="各单位",
    notice_body="",
)


def synthetic_plan(units: int, rows: int) -> Plan:
    unit_list = [Unit(f"第{u + 1:04d}乡镇人民政府", (f"{u + 1:04d}镇",)) for u in range(units)]
    tasks = [
        Task(
            u * rows + r + 1,
            f"第{u * rows + r + 1}项重点任务：完成河道清淤疏浚{r + 1}公里并建立长效管护机制",
            "河道畅通、水质达标",
            "提供实施方案、影像资料",
            unit_list[u].name,
            "2024年6月底前",
            date(2024, 6, 30),
        )
        for u in range(units)
        for r in range(rows)
    ]
    return Plan(INFO, unit_list, tasks, [])


def write_row(sheet, r: int, values: list) -> None:
    """One ledger row: whole numbers as numbers, everything else as text (never a formula)."""
    for c, value in enumerate(values):
        if isinstance(value, int):
            sheet.write_number(r, c, value)
        else:
            sheet.write_string(r, c, value)


def write_meta(book, plan, unit, period: str) -> None:
    """The very hidden sheet a ledger we issued carries: plan, unit, period, ledger version."""
    meta = book.add_worksheet(META_SHEET)
    for r, (k, v) in enumerate(
        [("plan_id", plan.plan_id), ("unit", unit.name), ("period", period), ("ledger_version", LEDGER_VERSION)]
    ):
        meta.write_string(r, 0, k)
        meta.write_string(r, 1, v)
    meta.very_hidden()


def write_ledger(plan: Plan, unit: Unit, path: Path) -> None:
    """A filled ledger in the layout we issue (title, note, header, data, hidden sheet), written fast."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(TASK_SHEET.title)
    sheet.write_string(0, 0, f"{unit.short_name}2024年5月重点任务台账")
    sheet.write_string(1, 0, "填报说明")
    for c, name in enumerate(TASK_SHEET.columns):
        sheet.write_string(HEADER_ROW, c, name)
    for r, task in enumerate(plan.tasks_of(unit.name), start=HEADER_ROW + 1):
        status = STATUSES[task.no % 3]
        values = [
            task.no,
            task.task,
            task.target,
            task.requirement,
            task.deadline_text,
            "按计划推进，已完成主体工程。",
            status,
            100 if status == "已完成" else 60 + task.no % 30,
            "影像资料",
            "",
            "下月完成验收",
            "张三",
            "0391-1234567",
        ]
        write_row(sheet, r, values)
    write_meta(book, plan, unit, "2024-05")
    book.close()


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--naive-sample", type=int, default=100, help="files timed on the naive path (0 = all)")
    args = parser.parse_args()
    plan = synthetic_plan(args.units, args.rows)
    with tempfile.TemporaryDirectory(prefix="taizhang-bench-") as tmp:
        folder = Path(tmp) / "2024-05"
        folder.mkdir()
        start = time.perf_counter()
        for unit in plan.units:
            write_ledger(plan, unit, folder / f"{unit.short_name}.xlsx")
        print(f"generated {args.units} ledgers × {args.rows} rows in {time.perf_counter() - start:.1f} s")
        files = sorted(folder.iterdir())
        total_rows = args.units * args.rows

        def ours() -> None:
            intake = ingest(folder, plan, "2024-05")
            assert len(intake.accepted) == args.units and not intake.problems, intake.problems[:3]

        def floor() -> None:
            for path in files:
                book = python_calamine.CalamineWorkbook.from_path(str(path))
                for name in book.sheet_names:
                    book.get_sheet_by_name(name).to_python(skip_empty_area=False)

        sample = files if args.naive_sample <= 0 else files[: args.naive_sample]

        def naive() -> None:
            for path in sample:
                pd.read_excel(path, sheet_name=TASK_SHEET.title, header=HEADER_ROW, engine="openpyxl")

        # Alternate the two fast paths so that both see the same machine (a shared CI runner is noisy).
        ours_times, floor_times = [], []
        for _ in range(args.repeat):
            ours_times.append(timed(ours, 1))
            floor_times.append(timed(floor, 1))
        t_ours, t_floor = statistics.median(ours_times), statistics.median(floor_times)
        t_naive = timed(naive, 1) * len(files) / len(sample)
    rows = [
        ("taizhang ingest + validate", t_ours),
        ("bare python-calamine read (floor)", t_floor),
        (
            "pandas.read_excel(engine='openpyxl') (naive)"
            + ("" if len(sample) == len(files) else f", {len(sample)} files scaled"),
            t_naive,
        ),
    ]
    print(f"\n{args.units} ledgers × {args.rows} rows = {total_rows:,} rows, {datetime.now():%Y-%m-%d}")
    print(f"{'path':<58}{'seconds':>9}{'rows/s':>11}")
    for name, seconds in rows:
        print(f"{name:<58}{seconds:>9.2f}{total_rows / seconds:>11,.0f}")
    print(f"\nnaive / taizhang = {t_naive / t_ours:.1f}×   taizhang / floor = {t_ours / t_floor:.2f}×")


if __name__ == "__main__":
    main()
