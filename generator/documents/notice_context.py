"""The context of the notice (关于印发工作方案的通知): a pure function of the plan as issued."""

from __future__ import annotations

from generator.documents import summary
from generator.documents.annexes import responsible_text
from generator.documents.breakdown import CONTINUE, breakdown_rows
from generator.documents.marks import MERGE_LEFT, MERGE_UP
from generator.documents.titles import LANDSCAPE, break_title
from generator.office_settings import DEFAULT_NOTICE_ROWS
from generator.periods import chinese_date
from generator.plan.model import Plan


def notice_context(plan: Plan, printed_rows: int = DEFAULT_NOTICE_ROWS) -> dict:
    """关于印发《…》的通知: the head, the plan's text and one annex per 附件版式 (tasks, indicators, breakdown).

    An annex of more than `printed_rows` rows is issued as a spreadsheet: its `file` names it (summary.notice_tables
    writes it) and the template prints a line instead of the table."""
    info = plan.info
    breakdown = breakdown_context(plan) if "任务分解表" in plan.annex_layouts else []
    sizes = {"工作台账": len(plan.tasks), "量化指标台账": len(plan.indicators), "任务分解表": len(breakdown)}
    annexes: list[dict[str, str | int]] = []
    for n, layout in enumerate(plan.annex_layouts, start=1):
        rows = sizes[layout]
        big = summary.notice_annex_rows(plan, layout) > printed_rows
        annexes.append(
            {
                "index": n,
                "layout": layout,
                "title": break_title(plan.annex_title(layout), LANDSCAPE),
                "rows": rows,
                "file": summary.notice_file_name(n, layout) if big else "",
            }
        )
    return {
        "issuer_mark": info.issuer_mark,
        "doc_number": info.doc_number,
        "title": break_title(f"关于印发《{info.title}》的通知"),
        "recipients": info.recipients,
        "notice_body": info.notice_body,
        "attachments": [
            {"index": n, "title": plan.annex_title(layout)} for n, layout in enumerate(plan.annex_layouts, start=1)
        ],
        "annexes": annexes,
        "signature": info.issuer,
        "date_cn": chinese_date(info.issued_on),
        "note": info.note,
        "plan_title": break_title(info.title),
        "plan_body": [{"level": p.level, "heading": p.heading, "text": p.text} for p in plan.body],
        "annex1_title": plan.annex_titles[0] if plan.annex_titles else "",
        "annex2_title": plan.annex_titles[1] if len(plan.annex_titles) > 1 else "",
        "tasks": [
            {
                "no": t.no,
                "task": t.task,
                "target": t.target,
                "requirement": t.requirement,
                "unit": responsible_text(plan.unit(t.unit).short_name, t.lead_units, t.co_units, t.implementing_units),
                "deadline": t.deadline_text,
            }
            for t in plan.tasks
        ],
        "indicators": [
            {
                "category": i.category,
                "no": i.no,
                "name": i.name,
                "dimension": i.dimension,
                "target": i.target_text,
                "basis": i.basis,
                "requirement": i.requirement,
                "unit": plan.unit(i.unit).short_name,
            }
            for i in plan.indicators
        ],
        "breakdown": breakdown,
        "cc": info.cc,
        "print_office": info.print_office,
        "print_date_cn": chinese_date(info.printed_on or info.issued_on),
    }


def breakdown_context(plan: Plan) -> list[dict]:
    """The 任务分解表 rows for a DOCX table: a merged cell's continuation holds MERGE_UP, a 分项 cell of an
    indicator without 分项 holds MERGE_LEFT (its name takes both halves of 指标名称); docx_layout merges them."""
    short = {u.name: u.short_name for u in plan.units}
    items = [_Short(i, short[i.unit]) for i in plan.indicators]
    out = []
    for row in breakdown_rows(items):
        cells = {}
        for key in ("field", "task", "no", "name", "dimension", "target", "attribute", "lead"):
            merge = row.get({"dimension": "dim", "target": "target"}.get(key, key) + "_merge")
            cells[key] = MERGE_UP if merge == CONTINUE else str(row[key])
        cells["sub"] = row["sub"] if row["has_sub"] else MERGE_LEFT
        out.append(cells)
    return out


class _Short:
    """An indicator seen with its unit's short name (what tables print)."""

    def __init__(self, indicator, unit_short: str):
        self._indicator, self.unit_short = indicator, unit_short

    def __getattr__(self, name):
        return getattr(self._indicator, name)
