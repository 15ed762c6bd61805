"""读取方案 for a run: the plan from the cache, or read in a process of its own while the run does what needs no
plan (run.py reads the month's files ahead meanwhile)."""

from __future__ import annotations

import pickle
from pathlib import Path

from generator.cache import ContentCache, key_of, unpickle
from generator.parallel import Forked
from generator.plan.model import Plan
from generator.plan.workbook import read_plan


class PlanReading:
    """读取方案: the plan from the cache, or else read in a process of its own (`forked`), while this one reads the
    month's files ahead (a province's plan takes about 4 s on one core, its thousand files as long). `result()` is
    the plan; a plan that cannot be read is read again here, so that its message is raised as it always was."""

    def __init__(self, path: Path, cache: ContentCache, plan_key: str, in_background: bool = True) -> None:
        """With `in_background` False the plan is read here when asked for (by a caller with nothing to do
        meanwhile: sending it between processes would only cost time)."""
        self.path, self.cache, self.key = path, cache, key_of("plan", plan_key)
        self.kept: Plan | None = None  # taken from the cache when asked for: an unchanged re-run never needs it
        fresh = in_background and plan_key and not cache.has("plan", self.key)  # "": no plan file, read_plan says so
        self.job = Forked(self._read_and_keep) if fresh else None
        self.forked = self.job is not None and self.job.forked

    def _read_and_keep(self) -> bytes | None:
        """In the forked process: the plan read, pickled once, both for the cache and for the run."""
        try:
            plan = read_plan(self.path)
        except Exception:
            return None
        blob = pickle.dumps(plan, pickle.HIGHEST_PROTOCOL)
        self.cache.put_pickled("plan", self.key, blob)
        return blob

    def result(self) -> Plan:
        if self.kept is not None:
            return self.kept
        if self.job is None:  # kept, or to be read here
            kept = self.cache.get("plan", self.key)
            if isinstance(kept, Plan):
                self.kept = kept
                return kept
        blob = self.job.result() if self.job is not None and self.job.forked else None
        if blob is None:  # not forked, or it could not read the plan: here, raising what read_plan raises
            plan = read_plan(self.path)
            self.cache.put("plan", self.key, plan)
        else:
            found = unpickle(blob)
            assert isinstance(found, Plan)
            plan = found
        self.kept = plan
        return plan

    def cancel(self) -> None:
        """Stop the forked reading, if the run stopped before it took the plan."""
        if self.job is not None:
            self.job.cancel()
