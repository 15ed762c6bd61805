"""A large batch is read and checked over two processes (intake.PARALLEL_FILES): it gives what reading the files
one after another gives, bad files included, and fills the cache and the archive the same way."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from conftest import EXAMPLE_INPUTS

from generator import intake
from generator.cache import ContentCache, file_hash

PIDS: list[Path] = []  # where the test's reader notes which process read a file (inherited by forked workers)


def noting_reader(path: Path):
    """intake's reader, noting the process it ran in."""
    (PIDS[0] / str(os.getpid())).touch()
    return READ(path)


READ = intake._read_and_check


def batch(folder: Path) -> Path:
    """The example's three ledgers, each also under other names, and files that cannot be used."""
    shutil.copytree(EXAMPLE_INPUTS / "2018-05", folder)
    for n, path in enumerate(sorted(folder.glob("*.xlsx"))):
        for copy in range(3):
            shutil.copy(path, folder / f"副本{n}-{copy}.xlsx")
    (folder / "坏文件.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "表格.et").write_bytes(b"\xd0\xcf\x11\xe0 wps")
    (folder / "空.csv").write_bytes(b"")
    return folder


def summary(found: intake.Intake) -> tuple:
    return (
        [c.submission.file_name for c in found.checked],
        [(c.unit, sorted(c.tasks), sorted(c.indicators)) for c in found.checked],
        [(p.code, p.file, p.sheet, p.cell, p.message) for p in found.problems],
        {unit: c.submission.file_name for unit, c in found.accepted.items()},
        found.missing_units,
        sorted(found.parsed),
    )


def test_a_batch_read_over_two_processes_is_the_batch_read_here(tmp_path, plan, monkeypatch):
    assert threading.active_count() == 1, "a test thread would keep the batch in this process"
    folder = batch(tmp_path / "in")
    seen: list[Path] = []
    here = intake.ingest(folder, plan, "2018-05", on_file=seen.append)
    assert len(here.checked) == 3 * 4 + 3 and sorted(seen) == sorted(folder.iterdir())

    PIDS[:] = [tmp_path / "pids"]
    PIDS[0].mkdir()
    monkeypatch.setattr(intake, "_read_and_check", noting_reader)
    monkeypatch.setattr(intake, "PARALLEL_FILES", 2)
    plan_key = file_hash(EXAMPLE_INPUTS / "plan.xlsx")
    cache, archive = ContentCache(tmp_path / "ws"), tmp_path / "archive"
    seen.clear()
    spread = intake.ingest(
        folder, plan, "2018-05", archive=archive, cache=cache, plan_key=plan_key, on_file=seen.append
    )
    assert summary(spread) == summary(here)
    assert sorted(seen) == sorted(folder.iterdir())
    readers = {int(p.name) for p in PIDS[0].iterdir()}
    assert os.getpid() in readers and len(readers) == 2  # read here and in one worker process at the same time
    assert len(list(archive.rglob("*.*"))) >= 3  # the ledgers' bytes, archived by whichever process read them

    again = intake.ingest(folder, plan, "2018-05", archive=archive, cache=cache, plan_key=plan_key)
    assert summary(again)[:-1] == summary(here)[:-1]
    assert again.parsed == []  # every file came from the cache the workers filled


@pytest.fixture(autouse=True)
def _forget_pids():
    yield
    PIDS.clear()
