"""A page that is one unnumbered paragraph of work with its 责任单位 line: one record.

通过新建水厂…积极推进集中供水工程建设…到2015年，基本解决… / 责任单位：市水务局 — a livelihood project or one item
of a longer list published on its own has no number, so no heading tree: it is read as record 1 (the convention for
unnumbered items), with the units of its label lines and the dates and targets of its text.
"""

from __future__ import annotations

from generator.plan.deadline import find_deadlines
from generator.plan.importer.labels import label_roles
from generator.plan.importer.model import Deadline, Item, Paragraph
from generator.plan.importer.responsibility import clause_roles
from generator.plan.importer.targets import targets_in

MAX_BODY = 3  # more unnumbered paragraphs than this are an essay or a notice, not one item


def unnumbered_record(paras: list[Paragraph], year: int, is_target_year) -> list[Item]:
    """Record 1 when `paras` (a part without any numbered paragraph) are 1–3 paragraphs of text followed by label
    lines naming units; else nothing."""
    lines = [p for p in paras if p.text.strip()]
    tail = len(lines)
    while tail > 0 and label_roles(lines[tail - 1].text.strip()):
        tail -= 1
    body, labels = lines[:tail], lines[tail:]
    if not labels or not 1 <= len(body) <= MAX_BODY or any(label_roles(p.text.strip()) for p in body):
        return []
    roles = clause_roles("；".join(label_roles(p.text.strip()) for p in labels))
    if roles is None or not roles.all():
        return []
    text = "\n".join(p.text.strip() for p in body)
    deadlines = [
        Deadline(m.text, m.date, body[0].no, m.begin)
        for m in find_deadlines(text, year)
        if not is_target_year(text, m.start, m.text)
    ]
    targets = [t for p in body for t in targets_in(p.text.strip(), p.no)]
    return [
        Item(
            id="1",
            label="",
            section="",
            title="",
            text="\n".join(p.text.strip() for p in lines),
            paras=[p.no for p in lines],
            ref=lines[0].ref,
            roles=roles,
            deadlines=deadlines,
            targets=targets,
        )
    ]
