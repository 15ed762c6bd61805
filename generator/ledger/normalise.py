"""Values as units type them → one form: statuses to the four-word vocabulary, numbers, percentages, dates.

Each function returns None for a value it cannot read, so the caller can report the cell; an empty cell gives "".
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

from generator.ledger.layout import STATUS_DONE, STATUS_LAGGING, STATUS_NOT_STARTED, STATUS_ONGOING
from generator.plan.deadline import parse_deadline

_STATUS_WORDS = {
    STATUS_DONE: ("已完成", "完成", "基本完成", "全部完成", "已办结", "办结", "已完工", "完工"),
    STATUS_ONGOING: (
        "正在推进",
        "推进中",
        "按序时推进",
        "按时序推进",
        "序时推进",
        "进行中",
        "正在进行",
        "正在实施",
        "实施中",
        "在建",
        "推进",
        "按计划推进",
    ),
    STATUS_LAGGING: ("滞后", "进度滞后", "滞后推进", "推进滞后", "未完成", "延期", "逾期"),
    STATUS_NOT_STARTED: ("未启动", "未开始", "尚未启动", "未开展", "暂未启动"),
}
_STATUS = {word: status for status, words in _STATUS_WORDS.items() for word in words}
_NUMBER = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*(%|‰)?$")
_CN_DIGITS = set("零〇一二两三四五六七八九十百千万点")
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")


def clean_text(value: object) -> str:
    """Cell text with full-width letters and digits made half-width and stray spaces removed at the ends."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()


def free_text(value: object) -> str:
    """A unit's own words (进展情况, 存在问题 …) exactly as typed: full-width punctuation (，：（）) and line breaks
    within the cell are kept; only Windows line ends become \n and blank space at the two ends goes. Matching
    (statuses, numbers, names) uses clean_text; what is printed back to the unit uses this."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def normalise_status(value: object) -> str | None:
    if isinstance(value, str) and value in _STATUS:  # the drop-down's own words: no cleaning needed
        return _STATUS[value]
    text = re.sub(r"\s+", "", clean_text(value))
    if not text:
        return ""
    return _STATUS.get(text)


def parse_number(value: object, unit: str = "") -> tuple[float, bool] | None:
    """A number and whether it was written as a percentage.

    85, "85", "85%", "８５％", "八十五", "百分之八十五", "八成" and "85个" (when 个 is the indicator's unit) all read.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return (number, False) if math.isfinite(number) else None  # inf, NaN: no figure can be made of them
    text = re.sub(r"[\s,，]", "", clean_text(value))
    if unit and text.endswith(unit) and len(text) > len(unit):
        text = text[: -len(unit)]
    match = _NUMBER.match(text)
    if match:
        number = float(match.group(1)) / (10 if match.group(2) == "‰" else 1)
        return (number, bool(match.group(2))) if math.isfinite(number) else None
    percent = False
    if text.startswith("百分之"):
        text, percent = text[3:], True
    elif text.endswith("成") and len(text) > 1 and set(text[:-1]) <= _CN_DIGITS | set("0123456789."):
        number = _chinese_number(text[:-1])
        return (number * 10, True) if number is not None else None
    number = _chinese_number(text)
    return (number, percent) if number is not None and math.isfinite(number) else None


def _chinese_number(text: str) -> float | None:
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if not set(text) <= _CN_DIGITS:
        return None
    try:
        import cn2an  # imported when a Chinese numeral is met: it takes a third of a second to import

        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return None


def normalise_percent(value: object) -> float | str | None:
    """完成百分比 on a 0–100 scale; a fraction below 1 without a % sign (0.85, how Excel stores 85%) is scaled."""
    if isinstance(value, float) and not math.isfinite(value):
        return None  # inf or NaN typed or computed in a cell: unreadable, not a percentage
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value == 0 or value >= 1 or value < 0:
            return float(value)  # the common case: a number typed into the cell
        parsed = (float(value), False)
    elif clean_text(value) == "":
        return ""
    else:
        parsed = parse_number(value)
    if parsed is None:
        return None
    number, had_sign = parsed
    if not had_sign and 0 < number < 1:
        number *= 100
    return round(number, 4)


def normalise_date(value: object, default_year: int) -> date | None:
    """Dates as units type them: date cells, Excel serial numbers, 2018.5.31, 2018/5/31, 2018年5月31日, 5月底."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _EXCEL_EPOCH + timedelta(days=int(value)) if 20_000 < value < 80_000 else None
    text = re.sub(r"\s+", "", clean_text(value))
    match = _DATE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if re.fullmatch(r"\d{5}(?:\.0+)?", text):
        return normalise_date(float(text), default_year)
    return parse_deadline(text, default_year)
