"""Text helpers shared by the import stages: width folding, bracket-aware splitting, comparison keys.

Plans mix full- and half-width forms freely (（市、区） and (市、区), ９０％ and 90%, ，and ,). Every stage looks at
`fold(text)`, which maps full-width ASCII to half-width one character for one character, so positions found in the
folded text are positions in the original and the original wording can always be quoted back to the clerk.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = {0xFF01 + i: 0x21 + i for i in range(94)}
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20})
# Small and leader forms of the ASCII marks (1﹒ 2﹔ ﹙1﹚ 1․): a few sites type item numbers with them, and a plan
# whose 1﹒ 2﹒ are not read as numbers has its items run together into one. One character for one keeps positions.
_FOLD.update({0xFE50: 0x2C, 0xFE52: 0x2E, 0xFE54: 0x3B, 0xFE55: 0x3A, 0xFE59: 0x28, 0xFE5A: 0x29, 0x2024: 0x2E})
OPEN = "(（[［【〔{｛《〈“‘「『"
CLOSE = ")）]］】〕}｝》〉”’」』"
_PAIR = dict(zip(OPEN, CLOSE))
_ROUND_OPEN = "(（〔[［【"
_ROUND_CLOSE = ")）〕]］】"
_ARTEFACT = re.compile(r"\[bookmark: [^\]]*\]|[\u200b\u200c\u200d\u2060\ufeff]")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}，。、；：）（《》〈〉“”])[ \t\u3000]+(?=[{_CJK}，。、；：（）《》〈〉“”])")
CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def fold(text: str) -> str:
    """Full-width ASCII (０-９, ％, （）, ，) to half-width, same length: positions stay valid in the original."""
    return text.translate(_FOLD)


def clean(text: str) -> str:
    """A line as read: conversion artefacts ([bookmark: _GoBack], zero-width characters) removed, no line ends."""
    return _ARTEFACT.sub("", text).replace("\r", "").replace("\x0c", "")


def squeeze(text: str) -> str:
    """Spaces a web page or a PDF put between Chinese characters removed (创建 国家 → 创建国家), ends stripped."""
    return _SPACE_IN_CJK.sub("", text).strip()


_CJK_PUNCT = f"{_CJK}，。、；：（）《》“”"
_SPACE_AT_NUMBER = re.compile(
    rf"(?<=[{_CJK_PUNCT}])[ \t\u3000]+(?=[0-9A-Za-z%≥≤])|(?<=[0-9A-Za-z%.])[ \t\u3000]+(?=[{_CJK_PUNCT}])"
)


def tighten(text: str) -> str:
    """Spaces a PDF or a web page puts around numbers in Chinese text removed:
    不超过 12.498 亿立方米 → 不超过12.498亿立方米."""
    return _SPACE_AT_NUMBER.sub("", text)


def key(text: str) -> str:
    """How two names or phrases are compared: NFKC, no whitespace, no trailing 。."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).rstrip("。.")


def cn_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103 (the numbers of headings); None when it is not one."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in CN_DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS[char]
    return total + current


def split_top(text: str, separators: str) -> list[str]:
    """Split at any of `separators` outside brackets: 各县(市、区)人民政府、高新区管委会 → two parts, not three."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in OPEN:
            depth += 1
        elif char in CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and char in separators:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def bracket_spans(text: str, opening: str = "(（〔[［【") -> list[tuple[int, int]]:
    """(start, end) of every outermost bracket pair opened by one of `opening`, nested brackets included.

    Plans enclose responsibility clauses in （…） 〔…〕 […] 【…】 and web copies mismatch them ([…（市）…)]): any
    closing bracket closes the innermost open one, so a clause ends where its depth returns to zero.
    """
    spans, depth, start = [], 0, -1
    for i, char in enumerate(text):
        if char in opening and depth == 0:
            depth, start = 1, i
        elif depth and char in _ROUND_OPEN:
            depth += 1
        elif depth and char in _ROUND_CLOSE:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def sentences(text: str) -> list[str]:
    """Sentences ending in 。！？; (the terminator kept), brackets respected."""
    out, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in OPEN:
            depth += 1
        elif char in CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and char in "。！？":
            out.append(text[start : i + 1])
            start = i + 1
    if text[start:].strip():
        out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


# A web page that lost a plan's line breaks (and scrambled its punctuation) leaves every heading inside one long line:
# 。一 指导思想…。二 工作目标…；(一)…。1.… A heading label after 。；： or a space starts a new line again.
_HEADING_LABEL = re.compile(
    r"(?<=[。；;：:\s])\s*(?=(?:[一二三四五六七八九十]{1,3}[、,，.．\s]|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.．](?!\d))"
    r"\s*[\u4e00-\u9fff])"
)
RUN_ON_LINE = 300  # shorter lines are ordinary paragraphs: a label inside them is left alone


def restore_heading_breaks(line: str) -> list[str]:
    """一行里的多个标题：a line longer than RUN_ON_LINE characters with two or more heading labels after 。；： or a
    space is split before each label, so the heading tree sees them; any other line comes back as it is."""
    if len(line) <= RUN_ON_LINE:
        return [line]
    cuts = [m.start() for m in _HEADING_LABEL.finditer(line)]
    if len(cuts) < 2:
        return [line]
    parts, begin = [], 0
    for cut in cuts:
        if line[begin:cut].strip():
            parts.append(line[begin:cut].rstrip())
            begin = cut
    parts.append(line[begin:])
    return [p.strip() for p in parts if p.strip()]
