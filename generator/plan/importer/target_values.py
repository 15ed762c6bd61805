"""Target values outside running text: a 目标值 cell of a table (≥20, 85%, 0.65), and when two targets name one
indicator (a title that states a target its text repeats)."""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz import fuzz

from generator.plan.importer.model import Target
from generator.plan.importer.text import cn_number, fold


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


# moved from targets.py (kept there under 450 lines): amounts in Chinese numerals and the spans around a value
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


def _double_quotes(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"“[^”]{0,20}”|\"[^\"]{0,20}\"", text)]


def _open_bracket(folded: str, start: int, stop: int) -> int:
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
