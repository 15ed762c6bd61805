"""考核: each unit's monthly score, every point with its reason, ranked within its category (分类排名).

Pure functions over small input records (UnitInput), so that the scoring can be checked without a run. A unit is
scored on its own parts of tasks (分工 per (task, unit), shared tasks included) and ranked within its plan 类别.
The rules come from `[assessment]` in taizhang.toml, with these documented defaults (one set for all units,
overridable per category):

| item | default | rule |
|---|---|---|
| 报送及时 timeliness | 20 | full by the due day; `late_per_day` (1) off per day late; 0 when not reported |
| 序时进度 completion | 60 | × the share of the unit's tasks done or at/above their 序时进度 |
| 数据质量 quality | 20 | `per_data_error` (2) off per error in the ledger (校验报告), not below 0; 0 if not reported |
| 逾期扣分 overdue | −5 | per task past its deadline and not done |
| 加分 bonus | 0 | `bonus_per_early_task` per task done before its deadline, at most `bonus_max` (off unless set) |

The score is not below 0. 序时进度 (expected progress) is linear from the plan's start (成文日期) to the task's
deadline; a reported 完成百分比 within `tolerance` (5) points of it is 达序时, above 超序时, below 滞后序时.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from generator.errors import TaizhangError
from generator.plan.model import UNCATEGORISED

AHEAD, ON_TRACK, BEHIND = "超序时", "达序时", "滞后序时"
DEFAULT_CATEGORY = UNCATEGORISED  # one group (责任单位) when the plan gives units no 类别


@dataclass(frozen=True)
class Rules:
    """计分规则 of one category of units (see the table in the module docstring)."""

    timeliness: float = 20
    late_per_day: float = 1
    completion: float = 60
    quality: float = 20
    per_data_error: float = 2
    per_overdue_task: float = 5
    bonus_per_early_task: float = 0
    bonus_max: float = 0
    tolerance: float = 5  # percentage points around 序时进度 that still count as 达序时


@dataclass(frozen=True)
class AssessmentSettings:
    """[assessment] of taizhang.toml: default rules, rules per category, thresholds for 表扬 and 约谈."""

    rules: Rules = field(default_factory=Rules)
    by_category: dict[str, Rules] = field(default_factory=dict)
    praise_from: float = 90  # 得分不低于此分的单位予以表扬
    interview_below: float = 60  # 得分低于此分的单位予以约谈

    def rules_for(self, category: str) -> Rules:
        return self.by_category.get(category, self.rules)


@dataclass(frozen=True)
class TaskInput:
    """One task as the scoring sees it."""

    no: int
    done: bool
    percent: float | None  # 完成百分比 reported, None when not reported
    deadline: date | None
    days_overdue: int  # > 0: past its deadline and not done
    finished_early: bool = False  # reported 已完成 before the deadline


@dataclass(frozen=True)
class UnitInput:
    """One unit's month: what the scoring needs to know."""

    unit: str  # the name printed (short name)
    category: str
    reported_on: date | None  # None: no usable ledger
    due: date
    tasks: tuple[TaskInput, ...]
    data_errors: int
    start: date  # the plan's start (序时进度 runs from here)
    as_of: date  # the period's last day


@dataclass(frozen=True)
class Reason:
    """One line of the 考核得分表: what earned or lost points, and how many (negative: deducted)."""

    item: str  # 报送及时 / 序时进度 / 数据质量 / 逾期扣分 / 加分
    basis: str  # the reason in words (逾期3天报送，每天扣1分)
    points: float
    full: float = 0.0  # the points the item gives at most (0 for a deduction or a bonus)

    @property
    def lost(self) -> float:
        """Points lost on this item: short of its full points, or the deduction itself."""
        return round(self.full - self.points, 1) if self.full else round(max(0.0, -self.points), 1)


@dataclass(frozen=True)
class UnitScore:
    unit: str
    category: str
    score: float
    reasons: tuple[Reason, ...]
    rank: int = 0
    previous: float | None = None  # last month's score, when stored

    @property
    def change(self) -> float | None:
        return None if self.previous is None else round(self.score - self.previous, 1)


def expected_percent(start: date, deadline: date | None, as_of: date) -> float:
    """序时进度: the percent a task should have reached by `as_of`, linear from `start` to `deadline`.

    No deadline (长期坚持): no schedule to fall behind, 0. Past the deadline: 100."""
    if deadline is None:
        return 0.0
    if as_of >= deadline:
        return 100.0
    if as_of <= start or deadline <= start:
        return 0.0
    return round(100 * (as_of - start).days / (deadline - start).days, 1)


def schedule_state(percent: float | None, done: bool, expected: float, tolerance: float = 5) -> str:
    """超序时 / 达序时 / 滞后序时 of a reported task; an unreported percent counts as 0."""
    value = 100.0 if done else (percent or 0.0)
    if value > expected + tolerance:
        return AHEAD
    if value >= expected - tolerance:
        return ON_TRACK
    return BEHIND


def _points(value: float) -> float:
    return round(value, 1)


def score_unit(unit: UnitInput, rules: Rules) -> UnitScore:
    """The unit's score and every reason for it; the reasons' points add up to the score (the floor at 0 is a
    reason line of its own, so even then they do)."""
    reasons: list[Reason] = []
    if unit.reported_on is None:
        reasons.append(Reason("报送及时", "本期未报送台账", 0.0, rules.timeliness))
    else:
        late = max(0, (unit.reported_on - unit.due).days)
        got = max(0.0, rules.timeliness - late * rules.late_per_day)
        basis = (
            f"按时报送（{unit.due.month}月{unit.due.day}日前）"
            if not late
            else (f"逾期{late}天报送，每天扣{rules.late_per_day:g}分")
        )
        reasons.append(Reason("报送及时", basis, _points(got), rules.timeliness))
    total = len(unit.tasks)
    if unit.reported_on is None or not total:
        basis = "本期未报送台账" if total else "无牵头任务，按满分计"
        reasons.append(Reason("序时进度", basis, 0.0 if total else _points(rules.completion), rules.completion))
    else:
        on_track = sum(
            schedule_state(t.percent, t.done, expected_percent(unit.start, t.deadline, unit.as_of), rules.tolerance)
            != BEHIND
            for t in unit.tasks
        )
        basis = f"{total}项任务中{on_track}项完成或达到序时进度"
        reasons.append(Reason("序时进度", basis, _points(rules.completion * on_track / total), rules.completion))
    if unit.reported_on is None:
        reasons.append(Reason("数据质量", "本期未报送台账", 0.0, rules.quality))
    else:
        lost = min(rules.quality, unit.data_errors * rules.per_data_error)
        basis = (
            "台账无数据错误"
            if not unit.data_errors
            else (f"台账有{unit.data_errors}处数据错误，每处扣{rules.per_data_error:g}分")
        )
        reasons.append(Reason("数据质量", basis, _points(rules.quality - lost), rules.quality))
    for t in unit.tasks:
        if t.days_overdue > 0 and rules.per_overdue_task:
            reasons.append(
                Reason("逾期扣分", f"第{t.no}项任务逾期{t.days_overdue}天未完成", _points(-rules.per_overdue_task))
            )
    early = sum(t.finished_early for t in unit.tasks)
    if early and rules.bonus_per_early_task:
        bonus = min(rules.bonus_max, early * rules.bonus_per_early_task) if rules.bonus_max else 0.0
        if bonus:
            reasons.append(Reason("加分", f"{early}项任务提前完成", _points(bonus)))
    subtotal = _points(sum(r.points for r in reasons))
    if subtotal < 0:
        reasons.append(Reason("保底", "得分不低于0分", _points(-subtotal)))
    return UnitScore(unit.unit, unit.category, _points(max(0.0, subtotal)), tuple(reasons))


def rank(scores: Iterable[UnitScore]) -> list[UnitScore]:
    """Rank within each category, highest first; equal scores share a rank and the next rank skips (1, 1, 3)."""
    out: list[UnitScore] = []
    by_category: dict[str, list[UnitScore]] = {}
    for score in scores:
        by_category.setdefault(score.category, []).append(score)
    for category in by_category:
        ordered = sorted(by_category[category], key=lambda s: (-s.score, s.unit))
        for position, score in enumerate(ordered, start=1):
            tied = next((o.rank for o in out if o.category == category and o.score == score.score), None)
            out.append(replace(score, rank=tied or position))
    return out


def assess(units: Iterable[UnitInput], settings: AssessmentSettings, previous: dict[str, float]) -> list[UnitScore]:
    """Score, rank per category and attach last month's score (unit → score) for the change."""
    scored = [score_unit(u, settings.rules_for(u.category)) for u in units]
    return [replace(s, previous=previous.get(s.unit)) for s in rank(scored)]


_RULE_KEYS = set(Rules.__dataclass_fields__)


def _rules(section: dict, base: Rules, where: str) -> Rules:
    values = {}
    for key, value in section.items():
        if key not in _RULE_KEYS:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise TaizhangError(f"配置文件 taizhang.toml 的 {where} {key} 应为不小于0的数，现为「{value}」。")
        values[key] = float(value)
    unknown = set(section) - _RULE_KEYS - {"categories", "praise_from", "interview_below"}
    if unknown:
        raise TaizhangError(
            f"配置文件 taizhang.toml 的 {where} 有未知的设置：{'、'.join(sorted(unknown))}"
            f"（可用：{'、'.join(sorted(_RULE_KEYS))}）。"
        )
    return replace(base, **values)


def assessment_settings(section: dict | None) -> AssessmentSettings:
    """[assessment] (default rules and thresholds) and [assessment.categories.<类别>] (rules of one category)."""
    section = section or {}
    rules = _rules(section, Rules(), "[assessment]")
    categories = section.get("categories", {})
    if not isinstance(categories, dict):
        raise TaizhangError("配置文件 taizhang.toml 的 [assessment.categories] 应为按类别的若干节。")
    by_category = {
        str(name): _rules(values, rules, f"[assessment.categories.{name}]")
        for name, values in categories.items()
        if isinstance(values, dict)
    }
    thresholds = {}
    for key in ("praise_from", "interview_below"):
        if key in section:
            value = section[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TaizhangError(f"配置文件 taizhang.toml 的 [assessment] {key} 应为分数，现为「{value}」。")
            thresholds[key] = float(value)
    return AssessmentSettings(rules=rules, by_category=by_category, **thresholds)


def due_date(period: str, due_day: int) -> date:
    """The day the month's ledger is due: `due_day` ([office] report_due_day) of the month after the period (the
    last day when that month is shorter)."""
    year, month = int(period[:4]), int(period[5:7])
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    last = (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days
    return date(year, month, min(due_day, last))


def month_inputs(plan, month, intake, due_day: int, issued_on: date) -> list[UnitInput]:
    """UnitInput of every reporting unit from the run: the date its counted ledger came (the file's time, never
    after the bulletin's date), its parts of tasks (分工 it must report: 牵头, 落实; 配合 when the plan says so) as
    judged this month, and the errors found in its ledger."""
    from generator.checks import ERROR
    from generator.progress import DONE

    due = due_date(month.period, due_day)
    by_unit: dict[str, list] = {}  # one pass over the month's assignments, not one per unit
    for a in month.assignments:
        if a.required:
            by_unit.setdefault(a.unit, []).append(a)
    out = []
    for unit in plan.reporting_units():
        checked = intake.accepted.get(unit.name)
        reported_on = min(checked.submission.modified.date(), issued_on) if checked else None
        mine = by_unit.get(unit.name, [])
        tasks = tuple(
            TaskInput(
                no=a.no,
                done=a.effective == DONE,
                percent=a.percent,
                deadline=a.task.deadline,
                days_overdue=a.days_overdue,
                finished_early=a.effective == DONE and a.task.deadline is not None and month.as_of < a.task.deadline,
            )
            for a in mine
        )
        errors = sum(p.severity == ERROR for p in checked.submission.problems) if checked else 0
        out.append(
            UnitInput(
                unit=unit.short_name,
                category=unit.category or DEFAULT_CATEGORY,
                reported_on=reported_on,
                due=due,
                tasks=tasks,
                data_errors=errors,
                start=plan.info.issued_on,
                as_of=month.as_of,
            )
        )
    return out
