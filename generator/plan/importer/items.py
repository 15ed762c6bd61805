"""Numbered items: each leaf of the heading tree with its title, responsibility, deadlines and targets.

A paragraph inside an item that opens with a responsibility of its own (负责…, 协助市水文局负责…) is a separate
duty (id 三/(一)#2): 任务分工 sections list one unit's duties paragraph by paragraph, each with its own deadline.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from generator.plan.deadline import find_deadlines
from generator.plan.importer.duty_records import mark_overall_leads, overall_roles, under_overall
from generator.plan.importer.headings import Node, node_id, section_of, title_sentence
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
from generator.plan.importer.text import split_top
from generator.plan.importer.unit_names import is_generic, is_local, is_unit_like, split_units

LEVELS = "省市区县州"
ROLE_HEADING = re.compile(r"^(?:责任单位|责任部门|牵头单位|牵头部门|配合单位|参与单位|责任分工)$")


# Sections that state the plan's purpose, its phases or its safeguards rather than assign work: their items are not
# tasks, a carried-forward unit does not apply to them, and a target year in them (到2020年…) is not a deadline.
NOT_TASKS = re.compile(
    r"指导思想|基本原则|工作原则|总体要求|总体目标|主要目标|工作目标|创建目标|目标要求|目标指标|主要指标|具体目标|目标任务$|"
    r"保障措施|组织保障|工作保障|实施步骤|工作步骤|步骤安排|进度安排|时间安排|阶段安排|实施范围|创建范围|适用范围|编制依据|制定依据|"
    r"重要意义|目的意义|背景|改善目标|质量目标|年度目标|发展目标|预期目标|工作思路|总体思路|"
    # 一、治理目标及思路 / 建设目标: goals named by the kind of work they are for
    r"(?:治理|建设|整治|保护|防治|攻坚|行动)目标"
)


_UNIT_TITLE = re.compile(r"^(?:[省市区县州镇乡]|.{0,8}(?:分局|办事处|街道|人民政府)$)")
_VERB_START = re.compile(
    r"^(?:[省市区县][^局委办厅]{0,2})?(?:加强|强化|建立|健全|完善|推进|推动|开展|实施|落实|成立|组建|严格|深化|全面|做好|抓好|提高|提升)"
)


def unit_title(title: str) -> bool:
    """区住建局 / 生态局东安分局 / 新安街道办事处 as the whole first sentence of an item: a unit, not a task title."""
    title = title.strip()
    if not 2 < len(title) <= 20 or _VERB_START.match(title) or not _UNIT_TITLE.search(title):
        return False
    units = split_units(title)
    return units == [title] and is_unit_like(title)


def not_task(item: Item) -> bool:
    return bool(NOT_TASKS.search(f"{item.section} {item.title}"))


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
        duties = None if opening else _duty_title_roles(leaf.text)
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
        extra.extend(_local_lines(texts))
        extra.extend(filter(None, (leader_sentence_roles(text) for _, text in texts)))
        item.roles = _merge(roles, *(r for r, _ in bracket_roles("".join(t for _, t in texts))), *filter(None, extra))
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


# 1、村组职责：… / 2、相关部门职责：… / 3、各乡镇任务：…: a title naming whose duties follow
_DUTY_TITLE = re.compile(r"^[^，,。；;：:]{1,12}(?:职责|责任|分工|任务)\s*[:：]\s*")


def _duty_title_roles(text: str) -> Roles | None:
    """相关部门职责：镇督查组负责…；土地办负责…: after a title naming whose duties follow, each duty opens with the
    unit that does it (its lead)."""
    match = _DUTY_TITLE.match(text)
    if match is None:
        return None
    roles = Roles()
    for segment in split_top(text[match.end() :], "；;。"):
        found, _ = opening_roles(segment.strip(), [], first=False)
        for name in ("lead", "cooperating"):
            getattr(roles, name).extend(u for u in getattr(found, name) if u not in getattr(roles, name))
        roles.phrase = "；".join(filter(None, (roles.phrase, found.phrase)))
    return roles if roles.all() else None


def _local_lines(texts: list[tuple[Paragraph, str]]) -> list[Roles]:
    """牵头单位：… / 配合单位：… / 各乡镇(街道)、黎阳建管办: a line of local units with no label of its own, right
    after the label lines, names who does the work in each place (the implementing group)."""
    out: list[Roles] = []
    for (_, before), (_, text) in pairwise(texts):
        if not label_roles(before) or label_roles(text):
            continue
        units = split_units(text.strip(" 。；;"))
        if units and all(is_unit_like(u) or is_generic(u) for u in units) and is_local(units[0]):
            out.append(Roles(implementing=units, phrase=text.strip()))
    return out


# 2019年任务：一是…；2020年任务：一是4月底前…: a work list for each year of a plan that spans several
_YEAR_LIST = re.compile(r"(\d{4})\s*年(?:度)?(?:的)?(?:工作|重点)?(?:任务|工作)\s*[:：]")


def yearly_deadlines(text: str, year: int, goal: bool = False) -> list[Deadline]:
    """The deadlines of a text. Under 2020年任务： a month without a year is in 2020 (not in the plan's year), and a
    year's list that dates none of its tasks is due by the end of that year (2019年任务：一是完成… → 2019-12-31)."""
    marks = list(_YEAR_LIST.finditer(text))
    bounds = [0, *(m.start() for m in marks), len(text)]
    out: list[Deadline] = []
    for k, (begin, end) in enumerate(pairwise(bounds)):
        part = text[begin:end]
        listed = int(marks[k - 1].group(1)) if k > 0 else None
        part_year = listed or year
        found = [m for m in find_deadlines(part, part_year) if not target_year(part, m.start, m.text, goal, part_year)]
        out.extend(Deadline(m.text, m.date, None, m.begin) for m in found)
        if listed and not found and 2000 <= listed <= 2100:
            words = re.split(r"[。；;]", part, maxsplit=1)[0].strip()
            out.append(Deadline(words, date(listed, 12, 31)))
    return out


# 到2020年 / 到2021年底 / 到2019年6月底(前): the time a goal is reached
_TO_YEAR = re.compile(r"^(?:到|至|截至|截止)?\s*\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:底|末)?(?:前|之前)?$")
_TO_BEFORE = re.compile(r"(?:到|至|截至|截止)\s*$")


def _sentence_at(text: str, start: int) -> str:
    ends = [found for mark in "。；;" if (found := text.find(mark, start)) != -1]
    return text[start : min(ends, default=len(text))]


def target_year(text: str, start: int, words: str, goal: bool = False, plan_year: int = 0) -> bool:
    """到2020年 in 到2020年，全市用水总量控制在11.88亿立方米以内 names the year a target refers to, not a deadline:
    so does any 到…年 in a goals section (到2025年创建国家生态文明建设示范市). 2020年底前完成 stays a deadline."""
    words = words.strip()
    to_word = text[start : start + 1] in ("到", "至", "截") or _TO_BEFORE.search(text[max(0, start - 3) : start])
    bare = re.fullmatch(r"\d{4}\s*年", words) and re.match(r"\s*[,，]", text[start + len(words) :])
    if bare:  # 2020年，全市用水总量控制在…: the year of a target, not a deadline (2025年，水质基本达标 is one)
        # in a goals section the plan's own year (2018年，全市水质进一步改善 in a 2018 plan) says which year's
        # goals follow, not by when something is done
        own_year = goal and plan_year and words.startswith(str(plan_year))
        return bool(own_year or targets_in(_sentence_at(text, start)))
    if not _TO_YEAR.match(words) or not to_word:
        return False
    if goal:
        return True
    end = len(text)
    for mark in "。；;":
        found = text.find(mark, start)
        if found != -1:
            end = min(end, found)
    return bool(targets_in(text[start:end]))


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
            for unit in getattr(roles, role):
                # 市工业和信息化局 in one clause, 工业和信息化局 in the next: one unit, written in full once
                if unit not in target and not any(t[1:] == unit and t[0] in LEVELS for t in merged.all()):
                    target.append(unit)
        merged.carry.extend(u for u in roles.carry if u not in merged.carry)
        if roles.phrase:
            phrases.append(roles.phrase)
    merged.phrase = "；".join(phrases)
    return merged


_TASK_SECTION = re.compile(r"(?:重点|主要|工作|具体)任务(?:及|和|与)")


def _bare_heading(item: Item) -> bool:
    """（四）进一步加大环境管理 at a page's end, its items cut off: a heading with nothing under it is no task."""
    return (
        len(item.paras) == 1
        and "\n" not in item.text
        and len(item.text) <= 30
        and not re.search(r"[。；;，,]", item.text)
    )


def task_candidates(items: list[Item]) -> list[Item]:
    """Items that are tasks: those naming a responsible unit, and their siblings (a task whose unit is missing is
    still a task, flagged). When no item names a unit, every item of the deepest numbered level."""
    items = [i for i in items if not i.block]  # a block heading's record: its measures are the tasks
    duties = under_overall(items)  # the lead of the whole work and its duties: no tasks
    items = [i for i in items if id(i) not in duties]
    with_roles = [i for i in items if i.roles]
    if not with_roles:
        return [i for i in items if not i.from_table and not NOT_TASKS.search(f"{i.section} {i.title}")]
    sections = {i.section for i in with_roles}
    # a section where most numbered items name their units is a division of work, whatever its heading says
    # (一、确保完成主要预期目标 / 1.…（国务院各部门负责） 2.城镇新增就业900万人以上): its items are all tasks
    divided = {
        s
        for s in sections
        if 2 * sum(bool(i.roles) for i in items if i.section == s and i.label)
        > sum(1 for i in items if i.section == s and i.label)
    }
    return [
        i
        for i in items
        if i.roles
        or (
            i.section in sections
            and not i.from_table
            and i.label
            and not _bare_heading(i)
            and (
                i.section in divided
                or not NOT_TASKS.search(f"{i.section} {i.title}")
                # 四、重点任务及时间安排: a section that names its items as tasks holds tasks, dated or not
                or (_TASK_SECTION.search(i.section) and not NOT_TASKS.search(i.title))
            )
        )
    ]
