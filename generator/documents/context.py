"""The contexts of the DOCX templates: pure functions of the plan and the month, checked by tests directly."""

from __future__ import annotations

from datetime import date, timedelta

from generator.assessment import AssessmentSettings, UnitScore
from generator.documents import summary
from generator.documents.annexes import responsible_text
from generator.documents.breakdown import CONTINUE, breakdown_rows
from generator.documents.marks import MERGE_LEFT, MERGE_UP
from generator.documents.scores import ordered as ordered_scores
from generator.documents.titles import LANDSCAPE, break_title
from generator.office_settings import DEFAULT_NOTICE_ROWS, OfficeSettings, office_settings
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
        full_tables.append(summary.FullTable(summary.OVERDUE_FILE, "督办清单", _OVERDUE_COLUMNS, tuple(overdue)))
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
_OVERDUE_COLUMNS = (
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
        "task": _first_line(a.task.task),
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
        "current": _number(i.main.value) or i.main.value_text or "—",
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
        "task": _first_line(t.task.task),
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


def _first_line(text: str) -> str:
    """The task's first item: the 督办清单 names tasks, it does not repeat them in full."""
    first = text.split("\n")[0].strip()
    return first.rstrip("；;。")


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
    """督办通知 to one unit: its own rows of the 督办清单 (滞后 or overdue, lead or implementer), most days overdue
    first."""
    tasks = []
    for index, a in enumerate(month.overdue_by_unit.get(unit_name, ()), start=1):
        percent = f"目前完成{a.percent:g}%" if not is_missing(a.percent) else "未填报完成进度"
        state = f"已逾期{a.days_overdue}天，{percent}" if a.days_overdue else f"滞后于序时进度，{percent}"
        problem = a.issues.strip().rstrip("。；;")
        tasks.append(
            {
                "index": index,
                "no": a.no,
                "task": _first_line(a.task.task),
                "role": a.role,
                # （你单位落实，完成时限：2023年底前）; a task without a deadline says only the role
                "note": f"你单位{a.role}" + (f"，完成时限：{a.task.deadline_text}" if a.task.deadline_text else ""),
                "deadline": a.task.deadline_text,
                "state": state,
                "days_overdue": a.days_overdue,
                "percent": "" if is_missing(a.percent) else f"{a.percent:g}%",
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
        for n, t in enumerate((t for t in plan.tasks_of(unit_name) if plan.required(t, unit_name)), start=1)
    ]
    indicators = [i for i in plan.indicators_of(unit_name) if plan.required(i, unit_name)]
    return {
        **_letter_base(plan, month, unit_name, issued_on, doc_number, office, None),
        "tasks": tasks,
        "indicator_count": len(indicators),
    }


def supervised_units(month: MonthProgress) -> list[str]:
    """Units with a row in the 督办清单, in the order of their first (most overdue) row."""
    return list(dict.fromkeys(a.unit for a in month.overdue))
