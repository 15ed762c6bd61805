"""Values as units type them → one form: statuses to the four-word vocabulary, percentages and numbers to floats.

Each function returns None for a value it cannot read, so the caller can report the cell; an empty cell is "".
"""

from __future__ import annotations

import re
import unicodedata

from generator.ledger.layout import STATUS_DONE, STATUS_LAGGING, STATUS_NOT_STARTED, STATUS_ONGOING

_STATUS_WORDS = {
    STATUS_DONE: ("已完成", "完成", "基本完成", "已办结", "办结"),
    STATUS_ONGOING: ("正在推进", "推进中", "按序时推进", "进行中", "正在实施", "在建", "序时推进"),
    STATUS_LAGGING: ("滞后", "进度滞后", "滞后推进", "未完成"),
    STATUS_NOT_STARTED: ("未启动", "未开始", "尚未启动"),
}
_STATUS = {word: status for status, words in _STATUS_WORDS.items() for word in words}
_NUMBER = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*(%?)$")


def clean_text(value: object) -> str:
    """Cell text with full-width letters and digits made half-width and stray spaces removed at the ends."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def normalise_status(value: object) -> str | None:
    text = re.sub(r"\s+", "", clean_text(value))
    if not text:
        return ""
    return _STATUS.get(text)


def parse_number(value: object) -> tuple[float, bool] | None:
    """A number and whether it carried a % sign; 85, "85", "85%", "８５％" all read as 85."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value), False
    match = _NUMBER.match(clean_text(value).replace(",", ""))
    if not match:
        return None
    return float(match.group(1)), bool(match.group(2))


def normalise_percent(value: object) -> float | str | None:
    """完成百分比 on a 0–100 scale; a fraction below 1 without a % sign (0.85, how Excel stores 85%) is scaled."""
    if clean_text(value) == "":
        return ""
    parsed = parse_number(value)
    if parsed is None:
        return None
    number, had_sign = parsed
    if not had_sign and 0 < number < 1:
        number *= 100
    return round(number, 4)
