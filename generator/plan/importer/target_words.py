"""The words of a quantified target: units, comparison words, and the indicator's name around its value.

不低于90％ / 不超过12.498亿立方米 / 较2020年下降7.5%: the units a value may carry (longest first, so 亿立方米 is
not read as 亿), the words before a value that give its operator (≥, ≤, =, or 下降 / 提高 against a baseline), the
suffixes after it (以上, 以内), and the filler words trimmed off the indicator's name (确保, 力争, 到2025年).
"""

from __future__ import annotations

import re

UNITS = sorted(
    """吨/月·平方公里 吨/(月·平方公里) 吨/平方公里·月 吨/月·km2
    个工作日 工作日 个月 % ‰ 个百分点 百分点 个点 倍 亿立方米 万立方米 立方米/万元 立方米/秒 立方米 亿m3 万m3
    m3/万元 m3 m³ 吨标煤/万元 吨标准煤/万元 吨标准煤 吨标煤 万吨 吨 千克 公斤 万元/亩 万元
    亿元 元/吨 元 平方公里 平方千米 平方米 km2 km² 公里 千米 km 万亩 亩 公顷 hm2 米
    毫克每升 毫克/升 mg/L 微克每立方米 微克/立方米 μg/m3 ug/m3 分贝 dB 天 小时 个 项 条 座 处 家 所 台 套
    宗 批 件 户 人次 万人次 万人 人 万名 名 辆 只 头 株 万株 棵 篇 场次 场 次 分
    万个 万户 万套 万辆 万件 万家 万座 万处 万人次 亿
    万平方米 万平方公里 万平方千米 万公里 万千米 万米 万公顷""".split(),  # 万 before a unit of area or length
    key=len,
    reverse=True,
)

COUNT_UNITS = set("条座个处项家所台套宗批件户辆只头株棵篇场") | {"场次"}

# people counted: 培训15万名…, 引进100名…人才 (a count of people is a target after a verb that develops them)
PEOPLE_UNITS = {"名", "万名", "人", "万人", "人次", "万人次"}

UNIT_NAMES = {"微克每立方米": "微克/立方米", "毫克每升": "毫克/升"}  # one name for one unit of measure

SOFT_OPERATOR = re.compile(r"^(?:达到|达|保持在|保持|稳定在|控制在|控制到)$")  # 以上 / 以下 after them decides ≥ or ≤

METRIC = re.compile(
    r"(率|系数|比例|比重|占比|指数|量|面积|长度|数量|个数|数|密度|浓度|强度|水平|值|度|天数|规模|容量|里程|产值|收入|投资|资金|经费|"
    r"覆盖率|增加值|能耗|时间|距离)(\([^)]*\))?$"
)

NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")

ANY_UNIT = re.compile("|".join(re.escape(u) for u in UNITS))

ALT_UNIT = re.compile(r"^\([^()]{1,8}\)")

SUFFIX = re.compile(r"^(?:及以上|以上|及以下|以下|以内|之内|内|左右)")

_OPERATORS = [  # (words right before the value, operator; "~" marks a change against a baseline)
    # 不得超过3天 / 不能低于90%: a limit written as what must not happen
    (r"≥|>=|≧|不低于|不少于|不小于|至少|大于等于|(?:不得|不能|不应|严禁)(?:低于|少于|小于)", "≥"),
    (
        r"≤|<=|≦|不超过|不高于|不大于|不多于|(?:不得|不能|不应|不宜|严禁)(?:超过|高于|大于|多于)|小于等于|控制在|控制到|压减到|压缩至|压缩到|缩短至|缩短到|降到|降至|降低到|下降到|减少到|减至",
        "≤",
    ),
    (r">|大于|高于|超过", ">"),
    (r"<|小于|低于", "<"),
    (r"达到|达|提高到|提升到|增加到|增长到|增至|保持在|保持|稳定在", "≥"),
    (r"为|等于", "="),
    (r"下降|降低|减少|削减|压减|降幅", "下降"),
    (r"提高|提升|增长|增加|上升|涨幅|增幅|增速", "提高"),
]

OPERATOR = re.compile(r"(?:" + "|".join(f"(?P<o{i}>{w})" for i, (w, _) in enumerate(_OPERATORS)) + r")\s*$")

STRIVE = re.compile(r"\s*(?:力争|争取|努力|最好)")

LOWER_BETTER = re.compile(r"浓度|降尘量|降尘|排放量|排放强度")

BASELINE = re.compile(
    r"(?:较|比|与|同)\s*(?:\d{4}\s*年(?:底|末)?|上年度?|去年|基期|基准年|现状)(?:相比|同期)?\s*$|在(.{1,12}?)基础上\s*$"
)

CLAUSE_ENDS = "，,；;。：:！？!?\n"

_FILLER = re.compile(
    r"^(?:[、，,和及与并且或者]|或|[一二三四五六七八九十]+是|确保|力争|争取|努力|使|让|实现|保持|进一步|持续|全面|基本|其中|同时|要|将|"
    r"以及|在|对|按照|"
    r"到\s*\d{4}\s*年底?|\d{4}\s*年(?:底|度)?前?|年底前?|年内|全年)+"
)

TRAILING_WORDS = re.compile(r"(?:要|应|须|必须|需|需要|均|都|分别|总体|稳定|力争|争取|确保)+$")

TIME_UNITS = ("个工作日", "工作日", "小时", "天", "个月")


def matched_operator(match: re.Match) -> str:
    index = next(int(name[1:]) for name, value in match.groupdict().items() if value)
    return _OPERATORS[index][1]


def clause_end(folded: str, position: int) -> int:
    """Where the clause that goes on at `position` ends (at a CLAUSE_ENDS mark; its 、 lists stay inside it)."""
    return min((end for c in CLAUSE_ENDS if (end := folded.find(c, position)) >= 0), default=len(folded))


def is_cjk(char: str) -> bool:
    return bool(char) and "\u4e00" <= char <= "\u9fff"


def noun_after(text: str, folded: str, cursor: int) -> str:
    """完成80%以上溯源 → 溯源: what the value measures, up to the end of the clause."""
    end = cursor
    while end < len(folded) and folded[end] not in CLAUSE_ENDS and folded[end] not in "(、":
        if folded[end] in "和及与" and folded[end + 1 : end + 2].isdigit():
            break  # 2个千亿级产业集群和6个五百亿级产业集群: the next count's noun is its own
        end += 1
    return text[cursor:end].strip()


def clean_indicator(head: str) -> str:
    name = head.strip(" \t")
    while True:
        cleaned = _FILLER.sub("", name).strip()
        if cleaned == name:
            break
        name = cleaned
    name = TRAILING_WORDS.sub("", name).strip(" ，,、")
    return name


def skip_separators(text: str, start: int) -> int:
    while start < len(text) and text[start] in " 、，,；;或者和及与":
        start += 1
    return start


def after_open_bracket(folded: str, start: int, stop: int) -> int:
    """Inside 农业废弃物综合利用率(秸秆综合利用率≥95%: the indicator starts after the unclosed bracket."""
    depth, position = 0, start
    for i in range(stop - 1, start - 1, -1):
        if folded[i] == ")":
            depth += 1
        elif folded[i] == "(":
            if depth == 0:
                position = i + 1
                break
            depth -= 1
    return position
