"""Target values outside running text: a 目标值 cell of a table (≥20, 85%, 0.65), and when two targets name one
indicator (a title that states a target its text repeats)."""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz import fuzz

from generator.plan.importer.model import Target
from generator.plan.importer.text import fold


def parse_value(cell: str) -> tuple[str, float | None, str]:
    """A 目标值 cell: ≥20 → (≥, 20, ""); 0.65 → (=, 0.65, ""); 85% → (=, 85, %);
    按市规定值 / 制定实施 → ("", None, "")."""
    text = fold(cell or "").strip().replace(" ", "")
    match = re.fullmatch(r"(≥|>=|≤|<=|>|<|=|不低于|不少于|不超过|不高于|达到)?(\d+(?:\.\d+)?)(%|‰)?(以上|以下)?", text)
    if not match:
        return "", None, ""
    word, number, unit, suffix = match.groups()
    operator = {
        "≥": "≥",
        ">=": "≥",
        "不低于": "≥",
        "不少于": "≥",
        "达到": "≥",
        "≤": "≤",
        "<=": "≤",
        "不超过": "≤",
        "不高于": "≤",
        ">": ">",
        "<": "<",
        "=": "=",
    }.get(word or "", "=")
    if suffix == "以上":
        operator = "≥"
    elif suffix == "以下":
        operator = "≤"
    return operator, float(number), unit or ""


def same_indicator(a: str, b: str) -> bool:
    """Two names for one indicator: one contains the other, or they differ by a few characters."""
    a, b = fold(a).replace(" ", ""), fold(b).replace(" ", "")
    return bool(a and b) and (a in b or b in a or fuzz.ratio(a, b) >= 80)


def dedupe(targets: list[Target]) -> list[Target]:
    """A title states a target and the text repeats it (城镇污水处理率100% … 使城镇污水处理率达到100%):
    keep the first."""
    out: list[Target] = []
    for target in targets:
        if any(
            t.value == target.value and t.unit == target.unit and same_indicator(t.indicator, target.indicator)
            for t in out
        ):
            continue
        out.append(target)
    return out


# 改扩建项目, 提升改造工程: the words after a list's last noun that name what is done to every noun of the list
_WORK_TAIL = re.compile(r"(?:新建|改建|扩建|改扩建|改造|提升|提升改造|建设|整治|治理|修缮|维修)?(?:项目|工程)$")


def share_tail(targets: list[Target], text: str) -> list[Target]:
    """实施16个乡镇卫生院、158个村卫生室改扩建项目: counts listed with 、 before their nouns share the words that
    follow the last noun (乡镇卫生院 → 乡镇卫生院改扩建项目), as a unit's organisation word is shared in a list."""
    out = list(targets)
    for i in range(len(out) - 2, -1, -1):
        this, last = out[i], out[i + 1]
        tail = _WORK_TAIL.search(last.indicator)
        if (
            tail is None
            or tail.start() == 0
            or _WORK_TAIL.search(this.indicator)
            or this.operator != last.operator
            or this.unit != last.unit
            or not re.search(re.escape(this.indicator) + r"\s*、\s*\d", text)
        ):
            continue
        out[i] = replace(this, indicator=this.indicator + tail.group(0))
    return out
