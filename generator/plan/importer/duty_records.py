"""职责分工 records: an item that names a unit as the lead of the whole work, not of a task.

(一)区水务局为全区截污纳管工作的牵头、协调单位。 1、具体负责… 2、督促… — the item says who leads and coordinates
the plan as a whole, and its numbered points are that unit's duties. The item is the unit's record (lead); neither
it nor its duties are tasks of the plan (`Item.overall`).
"""

from __future__ import annotations

import re

from generator.plan.importer.model import Item, Roles
from generator.plan.importer.unit_names import is_unit_like

_OVERALL = re.compile(
    r"^(?P<unit>[^，,。；;、为]{2,30}?)(?:作为|为|是)(?:[^，,。；;]{0,40}?的)?"
    r"(?:牵头|协调|统筹|责任|主管)(?:[、和及与]?(?:牵头|协调|统筹|责任|主管))*(?:单位|部门)[。；;]?$"
)


def overall_roles(text: str) -> Roles | None:
    """区水务局为…工作的牵头、协调单位: the unit named as lead of the whole work, else None."""
    match = _OVERALL.match(text.split("。")[0].strip() + "。")
    if not match or not is_unit_like(match["unit"]):
        return None
    return Roles(lead=[match["unit"]], phrase=match.group(0))


def mark_overall_leads(items: list[Item]) -> None:
    """An item (with no numbered points under it) that names its unit as 牵头、协调单位 of the work: its record."""
    for item in items:
        roles = None if item.roles or item.from_table else overall_roles(item.text.split("\n")[0])
        if roles is not None:
            item.roles, item.title, item.overall = roles, "", True


def under_overall(items: list[Item]) -> set[int]:
    """ids (Python id) of the overall records and of the items numbered under them."""
    heads = [i.id + "/" for i in items if i.overall]
    return {id(i) for i in items if i.overall or any(i.id.startswith(h) for h in heads)}
