"""督办通知 and 催报通知: one short official notice per unit, from templates/supervision.docx and reminder.docx.

Written to outputs/<period>/督办通知/<unit>.docx for every unit with a task in the 督办清单 (滞后 or overdue), and
outputs/<period>/催报通知/<unit>.docx for every unit that sent no usable ledger. A rerun of the month removes, once
the new ones are written, the notices of units that have since caught up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.cache import OutputManifest, file_hash, key_of
from generator.checks import Problem
from generator.documents import REMINDER_TEMPLATE, SUPERVISION_TEMPLATE
from generator.errors import TaizhangError
from generator.office_settings import OfficeSettings
from generator.parallel import run_all
from generator.plan.model import Plan
from generator.progress import MonthProgress
from generator.safety import safe_name
from generator.store.numbering import REMINDER, SUPERVISION

SUPERVISION_DIR = "督办通知"
REMINDER_DIR = "催报通知"


def letter_units(month: MonthProgress) -> dict[str, list[str]]:
    """The units that get a letter this month, by kind, in the order they are numbered."""
    from generator.documents.letter_context import supervised_units  # letters' names are read without the renderer

    return {SUPERVISION: supervised_units(month), REMINDER: list(month.missing_units)}


def letter_name(plan: Plan, unit_name: str) -> str:
    """<short name>.docx: the name the office uses for the unit (区农办.docx), made safe as a file name."""
    return safe_name(plan.unit(unit_name).short_name, ".docx")


def write_letters(
    plan: Plan,
    month: MonthProgress,
    template: Callable[[str], Path],
    folder: Path,
    issued_on: date,
    office: OfficeSettings | None = None,
    numbers: dict[str, dict[str, str]] | None = None,
    on_failure: Callable[[Problem], None] | None = None,
    manifest: OutputManifest | None = None,
) -> list[Path]:
    """Write every 督办通知 and 催报通知 of the month into `folder`; `template` finds a template by file name;
    `numbers` gives each letter's 发文字号 (kind → unit → 焦示城创办督〔2018〕3号).

    With `on_failure`, a letter that cannot be written is reported to it and the others are still written. With a
    `manifest`, a letter whose wording (its context and template) is what it was last time is kept as it is: a
    re-run after one unit resent its ledger writes that unit's letter again, not the two hundred others."""
    from generator.documents import letter_context
    from generator.documents.docx import prepared

    written: list[Path] = []
    numbers = numbers or {}
    addressees = letter_units(month)
    kinds = (
        (SUPERVISION_DIR, SUPERVISION_TEMPLATE, SUPERVISION, letter_context.supervision_context),
        (REMINDER_DIR, REMINDER_TEMPLATE, REMINDER, letter_context.reminder_context),
    )
    before: set[Path] = set()
    jobs: list[LetterJob] = []
    for subfolder, template_name, kind, build in kinds:
        out = folder / subfolder
        before |= set(out.glob("*.docx")) if out.is_dir() else set()
        source = template(template_name)
        if addressees[kind]:
            prepared(source)  # a missing or broken template stops every letter alike: said once, here
        source_hash = file_hash(source) if addressees[kind] else ""
        for unit in addressees[kind]:
            path = out / letter_name(plan, unit)
            page = build(plan, month, unit, issued_on, numbers.get(kind, {}).get(unit, ""), office)
            key = key_of("letter", source_hash, page)
            written.append(path)
            if manifest is None or not manifest.up_to_date(path, key):
                jobs.append(LetterJob(source, page, path, key, unit, subfolder))
    outcomes = run_all(write_letter, jobs, PARALLEL_FROM)
    stop = next((exc for exc in outcomes if isinstance(exc, TaizhangError)), None)
    if stop is not None:
        raise stop  # a template that does not fit its context fails every letter alike: say so once
    for job, exc in zip(jobs, outcomes):
        if exc is None:
            if manifest is not None:
                manifest.record(job.path, job.key)
            continue
        written.remove(job.path)
        if on_failure is None:
            raise exc
        on_failure(
            Problem(
                "output-failed",
                f"{job.folder}「{job.path.name}」写入失败：{exc.__class__.__name__}：{exc}",
                unit=job.unit,
            )
        )
    for stale in before - set(written):  # only after the new ones are in place: a killed run loses nothing
        stale.unlink(missing_ok=True)
    return written


PARALLEL_FROM = 40  # letters: below this, starting two processes costs more than it saves


@dataclass(frozen=True)
class LetterJob:
    """One letter to write: its template, its context (plain data, so that it can go to a worker process)."""

    template: Path
    page: dict
    path: Path
    key: str
    unit: str
    folder: str


def write_letter(job: LetterJob) -> None:
    from generator.documents.docx import render

    render(job.template, job.page, job.path)
