"""One cell of plan.xlsx as a value (单元格取值): text, a date, a whole number, a target as a number.

The plan's sheets hold what clerks typed: numbers stored as 3.0, dates typed as text, targets such as ≥20 or
不低于90%. These small readers are shared by every part of reading the plan; a value that cannot be read is a
PlanError naming its cell.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from generator.errors import PlanError

ALIAS_SPLIT = re.compile(r"[、，,；;/\s]+")  # between the names of a list in one cell (简称及别名, 附件版式)
_NUMBER = re.compile(r"^[<>≤≥=＜＞]*\s*(-?\d+(?:\.\d+)?)\s*%?$")
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*$")


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_date(value: object) -> date | None:
    """A date cell, or a date typed as text (2018-04-03, 2018年4月3日, 2018/4/3, 2018.4.3)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and (match := _DATE_TEXT.match(unicodedata.normalize("NFKC", value))):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def whole_number(value: tuple[object, str], what: str) -> int:
    """A whole number in an ordinary range: 3, 3.0 or "3"; inf, NaN, 1e300, 2.5, text are located errors."""
    try:
        number = float(cell_text(value[0]))
        if not number.is_integer() or not 0 <= number < 2**31:
            raise ValueError
        return int(number)
    except (ValueError, OverflowError):
        raise PlanError(f"方案文件 {value[1]} 的{what}「{cell_text(value[0])}」应为正整数。") from None


def parse_target(text: str) -> float | None:
    """The target as a number: ≥20, 不低于90% …; a target of several lines (one per 分项, or a number with a
    condition such as 且不降低) counts when its numeric lines agree. None when it is words (制定实施)."""
    numbers = {float(m.group(1)) for line in text.split("\n") if (m := _NUMBER.match(line.strip().replace("％", "%")))}
    return numbers.pop() if len(numbers) == 1 else None
