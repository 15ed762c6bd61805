"""The imported plan as plan.xlsx, for the clerk to review before the monthly cycle starts.

The five sheets `read_plan` reads (方案信息, 责任单位, 重点任务, 量化指标, 方案正文) with their required columns
first, then columns that show where each value came from (牵头单位, 配合单位, 落实单位, 所属章节, 条目编号, 原文,
段落号, 待核实), and
four more sheets: 方案条目 (every numbered item of the plan, extracted), 量化目标 (every quantified target),
单位名录 (every way a unit is written, aliases and suspected typos) and 待核实 (everything to check, one per line).
重点任务.责任单位 holds the first lead unit: a task goes to one unit's ledger; the other leads are in 牵头单位.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from generator.atomic import atomic_path
from generator.plan import model as plan_model
from generator.plan.importer.imported_tasks import PLACEHOLDER_UNIT
from generator.plan.importer.model import NEEDS_REVIEW, ImportedPlan, Review
from generator.plan.layout import ANNEX_KEYS, INFO_FIELDS, PLAN_SHEETS

EXTRA_COLUMNS = {
    "方案信息": ["来源段落", "待核实"],
    "责任单位": ["类型", "疑似错字", "出现次数", "角色", "首次出现段落", "待核实"],
    "重点任务": ["牵头单位", "配合单位", "落实单位", "所属章节", "条目编号", "原文", "段落号", "待核实"],
    # 配合单位 and 落实单位 are there (empty) so that read_plan reads an indicator's units by role, as a task's: an
    # indicator with several 牵头单位 (each place of a table on its side) is reported by each of them
    "量化指标": ["领域", "指标属性", "牵头单位", "分项", "配合单位", "落实单位", "来源", "段落号", "待核实"],
    "方案正文": [],
}
MORE_SHEETS = {
    # the groups the plan names (各县(市、区)人民政府, 相关成员单位): members are left for the clerk to list
    "单位分组": ["分组名称", "成员单位", "待核实"],
    "方案条目": [
        "条目编号",
        "所属章节",
        "标题",
        "牵头单位",
        "配合单位",
        "落实单位",
        "完成时限",
        "截止日期",
        "量化目标",
        "原文",
        "段落号",
        "位置",
        "待核实",
    ],
    "量化目标": ["条目编号", "指标", "运算符", "目标值", "单位", "基准", "或", "原文", "段落号"],
    "单位名录": ["写法", "规范名称", "关系", "类型", "出现次数", "角色", "首次出现段落"],
    "待核实": ["级别", "代码", "位置", "段落号", "说明", "处理办法"],
}
WIDTHS = {
    "项目": 14,
    "内容": 70,
    "原文": 60,
    "重点工作任务": 36,
    "工作要求": 40,
    "目标要求": 30,
    "说明": 80,
    "正文": 80,
    "标题": 30,
    "所属章节": 28,
    "计算依据": 36,
    "待核实": 40,
    "指标": 28,
    "单位名称": 26,
    "写法": 26,
    "规范名称": 26,
}
ROLE_NAMES = {"lead": "牵头", "cooperating": "配合", "implementing": "落实"}


def write_imported_plan(imported: ImportedPlan, out: Path) -> Path:
    """Write plan.xlsx (readable by `generator.plan.read_plan`) and return its path."""
    with atomic_path(out) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        _Writer(book, imported).write_all()
        book.close()
    return out


class _Writer:
    def __init__(self, book, imported: ImportedPlan):
        self.book = book
        self.plan = imported
        self.head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
        self.cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
        self.day = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "border": 1})
        self.flag = book.add_format({"text_wrap": True, "valign": "top", "border": 1, "bg_color": "#FFF2CC"})
        self.by_where: dict[str, list[Review]] = {}
        for review in imported.reviews:
            self.by_where.setdefault(review.where, []).append(review)

    def write_all(self) -> None:
        self.sheet("方案信息", self._info_rows())
        self.sheet("责任单位", self._unit_rows())
        self.sheet("重点任务", self._task_rows())
        self.sheet("量化指标", self._indicator_rows())
        self.sheet("方案正文", [[p.level, p.heading, p.text] for p in self.plan.body])
        self.sheet("单位分组", self._group_rows())
        self.sheet("方案条目", self._item_rows())
        self.sheet("量化目标", self._target_rows())
        self.sheet("单位名录", self._name_rows())
        self.sheet("待核实", [[r.level, r.code, r.where, r.para or "", r.message, r.advice] for r in self.plan.reviews])

    def sheet(self, name: str, rows: list[list[object]]) -> None:
        columns = PLAN_SHEETS[name] + EXTRA_COLUMNS[name] if name in PLAN_SHEETS else MORE_SHEETS[name]
        sheet = self.book.add_worksheet(name)
        sheet.freeze_panes(1, 0)
        for c, title in enumerate(columns):
            sheet.write_string(0, c, title, self.head)
            sheet.set_column(c, c, WIDTHS.get(title, 14))
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values):
                review_column = columns[c] == "待核实"
                fmt = self.flag if review_column and value and NEEDS_REVIEW in str(value) else self.cell
                if isinstance(value, date):
                    sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), self.day)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(r, c, value, fmt)
                else:
                    sheet.write_string(r, c, "" if value is None else str(value), fmt)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(columns) - 1)

    def reviews_of(self, *wheres: str) -> str:
        found = [r for w in wheres for r in self.by_where.get(w, [])]
        return "\n".join(f"【{r.level}】{r.message}" for r in found)

    def _info_rows(self) -> list[list[object]]:
        n = self.plan.notice
        issued = n.issued_on or date(self.plan.year, 1, 1)
        values = {
            "方案名称": n.plan_title or n.notice_title or self.plan.source.stem,
            "发文机关": n.issuer,
            "发文机关标志": n.issuer,
            "发文字号": n.doc_number,
            "成文日期": issued,
            "主送机关": n.recipients,
            "通知正文": n.notice_body,
            "抄送": n.cc,
            "印发机关": n.print_office,
            "印发日期": n.printed_on,
        }
        sources = {
            "方案名称": "plan_title",
            "发文机关": "issuer",
            "发文字号": "doc_number",
            "成文日期": "issued_on",
            "主送机关": "recipients",
        }
        general = self.reviews_of("方案信息")
        rows: list[list[object]] = []
        for key in INFO_FIELDS:
            review = ""
            if key == "成文日期" and not n.issued_on:
                review = f"【{NEEDS_REVIEW}】文中未找到成文日期，暂填 {issued:%Y-%m-%d}，请改为实际日期。"
            elif (key in ("方案名称", "发文机关") and not values.get(key)) or (key == "方案名称" and not n.plan_title):
                review = f"【{NEEDS_REVIEW}】请填写。"
            elif key == "发文机关" and general and ("署名" in general or "补全" in general):
                review = general
            rows.append([key, values.get(key) or "", n.sources.get(sources.get(key, ""), ""), review])
        for key, title in zip(ANNEX_KEYS, [*n.attachments, "", ""]):
            rows.append([key, title, "", ""])
        if "任务分解表" in getattr(plan_model, "ANNEX_LAYOUTS", ()) and any(
            i.domain or i.attribute for i in self.plan.indicators
        ):
            rows.append(
                ["附件版式", "工作台账、任务分解表", "", "附件二按任务分解表（领域、任务、指标属性）的版式印制"]
            )
        rows.append(["通知标题", n.notice_title, n.sources.get("notice_title", ""), ""])
        rows.append(["附件", "\n".join(f"{k}.{a}" for k, a in enumerate(n.attachments, start=1)), "", ""])
        rows.append(["方案年份", self.plan.year, "", "年底前等不写年份的时限按此年份计算"])
        rows.append(["原文件", self.plan.source.name, "", ""])
        return rows

    def _unit_rows(self) -> list[list[object]]:
        rows = []
        for unit in self.plan.units:
            roles = "、".join(ROLE_NAMES[r] for r in ("lead", "cooperating", "implementing") if r in unit.roles)
            review = self.reviews_of(unit.name, *unit.aliases, *unit.typos)
            if unit.name == PLACEHOLDER_UNIT:
                review = f"【{NEEDS_REVIEW}】占位：有任务或指标未找到责任单位，请改为实际单位。"
            rows.append(
                [
                    unit.name,
                    "、".join(unit.aliases),
                    unit.kind,
                    "、".join(unit.typos),
                    unit.count,
                    roles,
                    unit.first_para or "",
                    review,
                ]
            )
        return rows

    def _group_rows(self) -> list[list[object]]:
        """One row per group the plan names, its members empty: ledgers wait until the clerk lists them."""
        return [
            [
                unit.name,
                "",
                f"【{NEEDS_REVIEW}】请在「成员单位」中列出「{unit.name}」包括的单位（用、分隔，须在「责任单位」表中）；"
                "未列出前不能下发台账。",
            ]
            for unit in self.plan.units
            if unit.kind == "泛指"
        ]

    def _task_rows(self) -> list[list[object]]:
        rows = []
        for t in self.plan.tasks:
            rows.append(
                [
                    t.no,
                    t.task,
                    t.target,
                    t.requirement,
                    t.roles.lead[0] if t.roles.lead else PLACEHOLDER_UNIT,
                    t.deadline_text,
                    t.deadline,
                    "、".join(t.roles.lead),
                    "、".join(t.roles.cooperating),
                    "、".join(t.roles.implementing),
                    t.section,
                    t.item_id,
                    t.source,
                    t.para or "",
                    self.reviews_of(t.item_id),
                ]
            )
        return rows

    def _indicator_rows(self) -> list[list[object]]:
        rows = []
        for i in self.plan.indicators:
            review = "\n".join(f"【{r.level}】{r.message}" for r in i.reviews)
            if len(i.lead) > 1:
                leads = "、".join(i.lead)
                review += f"\n【提示】有{len(i.lead)}个牵头单位（{leads}），各自填报本指标；「责任单位」列填第一个。"
            rows.append(
                [
                    i.category,
                    i.no,
                    i.name,
                    i.dimension,
                    i.target_text,
                    i.basis,
                    i.requirement,
                    i.lead[0] if i.lead else PLACEHOLDER_UNIT,
                    i.direction,
                    i.domain,
                    i.attribute,
                    "、".join(i.lead),
                    "\n".join(i.sub_items),
                    "",
                    "",
                    i.origin,
                    i.para or "",
                    review.strip(),
                ]
            )
        return rows

    def _item_rows(self) -> list[list[object]]:
        rows = []
        for item in self.plan.items:
            deadline = item.deadline
            rows.append(
                [
                    item.id,
                    item.section,
                    item.title,
                    "、".join(item.roles.lead),
                    "、".join(item.roles.cooperating),
                    "、".join(item.roles.implementing),
                    "；".join(d.text for d in item.deadlines),
                    deadline.date if deadline and deadline.date else None,
                    "；".join(
                        f"{t.indicator}{t.operator}{t.value:g}{t.unit}" for t in item.targets if t.value is not None
                    ),
                    item.text,
                    "、".join(str(p) for p in item.paras),
                    item.ref,
                    self.reviews_of(item.id),
                ]
            )
        return rows

    def _target_rows(self) -> list[list[object]]:
        rows: list[list[object]] = []
        for item in self.plan.items:
            for t in item.targets:
                rows.append(
                    [
                        item.id,
                        t.indicator,
                        t.operator,
                        t.value,
                        t.unit,
                        t.baseline,
                        f"或（第{t.alternative}组）" if t.alternative else "",
                        t.phrase,
                        t.para or "",
                    ]
                )
        for i in self.plan.indicators:
            if i.origin and not i.origin.startswith("附件") and not i.origin.startswith("附表"):
                continue
            rows.append([i.origin, i.name, i.operator, i.value, i.dimension, "", "", i.target_text, i.para or ""])
        return rows

    def _name_rows(self) -> list[list[object]]:
        rows = []
        for unit in self.plan.units:
            roles = "、".join(ROLE_NAMES[r] for r in ("lead", "cooperating", "implementing") if r in unit.roles)
            rows.append([unit.name, unit.name, "规范名称", unit.kind, unit.count, roles, unit.first_para or ""])
            rows.extend([alias, unit.name, "简称或省略写法", unit.kind, "", "", ""] for alias in unit.aliases)
            rows.extend([typo, unit.name, "疑似错字（待核实）", unit.kind, "", "", ""] for typo in unit.typos)
        return rows
