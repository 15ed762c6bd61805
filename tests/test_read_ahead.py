"""A cold run reads the plan in a process of its own while it reads the month's files as far as they can be read
without the plan (intake.read_ahead, plan.reading.PlanReading). What the month is made of does not change: every kind of
file, hostile ones included, gives what reading it after the plan gave; nothing is written before the plan is known
to be ready; and a plan that cannot be read stops the run with the message it always had."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLE_INPUTS, copy_example, tree_digest
from test_hostile import PERIOD, assert_archive_matches_names, build_zoo, csv_ledger
from test_intake_parallel import summary

from generator import intake, run
from generator.cache import ContentCache, file_hash, key_of
from generator.errors import TaizhangError
from generator.ledger.files import Limits
from generator.plan import read_plan, reading
from generator.run import run_period


def hostile_folder(root: Path, plan) -> Path:
    """The example's ledgers beside the hostile zoo: broken, encrypted, panicking, odd and linked files."""
    folder = root / "in"
    shutil.copytree(EXAMPLE_INPUTS / PERIOD, folder)
    for name, data in build_zoo(plan, root / "scratch").items():
        (folder / name).write_bytes(data)
    outside = root / "outside.csv"
    outside.write_bytes(csv_ledger("工作区外的文件"))
    (folder / "区财政局.csv").symlink_to(outside)
    (folder / "超大.csv").write_bytes(csv_ledger("大") + b"x" * 300_000)
    return folder


LIMITS = Limits(max_uncompressed_bytes=200_000)  # 超大.csv is refused unread, as any file over the limit


def test_every_kind_of_file_read_ahead_gives_what_it_gives_read_after_the_plan(tmp_path, plan):
    folder = hostile_folder(tmp_path, plan)
    plan_key = file_hash(EXAMPLE_INPUTS / "plan.xlsx")
    alone = intake.ingest(folder, plan, PERIOD, LIMITS, archive=tmp_path / "a1", cache=ContentCache(tmp_path / "c1"))

    cache, archive = ContentCache(tmp_path / "c2"), tmp_path / "a2"
    ahead = intake.read_ahead(folder, PERIOD, LIMITS, cache, plan_key)
    assert not archive.exists() and not cache.folder.exists()  # read ahead: nothing written yet
    assert set(ahead.opened) == {p for p in folder.iterdir() if not p.is_symlink()}  # a link is left to ingest
    assert ahead.opened[folder / "超大.csv"].sheets is None
    seen: list[Path] = []
    first = intake.ingest(folder, plan, PERIOD, LIMITS, seen.append, archive, cache, plan_key, ahead)
    assert summary(first)[:-1] == summary(alone)[:-1]
    assert sorted(seen) == sorted(folder.iterdir())
    assert first.parsed == summary(alone)[0]  # every file was parsed (ahead) and checked
    assert sorted(p.name for p in archive.rglob("*.*")) == sorted(p.name for p in (tmp_path / "a1").rglob("*.*"))
    assert_archive_matches_names(archive)

    # The next run finds the checks in the cache while it reads ahead, and archives what it read again.
    shutil.rmtree(archive)
    again_ahead = intake.read_ahead(folder, PERIOD, LIMITS, cache, plan_key)
    assert again_ahead.checked and not archive.exists()
    again = intake.ingest(folder, plan, PERIOD, LIMITS, None, archive, cache, plan_key, again_ahead)
    assert summary(again)[:-1] == summary(alone)[:-1]
    links = {p.name for p in folder.iterdir() if p.is_symlink()}
    assert set(again.parsed) == {p.name for p in again_ahead.opened} | links  # what the cache could not hold
    assert sorted(p.name for p in archive.rglob("*.*")) == sorted(p.name for p in (tmp_path / "a1").rglob("*.*"))


def test_files_are_taken_as_read_ahead_and_a_read_for_another_plan_is_not_taken(tmp_path, plan):
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLE_INPUTS / PERIOD, folder)
    target = folder / "区农办2018年5月工作台账.xlsx"
    plan_key = file_hash(EXAMPLE_INPUTS / "plan.xlsx")
    ahead = intake.read_ahead(folder, PERIOD, None, None, plan_key)
    original = target.read_bytes()
    target.write_bytes(b"saved over after it was read ahead")

    taken = intake.ingest(folder, plan, PERIOD, archive=tmp_path / "archive", plan_key=plan_key, ahead=ahead)
    checked = next(c for c in taken.checked if c.submission.path == target)
    assert checked.submission.usable and checked.tasks  # the bytes read ahead, parsed then
    archived = [p.read_bytes() for p in (tmp_path / "archive").rglob("*.xlsx")]
    assert original in archived and b"saved over after it was read ahead" not in archived

    for other in ("2018-04", PERIOD):  # another month, or (below) another plan: read afresh
        key = plan_key if other != PERIOD else "another plan"
        stale = intake.read_ahead(folder, other, None, None, key)
        target.write_bytes(b"saved over again")
        fresh = intake.ingest(folder, plan, PERIOD, plan_key=plan_key, ahead=stale)
        checked = next(c for c in fresh.checked if c.submission.path == target)
        assert not checked.submission.usable and checked.submission.problems[0].code == "file-unreadable"
        target.write_bytes(original)


PIDS: list[int] = []


def test_a_cold_run_reads_the_plan_in_another_process_and_keeps_it_for_the_next(tmp_path, monkeypatch):
    ws = copy_example(tmp_path / "ws")
    read_here = reading.read_plan
    pipe_out, pipe_in = os.pipe()

    def noting(path: Path):
        os.write(pipe_in, f"{os.getpid()}\n".encode())
        return read_here(path)

    monkeypatch.setattr(reading, "read_plan", noting)
    result = run_period(ws, PERIOD, date(2018, 6, 5))
    os.close(pipe_in)
    with os.fdopen(pipe_out) as readers:
        pids = [int(line) for line in readers]
    assert pids and os.getpid() not in pids  # read in another process only
    assert result.intake is not None and len(result.intake.parsed) == 3

    kept = ContentCache(ws.root).get("plan", key_of("plan", file_hash(ws.plan_path)))
    assert kept == read_here(ws.plan_path)
    monkeypatch.setattr(reading, "read_plan", lambda path: pytest.fail("the plan was kept: not read again"))
    (ws.period_outputs(PERIOD) / run.output_names(result.issue_no)["bulletin"]).unlink()  # a run that writes
    again = run_period(ws, PERIOD, date(2018, 6, 5))  # the plan and the checks from the cache: nothing read ahead
    assert [p.message for p in again.problems] == [p.message for p in result.problems] and result.errors == 1


@pytest.mark.parametrize("damage", ["not a workbook", "a sheet missing"])
def test_a_plan_that_cannot_be_read_stops_the_run_with_its_own_message_and_nothing_written(tmp_path, damage):
    ws = copy_example(tmp_path / "ws")
    if damage == "not a workbook":
        ws.plan_path.write_bytes(b"PK\x03\x04 not a workbook")
    else:
        import openpyxl

        book = openpyxl.load_workbook(ws.plan_path)
        del book["重点任务"]
        book.save(ws.plan_path)
    with pytest.raises(TaizhangError) as read_directly:
        read_plan(ws.plan_path)
    before = tree_digest(ws.root)
    with pytest.raises(TaizhangError) as by_the_run:
        run_period(ws, PERIOD, date(2018, 6, 5))
    assert str(by_the_run.value) == str(read_directly.value)
    written = {name for name in tree_digest(ws.root) if name not in before}
    assert not [name for name in written if not name.startswith((".taizhang-cache", "taizhang."))], written
    assert not ws.archive.exists() and not ws.period_outputs(PERIOD).exists()
