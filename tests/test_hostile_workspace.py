"""Hostile plans, names and circumstances: unit names that try to become paths or formulas, a workspace only its
owner may read, two runs at once, months run out of order, a file overwritten while it is read, a plan with
several mistakes, a damaged history, a number no column holds, and the watch loop counted over time."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLE_INPUTS, copy_example, tree_digest
from pg import fresh_database
from test_hostile import assert_archive_matches_names, csv_ledger

from generator.errors import PlanError, TaizhangError
from generator.ledger.blank import write_blank_ledgers
from generator.lock import workspace_lock
from generator.plan import read_plan
from generator.plan.write import write_plan
from generator.run import RunResult, run_period
from generator.safety import safe_name
from generator.store import History
from generator.watch import watch
from generator.workspace import Workspace

PERIOD = "2018-05"
HOSTILE_UNITS = {
    "区发展改革规划局": "../../../../逃逸",
    "管委会办公室": '=HYPERLINK("http://evil.example","点我")',
    "区国土建设环保局": "甲/乙\x07丙",
    "区农村工作办公室": "CON",
}


def _rename_units(plan, names: dict[str, str]):
    rename = {old: new for old, new in names.items()}
    units = [dataclasses.replace(u, name=rename.get(u.name, u.name), aliases=()) for u in plan.units]
    tasks = [dataclasses.replace(t, unit=rename.get(t.unit, t.unit)) for t in plan.tasks]
    indicators = [dataclasses.replace(i, unit=rename.get(i.unit, i.unit)) for i in plan.indicators]
    return dataclasses.replace(plan, units=units, tasks=tasks, indicators=indicators)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("../../x", "_.._x"),
        ("a/b\\c", "a_b_c"),
        ("区\x00农\x07办", "区农办"),
        ("CON", "_CON"),
        ("lpt1.txt", "_lpt1.txt"),
        ("...", "未命名"),
        ("名称. ", "名称"),
    ],
)
def test_one_sanitiser_makes_every_name_safe(text, expected):
    assert safe_name(text) == expected


def test_a_long_name_is_cut_at_a_character_and_stays_unique():
    a, b = safe_name("长" * 100 + "甲", ".xlsx"), safe_name("长" * 100 + "乙", ".xlsx")
    assert a != b and len(a.encode()) <= 120 and a.endswith(".xlsx")
    assert a.encode().decode("utf-8") == a


def test_unit_names_never_become_paths_or_formulas(tmp_path, plan):
    ws = copy_example(tmp_path / "ws")
    write_plan(_rename_units(plan, HOSTILE_UNITS), ws.plan_path)
    hostile = read_plan(ws.plan_path)
    for child in ws.period_inputs(PERIOD).iterdir():
        child.unlink()  # nobody reported: every unit gets a 催报通知 named after it
    result = run_period(ws, PERIOD, date(2018, 6, 5))
    ledgers = write_blank_ledgers(hostile, "2018-06", ws.outputs / "2018-06" / "空白台账")
    written = [*result.notices, *ledgers]
    assert len(result.notices) >= 4 and len(ledgers) == 4
    outputs = ws.outputs.resolve()
    for path in written:
        assert path.resolve().is_relative_to(outputs), path
        assert "\x07" not in path.name and path.parent.name in ("催报通知", "督办通知", "空白台账")
    assert sorted(p.name for p in tmp_path.rglob("*逃逸*")) == sorted(p.name for p in written if "逃逸" in p.name)
    assert {p.name for p in ledgers} >= {"CON_2018-06_工作台账.xlsx", "_.._.._.._逃逸_2018-06_工作台账.xlsx"}
    formula_ledger = next(p for p in ledgers if "HYPERLINK" in p.name)
    sheet = openpyxl.load_workbook(formula_ledger).worksheets[0]
    assert sheet["A1"].data_type == "s" and sheet["A1"].value.startswith("=HYPERLINK")
    assert sheet["A2"].data_type == "s"


def test_files_written_are_no_more_open_than_the_workspace(tmp_path):
    ws = copy_example(tmp_path / "ws")
    os.chmod(ws.root, 0o700)
    run_period(ws, PERIOD, date(2018, 6, 5))
    written = [p for folder in (ws.outputs, ws.archive) for p in folder.rglob("*")] + [ws.db_path]
    assert len(written) > 10
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, (path, oct(path.stat().st_mode))


def test_a_second_run_waits_for_the_first_and_says_who_holds_the_lock(tmp_path):
    ws = copy_example(tmp_path / "ws")
    with workspace_lock(ws.root):
        started = time.monotonic()
        with pytest.raises(TaizhangError, match=f"进程 {os.getpid()}"):
            with workspace_lock(ws.root, wait=0.5):
                pass
        assert time.monotonic() - started >= 0.5
    with workspace_lock(ws.root, wait=0):  # released: taken at once
        pass


def _run(root: Path, period: str, db: str | None = None) -> subprocess.Popen:
    command = [sys.executable, "-m", "generator", "run", str(root), "--period", period, "--date", "2018-06-05"]
    return subprocess.Popen([*command, *(["--db", db] if db else [])], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_runs_of_one_workspace_at_once_are_serialised(tmp_path):
    ws = copy_example(tmp_path / "ws")
    before = tree_digest(ws.inputs)
    runs = [_run(ws.root, PERIOD) for _ in range(3)]
    outcomes = [(p.wait(timeout=300), p.stderr.read().decode()) for p in runs]
    assert [code for code, _ in outcomes] == [0, 0, 0], outcomes
    assert not any("Traceback" in err for _, err in outcomes)
    assert tree_digest(ws.inputs) == before
    assert_archive_matches_names(ws.archive)


def test_months_run_out_of_order_never_share_a_bulletin_number(tmp_path):
    ws = copy_example(tmp_path / "ws")
    assert run_period(ws, "2018-05", date(2018, 6, 5)).issue_no == 1
    assert run_period(ws, "2018-04", date(2018, 5, 5)).issue_no == 2
    assert run_period(ws, "2018-05", date(2018, 6, 5)).issue_no == 1  # a month keeps its number


def test_two_months_at_once_on_postgresql_get_two_numbers(tmp_path):
    url, drop = fresh_database()
    try:
        History(url).close()  # the schema, once, before the race
        clerks = [copy_example(tmp_path / name) for name in ("甲", "乙")]
        runs = [_run(ws.root, period, url) for ws, period in zip(clerks, ("2018-04", "2018-05"), strict=True)]
        outcomes = [(p.wait(timeout=300), p.stderr.read().decode()) for p in runs]
        assert [code for code, _ in outcomes] == [0, 0], outcomes
        with History(url) as history:
            numbers = [history.issue_number(p) for p in ("2018-04", "2018-05")]
        assert sorted(numbers) == [1, 2]
    finally:
        drop()


def test_errors_of_a_superseded_file_do_not_count(tmp_path):
    ws = copy_example(tmp_path / "ws")
    baseline = run_period(ws, PERIOD, date(2018, 6, 5))
    old = ws.period_inputs(PERIOD) / "区发展改革规划局-旧.csv"
    old.write_bytes(csv_ledger("旧", status="不知道", percent="很多"))
    os.utime(old, (1514764800, 1514764800))  # older than the unit's real ledger
    result = run_period(ws, PERIOD, date(2018, 6, 5))
    assert result.errors == baseline.errors
    old_problems = [p for p in result.intake.problems if p.file == old.name]
    assert {"status-invalid", "percent-invalid"} <= {p.code for p in old_problems}  # still reported


def test_a_file_overwritten_while_the_month_is_read_is_archived_as_read(tmp_path):
    ws = copy_example(tmp_path / "ws")
    target = ws.period_inputs(PERIOD) / "区农办2018年5月工作台账.xlsx"
    original = target.read_bytes()

    def overwrite(path: Path) -> None:
        if path == target:
            target.write_bytes(b"overwritten by the unit while we were reading")

    run_period(ws, PERIOD, date(2018, 6, 5), on_file=overwrite)
    digest = hashlib.sha256(original).hexdigest()
    assert (ws.archive / digest[:2] / f"{digest}.xlsx").read_bytes() == original
    assert_archive_matches_names(ws.archive)
    with History(ws.db_url) as history:
        assert digest in {s.sha256 for s in history.submissions(period=PERIOD)}


def test_a_plan_with_several_mistakes_is_refused_with_all_of_them_located(tmp_path):
    path = tmp_path / "plan.xlsx"
    book = openpyxl.load_workbook(EXAMPLE_INPUTS / "plan.xlsx")
    tasks = book["重点任务"]
    tasks["A3"] = tasks["A2"].value  # duplicate 序号
    tasks["A4"] = "inf"
    units = book["责任单位"]
    units["B3"] = units["B2"].value  # one alias for two units
    info = book["方案信息"]
    row = next(r for r in range(1, info.max_row + 1) if info.cell(r, 1).value == "成文日期")
    info.cell(row, 2).value = "2018年4月3日"  # typed as text: accepted
    book.save(path)
    with pytest.raises(PlanError) as caught:
        read_plan(path)
    message = str(caught.value)
    assert "有 3 处问题" in message and "\n" not in message
    assert "重点任务!A3" in message and "重复" in message
    assert "重点任务!A4" in message and "inf" in message
    assert "责任单位!B3" in message and units["B2"].value in message
    assert "成文日期" not in message


def test_a_date_typed_as_text_is_read(tmp_path):
    path = tmp_path / "plan.xlsx"
    book = openpyxl.load_workbook(EXAMPLE_INPUTS / "plan.xlsx")
    info = book["方案信息"]
    row = next(r for r in range(1, info.max_row + 1) if info.cell(r, 1).value == "成文日期")
    info.cell(row, 2).value = "2018年4月3日"
    book.save(path)
    assert read_plan(path).info.issued_on == date(2018, 4, 3)


def _cli(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_a_damaged_history_and_a_number_no_column_holds_are_one_line_and_exit_2(tmp_path):
    ws = copy_example(tmp_path / "ws")
    run_period(ws, PERIOD, date(2018, 6, 5))
    size = ws.db_path.stat().st_size
    with ws.db_path.open("r+b") as db:  # damaged pages past the header, as a failing disk leaves them
        db.seek(4096 * 3)
        db.write(b"\xff" * (size - 4096 * 4))
    for args in (
        ("run", str(ws.root), "--period", PERIOD),
        ("history", str(ws.root)),
        ("trace", str(ws.root), "--period", PERIOD, "--task", "3"),
    ):
        done = _cli(*args)
        assert done.returncode == 2, (args, done.stderr)
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "损坏" in lines[0], done.stderr
    done = _cli("trace", str(ws.root), "--period", PERIOD, "--task", "99999999999999999999")
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_watch_runs_once_per_real_change_and_then_goes_idle(tmp_path):
    """The loop used to re-run every 3–4 s on its own read events; 12 s of quiet is three of those periods."""
    ws = Workspace(tmp_path)
    (ws.inputs / PERIOD).mkdir(parents=True)
    (ws.inputs / "plan.xlsx").write_bytes((EXAMPLE_INPUTS / "plan.xlsx").read_bytes())
    runs: list[RunResult | Exception] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(ws, runs.append, stop), kwargs={"settle": 0.5, "poll": 0.1})
    thread.start()
    try:
        time.sleep(0.5)
        target = ws.inputs / PERIOD / "区农办.xlsx"
        target.write_bytes((EXAMPLE_INPUTS / PERIOD / "区农办2018年5月工作台账.xlsx").read_bytes())
        deadline = time.monotonic() + 60
        while not runs and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(12)
        after_quiet = len(runs)
        os.utime(target)  # one real change
        deadline = time.monotonic() + 60
        while len(runs) == after_quiet and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(6)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert after_quiet == 1, runs
    assert len(runs) == 2, runs
    assert all(isinstance(r, RunResult) for r in runs), runs


def test_rows_that_repeat_the_same_unit_cells_are_each_resolved_and_each_wrong_one_located(tmp_path):
    """A row's parts are made once per combination of its unit cells' texts: rows repeating a combination get the
    same parts, and a combination naming a unit the plan does not list is reported on every row that uses it."""
    path = tmp_path / "plan.xlsx"
    book = openpyxl.load_workbook(EXAMPLE_INPUTS / "plan.xlsx")
    tasks = book["重点任务"]
    header = [c.value for c in tasks[1]]
    unit_col = header.index("责任单位") + 1
    last = tasks.max_row
    rows = [r for r in range(2, last + 1) if tasks.cell(r, header.index("重点工作任务") + 1).value]
    for r in rows[1:4]:
        tasks.cell(r, unit_col).value = "没有这个局"
    book.save(path)
    with pytest.raises(PlanError) as caught:
        read_plan(path)
    message = str(caught.value)
    column = openpyxl.utils.get_column_letter(unit_col)
    assert "有 3 处问题" in message
    assert all(f"重点任务!{column}{r}" in message for r in rows[1:4])

    fine = read_plan(EXAMPLE_INPUTS / "plan.xlsx")
    by_cells: dict[tuple[str, ...], tuple] = {}
    for task in fine.tasks:
        cells = (task.lead_units, task.co_units, task.implementing_units, task.unit)
        assert by_cells.setdefault(cells, task.assignments) == task.assignments
    assert len(by_cells) < len(fine.tasks)  # the example does repeat combinations
