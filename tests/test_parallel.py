"""generator/parallel.py: work spread over processes comes back whole, in order, with its failures."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.parallel import both, map_all


def _pid_or_fail(n: int) -> tuple[int, int]:
    if n % 7 == 3:
        raise ValueError(f"job {n} fails")
    return n, os.getpid()


def test_map_all_keeps_the_order_and_each_failure_and_uses_other_processes():
    results = map_all(_pid_or_fail, list(range(50)), parallel_from=10)
    assert [r[0] if isinstance(r, tuple) else str(r) for r in results] == [
        f"job {n} fails" if n % 7 == 3 else n for n in range(50)
    ]
    assert {r[1] for r in results if isinstance(r, tuple)} - {os.getpid()}  # some done by a worker


def test_map_all_below_its_threshold_works_here():
    results = map_all(_pid_or_fail, [0, 1, 2], parallel_from=10)
    assert results == [(0, os.getpid()), (1, os.getpid()), (2, os.getpid())]


def test_both_runs_the_first_branch_in_another_process_at_the_same_time(tmp_path):
    here = os.getpid()
    flag = tmp_path / "second started"

    def first() -> int:
        for _ in range(500):  # waits until the second branch has started: they run at the same time
            if flag.exists():
                return os.getpid()
            time.sleep(0.01)
        raise AssertionError("the second branch never started while the first ran")

    def second() -> int:
        flag.write_text("yes")
        return os.getpid()

    done_first, done_second = both(first, second)
    assert done_second == here and done_first != here


def test_an_error_in_the_first_branch_is_raised_here_after_the_second_is_done(tmp_path):
    def first() -> None:
        raise FileNotFoundError(2, "没有这个文件", "附件1.xlsx")

    def second() -> None:
        (tmp_path / "second").write_text("done")

    with pytest.raises(FileNotFoundError) as caught:
        both(first, second)
    assert (tmp_path / "second").read_text() == "done"
    assert caught.value.errno == 2 and caught.value.filename == "附件1.xlsx"  # the error as it was raised there


def test_an_error_here_stops_the_first_branch(tmp_path):
    late = tmp_path / "written late"

    def first() -> None:
        time.sleep(20)
        late.write_text("the branch went on")

    def second() -> None:
        raise KeyError("这里出错")

    with pytest.raises(KeyError):
        both(first, second)
    assert not late.exists()  # stopped and reaped before the call returned (else it would have waited 20 s)


def test_a_branch_whose_process_dies_is_done_here():
    here = os.getpid()

    def first() -> int:
        if os.getpid() != here:
            os._exit(9)  # as if the system had killed it
        return os.getpid()

    assert both(first, lambda: "second") == (here, "second")


def test_a_result_that_does_not_pickle_comes_back_as_an_error():
    with pytest.raises(RuntimeError):
        both(threading.Lock, lambda: None)


def test_with_a_thread_running_both_branches_run_here_one_after_the_other():
    here, order = os.getpid(), []
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:

        def first() -> int:
            order.append("first")
            return os.getpid()

        def second() -> int:
            order.append("second")
            return os.getpid()

        assert both(first, second) == (here, here)
        assert order == ["second", "first"]
    finally:
        stop.set()
        helper.join()


_KILLED_PARENT = """
import os, sys, time
from pathlib import Path
from generator.parallel import both

def first():
    Path(sys.argv[1]).write_text(str(os.getpid()))
    time.sleep(30)
    Path(sys.argv[2]).write_text("the branch went on")

def second():
    while not Path(sys.argv[1]).exists():
        time.sleep(0.01)
    os.kill(os.getpid(), 9)  # the run is killed while its other branch works

both(first, second)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_branch_ends_when_the_run_that_forked_it_is_killed(tmp_path):
    pid_file, late = tmp_path / "pid", tmp_path / "late"
    run = subprocess.run([sys.executable, "-c", _KILLED_PARENT, str(pid_file), str(late)], check=False, timeout=60)
    assert run.returncode == -9
    branch = int(pid_file.read_text())
    for _ in range(500):  # the kernel ends it at once; allow for a slow machine
        if not Path(f"/proc/{branch}").exists() or "Z" in Path(f"/proc/{branch}/stat").read_text().split()[2]:
            break
        time.sleep(0.01)
    else:
        raise AssertionError("the forked branch outlived the run that was killed")
    assert not late.exists()
