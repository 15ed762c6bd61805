"""render(template, context) → path, with docxtpl.

Templates live in `templates/` (a workspace may carry its own edited copies); before rendering, the variables a
template uses are compared with the context so that a misspelt or split tag is reported, not rendered as blank.

A template is prepared once and reused for every document made from it (the month's 200 督办通知 share one): its
file is linted, its XML cleaned and compiled by Jinja, and its styles read once; each render then only runs the
compiled template and the layout pass. Templates are found again by the hash of their bytes, so a template a clerk
edits while a long-lived process (the portal, `watch`) runs is prepared anew.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from generator.atomic import atomic_path
from generator.documents.docx_layout import finish
from generator.documents.docx_layout.styles import StyleTable
from generator.documents.lint import split_tags, unbalanced_blocks
from generator.errors import TemplateError

_PREPARED: dict[str, PreparedTemplate] = {}
_NEWLINE_BEFORE_P = re.compile(r"<w:p([ >])")
_NEWLINE_P = re.compile(r"\n<w:p([ >])")
# A text run holding a tab, line break, paragraph or page mark (\t \n \a \f), which docxtpl's listing pass turns
# into Word's elements; a text's own < is escaped, so [^<]* stays inside it.
_LISTING_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")
_KEEP = 8  # templates kept prepared per process: a workspace has four


class PreparedTemplate(DocxTemplate):
    """A docxtpl template whose Jinja sources are compiled once and whose document is reused between renders.

    docxtpl reloads the .docx and re-cleans and re-compiles its XML at every render; here the cleaned, compiled
    sources of the body and of each header and footer are kept, so that a render never reads what an earlier render
    wrote: the body and the header/footer parts are replaced by each render, the styles and the rest are shared."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(io.BytesIO(data))
        self.name = name
        self.init_docx()
        self.env = jinja2.Environment(autoescape=True)
        self.body_source = self.patch_xml(self.get_xml())
        self.part_sources: dict[str, str] = {}  # header/footer relationship id → its cleaned XML
        for uri in (self.HEADER_URI, self.FOOTER_URI):
            for rel_key, part in self.get_headers_footers(uri):
                self.part_sources[rel_key] = self.patch_xml(self.get_part_xml(part))
        self.properties = {p: getattr(self.docx.core_properties, p) for p in _PROPERTIES}
        self.compiled: dict[str, jinja2.Template] = {}
        try:
            parsed = self.env.parse(self.body_source + "".join(self.part_sources.values()))
        except jinja2.TemplateError as exc:
            raise TemplateError(f"模板 {name} 无法解析：{exc}。请检查 {{{{ }}}} 与 {{% %}} 标签。") from exc
        self.variables = jinja2.meta.find_undeclared_variables(parsed)
        self.styles = StyleTable(self.docx)
        self.static = self._static_parts()
        self.base = self._base_zip()

    def _static_parts(self) -> dict[int, tuple[Any, bytes]]:
        """The serialised bytes of the parts no render changes (styles, numbering, theme, fonts, settings …), so
        that each document written from the template serialises only its body, headers and properties. Kept with
        the part itself: a part of a reloaded package is never mistaken for one of these."""
        changing = {id(self.docx.part)}
        changing.add(id(self.docx.part.package._core_properties_part))  # python-docx's own accessor
        for uri in (self.HEADER_URI, self.FOOTER_URI):
            changing.update(id(part) for _, part in super().get_headers_footers(uri))
        return {id(part): (part, part.blob) for part in self.docx.part.package.parts if id(part) not in changing}

    def save_to(self, path: Path) -> None:
        """The package as python-docx saves it (content types, relationships, every part). The parts no render
        changes are copied in compressed, from a zip made once (styles.xml alone is 350 KB to deflate per letter);
        the rest is appended to it."""
        package = self.docx.part.package
        parts = list(package.parts)
        for part in parts:
            part.before_marshal()
        present = {id(part): part for part in parts}
        # a reloaded package (a render with pictures) shares none of the kept parts: it is written whole
        shared = all(present.get(key) is part for key, (part, _) in self.static.items())
        buffer = io.BytesIO(self.base if shared else b"")
        static_ids = set(self.static) if shared else set()
        with zipfile.ZipFile(buffer, "a" if static_ids else "w", zipfile.ZIP_DEFLATED) as out:
            out.writestr(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob)
            out.writestr(PACKAGE_URI.rels_uri.membername, package.rels.xml)
            for part in parts:
                if id(part) in static_ids:
                    continue
                out.writestr(part.partname.membername, part.blob)
                if len(part.rels):
                    out.writestr(part.partname.rels_uri.membername, part.rels.xml)
        path.write_bytes(buffer.getvalue())

    def _base_zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for part, blob in self.static.values():
                out.writestr(part.partname.membername, blob)
                if len(part.rels):
                    out.writestr(part.partname.rels_uri.membername, part.rels.xml)
        return buffer.getvalue()

    def init_docx(self, reload: bool = True) -> None:
        if self.docx is None:  # loaded once: renders start from the kept sources, not from the last document
            super().init_docx()

    def get_headers_footers(self, uri):  # type: ignore[no-untyped-def]
        if getattr(self, "part_sources", None) is None:
            yield from super().get_headers_footers(uri)
            return
        for rel_key, rel in self.docx._part.rels.items():
            if rel.reltype == uri and rel_key in self.part_sources:
                yield rel_key, rel.target_part

    def build_xml(self, context, jinja_env=None):  # type: ignore[no-untyped-def]
        return self._render_source(self.body_source, self.docx._part, context)

    def build_headers_footers_xml(self, context, uri, jinja_env=None):  # type: ignore[no-untyped-def]
        for rel_key, part in list(self.get_headers_footers(uri)):
            xml = self._render_source(self.part_sources[rel_key], part, context)
            yield rel_key, xml.encode("utf-8")

    def _render_source(self, source: str, part: Any, context: dict) -> str:
        # docxtpl's render_xml_part, with the Jinja template compiled once per source
        src = _NEWLINE_BEFORE_P.sub(r"\n<w:p\1", source)
        template = self.compiled.get(source)
        if template is None:
            template = self.compiled[source] = self.env.from_string(src)
        self.current_rendering_part = part
        xml = _NEWLINE_P.sub(r"<w:p\1", template.render(context))
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return self.resolve_listing(xml)

    def resolve_listing(self, xml: str) -> str:
        # docxtpl's pass rewrites every paragraph and run with regular expressions and changes only the texts that
        # hold a listing mark: without one, the XML is already its result
        if _LISTING_TEXT.search(xml) is None:
            return xml
        return super().resolve_listing(xml)  # type: ignore[no-any-return]

    def render_properties(self, context, jinja_env=None):  # type: ignore[no-untyped-def]
        for prop, initial in self.properties.items():  # from the template's values, never from a rendered one
            if "{" in (initial or ""):  # a property without a tag stays as the template has it
                if initial not in self.compiled:
                    self.compiled[initial] = self.env.from_string(initial)
                template = self.compiled[initial]
                setattr(self.docx.core_properties, prop, template.render(context))

    def render_footnotes(self, context, jinja_env=None):  # type: ignore[no-untyped-def]
        return None  # our templates carry no footnotes; a tag in one would show as text, never run as code

    def missing(self, context: dict) -> set[str]:
        return self.variables - set(context)


_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


def prepared(template: Path) -> PreparedTemplate:
    """The prepared template for this file's bytes (checked for broken tags when first prepared)."""
    if not template.exists():
        raise TemplateError(f"找不到模板 {template}。")
    data = template.read_bytes()
    key = hashlib.sha256(data).hexdigest()
    found = _PREPARED.get(key)
    if found is not None:
        return found
    broken = split_tags(template) + unbalanced_blocks(template)
    if broken:
        more = f"（另有 {len(broken) - 1} 处）" if len(broken) > 1 else ""
        raise TemplateError(f"模板 {template.name} 有损坏的标签：{broken[0]}{more}。请在 Word/WPS 中改正后重试。")
    if len(_PREPARED) >= _KEEP:
        _PREPARED.pop(next(iter(_PREPARED)))
    found = _PREPARED[key] = PreparedTemplate(data, template.name)
    return found


def check_template(template: Path, context: dict) -> None:
    """Raise TemplateError when a tag is broken (quoting the template text around it) or the template uses a
    variable the context does not provide."""
    _check_variables(prepared(template), context)


def _check_variables(tpl: PreparedTemplate, context: dict) -> None:
    missing = tpl.missing(context)
    if missing:
        raise TemplateError(
            f"模板 {tpl.name} 使用了程序未提供的变量：{'、'.join(sorted(missing))}"
            "（可能是在 Word 中编辑时标签被拆开或拼写有误）。"
        )


def render(template: Path, context: dict, out: Path, images: dict[str, tuple[Path, float]] | None = None) -> Path:
    """Render `template` with `context` into `out` (atomically). `images` maps a context key to (PNG, width mm)."""
    tpl = prepared(template)
    _check_variables(tpl, context)
    values = dict(context)
    if images:  # a picture adds parts to the package: start from the template's own, not the last render's
        tpl.docx = None
        tpl.init_docx()
    for key, (path, width_mm) in (images or {}).items():  # image paths become pictures sized in millimetres
        values[key] = InlineImage(tpl, str(path), width=Mm(width_mm))
    try:
        tpl.render(values, autoescape=True)
    except Exception as exc:
        raise TemplateError(f"模板 {template.name} 渲染失败：{exc}") from exc
    tpl.docx._Document__body = None  # python-docx keeps a wrapper of the body it first saw; the render replaced it
    finish(tpl.docx, tpl.styles)  # merges, one-line marks, 署名/成文日期 placement (docx_layout/)
    with atomic_path(out) as tmp:
        tpl.save_to(tmp)
    return out
