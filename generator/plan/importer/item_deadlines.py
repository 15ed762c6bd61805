"""完成时限 of an item: the deadlines in its text, and the years that name a target's year instead.

A plan spanning several years lists each year's work (2020年任务：…), whose months without a year are that year's;
到2020年，全市用水总量控制在… names the year a target refers to, which is no deadline.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from generator.plan.deadline import find_deadlines
from generator.plan.importer.model import Deadline
from generator.plan.importer.targets import targets_in

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
        found = [
            m
            for m in find_deadlines(part, part_year)
            if not target_year(part, m.start, m.text, goal, part_year) and not _RECURRING.search(part[: m.start])
        ]
        out.extend(Deadline(m.text, m.date, None, m.begin) for m in found)
        if listed and not found and 2000 <= listed <= 2100:
            words = re.split(r"[。；;]", part, maxsplit=1)[0].strip()
            out.append(Deadline(words, date(listed, 12, 31)))
    return out


# 每年1月底前报送… / 每季度末 / 每月5日前: a date that comes back every year or month is when something recurs
# (a report), not by when a task is done
_RECURRING = re.compile(r"(?:每年|每年度|每季度?|每半年|每月|每周|逐年|年年)(?:的)?\s*$")


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
