"""The bulletin's context (通报) and the wording of figures the other documents share: pure functions of the plan
and the month, checked by tests directly. The notice's context is in notice_context.py, the letters' in
letter_context.py."""

from __future__ import annotations

from datetime import date

from generator.assessment import AssessmentSettings, UnitScore
from generator.documents import summary
from generator.documents.scores import ordered as ordered_scores
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
from generator.rollup import AssignmentProgress, TaskProgress, UnitFigures
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


def number_text(value: float | None) -> str:
    """A figure as printed: 12.5, 90; empty when missing."""
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
    attainment = [i.attainment for i in indicators]
    limit = office.table_rows
    units = [_unit_row(u, change.get(u.name)) for u in month.ranked_units]
    by_category: dict[str, list[dict]] = {}
    for row in units:
        by_category.setdefault(row["category"], []).append(row)
    ranking_gap = f"其余{{n}}个单位见附件《{summary.RANKING_FILE.removesuffix('.xlsx')}》"
    tables = [
        {"category": category, "units": summary.head_and_tail(rows, limit, ranking_gap, "name")}
        for category, rows in by_category.items()
    ]
    for n, table in enumerate(tables, start=1):  # headings only when the office ranks several categories
        table["title"] = f"（{_CN_NUMBERS[n - 1]}）{table['category']}" if len(tables) > 1 else ""
    overdue = [_overdue_row(month, a, streaks) for a in month.overdue]
    shared = [_shared_row(t) for t in month.tasks if len(t.counted) > 1]
    shared.sort(key=lambda r: r["lagging"] == "—")  # stable: tasks with lagging units first, in plan order
    indicator_rows = [_indicator_row(i) for i in indicators]
    indicator_rows.sort(key=lambda r: _ATTAINMENT_ORDER.get(r["attainment"], 1))  # 未达标 first when cut
    if len(indicator_rows) <= limit:
        indicator_rows = [_indicator_row(i) for i in indicators]  # all of them, in the plan's order
    full_tables = []
    if any(len(rows) > limit for rows in by_category.values()):
        full_tables.append(
            summary.FullTable(summary.RANKING_FILE, "各单位完成情况排名", _RANKING_COLUMNS, tuple(units))
        )
    if len(overdue) > limit:
        full_tables.append(summary.FullTable(summary.OVERDUE_FILE, "督办清单", OVERDUE_COLUMNS, tuple(overdue)))
    missing = [plan.unit(name).short_name for name in month.missing_units]
    silent = [plan.unit(name).short_name for name in month.silent_units]
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
        "units": units,
        "unit_tables": tables,
        "shared": summary.head_and_tail(shared, limit, "其余{n}项共同承担任务的分单位进展见附件1", "task", tail=False),
        "overdue": summary.head_and_tail(
            overdue, limit, f"其余{{n}}项见附件《{summary.OVERDUE_FILE.removesuffix('.xlsx')}》", "task", tail=False
        ),
        "repeat_overdue": "、".join(
            summary.names_text(
                [_streak_name(month, no, unit) for (no, unit), months in sorted(streaks.items()) if months >= 2],
                limit,
                "项任务",
            )
        ),
        "indicators_summary": {
            "total": len(indicators),
            "met": attainment.count(MET),
            "not_met": attainment.count(NOT_MET),
            "pending": len(indicators) - attainment.count(MET) - attainment.count(NOT_MET),
        },
        "indicators": summary.head_and_tail(indicator_rows, limit, "其余{n}项指标见量化指标附件", "name", tail=False),
        "missing_units": summary.names_text(missing, limit),
        "silent_units": summary.names_text(silent, limit),
        "report_to": office.report_to,
        "send_to": office.send_to,
        "assessment": assessment_context(scores or [], assessment or AssessmentSettings(), limit),
        "chart": "chart",  # replaced by the picture when rendering
        "trend_chart": "trend_chart" if trends and len(trends.periods) >= 2 else "",  # a line needs two months
        "full_tables": full_tables,  # written beside the bulletin by run.py (not a template variable)
    }


_ATTAINMENT_ORDER = {NOT_MET: 0, MET: 2}
_RANKING_COLUMNS = (
    ("类别", "category", 14),
    ("名次", "rank", 6),
    ("单位", "name", 20),
    ("任务数", "total", 8),
    ("已完成", "done", 8),
    ("按序时推进", "on_schedule", 10),
    ("滞后", "lagging", 8),
    ("未启动", "not_started", 8),
    ("平均完成百分比", "avg_percent", 12),
    ("较上月", "change", 8),
    ("完成率", "completion_rate", 10),
)
OVERDUE_COLUMNS = (
    ("序号", "no", 6),
    ("任务", "task", 36),
    ("责任单位", "unit", 16),
    ("完成时限", "deadline", 14),
    ("完成状态", "status", 10),
    ("完成百分比", "percent", 10),
    ("逾期天数", "days_overdue", 8),
    ("连续逾期", "streak", 8),
    ("存在问题", "problem", 30),
)


def _overdue_row(month: MonthProgress, a: AssignmentProgress, streaks: dict) -> dict:
    return {
        "no": a.no,
        "task": first_line(a.task.task),
        "unit": a.unit_short + ("" if a.role == "牵头" and not _is_shared(month, a) else f"（{a.role}）"),
        "deadline": a.task.deadline_text,
        "status": a.status or NOT_REPORTED,
        "percent": f"{a.percent:g}%" if not is_missing(a.percent) else "—",
        "days_overdue": a.days_overdue,
        "problem": a.issues or "—",
        "streak": f"{months}个月" if (months := streaks.get((a.no, a.unit), 0)) >= 2 else "—",
    }


def _indicator_row(i) -> dict:  # type: ignore[no-untyped-def]
    return {
        "no": i.no,
        "category": i.indicator.category,
        "name": i.indicator.name,
        "dimension": i.indicator.dimension,
        "target": (i.indicator.direction if i.indicator.direction == "≤" and i.indicator.target is not None else "")
        + i.indicator.target_text,
        "current": number_text(i.main.value) or i.main.value_text or "—",
        "attainment": i.attainment,
        "unit": i.unit_short,
    }


_CN_NUMBERS = "一二三四五六七八九十"
_NAMES_SHOWN = 4  # a cell of the shared-task table names this many units, then counts


def _unit_row(u: UnitFigures, change: float | None) -> dict:
    return {
        "rank": u.rank,
        "name": u.short_name,
        "category": u.category,
        "total": u.total,
        "done": u.done,
        "on_schedule": u.on_schedule,
        "lagging": u.lagging,
        "not_started": u.not_started,
        "avg_percent": ("—" if u.avg_percent is None else f"{u.avg_percent:g}%") if u.reported else "未报送",
        "completion_rate": percent_text(u.completion_rate) if u.reported else "—",
        "change": _signed(change),
    }


def _names(assignments: list[AssignmentProgress]) -> str:
    """Units in a cell: their short names, or the first few and how many in all."""
    names = [a.unit_short for a in assignments]
    if len(names) <= _NAMES_SHOWN:
        return "、".join(names) or "—"
    return f"{'、'.join(names[:_NAMES_SHOWN])}等{len(names)}个"


def _shared_row(t: TaskProgress) -> dict:
    """共同承担任务: where each unit stands on a task several units report on."""
    by = {
        s: [a for a in t.counted if a.effective == s] for s in (DONE, ON_SCHEDULE, LAGGING, NOT_STARTED, NOT_REPORTED)
    }
    return {
        "no": t.no,
        "task": first_line(t.task.task),
        "units": len(t.counted),
        "status": t.effective,
        "percent": "—" if t.percent is None else f"{t.percent:g}%",
        "done": _names(by[DONE]),
        "ongoing": _names(by[ON_SCHEDULE] + by[NOT_STARTED]),
        "lagging": _names(by[LAGGING]),
        "not_reported": _names(by[NOT_REPORTED]),
    }


def _is_shared(month: MonthProgress, a: AssignmentProgress) -> bool:
    return len(a.task.assignments) > 1


def _streak_name(month: MonthProgress, no: int, unit: str) -> str:
    task = next((t for t in month.tasks if t.no == no), None)
    shared = task is not None and task.shared
    short = next((a.unit_short for a in task.assignments if a.unit == unit), unit) if task else unit
    return f"第{no}项（{short}）" if shared else f"第{no}项"


def arrow(change: float | None) -> str:
    """较上月 with an arrow: ↑2.5 / ↓1.0 / →0 , or — when the unit has no score last month."""
    if change is None:
        return "—"
    if change > 0:
        return f"↑{change:.1f}"
    if change < 0:
        return f"↓{-change:.1f}"
    return "→0"


def assessment_context(scores: list[UnitScore], settings: AssessmentSettings, limit: int = 0) -> dict:
    """考核 in the bulletin: scores ranked per category, the change, where points were lost, 表扬 and 约谈; past
    `limit` rows a category shows its head and tail (the whole table is the 考核得分表 annex)."""
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
    if limit:
        by_category: dict[str, list[dict]] = {}
        for row in rows:
            by_category.setdefault(str(row["category"]), []).append(row)
        gap = "其余{n}个单位见附件《考核得分表》"
        rows = [r for group in by_category.values() for r in summary.head_and_tail(group, limit, gap, "unit")]
    average = round(sum(s.score for s in scores) / len(scores), 1) if scores else 0.0
    return {
        "rows": rows,
        "average": f"{average:g}",
        "categories": list(dict.fromkeys(s.category for s in scores)),
        "praised": summary.names_text(
            [s.unit for s in ordered_scores(scores) if s.score >= settings.praise_from], limit or len(scores) or 1
        ),
        "interviewed": summary.names_text(
            [s.unit for s in ordered_scores(scores) if s.score < settings.interview_below], limit or len(scores) or 1
        ),
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


def first_line(text: str) -> str:
    """The task's first item: the 督办清单 names tasks, it does not repeat them in full."""
    first = text.split("\n")[0].strip()
    return first.rstrip("；;。")
