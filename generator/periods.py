"""Reporting periods (报送期) are months written YYYY-MM."""

from __future__ import annotations

import calendar
import re
from datetime import date

from generator.errors import TaizhangError

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


def check_period(period: str) -> str:
    match = _PERIOD.match(period or "")
    if not match or not 1 <= int(match[2]) <= 12:
        raise TaizhangError(f"报送期「{period}」格式不对：应为 年-月，如 2018-05。")
    return period


def period_end(period: str) -> date:
    """The last day of the month: the date progress is judged against (逾期 means deadline before it)."""
    year, month = map(int, check_period(period).split("-"))
    return date(year, month, calendar.monthrange(year, month)[1])


def period_label(period: str) -> str:
    """2018-05 → 2018年5月."""
    year, month = map(int, check_period(period).split("-"))
    return f"{year}年{month}月"


def previous_period(period: str) -> str:
    year, month = map(int, check_period(period).split("-"))
    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return f"{year}-{month:02d}"


def chinese_date(day: date) -> str:
    """成文日期 style: Arabic numerals, no leading zeros (2018年4月3日)."""
    return f"{day.year}年{day.month}月{day.day}日"
