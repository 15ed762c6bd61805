"""Template lint: what goes wrong when a clerk edits a docxtpl template in Word or WPS.

Word splits text into runs as it is edited (spell check, a changed font, an undo), and a `{{ tag }}` cut across
runs is no longer seen by Jinja; a misspelt variable renders as blank; a clerk who moves or deletes a paragraph may
leave an `{%p if %}` without its `{%p endif %}`. `lint_template` reports each of these as a message that quotes the
template text around the tag (what the clerk sees in Word), then each variable the program does not provide.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
BLOCK = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s+(\w+)")
OPENERS = {"for": "endfor", "if": "endif", "macro": "endmacro", "with": "endwith", "block": "endblock"}
MIDDLES = {"else": ("if", "for"), "elif": ("if",)}
AROUND = 24  # characters of template text quoted on each side of a tag


def around(text: str, start: int, end: int) -> str:
    """The template text around text[start:end], the tag marked with 【】, paragraphs joined by ⏎."""
    before = text[max(0, start - AROUND) : start]
    after = text[end : end + AROUND]
    return f"…{before}【{text[start:end]}】{after}…".replace("\n", "⏎")


def split_tags(template: Path) -> list[str]:
    """Tags whose text is spread over more than one run (or left open), in document order."""
    problems = []
    with zipfile.ZipFile(template) as package:
        for name in sorted(n for n in package.namelist() if PARTS.match(n)):
            root = etree.fromstring(package.read(name))
            for paragraph in root.iter(f"{{{W}}}p"):
                problems += _paragraph_problems(paragraph, name)
    return problems


def _paragraph_problems(paragraph, part: str) -> list[str]:
    runs = []
    for run in paragraph.iter(f"{{{W}}}r"):
        runs.append("".join(t.text or "" for t in run.iter(f"{{{W}}}t", f"{{{W}}}instrText")))
    text = "".join(runs)
    if "{" not in text and "}" not in text:
        return []
    bounds, start = [], 0
    for piece in runs:
        bounds.append((start, start + len(piece)))
        start += len(piece)
    out = []
    covered = []
    for match in TAG.finditer(text):
        covered.append((match.start(), match.end()))
        if not any(a <= match.start() and match.end() <= b for a, b in bounds):
            out.append(f"{part}: 标签「{match.group(0)}」被拆成了多段文字（{around(text, *match.span())}）")
    rest = "".join(ch if not any(a <= i < b for a, b in covered) else " " for i, ch in enumerate(text))
    for opener in ("{{", "{%", "}}", "%}"):
        if opener in rest:
            at = rest.index(opener)
            out.append(f"{part}: 段落中有未闭合的标签符号「{opener}」（{around(text, at, at + 2)}）")
            break
    return out


def _document_text(template: Path) -> str:
    """The template's paragraphs in order, joined by newlines (the text a clerk reads in Word)."""
    texts = []
    with zipfile.ZipFile(template) as package:
        for name in sorted(n for n in package.namelist() if PARTS.match(n)):
            root = etree.fromstring(package.read(name))
            for paragraph in root.iter(f"{{{W}}}p"):
                texts.append("".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t")))
    return "\n".join(texts)


def unbalanced_blocks(template: Path) -> list[str]:
    """{% for %} / {% if %} blocks without their end, ends without a block, and else outside one, with the text
    around each (a paragraph moved or deleted in Word takes its tag with it)."""
    text = _document_text(template)
    stack: list[tuple[str, int, int]] = []
    out = []
    for match in TAG.finditer(text):
        block = BLOCK.match(match.group(0))
        if not block:
            continue
        word, span = block.group(1), match.span()
        if word in OPENERS:
            stack.append((word, *span))
        elif word in MIDDLES:
            if not stack or stack[-1][0] not in MIDDLES[word]:
                out.append(f"{template.name}: 「{match.group(0)}」不在任何 if/for 之内（{around(text, *span)}）")
        elif word.startswith("end"):
            if stack and OPENERS[stack[-1][0]] == word:
                stack.pop()
            elif any(OPENERS[w] == word for w, _, _ in stack):
                _, start, end = stack.pop()
                out.append(f"{template.name}: 「{text[start:end]}」缺少对应的结束标签（{around(text, start, end)}）")
                while stack and OPENERS[stack[-1][0]] != word:
                    stack.pop()
                if stack:
                    stack.pop()
            else:
                where = around(text, *span)
                out.append(f"{template.name}: 结束标签「{match.group(0)}」前面没有对应的开始标签（{where}）")
    for _, start, end in stack:
        out.append(f"{template.name}: 「{text[start:end]}」缺少对应的结束标签（{around(text, start, end)}）")
    return out


def undeclared(template: Path, context: dict) -> list[str]:
    """Variables the template uses that `context` does not define."""
    return sorted(DocxTemplate(str(template)).get_undeclared_template_variables(context=context))


def lint_template(template: Path, context: dict) -> list[str]:
    """Every problem of a template as a Chinese message; empty when the template is fine."""
    blocks = unbalanced_blocks(template)
    problems = split_tags(template) + blocks
    if blocks:
        return problems  # Jinja cannot parse the template until these are mended
    try:
        missing = undeclared(template, context)
    except jinja2.TemplateError as exc:
        return [*problems, f"{template.name}: 模板无法解析：{exc}"]
    if missing:
        problems.append(f"{template.name}: 使用了程序未提供的变量：{'、'.join(missing)}")
    return problems
