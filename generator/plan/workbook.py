"""plan.xlsx: the plan as a workbook the office can read and edit.

Sheets: 方案信息 (key/value), 责任单位, 重点任务 (附件一), 量化指标 (附件二), 方案正文. The column names are the
plan's own; `PLAN_SHEETS` is the single description of the layout, used both to write and to read.
`OPTIONAL_COLUMNS` are read when present and written only when the plan uses them (牵头单位/配合单位 beside the one
责任单位, and the 任务分解表's 领域, 指标属性, 分项), so workbooks without them read as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
import xlsxwriter

from generator.errors import PlanError
from generator.plan.contacts import CONTACT_COLUMNS, Contact, contact_cells, split_addresses
from generator.plan.deadline import parse_deadline
from generator.plan.model import ANNEX_LAYOUTS, BodyParagraph, Indicator, Plan, PlanInfo, Task, Unit
from generator.plan.units import UnitDirectory

INFO_FIELDS = {  # 方案信息 key → PlanInfo field
    "方案名称": "title",
    "发文机关": "issuer",
    "发文机关标志": "issuer_mark",
    "发文字号": "doc_number",
    "成文日期": "issued_on",
    "主送机关": "recipients",
    "通知正文": "notice_body",
    "附注": "note",
    "抄送": "cc",
    "印发机关": "print_office",
    "印发日期": "printed_on",
    "通报印发单位": "bulletin_office",
    "通报名称": "bulletin_title",
    "通报报送": "report_to",
    "通报分送": "send_to",
}
ANNEX_KEYS = ("附件一名称", "附件二名称", "附件三名称", "附件四名称")
LAYOUT_KEY = "附件版式"  # e.g. 工作台账、任务分解表; default 工作台账、量化指标台账
DEFAULT_LAYOUTS = ("工作台账", "量化指标台账")

PLAN_SHEETS = {
    "方案信息": ["项目", "内容"],
    "责任单位": ["单位名称", "简称及别名"],
    "重点任务": ["序号", "重点工作任务", "目标要求", "工作要求", "责任单位", "完成时限", "截止日期"],
    "量化指标": ["类别", "序号", "指标", "量纲", "目标值", "计算依据", "工作要求", "责任单位", "达标方向"],
    "方案正文": ["层级", "标题", "正文"],
}
OPTIONAL_COLUMNS = {
    "重点任务": ["牵头单位", "配合单位"],
    "量化指标": ["领域", "指标属性", "牵头单位", "分项"],
    "责任单位": CONTACT_COLUMNS,  # 联系人, 联系邮箱, 负责人, 负责人邮箱 (generator/plan/contacts.py)
}
_ALIAS_SPLIT = re.compile(r"[、，,；;/\s]+")
_NUMBER = re.compile(r"^[<>≤≥=＜＞]*\s*(-?\d+(?:\.\d+)?)\s*%?$")


def read_plan(path: Path) -> Plan:
    """Read plan.xlsx; a missing sheet, column or unit is a PlanError naming the sheet and cell."""
    if not path.exists():
        raise PlanError(f"找不到方案文件 {path}：请把方案工作簿放在 inputs/plan.xlsx，或用 taizhang init 新建工作区。")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise PlanError(f"无法打开方案文件 {path.name}：{exc}") from exc
    with _closing(book):
        sheets = {
            name: _records(book, name, columns, OPTIONAL_COLUMNS.get(name, ())) for name, columns in PLAN_SHEETS.items()
        }
    info_rows = {str(r["项目"][0]).strip(): r["内容"][0] for r in sheets["方案信息"]}
    info = _plan_info(info_rows, path)
    units = [
        Unit(_text(r["单位名称"][0]), tuple(a for a in _ALIAS_SPLIT.split(_text(r["简称及别名"][0])) if a))
        for r in sheets["责任单位"]
        if _text(r["单位名称"][0])
    ]
    contacts = {
        unit.name: contact
        for unit, r in zip(units, (r for r in sheets["责任单位"] if _text(r["单位名称"][0])))
        if not (contact := _contact(r)).empty
    }
    directory = UnitDirectory(units)
    year = info.issued_on.year
    tasks = [_task(r, directory, year) for r in sheets["重点任务"] if _text(r["重点工作任务"][0])]
    indicators = _indicators(sheets["量化指标"], directory)
    body = [BodyParagraph(int(r["层级"][0] or 0), _text(r["标题"][0]), _text(r["正文"][0])) for r in sheets["方案正文"]]
    layouts = tuple(_ALIAS_SPLIT.split(_text(info_rows.get(LAYOUT_KEY)))) if info_rows.get(LAYOUT_KEY) else ()
    layouts = tuple(x for x in layouts if x) or DEFAULT_LAYOUTS
    unknown = [x for x in layouts if x not in ANNEX_LAYOUTS]
    if unknown:
        raise PlanError(
            f"方案文件 {path.name} 的「方案信息」中「{LAYOUT_KEY}」有未知版式「{'、'.join(unknown)}」"
            f"（可用：{'、'.join(ANNEX_LAYOUTS)}）。"
        )
    annexes = tuple(_text(info_rows.get(k)) or d for k, d in zip(ANNEX_KEYS, layouts))
    return Plan(info, units, tasks, indicators, body, annexes, layouts, contacts)


def _contact(r: dict) -> Contact:
    return Contact(
        _text(r["联系人"][0]),
        split_addresses(_text(r["联系邮箱"][0])),
        _text(r["负责人"][0]),
        split_addresses(_text(r["负责人邮箱"][0])),
    )


def write_plan(plan: Plan, path: Path) -> Path:
    """Write the plan workbook (used by the example builder and, later, by plan import)."""
    book = xlsxwriter.Workbook(str(path))
    head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
    cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    day = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "border": 1})
    info = plan.info
    info_rows = [[key, getattr(info, field)] for key, field in INFO_FIELDS.items()]
    info_rows += [[key, title] for key, title in zip(ANNEX_KEYS, plan.annex_titles)]
    if tuple(plan.annex_layouts) != DEFAULT_LAYOUTS:
        info_rows.append([LAYOUT_KEY, "、".join(plan.annex_layouts)])
    optional = {
        "重点任务": [(c, f) for c, f in zip(OPTIONAL_COLUMNS["重点任务"], ("lead_units", "co_units"))],
        "量化指标": [
            (c, f) for c, f in zip(OPTIONAL_COLUMNS["量化指标"], ("field", "attribute", "lead_units", "sub_items"))
        ],
    }
    items = {"重点任务": plan.tasks, "量化指标": plan.indicators}
    used = {
        name: [(c, f) for c, f in pairs if any(getattr(i, f) for i in items[name])] for name, pairs in optional.items()
    }
    rows = {
        "方案信息": info_rows,
        "责任单位": [
            [u.name, "、".join(u.aliases)] + (contact_cells(plan.contacts.get(u.name)) if plan.contacts else [])
            for u in plan.units
        ],
        "重点任务": [
            [t.no, t.task, t.target, t.requirement, _short(plan, t.unit), t.deadline_text, t.deadline]
            for t in plan.tasks
        ],
        "量化指标": [
            [
                i.category,
                i.no,
                i.name,
                i.dimension,
                i.target_text,
                i.basis,
                i.requirement,
                _short(plan, i.unit),
                i.direction,
            ]
            for i in plan.indicators
        ],
        "方案正文": [[p.level, p.heading, p.text] for p in plan.body],
    }
    for name, pairs in used.items():
        for values, item in zip(rows[name], items[name]):
            values += ["\n".join(v) if isinstance(v := getattr(item, f), tuple) else v for _, f in pairs]
    widths = {"方案信息": [14, 80], "责任单位": [28, 28], "方案正文": [6, 28, 90]}
    for name, plan_columns in PLAN_SHEETS.items():
        columns = plan_columns + [c for c, _ in used.get(name, [])]
        if name == "责任单位" and (plan.contacts or not plan.units):  # an empty plan shows where contacts go
            columns = columns + CONTACT_COLUMNS
        sheet = book.add_worksheet(name)
        sheet.freeze_panes(1, 0)
        for col, title in enumerate(columns):
            sheet.write_string(0, col, title, head)
            sheet.set_column(col, col, widths.get(name, [])[col] if col < len(widths.get(name, [])) else 16)
        for r, values in enumerate(rows[name], start=1):
            for c, value in enumerate(values):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(r, c, value, cell)
                else:
                    sheet.write_string(r, c, "" if value is None else str(value), cell)
    book.close()
    return path


def write_empty_plan(path: Path) -> Path:
    """A plan workbook with every sheet and column and nothing filled in, for a new workspace."""
    info = PlanInfo(**{field: "" for field in INFO_FIELDS.values()})
    return write_plan(Plan(info, [], [], [], [], ("", "")), path)


def _short(plan: Plan, unit: str) -> str:
    return plan.unit(unit).short_name


class _closing:
    def __init__(self, book):
        self.book = book

    def __enter__(self):
        return self.book

    def __exit__(self, *exc):
        self.book.close()


def _records(
    book, sheet_name: str, columns: list[str], optional: Sequence[str] = ()
) -> list[dict[str, tuple[object, str]]]:
    """Rows of a sheet as {column: (value, A1 cell)}; columns are found by their header text.

    Optional columns read as (None, "") when the sheet does not have them."""
    if sheet_name not in book.sheetnames:
        raise PlanError(f"方案文件缺少工作表「{sheet_name}」（应有：{'、'.join(PLAN_SHEETS)}）。")
    rows = book[sheet_name].iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    missing = [c for c in columns if c not in header]
    if missing:
        raise PlanError(f"方案文件工作表「{sheet_name}」第1行缺少列：{'、'.join(missing)}。")
    where = {c: header.index(c) for c in columns}
    where.update({c: header.index(c) for c in optional if c in header})
    out = []
    for r, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        record = {c: (values[i] if i < len(values) else None, f"{sheet_name}!{_col(i)}{r}") for c, i in where.items()}
        out.append({**{c: (None, "") for c in optional}, **record})
    return out


def _col(index: int) -> str:
    return xlsxwriter.utility.xl_col_to_name(index)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _plan_info(rows: dict[str, object], path: Path) -> PlanInfo:
    values: dict[str, object] = {}
    for key, field in INFO_FIELDS.items():
        value = rows.get(key)
        values[field] = _as_date(value) if field in ("issued_on", "printed_on") else _text(value)
    for key in ("方案名称", "成文日期"):
        if not values[INFO_FIELDS[key]]:
            raise PlanError(f"方案文件 {path.name} 的「方案信息」缺少「{key}」（成文日期请填日期，如 2018-04-03）。")
    values["issuer_mark"] = values["issuer_mark"] or values["issuer"]
    values["print_office"] = values["print_office"] or values["issuer"]
    values["bulletin_office"] = values["bulletin_office"] or values["print_office"]
    values["bulletin_title"] = values["bulletin_title"] or "工作进展通报"
    return PlanInfo(**values)  # type: ignore[arg-type]


def _unit(directory: UnitDirectory, value: tuple[object, str]) -> str:
    name = directory.resolve(_text(value[0]))
    if name is None:
        raise PlanError(
            f"方案文件 {value[1]} 的责任单位「{_text(value[0])}」不在「责任单位」表中：请补充该单位或其简称。"
        )
    return name


def _number(value: tuple[object, str], what: str) -> int:
    try:
        return int(float(_text(value[0])))
    except ValueError:
        raise PlanError(f"方案文件 {value[1]} 的{what}「{_text(value[0])}」应为数字。") from None


def _task(r: dict, directory: UnitDirectory, year: int) -> Task:
    deadline_text = _text(r["完成时限"][0])
    return Task(
        no=_number(r["序号"], "序号"),
        task=_text(r["重点工作任务"][0]),
        target=_text(r["目标要求"][0]),
        requirement=_text(r["工作要求"][0]),
        unit=_unit(directory, r["责任单位"]),
        deadline_text=deadline_text,
        deadline=_as_date(r["截止日期"][0]) or parse_deadline(deadline_text, year),
        lead_units=_text(r["牵头单位"][0]),
        co_units=_text(r["配合单位"][0]),
    )


def _indicators(rows: list[dict], directory: UnitDirectory) -> list[Indicator]:
    out, category = [], ""
    for r in rows:
        if not _text(r["指标"][0]):
            continue
        category = _text(r["类别"][0]) or category  # 类别 is written once per group, as in the seed
        target_text = _text(r["目标值"][0])
        out.append(
            Indicator(
                no=_number(r["序号"], "序号"),
                category=category,
                name=_text(r["指标"][0]),
                dimension=_text(r["量纲"][0]),
                target_text=target_text,
                target=_target(target_text),
                direction="≤" if _text(r["达标方向"][0]) in ("≤", "<=", "不高于", "以下") else "≥",
                basis=_text(r["计算依据"][0]),
                requirement=_text(r["工作要求"][0]),
                unit=_unit(directory, r["责任单位"]),
                field=_text(r["领域"][0]),
                attribute=_text(r["指标属性"][0]),
                lead_units=_text(r["牵头单位"][0]),
                sub_items=tuple(line.strip() for line in _text(r["分项"][0]).split("\n") if line.strip()),
            )
        )
    return out


def _target(text: str) -> float | None:
    """The target as a number: ≥20, 不低于90% …; a target of several lines (one per 分项, or a number with a
    condition such as 且不降低) counts when its numeric lines agree. None when it is words (制定实施)."""
    numbers = {float(m.group(1)) for line in text.split("\n") if (m := _NUMBER.match(line.strip().replace("％", "%")))}
    return numbers.pop() if len(numbers) == 1 else None
