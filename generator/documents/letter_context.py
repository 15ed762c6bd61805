"""The contexts of the letters (督办通知, 催报通知): pure functions of the plan and the month, one unit each."""

from __future__ import annotations

from datetime import date, timedelta

from generator.documents.context import first_line
from generator.office_settings import OfficeSettings, office_settings
from generator.periods import chinese_date, period_label
from generator.plan.model import Plan
from generator.progress import MonthProgress, is_missing


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
                "task": first_line(a.task.task),
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
        {"index": n, "no": t.no, "task": first_line(t.task), "deadline": t.deadline_text}
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
