"""The contexts of the DOCX templates: pure functions of the plan and the month, checked by tests directly."""

from __future__ import annotations

from datetime import date, timedelta

from generator.assessment import AssessmentSettings, UnitScore
from generator.documents.annexes import responsible_text
from generator.documents.breakdown import CONTINUE, breakdown_rows
from generator.documents.docx_layout import MERGE_LEFT, MERGE_UP
from generator.documents.scores import ordered as ordered_scores
from generator.documents.titles import LANDSCAPE, break_title
from generator.office_settings import OfficeSettings, office_settings
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
from generator.trends import Trends


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
    plan: Plan,
    month: MonthProgress,
    previous: MonthSummary | None,
    issue_no: int,
    issued_on: date,
    trends: Trends | None = None,
    office: OfficeSettings | None = None,
    scores: list[UnitScore] | None = None,
    assessment: AssessmentSettings | None = None,
) -> dict:
    office = office or office_settings(plan.info, None)
    counts = month.counts
    change = {u.name: u.change for u in trends.units} if trends else {}
    streaks = trends.overdue_months if trends else {}
    info = plan.info
    indicators = month.indicators
    attainment = indicators["attainment"].value_counts()
    return {
        "office": office.name,
        "bulletin_title": office.bulletin_title,
        "issue_no": issue_no,
        "due_day": office.due_day,
        "reply_days": office.reminder_reply_days,
        "closing": list(office.closing),
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
                "change": _signed(change.get(u.name)),
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
                "streak": f"{streaks[int(r.no)]}个月" if streaks.get(int(r.no), 0) >= 2 else "—",
            }
            for r in month.overdue.itertuples()
        ],
        "repeat_overdue": "、".join(f"第{no}项" for no, months in sorted(streaks.items()) if months >= 2),
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
        "report_to": office.report_to,
        "send_to": office.send_to,
        "assessment": assessment_context(scores or [], assessment or AssessmentSettings()),
        "chart": "chart",  # replaced by the picture when rendering
        "trend_chart": "trend_chart" if trends and len(trends.periods) >= 2 else "",  # a line needs two months
    }


def arrow(change: float | None) -> str:
    """较上月 with an arrow: ↑2.5 / ↓1.0 / →0 , or — when the unit has no score last month."""
    if change is None:
        return "—"
    if change > 0:
        return f"↑{change:.1f}"
    if change < 0:
        return f"↓{-change:.1f}"
    return "→0"


def assessment_context(scores: list[UnitScore], settings: AssessmentSettings) -> dict:
    """考核 in the bulletin: scores ranked per category, the change, where points were lost, 表扬 and 约谈."""
    rows = [
        {
            "category": s.category,
            "rank": s.rank,
            "unit": s.unit,
            "score": f"{s.score:g}",
            "change": arrow(s.change),
            "lost": "；".join(f"{item}扣{points:g}分" for item, points in _lost_by_item(s.reasons).items()) or "—",
        }
        for s in ordered_scores(scores)
    ]
    average = round(sum(s.score for s in scores) / len(scores), 1) if scores else 0.0
    return {
        "rows": rows,
        "average": f"{average:g}",
        "categories": list(dict.fromkeys(s.category for s in scores)),
        "praised": [s.unit for s in ordered_scores(scores) if s.score >= settings.praise_from],
        "interviewed": [s.unit for s in ordered_scores(scores) if s.score < settings.interview_below],
        "praise_from": f"{settings.praise_from:g}",
        "interview_below": f"{settings.interview_below:g}",
    }


def _lost_by_item(reasons) -> dict[str, float]:
    """Points lost, one entry per item (three overdue tasks: 逾期扣分 15)."""
    lost: dict[str, float] = {}
    for r in reasons:
        if r.lost > 0:
            lost[r.item] = round(lost.get(r.item, 0) + r.lost, 1)
    return lost


def _signed(change: float | None) -> str:
    """较上月: +6.0 / -3.5 / 0.0, or — when last month is not stored or the unit did not report."""
    return "—" if change is None else f"{change:+.1f}"


def _first_line(text: str) -> str:
    """The task's first item: the 督办清单 names tasks, it does not repeat them in full."""
    first = text.split("\n")[0].strip()
    return first.rstrip("；;。")


def notice_context(plan: Plan) -> dict:
    """关于印发《…》的通知: the head, the plan's text and one annex per 附件版式 (tasks, indicators, breakdown)."""
    info = plan.info
    annexes = [
        {"index": n, "layout": layout, "title": break_title(plan.annex_title(layout), LANDSCAPE)}
        for n, layout in enumerate(plan.annex_layouts, start=1)
    ]
    return {
        "issuer_mark": info.issuer_mark,
        "doc_number": info.doc_number,
        "title": break_title(f"关于印发《{info.title}》的通知"),
        "recipients": info.recipients,
        "notice_body": info.notice_body,
        "attachments": [{"index": n, "title": plan.annex_title(a["layout"])} for n, a in enumerate(annexes, start=1)],
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
                "unit": responsible_text(plan.unit(t.unit).short_name, t.lead_units, t.co_units),
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
        "breakdown": breakdown_context(plan),
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


def reply_date(issued_on: date, working_days: int = 3) -> date:
    """The date a unit must answer by: `working_days` Monday-to-Friday days after the notice (holidays aside)."""
    day = issued_on
    while working_days:
        day += timedelta(days=1)
        working_days -= day.weekday() < 5
    return day


def _letter_base(
    plan: Plan,
    month: MonthProgress,
    unit_name: str,
    issued_on: date,
    doc_number: str,
    office: OfficeSettings | None,
    reply_days: int | None,
) -> dict:
    info = plan.info
    office = office or office_settings(info, None)
    return {
        "office": office.name,
        "office_mark": office.mark,
        "doc_number": doc_number,
        "recipient": unit_name,
        "plan_title": info.title,
        "period_cn": period_label(month.period),
        "date_cn": chinese_date(issued_on),
        "reply_date_cn": chinese_date(reply_date(issued_on, reply_days or office.reminder_reply_days)),
        "bulletin_title": office.bulletin_title,
        "contact": "",
    }


def supervision_context(
    plan: Plan,
    month: MonthProgress,
    unit_name: str,
    issued_on: date,
    doc_number: str = "",
    office: OfficeSettings | None = None,
) -> dict:
    """督办通知 to one unit: its tasks in the 督办清单 (滞后 or overdue), most days overdue first."""
    mine = month.overdue[month.overdue["unit"] == unit_name]
    tasks = []
    for index, r in enumerate(mine.itertuples(), start=1):
        percent = f"目前完成{r.percent:g}%" if not is_missing(r.percent) else "未填报完成进度"
        state = f"已逾期{int(r.days_overdue)}天，{percent}" if r.days_overdue else f"滞后于序时进度，{percent}"
        problem = str(r.issues or "").strip().rstrip("。；;")
        tasks.append(
            {
                "index": index,
                "no": int(r.no),
                "task": _first_line(r.task),
                "deadline": r.deadline_text,
                "state": state,
                "days_overdue": int(r.days_overdue),
                "percent": "" if is_missing(r.percent) else f"{r.percent:g}%",
                "problem": f"存在问题：{problem}。" if problem else "",
            }
        )
    office = office or office_settings(plan.info, None)
    base = _letter_base(plan, month, unit_name, issued_on, doc_number, office, office.supervision_reply_days)
    return {**base, "tasks": tasks}


def reminder_context(
    plan: Plan,
    month: MonthProgress,
    unit_name: str,
    issued_on: date,
    doc_number: str = "",
    office: OfficeSettings | None = None,
) -> dict:
    """催报通知 to one unit that sent no usable ledger: what it owns, by when to send it."""
    tasks = [
        {"index": n, "no": t.no, "task": _first_line(t.task), "deadline": t.deadline_text}
        for n, t in enumerate(plan.tasks_of(unit_name), start=1)
    ]
    return {
        **_letter_base(plan, month, unit_name, issued_on, doc_number, office, None),
        "tasks": tasks,
        "indicator_count": len(plan.indicators_of(unit_name)),
    }


def supervised_units(month: MonthProgress) -> list[str]:
    """Units with a task in the 督办清单, in the order of their first (most overdue) task."""
    return list(dict.fromkeys(month.overdue["unit"]))
