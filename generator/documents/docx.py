"""render(template, context) → path, with docxtpl.

Templates live in `templates/` (a workspace may carry its own edited copies); before rendering, the variables a
template uses are compared with the context so that a misspelt or split tag is reported, not rendered as blank.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from generator.atomic import atomic_path
from generator.documents.docx_layout import finish
from generator.documents.lint import split_tags, unbalanced_blocks
from generator.errors import TemplateError


def _with_images(context: dict, tpl: DocxTemplate, images: dict[str, tuple[Path, float]]) -> dict:
    """Image paths become pictures sized in millimetres; everything else passes as is (docxtpl keeps newlines)."""
    out = dict(context)
    for key, (path, width_mm) in images.items():
        out[key] = InlineImage(tpl, str(path), width=Mm(width_mm))
    return out


def check_template(template: Path, context: dict) -> None:
    """Raise TemplateError when a tag is broken (quoting the template text around it) or the template uses a
    variable the context does not provide."""
    broken = split_tags(template) + unbalanced_blocks(template)
    if broken:
        more = f"（另有 {len(broken) - 1} 处）" if len(broken) > 1 else ""
        raise TemplateError(f"模板 {template.name} 有损坏的标签：{broken[0]}{more}。请在 Word/WPS 中改正后重试。")
    tpl = DocxTemplate(str(template))
    try:
        missing = tpl.get_undeclared_template_variables(context=context)
    except jinja2.TemplateError as exc:
        raise TemplateError(f"模板 {template.name} 无法解析：{exc}。请检查 {{{{ }}}} 与 {{% %}} 标签。") from exc
    if missing:
        raise TemplateError(
            f"模板 {template.name} 使用了程序未提供的变量：{'、'.join(sorted(missing))}"
            "（可能是在 Word 中编辑时标签被拆开或拼写有误）。"
        )


def render(template: Path, context: dict, out: Path, images: dict[str, tuple[Path, float]] | None = None) -> Path:
    """Render `template` with `context` into `out` (atomically). `images` maps a context key to (PNG, width mm)."""
    if not template.exists():
        raise TemplateError(f"找不到模板 {template}。")
    check_template(template, context)
    tpl = DocxTemplate(str(template))
    try:
        tpl.render(_with_images(context, tpl, images or {}), autoescape=True)
    except Exception as exc:
        raise TemplateError(f"模板 {template.name} 渲染失败：{exc}") from exc
    finish(tpl.docx)  # merges, one-line marks, 署名/成文日期 placement (docx_layout.py)
    with atomic_path(out) as tmp:
        tpl.save(str(tmp))
    return out
