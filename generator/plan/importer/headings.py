"""The heading tree: 一、 （一） 1. （1） ① and 第一部分 / 第一章 / 第一条 / 第一， in full- or half-width brackets.

Levels are not fixed by style: the first style met is level 1, a new style under it level 2, and a style seen before
closes the deeper ones (as Markdown does with list markers). A plan that starts at （一） or numbers 1. directly
under 一、 is read the same way as one that follows GB/T 9704 to the letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.plan.importer.model import Paragraph
from generator.plan.importer.text import CN_DIGITS, cn_number, fold

_CN = "一二三四五六七八九十百〇零两"
_LABELS = [
    ("di", re.compile(rf"^第([{_CN}\d]+)(章|节|部分|篇|条)\s*[、，,：:.]?\s*")),
    ("di", re.compile(rf"^第([{_CN}]+)()[、，,：:.]\s*")),
    ("cn", re.compile(rf"^([{_CN}]+)\s*(?:[、.](?!\d)|、(?=\d{{4}}\s*年))\s*")),
    ("cn()", re.compile(rf"^\(([{_CN}]+)\)\s*[、.]?\s*")),
    ("1.", re.compile(r"^(\d{1,3})(?!\d)\s*(?:[.、。](?!\d)|、(?=\d{4}\s*年))\s*")),
    ("(1)", re.compile(r"^\((\d{1,3})\)\s*[、.]?\s*")),
    ("①", re.compile(r"^([①-⑳])\s*[、.]?\s*")),
]


@dataclass(frozen=True)
class Label:
    style: str  # cn, cn(), 1., (1), ①, di章 …
    number: int
    raw: str  # as written, spaces trimmed: "（一）", "1.", "二、"
    norm: str  # for item ids: 二, (一), 1, (1), ①, 第一

    @property
    def text_length(self) -> int:
        return len(self.raw)


def label_of(text: str) -> tuple[Label, str] | None:
    """The heading number a paragraph opens with and the text after it, or None."""
    stripped = text.lstrip(" \t\u3000")
    folded = fold(stripped)
    for kind, pattern in _LABELS:
        style = kind
        match = pattern.match(folded)
        if not match:
            continue
        value = match.group(1)
        if style == "①":
            number = ord(value) - ord("①") + 1
        else:
            number = cn_number(value) if not value.isdigit() else int(value)
        if not number:
            continue
        if style == "cn" and len(value) > 3:
            continue
        raw = stripped[: match.end()].strip()
        if style == "di":
            style = "di" + (match.group(2) or "，")
            norm = f"第{value}"
        elif style == "cn":
            norm = value
        elif style in ("cn()", "(1)"):
            norm = f"({value})"
        else:
            norm = value
        return Label(style, number, raw, norm), stripped[match.end() :].strip()
    return None


@dataclass
class Node:
    """A numbered paragraph with the unnumbered paragraphs after it, and the numbered ones under it."""

    label: Label | None
    text: str  # the first paragraph without its label
    paras: list[Paragraph]
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    part: str = ""  # "" for the plan itself, 附件1 … for an annex

    @property
    def heading_only(self) -> bool:
        """一、总体要求: a short line without a full stop, introducing what follows."""
        return len(self.text) <= 40 and "。" not in self.text and not self.text.endswith(("；", ";"))

    @property
    def heading(self) -> str:
        """The label with the heading words: 二、全面强化河长制, （一）强化履职尽责."""
        title = self.text if self.heading_only else title_sentence(self.text)
        spaced = self.label is not None and self.label.style[2:] in ("章", "节", "部分", "篇", "条")
        return (self.label.raw + (" " if spaced else "") if self.label else "") + title

    def ancestors(self) -> list[Node]:
        out, node = [], self.parent
        while node is not None and node.label is not None:
            out.append(node)
            node = node.parent
        return out[::-1]

    def leaves(self) -> list[Node]:
        if not self.children:
            return [self] if self.label is not None else []
        return [leaf for child in self.children for leaf in child.leaves()]


def title_sentence(text: str, limit: int = 50) -> str:
    """The words before the first 。 when they read as a title: short, few commas, with more text after them."""
    end = text.find("。")
    if end <= 0:
        return ""
    first = text[:end]
    if len(first) > limit or sum(first.count(c) for c in "，,；;") > 3:
        return ""
    return first


_RANK = {"cn": 1, "cn()": 2, "1.": 3, "(1)": 4, "①": 5}  # GB/T 9704: 一、 （一） 1. （1）, then ①


def build_tree(paragraphs: list[Paragraph], part: str = "") -> Node:
    """One part of the document (the plan, or one annex) as a tree under a root without a label."""
    root = Node(None, "", [], part=part)
    stack: list[Node] = [root]
    styles: list[str] = []
    for paragraph in paragraphs:
        if not paragraph.text.strip():
            continue
        found = label_of(paragraph.text) or _next_before_digits(paragraph.text, styles, stack)
        if found is None:
            stack[-1].paras.append(paragraph)
            continue
        label, rest = found
        if label.style in styles:
            depth = styles.index(label.style)
            del styles[depth + 1 :]
            del stack[depth + 1 :]
        elif len(styles) == 1 and _RANK.get(label.style, 9) < _RANK.get(styles[0], 9) and label.number > 1:
            # a page that begins inside a section (its heading （二） was on the page before): items 1、2、 and then
            # （三）— a heading of a higher rank that does not start at one is no sub-heading of item 2
            styles[:] = [label.style]
            stack[1:] = []
        else:
            styles.append(label.style)
        parent = stack[len(styles) - 1]
        node = Node(label, rest, [paragraph], parent=parent, part=part)
        parent.children.append(node)
        stack[len(styles) :] = [node]
    return root


# (two digits or more after the dot: 2.5万亩 after item 1. is a value, 11.121人才 after item 10. a title)
_BEFORE_DIGITS = re.compile(r"^(\d{1,3})[.．](?=\d{2,}[\u4e00-\u9fff“\"《])")


def _next_before_digits(text: str, styles: list[str], stack: list[Node]) -> tuple[Label, str] | None:
    """11.121人才梯队项目 after item 10.: the next item whose title starts with a number (label_of reads 11.121 as a
    decimal, which it is where no item 10. comes before it)."""
    stripped = text.lstrip(" \t\u3000")
    match = _BEFORE_DIGITS.match(fold(stripped))
    if match is None or "1." not in styles:
        return None
    current = stack[styles.index("1.") + 1]
    if current.label is None or current.label.number + 1 != int(match.group(1)):
        return None
    raw = stripped[: match.end()]
    return Label("1.", int(match.group(1)), raw, match.group(1)), stripped[match.end() :].strip()


def node_id(node: Node) -> str:
    parts = [node.part] if node.part else []
    return "/".join([*parts, *(a.label.norm for a in node.ancestors()), node.label.norm if node.label else ""])


def section_of(node: Node) -> str:
    parts = [node.part] if node.part else []
    return " > ".join([*parts, *(a.heading for a in node.ancestors())])


def annex_number(text: str) -> str:
    """附件一 → 附件1 (how ids name annexes)."""
    digits = re.sub(r"\D", "", text)
    if digits:
        return f"附件{int(digits)}"
    value = "".join(c for c in text if c in CN_DIGITS or c in "十")
    return f"附件{cn_number(value) or 1}"
