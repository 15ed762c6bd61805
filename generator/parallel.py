"""Many jobs of one kind (files received, 回执, 督办通知) done over two processes; each job's failure comes back as
its exception, so the batch goes on and the caller reports it.

Workers are forked: a fresh ("spawn") process imports the caller's main module again, which runs an unguarded script
a second time. Forking is safe only with no other thread running (one might hold a lock the child inherits locked),
so with threads (the portal), or where there is no fork (Windows), the jobs are done here, one after another; so are
those a dead worker left. A forked worker prepares its own templates (documents/docx.py keeps them per process) and
sees what the caller set up before the call (the plan files are checked against): only jobs and results travel.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, NoReturn, TypeVar

WORKERS = 2  # the machines offices have; more processes only fight over the disk
Job = TypeVar("Job")
Result = TypeVar("Result")


def run_all(
    work: Callable[[Job], object], jobs: Sequence[Job], parallel_from: int, workers: int | None = None
) -> list[Exception | None]:
    """Do `work(job)` for every job; for each, None or the exception that stopped it. From `parallel_from` jobs on
    they are spread over the worker processes (`work` and the jobs must pickle: a module-level function and data)."""
    return [r if isinstance(r, Exception) else None for r in map_all(work, jobs, parallel_from, workers)]


def map_all(
    work: Callable[[Job], Result], jobs: Sequence[Job], parallel_from: int, workers: int | None = None
) -> list[Result | Exception]:
    """`work(job)` for every job, in the jobs' order: its result, or the exception that stopped it (the result
    must pickle too)."""
    workers = min(WORKERS, os.cpu_count() or 1) if workers is None else workers
    results: list[object] = [_NOT_DONE] * len(jobs)
    if workers > 1 and len(jobs) >= parallel_from and _can_fork():
        context = multiprocessing.get_context("fork")
        # This process takes the first share itself rather than wait: one process fewer holding a copy of what it
        # touches of the month (a worker's copy was about 180 MB at a province's scale).
        share = len(jobs) // workers
        try:
            with ProcessPoolExecutor(workers - 1, mp_context=context) as pool:
                chunk = max(1, min(64, (len(jobs) - share) // ((workers - 1) * 8)))
                calls = [(work, job) for job in jobs[share:]]
                done_there = pool.map(_do_or_error, calls, chunksize=chunk)  # submitted now, collected below
                for i in range(share):
                    results[i] = _do_or_error((work, jobs[i]))
                for i, outcome in enumerate(done_there, start=share):
                    results[i] = outcome
        except (BrokenProcessPool, OSError, pickle.PicklingError):
            pass  # whatever was not done yet is done below
    for i, job in enumerate(jobs):
        if results[i] is _NOT_DONE:
            results[i] = _do_or_error((work, job))
    return results  # type: ignore[return-value]


_NOT_DONE = object()


def _can_fork() -> bool:
    """Fork exists here and no other thread runs (one might hold a lock the child would inherit locked)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _die_with(parent: int) -> None:
    """A forked branch ends when the process that forked it is killed (Linux: PR_SET_PDEATHSIG), so that a run
    stopped with kill does not go on writing documents and history, holding the workspace's lock, behind it."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: the branch finishes its work and ends
    if os.getppid() != parent:  # killed before the request took effect
        os._exit(1)


def _do_or_error(call: tuple[Callable, object]) -> object:
    work, job = call
    try:
        return work(job)
    except Exception as exc:
        try:
            pickle.dumps(exc)
            return exc
        except Exception:  # the exception must come back from a worker process
            return RuntimeError(f"{exc.__class__.__name__}：{exc}")


First = TypeVar("First")
Second = TypeVar("Second")


class Forked(Generic[First]):
    """`work()` started in a forked process now; `result()` waits for its result (which must pickle) later.

    For work that needs only what exists when it starts (the plan's notice, while the month's files are read and
    merged). Without fork (Windows, or threads running: the portal), `work()` is done by `result()` here, as it is
    when the forked process dies. An exception in `work` is raised by `result()`; `cancel()` stops the process (a
    run that fails before it needs the result)."""

    def __init__(self, work: Callable[[], First]) -> None:
        self.work = work
        self.pid = 0
        self.source = -1
        if not _can_fork() or (os.cpu_count() or 1) < 2:
            return
        read_end, write_end = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the forked process: its result goes back through the pipe, then it ends without cleanup
            _die_with(parent)
            os.close(read_end)
            _answer(work, write_end)
        os.close(write_end)
        self.pid, self.source = pid, read_end

    @property
    def forked(self) -> bool:
        """Whether `work()` runs in another process (until `result()` is taken): else `result()` will do it here."""
        return self.pid != 0

    def result(self) -> First:
        if not self.pid:
            return self.work()
        with os.fdopen(self.source, "rb") as source:
            try:
                ok, value = pickle.load(source)
            except (EOFError, pickle.UnpicklingError):  # the process died before it could answer
                ok, value = None, None
        os.waitpid(self.pid, 0)
        self.pid = 0
        if ok is None:
            return self.work()
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def cancel(self) -> None:
        if self.pid:
            os.kill(self.pid, signal.SIGTERM)
            os.close(self.source)
            os.waitpid(self.pid, 0)
            self.pid = 0


def _answer(work: Callable[[], object], pipe: int) -> NoReturn:
    """In a forked process: work() and its result (or exception) down the pipe, then the end of the process."""
    status = 0
    try:
        outcome: tuple[bool, object] = (True, work())
    except BaseException as exc:  # KeyboardInterrupt included: the caller decides
        outcome = (False, exc)
    try:
        with os.fdopen(pipe, "wb") as out:
            try:
                pickle.dump(outcome, out, pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # a result or exception that does not pickle
                pickle.dump((False, RuntimeError(f"{exc.__class__.__name__}：{exc}")), out)
    except BaseException:
        status = 1
    # os._exit: the parent's cleanup (the workspace lock, the history's connection, atexit) stays the parent's.
    os._exit(status)


def both(first: Callable[[], First], second: Callable[[], Second]) -> tuple[First, Second]:
    """`first()` in a forked process while `second()` runs here; both results (`first`'s must pickle).

    For two branches of work that share nothing but what exists before the call (the month's documents: one branch
    writes the spreadsheets while this process writes the Word documents and stores the month). Either branch may
    fan out over `map_all` in turn. An exception in `first` is raised here once `second` is done; if `second`
    fails, the forked process is stopped. Without fork (Windows, or threads running: the portal), or when the forked
    process dies, `first()` is done here after `second()`."""
    forked = Forked(first)
    try:
        done = second()
    except BaseException:
        forked.cancel()
        raise
    return forked.result(), done
