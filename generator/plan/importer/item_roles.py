"""Responsibility an item states in ways of its own: a unit as its title, a duty title, a line of local units.

Beside 牵头单位：… labels and (责任单位：…) brackets (read in `labels` and `responsibility`), an item may open with
the unit that does it (1、区住建局。排查…), with a title naming whose duties follow (村组职责：各村组负责…), or
list the places that carry it out on a line of their own under its labels. `merge_roles` joins what every reading found
into the item's one set of roles.
"""

from __future__ import annotations

import re
from itertools import pairwise

from generator.plan.importer.labels import label_roles
from generator.plan.importer.model import Paragraph, Roles
from generator.plan.importer.responsibility import extend_units, opening_roles
from generator.plan.importer.text import split_top
from generator.plan.importer.unit_names import is_generic, is_local, is_unit_like, split_units

LEVELS = "省市区县州"
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


# 1、村组职责：… / 2、相关部门职责：… / 3、各乡镇任务：…: a title naming whose duties follow
_DUTY_TITLE = re.compile(r"^[^，,。；;：:]{1,12}(?:职责|责任|分工|任务)\s*[:：]\s*")


def duty_title_roles(text: str) -> Roles | None:
    """相关部门职责：镇督查组负责…；土地办负责…: after a title naming whose duties follow, each duty opens with the
    unit that does it (its lead)."""
    match = _DUTY_TITLE.match(text)
    if match is None:
        return None
    roles = Roles()
    for segment in split_top(text[match.end() :], "；;。"):
        found, _ = opening_roles(segment.strip(), [], first=False)
        for name in ("lead", "cooperating"):
            extend_units(getattr(roles, name), getattr(found, name))
        roles.phrase = "；".join(filter(None, (roles.phrase, found.phrase)))
    return roles if roles.all() else None


# (二)明确部门责任 / 注重协调配合 / 落实部门职责: an item that gives each department its part, sentence by sentence
_DEPARTMENTS_TITLE = re.compile(r"(?:(?:部门|各方|单位)(?:责任|职责)(?:分工)?|职责分工|责任分工|协调配合|分工协作)$")
# 省环保厅会同省国土厅、住建厅等部门，负责指导… / 省法院负责指导… / 省检察院指导…
_DEPARTMENT_DUTY = re.compile(
    r"^(?P<units>[^，,。；;：:（(]{2,80}?)"
    r"(?:会同(?P<with>[^，,。；;：:（(]{2,120}?)(?:等(?:相关|有关)?(?:部门|单位))?[，,]?\s*)?"
    r"(?:共同|具体)?(?:牵头)?(?:负责|指导|主抓)"
)


def department_duties(title: str, text: str) -> Roles | None:
    """Under a title such as 明确部门责任, every sentence that opens with a unit and 负责 / 指导 names a lead (the
    units it works 会同 cooperate); sentences about every department (各部门要…) or a body to be set up name none."""
    if not _DEPARTMENTS_TITLE.search(title):
        return None
    roles = Roles()
    for sentence in re.split(r"[。；;]", text):
        match = _DEPARTMENT_DUTY.match(sentence.strip())
        if match is None:
            continue
        lead = split_units(match["units"])
        with_units = split_units(match["with"]) if match["with"] else []
        if not lead or not all(is_unit_like(u) and not is_generic(u) for u in lead):
            continue
        if not all(is_unit_like(u) or is_generic(u) for u in with_units):
            continue
        extend_units(roles.lead, lead)
        extend_units(roles.cooperating, with_units)
        roles.phrase = "；".join(filter(None, (roles.phrase, match.group(0))))
    return roles if roles.all() else None


def local_line_roles(texts: list[tuple[Paragraph, str]]) -> list[Roles]:
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


def merge_roles(*all_roles: Roles) -> Roles:
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
