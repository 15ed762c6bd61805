"""完成时限: turn a plan's deadline wording into a date, keeping the words for display.

Handles the forms of the seeds (2018年4月底前, 2018年4月10号之前报送, 2018年3月底前报送, 年底前, 5月中旬) and the
other forms plans use: phase ranges (2018年3月-2018年12月, 3月1日至5月31日, 2016年—2018年: the end counts),
7月上旬 / 中旬 / 下旬,
2023年年底前, 到2020年底, 2023年完成, 年内, 上半年, 第三季度, “十四五”末, 2018-05-31. `find_deadlines` finds every
such phrase in running text (plan import); `parse_deadline` reads one 完成时限 cell. Dates inside 《》 or 〔〕 are
titles and document numbers of other documents, not deadlines.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_FOLD = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}


def _point(n: str) -> str:
    return (
        # 2016年6底前: a page that lost the 月 before 底前 still names the month
        rf"(?:(?P<{n}y>\d{{4}})\s*年\s*)?(?P<{n}m>\d{{1,2}})\s*(?:月份?|(?=底前))\s*"
        rf"(?:(?P<{n}d>\d{{1,2}})\s*[日号]|(?P<{n}p>上旬|中旬|下旬|底|末|中|初))?"
    )


_SUFFIX = r"(?P<suffix>\s*(?:前|之前|以前|底前))?"
_PATTERNS = [
    # 第一阶段(2016年—2018年): / (2019-2020年): the period of a phase, written in brackets or before a colon, ends
    # with its last year (完成2015年-2017年的…资料 names the years some data cover, not a period of work)
    (
        "year_range",
        re.compile(
            r"(?:(?<=[(（])|(?<=阶段)|(?<=阶段\s))(?P<ry1>\d{4})\s*年?\s*(?:-|－|—|–|~|～|至|到)+\s*(?P<ry>\d{4})\s*年"
            r"(?=\s*[)）:：])"
        ),
    ),
    ("range", re.compile(_point("a") + r"\s*(?:-|－|—|–|~|～|至|到)+\s*" + _point("b") + _SUFFIX)),
    ("iso", re.compile(r"(?<!\d)(?P<iy>\d{4})\s*[-./]\s*(?P<im>\d{1,2})\s*[-./]\s*(?P<id>\d{1,2})(?!\d)" + _SUFFIX)),
    ("point", re.compile(_point("a") + _SUFFIX)),
    (
        "year_end",
        re.compile(
            r"(?:(?:到|至|截至|截止|于|在)?\s*(?P<ey>\d{4})\s*年\s*(?:年)?\s*(?:底|末)|(?<![上去前明])(?:今|本|当)?年(?:底|末))"
            + _SUFFIX
        ),
    ),
    # 年内完成 is a deadline; 年内持续推进 / 年内不断… is ongoing work with no end date
    (
        "year_in",
        re.compile(r"(?<![一二三四五六七八九十两半\d])(?:今年|本年|当年|年)内(?!\s*(?:持续|长期|不断|常态|逐步))"),
    ),
    ("year_to", re.compile(r"(?:到|至|截至|截止)\s*(?P<ty>\d{4})\s*年(?!度|以来|起|开始|底|末|\s*\d{1,2}\s*月)")),
    (
        "year_done",
        re.compile(
            r"(?<![较比与自从在于])(?P<dy>\d{4})\s*年(?=\s*(?P<before>前|之前|以前)|\s*(?:内|完成|实现|建成|基本|全面|达到))"
        ),
    ),
    # 2025年，全市河湖流域水质基本达标: a year opening a sentence dates what the sentence says is done by then
    # (the import drops it when the sentence states a quantified target: then it names the target's year)
    ("year_comma", re.compile(r"(?:^|(?<=[。；;\n]))\s*(?P<cy>\d{4})\s*年\s*(?=[,，])")),
    # 按照上级要求，2025年，建立…台账: after a comma too, when the year opens a measure (what is done by then)
    (
        "year_comma",
        re.compile(
            r"(?<=[,，])\s*(?P<cy>\d{4})\s*年\s*(?=[,，]\s*(?:建立|建成|完成|制定|出台|开展|启动|实施|编制|印发|组织|推动|推进))"
        ),
    ),
    # 08年计划完成… / 08年底前 / 08年~09: a year written with two digits (a plan of the 2000s), read only before
    # words of a deadline and, from 10 on, only near the plan's year (用10年时间, 15年内 are spans of years)
    (
        "short_year",
        re.compile(
            r"(?<![\d.．/:：])(?P<sy>\d{2})\s*年(?:\s*(?:底|末))?(?:\s*[~～—–\-至到]\s*(?P<sy2>\d{2})(?![\d.])(?:\s*年)?)?"
            r"(?=\s*(?:计划|完成|前|之前|基本|全面|实现|建成|[，,]))"
        ),
    ),
    ("plan_period", re.compile(r"“?十(?P<fy>[一二三四五六七八九])五”?\s*(?:时期)?(?:末|期末)")),
    ("half", re.compile(r"(?<!每)(?:(?P<hy>\d{4})\s*年\s*)?(?P<half>上半年|下半年|年中)")),
    ("quarter", re.compile(r"(?<!每)(?:(?P<qy>\d{4})\s*年\s*)?第?(?P<q>[一二三四1-4])\s*季度(?:末|底)?" + _SUFFIX)),
]
_NOT_A_DEADLINE = re.compile(r"^\s*(?:以来|起|开始|至今|份以来)")
_TITLE_BEFORE = re.compile(r"(?:方案|规划|计划|纲要|意见|办法)\s*[(（]?\s*$")
_PART_DAY = {"上旬": 10, "初": 10, "中旬": 20, "中": 20}
_CN = "一二三四五六七八九"


@dataclass(frozen=True)
class DeadlineMatch:
    """A deadline phrase found in text: its words, where they are, the last day they allow (and the first day of a
    range)."""

    text: str
    start: int
    end: int
    date: date | None
    begin: date | None = None
    kind: str = ""


def _day(year: int, month: int, day: str | None, part: str | None, first: bool = False) -> date | None:
    if not 1 <= month <= 12 or not 1900 < year < 2200:
        return None
    last = calendar.monthrange(year, month)[1]
    if day:
        return date(year, month, min(max(int(day), 1), last))
    if first:
        return date(year, month, {"中旬": 11, "下旬": 21}.get(part or "", 1))
    return date(year, month, _PART_DAY.get(part or "", last))


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside 《》, 〈〉 and 〔〕: titles of other documents and document numbers, whose dates are not ours."""
    spans, stack = [], []
    for i, char in enumerate(text):
        if char in "《〈〔":
            stack.append(i)
        elif char in "》〉〕" and stack:
            start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
    return spans


def find_deadlines(text: str, default_year: int) -> list[DeadlineMatch]:
    """Every deadline phrase in `text`, in order. A month without a year takes the year last written before it
    (in 2018年3月-2018年5月 … 5月中旬, 5月中旬 is in 2018), else `default_year` (the plan's year)."""
    folded = (text or "").translate(_FOLD)
    excluded = quoted_spans(folded)
    found = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            if any(s <= match.start() < e for s, e in excluded):
                continue
            if kind in ("point", "range") and _NOT_A_DEADLINE.match(folded[match.end() :]):
                continue
            if kind == "short_year" and not _near(match, default_year):
                continue
            if kind == "year_range" and _TITLE_BEFORE.search(folded[max(0, match.start() - 6) : match.start()]):
                continue  # 实施方案(2018-2020年): the period of a document named without 《》
            found.append((match.start(), -(match.end() - match.start()), kind, match))
    found.sort(key=lambda f: (f[0], f[1]))
    chosen, reach = [], -1
    for start, negative_length, kind, match in found:
        if start >= reach:
            chosen.append((kind, match))
            reach = start - negative_length
    out, year = [], default_year
    for kind, match in chosen:
        groups = match.groupdict()
        explicit = next(
            (groups[g] for g in ("ry", "ay", "by", "iy", "ey", "ty", "dy", "cy", "hy", "qy") if groups.get(g)), None
        )
        if explicit:
            year = int(explicit)
        value, begin = _resolve(kind, groups, year)
        words = text[match.start() : match.end()].strip()
        words = re.sub(r"^(?:到|至|截至|截止|于|在)\s*", "", words)
        out.append(DeadlineMatch(words, match.start(), match.end(), value, begin, kind))
    return out


def _near(match: re.Match, plan_year: int) -> bool:
    """08年 is 2008 in any plan of this century; 12年 and later only in a plan written within three years of it."""
    last = int(match.group("sy2") or match.group("sy"))
    return last < 10 or abs(2000 + last - plan_year) <= 3


def _resolve(kind: str, g: dict, year: int) -> tuple[date | None, date | None]:
    if kind == "year_range":
        first, last = int(g["ry1"]), int(g["ry"])
        return (date(last, 12, 31), date(first, 1, 1)) if 1900 < first <= last < 2200 else (None, None)
    if kind == "range":
        start_year = int(g["ay"] or year)
        begin = _day(start_year, int(g["am"]), g["ad"], g["ap"], first=True)
        return _day(int(g["by"] or start_year), int(g["bm"]), g["bd"], g["bp"]), begin
    if kind == "point":
        return _day(year, int(g["am"]), g["ad"], g["ap"]), None
    if kind == "iso":
        return _day(int(g["iy"]), int(g["im"]), g["id"], None), None
    if kind == "year_done" and g.get("before"):  # 2013年前: before 2013, so by the end of 2012
        return date(year - 1, 12, 31), None
    if kind in ("year_end", "year_in", "year_to", "year_done", "year_comma"):
        return date(year, 12, 31), None
    if kind == "short_year":
        return date(2000 + int(g["sy2"] or g["sy"]), 12, 31), None
    if kind == "plan_period":
        end = 1966 + 5 * (10 + _CN.index(g["fy"]) + 1 - 3) + 4  # 三五 began in 1966; 十四五 is 2021–2025
        return date(end, 12, 31), None
    if kind == "half":
        return (date(year, 12, 31) if g["half"] == "下半年" else date(year, 6, 30)), None
    if kind == "quarter":
        q = int(g["q"]) if g["q"].isdigit() else _CN.index(g["q"]) + 1
        return _day(year, q * 3, None, None), None
    return None, None


def parse_deadline(text: str, default_year: int) -> date | None:
    """The last day the wording allows, or None when it names no date (长期坚持, 按市要求)."""
    found = find_deadlines((text or "").strip(), default_year)
    return found[0].date if found else None
