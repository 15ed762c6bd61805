"""Who does what: 牵头 (lead), 配合 / 参与 / 协助 (cooperating) and 落实 (implementing) units of an item.

The forms met in plans, all handled by the same clause reader:
  (市水利局牵头,相关成员单位配合,各县(市、区)人民政府,城乡一体化示范区、高新区管委会落实)
  （X局、Y分局按职责分工负责，Z委员会、W局参与，各办事处负责落实）
  (牵头单位:区政府办;配合单位:海陵环保局,各镇街、园区)
  区农村工作办公室负责…   （a paragraph opening with its unit）
  负责… / 协助市水文局负责…   （the unit of the item goes on; 协助 makes the named unit the lead）
Units without a verb wait for the next verb (各县(市、区)人民政府, … 落实); a suffix written once is shared
(城乡一体化示范区、高新区管委会 → 城乡一体化示范区管委会, 高新区管委会); 各 is shared too
(各镇街、园区 → 各镇街, 各园区).
"负责" names the lead, unless a 牵头 unit is named in the same clause: then the 负责 units work under it (cooperating).
"""

from __future__ import annotations

import re

from generator.plan.importer.labels import LABELS, outermost
from generator.plan.importer.model import Roles
from generator.plan.importer.text import bracket_spans, fold, split_top
from generator.plan.importer.unit_names import is_generic, is_local, is_unit_like, split_units

# 以下各项均需各县(市、区)负责落实，不再列出: a rule for the items after it (carried forward), not a clause of its own.
_CARRY = re.compile(
    r"^(?:本方案部署的)?以下(?:各项|各条|所列|所有)?(?:[^均都皆需须要应由落，,。;；]{0,4}(?:工作|任务|措施|事项|政策|条款|内容))?"
    r"(?:均|都|皆|全部)?(?:需|须|要|应|由)*(?:要)?"
    r"(?P<units>.+?)(?:负责)?(?:抓好)?(?:落实|实施|承担)"
)
# 具体任务均涉及相关市(州)人民政府，不再做分工，下同: the named units take part in every item from here on,
# each in its own place (implementing), written as a sentence after the clause.
_CARRY_INVOLVES = re.compile(
    r"^(?:具体)?(?:各项)?(?:任务|工作|措施)?(?:均|都|皆)?涉及(?P<units>.+?)[,，;；]\s*不再(?:做|作|进行|单独)?(?:分工|列出)"
)
# 按职责分工负责 after the units of a 责任单位 label: how they share the work, not part of the last name.
_DUTY_TAIL = re.compile(
    r"(?:(?:按照|按|根据|依据|依照|依)(?:各自)?(?:的)?职?责(?:分工)?(?:负责|落实|抓好落实)?|分工负责|共同负责|分别负责|各负其责)$"
)
# 相关乡镇政府为责任主体，以下不再列出: the named units do the work in their place (implementing) — of this item, and
# with 以下…不再列出 (or 下同) of the items after it too; a sentence after the clause, not part of the last unit's name.
_SUBJECT = re.compile(
    r"^(?P<units>[^。]+?)(?:为|是|作为)(?:工作|落实|实施|属地)?责任主体(?:单位)?"
    r"(?P<rest>[,，;；]?\s*(?:以下|下同|后同).*)?$"
)
_CARRY_AFTER_COMMA = re.compile(r"[,，;；]\s*(?=(?:本方案部署的)?以下)")
# 排在前位为牵头部门 / 排在首位的为牵头单位: in the list of units the first one leads, the others cooperate.
# 列第一位者为牵头或汇总单位 / 排在第一位的为牵头单位 / 列首位的是牵头部门: the same note in other words.
# (列第一位者为工作牵头单位或汇总单位): a word or two between 为 and 牵头.
_FIRST_LEADS = re.compile(
    r"(?:排在|排名|列在?|位列)(?:前位|首位|第一位?|最前)(?:的|者|单位|部门)?(?:为|是)[\u4e00-\u9fff]{0,4}?牵头"
)
_MARK = re.compile(r"\s*[(（](牵头|主责|主办|配合|参与|协办|落实)[)）]\s*$")
_MARKS = re.compile(r"\s*[(（](?:牵头|主责|主办|配合|参与|协办|落实)[)）]")
_VERBS = [
    # 牵头督导 / 牵头推进 / 牵头组织实施: 牵头 with the verb of what the lead does
    (
        re.compile(
            r"(?:牵头(?:负责|抓总|督导|督办|督促|推进|组织(?:实施)?|协调|实施|落实|办理|抓好)|总牵头|牵头|为牵头单位|为责任单位|"
            r"主抓|统筹)$"
        ),
        "lead",
    ),
    (
        re.compile(
            r"(?:(?:按照|按|根据|依据|依照|依)(?:各自)?(?:的)?职?责(?:分工)?(?:负责|落实|抓好落实)?|分工负责|共同负责|分别负责|各负其责|"
            r"负总责)$"
        ),
        "lead",
    ),
    (re.compile(r"(?:负责落实|具体落实|抓好落实|组织落实|贯彻落实|负责实施|组织实施|具体实施|落实)$"), "implementing"),
    (re.compile(r"(?:积极配合|支持配合|配合|协助|协同|共同参与|参与|参加|协办|支持|为配合单位)$"), "cooperating"),
    (re.compile(r"(?:具体负责|负责)$"), "responsible"),
]
# 农机服务中心(农机监理站)负责…: a unit's second name in brackets, glued to it before the next name or the verb (a role
# mark such as (牵头) is no such note)
NAME_NOTE = re.compile(
    r"[(（](?![^()（）]*(?:牵头|配合|主责|主办|参与|协办|落实|负责))[^()（），,。；;]{1,12}[)）]"
    r"(?=\s*(?:[、，,和及]|牵头|具体负责|负责|会同))"
)
_OPENING = re.compile(r"^(?:由)?(?P<units>[^，,。；;：:（(]{2,80}?)(?:牵头负责|具体负责|负责|牵头)(?!人|同志|制)")
_ASSIST = re.compile(r"^(?:协助|配合)(?P<units>[^，,。；;：:]{2,40}?)(?:负责|做好|开展|完成|推进|实施|抓好|共同)")
_SELF = re.compile(r"^(?:具体负责|牵头负责|负责|牵头)(?!单位|部门)")


_QUALIFIED = re.compile(r"责任|主要|协同")


def _has_verbs(text: str) -> bool:
    """A label's text that says who does what with verbs (X牵头，Y参加) rather than listing units."""
    segments = [fold(s).strip() for s in split_top(text, ",，;；")]
    return any(pattern.search(seg) for seg in segments for pattern, role in _VERBS if role != "responsible")


def parse_clause(text: str, bare_is_lead: bool = False) -> Roles | None:
    """The roles a responsibility clause names, or None when it names none (an ordinary bracket)."""
    folded = fold(text)
    labelled = outermost([(m.start(), m.end(), role) for pattern, role in LABELS for m in pattern.finditer(folded)])
    if labelled:
        roles = Roles(phrase=text)
        named_lead = any(role == "lead" for _, _, role in labelled)
        for i, (_, end, role) in enumerate(labelled):
            stop = labelled[i + 1][0] if i + 1 < len(labelled) else len(text)
            default = {"responsible": "cooperating" if named_lead else "lead", "member": "cooperating"}.get(role, role)
            body = _DUTY_TAIL.sub("", text[end:stop].strip(" 。"))
            # 责任单位：X牵头，Y等有关部门参加，各镇街落实 — a clause with its verbs written after the label
            spoken = parse_clause(body) if role in ("responsible", "lead") and _has_verbs(body) else None
            if spoken is not None:
                for name in ("lead", "cooperating", "implementing"):
                    extend_units(getattr(roles, name), getattr(spoken, name))
                continue
            marked = cell_roles(body, default)
            # 协同责任单位 / 主要协作单位 / 协同配合单位：市经信局、滁州经开区管委会等，各县、市、区政府 — a
            # qualified label: the local units in it (a zone's committee among the departments, the group after
            # the comma) do their own part, as under 责任单位 (a plain 配合单位：…，各镇街 keeps them cooperating)
            if role == "cooperating" and _QUALIFIED.search(folded[labelled[i][0] : end]):
                local = [u for u in marked.cooperating if is_local(u)]
                marked.cooperating = [u for u in marked.cooperating if u not in local]
                extend_units(marked.implementing, local)
            # 责任单位：青浦工业园区 — a named place alone, with no department to lead it, leads its own work
            alone = not named_lead and marked.lead and all(is_local(u) and not is_generic(u) for u in marked.lead)
            if role in ("responsible", "member") and not alone:
                # 责任单位：市生态环境局，各县市区 — local units do their own part
                local = [u for u in marked.lead + marked.cooperating if is_local(u)]
                marked.lead = [u for u in marked.lead if u not in local]
                marked.cooperating = [u for u in marked.cooperating if u not in local]
                extend_units(marked.implementing, local)
            for name in ("lead", "cooperating", "implementing"):
                extend_units(getattr(roles, name), getattr(marked, name))
        return roles if roles else None
    roles = Roles(phrase=text)
    responsible: list[str] = []
    pending: list[str] = []
    led = assigned = False
    for segment in split_top(text, ",，;；。"):
        if assigned and _WHEN.search(fold(segment).strip()):
            continue  # (国务院各部门分别负责，年内持续推进): when the work is done, not who does it
        for pattern, role in _VERBS:
            match = pattern.search(fold(segment))
            if match is None:
                continue
            units = [*pending, *split_units(segment[: match.start()])]
            pending = []
            if not units or not all(is_unit_like(u) or is_generic(u) for u in units):
                return None
            assigned = True
            if role == "responsible":
                responsible.extend(units)
            else:
                led = led or role == "lead"
                extend_units(getattr(roles, role), units)
            break
        else:
            units = split_units(segment)
            if not units or not all(is_unit_like(u) for u in units):
                return None
            pending.extend(units)
    if not assigned:
        return Roles(lead=pending, phrase=text) if bare_is_lead and pending else None
    extend_units(roles.cooperating if led else roles.lead, responsible)
    extend_units(roles.implementing if roles.lead else roles.lead, pending)
    return roles


# The time part of a clause after its units: 年内持续推进, 2024年底前完成, 长期坚持, 持续推进.
_WHEN = re.compile(
    r"^(?=.)(?:(?:\d{4}\s*年)?(?:\d{1,2}\s*月)?(?:年内|年底前?|月底前?|底前|前|内|上半年|下半年|长期|持续|常态化|逐步|分步|)"
    r"(?:持续推进|长期坚持|完成|推进|实施|开展|落实|坚持|有序推进|持续开展)?)$"
)


def extend_units(target: list[str], units: list[str]) -> None:
    """`units` added to `target` in order, each once (a unit named in two clauses of an item has one part)."""
    target.extend(u for u in units if u not in target)


def cell_roles(text: str, default: str = "lead") -> Roles:
    """A list of units in a table cell or after a label; 市水利局（牵头）、市财政局 marks the lead in the list."""
    roles = Roles(phrase=text)
    marked: dict[str, str] = {}
    for part in split_top(text, "、，,;；/"):
        mark = _MARK.search(part)
        if mark:
            role = {"牵头": "lead", "主责": "lead", "主办": "lead", "落实": "implementing"}.get(mark.group(1))
            marked[part[: mark.start()].strip()] = role or "cooperating"
    plain = _MARKS.sub("", text)
    for unit in split_units(plain):
        role = marked.get(unit, "cooperating" if marked else default)
        extend_units(getattr(roles, role), [unit])
    return roles


def bracket_roles(text: str) -> list[tuple[Roles, tuple[int, int]]]:
    """Every bracketed responsibility clause in a paragraph, with its span (to keep it out of 工作要求).

    A bracket may hold more than the clause (〔…负责落实。以下各项工作均需各县、区人民政府落实，不再列出。〕):
    the clause, then a rule for the items after it (returned as `carry`) or a note such as 排在前位为牵头部门
    (the first unit leads, the others cooperate)."""
    out = []
    spans = bracket_spans(text)
    for start, end in spans:
        # bare names in brackets at the end name the lead (…完成清淤。（市水利局）), unless the bracket is glued to a
        # name as its note or other name: 各县(市、区)政府(管委会), 服务综合体(社区服务中心)
        glued = start > 0 and _WORD_END.search(text[start - 1])
        tail = not text[end:].strip(" 。.；;") and not glued
        roles = clause_roles(text[start + 1 : end - 1], bare_is_lead=tail)
        if roles is not None:
            out.append((roles, (start, end)))
    return out


_WORD_END = re.compile(r"[\u4e00-\u9fff）)]")
_POINT_STOP = re.compile(r"(?<=[\u4e00-\u9fff）)])\.(?=[\u4e00-\u9fff（(])")


def clause_roles(text: str, bare_is_lead: bool = False) -> Roles | None:
    """The roles of a clause that may carry a second sentence: a carry-forward rule or a 排在前位为牵头 note."""
    clause: list[str] = []
    carry: list[str] = []
    own: list[str] = []  # 相关乡镇政府为责任主体 (no rule for the items after it): this item's 落实 units
    first_leads = False
    written = text
    # …财 政厅、…等参 与，各地级以上市 人民政府…: a PDF broke lines inside words and the line ends became spaces; in
    # a clause written with its commas (the spaces separate nothing) a space between two characters is no gap
    if re.search(r"[,，、;；]", text):
        text = re.sub(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])", "", text)
    # …古林镇、石碶街道（列第一位者为牵头或汇总单位，下同）: the note in brackets after the list, not a unit
    for start, end in reversed(bracket_spans(text)):
        if _FIRST_LEADS.search(fold(text[start:end])):
            first_leads = True
            text = text[:start] + text[end:]
    # 负责落实.以下各项任务均需…落实: a page that writes its full stops as half-width points (not in 7.5%)
    text = _POINT_STOP.sub("。", text)
    for sentence in split_top(text.strip(), "。"):
        folded = fold(sentence).strip()
        if _FIRST_LEADS.search(folded):
            first_leads = True
            rest = _FIRST_LEADS.split(folded)[0].strip(" ,，;；")
            if rest:
                clause.append(rest)
            continue
        carried = carry_units(folded)
        if carried:
            carry.extend(u for u in carried if u not in carry)
            continue
        subject = _SUBJECT.match(folded)
        named = split_units(subject.group("units")) if subject else []
        if named and all(is_unit_like(u) or is_generic(u) for u in named):
            rest = subject.group("rest") or ""
            extend_units(carry if re.search(r"不再|下同|后同", rest) else own, named)
            continue
        rule = _CARRY_AFTER_COMMA.search(folded)  # (牵头单位:…,实施单位:…,以下工作均需…落实,不再列出)
        carried = carry_units(folded[rule.start() + 1 :]) if rule else []
        if carried:
            carry.extend(u for u in carried if u not in carry)
        clause.append(sentence[: rule.start()] if rule and carried else sentence)
    roles = parse_clause("。".join(clause), bare_is_lead=bare_is_lead) if clause else None
    if roles is None and not carry and not own:
        return None
    roles = roles or Roles(phrase=written)
    roles.phrase = written
    roles.carry = carry
    extend_units(roles.implementing, own)
    if first_leads:
        apply_first_leads(roles)
    # the clause that states the rule applies it to its own item too, as its 落实 unit — unless it names who 落实 its
    # own item (…相关园区、镇(街)负责落实。以下各项任务均需各园区、镇(街)落实)
    for unit in carry if not roles.implementing else []:
        roles.lead = [u for u in roles.lead if u != unit]
        roles.cooperating = [u for u in roles.cooperating if u != unit]
        if unit not in roles.implementing:
            roles.implementing.append(unit)
    return roles


def first_leads_from_here(phrase: str) -> bool:
    """（列第一位者为牵头或汇总单位，下同）: the note applies to the lists of the items after it as well."""
    folded = fold(phrase)
    match = _FIRST_LEADS.search(folded)
    return match is not None and "下同" in folded[match.end() :]


def apply_first_leads(roles: Roles) -> None:
    """Under a 列第一位者为牵头 note: of several leads the first one leads, the others cooperate."""
    if len(roles.lead) > 1:
        roles.cooperating = [*roles.lead[1:], *(u for u in roles.cooperating if u not in roles.lead)]
        roles.lead = roles.lead[:1]


def carry_units(sentence: str) -> list[str]:
    """以下均需各县(市)区政府落实，区政府无相关工作职能的，由…负责，不再列出 → [各县(市)区政府];
    具体任务均涉及相关市(州)人民政府，不再做分工 → [相关市(州)人民政府]."""
    match = _CARRY.match(fold(sentence).strip()) or _CARRY_INVOLVES.match(fold(sentence).strip())
    if not match:
        return []
    units = split_units(match.group("units"))
    return units if units and all(is_unit_like(u) or is_generic(u) for u in units) else []


def opening_roles(text: str, subject: list[str], first: bool) -> tuple[Roles, list[str]]:
    """Roles named where a paragraph opens, and the unit it is about (for the paragraphs after it).

    `first`: the paragraph carries the item's number, so a bare list of units before the first verb phrase
    (各乡（镇）人民政府，街道办事处，以点带面…) names who is responsible.
    """
    match = _ASSIST.match(text)
    if match:
        lead = split_units(match.group("units"))
        if lead and all(is_unit_like(u) for u in lead):
            return Roles(lead=lead, cooperating=list(subject), phrase=match.group(0)), subject
    match = _OPENING.match(text) or _OPENING.match(NAME_NOTE.sub("", text))
    if match:
        named = match.group("units")
        lead_text, _, with_text = named.partition("会同")
        lead = split_units(lead_text)
        cooperating = split_units(with_text) if with_text else []
        if lead and all(is_unit_like(u) for u in lead + cooperating):
            return Roles(lead=lead, cooperating=cooperating, phrase=match.group(0)), lead
    if subject and _SELF.match(text):
        return Roles(lead=list(subject), phrase=_SELF.match(text).group(0)), subject
    if first:
        units: list[str] = []
        segments = split_top(text, "，,")
        for segment in segments[:-1]:
            found = split_units(segment)
            if not found or not all(is_unit_like(u) for u in found):
                break
            units.extend(found)
        if units and len(units) < len(segments):
            return Roles(lead=units, phrase="，".join(units)), units
    return Roles(), subject
