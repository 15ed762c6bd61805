"""Plans read from text of our own, as the importer's rule tests write them: a title line, then the body."""

from __future__ import annotations

from pathlib import Path

from generator.plan.importer import import_plan
from generator.plan.importer.model import ImportedPlan


def import_text(folder: Path, body: str, title: str, name: str = "方案.txt") -> ImportedPlan:
    """The plan read from `folder`/`name` holding `title` and `body` (stripped), one per line."""
    path = folder / name
    path.write_text(title + "\n" + body.strip() + "\n", "utf-8")
    return import_plan(path)


def item(plan: ImportedPlan, item_id: str):
    """The plan's item with that id (一/(二)/3)."""
    return next(i for i in plan.items if i.id == item_id)
