"""`watch`: files dropped into inputs/<period>/ are processed once copying has finished, and stop is clean."""

from __future__ import annotations

import shutil
import threading
import time

from conftest import EXAMPLE_INPUTS

from generator.run import RunResult
from generator.watch import watch
from generator.workspace import Workspace


def test_a_dropped_file_is_processed_after_its_copy_finishes(tmp_path):
    ws = Workspace(tmp_path)
    (ws.inputs / "2018-05").mkdir(parents=True)
    shutil.copy(EXAMPLE_INPUTS / "plan.xlsx", ws.plan_path)
    runs: list[RunResult | Exception] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(ws, runs.append, stop), kwargs={"settle": 0.6, "poll": 0.1})
    thread.start()
    try:
        time.sleep(0.5)  # the observer is up
        source = (EXAMPLE_INPUTS / "2018-05" / "区农办2018年5月工作台账.xlsx").read_bytes()
        target = ws.inputs / "2018-05" / "区农办.xlsx"
        with target.open("wb") as out:  # a slow copy: half, a pause shorter than `settle`, the rest
            out.write(source[: len(source) // 2])
            out.flush()
            time.sleep(0.3)
            out.write(source[len(source) // 2 :])
        (ws.inputs / "2018-05" / "~$区农办.xlsx").write_bytes(b"lock")  # ignored
        deadline = time.monotonic() + 60
        while not runs and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert len(runs) == 1, runs
    result = runs[0]
    assert isinstance(result, RunResult)
    assert result.period == "2018-05" and result.files == 1
    assert not [p for p in result.problems if p.code == "file-unreadable"]  # the half-written file was not read
    assert (ws.outputs / "2018-05" / "附件1_工作台账.xlsx").exists()
    assert target.read_bytes() == source
