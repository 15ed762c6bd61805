"""Sub-rows of a task table: the lines under one row whose 序号 and task cells are merged (合并单元格).

A web page copies such a row as one full line and then one short line per sub-row, holding only the cells that are
not merged (工作内容 | 牵头部门 | 协同部门 |). Two things follow, both general:

- where a short line's cells go is decided by what they hold (`placement_score`): names of units under the unit
  columns (…单位, …部门, 实施主体), dates and sentences not; missing cells may be merged on the left (序号, task) and
  on the right (实施主体 spanning the sub-rows) at once;
- the sub-rows are parts of their row, not rows of their own (`merge_sub_row`): the row gets the union of their
  units, dates and targets, so one unit can lead one sub-row and cooperate in another.
"""

from __future__ import annotations

import re

from generator.plan.importer.model import Item
from generator.plan.importer.unit_names import SHARE_NOTE as _SHARE_NOTE
from generator.plan.importer.unit_names import is_unit_like

UNIT_COLUMN = re.compile(r"单位|部门|主体")
_DEADLINE_COLUMN = re.compile(r"时限|期限|时间|节点")
_DATE = re.compile(r"\d{2,4}\s*年|\d{1,2}\s*月")


def _unit_token(token: str) -> bool:
    # 市“五水共治”办: the quotes are part of the office's name; a share note (按职能分工) is not
    return is_unit_like(_SHARE_NOTE.sub("", token).replace("“", "").replace("”", ""))


def _all_units(cell: str) -> bool:
    tokens = [t for t in re.split(r"[、，,\s]+", _SHARE_NOTE.sub("", cell)) if t]
    return bool(tokens) and all(_unit_token(t) for t in tokens)


def placement_score(header: list[str], cells: list[str]) -> int:
    """How well cells fit the columns: +2 for units under a unit column, −2 for units elsewhere and for a sentence
    or a date under a unit column, +1 for a date under the deadline column."""
    score = 0
    for name, cell in zip(header, cells):
        if not cell.strip():
            continue
        unit_column = bool(UNIT_COLUMN.search(name))
        units = _all_units(cell)
        if unit_column and units:
            score += 2
        elif unit_column and (_DATE.search(cell) or "。" in cell):
            score -= 2
        elif not unit_column and units:
            score -= 2
        if _DEADLINE_COLUMN.search(name) and _DATE.search(cell):
            score += 1
    return score


def merge_sub_row(head: Item, item: Item) -> None:
    """Add a sub-row (a row that repeats the 序号 merged over it) to its row: the union of units, dates, targets."""
    for role in ("lead", "cooperating", "implementing"):
        have = getattr(head.roles, role)
        have.extend(u for u in getattr(item.roles, role) if u not in have)
    head.roles.phrase = "；".join(p for p in (head.roles.phrase, item.roles.phrase) if p)
    dates = {(d.text, d.date) for d in head.deadlines}
    head.deadlines.extend(d for d in item.deadlines if (d.text, d.date) not in dates)
    head.targets.extend(t for t in item.targets if t not in head.targets)
    head.text = "\n".join(x for x in (head.text, item.text) if x)
    head.paras.extend(p for p in item.paras if p not in head.paras)
