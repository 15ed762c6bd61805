"""The contexts of the DOCX templates: pure functions of the plan and the month, checked by tests directly."""

from __future__ import annotations

from datetime import date

from generator.periods import chinese_date, period_label
from generator.plan.model import Plan
from generator.progress import (
    DONE,
    LAGGING,
    MET,
    NOT_MET,
    NOT_REPORTED,
    NOT_STARTED,
    ON_SCHEDULE,
    MonthProgress,
    is_missing,
)
from generator.store import MonthSummary


def percent_text(value: float) -> str:
    return f"{value:.1f}%"


def change_text(current: float, previous: MonthSummary | None) -> str:
    """较上月提高/下降 N 个百分点, or the first bulletin."""
    if previous is None:
        return "本期为首次通报"
    delta = round(current - previous.completion_rate, 1)
    last = f"较上月（{period_label(previous.period)}，{percent_text(previous.completion_rate)}）"
    if delta > 0:
        return f"{last}提高{delta:.1f}个百分点"
    if delta < 0:
        return f"{last}下降{-delta:.1f}个百分点"
    return f"与上月（{period_label(previous.period)}）持平"


def _number(value: float | None) -> str:
    if is_missing(value):
        return ""
    return f"{value:g}"


def bulletin_context(
    plan: Plan, month: MonthProgress, previous: MonthSummary | None, issue_no: int, issued_on: date
) -> dict:
    counts = month.counts
    info = plan.info
    indicators = month.indicators
    attainment = indicators["attainment"].value_counts()
    return {
        "office": info.bulletin_office,
        "bulletin_title": info.bulletin_title,
        "issue_no": issue_no,
        "date_cn": chinese_date(issued_on),
        "period_cn": period_label(month.period),
        "plan_title": info.title,
        "summary": {
            "total": len(month.tasks),
            "done": counts[DONE],
            "on_schedule": counts[ON_SCHEDULE],
            "lagging": counts[LAGGING],
            "not_started": counts[NOT_STARTED],
            "not_reported": counts[NOT_REPORTED],
            "completion_rate": percent_text(month.completion_rate),
            "change_text": change_text(month.completion_rate, previous),
        },
        "units": [
            {
                "rank": u.rank,
                "name": u.short_name,
                "total": u.total,
                "done": u.done,
                "on_schedule": u.on_schedule,
                "lagging": u.lagging,
                "not_started": u.not_started,
                "avg_percent": f"{u.avg_percent:g}%" if u.reported else "未报送",
                "completion_rate": percent_text(u.completion_rate) if u.reported else "—",
            }
            for u in month.units
        ],
        "overdue": [
            {
                "no": int(r.no),
                "task": _first_line(r.task),
                "unit": r.unit_short,
                "deadline": r.deadline_text,
                "status": r.status or NOT_REPORTED,
                "percent": f"{r.percent:g}%" if r.percent == r.percent else "—",
                "days_overdue": int(r.days_overdue),
                "problem": r.issues or "—",
            }
            for r in month.overdue.itertuples()
        ],
        "indicators_summary": {
            "total": len(indicators),
            "met": int(attainment.get(MET, 0)),
            "not_met": int(attainment.get(NOT_MET, 0)),
            "pending": len(indicators) - int(attainment.get(MET, 0)) - int(attainment.get(NOT_MET, 0)),
        },
        "indicators": [
            {
                "no": int(r.no),
                "category": r.category,
                "name": r.name,
                "dimension": r.dimension,
                "target": (r.direction if r.direction == "≤" and r.target == r.target else "") + r.target_text,
                "current": _number(r.value) or r.value_text or "—",
                "attainment": r.attainment,
                "unit": r.unit_short,
            }
            for r in indicators.itertuples()
        ],
        "missing_units": [plan.unit(name).short_name for name in month.missing_units],
        "report_to": info.report_to,
        "send_to": info.send_to,
        "chart": "chart",  # replaced by the picture when rendering
    }


def _first_line(text: str) -> str:
    """The task's first item: the 督办清单 names tasks, it does not repeat them in full."""
    first = text.split("\n")[0].strip()
    return first.rstrip("；;。")


def notice_context(plan: Plan) -> dict:
    info = plan.info
    return {
        "issuer_mark": info.issuer_mark,
        "doc_number": info.doc_number,
        "title": f"关于印发《{info.title}》的通知",
        "recipients": info.recipients,
        "notice_body": info.notice_body,
        "attachments": [{"index": n, "title": t} for n, t in enumerate(plan.annex_titles, start=1)],
        "signature": info.issuer,
        "date_cn": chinese_date(info.issued_on),
        "note": info.note,
        "plan_title": info.title,
        "plan_body": [{"level": p.level, "heading": p.heading, "text": p.text} for p in plan.body],
        "annex1_title": plan.annex_titles[0],
        "annex2_title": plan.annex_titles[1],
        "tasks": [
            {
                "no": t.no,
                "task": t.task,
                "target": t.target,
                "requirement": t.requirement,
                "unit": plan.unit(t.unit).short_name,
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
        "cc": info.cc,
        "print_office": info.print_office,
        "print_date_cn": chinese_date(info.printed_on or info.issued_on),
    }
