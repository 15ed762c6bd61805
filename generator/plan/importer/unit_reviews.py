"""What the clerk checks about the unit list: names that look like formulas, and groups of units.

A unit name starting like a spreadsheet formula is written as text and listed; a group (各成员单位) is no single
unit, so its members are to be filled in before its ledgers go out.
"""

from __future__ import annotations

import re

from generator.plan.importer.model import NEEDS_REVIEW, NOTE, ImportedTask, Review
from generator.plan.importer.text import fold

_FORMULA_START = re.compile(r"^[=+\-@]")


def formula_reviews(units) -> list[Review]:
    """A unit named like a spreadsheet formula (=HYPERLINK(…), +cmd|…, @…): written as text like every cell, and
    listed so the clerk replaces it with the unit's real name before ledgers go out under it."""
    return [
        Review(
            "unit-formula",
            NEEDS_REVIEW,
            f"单位名称「{unit.name}」以公式符号开头，像公式而不是单位名称，已按文字原样写入。",
            unit.name,
            unit.first_para,
        )
        for unit in units
        if _FORMULA_START.match(fold(unit.name).strip())
    ]


def group_reviews(units, tasks: list[ImportedTask]) -> list[Review]:
    """Every group of units (各成员单位, 各县(市、区)人民政府): its members are to be filled in — 待核实 when a task
    names the group, since its ledger goes to the members; a note otherwise."""
    out = []
    for unit in units:
        if unit.kind != "泛指":
            continue
        named = [t.no for t in tasks if unit.name in t.roles.all()]
        out.append(
            Review(
                "unit-group",
                NEEDS_REVIEW if named else NOTE,  # a group no task names receives no ledger: a note only
                f"「{unit.name}」是一组单位，不是一个单位"
                + (
                    f"（重点任务第{'、'.join(str(n) for n in named[:10])}{'等' if len(named) > 10 else ''}项）"
                    if named
                    else ""
                )
                + "，请列出其成员。",
                unit.name,
                unit.first_para,
            )
        )
    return out
