"""Whole-month benchmark: `taizhang run` on N units × R rows, beside a bare calamine read of the same files.

    python scripts/benchmark_run.py [--units 1000] [--rows 100] [--repeat 3] [--db URL] [--profile out.prof]

Builds a workspace (plan.xlsx of that size, one ledger per unit in inputs/2024-05/) and times, as subprocesses:
  first     `taizhang run` on an empty history and cache (repeated: history and cache are wiped before each);
  unchanged a re-run with no file changed;
  resend    a re-run after one unit sent its file again with one value changed.
The floor, a bare python-calamine read of every sheet of every file, is timed in the same run, alternating with
the first run, so that both see the same machine: compare the ratio, absolute times depend on the machine's load.
Peak memory is the largest resident set of any one process of the run (getrusage RUSAGE_CHILDREN, measured in a
fresh helper process per run, so that one run's peak does not hide the next one's) and, on Linux, the peak of the
whole process tree's proportional set size (forked processes share pages: each counted once).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import python_calamine
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import synthetic_plan, write_meta, write_row
from benchmark import write_ledger as write_task_ledger

from generator.ledger.blank import HEADER_ROW
from generator.ledger.layout import INDICATOR_SHEET, TASK_SHEET
from generator.plan.model import Indicator, Plan, Unit
from generator.plan.write import write_plan
from generator.workspace import init_workspace

PERIOD = "2024-05"

# Runs one command and prints its wall time and memory as JSON. "peak" is the RUSAGE_CHILDREN maximum of a fresh
# process: the largest resident set of any one process of the run. A run forks (the month's documents in two
# branches, files and letters over worker processes), and forked processes share most of their pages, so "total"
# is the peak of the whole process tree's proportional set size (Linux: /proc/<pid>/smaps_rollup, every 0.1 s):
# each shared page counted once, split between the processes that share it. Reading it walks a process's page
# tables and takes a core's time from a two-core run (a resend measured 12.7 s sampled every 0.5 s, 10 s not), so
# times come from runs that are not sampled ("sample" as the first argument turns sampling on) and the tree's
# memory from a run of its own. Until round 7 it was read every 0.5 s, which missed the peak's short moments: a
# province's first run peaked at 968 MB read every 0.5 s, about 1,010 MB every 0.1 s.
_MEASURE = """
import json, os, resource, subprocess, sys, tempfile, time

def tree(root):
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    parents[int(name)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += [p for p, parent in parents.items() if parent == pid]
    return found

def pss(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return sum(int(line.split()[1]) for line in f if line.startswith("Pss:")) * 1024
    except (OSError, ValueError):
        return 0

sample, command = sys.argv[1] == "sample", sys.argv[2:]
start = time.perf_counter()
errors = tempfile.TemporaryFile()  # not a pipe: a full pipe would stop the run
child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
total = 0
linux = os.path.exists("/proc/self/smaps_rollup")
while True:
    try:
        child.wait(timeout=0.1)  # returns the moment the run ends
        break
    except subprocess.TimeoutExpired:
        if sample and linux:
            total = max(total, sum(pss(pid) for pid in tree(child.pid)))
wall = time.perf_counter() - start
errors.seek(0)
err = errors.read()
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"wall": wall, "peak": peak, "total": total, "rc": child.returncode, "err": err.decode()[-2000:]}))
"""


def measure(command: list[str], sample: bool = False) -> dict:
    """Wall time and the largest process's memory of one run; with `sample`, the process tree's peak PSS too (which
    slows the run: its time is not to be quoted)."""
    which = "sample" if sample else "time"
    out = subprocess.run([sys.executable, "-c", _MEASURE, which, *command], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(command)} exited {result['rc']}:\n{result['err']}")
    return result


def plan_with_indicators(units: int, rows: int) -> Plan:
    """The ingestion benchmark's plan, with a tenth of each unit's rows as indicators (附件二) in four categories."""
    per_unit = max(rows // 10, 1)
    base = synthetic_plan(units, rows - per_unit)
    indicators = [
        Indicator(
            u * per_unit + i + 1,
            f"第{(u + i) % 4 + 1}类指标",
            f"第{u * per_unit + i + 1}项指标：城镇污水处理率",
            "%",
            "90",
            90.0,
            "≥",
            "按统计年报",
            "逐月提升",
            unit.name,
        )
        for u, unit in enumerate(base.units)
        for i in range(per_unit)
    ]
    return Plan(base.info, base.units, base.tasks, indicators)


def write_ledger(plan: Plan, unit: Unit, path: Path) -> None:
    """A filled ledger: the task sheet as the ingestion benchmark writes it, then the indicator sheet."""
    write_task_ledger(plan, unit, path)
    book = xlsxwriter.Workbook(str(path))
    _copy_task_sheet(book, path, plan, unit)
    sheet = book.add_worksheet(INDICATOR_SHEET.title)
    sheet.write_string(0, 0, f"{unit.short_name}2024年5月量化指标台账")
    sheet.write_string(1, 0, "填报说明")
    for c, name in enumerate(INDICATOR_SHEET.columns):
        sheet.write_string(HEADER_ROW, c, name)
    for r, ind in enumerate((i for i in plan.indicators if i.unit == unit.name), start=HEADER_ROW + 1):
        values = [
            ind.category,
            ind.no,
            ind.name,
            ind.dimension,
            ind.target_text,
            ind.basis,
            ind.requirement,
            80 + ind.no % 20,
            "稳步提升",
            "统计报表",
            "",
            "继续推进",
            "张三",
            "0391-1234567",
        ]
        write_row(sheet, r, values)
    write_meta(book, plan, unit, PERIOD)
    book.close()


def _copy_task_sheet(book: xlsxwriter.Workbook, path: Path, plan: Plan, unit: Unit) -> None:
    grid = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(TASK_SHEET.title)
    sheet = book.add_worksheet(TASK_SHEET.title)
    for r, row in enumerate(grid.to_python(skip_empty_area=False)):
        for c, value in enumerate(row):
            if isinstance(value, float):
                sheet.write_number(r, c, value)
            elif value != "":
                sheet.write_string(r, c, str(value))


def build(root: Path, units: int, rows: int) -> Path:
    ws = init_workspace(root)
    plan = plan_with_indicators(units, rows)
    write_plan(plan, ws.plan_path)
    folder = ws.period_inputs(PERIOD)
    folder.mkdir(parents=True)
    for unit in plan.units:
        write_ledger(plan, unit, folder / f"{unit.short_name}.xlsx")
    return folder


def floor(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return time.perf_counter() - start


def wipe(root: Path) -> None:
    """Back to a first run: no history, no cache, no outputs, no archive."""
    for name in ("taizhang.sqlite", "outputs", ".taizhang-cache", "archive", "归档"):
        path = root / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    (root / "outputs").mkdir()


def resend(folder: Path) -> None:
    """The first unit sends its ledger again, one progress text changed (new bytes, new hash, newer time)."""
    import openpyxl

    path = sorted(folder.glob("*.xlsx"))[0]
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(row=sheet.max_row, column=6).value = f"重新报送 {time.time()}"
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", help="history database URL (default: the workspace's SQLite file)")
    parser.add_argument("--profile", type=Path, help="also profile one first run with cProfile into this file")
    parser.add_argument("--keep", type=Path, help="build the workspace here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="taizhang-bench-run-") as tmp:
        root = args.keep or Path(tmp) / "ws"
        start = time.perf_counter()
        folder = build(root, args.units, args.rows)
        files = sorted(folder.iterdir())
        size = sum(p.stat().st_size for p in files)
        print(
            f"built {args.units} units × {args.rows} rows ({len(files)} files, {size / 2**20:.1f} MB) "
            f"in {time.perf_counter() - start:.1f} s"
        )
        command = [sys.executable, "-m", "generator", "run", str(root), "--period", PERIOD]
        if args.db:
            command += ["--db", args.db]
        firsts, sampled, floors = [], [], []
        for _ in range(args.repeat):
            wipe(root)
            firsts.append(measure(command))
            floors.append(floor(files))
            wipe(root)
            sampled.append(measure(command, sample=True))  # the same first run again, for the tree's memory
        unchanged = [measure(command) for _ in range(args.repeat)]
        resends = []
        for _ in range(args.repeat):
            resend(folder)
            resends.append(measure(command))
        if args.profile:
            wipe(root)
            subprocess.run(
                [sys.executable, "-m", "cProfile", "-o", str(args.profile), *command[1:]],
                check=True,
                stdout=subprocess.DEVNULL,
            )
    wall = statistics.median(r["wall"] for r in firsts)
    bare = statistics.median(floors)
    peak = max(r["peak"] for r in firsts + sampled)
    total = max(r["total"] for r in sampled)
    again = statistics.median(r["wall"] for r in unchanged)
    one = statistics.median(r["wall"] for r in resends)
    print(
        "| units × rows | wall (median) | peak memory, largest process | all processes (PSS) | run ÷ bare read "
        "| re-run unchanged | re-run after one resend |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {args.units} × {args.rows} | {wall:.1f} s | {peak / 2**20:.0f} MB | {total / 2**20:.0f} MB "
        f"| {wall / bare:.0f}× "
        f"(bare {bare:.2f} s) | {again:.1f} s | {one:.1f} s |"
    )


if __name__ == "__main__":
    main()
