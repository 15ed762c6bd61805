"""Numbered items: each leaf of the heading tree with its title, responsibility, deadlines and targets.

A paragraph inside an item that opens with a responsibility of its own (负责…, 协助市水文局负责…) is a separate
duty (id 三/(一)#2): 任务分工 sections list one unit's duties paragraph by paragraph, each with its own deadline.
"""

from __future__ import annotations

import re

from generator.plan.deadline import find_deadlines
from generator.plan.importer.headings import Node, node_id, section_of, title_sentence
from generator.plan.importer.model import Deadline, Item, Paragraph, Roles, Target
from generator.plan.importer.responsibility import bracket_roles, label_roles, opening_roles, parse_clause
from generator.plan.importer.targets import dedupe, targets_in

ROLE_HEADING = re.compile(r"^(?:责任单位|责任部门|牵头单位|牵头部门|配合单位|参与单位|责任分工)$")


def items_from_tree(root: Node, year: int) -> list[Item]:
    out: list[Item] = []
    for leaf in root.leaves():
        out.extend(_items_of(leaf, year))
    return out


def _items_of(leaf: Node, year: int) -> list[Item]:
    first, rest = leaf.paras[0], leaf.paras[1:]
    heading = leaf.heading_only and bool(rest)  # 二、工作目标 on its own line, its text in the paragraphs after it
    if heading:
        title, chunks = leaf.text.rstrip("。.:：；;"), [[rest[0]]]
        opening, subject = opening_roles(rest[0].text.strip(), [], first=True)
        if not opening and ROLE_HEADING.search(title):  # 三、责任单位 followed by the list of units
            listed = parse_clause(f"{title}：{rest[0].text.strip()}")
            opening, subject = (listed, listed.lead) if listed else (opening, subject)
        rest = rest[1:]
    else:
        opening, subject = opening_roles(leaf.text, [], first=True)
        title = "" if opening else title_sentence(leaf.text)
        if not title and not opening and leaf.heading_only:
            title = leaf.text.rstrip("。.:：；;")
        chunks = [[first]]
    roles_of = [opening]
    for paragraph in rest:
        roles, subject_after = opening_roles(paragraph.text.strip(), subject, first=False)
        if roles:
            chunks.append([paragraph])
            roles_of.append(roles)
            subject = subject_after
        else:
            chunks[-1].append(paragraph)
    base_id, section = node_id(leaf), section_of(leaf)
    items = []
    for n, (chunk, roles) in enumerate(zip(chunks, roles_of), start=1):
        paras = ([first] if n == 1 and heading else []) + chunk
        texts = [(p, leaf.text if p is first else p.text.strip()) for p in chunk]
        item = Item(
            id=base_id if n == 1 else f"{base_id}#{n}",
            label=leaf.label.raw if leaf.label else "",
            section=section,
            title=title if n == 1 else "",
            text="\n".join(p.text.strip() for p in paras),
            paras=[p.no for p in paras],
            ref=paras[0].ref,
        )
        labelled = "；".join(filter(None, (label_roles(text) for _, text in texts)))
        extra = [parse_clause(labelled)] if labelled else []
        item.roles = _merge(roles, *(r for r, _ in bracket_roles("".join(t for _, t in texts))), *filter(None, extra))
        for paragraph, text in texts:
            item.deadlines.extend(Deadline(m.text, m.date, paragraph.no, m.begin) for m in find_deadlines(text, year))
        item.targets = extract_targets(texts)
        items.append(item)
    return items


def extract_targets(texts: list[tuple[Paragraph, str]]) -> list[Target]:
    found: list[Target] = []
    alternative = 0
    for paragraph, text in texts:
        targets = targets_in(text, paragraph.no, alternative)
        alternative = max([alternative, *(t.alternative for t in targets)])
        found.extend(targets)
    return dedupe(found)


def _merge(*all_roles: Roles) -> Roles:
    merged = Roles()
    phrases = []
    for roles in all_roles:
        for role in ("lead", "cooperating", "implementing"):
            target = getattr(merged, role)
            target.extend(u for u in getattr(roles, role) if u not in target)
        if roles.phrase:
            phrases.append(roles.phrase)
    merged.phrase = "；".join(phrases)
    return merged
