"""import_plan: a plan document in, everything the plan workbook needs out.

source → tables recovered → notice → parts (the plan, each annex) → heading tree → items (units, deadlines,
targets) → annex tables → unit registry (names merged) → tasks and indicators → reviews.

This module runs the steps in order and keeps what passes between them (the plan's year, its parts); what a step
makes is in a module of its own: a task from an item in `imported_tasks`, indicators from the tasks' targets in
`task_indicators`, the plan's text in `body`, reviews in `target_reviews` and `unit_reviews`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from generator.plan.importer.annexes import table_indicators, table_kind, task_items
from generator.plan.importer.body import body_paragraphs
from generator.plan.importer.headings import annex_number, build_tree, label_of
from generator.plan.importer.imported_tasks import PLACEHOLDER_UNIT, imported_task, row_cell
from generator.plan.importer.items import items_from_tree
from generator.plan.importer.lines import (
    ANNEX_HEADING,
    join_broken_lines,
    number_dash_items,
    split_inline_headings,
    strip_page_markers,
)
from generator.plan.importer.model import (
    ImportedIndicator,
    ImportedPlan,
    Item,
    Paragraph,
    Review,
    Roles,
    Table,
)
from generator.plan.importer.notice import read_notice
from generator.plan.importer.previews import split_run_on_headings
from generator.plan.importer.registry import Registry, canonical_list
from generator.plan.importer.source import read_source
from generator.plan.importer.tables import recover_tables
from generator.plan.importer.target_reviews import target_reviews
from generator.plan.importer.task_candidates import task_candidates
from generator.plan.importer.task_indicators import indicators_from_tasks
from generator.plan.importer.text import fold, tighten
from generator.plan.importer.unit_names import shared_prefix_names
from generator.plan.importer.unit_reviews import formula_reviews, group_reviews
from generator.plan.model import BodyParagraph

_BOILERPLATE = re.compile(
    r"当前(?:的)?位置|欢迎来到|本网站|浏览次数|【(?!牵头|配合|责任|参与|协办|主办|落实|实施|完成)[^】]{1,8}】|打印本页|关闭窗口|返回顶部|分享到|字号\s*[:：]|网站地图|版权所有|"
    r"^\s*(?:索\s*引\s*号|主题分类|发布机构|发文日期|发布日期|文\s*号)\s*[:：]|"
    # an e-paper's index line (2025-07-15 1 1 淮北日报 content_194100.html … -->): the site's, not the plan's
    r"-->\s*$|^\s*\d{4}-\d{1,2}-\d{1,2}\s+\S.*\.s?html?\b"
)


def import_plan(path: Path) -> ImportedPlan:
    """Read a plan document (.docx, .txt, .doc, .pdf) into tasks, indicators, units and notice information."""
    blocks = recover_tables(read_source(path))
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    notice_result = read_notice(paragraphs)
    notice = notice_result.notice
    reviews: list[Review] = list(notice_result.reviews)
    skip = {id(paragraphs[i]) for i in notice_result.skip}
    start_block = _block_index(blocks, paragraphs, notice_result.body_start)
    year = _plan_year(notice.plan_title, notice.issued_on, notice.doc_number, [p.text for p in paragraphs[:5]])

    parts = _split_parts(blocks[start_block:], skip)
    items: list[Item] = []
    table_rows: list[Item] = []
    tables: list[Table] = []
    body: list[BodyParagraph] = []
    for name, part_blocks in parts:
        part_paragraphs = join_broken_lines(
            number_dash_items(
                [
                    Paragraph(p.no, tighten(p.text), p.ref)
                    for p in split_run_on_headings(
                        split_inline_headings(strip_page_markers([b for b in part_blocks if isinstance(b, Paragraph)]))
                    )
                ]
            )
        )
        tree = build_tree(part_paragraphs, part=name)
        items.extend(items_from_tree(tree, year))
        if not name:
            body = body_paragraphs(part_paragraphs)
        for table in (b for b in part_blocks if isinstance(b, Table)):
            table.annex = name
            tables.append(table)

    task_table = next((t for t in tables if table_kind(t) == "task"), None)
    indicator_table = next((t for t in tables if table_kind(t) == "indicator"), None)
    if task_table is not None:
        table_rows, table_reviews = task_items(task_table, year)
        reviews.extend(table_reviews)
    indicators: list[ImportedIndicator] = []
    if indicator_table is not None:
        indicators, indicator_reviews = table_indicators(indicator_table)
        reviews.extend(indicator_reviews)

    registry = Registry()
    for item in [*items, *table_rows]:
        for role in ("lead", "cooperating", "implementing"):
            registry.add(getattr(item.roles, role), role, item.paras[0] if item.paras else None)
        for bare, full in shared_prefix_names(item.roles):
            registry.add_written(bare, full, item.paras[0] if item.paras else None)
    for indicator in indicators:
        registry.add(indicator.lead, "lead", indicator.para)
    canonical, units, unit_reviews = registry.build()
    reviews.extend(unit_reviews)
    reviews.extend(formula_reviews(units))
    for item in [*items, *table_rows]:
        item.roles = Roles(
            canonical_list(item.roles.lead, canonical),
            canonical_list(item.roles.cooperating, canonical),
            canonical_list(item.roles.implementing, canonical),
            item.roles.phrase,
        )
    for indicator in indicators:
        indicator.lead = canonical_list(indicator.lead, canonical)

    if table_rows:
        tasks = [imported_task(i, no) for no, i in enumerate(table_rows, start=1)]
        for task, item in zip(tasks, table_rows):
            task.task = (
                row_cell(item, ("重点工作任务", "工作任务", "重点任务", "任务内容", "主要任务", "任务")) or task.task
            )
            task.target = row_cell(item, ("目标要求", "工作目标", "目标")) or ""
            task.requirement = row_cell(item, ("工作要求", "工作措施", "具体措施", "佐证材料")) or ""
            task.deadline_text = row_cell(item, ("完成时限", "完成时间", "时间节点", "完成期限")) or task.deadline_text
    else:
        tasks = [imported_task(i, no) for no, i in enumerate(task_candidates(items), start=1)]
    if not indicators:
        indicators = indicators_from_tasks(tasks, [*items, *table_rows])
    for task in tasks:
        reviews.extend(task.reviews)
    placeholder = any(not t.roles.lead for t in tasks) or any(not i.lead for i in indicators)
    if placeholder:
        from generator.plan.importer.model import UnitEntry

        units.append(UnitEntry(PLACEHOLDER_UNIT, kind="占位"))
    for item in items:
        reviews.extend(target_reviews(item))
    reviews.extend(group_reviews(units, tasks))
    return ImportedPlan(
        source=path,
        notice=notice,
        body=body,
        items=[*items, *table_rows],
        tasks=tasks,
        indicators=indicators,
        units=units,
        reviews=reviews,
        tables=tables,
        year=year,
        task_source="附件表格" if table_rows else "正文条目",
    )


def _block_index(blocks, paragraphs, index: int) -> int:
    """The block where the plan's body starts: right after the notice's last paragraph, so a table between the
    notice and the body's first paragraph (or a plan that is only a table) belongs to the body."""
    if index <= 0 or not paragraphs:
        return 0
    last = paragraphs[min(index, len(paragraphs)) - 1]
    return next(k for k, b in enumerate(blocks) if b is last) + 1


_DOC_YEAR = re.compile(r"[〔\[（(【]\s*((?:19|20)\d{2})\s*[〕\]）)】]\s*\d+\s*号")


def _plan_year(title: str, issued_on: date | None, doc_number: str = "", opening: tuple | list = ()) -> int:
    """The year 年底前 and months without a year belong to: the title's, the issue date's, the year of the
    document number (国发〔2020〕6号), else the latest document the plan's opening cites (根据…（昆政发〔2016〕13号）:
    a page that lost its title and date was written that year, not in the year it is read) — today's year only
    when the plan names none."""
    match = re.search(r"((?:19|20)\d{2})\s*年", title or "")
    if match:
        return int(match.group(1))
    if issued_on:
        return issued_on.year
    match = re.search(r"[〔\[（(【]\s*((?:19|20)\d{2})\s*[〕\]）)】]", doc_number or "")
    if match:
        return int(match.group(1))
    cited = [int(m.group(1)) for text in opening for m in _DOC_YEAR.finditer(fold(text))]
    return max(cited) if cited else date.today().year


def _split_parts(blocks, skip: set[int]) -> list[tuple[str, list]]:
    """The plan itself ("") and each annex (附件1 …), without the 附件 list, the 版记 and web page furniture."""
    parts: list[tuple[str, list]] = [("", [])]
    for block in blocks:
        if isinstance(block, Paragraph):
            if id(block) in skip or _BOILERPLATE.search(block.text):
                continue
            match = ANNEX_HEADING.match(block.text)
            if match and match.group(1) is not None and not label_of(match.group(2) or ""):
                parts.append((annex_number(match.group(1)), []))
                if match.group(2).strip():
                    parts[-1][1].append(Paragraph(block.no, "", block.ref))
                continue
            if match and match.group(1) is None and not match.group(2).strip():
                parts.append((f"附件{len(parts)}", []))
                continue
        parts[-1][1].append(block)
    return parts
