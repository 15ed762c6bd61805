"""A leader in charge, then the units that do the work: 由金国兴总工负责，污染物排放总量控制处落实。

A department's own division of work (厅、局 work points) names, in a sentence of the item, the leader who answers for
it and the offices (处、科、室) that carry it out. The leader is a person, not a unit: the offices are the item's
implementing units, and the sentence adds nothing else.
"""

from __future__ import annotations

import re

from generator.plan.importer.model import Roles
from generator.plan.importer.responsibility import extend_units
from generator.plan.importer.text import fold
from generator.plan.importer.unit_names import is_unit_like, split_units

# 由鲁国会、郑忠安副厅长分别负责，环境监测处、环境影响评价处和农村环境监督管理处分别落实
_LEADER_SENTENCE = re.compile(
    r"由(?P<people>[^，,。；;（(：:]{2,30}?"
    r"(?:厅长|局长|主任|书记|县长|市长|区长|镇长|乡长|组长|总工程师|总工|总师|巡视员|调研员|秘书长|同志|领导))"
    r"(?:分别|共同|具体)?负责[，,]\s*(?P<units>[^。；;，,]{2,120}?)(?:分别|共同|具体|负责)*(?:落实|实施|承办|承担)"
)


def leader_sentence_roles(text: str) -> Roles | None:
    """The implementing units of every leader sentence in `text`, or None when it has none."""
    roles = Roles()
    for match in _LEADER_SENTENCE.finditer(fold(text)):
        units = split_units(match["units"].replace("和", "、"))
        if units and all(is_unit_like(u) for u in units):
            extend_units(roles.implementing, units)
            roles.phrase = "；".join(filter(None, (roles.phrase, match.group(0))))
    return roles if roles.implementing else None
