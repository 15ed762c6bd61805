"""联系方式: whom to write to at each unit, from the optional columns of the plan's 责任单位 sheet.

联系人 / 联系邮箱 reach the unit's reporting contact (blank ledgers, receipts, reminders, 催报通知); 负责人 /
负责人邮箱 reach its leader, who receives the 督办通知. A cell may hold several addresses (separated by 、 ; , or
spaces). Addresses are kept as written: a malformed one is reported when a message is sent to it, so one typo
never stops the plan from being read or the other units from being reached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONTACT_COLUMNS = ["联系人", "联系邮箱", "负责人", "负责人邮箱"]
_SPLIT = re.compile(r"[、，,；;\s]+")


@dataclass(frozen=True)
class Contact:
    """联系方式 of one 责任单位."""

    person: str = ""  # 联系人
    emails: tuple[str, ...] = ()  # 联系邮箱
    leader: str = ""  # 负责人
    leader_emails: tuple[str, ...] = ()  # 负责人邮箱

    @property
    def empty(self) -> bool:
        return not (self.person or self.emails or self.leader or self.leader_emails)


def split_addresses(text: str) -> tuple[str, ...]:
    return tuple(a for a in _SPLIT.split(text or "") if a)


def contact_cells(contact: Contact | None) -> list[str]:
    """The four cells written to plan.xlsx, in CONTACT_COLUMNS order."""
    c = contact or Contact()
    return [c.person, "、".join(c.emails), c.leader, "、".join(c.leader_emails)]
