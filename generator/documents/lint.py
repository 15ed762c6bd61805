"""Template lint: what goes wrong when a clerk edits a docxtpl template in Word or WPS.

Word splits text into runs as it is edited (spell check, a changed font, an undo), and a `{{ tag }}` cut across
runs is no longer seen by Jinja; a misspelt variable renders as blank. `lint_template` reports both, as messages:
each tag cut across runs (with the paragraph's text around it), and each variable the template uses that the
program does not provide.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docxtpl import DocxTemplate
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


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
            out.append(f"{part}: 标签「{match.group(0)}」被拆成了多段文字（所在段落：{text[:60]}）")
    rest = "".join(ch if not any(a <= i < b for a, b in covered) else " " for i, ch in enumerate(text))
    for opener in ("{{", "{%", "}}", "%}"):
        if opener in rest:
            out.append(f"{part}: 段落中有未闭合的标签符号「{opener}」（所在段落：{text[:60]}）")
            break
    return out


def undeclared(template: Path, context: dict) -> list[str]:
    """Variables the template uses that `context` does not define."""
    return sorted(DocxTemplate(str(template)).get_undeclared_template_variables(context=context))


def lint_template(template: Path, context: dict) -> list[str]:
    """Every problem of a template as a Chinese message; empty when the template is fine."""
    problems = split_tags(template)
    missing = undeclared(template, context)
    if missing:
        problems.append(f"{template.name}: 使用了程序未提供的变量：{'、'.join(missing)}")
    return problems
