"""Label lines of responsibility: 牵头单位：… / 配合单位：… / 协同责任单位：… / 部门分工：X牵头，Y配合.

The vocabulary of labels and the part of a paragraph written as labels; `responsibility.parse_clause` reads the
units after each label. Kept apart from the clause grammar so that a new label is one line here.
"""

from __future__ import annotations

import re

from generator.plan.importer.text import bracket_spans, fold

LABEL_WORDS = {
    # 牵头责任单位 / 协同责任单位 (work-report divisions): the longer label wins over the 责任单位 inside it
    "lead": "牵头责任单位|牵头责任部门|牵头单位|牵头部门|牵头科室|牵头股室|主办单位|主责单位|牵头",
    # the lead, or the units doing the work when a lead is named; 责任科室 / 责任股室: a bureau's own sections
    "responsible": "主体责任单位|责任单位|责任部门|责任科室|责任股室|责任",
    "cooperating": "配合单位|配合部门|协办单位|协办部门|协作单位|协作部门|参与单位|参与部门|协助单位|协助部门|"
    "协同责任单位|协同责任部门|协同配合单位|协同配合部门|协同单位|协同部门|配合",
    "implementing": "具体落实单位|落实单位|实施单位|责任主体|落实",
    # 成员单位 under a 牵头单位 line: departments work with the lead, local units (各街道办事处) each do their part
    "member": "成员单位|成员部门",
}
# 主要协作单位 / 主要责任单位: a qualifier before the label word; 牵头科室(单位)： the label's other word in brackets
_QUALIFIER = r"(?:主要)?"
_ALSO = r"(?:[(（](?:单位|部门|科室|股室)[)）])?"
LABELS = [
    (re.compile(rf"(?:【|\[|〔)?{_QUALIFIER}(?:{words}){_ALSO}\s*(?:[:：]|(?:】|\]|〕)\s*[:：]?)"), role)
    for role, words in LABEL_WORDS.items()
]
_LABEL_START = re.compile(
    r"(?:^|[。；;\s])\s*(?=(?:【|\[|〔)?"
    + _QUALIFIER
    + "(?:"
    + "|".join(w for w in LABEL_WORDS.values())
    + ")"
    + _ALSO
    + r"\s*(?:[:：]|[】\]〕]))"
)


def outermost(labels: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Label matches in order, without those inside a longer one (责任单位： inside 牵头责任单位：)."""
    out: list[tuple[int, int, str]] = []
    for start, end, role in sorted(labels, key=lambda m: (m[0], -m[1])):
        if not out or start >= out[-1][1]:
            out.append((start, end, role))
    return out


_DIVISION_LABEL = re.compile(r"^\s*(?:【|\[)?(?:部门|责任|任务|职责)?分工\s*(?:[:：]|[】\]]\s*[:：]?)\s*")


def label_roles(text: str) -> str:
    """The part of a paragraph written as labels (牵头单位：…；配合单位：…) outside brackets, or ""."""
    division = _DIVISION_LABEL.match(fold(text))
    if division:  # 部门分工：X牵头，Y、Z配合 — a clause written after a label
        return text[division.end() :].strip()
    label_only = re.compile("^(?:" + "|".join(LABEL_WORDS.values()) + ")$")
    spans = [(a, b) for a, b in bracket_spans(text) if not label_only.match(text[a + 1 : b - 1].strip())]
    for match in _LABEL_START.finditer(fold(text)):
        if not any(start <= match.end() < end for start, end in spans):
            return text[match.end() :].strip()
    return ""
