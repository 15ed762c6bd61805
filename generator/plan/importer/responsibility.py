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

ORG_SUFFIXES = sorted(
    """人民政府 政府 办事处 管委会 管理委员会 委员会 指挥部 领导小组 办公室 研究室 工作组 专班
    分局 局 党委 党工委 纪委 监委 委 办 厅 部 司 处 科 院 所 站 中心 总队 支队 大队 中队 公司 集团
    合作社 协会 学会 联合会 工会 妇联 团委 科协 侨联 残联 工商联
    文联 银行 法院 检察院 街道 社区 村委会 居委会 单位 部门 机构 乡镇 镇 乡""".split(),
    key=len,
    reverse=True,
)
_NOT_ORG = re.compile(
    r"(督办|交办|分办|承办|举办|开办|创办|包办|申办|代办|查办|严办|[全内外局东西南北中上下]部|[之好到一二三四五六七八九十各此长短难益]处|"
    r"[场厕住]所|网站|[学专本]科|城镇|城乡|村镇|[大例座]会|社会|[上各]司|官司)$"
)
GENERIC = re.compile(
    r"^(?:各|相关|有关|其他|其余|区直|市直|县直)*(?:成员单位|责任单位|牵头单位|配合单位|单位|部门|镇街|镇|乡|乡镇|街道|园区|社区|村|"
    r"县区|县\(市、区\)|县（市、区）|开发区|管委会|委办局|委、办、局|镇（街道）|镇\(街道\)|乡（镇）|乡\(镇\))$"
)
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
_CARRY_AFTER_COMMA = re.compile(r"[,，;；]\s*(?=(?:本方案部署的)?以下)")
# 排在前位为牵头部门 / 排在首位的为牵头单位: in the list of units the first one leads, the others cooperate.
# 列第一位者为牵头或汇总单位 / 排在第一位的为牵头单位 / 列首位的是牵头部门: the same note in other words.
_FIRST_LEADS = re.compile(r"(?:排在|排名|列在?|位列)(?:前位|首位|第一位?|最前)(?:的|者|单位|部门)?(?:为|是)牵头")
_MARK = re.compile(r"\s*[(（](牵头|主责|主办|配合|参与|协办|落实)[)）]\s*$")
_MARKS = re.compile(r"\s*[(（](?:牵头|主责|主办|配合|参与|协办|落实)[)）]")
_VERBS = [
    (re.compile(r"(?:牵头负责|牵头抓总|总牵头|牵头|为牵头单位|为责任单位|主抓|统筹)$"), "lead"),
    (
        re.compile(
            r"(?:(?:按照|按|根据|依据|依照|依)(?:各自)?(?:的)?职?责(?:分工)?(?:负责|落实|抓好落实)?|分工负责|共同负责|分别负责|各负其责|"
            r"负总责)$"
        ),
        "lead",
    ),
    (re.compile(r"(?:负责落实|具体落实|抓好落实|组织落实|贯彻落实|负责实施|组织实施|具体实施|落实)$"), "implementing"),
    (re.compile(r"(?:积极配合|支持配合|配合|协助|协同|共同参与|参与|协办|支持|为配合单位)$"), "cooperating"),
    (re.compile(r"(?:具体负责|负责)$"), "responsible"),
]
_OPENING = re.compile(r"^(?:由)?(?P<units>[^，,。；;：:（(]{2,80}?)(?:牵头负责|具体负责|负责|牵头)(?!人|同志|制)")
_ASSIST = re.compile(r"^(?:协助|配合)(?P<units>[^，,。；;：:]{2,40}?)(?:负责|做好|开展|完成|推进|实施|抓好|共同)")
_PLACE_THEN_ORG = re.compile(
    r"^(.+?(?:区|县|市|镇|乡|街道|旗))((?:党工委|党委|管委会|人民政府|政府|办事处|管理委员会)(?:(?:和|及|、)"
    r"(?:党工委|党委|管委会|人民政府|政府|办事处|管理委员会))*)$"
)
_SELF = re.compile(r"^(?:具体负责|牵头负责|负责|牵头)(?!单位|部门)")
_TRIM = re.compile(r"^(?:由|请|要求)|等(?:其他|其它)?(?:相关|有关)?(?:职能)?(?:单位|部门)?$")


def org_suffix(name: str) -> str:
    """The organisation word a name ends with (局, 管委会, 人民政府 …), or ""."""
    if _NOT_ORG.search(name):
        return ""
    return next((s for s in ORG_SUFFIXES if name.endswith(s) and len(name) > len(s)), "")


def is_generic(name: str) -> bool:
    """相关成员单位, 各镇街, 各县(市、区)人民政府 …: a group of units rather than one unit."""
    plain = fold(name)
    return bool(GENERIC.match(plain)) or plain.startswith(("各", "相关", "有关", "其他"))


def is_unit_like(name: str) -> bool:
    """Reads as the name of a unit or group of units: ends with an organisation word, no sentence punctuation."""
    name = name.strip()
    if not 2 <= len(name) <= 30 or re.search(r"[。；;：:，,！？!?“”\"]", name):
        return False
    if re.search(r"[、]", name.replace("(市、区)", "").replace("（市、区）", "")):
        return False
    return bool(org_suffix(name)) or bool(GENERIC.match(fold(name)))


# A note a plan writes inside a unit's name: 各区人民政府〈含开发区、风景区管委会，下同〉, 各街道（含园区，下同）.
_NAME_NOTE = re.compile(r"\s*[〈<(（][^〈〉<>()（）]*(?:含|包括|下同)[^〈〉<>()（）]*[〉>)）]\s*$")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def clean_name(part: str) -> str:
    """One unit's name as written, without what is not part of it: a note (〈含…，下同〉), the spaces a PDF left
    between its characters (区发改 局), a closing bracket of the clause around it (各街道办) at a clause's end)."""
    name = _NAME_NOTE.sub("", part.strip())
    name = _CJK_GAP.sub("", name)
    for opener, closer in ("()", "（）", "〔〕", "[]", "【】"):
        while name.endswith(closer) and name.count(closer) > name.count(opener):
            name = name[:-1].rstrip()
    # 省发改委(省能源局), 区民政局(区委社会工委): the other name of the same office in brackets after a specific
    # unit is a note, not part of the name; a group keeps its brackets (各街道(园区), 各县(市、区)政府)
    other = _OTHER_NAME.match(name)
    specific = not name.startswith(("各", "相关", "有关"))
    if other and specific and org_suffix(other["name"]) and org_suffix(other["note"]):
        name = other["name"]
    return name


_OTHER_NAME = re.compile(r"^(?P<name>[^()（）]{3,})[(（](?P<note>[^()（）]{2,})[)）]$")


def split_units(text: str) -> list[str]:
    """区发改委、经信委 / 城乡一体化示范区、高新区管委会 / 海陵环保局,各镇街、园区 → one name per unit.

    Commas separate groups and 、 the units inside a group, so a shared suffix or 各 applies within its group only.
    Within a group, what the list writes once is shared:
    - the level prefix of the first unit: 市发展和改革局、工业和信息化局、自然资源局 → 市工业和信息化局 …
      (never onto a group, a 分局 or a unit of its own place: 区经信委、各园区 keeps 各园区);
    - the organisation word of the last: 城乡一体化示范区、高新区管委会;
    - the tail of the last after place names of one length: 临汾、侯马、洪洞经济开发区管委会.
    各县、区人民政府 is one group, not two.
    """
    text = _TRIM.sub("", text.strip(" ，,;；。、"))
    out: list[str] = []
    for group in split_top(text, "，,;；"):
        parts: list[str] = []
        for part in _join_levels(split_top(group, "、/")):
            words = part.split()
            if len(words) > 1 and all(is_unit_like(w) for w in words):  # 市规划局 市建设局 (a table cell)
                parts.extend(words)
                continue
            parts.extend(_split_conjunction(_TRIM.sub("", clean_name(part))))
        parts = [p for p in parts if p]
        if len(parts) > 1:
            parts = _share_place_tail(parts)
            suffix = shared_suffix(parts[-1])
            if suffix and suffix not in ("单位", "部门"):
                parts = [p + suffix if not org_suffix(p) and not is_generic(p) and len(p) >= 2 else p for p in parts]
            if parts[0].startswith("各"):
                parts = [
                    p if "各" in p or p.startswith(("相关", "有关")) or not GENERIC.match(fold(p)) else "各" + p
                    for p in parts
                ]
            parts = _share_level_prefix(parts)
        out.extend(p for p in parts if p not in out)
    return out


_LEVEL = "省市区县州盟旗"
_OWN_PLACE = re.compile(r"(?:区|县|镇|乡|街道|园区|开发区|新区|示范区)|(?:政府|管委会|党委|党工委|办事处)$")
# Words with 乡/镇/区 in them that name a field of work, not a place: 住房和城乡建设局 is no unit of a township.
_NOT_PLACE_WORDS = re.compile(r"城乡|乡村|城镇|村镇|乡镇企业|区域|社区")
_NOT_A_LEVEL = re.compile(r"^(?:市场|市政|区域|县域|省级|市级|区级|县级)")
# The words a government department's name starts with (a field of work). A bare name after a prefixed first unit
# that starts with one of them is a department of the same level (市工信委、城乡建设局 → 市城乡建设局); a bare name that
# starts otherwise begins with a place of its own (区人社局、海陵环保局 keeps 海陵环保局).
_DEPARTMENT_STEM = re.compile(
    r"^(?:发展|发改|工业|工信|经信|经济|科技|科学技术|教育|教体|公安|民政|司法|财政|人力|人社|自然资源|国土|规划|生态|环境|环保|"
    r"住房|住建|城乡|建设|城管|城市管理|交通|水利|水务|水产|农业|农村|农委|林业|林水|园林|商务|文化|文旅|文广|广电|旅游|卫生|卫健|"
    r"卫计|应急|安监|审计|统计|市场|工商|质监|质量|食药|国资|体育|医保|医疗保障|气象|粮食|供销|税务|金融|邮政|环卫|房管|房产|"
    r"物价|海洋|渔业|畜牧|农机|扶贫|移民|能源|电力|海事|宣传|组织|编办|政法|档案|信访|人防|外事|侨务|民宗|民族|机关事务|"
    r"行政审批|数据|大数据|退役军人|综合执法|执法|消防|地震|水文|经合|招商|住保|乡村振兴)"
)


def _has_level(name: str) -> bool:
    return name[:1] in _LEVEL and not _NOT_A_LEVEL.match(name)


def _own_place(part: str) -> bool:
    """The name begins with a place of its own (a county, a township, a park …), not with a field of work."""
    head = part[: len(part) - len(org_suffix(part))] or part
    return bool(_OWN_PLACE.search(_NOT_PLACE_WORDS.sub("", head)))


def _share_level_prefix(parts: list[str]) -> list[str]:
    first = parts[0]
    bare = [p for p in parts[1:] if not _has_level(p) and not is_generic(p) and not p.endswith("分局")]
    # Only a list that plainly writes the prefix once (the first unit has it, those after it do not, none repeats it)
    # shares it: two or more bare names after it, or one that starts with a field of work (市工信委、城乡建设局).
    # 区人社局、海陵环保局 names a unit of its own place, and a 分局 belongs to the level above.
    if not (_has_level(first) and org_suffix(first) and not is_generic(first)) or not bare:
        return parts
    if len(bare) < 2 and not all(_DEPARTMENT_STEM.match(p) for p in bare):
        return parts
    if any(_has_level(p) for p in parts[1:]):
        return parts
    prefix = first[0]
    out = [first]
    for part in parts[1:]:
        own = _has_level(part) or is_generic(part) or _own_place(part)
        out.append(part if own or not org_suffix(part) or part.endswith("分局") else prefix + part)
    return out


def shared_prefix_names(roles: Roles) -> list[tuple[str, str]]:
    """(经信委, 区经信委) for each unit whose level prefix came from the unit before it in the list (区经信委、农委):
    the clause wrote the bare name, so the clerk sees it as a name of the unit it was read as."""
    phrase = fold(roles.phrase)
    out = []
    for unit in roles.all():
        bare = unit[1:]
        written_bare = re.search(rf"[、/]{re.escape(bare)}", phrase)
        if _has_level(unit) and org_suffix(bare) and unit not in phrase and written_bare:
            out.append((bare, unit))
    return out


def _share_place_tail(parts: list[str]) -> list[str]:
    """临汾、侯马、洪洞经济开发区管委会: bare place names of one length before a last name that starts with one."""
    *heads, last = parts
    size = len(heads[0])
    if not 2 <= size <= 3 or any(len(h) != size or org_suffix(h) or is_generic(h) for h in heads):
        return parts
    tail = last[size:]
    if len(tail) < 3 or not org_suffix(tail) or not _OWN_PLACE.search(tail):
        return parts
    return [h + tail for h in heads] + [last]


def _join_levels(parts: list[str]) -> list[str]:
    """各县、区人民政府 → one part: 各 followed by single administrative levels listed with 、."""
    out: list[str] = []
    for part in parts:
        # 各县、市、区政府: the levels already joined keep taking the next one
        if out and re.fullmatch(r"各?[县市区乡镇](?:、[县市区乡镇])*", out[-1]) and part[:1] in "县市区乡镇":
            out[-1] = out[-1] + "、" + part
        else:
            out.append(part)
    return out


def _split_conjunction(part: str) -> list[str]:
    """区委宣传部和区教育局 → two units; 市工业和信息化局 stays one (市工业 is not a unit), and so does
    各县(市、区)党委和人民政府 (人民政府 alone names no unit: it is the same county's government)."""
    for word in ("以及", "和", "及", "与"):
        if word in part:
            left, right = part.split(word, 1)
            if is_unit_like(left) and is_unit_like(right) and not _bare_org(right):
                return [left, *_split_conjunction(right)]
    return [part]


def _bare_org(name: str) -> bool:
    suffix = org_suffix(name) or name
    return name in ORG_SUFFIXES or name[: len(name) - len(suffix)] in ("", "人民", "党工委和", "党委和")


def shared_suffix(name: str) -> str:
    """What a list shares from its last unit: 高新区管委会 → 管委会, 高新区党工委和管委会 → 党工委和管委会,
    市水利局 → 局."""
    match = _PLACE_THEN_ORG.match(name)
    if match:
        return match.group(2)
    return org_suffix(name)


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
            marked = cell_roles(_DUTY_TAIL.sub("", text[end:stop].strip(" 。")), default)
            # 协同责任单位：市经信局等，各县、市、区政府 — a 责任单位 label: the local group after the comma does
            # its own part, as under 责任单位 (a plain 配合单位：…，各镇街 keeps its local units cooperating)
            if role == "cooperating" and "责任" in folded[labelled[i][0] : end]:
                after = split_top(_DUTY_TAIL.sub("", text[end:stop].strip(" 。；;")), ",，")
                local = split_units(after[-1]) if len(after) > 1 else []
                if local and all(is_local(u) for u in local):
                    marked.cooperating = [u for u in marked.cooperating if u not in local]
                    _extend(marked.implementing, local)
            if role in ("responsible", "member"):  # 责任单位：市生态环境局，各县市区 — local units do their own part
                local = [u for u in marked.lead + marked.cooperating if is_local(u)]
                marked.lead = [u for u in marked.lead if u not in local]
                marked.cooperating = [u for u in marked.cooperating if u not in local]
                _extend(marked.implementing, local)
            for name in ("lead", "cooperating", "implementing"):
                _extend(getattr(roles, name), getattr(marked, name))
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
                _extend(getattr(roles, role), units)
            break
        else:
            units = split_units(segment)
            if not units or not all(is_unit_like(u) for u in units):
                return None
            pending.extend(units)
    if not assigned:
        return Roles(lead=pending, phrase=text) if bare_is_lead and pending else None
    _extend(roles.cooperating if led else roles.lead, responsible)
    _extend(roles.implementing if roles.lead else roles.lead, pending)
    return roles


# The time part of a clause after its units: 年内持续推进, 2024年底前完成, 长期坚持, 持续推进.
_WHEN = re.compile(
    r"^(?=.)(?:(?:\d{4}\s*年)?(?:\d{1,2}\s*月)?(?:年内|年底前?|月底前?|底前|前|内|上半年|下半年|长期|持续|常态化|逐步|分步|)"
    r"(?:持续推进|长期坚持|完成|推进|实施|开展|落实|坚持|有序推进|持续开展)?)$"
)
_LOCAL = re.compile(
    r"(?:人民政府|政府|管委会|管理委员会|办事处|街道办|街办|街道|镇|乡|村|镇街|乡镇|县市区|县区|区县|开发区|园区|新区|示范区|"
    r"各区|各县|各市)$"
)
_NOTE = re.compile(r"[(（〈<][^()（）〈〉<>]*[)）〉>]$")


def is_local(name: str) -> bool:
    """A unit with its own place (各街道, 六里坪镇, 各区人民政府, 立山经济开发区), not a department of one."""
    bare = name
    while _NOTE.search(bare):  # 各街道(园区), 各乡镇(街道): the note in brackets does not change what it is
        bare = _NOTE.sub("", bare)
    match = _LOCAL.search(bare)
    # 各街道办事处 is local; 区住建局办事处 is a department's office (the words before the place word decide)
    return match is not None and not re.search(r"(?:局|委|办|厅|部|处|站|所|中心)", bare[: match.start()])


def _extend(target: list[str], units: list[str]) -> None:
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
        _extend(getattr(roles, role), [unit])
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


def clause_roles(text: str, bare_is_lead: bool = False) -> Roles | None:
    """The roles of a clause that may carry a second sentence: a carry-forward rule or a 排在前位为牵头 note."""
    clause: list[str] = []
    carry: list[str] = []
    first_leads = False
    written = text
    # …古林镇、石碶街道（列第一位者为牵头或汇总单位，下同）: the note in brackets after the list, not a unit
    for start, end in reversed(bracket_spans(text)):
        if _FIRST_LEADS.search(fold(text[start:end])):
            first_leads = True
            text = text[:start] + text[end:]
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
        rule = _CARRY_AFTER_COMMA.search(folded)  # (牵头单位:…,实施单位:…,以下工作均需…落实,不再列出)
        carried = carry_units(folded[rule.start() + 1 :]) if rule else []
        if carried:
            carry.extend(u for u in carried if u not in carry)
        clause.append(sentence[: rule.start()] if rule and carried else sentence)
    roles = parse_clause("。".join(clause), bare_is_lead=bare_is_lead) if clause else None
    if roles is None and not carry:
        return None
    roles = roles or Roles(phrase=written)
    roles.phrase = written
    roles.carry = carry
    if first_leads:
        apply_first_leads(roles)
    for unit in carry:  # the clause that states the rule applies it to its own item too, as its 落实 unit
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
    match = _OPENING.match(text)
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
