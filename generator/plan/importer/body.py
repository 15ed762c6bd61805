"""方案正文: the plan's own text, kept for the plan workbook with its headings marked by level.

一、 headings are level 1 and （一） headings level 2 (with their title sentence); every other paragraph is level 0,
so the workbook prints the plan as it was written.
"""

from __future__ import annotations

from generator.plan.importer.headings import label_of, title_sentence
from generator.plan.importer.model import Paragraph
from generator.plan.model import BodyParagraph


def body_paragraphs(paragraphs: list[Paragraph]) -> list[BodyParagraph]:
    """方案正文: 一、 headings level 1, （一） level 2 (with their title sentence), everything else level 0."""
    out = []
    styles: list[str] = []
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        found = label_of(text)
        if found is None:
            out.append(BodyParagraph(0, "", text))
            continue
        label, rest = found
        if label.style in styles:
            del styles[styles.index(label.style) + 1 :]
        else:
            styles.append(label.style)
        level = len(styles)
        if level == 1 and len(rest) <= 40 and "。" not in rest:
            out.append(BodyParagraph(1, label.raw + rest, ""))
        elif level == 2:
            title = title_sentence(rest)
            head = label.raw + (title + "。" if title else "")
            out.append(BodyParagraph(2, head, rest[len(title) + 1 :] if title else rest))
        else:
            out.append(BodyParagraph(0, "", text))
    return out
