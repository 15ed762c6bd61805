"""Indicators (指标) made from the tasks' own targets, for a plan with no indicator table.

Every numeric target read in a task's text becomes an indicator row, so 达标 can be judged on it; the rows say
they came from the text, so the clerk checks how each is measured (指标口径).
"""

from __future__ import annotations

import re

from generator.plan.importer.model import NOTE, ImportedIndicator, ImportedTask, Item, Review


def indicators_from_tasks(tasks: list[ImportedTask], items: list[Item]) -> list[ImportedIndicator]:
    """No indicator table: every numeric target of a task becomes an indicator row (达标 judged on it)."""
    by_id = {i.id: i for i in items}
    out: list[ImportedIndicator] = []
    for task in tasks:
        item = by_id.get(task.item_id)
        if item is None:
            continue
        for target in item.targets:
            if target.value is None or (
                target.alternative
                and any(
                    o.alternative == target.alternative and o is not target
                    for o in item.targets[: item.targets.index(target)]
                )
            ):
                continue
            value = f"{target.value:g}"
            relative = target.operator in ("下降", "提高")
            text = f"{target.operator}{value}" if target.operator not in ("=",) else value
            at_least = relative and re.search(
                re.escape(value) + r"\s*" + re.escape(target.unit) + r"\s*(?:及)?以上", target.phrase
            )
            reviews = [
                Review(
                    "indicator-from-text",
                    NOTE,
                    "由正文中的量化目标生成"
                    + ("（相对目标，当前值应填变化幅度）" if relative else "")
                    + "，请核对指标口径。",
                    task.item_id,
                    target.para,
                )
            ]
            out.append(
                ImportedIndicator(
                    no=len(out) + 1,
                    category=(task.section.split(" > ")[-1] if task.section else ""),
                    name=target.indicator,
                    dimension=target.unit,
                    target_text=(f"{target.baseline}{text}" if relative and target.baseline else text)
                    if not relative
                    else f"{text}{target.unit}" + ("以上" if at_least else ""),
                    operator=target.operator,
                    value=target.value,
                    direction="≤" if target.operator in ("≤", "<") else "≥",
                    basis=target.phrase,
                    requirement=f"见重点任务第{task.no}项",
                    lead=list(target.places) or list(task.roles.lead[:1]),
                    origin=task.item_id,
                    para=target.para,
                    ref=item.ref,
                    reviews=reviews,
                )
            )
    return out
