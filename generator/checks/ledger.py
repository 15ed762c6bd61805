"""Check one read submission against the plan and turn its rows into reports of progress.

Every problem in a file is collected; nothing stops at the first one. Rows are matched to the unit's own tasks and
indicators by 序号 and, when the number is missing or wrong, by the similarity of their text; rows that match
nothing of the unit's are reported and left out of the month's figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from generator.ledger.attribution import check_title_period
from generator.ledger.layout import STATUS_DONE, STATUS_NOT_STARTED
from generator.ledger.normalise import (
    clean_text,
    free_text,
    normalise_date,
    normalise_percent,
    normalise_status,
    parse_number,
)
from generator.ledger.rows import CellSource, RawRow
from generator.ledger.submission import Submission
from generator.periods import period_end
from generator.plan.model import Indicator, Plan, Task, is_word_target
from generator.plan.units import normalise_name

TEXT_MATCH_CUTOFF = 80
_TASK_INPUTS = ("进展情况", "完成状态", "完成百分比")  # a row with none of these says nothing
_TEXT_COLUMNS = ("进展情况", "佐证材料", "存在问题", "下步计划", "填报人", "联系电话")  # TaskReport.texts()


@dataclass(slots=True)
class TaskReport:
    """What a unit reported for one task this month. Free text is cleaned when it is read, not before."""

    task_no: int
    status: str  # one of layout.STATUSES, or "" when missing or unreadable
    percent: float | None
    row: RawRow = field(repr=False, compare=False)

    def _text(self, column: str) -> str:
        return free_text(self.row.get(column))

    def texts(self) -> tuple[str, str, str, str, str, str]:
        """进展情况, 佐证材料, 存在问题, 下步计划, 填报人, 联系电话 in one call: the month's merge takes them for every
        one of a province's hundred thousand reports, where a property and a lookup per column were a third of
        its time."""
        raw, columns = self.row.raw, self.row.columns
        out = []
        for column in _TEXT_COLUMNS:
            i = columns.get(column)
            value = "" if i is None else raw[i]
            # most cells are plain text with nothing to clean: strip() gives them back as they are
            out.append(value.strip() if type(value) is str and "\r" not in value else free_text(value))
        return tuple(out)  # type: ignore[return-value]

    progress = property(lambda self: self._text("进展情况"))
    evidence = property(lambda self: self._text("佐证材料"))
    issues = property(lambda self: self._text("存在问题"))
    next_steps = property(lambda self: self._text("下步计划"))
    reporter = property(lambda self: self._text("填报人"))
    phone = property(lambda self: self._text("联系电话"))

    @property
    def source(self) -> CellSource:
        """Column → "sheet!A1" of the cells this report was read from (provenance)."""
        return self.row.source


@dataclass(slots=True)
class IndicatorReport:
    """What a unit reported for one indicator this month."""

    indicator_no: int
    value: float | None
    value_text: str  # as typed, e.g. "85%" or 按市规定值
    row: RawRow = field(repr=False, compare=False)

    progress = property(lambda self: free_text(self.row.get("进展情况")))

    @property
    def source(self) -> CellSource:
        return self.row.source


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
        self._texts: dict[int, str] | None = None

    @property
    def owned_texts(self) -> dict[int, str]:
        """Normalised texts of the unit's items, made only when a row needs matching by text."""
        if self._texts is None:
            self._texts = {no: _item_text(item) for no, item in self.owned.items()}
        return self._texts

    def match(self, sub: Submission, row: RawRow) -> int | None:
        value = row.get("序号")
        raw_text = row.get(self.text_column)
        if isinstance(value, float) and value.is_integer() and int(value) in self.owned:
            no = int(value)  # the common case: our own ledger, untouched plan columns
            if raw_text in ("", None) or raw_text == _raw_item_text(self.owned[no]):
                return no
        raw_no = clean_text(value)
        parsed = parse_number(raw_no)
        no = int(parsed[0]) if parsed and parsed[0].is_integer() else None
        text = normalise_name(clean_text(raw_text))
        cell = row.cell("序号")
        if no in self.owned and (not text or _similar(text, self.owned_texts[no]) >= 50):
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
                f"本单位在第{no}项{self.what}中没有分工（由{_units_text(other)}负责），已忽略。",
                row.sheet,
                cell,
                f"本单位有分工的是第{'、'.join(map(str, self.owned))}项。",
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
        if len(text) < 4 or not self.owned:
            return None
        best = process.extractOne(text, self.owned_texts, scorer=_similar, score_cutoff=TEXT_MATCH_CUTOFF)
        return best[2] if best else None


def _units_text(item) -> str:
    """The units of an item for a message: its leads, or all of them when it has none."""
    leads = [a.unit for a in item.assignments if a.role == "牵头"] or [a.unit for a in item.assignments]
    return "、".join(dict.fromkeys(leads)) or item.unit


def _raw_item_text(item: Task | Indicator) -> str:
    return item.task if isinstance(item, Task) else item.name


def _item_text(item: Task | Indicator) -> str:
    return normalise_name(_raw_item_text(item))


def _similar(a: str, b: str, **_: object) -> float:
    return fuzz.partial_ratio(a, b) if min(len(a), len(b)) >= 4 else fuzz.ratio(a, b)


def check_submission(sub: Submission, plan: Plan, period: str) -> CheckedSubmission:
    checked = CheckedSubmission(sub)
    if sub.unit is None or not sub.sheets:
        return checked
    if sub.meta.get("period") and sub.meta["period"] != period:
        sub.problem("period-mismatch", f"该台账是为报送期 {sub.meta['period']} 下发的，现放在 {period} 中。")
    check_title_period(sub, period)
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
                row.cell("序号"),
            )
            continue
        task = plan.task_by_no[no]
        if plan.required(task, sub.unit):
            checked.tasks[no] = _task_report(sub, row, task, as_of)
        elif any(clean_text(row.get(c)) for c in _TASK_INPUTS):
            # a cooperating unit's part is optional: what it wrote is checked, what it left empty is no error
            before = len(sub.problems)
            checked.tasks[no] = _task_report(sub, row, task, as_of)
            sub.problems[before:] = [p for p in sub.problems[before:] if p.code != "required-missing"]
    indicators = _Matcher("indicator", plan.indicators_of(sub.unit), plan.indicator_by_no, "指标")
    for row in sub.rows["indicator"]:
        no = indicators.match(sub, row)
        if no is None:
            continue
        if no in checked.indicators:
            sub.problem("row-duplicate", f"第{no}项指标有多行，只采用第一行。", row.sheet, row.cell("序号"))
            continue
        indicator = plan.indicator_by_no[no]
        if plan.required(indicator, sub.unit) or clean_text(row.get("指标当前值")):
            checked.indicators[no] = _indicator_report(sub, row, indicator)
    for kind, matcher, reported in (("task", tasks, checked.tasks), ("indicator", indicators, checked.indicators)):
        required = [no for no, item in matcher.owned.items() if plan.required(item, sub.unit)]
        if required and kind not in sub.sheets:
            sub.problem(
                "task-missing",
                f"文件中没有{matcher.what}表，本单位负责的第{'、'.join(map(str, required))}项{matcher.what}均未填报。",
                hint=f"请使用下发台账中的“{matcher.what}”工作表填报。",
            )
            continue
        for no, item in matcher.owned.items():
            # a cooperating unit reports its part when it has one: a missing row of such an item is no problem
            if no not in reported and plan.required(item, sub.unit):
                sub.problem("task-missing", f"缺少{matcher.what}第{no}项的填报行。", sub.sheets[kind])
    return checked


def _task_report(sub: Submission, row: RawRow, task: Task, as_of) -> TaskReport:
    no, sheet = task.no, row.sheet
    raw_status = row.get("完成状态")
    status = normalise_status(raw_status)
    if "完成状态" not in row.columns:
        status = ""
    elif status is None:
        sub.problem(
            "status-invalid",
            f"第{no}项任务的完成状态「{clean_text(raw_status)}」无法识别。",
            sheet,
            row.cell("完成状态"),
        )
        status = ""
    elif status == "":
        sub.problem(
            "required-missing",
            f"第{no}项任务的完成状态未填写。",
            sheet,
            row.cell("完成状态"),
            "请从下拉列表选择：已完成、正在推进、滞后、未启动。",
        )
    raw_percent = row.get("完成百分比")
    percent = normalise_percent(raw_percent)
    if percent is None:
        sub.problem(
            "percent-invalid",
            f"第{no}项任务的完成百分比「{clean_text(raw_percent)}」不是数字。",
            sheet,
            row.cell("完成百分比"),
        )
    elif percent == "":
        percent = 100.0 if status == STATUS_DONE else None
    elif not 0 <= percent <= 100:
        sub.problem(
            "percent-out-of-range",
            f"第{no}项任务的完成百分比为 {percent:g}，超出0—100。",
            sheet,
            row.cell("完成百分比"),
        )
        percent = None
    has_progress = bool(str(row.get("进展情况") or "").strip())
    if isinstance(percent, float) and status == STATUS_DONE and percent < 100:
        sub.problem(
            "status-contradiction",
            f"第{no}项任务填报“已完成”，但完成百分比为 {percent:g}。",
            sheet,
            row.cell("完成百分比"),
        )
    if isinstance(percent, float) and status == STATUS_NOT_STARTED and percent > 0:
        sub.problem(
            "status-contradiction",
            f"第{no}项任务填报“未启动”，但完成百分比为 {percent:g}。",
            sheet,
            row.cell("完成百分比"),
        )
    if status == STATUS_NOT_STARTED and task.deadline and task.deadline < as_of:
        sub.problem(
            "status-contradiction",
            f"第{no}项任务已过完成时限（{task.deadline_text}）仍填报“未启动”。",
            sheet,
            row.cell("完成状态"),
            "逾期未启动的任务将列入督办清单；请说明原因并尽快启动。",
        )
    if not has_progress:
        if status == STATUS_DONE:
            sub.problem(
                "status-contradiction",
                f"第{no}项任务填报“已完成”，但没有填写进展情况。",
                sheet,
                row.cell("进展情况") or row.cell("完成状态"),
                "请简要写明完成情况及佐证材料。",
            )
        elif status:
            sub.problem("required-missing", f"第{no}项任务的进展情况未填写。", sheet, row.cell("进展情况"))
    if "完成时限" in row.columns and task.deadline and row.get("完成时限") != task.deadline_text:
        typed = normalise_date(row.get("完成时限"), task.deadline.year)
        if typed is not None and typed != task.deadline:
            sub.problem(
                "plan-changed",
                f"第{no}项任务的完成时限被改为「{clean_text(row.get('完成时限'))}」，"
                f"方案为「{task.deadline_text}」，按方案统计。",
                sheet,
                row.cell("完成时限"),
            )
    return TaskReport(no, status, percent if isinstance(percent, float) else None, row)


def _indicator_report(sub: Submission, row: RawRow, indicator: Indicator) -> IndicatorReport:
    no, sheet = indicator.no, row.sheet
    raw = row.get("指标当前值")
    text = clean_text(raw)
    value = None
    if text == "":
        sub.problem("value-missing", f"第{no}项指标（{indicator.name}）的当前值未填写。", sheet, row.cell("指标当前值"))
    else:
        parsed = parse_number(raw, indicator.dimension)
        if parsed is not None:
            value, had_sign = parsed
            percent_unit = indicator.dimension in ("%", "％")
            if percent_unit and not had_sign and 0 < value < 1 and (indicator.target or 100) >= 1:
                value = round(value * 100, 6)  # 0.91 for 91%: how Excel stores a percentage cell
            if percent_unit and not 0 <= value <= 100:
                sub.problem(
                    "value-out-of-range",
                    f"第{no}项指标（{indicator.name}）的当前值 {value:g} 超出0—100%。",
                    sheet,
                    row.cell("指标当前值"),
                )
                value = None
        elif not text.startswith("按") and not is_word_target(indicator.target_text):
            # 按市规定值 (a target set elsewhere) and answers to word targets (制定实施 → 已制定实施) are text
            sub.problem(
                "value-invalid",
                f"第{no}项指标（{indicator.name}）的当前值「{text}」不是数字。",
                sheet,
                row.cell("指标当前值"),
            )
    return IndicatorReport(no, value, text, row)
