"""Unit names in plans: what reads as a unit or a group of units, and how a list of units shares what it writes once
(a level prefix, an organisation word, a place's tail). Used by the clause reader (responsibility.py), the table
readers and the registry."""

from __future__ import annotations

import re

from generator.plan.importer.model import Roles
from generator.plan.importer.text import fold, split_top

ORG_SUFFIXES = sorted(
    """人民政府 政府 办事处 管委会 管理委员会 委员会 指挥部 领导小组 办公室 研究室 工作组 专班
    分局 局 党委 党工委 纪委 监委 委 办 厅 部 司 处 科 院 所 站 中心 总队 支队 大队 中队 公司 集团
    合作社 协会 学会 联合会 工会 妇联 团委 科协 侨联 残联 工商联
    文联 银行 人行 海关 法院 检察院 街道 社区 村委会 居委会 单位 部门 机构 乡镇 镇 乡
    督查组 督导组 检查组 指导组 巡查组 小组 村组""".split(),
    key=len,
    reverse=True,
)
_NOT_ORG = re.compile(
    r"(督办|交办|分办|承办|举办|开办|创办|包办|申办|代办|查办|严办|[全内外局东西南北中上下]部|[之好到一二三四五六七八九十各此长短难益]处|"
    r"[场厕住]所|网站|[学专本]科|城镇|城乡|村镇|[大例座]会|社会|[上各]司|官司)$"
)
GENERIC = re.compile(
    r"^(?:各|相关|有关|其他|其余|区直|市直|县直)*(?:成员单位|责任单位|牵头单位|配合单位|单位|部门|镇街|镇|乡|乡镇|街道|园区|社区|村|"
    r"县区|开发区|管委会|委办局|委、办、局|"
    # a level with the other levels it stands for in brackets: 镇(街), 乡（镇）, 县(市、区), 乡镇（街道）, 市(州)
    r"(?:县|区|市|镇|乡|乡镇|镇街|街道)[(（](?:[县区市镇乡街道州旗场]|、){1,6}[)）])$"
)
_PLACE_THEN_ORG = re.compile(
    r"^(.+?(?:区|县|市|镇|乡|街道|旗))((?:党工委|党委|管委会|人民政府|政府|办事处|管理委员会)(?:(?:和|及|、)"
    r"(?:党工委|党委|管委会|人民政府|政府|办事处|管理委员会))*)$"
)
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
# a note after a unit's name that says how the units share the work (市生态环境局(按职能分工)), not part of it
SHARE_NOTE = re.compile(r"[(（]\s*(?:按照?职(?:能|责)(?:分工)?(?:负责)?|分别负责|各负其责)\s*[)）]")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def clean_name(part: str) -> str:
    """One unit's name as written, without what is not part of it: a note (〈含…，下同〉), the spaces a PDF left
    between its characters (区发改 局), a closing bracket of the clause around it (各街道办) at a clause's end)."""
    name = SHARE_NOTE.sub("", _NAME_NOTE.sub("", part.strip())).strip()
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
                # a place's organisation word (管委会, 人民政府) is shared by the places before it only:
                # 城乡一体化示范区、高新区管委会, not 滁州海关、市人行、高新区管委会
                of_place = _PLACE_THEN_ORG.match(parts[-1]) is not None
                parts = [
                    p + suffix
                    if not org_suffix(p) and not is_generic(p) and len(p) >= 2 and (not of_place or _is_place(p))
                    else p
                    for p in parts
                ]
            first_each = next((k for k, p in enumerate(parts) if p.startswith("各")), None)
            if first_each is not None:
                # 各乡镇人民政府、街道办事处: a level's office after a 各 group is a group too (各街道办事处); so is
                # a kind of place (区环保局、各镇、街道、工业园区 → 各街道, 各工业园区) and a level (各区、县级市 →
                # 各县级市): 各 is written once, and so is what qualifies it (各有关区、县级市 → 各有关县级市)
                each = "各" + next((w for w in ("有关", "相关") if parts[first_each].startswith(w, 1)), "")
                parts = parts[: first_each + 1] + [
                    p
                    if "各" in p
                    or p.startswith(("相关", "有关"))
                    or not (
                        GENERIC.match(fold(p))
                        or _LEVEL_OFFICE.match(fold(p))
                        or _PLACE_KIND.match(fold(p))
                        or _LEVEL_KIND.match(fold(p))
                    )
                    else each + p
                    for p in parts[first_each + 1 :]
                ]
            parts = _share_level_prefix(parts)
        out.extend(p for p in parts if p not in out)
    return out


_LEVEL = "省市区县州盟旗"
_PLACE_KIND = re.compile(r"^(?:工业|产业|经济|农业|物流)?(?:园区|开发区|集中区|集聚区)$")
_LEVEL_KIND = re.compile(r"^(?:县级市|县级区|地级市|县|市|区|旗|盟|州|自治县|自治旗)$")
_LEVEL_OFFICE = re.compile(r"^(?:乡镇|镇|乡|街道|社区|村)(?:人民政府|政府|办事处|党委|党工委|居委会|村委会)$")
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


def _is_place(name: str) -> bool:
    """A bare place name (高新区, 城乡一体化示范区, 某某镇), which takes the organisation word its list writes once."""
    return _PLACE_THEN_ORG.match(name + "管委会") is not None


def _has_level(name: str) -> bool:
    return bool(level_prefix(name))


def level_prefix(name: str) -> str:
    """The administrative level a unit's name opens with (市 of 市水利局, 自治区 of 自治区生态环境厅), or ""."""
    if name.startswith(("自治区", "自治州", "自治县", "自治旗")) and len(name) > 4:
        return name[:3]
    return name[:1] if name[:1] in _LEVEL and not _NOT_A_LEVEL.match(name) else ""


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
    prefix = level_prefix(first)
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
        bare = unit[len(level_prefix(unit)) :]
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


_BRACKETS = r"(?:[(（][^()（）]*[)）])?"  # 县(市), 区人民政府(管委会)
_ONE_LEVEL = re.compile(rf"[县市区乡镇]{_BRACKETS}(?:人民政府|政府|党委和人民政府|党委|管委会)?{_BRACKETS}")


def _join_levels(parts: list[str]) -> list[str]:
    """各县、区人民政府 → one part: 各 followed by single administrative levels listed with 、."""
    out: list[str] = []
    for part in parts:
        # 各县、市、区政府: the levels already joined keep taking the next one
        # (a single level, or one with the organisation word the list shares: 各区、县级市 are two groups)
        if out and re.fullmatch(r"各?[县市区乡镇](?:、[县市区乡镇])*", out[-1]) and _ONE_LEVEL.fullmatch(part):
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


_LOCAL = re.compile(
    r"(?:人民政府|政府|管委会|管理委员会|办事处|街道办|街办|街道|镇|乡|村|镇街|乡镇|县市区|县区|区县|开发区|园区|新区|示范区|"
    r"各区|各县|各市|县级市|各旗|各(?:有关|相关)(?:区|县|市|旗))$"
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
