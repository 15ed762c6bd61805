"""Check one read submission against the plan and turn its rows into reports of progress.

Every problem in a file is collected; nothing stops at the first one. Rows are matched to the unit's own tasks and
indicators by 序号 and, when the number is missing or wrong, by the similarity of their text; rows that match
nothing of the unit's are reported and left out of the month's figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from generator.ledger.layout import STATUS_DONE, STATUS_NOT_STARTED
from generator.ledger.normalise import (
    clean_text,
    normalise_date,
    normalise_percent,
    normalise_status,
    parse_number,
)
from generator.ledger.read import RawRow, Submission
from generator.periods import period_end
from generator.plan.model import Indicator, Plan, Task
from generator.plan.units import normalise_name

TEXT_MATCH_CUTOFF = 80
_TEXT_FIELDS = ("进展情况", "佐证材料", "存在问题", "下步计划", "填报人", "联系电话")


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


class _Matcher:
    """Finds the plan item a row means, among the unit's own items and, to explain a mistake, all others."""

    def __init__(self, kind: str, owned: list, everything: dict[int, object], text_column: str):
        self.kind, self.text_column = kind, text_column
        self.what = "重点任务" if kind == "task" else "量化指标"
        self.owned = {item.no: item for item in owned}
        self.everything = everything
        self._owned_texts = {item.no: _item_text(item) for item in owned}

    def match(self, sub: Submission, row: RawRow) -> int | None:
        raw_no = clean_text(row.values.get("序号"))
        parsed = parse_number(raw_no)
        no = int(parsed[0]) if parsed and parsed[0].is_integer() else None
        text = normalise_name(clean_text(row.values.get(self.text_column)))
        cell = row.cells.get("序号", "")
        if no in self.owned and (not text or _similar(text, self._owned_texts[no]) >= 50):
            return no
        by_text = self._by_text(text)
        if by_text is not None:
            if no is not None and no != by_text:
                sub.problem(
                    "row-number-mismatch",
                    f"序号「{raw_no}」与内容不符，按内容对应为第{by_text}项{self.what}。",
                    row.sheet,
                    cell,
                )
            return by_text
        if no in self.owned:
            return no
        if no in self.everything:
            other = self.everything[no]
            sub.problem(
                "row-not-owned",
                f"第{no}项{self.what}由{other.unit}负责，不是本单位的，已忽略。",
                row.sheet,
                cell,
                f"本单位负责的是第{'、'.join(map(str, self.owned))}项。",
            )
        else:
            shown = raw_no or "（空）"
            sub.problem(
                "row-unknown",
                f"序号「{shown}」的行对应不上本单位负责的{self.what}（本单位："
                f"{'、'.join(map(str, self.owned)) or '无'}），已忽略。",
                row.sheet,
                cell,
            )
        return None

    def _by_text(self, text: str) -> int | None:
        if len(text) < 4 or not self._owned_texts:
            return None
        best = process.extractOne(text, self._owned_texts, scorer=_similar, score_cutoff=TEXT_MATCH_CUTOFF)
        return best[2] if best else None


def _item_text(item: Task | Indicator) -> str:
    return normalise_name(item.task if isinstance(item, Task) else item.name)


def _similar(a: str, b: str, **_: object) -> float:
    return fuzz.partial_ratio(a, b) if min(len(a), len(b)) >= 4 else fuzz.ratio(a, b)


def check_submission(sub: Submission, plan: Plan, period: str) -> CheckedSubmission:
    checked = CheckedSubmission(sub)
    if sub.unit is None or not sub.sheets:
        return checked
    if sub.meta.get("period") and sub.meta["period"] != period:
        sub.problem("period-mismatch", f"该台账是为报送期 {sub.meta['period']} 下发的，现放在 {period} 中。")
    as_of = period_end(period)
    tasks = _Matcher("task", plan.tasks_of(sub.unit), plan.task_by_no, "重点工作任务")
    for row in sub.rows["task"]:
        no = tasks.match(sub, row)
        if no is None:
            continue
        if no in checked.tasks:
            sub.problem(
                "row-duplicate",
                f"第{no}项任务有多行，只采用第一行（{checked.tasks[no].source.get('序号', '')}）。",
                row.sheet,
                row.cells.get("序号", ""),
            )
            continue
        checked.tasks[no] = _task_report(sub, row, plan.task_by_no[no], as_of)
    indicators = _Matcher("indicator", plan.indicators_of(sub.unit), plan.indicator_by_no, "指标")
    for row in sub.rows["indicator"]:
        no = indicators.match(sub, row)
        if no is None:
            continue
        if no in checked.indicators:
            sub.problem("row-duplicate", f"第{no}项指标有多行，只采用第一行。", row.sheet, row.cells.get("序号", ""))
            continue
        checked.indicators[no] = _indicator_report(sub, row, plan.indicator_by_no[no])
    for kind, matcher, reported in (("task", tasks, checked.tasks), ("indicator", indicators, checked.indicators)):
        if matcher.owned and kind not in sub.sheets:
            sub.problem(
                "task-missing",
                f"文件中没有{matcher.what}表，本单位负责的第{'、'.join(map(str, matcher.owned))}项"
                f"{matcher.what}均未填报。",
                hint=f"请使用下发台账中的“{matcher.what}”工作表填报。",
            )
            continue
        for no in matcher.owned:
            if no not in reported:
                sub.problem("task-missing", f"缺少{matcher.what}第{no}项的填报行。", sub.sheets[kind])
    return checked


def _task_report(sub: Submission, row: RawRow, task: Task, as_of) -> TaskReport:
    no, sheet, cells = task.no, row.sheet, row.cells
    raw_status = row.values.get("完成状态", "")
    status = normalise_status(raw_status)
    if "完成状态" not in cells:
        status = ""
    elif status is None:
        sub.problem(
            "status-invalid", f"第{no}项任务的完成状态「{clean_text(raw_status)}」无法识别。", sheet, cells["完成状态"]
        )
        status = ""
    elif status == "":
        sub.problem(
            "required-missing",
            f"第{no}项任务的完成状态未填写。",
            sheet,
            cells["完成状态"],
            "请从下拉列表选择：已完成、正在推进、滞后、未启动。",
        )
    raw_percent = row.values.get("完成百分比", "")
    percent = normalise_percent(raw_percent)
    if percent is None:
        sub.problem(
            "percent-invalid",
            f"第{no}项任务的完成百分比「{clean_text(raw_percent)}」不是数字。",
            sheet,
            cells["完成百分比"],
        )
    elif percent == "":
        percent = 100.0 if status == STATUS_DONE else None
    elif not 0 <= percent <= 100:
        sub.problem(
            "percent-out-of-range", f"第{no}项任务的完成百分比为 {percent:g}，超出0—100。", sheet, cells["完成百分比"]
        )
        percent = None
    text = {c: clean_text(row.values.get(c, "")) for c in _TEXT_FIELDS}
    if isinstance(percent, float) and status == STATUS_DONE and percent < 100:
        sub.problem(
            "status-contradiction",
            f"第{no}项任务填报“已完成”，但完成百分比为 {percent:g}。",
            sheet,
            cells["完成百分比"],
        )
    if isinstance(percent, float) and status == STATUS_NOT_STARTED and percent > 0:
        sub.problem(
            "status-contradiction",
            f"第{no}项任务填报“未启动”，但完成百分比为 {percent:g}。",
            sheet,
            cells["完成百分比"],
        )
    if status == STATUS_NOT_STARTED and task.deadline and task.deadline < as_of:
        sub.problem(
            "status-contradiction",
            f"第{no}项任务已过完成时限（{task.deadline_text}）仍填报“未启动”。",
            sheet,
            cells["完成状态"],
            "逾期未启动的任务将列入督办清单；请说明原因并尽快启动。",
        )
    if not text["进展情况"]:
        if status == STATUS_DONE:
            sub.problem(
                "status-contradiction",
                f"第{no}项任务填报“已完成”，但没有填写进展情况。",
                sheet,
                cells.get("进展情况", cells.get("完成状态", "")),
                "请简要写明完成情况及佐证材料。",
            )
        elif status:
            sub.problem("required-missing", f"第{no}项任务的进展情况未填写。", sheet, cells.get("进展情况", ""))
    if "完成时限" in cells and task.deadline:
        typed = normalise_date(row.values["完成时限"], task.deadline.year)
        if typed is not None and typed != task.deadline:
            sub.problem(
                "plan-changed",
                f"第{no}项任务的完成时限被改为「{clean_text(row.values['完成时限'])}」，"
                f"方案为「{task.deadline_text}」，按方案统计。",
                sheet,
                cells["完成时限"],
            )
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
        {c: f"{sheet}!{a1}" for c, a1 in cells.items()},
    )


def _indicator_report(sub: Submission, row: RawRow, indicator: Indicator) -> IndicatorReport:
    no, sheet, cells = indicator.no, row.sheet, row.cells
    raw = row.values.get("指标当前值", "")
    text = clean_text(raw)
    value = None
    if text == "":
        sub.problem(
            "value-missing", f"第{no}项指标（{indicator.name}）的当前值未填写。", sheet, cells.get("指标当前值", "")
        )
    else:
        parsed = parse_number(raw, indicator.dimension)
        if parsed is not None:
            value = parsed[0]
            if indicator.dimension in ("%", "％") and not 0 <= value <= 100:
                sub.problem(
                    "value-out-of-range",
                    f"第{no}项指标（{indicator.name}）的当前值 {value:g} 超出0—100%。",
                    sheet,
                    cells["指标当前值"],
                )
                value = None
        elif not text.startswith("按"):  # 按市规定值: a target set elsewhere, stated as such, is not an error
            sub.problem(
                "value-invalid",
                f"第{no}项指标（{indicator.name}）的当前值「{text}」不是数字。",
                sheet,
                cells["指标当前值"],
            )
    return IndicatorReport(
        no, value, text, clean_text(row.values.get("进展情况", "")), {c: f"{sheet}!{a1}" for c, a1 in cells.items()}
    )
