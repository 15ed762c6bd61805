"""Check one read submission against the plan and turn its rows into reports of progress.

Every problem in a file is collected; nothing stops at the first one. Rows that cannot be matched to the unit's
own tasks or indicators are reported and left out of the month's figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.ledger.layout import STATUS_DONE, STATUS_NOT_STARTED
from generator.ledger.normalise import clean_text, normalise_percent, normalise_status, parse_number
from generator.ledger.read import RawRow, Submission
from generator.plan.model import Plan


@dataclass(frozen=True)
class TaskReport:
    """What a unit reported for one task this month."""

    task_no: int
    status: str  # one of layout.STATUSES, or "" when missing or unreadable
    percent: float | None
    progress: str
    evidence: str
    issues: str  # 存在问题
    next_steps: str
    reporter: str
    phone: str
    source: dict[str, str]  # column → "sheet!A1"


@dataclass(frozen=True)
class IndicatorReport:
    """What a unit reported for one indicator this month."""

    indicator_no: int
    value: float | None
    value_text: str  # as typed, e.g. "85%" or 按市规定值
    progress: str
    source: dict[str, str]


@dataclass
class CheckedSubmission:
    submission: Submission
    tasks: dict[int, TaskReport] = field(default_factory=dict)
    indicators: dict[int, IndicatorReport] = field(default_factory=dict)

    @property
    def unit(self) -> str | None:
        return self.submission.unit


def check_submission(sub: Submission, plan: Plan, period: str) -> CheckedSubmission:
    checked = CheckedSubmission(sub)
    if sub.unit is None or not sub.sheets:
        return checked
    if sub.meta.get("period") and sub.meta["period"] != period:
        sub.problem("period-mismatch", f"该台账是为报送期 {sub.meta['period']} 下发的，现放在 {period} 中。")
    for row in sub.rows["task"]:
        report = _task_report(sub, row, {t.no for t in plan.tasks_of(sub.unit)})
        if report is not None:
            checked.tasks[report.task_no] = report
    for row in sub.rows["indicator"]:
        report = _indicator_report(sub, row, {i.no for i in plan.indicators_of(sub.unit)})
        if report is not None:
            checked.indicators[report.indicator_no] = report
    for kind, items, reported in (
        ("task", plan.tasks_of(sub.unit), checked.tasks),
        ("indicator", plan.indicators_of(sub.unit), checked.indicators),
    ):
        what = "重点任务" if kind == "task" else "量化指标"
        for item in items:
            if item.no not in reported:
                sub.problem("task-missing", f"缺少{what}第{item.no}项的填报行。", sub.sheets.get(kind, ""))
    return checked


def _where(row: RawRow, column: str) -> str:
    return f"{row.sheet}!{row.cells[column]}" if column in row.cells else row.sheet


def _row_number(sub: Submission, row: RawRow, owned: set[int], what: str) -> int | None:
    text = clean_text(row.values.get("序号"))
    parsed = parse_number(text)
    no = int(parsed[0]) if parsed and parsed[0].is_integer() else None
    if no not in owned:
        sub.problem(
            "row-unknown",
            f"序号「{text}」不是本单位负责的{what}（本单位：{'、'.join(map(str, sorted(owned)))}）。",
            row.sheet,
            row.cells.get("序号", ""),
        )
        return None
    return no


def _task_report(sub: Submission, row: RawRow, owned: set[int]) -> TaskReport | None:
    no = _row_number(sub, row, owned, "重点任务")
    if no is None:
        return None
    raw_status = row.values.get("完成状态", "")
    status = normalise_status(raw_status)
    if status is None:
        sub.problem(
            "status-invalid",
            f"第{no}项任务的完成状态「{clean_text(raw_status)}」无法识别。",
            row.sheet,
            row.cells["完成状态"],
        )
        status = ""
    elif status == "":
        sub.problem(
            "required-missing",
            f"第{no}项任务的完成状态未填写。",
            row.sheet,
            row.cells.get("完成状态", ""),
            "请从下拉列表选择：已完成、正在推进、滞后、未启动。",
        )
    raw_percent = row.values.get("完成百分比", "")
    percent = normalise_percent(raw_percent)
    if percent is None:
        sub.problem(
            "percent-invalid",
            f"第{no}项任务的完成百分比「{clean_text(raw_percent)}」不是数字。",
            row.sheet,
            row.cells["完成百分比"],
        )
    elif percent == "":
        percent = 100.0 if status == STATUS_DONE else None
    elif not 0 <= percent <= 100:
        sub.problem(
            "percent-out-of-range",
            f"第{no}项任务的完成百分比为 {percent:g}，超出0—100。",
            row.sheet,
            row.cells["完成百分比"],
        )
        percent = None
    if isinstance(percent, float):
        if status == STATUS_DONE and percent < 100:
            sub.problem(
                "status-contradiction",
                f"第{no}项任务填报“已完成”，但完成百分比为 {percent:g}。",
                row.sheet,
                row.cells["完成百分比"],
            )
        if status == STATUS_NOT_STARTED and percent > 0:
            sub.problem(
                "status-contradiction",
                f"第{no}项任务填报“未启动”，但完成百分比为 {percent:g}。",
                row.sheet,
                row.cells["完成百分比"],
            )
    text = {
        c: clean_text(row.values.get(c, ""))
        for c in ("进展情况", "佐证材料", "存在问题", "下步计划", "填报人", "联系电话")
    }
    if not text["进展情况"] and status != STATUS_NOT_STARTED:
        sub.problem("required-missing", f"第{no}项任务的进展情况未填写。", row.sheet, row.cells.get("进展情况", ""))
    return TaskReport(
        no,
        status,
        percent if isinstance(percent, float) else None,
        text["进展情况"],
        text["佐证材料"],
        text["存在问题"],
        text["下步计划"],
        text["填报人"],
        text["联系电话"],
        {c: _where(row, c) for c in row.cells},
    )


def _indicator_report(sub: Submission, row: RawRow, owned: set[int]) -> IndicatorReport | None:
    no = _row_number(sub, row, owned, "量化指标")
    if no is None:
        return None
    raw = row.values.get("指标当前值", "")
    text = clean_text(raw)
    value = None
    if text == "":
        sub.problem("value-missing", f"第{no}项指标的当前值未填写。", row.sheet, row.cells.get("指标当前值", ""))
    else:
        parsed = parse_number(raw)
        if parsed is not None:
            value = parsed[0]
        elif not text.startswith("按"):  # 按市规定值: a target set elsewhere, stated as such, is not an error
            sub.problem(
                "value-invalid", f"第{no}项指标的当前值「{text}」不是数字。", row.sheet, row.cells["指标当前值"]
            )
    return IndicatorReport(
        no, value, text, clean_text(row.values.get("进展情况", "")), {c: _where(row, c) for c in row.cells}
    )
