"""重点任务: one task row of the plan workbook from an item (or a task table's row), with what to check about it.

The task's text, requirement, responsible units and deadline come from the item; a task with no 牵头单位, several,
no deadline or several deadlines is listed for the clerk. A task table's row keeps its cells as 列名：值 lines,
read back by column name.
"""

from __future__ import annotations

from generator.plan.importer.headings import title_sentence
from generator.plan.importer.model import NEEDS_REVIEW, NOTE, ImportedTask, Item, Review, Roles

PLACEHOLDER_UNIT = "（待指定）"


def imported_task(item: Item, no: int) -> ImportedTask:
    deadline = item.deadline
    lead = item.roles.lead or item.roles.implementing or item.roles.cooperating
    reviews = []
    if not item.roles.lead:
        reviews.append(
            Review(
                "lead-missing",
                NEEDS_REVIEW,
                "未找到牵头单位"
                + ("，责任单位暂取其他单位" if lead else f"，责任单位暂填「{PLACEHOLDER_UNIT}」")
                + "，请指定。",
                item.id,
                item.paras[0],
            )
        )
    elif len(item.roles.lead) > 1:
        reviews.append(
            Review(
                "several-leads",
                NOTE,
                f"有{len(item.roles.lead)}个牵头单位（{'、'.join(item.roles.lead)}），各自在台账中填报本任务；"
                "「责任单位」列填第一个（只列一个单位的表格写它）。",
                item.id,
                item.paras[0],
            )
        )
    dated = [d for d in item.deadlines if d.date]
    if not item.deadlines:
        reviews.append(Review("deadline-missing", NOTE, "条目中没有完成时限。", item.id, item.paras[0]))
    elif not dated:
        reviews.append(
            Review(
                "deadline-undated", NOTE, f"完成时限「{item.deadlines[0].text}」没有具体日期。", item.id, item.paras[0]
            )
        )
    elif len({d.date for d in dated}) > 1:
        reviews.append(
            Review(
                "deadline-several",
                NOTE,
                "条目中有多个时限（" + "、".join(d.text for d in dated) + f"），完成时限取最晚的「{deadline.text}」。",
                item.id,
                item.paras[0],
            )
        )
    text = item.text
    first_line = text.split("\n", 1)[0]
    if item.label and first_line.startswith(item.label):
        text = text[len(item.label) :].lstrip()
    task_text = item.title or (title_sentence(text, limit=200) or text.split("\n", 1)[0])
    requirement = text[len(item.title) :].lstrip("。 ") if item.title and text.startswith(item.title) else text
    for phrase in filter(None, item.roles.phrase.split("；")):
        requirement = requirement.replace(f"({phrase})", "").replace(f"（{phrase}）", "")
    roles = Roles(
        list(item.roles.lead) or list(lead[:1]), item.roles.cooperating, item.roles.implementing, item.roles.phrase
    )
    return ImportedTask(
        no=no,
        task=task_text,
        target="；".join(t.phrase for t in item.targets),
        requirement=requirement.strip(),
        roles=roles,
        deadline_text=deadline.text if deadline else "",
        deadline=deadline.date if deadline else None,
        item_id=item.id,
        section=item.section,
        source=item.text,
        para=item.paras[0] if item.paras else None,
        ref=item.ref,
        reviews=reviews,
    )


def row_cell(item: Item, names: tuple[str, ...]) -> str | None:
    """A cell of a table row item, by column name (the row's text keeps them as 列名：值)."""
    cells: dict[str, str] = {}
    current = None
    for line in item.text.split("\n"):
        head, sep, value = line.partition("：")
        if (sep and head in names + tuple(cells)) or (sep and current is None):
            current = head
            cells[head] = value
        elif sep and len(head) <= 8 and "，" not in head and "。" not in head:
            current = head
            cells[head] = value
        elif current:
            cells[current] += "\n" + line
    return next((cells[n] for n in names if n in cells), None)
