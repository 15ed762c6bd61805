"""import_plan: a plan document in, everything the plan workbook needs out.

source → tables recovered → notice → parts (the plan, each annex) → heading tree → items (units, deadlines,
targets) → annex tables → unit registry (names merged) → tasks and indicators → reviews.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from generator.plan.importer.annexes import table_indicators, table_kind, task_items
from generator.plan.importer.headings import annex_number, build_tree, label_of, title_sentence
from generator.plan.importer.items import items_from_tree, task_candidates
from generator.plan.importer.lines import (
    _ANNEX,
    join_broken_lines,
    number_dash_items,
    split_inline_headings,
    strip_page_markers,
)
from generator.plan.importer.model import (
    NEEDS_REVIEW,
    NOTE,
    ImportedIndicator,
    ImportedPlan,
    ImportedTask,
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
from generator.plan.importer.text import fold, tighten
from generator.plan.importer.unit_names import shared_prefix_names
from generator.plan.model import BodyParagraph

_BOILERPLATE = re.compile(
    r"当前(?:的)?位置|欢迎来到|本网站|浏览次数|【(?!牵头|配合|责任|参与|协办|主办|落实|实施|完成)[^】]{1,8}】|打印本页|关闭窗口|返回顶部|分享到|字号\s*[:：]|网站地图|版权所有|"
    r"^\s*(?:索\s*引\s*号|主题分类|发布机构|发文日期|发布日期|文\s*号)\s*[:：]|"
    # an e-paper's index line (2025-07-15 1 1 淮北日报 content_194100.html … -->): the site's, not the plan's
    r"-->\s*$|^\s*\d{4}-\d{1,2}-\d{1,2}\s+\S.*\.s?html?\b"
)
PLACEHOLDER_UNIT = "（待指定）"


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
        tasks = [_task(i, no) for no, i in enumerate(table_rows, start=1)]
        for task, item in zip(tasks, table_rows):
            task.task = (
                _cell(item, ("重点工作任务", "工作任务", "重点任务", "任务内容", "主要任务", "任务")) or task.task
            )
            task.target = _cell(item, ("目标要求", "工作目标", "目标")) or ""
            task.requirement = _cell(item, ("工作要求", "工作措施", "具体措施", "佐证材料")) or ""
            task.deadline_text = _cell(item, ("完成时限", "完成时间", "时间节点", "完成期限")) or task.deadline_text
    else:
        tasks = [_task(i, no) for no, i in enumerate(task_candidates(items), start=1)]
    if not indicators:
        indicators = indicators_from_tasks(tasks, [*items, *table_rows])
    for task in tasks:
        reviews.extend(task.reviews)
    placeholder = any(not t.roles.lead for t in tasks) or any(not i.lead for i in indicators)
    if placeholder:
        from generator.plan.importer.model import UnitEntry

        units.append(UnitEntry(PLACEHOLDER_UNIT, kind="占位"))
    for item in items:
        reviews.extend(_target_reviews(item))
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


_FORMULA_START = re.compile(r"^[=+\-@]")


def formula_reviews(units) -> list[Review]:
    """A unit named like a spreadsheet formula (=HYPERLINK(…), +cmd|…, @…): written as text like every cell, and
    listed so the clerk replaces it with the unit's real name before ledgers go out under it."""
    return [
        Review(
            "unit-formula",
            NEEDS_REVIEW,
            f"单位名称「{unit.name}」以公式符号开头，像公式而不是单位名称，已按文字原样写入。",
            unit.name,
            unit.first_para,
        )
        for unit in units
        if _FORMULA_START.match(fold(unit.name).strip())
    ]


def group_reviews(units, tasks: list[ImportedTask]) -> list[Review]:
    """Every group of units (各成员单位, 各县(市、区)人民政府): its members are to be filled in — 待核实 when a task
    names the group, since its ledger goes to the members; a note otherwise."""
    out = []
    for unit in units:
        if unit.kind != "泛指":
            continue
        named = [t.no for t in tasks if unit.name in t.roles.all()]
        out.append(
            Review(
                "unit-group",
                NEEDS_REVIEW if named else NOTE,  # a group no task names receives no ledger: a note only
                f"「{unit.name}」是一组单位，不是一个单位"
                + (
                    f"（重点任务第{'、'.join(str(n) for n in named[:10])}{'等' if len(named) > 10 else ''}项）"
                    if named
                    else ""
                )
                + "，请列出其成员。",
                unit.name,
                unit.first_para,
            )
        )
    return out


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
            match = _ANNEX.match(block.text)
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


def _task(item: Item, no: int) -> ImportedTask:
    deadline = item.deadline
    lead = item.roles.lead or item.roles.implementing or item.roles.cooperating
    reviews = []
    if not item.roles.lead:
        reviews.append(
            Review(
                "lead-missing",
                NEEDS_REVIEW,
                "未找到牵头单位"
                + ("，责任单位暂取其他单位" if lead else f"，责任单位暂填「{PLACEHOLDER_UNIT}」")
                + "，请指定。",
                item.id,
                item.paras[0],
            )
        )
    elif len(item.roles.lead) > 1:
        reviews.append(
            Review(
                "several-leads",
                NOTE,
                f"有{len(item.roles.lead)}个牵头单位（{'、'.join(item.roles.lead)}），各自在台账中填报本任务；"
                "「责任单位」列填第一个（只列一个单位的表格写它）。",
                item.id,
                item.paras[0],
            )
        )
    dated = [d for d in item.deadlines if d.date]
    if not item.deadlines:
        reviews.append(Review("deadline-missing", NOTE, "条目中没有完成时限。", item.id, item.paras[0]))
    elif not dated:
        reviews.append(
            Review(
                "deadline-undated", NOTE, f"完成时限「{item.deadlines[0].text}」没有具体日期。", item.id, item.paras[0]
            )
        )
    elif len({d.date for d in dated}) > 1:
        reviews.append(
            Review(
                "deadline-several",
                NOTE,
                "条目中有多个时限（" + "、".join(d.text for d in dated) + f"），完成时限取最晚的「{deadline.text}」。",
                item.id,
                item.paras[0],
            )
        )
    text = item.text
    first_line = text.split("\n", 1)[0]
    if item.label and first_line.startswith(item.label):
        text = text[len(item.label) :].lstrip()
    task_text = item.title or (title_sentence(text, limit=200) or text.split("\n", 1)[0])
    requirement = text[len(item.title) :].lstrip("。 ") if item.title and text.startswith(item.title) else text
    for phrase in filter(None, item.roles.phrase.split("；")):
        requirement = requirement.replace(f"({phrase})", "").replace(f"（{phrase}）", "")
    roles = Roles(
        list(item.roles.lead) or list(lead[:1]), item.roles.cooperating, item.roles.implementing, item.roles.phrase
    )
    return ImportedTask(
        no=no,
        task=task_text,
        target="；".join(t.phrase for t in item.targets),
        requirement=requirement.strip(),
        roles=roles,
        deadline_text=deadline.text if deadline else "",
        deadline=deadline.date if deadline else None,
        item_id=item.id,
        section=item.section,
        source=item.text,
        para=item.paras[0] if item.paras else None,
        ref=item.ref,
        reviews=reviews,
    )


def _cell(item: Item, names: tuple[str, ...]) -> str | None:
    """A cell of a table row item, by column name (the row's text keeps them as 列名：值)."""
    cells: dict[str, str] = {}
    current = None
    for line in item.text.split("\n"):
        head, sep, value = line.partition("：")
        if (sep and head in names + tuple(cells)) or (sep and current is None):
            current = head
            cells[head] = value
        elif sep and len(head) <= 8 and "，" not in head and "。" not in head:
            current = head
            cells[head] = value
        elif current:
            cells[current] += "\n" + line
    return next((cells[n] for n in names if n in cells), None)


def indicators_from_tasks(tasks: list[ImportedTask], items: list[Item]) -> list[ImportedIndicator]:
    """No indicator table: every numeric target of a task becomes an indicator row (达标 judged on it)."""
    by_id = {i.id: i for i in items}
    out: list[ImportedIndicator] = []
    for task in tasks:
        item = by_id.get(task.item_id)
        if item is None:
            continue
        for target in item.targets:
            if target.value is None or (
                target.alternative
                and any(
                    o.alternative == target.alternative and o is not target
                    for o in item.targets[: item.targets.index(target)]
                )
            ):
                continue
            value = f"{target.value:g}"
            relative = target.operator in ("下降", "提高")
            text = f"{target.operator}{value}" if target.operator not in ("=",) else value
            at_least = relative and re.search(
                re.escape(value) + r"\s*" + re.escape(target.unit) + r"\s*(?:及)?以上", target.phrase
            )
            reviews = [
                Review(
                    "indicator-from-text",
                    NOTE,
                    "由正文中的量化目标生成"
                    + ("（相对目标，当前值应填变化幅度）" if relative else "")
                    + "，请核对指标口径。",
                    task.item_id,
                    target.para,
                )
            ]
            out.append(
                ImportedIndicator(
                    no=len(out) + 1,
                    category=(task.section.split(" > ")[-1] if task.section else ""),
                    name=target.indicator,
                    dimension=target.unit,
                    target_text=(f"{target.baseline}{text}" if relative and target.baseline else text)
                    if not relative
                    else f"{text}{target.unit}" + ("以上" if at_least else ""),
                    operator=target.operator,
                    value=target.value,
                    direction="≤" if target.operator in ("≤", "<") else "≥",
                    basis=target.phrase,
                    requirement=f"见重点任务第{task.no}项",
                    lead=list(target.places) or list(task.roles.lead[:1]),
                    origin=task.item_id,
                    para=target.para,
                    ref=item.ref,
                    reviews=reviews,
                )
            )
    return out


def _target_reviews(item: Item) -> list[Review]:
    out = []
    alternatives = {t.alternative for t in item.targets if t.alternative}
    for number in alternatives:
        phrases = [t.phrase for t in item.targets if t.alternative == number]
        out.append(
            Review(
                "target-alternative",
                NOTE,
                "两个目标以“或”相连，达到其一即可：" + " / ".join(phrases),
                item.id,
                item.paras[0],
            )
        )
    for k, target in enumerate(item.targets):
        from generator.plan.importer.target_values import same_indicator

        for other in item.targets[:k]:
            if (
                not target.alternative
                and other.unit == target.unit
                and other.value != target.value
                and other.operator == target.operator
                and same_indicator(other.indicator, target.indicator)
                and len(other.indicator) > 3
            ):
                out.append(
                    Review(
                        "target-conflict",
                        NEEDS_REVIEW,
                        f"同一指标「{target.indicator}」有两个目标值（{other.phrase} / {target.phrase}），请核对。",
                        item.id,
                        target.para,
                    )
                )
    return out


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
