"""The history on a real SQLite file and a real PostgreSQL server: schema upgrades, versions, provenance,
idempotent runs, two clerks at once, and runs killed at random points."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_INPUTS, copy_example, fill_ledger
from docx import Document
from pg import fresh_database
from sqlalchemy import create_engine, inspect, text

from generator.atomic import is_temporary
from generator.cli import main
from generator.intake import ingest
from generator.progress import merge_month
from generator.run import run_period
from generator.store import History, schema
from generator.workspace import Workspace

TABLES = ("months", "submissions", "submission_rows", "task_progress", "indicator_values", "problems")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'history.sqlite'}"
        return
    url, drop = fresh_database()
    yield url
    drop()


def counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        out = {t: connection.execute(text(f"select count(*) from {t}")).scalar() for t in TABLES}
    engine.dispose()
    return out


def output_content(folder: Path) -> dict[str, object]:
    """What a reader sees in each output: cell values of every sheet, text of every paragraph and table."""
    content: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            content[str(path.relative_to(folder))] = {
                ws.title: [[c.value for c in row] for row in ws.iter_rows()]
                for ws in book.worksheets
                if ws.title != "回执"  # the receipt summary carries the time the file was received
            }
        elif path.suffix == ".docx":
            doc = Document(str(path))
            content[str(path.relative_to(folder))] = [p.text for p in doc.paragraphs] + [
                c.text for t in doc.tables for r in t.rows for c in r.cells
            ]
    return content


def test_a_workspace_of_taizhang_0_1_upgrades_in_place(db_url):
    engine = create_engine(db_url)
    schema.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))  # 0.1 made its tables without Alembic
        connection.execute(text("INSERT INTO months VALUES ('2018-04', 9, 4, 4, 1, 0, 0, 44.4, '2018-05-05 10:00:00')"))
        for _ in range(2):  # 0.1 could store a file twice
            connection.execute(
                text(
                    "INSERT INTO submissions (period, unit, file_name, sha256, modified, accepted) "
                    "VALUES ('2018-04', '区农村工作办公室', '区农办.xlsx', 'abc', '2018-05-01 09:00:00', true)"
                )
            )
    engine.dispose()
    result = CliRunner().invoke(main, ["db", "upgrade", str(EXAMPLE_INPUTS.parent), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert f"（旧版，无版本号） → {schema.head()}" in result.output
    with History(db_url) as history:
        assert schema.current(history.engine) == schema.head()
        assert "0005" <= schema.head()  # every later migration keeps the upgrade from 0.1 working
        assert history.previous("2018-05").completion_rate == 44.4
        assert history.issue_number("2018-05") == 2  # numbering continues from the old months
        [old] = history.submissions()
        assert (old.file_name, old.status) == ("区农办.xlsx", "采用")
        assert "submission_rows" in inspect(history.engine).get_table_names()


def _resubmit(plan, ws: Workspace) -> Path:
    """区国土建设环保局 sends a corrected ledger a day later: task 3 now done."""
    path = fill_ledger(
        plan,
        "区国土建设环保局",
        "2018-05",
        ws.period_inputs("2018-05") / "区国土建设环保局-5月台账（修改）.xlsx",
        tasks={
            2: {"进展情况": "全部完工", "完成状态": "已完成", "完成百分比": 100},
            3: {"进展情况": "补偿机制文件已印发", "完成状态": "已完成", "完成百分比": 100},
        },
        indicators={n: {"指标当前值": v} for n, v in {2: 30, 5: 86, 7: 91, 14: 86}.items()},
    )
    later = time.time() + 86400
    os.utime(path, (later, later))
    return path


def test_a_resubmission_supersedes_and_both_stay_in_history(db_url, plan, tmp_path):
    ws = Workspace(copy_example(tmp_path).root, db_url)
    first = run_period(ws, "2018-05", date(2018, 6, 5))
    assert first.month.completion_rate == 77.8
    _resubmit(plan, ws)
    second = run_period(ws, "2018-05", date(2018, 6, 5))
    assert second.month.completion_rate == 88.9
    files = openpyxl.load_workbook(ws.period_outputs("2018-05") / "校验报告.xlsx")["收件情况"]
    rows = files.iter_rows(min_row=4, values_only=True)
    superseded = next(r for r in rows if r[1] == "区国土建设环保局-5月台账.xlsx")
    assert superseded[3] == "否" and "（修改）.xlsx" in superseded[7]  # the report says which file counts
    assert (ws.root / superseded[8]).is_file()  # and the superseded one is archived
    with History(db_url) as history:
        sent = history.submissions(unit="区国土建设环保局", period="2018-05")
        assert [(s.file_name, s.status) for s in sent] == [
            ("区国土建设环保局-5月台账.xlsx", "被取代"),
            ("区国土建设环保局-5月台账（修改）.xlsx", "采用"),
        ]
        assert "以其为准" in sent[0].note
        trace = history.trace("2018-05", "task", 3)
    assert [(t.file_name, t.counted) for t in trace] == [
        ("区国土建设环保局-5月台账.xlsx", False),
        ("区国土建设环保局-5月台账（修改）.xlsx", True),
    ]
    cells = {c.column: (c.cell, c.value) for c in trace[1].cells}
    assert cells["完成状态"] == ("重点任务!G5", "已完成") and cells["完成百分比"] == ("重点任务!H5", "100")


def test_the_same_inputs_twice_give_the_same_history_and_outputs(db_url, tmp_path):
    ws = Workspace(copy_example(tmp_path).root, db_url)
    run_period(ws, "2018-04", date(2018, 5, 5))
    run_period(ws, "2018-05", date(2018, 6, 5))
    before_counts, before_outputs = counts(db_url), output_content(ws.outputs)
    again = run_period(ws, "2018-05", date(2018, 6, 5))
    assert again.issue_no == 2
    assert counts(db_url) == before_counts
    assert output_content(ws.outputs) == before_outputs
    assert before_counts["task_progress"] == 18 and before_counts["submissions"] == 7


def _run_command(root: Path, db_url: str, period: str = "2018-05") -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "run",
            str(root),
            "--period",
            period,
            "--date",
            "2018-06-05",
            "--db",
            db_url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_clerks_running_the_same_month_at_once(db_url, tmp_path, plan):
    """Two offices' copies of the workspace, one shared database, started at the same moment."""
    senders = ("区农村工作办公室", "区国土建设环保局", "区发展改革规划局")
    rows_sent = sum(len(plan.tasks_of(u)) + len(plan.indicators_of(u)) for u in senders)
    clerks = [copy_example(tmp_path / name) for name in ("甲", "乙")]
    for ws in clerks:  # May only: `run` would store April first, and the counts below are May's
        shutil.rmtree(ws.inputs / "2018-04")
    processes = [_run_command(ws.root, db_url) for ws in clerks]
    outcomes = [(p.wait(timeout=300), p.stderr.read().decode()) for p in processes]
    assert [code for code, _ in outcomes] == [0, 0], outcomes  # 0: documents written (problems are reported)
    assert counts(db_url) | {"problems": 0} == {
        "months": 1,
        "submissions": 3,
        "submission_rows": rows_sent,
        "task_progress": 9,
        "indicator_values": 19,
        "problems": 0,
    }
    with History(db_url) as history:
        assert [s.status for s in history.submissions(period="2018-05")] == ["采用"] * 3


def _consistent(db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.connect() as db:
        months = db.execute(text("select count(*) from months where period = '2018-05'")).scalar()
        tasks = db.execute(text("select count(*) from task_progress where period = '2018-05'")).scalar()
        indicators = db.execute(text("select count(*) from indicator_values where period = '2018-05'")).scalar()
        duplicates = db.execute(
            text(
                "select count(*) from (select period, sha256, file_name from submissions "
                "group by period, sha256, file_name having count(*) > 1) d"
            )
        ).scalar()
    engine.dispose()
    assert (months, tasks, indicators) in ((0, 0, 0), (1, 9, 19)), (months, tasks, indicators)
    assert duplicates == 0


def _readable(folder: Path) -> int:
    """Open every output; a killed run's half-written temporary is not an output (the next run removes it)."""
    files = [p for p in folder.rglob("*") if p.suffix in (".xlsx", ".docx") and not is_temporary(p)]
    for path in files:
        if path.suffix == ".xlsx":
            openpyxl.load_workbook(path).close()
        else:
            Document(str(path))
    return len(files)


KILLS = int(os.environ.get("TAIZHANG_KILL_RUNS", "8"))


def test_runs_killed_at_random_points_leave_everything_usable(db_url, tmp_path):
    ws = copy_example(tmp_path)
    url = db_url
    assert _run_command(ws.root, url).wait(timeout=300) == 0
    before = output_content(ws.outputs)
    files = _readable(ws.outputs)
    rng = random.Random(20180605)
    killed = 0
    for _ in range(KILLS):
        process = _run_command(ws.root, url)
        time.sleep(rng.uniform(0.3, 4.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=60)
        assert _readable(ws.outputs) >= files  # every earlier output still opens
        _consistent(url)
    print(f"\nkill test ({url.split(':')[0]}): {KILLS} runs, {killed} killed mid-way, 0 failures")
    assert _run_command(ws.root, url).wait(timeout=300) == 0  # the next run completes normally
    assert output_content(ws.outputs) == before
    assert not [p for p in ws.outputs.rglob("*") if is_temporary(p)]
    _consistent(url)


def test_history_and_trace_commands(tmp_path, plan):
    ws = copy_example(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(ws.root), "-p", "2018-05", "--date", "2018-06-05"]).exit_code == 0
    _resubmit(plan, ws)
    assert runner.invoke(main, ["run", str(ws.root), "-p", "2018-05", "--date", "2018-06-05"]).exit_code == 0
    result = runner.invoke(main, ["history", str(ws.root), "--unit", "区国土建设环保局", "--period", "2018-05"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()[2:]  # under the header and its rule
    assert len(lines) == 2 and "被取代" in lines[0] and "采用" in lines[1] and "（修改）" in lines[1]
    april = runner.invoke(main, ["history", str(ws.root), "--unit", "区国土建设环保局", "--period", "2018-04"])
    assert len(april.output.strip().splitlines()) == 3  # April was stored first by the May run
    result = runner.invoke(main, ["trace", str(ws.root), "--period", "2018-05", "--task", "3"])
    assert result.exit_code == 0, result.output
    assert "★ 采用  区国土建设环保局-5月台账（修改）.xlsx" in result.output
    assert "完成状态   重点任务!G5" in result.output
    result = runner.invoke(main, ["trace", str(ws.root), "--period", "2018-05", "--task", "3", "--indicator", "2"])
    assert result.exit_code == 2
    assert runner.invoke(main, ["history", str(ws.root), "--unit", "不存在的局"]).exit_code == 2


def test_unreachable_database_is_one_clear_line(tmp_path):
    ws = copy_example(tmp_path)
    result = CliRunner().invoke(
        main, ["run", str(ws.root), "-p", "2018-05", "--db", "postgresql+psycopg://nobody:x@127.0.0.1:1/none"]
    )
    assert result.exit_code == 2
    assert result.output.startswith("错误：无法打开历史数据库 postgresql+psycopg://***@127.0.0.1:1/none")
    shutil.rmtree(ws.root)


def test_a_history_of_one_unit_per_task_upgrades_to_rows_per_task_and_unit(db_url):
    """A workspace at schema 0002 (one row per task) keeps its months: each row becomes its unit's part, as lead,
    and a shared task can then store a row for each of its units."""
    engine = create_engine(db_url)
    schema.upgrade(engine, "0002")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO task_progress (period, task_no, unit, status, effective, percent, days_overdue, "
                "progress, file_name) VALUES ('2018-04', 3, '区国土建设环保局', '正在推进', '按序时推进', 60, 0, "
                "'推进中', 'a.xlsx')"
            )
        )
    engine.dispose()
    result = CliRunner().invoke(main, ["db", "upgrade", str(EXAMPLE_INPUTS.parent), "--db", db_url])
    assert result.exit_code == 0 and f"0002 → {schema.head()}" in result.output, result.output
    with History(db_url) as history:
        assert history.unit_trends("2018-04") == {"区国土建设环保局": [("2018-04", 60.0, 0.0)]}
        with history.engine.begin() as connection:
            role = connection.execute(text("SELECT role FROM task_progress")).scalar()
            connection.execute(  # a second unit on the same task and month is now allowed
                text(
                    "INSERT INTO task_progress (period, task_no, unit, status, effective, percent, days_overdue, "
                    "progress, file_name, role, required) VALUES ('2018-04', 3, '区农村工作办公室', '', '未报送', "
                    "NULL, 0, '', '', '落实', TRUE)"
                )
            )
        assert role == "牵头"
        # the unit that reported nothing has a gap, not a 0
        assert history.unit_trends("2018-04")["区农村工作办公室"] == [("2018-04", None, 0.0)]


def _table(url: str, name: str, columns: str) -> list[tuple]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = sorted(tuple(r) for r in connection.execute(text(f"select {columns} from {name}")))
    engine.dispose()
    return rows


FIGURES = {  # every column but ids and times
    "months": "period, total, done, on_schedule, lagging, not_started, not_reported, completion_rate, issue_no",
    "task_progress": "period, task_no, unit, status, effective, percent, days_overdue, progress, file_name, source, "
    "role, required",
    "indicator_values": "period, indicator_no, unit, value, value_text, attainment, file_name, source, role",
    "problems": "period, code, severity, file_name, sheet, cell, unit, message, hint",
}


def test_saving_a_month_again_replaces_its_rows(db_url, plan, tmp_path):
    """Saved in bulk, a month saved again after a file left holds exactly what saving only the second state gives
    (no row twice, none left over), and the first state's files stay, marked as gone."""
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLE_INPUTS / "2018-05", folder)
    first = ingest(folder, plan, "2018-05", None)
    (folder / "区农办2018年5月工作台账.xlsx").unlink()
    second = ingest(folder, plan, "2018-05", None)
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    with History(db_url) as history, History(fresh) as only_second:
        history.save_run(merge_month(plan, first), first, 1)
        history.save_run(merge_month(plan, second), second, 1)
        history.save_run(merge_month(plan, second), second, 1)
        only_second.save_run(merge_month(plan, second), second, 1)
        gone = {s.file_name: s.status for s in history.submissions(period="2018-05")}
        trace = history.trace("2018-05", "task", 1)
    for table, columns in FIGURES.items():
        rows = _table(db_url, table, columns)
        kept = [r for r in rows if "区农办2018年5月工作台账.xlsx" not in r]  # a file gone keeps its own problems
        assert kept and kept == _table(fresh, table, columns), table
        assert len(rows) == len(set(rows)), table
    assert gone["区农办2018年5月工作台账.xlsx"] == "已移出" and len(gone) == 3
    left = next(c for c in first.checked if c.submission.file_name == "区农办2018年5月工作台账.xlsx")
    its_rows = sum(len(rows) for rows in left.submission.rows.values())
    assert its_rows and counts(db_url)["submission_rows"] == counts(fresh)["submission_rows"] + its_rows
    assert trace and all(c.cell.startswith("重点任务!") for t in trace for c in t.cells)


def _month_before_and_after_a_resend(plan, tmp_path):
    """May's files read, then read again after 区国土建设环保局 resent its ledger a day later (task 3 done)."""
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLE_INPUTS / "2018-05", folder)
    first = ingest(folder, plan, "2018-05", None)
    resent = fill_ledger(
        plan,
        "区国土建设环保局",
        "2018-05",
        folder / "区国土建设环保局-5月台账（修改）.xlsx",
        tasks={3: {"进展情况": "补偿机制文件已印发", "完成状态": "已完成", "完成百分比": 100}},
        indicators={5: {"指标当前值": 86}},
    )
    later = time.time() + 86400
    os.utime(resent, (later, later))
    second = ingest(folder, plan, "2018-05", None)
    return first, second


def test_saving_a_month_again_rewrites_only_the_rows_that_changed(db_url, plan, tmp_path):
    """A unit resends: its changed rows are stored anew, every other (task, unit) row is left as it was (same id),
    and the month holds what storing only the second state gives."""
    first, second = _month_before_and_after_a_resend(plan, tmp_path)
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    ids = "id, period, task_no, unit, progress"
    with History(db_url) as history, History(fresh) as only_second:
        history.save_run(merge_month(plan, first), first, 1)
        before = {r[1:]: r[0] for r in _table(db_url, "task_progress", ids)}
        history.save_run(merge_month(plan, second), second, 1)
        only_second.save_run(merge_month(plan, second), second, 1)
    after = {r[1:]: r[0] for r in _table(db_url, "task_progress", ids)}
    kept = {key for key in after if before.get(key) == after[key]}
    changed = set(after) - kept
    assert kept and changed and all(unit == "区国土建设环保局" for _, _, unit, _ in changed)
    assert ("2018-05", 3, "区国土建设环保局", "补偿机制文件已印发") in changed
    assert len(kept) >= len(after) - len(
        [t for t in plan.tasks if any(a.unit == "区国土建设环保局" for a in t.assignments)]
    )
    for table in ("task_progress", "indicator_values", "months"):
        assert _table(db_url, table, FIGURES[table]) == _table(fresh, table, FIGURES[table]), table


def test_a_month_stored_again_looks_only_at_the_units_whose_figures_changed(db_url, plan, tmp_path):
    """Each unit's rows have a digest: after one unit resends, only its digest changes (the others' rows are not
    even read); a history without digests (stored before them) is compared row by row and ends the same."""
    first, second = _month_before_and_after_a_resend(plan, tmp_path)
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    with History(db_url) as history, History(fresh) as only_second:
        history.save_run(merge_month(plan, first), first, 1)
        before = dict(_table(db_url, "unit_digests", "unit, digest"))
        history.save_run(merge_month(plan, second), second, 1)
        after = dict(_table(db_url, "unit_digests", "unit, digest"))
        only_second.save_run(merge_month(plan, second), second, 1)
        units = {a.unit for t in plan.tasks for a in t.assignments} | {i.unit for i in plan.indicators}
        assert set(before) == set(after) == units
        assert {u for u in after if after[u] != before[u]} == {"区国土建设环保局"}
        engine = create_engine(db_url)
        with engine.begin() as connection:
            connection.execute(text("delete from unit_digests"))
            connection.execute(text("update task_progress set progress = '改过' where unit = '区农村工作办公室'"))
        engine.dispose()
        history.save_run(merge_month(plan, second), second, 1)
    assert dict(_table(db_url, "unit_digests", "unit, digest")) == after
    for table in ("task_progress", "indicator_values"):
        assert _table(db_url, table, FIGURES[table]) == _table(fresh, table, FIGURES[table]), table


def test_a_unit_that_left_the_month_loses_its_rows_when_the_month_is_stored_again(db_url, plan, tmp_path):
    """A unit with stored rows and a digest, no longer in the month (the plan dropped it): storing the month again
    compares every unit and deletes that unit's rows; every other row is what a fresh store gives."""
    intake = ingest(EXAMPLE_INPUTS / "2018-05", plan, "2018-05", None)
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    with History(db_url) as history, History(fresh) as only:
        history.save_run(merge_month(plan, intake), intake, 1)
        only.save_run(merge_month(plan, intake), intake, 1)
        engine = create_engine(db_url)
        with engine.begin() as connection:
            for sql in (
                "insert into task_progress (period, task_no, unit, status, effective, days_overdue, progress, "
                "file_name) values ('2018-05', 1, '已撤销的局', '', '未报送', 0, '', '')",
                "insert into unit_digests (period, unit, digest) values ('2018-05', '已撤销的局', 'x')",
            ):
                connection.execute(text(sql))
        engine.dispose()
        history.save_run(merge_month(plan, intake), intake, 1)
    assert "已撤销的局" not in {r[0] for r in _table(db_url, "task_progress", "unit")}
    assert "已撤销的局" not in {r[0] for r in _table(db_url, "unit_digests", "unit")}
    for table in ("task_progress", "indicator_values", "unit_digests"):
        columns = FIGURES.get(table, "period, unit, digest")
        assert _table(db_url, table, columns) == _table(fresh, table, columns), table


def test_the_head_a_database_is_checked_against_is_alembics_head():
    """History skips Alembic for a database already at schema.HEAD: HEAD must be the newest migration."""
    from generator.store import schema

    assert schema.HEAD == schema.head()


def test_a_history_in_memory_is_stored_by_the_run(tmp_path):
    """The run stores the month through its own connection while the annexes are written in another process: a
    history that exists only in this process's memory is stored all the same."""
    ws = Workspace(copy_example(tmp_path / "ws").root, "sqlite://")
    result = run_period(ws, "2018-05", date(2018, 6, 5))
    assert result.issue_no == 1 and not [p for p in result.problems if p.code == "output-failed"]
    assert (ws.period_outputs("2018-05") / "附件1_工作台账.xlsx").exists()
