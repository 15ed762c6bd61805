"""Numbers made plain before targets are read: Chinese numerals, ranges, approximations and time limits.

不少于一次 → 不少于1次, 五千亿 → 5000亿, 8—10个 → 不少于8个, 超采量约69.96万立方米 → 超采量69.96万立方米,
14个工作日内 → 不超过14个工作日内: each written the way `targets.targets_in` reads a value with its operator.
"""

from __future__ import annotations

import re

from generator.plan.importer.target_words import OPERATOR, UNITS
from generator.plan.importer.text import cn_number, fold

# 不少于一次 / 至少两次: a count written in Chinese numerals after an explicit comparison is a value like any other
_CN_COUNT = re.compile(
    r"(?P<word>(?:不得|不能|不应)(?:少于|低于|超过|多于|高于)|不少于|不低于|至少|不超过|不多于|不高于)"
    r"([一二两三四五六七八九]|十[一二三四五六七八九]?|[二三四五六七八九]十[一二三四五六七八九]?)"
    r"(?=次|个|项|家|条|座|处|人|天|批|场|轮|遍|期)"
)

# 8—10个 / 1-2处: a range of amounts is met from its lower end (≥ the first value); 3-5个工作日内 is ≤ the second
_RANGE = re.compile(
    r"(?P<lo>\d+(?:\.\d+)?)\s*(?:-|－|—|–|~|～|至)\s*(?P<hi>\d+(?:\.\d+)?)\s*(?=(?P<unit>"
    + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    + r")(?P<inside>\s*(?:以内|之内|内))?)"
)

# 五千亿 / 三百万: an amount in Chinese numerals before 亿 or 万
_CN_AMOUNT = re.compile(r"[一二两三四五六七八九十百千]+(?=(?:亿|万)(?!级))")  # 五百亿级产业集群 names a class

# 压减地下水超采量约69.96万立方米: an approximate amount is the amount (节约, 制约 are words of their own)
_ABOUT = re.compile(r"(?<=[\u4e00-\u9fff])(?<![节制契简隐])(?:大约|约为|约)(?=\d)")


def _range_value(match: re.Match) -> str:
    """8—10个 → 不少于8个 (the lower end must be reached); 3-5个工作日内 → 5个工作日 (the upper end is the limit);
    after a comparison word the word decides (控制在3-5个 → 控制在3个)."""
    if match.group("inside"):
        return match.group("hi")
    before = match.string[max(0, match.start() - 4) : match.start()]
    return match.group("lo") if OPERATOR.search(fold(before)) else "不少于" + match.group("lo")


# 环评报告书14个工作日内完成审批: a time limit after its noun with no comparison word is at most that long
_TIME_LIMIT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?=\s*(?:个工作日|工作日|小时|天)\s*(?:以内|之内|内))")


def _time_limit_value(match: re.Match) -> str:
    before = match.string[max(0, match.start() - 4) : match.start()]
    return match.group(0) if OPERATOR.search(fold(before)) else "不超过" + match.group(0)


def normalise_numbers(text: str) -> str:
    """`text` with its numbers written as `targets_in` reads them: approximations, Chinese numerals, ranges,
    time limits, in that order."""
    text = _ABOUT.sub("", text)
    text = _CN_COUNT.sub(lambda m: m.group("word") + str(cn_number(m.group(2))), text)
    text = _CN_AMOUNT.sub(_cn_amount_value, text)
    text = _RANGE.sub(_range_value, text)
    text = _TIME_LIMIT.sub(_time_limit_value, text)
    return text


def _cn_amount_value(match: re.Match) -> str:
    """五千亿 → 5000亿; 千万 (by all means) and 十万 without a digit word stay words."""
    words = match.group(0)
    return str(_cn_amount(words)) if re.search("[一二两三四五六七八九]", words) else words


def _cn_amount(text: str) -> int:
    """五千 → 5000, 三百五十 → 350, 十二 → 12."""
    total, current = 0, 0
    for char in text:
        if char in "十百千":
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            current = 0
        else:
            current = cn_number(char) or 0
    return total + current
