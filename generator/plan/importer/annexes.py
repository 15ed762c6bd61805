"""Annex tables read as the plan's tasks (附件一 工作台账) or indicators (附件二 量化指标台账, 任务分解表).

Columns are found by name, with the synonyms plans use (责任单位 / 牵头部门, 目标值 / 指标值, 完成时限 / 完成时间 …),
so a table with its columns in another order, or with columns added, reads the same.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.plan.deadline import find_deadlines
from generator.plan.importer.item_deadlines import target_year
from generator.plan.importer.model import (
    NEEDS_REVIEW,
    Deadline,
    ImportedIndicator,
    Item,
    Review,
    Roles,
    Table,
    TableRow,
    Target,
)
from generator.plan.importer.responsibility import cell_roles, extend_units
from generator.plan.importer.sub_rows import UNIT_COLUMN, merge_sub_row
from generator.plan.importer.target_values import dedupe, parse_value
from generator.plan.importer.targets import targets_in
from generator.plan.importer.text import fold
from generator.plan.importer.unit_names import is_local

TASK_COLUMNS = {
    "no": ("序号",),
    "task": (
        "重点工作任务",
        "工作任务",
        "重点任务",
        "任务内容",
        "主要任务",
        "具体任务",
        "工作内容",
        "目标任务",
        "任务",
        "项目名称",
        "建设内容",
        "主要内容",
        "考核内容",
    ),
    "target": ("目标要求", "工作目标", "目标", "预期目标", "年度目标"),
    "measure": ("单位", "计量单位", "量纲"),
    "requirement": ("工作要求", "工作措施", "具体措施", "细化措施", "措施", "佐证材料", "完成标准", "具体内容"),
    "lead": ("牵头单位", "牵头部门", "牵头责任单位", "牵头责任部门", "主办单位", "主办"),
    # the lead, or the units doing the work beside a 牵头单位
    "responsible": ("责任单位", "责任部门", "主体责任单位", "负责部门", "负责单位"),
    "cooperating": (
        "配合单位",
        "配合部门",
        "协办单位",
        "参与单位",
        "参与部门",
        "协助单位",
        "协同单位",
        "协同部门",
        "协办",
        "成员单位",
    ),
    "implementing": ("落实单位", "实施单位", "主责单位", "实施主体", "责任主体"),
    "deadline": (
        "完成时限",
        "完成时间",
        "时间节点",
        "时限",
        "完成期限",
        "进度安排",
        "时间进度",
        "完成节点",
        "计划节点",
    ),
}
INDICATOR_COLUMNS = {
    "category": ("类别", "分类", "类型"),
    "field": ("领域",),
    "group": ("任务",),  # in a 任务分解表 (领域 > 任务 > 指标) the 任务 is the indicator's 类别
    "no": ("序号",),
    "name": ("指标", "指标名称", "考核指标"),
    "dimension": ("量纲", "单位", "计量单位"),
    "target": ("目标值", "指标值", "预期目标"),
    "basis": ("计算依据", "计算方法", "指标解释", "说明"),
    "requirement": ("工作要求", "佐证材料", "备注"),
    "lead": ("牵头部门", "牵头单位", "责任单位", "责任部门"),
    "attribute": ("指标属性", "属性"),
}
# Indicators where less is better (达标方向 ≤) when the target itself does not say so.
LOWER_IS_BETTER = re.compile(
    r"超采|用水量|耗水|能耗|漏损|排放量|排放强度|超标|发生率|死亡率|事故|劣V|劣Ⅴ|浓度|负荷|赤字"
)


def columns(table: Table, wanted: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """field → header name in this table, synonyms in order of preference."""
    found: dict[str, str] = {}
    for name, synonyms in wanted.items():
        column = next((s for s in synonyms if s in table.header and s not in found.values()), None)
        if column is None and name in ("task", "lead", "responsible", "cooperating", "implementing", "deadline"):
            # 责任单位或牵头单位, 牵头单位（部门）, 主要工作任务, 重点工作内容: a header that names it with more words
            column = next(
                (h for s in synonyms for h in table.header if s in h and len(s) >= 4 and h not in found.values()), None
            )
        if column is None and name == "task":
            # 民生实事, 目标与任务, 工作事项: a column named by the kind of work its rows are
            column = next((h for h in table.header if _WORK_COLUMN.search(h) and h not in found.values()), None)
        if column:
            found[name] = column
    return found


_WORK_COLUMN = re.compile(r"(?:任务|实事|事项|工程)$")


def table_kind(table: Table) -> str:
    indicator = columns(table, INDICATOR_COLUMNS)
    if "name" in indicator and "target" in indicator:
        return "indicator"
    task = columns(table, TASK_COLUMNS)
    if "task" in task and ("lead" in task or "responsible" in task or "deadline" in task or _place_column(table)):
        return "task"
    return ""


# 县(市)、区 / 县(市、区) / 乡镇(街道) / 镇街: a column naming the places that do each row's work
_PLACE_COLUMN = re.compile(
    r"^(?:地区|县|市|区|乡|镇|乡镇|街道|镇街)(?:[(（、][县市区乡镇街道、]{1,6}[)）]?)*[、]?(?:区|县|市)?$"
)
# 目标任务水窖(个): a number column named by what is counted and its unit of measure
_COUNT_COLUMN = re.compile(
    r"^(?:目标任务|年度任务|任务|计划|目标)(?P<what>[\u4e00-\u9fff]{1,10})[(（](?P<unit>[^()（）]{1,6})[)）]$"
)


def _place_column(table: Table) -> str:
    return next((h for h in table.header if _PLACE_COLUMN.match(header_text(h))), "")


def header_text(name: str) -> str:
    return re.sub(r"\s+", "", fold(name))


def task_items(table: Table, year: int) -> tuple[list[Item], list[Review]]:
    """The rows of a task table as items (id 附件1/3), with the unit, deadline and targets of each."""
    cols = columns(table, TASK_COLUMNS)
    place_column = _place_column(table)  # the table's, found once: a province's annex has thousands of rows
    items, reviews = [], []
    for k, row in enumerate(table.rows, start=1):
        cell = {name: row.cells.get(column, "").strip() for name, column in cols.items()}
        if not cell.get("task"):
            continue
        no = cell.get("no") or str(k)
        item = Item(
            id=f"{table.annex or '附表'}/{no}",
            label=no,
            section=" > ".join(x for x in (table.annex, table.title) if x),
            title="",
            text="\n".join(f"{column}：{row.cells[column]}" for column in table.header if row.cells.get(column)),
            paras=[row.para],
            ref=row.ref,
            from_table=True,
        )
        item.roles = table_roles(cell, qualified=bool(_QUALIFIED.search(cols.get("cooperating", ""))))
        place = row.cells.get(place_column, "").strip() if place_column else ""
        place_led = bool(place) and not item.roles.all()
        if place_led:  # the places column is the only unit column: each place leads its row
            item.roles = Roles(lead=cell_roles(place).lead, phrase=place)
        deadline_text = cell.get("deadline", "")
        found = find_deadlines(deadline_text, year)
        if "deadline" not in cols:  # no 完成时限 column: the dates written in the task itself, not a target's year
            # (in every text column: 重点任务 | 工作内容 puts the dated work beside the task's name)
            other = [v for h, v in row.cells.items() if h not in cols.values() and not UNIT_COLUMN.search(h)]
            texts = [cell.get(k, "") for k in ("task", "target", "requirement")] + other
            deadline_text = "；".join(t for t in texts if t)
            found = [m for m in find_deadlines(deadline_text, year) if not target_year(deadline_text, m.start, m.text)]
        item.deadlines = [Deadline(m.text, m.date, row.para, m.begin) for m in found]
        if deadline_text and not found and "deadline" in cols:  # 长期坚持 in a 完成时限 cell: kept as written
            item.deadlines = [Deadline(deadline_text, None, row.para)]
        # every text column may state a target (目标要求, 工作任务, or a column such as 国家园林城市标准或要求);
        # the unit, deadline and number columns do not
        skip = {cols.get(k) for k in ("no", "lead", "responsible", "cooperating", "implementing", "deadline")}
        shares = _shares(row, cols.get("target", ""), place_column)
        texts = [cell.get(k, "") for k in ("task", "requirement") + (() if shares else ("target",))]
        texts += [v for h, v in row.cells.items() if h not in skip and h not in {cols.get(k) for k in cols}]
        item.targets = dedupe([t for text in texts for t in targets_in(text, row.para)])
        counted = _COUNT_COLUMN.match(header_text(cols.get("task", "")))
        number = re.fullmatch(r"\d+(?:\.\d+)?", cell.get("task", ""))
        if counted and number:  # 目标任务水窖(个) 2200: what is counted, the unit in the header, the value below
            phrase = f"{cols['task']} {cell['task']}"
            item.targets.insert(
                0, Target(counted["what"], "=", float(number.group(0)), counted["unit"], phrase, row.para)
            )
        if not item.targets and cell.get("measure") is not None and shares:
            # 分解目标: a value for some places, another for others (the indicator named with its places)
            item.targets = [
                replace(t, places=tuple(cell_roles(places).lead))
                for value, places in shares
                for t in _measured_target({**cell, "target": value, "task": f"{cell['task']}（{places}）"}, row.para)
            ]
        elif not item.targets and cell.get("measure") is not None:
            item.targets = _measured_target(cell, row.para)
        if place_led and not shares:  # every place of the row is measured on its value
            item.targets = [replace(t, places=tuple(item.roles.lead)) for t in item.targets]
        if row.irregular and items and items[-1].id == item.id:  # a sub-row under a merged 序号: part of its row
            merge_sub_row(items[-1], item)
            continue
        if row.irregular:
            reviews.append(_irregular(item.id, row.para))
        items.append(item)
    return items, reviews


def _shares(row: TableRow, target_column: str, place_column: str) -> list[tuple[str, str]]:
    """(value, its places) when a row gives its places different values (a table on its side), else []."""
    values, places = row.parts.get(target_column, []), row.parts.get(place_column, [])
    return list(zip(values, places)) if len(values) > 1 and len(values) == len(places) else []


_GROWTH = re.compile(r"(?:增幅|增速|涨幅|增长率?)$")


def _measured_target(cell: dict[str, str], para: int) -> list[Target]:
    """考核内容 粮食播种面积 / 单位 万亩 / 年度目标 0.07: the value cell with the unit of measure beside it.
    A target of 0 sets no quota (no target); 增幅 ≥2% is a rise of 2 %."""
    operator, value, percent = parse_value(cell.get("target", ""))
    if value is None or value == 0 or not cell.get("task"):
        return []
    measure = percent or ("" if cell["measure"] in ("/", "／", "—", "-") else cell["measure"])
    if operator in ("≥", "=") and measure == "%" and _GROWTH.search(cell["task"]):
        operator = "提高"
    phrase = " ".join(x for x in (cell["task"], cell["measure"], cell["target"]) if x)
    return [Target(cell["task"], operator, value, measure, phrase, para)]


def table_indicators(table: Table) -> tuple[list[ImportedIndicator], list[Review]]:
    cols = columns(table, INDICATOR_COLUMNS)
    if "group" in cols and cols["group"] == cols.get("name"):
        del cols["group"]
    out, reviews = [], []
    category = domain = group = ""
    for k, row in enumerate(table.rows, start=1):
        cell = {name: row.cells.get(column, "").strip() for name, column in cols.items()}
        if not cell.get("name"):
            continue
        category = cell.get("category") or (category if "category" in cols else "")
        domain = cell.get("field") or domain
        group = cell.get("group") or group
        names = row.parts.get(cols["name"], [cell["name"]])
        values = row.parts.get(cols.get("target", ""), [cell.get("target", "")])
        units = row.parts.get(cols.get("dimension", ""), [cell.get("dimension", "")])
        notes = []
        target_text = cell.get("target", "")
        subs = names[1:]
        if len(subs) >= 2 and len(subs) == len(values) == len(units):
            parsed = {parse_value(v)[:2] for v in values}
            same = len(set(values)) == 1 or (len(parsed) == 1 and parse_value(values[0])[1] is not None)
            target_text = values[0] if same else "；".join(f"{s}{v}" for s, v in zip(subs, values))
            notes.append(
                "子指标：" + "；".join(f"{s}{v}{'' if u in ('/', '／') else u}" for s, v, u in zip(subs, values, units))
            )
        elif subs:
            notes.append("说明：" + "、".join(subs))
        extra = [v for v in values if v != target_text and len(values) > 1 and v not in target_text]
        if extra and not (len(subs) >= 2 and len(subs) == len(values)):
            notes.append("另：" + "；".join(extra))
        operator, value, _ = parse_value(target_text)
        dimension = cell.get("dimension", "")
        dimension = "" if dimension in ("/", "／", "—", "-") else dimension
        lead = cell_roles(cell.get("lead", "")).lead
        direction = (
            "≤"
            if operator in ("≤", "<") or (operator in ("=", "") and LOWER_IS_BETTER.search(fold(cell["name"])))
            else "≥"
        )
        basis = cell.get("basis", "")
        indicator = ImportedIndicator(
            no=_int(cell.get("no"), k),
            category=category or group,
            name=cell["name"],
            dimension=dimension,
            target_text=target_text,
            operator=operator,
            value=value,
            direction=direction,
            basis="\n".join(x for x in (basis, *notes) if x),
            requirement=cell.get("requirement", ""),
            lead=lead,
            domain=domain,
            attribute=cell.get("attribute", ""),
            sub_items=tuple(subs),
            origin=f"{table.annex or '附表'} {row.ref}",
            para=row.para,
            ref=row.ref,
        )
        if row.irregular:
            review = _irregular(f"{table.annex}/{indicator.no}", row.para)
            indicator.reviews.append(review)
            reviews.append(review)
        out.append(indicator)
    return out, reviews


_DEPARTMENT_GROUP = re.compile(r"(?:有关|相关|其他|成员)(?:单位|部门)$")
# 协同配合单位 / 主要协作单位: a qualified cooperating column, whose local units do their own part
_QUALIFIED = re.compile(r"协同|主要|责任")


def table_roles(cell: dict[str, str], qualified: bool = False) -> Roles:
    """The units of a task row: 牵头单位 leads; 责任单位 leads when there is no 牵头单位, else it implements."""
    roles = Roles(phrase="；".join(cell.get(k, "") for k in ("lead", "responsible", "cooperating") if cell.get(k)))
    responsible = cell_roles(cell.get("responsible", ""), "implementing" if cell.get("lead") else "lead")
    # 县各有关单位 beside a 牵头 column: the other departments work with the lead (cooperating)
    departments = [u for u in responsible.implementing if _DEPARTMENT_GROUP.search(u) and not is_local(u)]
    responsible.implementing = [u for u in responsible.implementing if u not in departments]
    responsible.cooperating.extend(u for u in departments if u not in responsible.cooperating)
    # 市住建局,各县(区)政府: beside the departments, the local governments each do their own part
    local = [u for u in responsible.lead + responsible.cooperating if is_local(u)]
    responsible = Roles(
        [u for u in responsible.lead if u not in local],
        [u for u in responsible.cooperating if u not in local],
        [*responsible.implementing, *(u for u in local if u not in responsible.implementing)],
    )
    parts = [
        cell_roles(cell.get("lead", ""), "lead"),
        responsible,
        _cooperating(cell.get("cooperating", ""), qualified),
        cell_roles(cell.get("implementing", ""), "implementing"),
    ]
    for part in parts:
        for name in ("lead", "cooperating", "implementing"):
            extend_units(getattr(roles, name), getattr(part, name))
    return roles


def _cooperating(text: str, qualified: bool) -> Roles:
    roles = cell_roles(text, "cooperating")
    if qualified:
        local = [u for u in roles.cooperating if is_local(u)]
        roles.cooperating = [u for u in roles.cooperating if u not in local]
        extend_units(roles.implementing, local)
    return roles


def _irregular(where: str, para: int) -> Review:
    return Review(
        "table-irregular",
        NEEDS_REVIEW,
        "表格行的单元格与表头对不齐（网页转换丢失了表格线，或一行中有子指标），已按内容拆分，请对照原表核对。",
        where,
        para,
    )


def _int(text: str | None, default: int) -> int:
    digits = re.sub(r"\D", "", fold(text or ""))
    return int(digits) if digits else default
