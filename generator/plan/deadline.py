"""完成时限: turn a plan's deadline wording into a date, keeping the words for display.

Handles the forms of the seeds (2018年4月底前, 2018年4月10号之前, 2018年3月底前报送, 年底前, 5月中旬);
plan import extends these patterns rather than adding special cases elsewhere.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_DATE = re.compile(
    r"(?:(?P<year>\d{4})\s*年)?\s*(?P<month>\d{1,2})\s*月\s*"
    r"(?:(?P<day>\d{1,2})\s*[日号]|(?P<part>底|末|上旬|中旬|下旬))?"
)
_YEAR_END = re.compile(r"(?:(?P<year>\d{4})\s*年)?\s*年?(?:底|末)")
_PART_DAY = {"上旬": 10, "中旬": 20}


def parse_deadline(text: str, default_year: int) -> date | None:
    """The last day the wording allows, or None when it names no date (长期坚持, 按市要求)."""
    text = (text or "").strip()
    if not text:
        return None
    match = _DATE.search(text)
    if match:
        year = int(match["year"] or default_year)
        month = int(match["month"])
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        if match["day"]:
            return date(year, month, min(int(match["day"]), last))
        return date(year, month, _PART_DAY.get(match["part"] or "", last))
    match = _YEAR_END.search(text)
    if match:
        return date(int(match["year"] or default_year), 12, 31)
    return None
