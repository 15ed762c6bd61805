"""收件: read every file received for a period, check each, and pick the one submission per unit that counts."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import ContentCache, collector_paused, key_of
from generator.checks import Problem
from generator.checks.ledger import CheckedSubmission, check_submission
from generator.ledger.files import Limits, OpenedFile, open_file
from generator.ledger.read import read_submission
from generator.parallel import map_all
from generator.plan.model import Plan
from generator.plan.units import UnitDirectory
from generator.safety import NotRegularFile, Received, read_received

IGNORED_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}


def is_ignored(path: Path) -> bool:
    """Lock files of Excel/WPS/LibreOffice, macOS and Windows system files, hidden files, folders.

    A symbolic link is not ignored: it is reported (file-link) and never followed; hence lstat, not is_file()."""
    name = path.name
    if name.lower() in IGNORED_NAMES or name.startswith(("~$", ".~lock.", "._", ".")):
        return True
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return True


@dataclass
class Intake:
    """What came in for one period."""

    period: str
    checked: list[CheckedSubmission] = field(default_factory=list)  # every file, in name order
    accepted: dict[str, CheckedSubmission] = field(default_factory=dict)  # unit → the submission that counts
    missing_units: list[str] = field(default_factory=list)
    batch_problems: list[Problem] = field(default_factory=list)
    parsed: list[str] = field(default_factory=list)  # files parsed and checked by this run (not from the cache)

    @property
    def problems(self) -> list[Problem]:
        return [p for c in self.checked for p in c.submission.problems] + self.batch_problems

    @property
    def counted_problems(self) -> list[Problem]:
        """The problems that count for the month's totals and exit code: not those of a file that a newer one from
        the same unit superseded (they stay in the report and the history)."""
        superseded = {
            id(c)
            for c in self.checked
            if c.unit and c.submission.usable and c.unit in self.accepted and self.accepted[c.unit] is not c
        }
        return [p for c in self.checked if id(c) not in superseded for p in c.submission.problems] + self.batch_problems

    def verdict(self, checked: CheckedSubmission) -> tuple[bool, str]:
        """Whether this file counts for the month, and if not, why (for the receipt and the report)."""
        if checked.unit and self.accepted.get(checked.unit) is checked:
            return True, ""
        sub = checked.submission
        if checked.unit and checked.unit in self.accepted and sub.usable:
            return False, f"本单位报送了更新的文件「{self.accepted[checked.unit].submission.file_name}」，以其为准"
        if checked.unit is None and sub.usable:
            return False, "无法识别报送单位"
        first = next((p.message for p in sub.problems), "文件无法使用")
        return False, first


def _cached(
    path: Path, limits: Limits, archive: Path | None, period: str, cache: ContentCache, plan_key: str
) -> CheckedSubmission | tuple[Received | None, str]:
    """The file as checked before, or what was read and the key to store the check under.

    The file is read (once, hashed) in any case; parsing and checking are what the cache saves. The key holds the
    file's name because its problems quote it; where the file is and when it was saved are set from this read."""
    try:
        received = read_received(path, limits.max_uncompressed_bytes)
    except (NotRegularFile, OSError):
        return None, ""  # read_submission reports it
    if received.data is None:
        return received, ""
    key = _checked_key(received, path, period, plan_key, limits)
    hit = cache.get("checked", key)
    if not isinstance(hit, CheckedSubmission):
        return received, key
    return _found(hit, received, path, archive)


def _found(hit: CheckedSubmission, received: Received, path: Path, archive: Path | None) -> CheckedSubmission:
    """A file's check taken from the cache: where the file is and when it was saved set from this read, and the
    bytes read archived."""
    sub = hit.submission
    sub.path, sub.modified = path, received.modified
    if archive is not None and received.data is not None:
        from generator.store.archive import archive_bytes  # generator.store imports this module

        sub.archived = archive_bytes(archive, received.data, received.sha256, path.suffix)
    return hit


def _checked_key(received: Received, path: Path, period: str, plan_key: str, limits: Limits) -> str:
    """What a file's check is stored under: its bytes, its name (its problems quote it), the plan, the period and
    the limits."""
    return key_of("checked", received.sha256, path.name, plan_key, period, repr(limits))


@dataclass(frozen=True)
class ReadAhead:
    """先读: the period's files read, hashed, looked up in the cache and parsed into sheets before the plan is known
    (a province's plan takes seconds to read, done meanwhile in another process: run.py). What needs the plan (the
    unit, the checks) and every write (the archive, the cache) wait for `ingest`, which takes these as they are."""

    period: str
    plan_key: str
    limits: Limits | None
    opened: dict[Path, OpenedFile]  # not in the cache: parsed, to be checked
    checked: dict[Path, tuple[CheckedSubmission, Received]]  # found in the cache, with the read that found it


def read_ahead(
    folder: Path, period: str, limits: Limits | None, cache: ContentCache | None, plan_key: str
) -> ReadAhead:
    """Read every file in `folder` as far as can be done without the plan (see ReadAhead)."""
    ahead = ReadAhead(period, plan_key, limits, {}, {})
    max_bytes = (limits or Limits()).max_uncompressed_bytes
    with collector_paused():  # a thousand files' sheets: see ingest
        for path in received_files(folder):
            try:
                received = read_received(path, max_bytes)
            except (NotRegularFile, OSError):
                continue  # left to ingest, which reports it as it always has
            if received.data is not None and cache is not None:
                hit = cache.get("checked", _checked_key(received, path, period, plan_key, limits or Limits()))
                if isinstance(hit, CheckedSubmission):
                    ahead.checked[path] = (hit, received)
                    continue
            ahead.opened[path] = open_file(path, limits, received)
    return ahead


PARALLEL_FILES = 100  # files to read and check before a second process helps more than it costs


@dataclass(frozen=True)
class _Reading:
    """What every file of one `ingest` is read and checked against (set before the workers fork)."""

    plan: Plan
    directory: UnitDirectory
    period: str
    limits: Limits | None
    archive: Path | None
    cache: ContentCache | None
    plan_key: str
    opened: dict[Path, OpenedFile]  # files read ahead (ReadAhead): not read again


_BATCH: dict[str, _Reading] = {}  # the batch being read: forked workers inherit it, so the plan never travels


def _read_and_check(path: Path) -> CheckedSubmission:
    """One received file read, checked and kept in the cache (in a worker process, or here)."""
    # The file is read and hashed again here, although ingest looked it up already: the cache key must be made from
    # the very bytes that are parsed, and a file may have been saved over in between.
    reading = _BATCH["reading"]
    received: Received | None = None
    key = ""
    opened = reading.opened.get(path)
    if opened is not None:  # read ahead: the key made from the bytes it parsed
        received = opened.received
        if reading.cache is not None and received is not None and received.data is not None:
            key = _checked_key(received, path, reading.period, reading.plan_key, reading.limits or Limits())
    elif reading.cache is not None:
        limits = reading.limits or Limits()
        hit = _cached(path, limits, reading.archive, reading.period, reading.cache, reading.plan_key)
        if isinstance(hit, CheckedSubmission):  # stored since ingest looked (by another run): as good
            return hit
        received, key = hit
    sub = read_submission(path, reading.directory, reading.limits, reading.archive, received, opened)
    checked = check_submission(sub, reading.plan, reading.period)
    if reading.cache is not None and key:
        reading.cache.put("checked", key, checked)
    return checked


def received_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if not is_ignored(p)), key=lambda p: p.name)


def ingest(
    folder: Path,
    plan: Plan,
    period: str,
    limits: Limits | None = None,
    on_file: Callable[[Path], None] | None = None,
    archive: Path | None = None,
    cache: ContentCache | None = None,
    plan_key: str = "",
    ahead: ReadAhead | None = None,
) -> Intake:
    """Read and check every file in `folder`; `on_file` is called after each (for a progress bar); with `archive`,
    the bytes read are stored there under their hash as they are read. With `cache` (and the plan's `plan_key`), a
    file whose bytes, name, plan and period were read and checked before is taken from the cache, not parsed. The
    files `ahead` read (read_ahead, while the plan was read) are taken as they were read then."""
    intake = Intake(period)
    paths = received_files(folder)
    found: dict[Path, CheckedSubmission] = {}
    if ahead is not None and (ahead.period, ahead.plan_key, ahead.limits) != (period, plan_key, limits):
        ahead = None  # read for another month or plan
    # A batch allocates a hundred thousand small row objects and frees none of them until it ends: the collector,
    # left on, would rescan them again and again (a quarter of the time of a large batch).
    with collector_paused():
        if cache is not None:  # what was read before: taken here, not sent to a worker and back
            for path in paths:
                if ahead is not None and path in ahead.opened:
                    continue  # not in the cache when it was read ahead
                hit: CheckedSubmission | tuple[Received | None, str]
                if ahead is not None and path in ahead.checked:
                    hit = _found(*ahead.checked[path], path, archive)
                else:
                    hit = _cached(path, limits or Limits(), archive, period, cache, plan_key)
                if isinstance(hit, CheckedSubmission):
                    found[path] = hit
                    if on_file:
                        on_file(path)
        new = [path for path in paths if path not in found]
        _BATCH["reading"] = _Reading(
            plan, UnitDirectory(plan.units), period, limits, archive, cache, plan_key, ahead.opened if ahead else {}
        )
        try:
            # A province's thousand files are read and checked over two processes (each a few milliseconds of
            # parsing); a month's few dozen are read here.
            for path, outcome in zip(new, map_all(_read_and_check, new, PARALLEL_FILES)):
                if isinstance(outcome, Exception):
                    raise outcome
                found[path] = outcome
                intake.parsed.append(path.name)
                if on_file:
                    on_file(path)
        finally:
            _BATCH.clear()
    intake.checked = [found[path] for path in paths]
    by_unit: dict[str, list[CheckedSubmission]] = {}
    for checked in intake.checked:
        if checked.unit and checked.submission.usable:
            by_unit.setdefault(checked.unit, []).append(checked)
    for unit, subs in by_unit.items():
        subs.sort(key=lambda c: (c.submission.modified, c.submission.file_name))
        intake.accepted[unit] = subs[-1]
        for older in subs[:-1]:
            intake.batch_problems.append(
                Problem(
                    "duplicate-submission",
                    f"{unit}本期报送了{len(subs)}个文件，以最新的「{subs[-1].submission.file_name}」为准，"
                    f"本文件不计入汇总。",
                    file=older.submission.file_name,
                    unit=unit,
                )
            )
    for expected in plan.reporting_units():
        if expected.name not in intake.accepted:
            intake.missing_units.append(expected.name)
            unusable = [c.submission.file_name for c in intake.checked if c.unit == expected.name]
            message = (
                f"{expected.name}报送的「{'」「'.join(unusable)}」无法使用，本期视为未报送。"
                if unusable
                else f"本期未收到{expected.name}的台账。"
            )
            intake.batch_problems.append(Problem("unit-not-reported", message, unit=expected.name))
    return intake
