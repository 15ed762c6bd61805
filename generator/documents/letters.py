"""督办通知 and 催报通知: one short official notice per unit, from templates/supervision.docx and reminder.docx.

Written to outputs/<period>/督办通知/<unit>.docx for every unit with a task in the 督办清单 (滞后 or overdue), and
outputs/<period>/催报通知/<unit>.docx for every unit that sent no usable ledger. A rerun of the month removes, once
the new ones are written, the notices of units that have since caught up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from generator.cache import OutputManifest, file_hash, key_of
from generator.checks import Problem
from generator.documents import REMINDER_TEMPLATE, SUPERVISION_TEMPLATE
from generator.errors import TaizhangError
from generator.office_settings import OfficeSettings
from generator.plan.model import Plan
from generator.progress import MonthProgress
from generator.safety import safe_name
from generator.store.numbering import REMINDER, SUPERVISION

SUPERVISION_DIR = "督办通知"
REMINDER_DIR = "催报通知"


def letter_units(month: MonthProgress) -> dict[str, list[str]]:
    """The units that get a letter this month, by kind, in the order they are numbered."""
    from generator.documents.context import supervised_units  # letters' names are read without the renderer

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
    from generator.documents import context
    from generator.documents.docx import render

    written = []
    numbers = numbers or {}
    addressees = letter_units(month)
    jobs = (
        (SUPERVISION_DIR, SUPERVISION_TEMPLATE, SUPERVISION, context.supervision_context),
        (REMINDER_DIR, REMINDER_TEMPLATE, REMINDER, context.reminder_context),
    )
    for subfolder, template_name, kind, build in jobs:
        units = addressees[kind]
        out = folder / subfolder
        before = set(out.glob("*.docx")) if out.is_dir() else set()
        for unit in units:
            name = letter_name(plan, unit)
            try:
                number = numbers.get(kind, {}).get(unit, "")
                page = build(plan, month, unit, issued_on, number, office)
                path, source = out / name, template(template_name)
                key = key_of("letter", file_hash(source), page) if manifest is not None else ""
                if manifest is None or not manifest.up_to_date(path, key):
                    render(source, page, path)
                    if manifest is not None:
                        manifest.record(path, key)
                written.append(path)
            except TaizhangError:
                raise  # a missing or broken template stops every letter alike: say so once
            except Exception as exc:
                if on_failure is None:
                    raise
                on_failure(
                    Problem(
                        "output-failed", f"{subfolder}「{name}」写入失败：{exc.__class__.__name__}：{exc}", unit=unit
                    )
                )
        for stale in before - set(written):  # only after the new ones are in place: a killed run loses nothing
            stale.unlink(missing_ok=True)
    return written
