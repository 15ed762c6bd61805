"""Numbered items: each leaf of the heading tree with its title, responsibility, deadlines and targets.

A paragraph inside an item that opens with a responsibility of its own (负责…, 协助市水文局负责…) is a separate
duty (id 三/(一)#2): 任务分工 sections list one unit's duties paragraph by paragraph, each with its own deadline.

The ways an item states its units beyond labels and brackets are in `item_roles`, its deadlines in
`item_deadlines`; which items are tasks is decided in `task_candidates`.
"""

from __future__ import annotations

import re

from generator.plan.importer.duty_records import mark_overall_leads, overall_roles
from generator.plan.importer.headings import Node, node_id, section_of, title_sentence
from generator.plan.importer.item_deadlines import target_year, yearly_deadlines
from generator.plan.importer.item_roles import (
    department_duties,
    duty_title_roles,
    local_line_roles,
    merge_roles,
    unit_title,
)
from generator.plan.importer.labels import label_roles
from generator.plan.importer.leaders import leader_sentence_roles
from generator.plan.importer.model import Deadline, Item, Paragraph, Roles, Target
from generator.plan.importer.responsibility import (
    apply_first_leads,
    bracket_roles,
    clause_roles,
    first_leads_from_here,
    opening_roles,
    parse_clause,
)
from generator.plan.importer.single_record import unnumbered_record
from generator.plan.importer.target_values import dedupe
from generator.plan.importer.targets import targets_in
from generator.plan.importer.task_candidates import NOT_TASKS, not_task
from generator.plan.importer.unit_names import is_unit_like, split_units

ROLE_HEADING = re.compile(r"^(?:责任单位|责任部门|牵头单位|牵头部门|配合单位|参与单位|责任分工)$")


def items_from_tree(root: Node, year: int) -> list[Item]:
    out = _walk(root, year, None)
    if not out:  # one unnumbered paragraph with its 责任单位 line: record 1
        out = unnumbered_record(root.paras, year, lambda text, at, words: target_year(text, at, words, plan_year=year))
    mark_overall_leads(out)
    carry: list[str] = []
    first_lead_note = False  # （列第一位者为牵头单位，下同） read in an earlier item
    for item in out:  # 以下均需各县(市、区)负责落实: the items after the rule get its units as 落实单位
        if carry and not not_task(item):
            item.roles.implementing.extend(u for u in carry if u not in item.roles.all())
        if item.roles.carry:
            carry = list(item.roles.carry)
        if first_lead_note and "牵头" not in item.roles.phrase:
            apply_first_leads(item.roles)
        first_lead_note = first_lead_note or first_leads_from_here(item.roles.phrase)
    return out


def _walk(node: Node, year: int, block: Roles | None) -> list[Item]:
    """The items of a node in document order: a leaf's items, or a block heading's record and its measures'.

    （一）重点地区市容市貌整治提升 / 牵头单位：区建委 / 成员单位：… / 1.… 2.…: the label lines under the block heading
    name who does its numbered measures; a measure naming no unit of its own takes them."""
    if not node.children:
        items = _items_of(node, year) if node.label is not None else []
        for item in items:
            if block is not None and not item.roles.all():
                item.roles = Roles(list(block.lead), list(block.cooperating), list(block.implementing), block.phrase)
        return items
    out: list[Item] = []
    closing = _closing_clause(node) if node.label is not None else None
    record = _block_record(node, closing) if node.label is not None else None
    if record is not None:
        out.append(record)
        block = block if record.overall else record.roles  # the duties of an overall lead are no measures
    for child in node.children:
        out.extend(_walk(child, year, block))
    return out


def _closing_clause(node: Node) -> Roles | None:
    """1.完善应急预案体系 / (1)… (2)… (3)… (4)… / (责任单位:…): one clause on a line of its own after the item's last
    measure names who does the item as a whole (taken from the last measure, whose paragraph it was read as)."""
    if len(node.children) < 2:
        return None
    last = node.children[-1]
    while last.children:
        last = last.children[-1]
    text = last.paras[-1].text.strip() if len(last.paras) > 1 else ""
    found = bracket_roles(text) if text[:1] in "(（〔[【" else []
    if len(found) == 1 and found[0][1] == (0, len(text)):
        last.paras.pop()
        return found[0][0]
    return _closing_labels(node, last)


_CONTACT = re.compile(r"^(?:联\s*系\s*人|联系电话|联系方式|咨询电话|电\s*话)\s*[:：]")


def _closing_labels(node: Node, last: Node) -> Roles | None:
    """【推进措施】 1.… 2.… 3.… / 责任单位：市生态环境局 / 联系人：…: label lines after the last measure, when no
    measure names a unit of its own, name who does the heading's work as a whole (contact lines are no part of it)."""
    tail = len(last.paras)
    while tail > 1 and _CONTACT.match(last.paras[tail - 1].text.strip()):
        tail -= 1
    labels = tail
    while labels > 1 and label_roles(last.paras[labels - 1].text.strip()):
        labels -= 1
    if labels == tail:
        return None
    for leaf in node.leaves():
        paras = leaf.paras[:labels] if leaf is last else leaf.paras
        if any(label_roles(p.text.strip()) or bracket_roles(p.text) for p in paras):
            return None  # the measures name their own units: the lines belong to the last one
    roles = clause_roles("；".join(label_roles(p.text.strip()) for p in last.paras[labels:tail]))
    if roles is None or not roles.all():
        return None
    del last.paras[labels:]
    return roles


_UNIT_DUTIES = re.compile(r"^(?P<units>[^，,。；;：:（(]{2,60}?)(?:牵头|具体)?负责\s*[:：]$")


def _block_record(node: Node, closing: Roles | None = None) -> Item | None:
    """The record of a heading with numbered items under it whose own lines are labels (牵头单位：… 成员单位：…), or
    after whose last item one clause stands alone."""
    labelled = "；".join(filter(None, (label_roles(p.text.strip()) for p in node.paras[1:])))
    roles = clause_roles(labelled) if labelled else closing
    if roles is None and node.heading_only:
        # 一、加快调整能源结构（省发改委总牵头）: the heading names who leads its block as a whole
        overall = [r for r, _ in bracket_roles(node.text) if "总牵头" in r.phrase]
        roles = overall[0] if overall else None
    if roles is None and node.heading_only:
        # 4、茄子河区政府负责： followed by its measures (1)…(9): the heading names who does them
        duty = _UNIT_DUTIES.match(node.text.strip())
        units = split_units(duty["units"]) if duty else []
        roles = Roles(lead=units, phrase=node.text.strip()) if units and all(map(is_unit_like, units)) else None
    overall = overall_roles(node.text) if roles is None else None  # (一)区水务局为…的牵头、协调单位
    roles = roles or overall
    if roles is None or not roles.all():
        return None
    # 【目标任务】 新增完成43条农村黑臭水体治理任务: the heading's own text states the target of its block
    targets = extract_targets([(p, p.text.strip()) for p in node.paras[1:] if not label_roles(p.text.strip())])
    return Item(
        id=node_id(node),
        label=node.label.raw if node.label else "",
        section=section_of(node),
        title=node.text.rstrip("。.:：；;") if node.heading_only else title_sentence(node.text),
        text="\n".join(p.text.strip() for p in node.paras),
        paras=[p.no for p in node.paras],
        ref=node.paras[0].ref,
        roles=roles,
        targets=targets,
        block=overall is None,
        overall=overall is not None,
    )


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
        duties = None if opening else duty_title_roles(leaf.text)
        if duties is not None:  # 村组职责：各村组负责…: whose duties they are, then each duty with its unit
            opening, subject = duties, duties.lead
        title = "" if opening and duties is None else title_sentence(leaf.text)
        if not opening and unit_title(title):  # 1、区住建局。排查…: the item opens with the unit that does it
            opening, subject = Roles(lead=[title], phrase=title), [title]
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
        extra = [clause_roles(labelled)] if labelled else []
        extra.extend(local_line_roles(texts))
        extra.extend(filter(None, (leader_sentence_roles(text) for _, text in texts)))
        if n == 1:  # (二)明确部门责任。…省法院负责指导…: each department's part, sentence by sentence
            extra.append(department_duties(title, "。".join(text for _, text in texts)))
        item.roles = merge_roles(
            roles, *(r for r, _ in bracket_roles("".join(t for _, t in texts))), *filter(None, extra)
        )
        goal = bool(NOT_TASKS.search(f"{section} {item.title}"))
        for paragraph, text in texts:
            item.deadlines.extend(
                Deadline(d.text, d.date, paragraph.no, d.start) for d in yearly_deadlines(text, year, goal)
            )
        # (一)地区生产总值增长7%以上 on its own line: a heading may state the item's target (a repeat in the text
        # below is counted once)
        item.targets = extract_targets([(first, title), *texts] if n == 1 and heading else texts)
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
