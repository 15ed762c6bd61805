"""The ledger layout: one description shared by the writer of blank ledgers and the reader of filled ones."""

from __future__ import annotations

from dataclasses import dataclass

LEDGER_VERSION = "1"
META_SHEET = "_taizhang"  # very hidden: plan, unit, period, version of an issued ledger

STATUS_DONE = "已完成"
STATUS_ONGOING = "正在推进"
STATUS_LAGGING = "滞后"
STATUS_NOT_STARTED = "未启动"
STATUSES = (STATUS_DONE, STATUS_ONGOING, STATUS_LAGGING, STATUS_NOT_STARTED)  # the 完成状态 drop-down


@dataclass(frozen=True)
class SheetLayout:
    """One sheet of a ledger: the plan's columns (locked) followed by the columns the unit fills in."""

    kind: str  # "task" or "indicator"
    title: str  # sheet name
    plan_columns: tuple[str, ...]
    input_columns: tuple[str, ...]
    widths: dict[str, int]

    @property
    def columns(self) -> tuple[str, ...]:
        return self.plan_columns + self.input_columns


_COMMON_INPUT = ("佐证材料", "存在问题", "下步计划", "填报人", "联系电话")

TASK_SHEET = SheetLayout(
    kind="task",
    title="重点任务",
    plan_columns=("序号", "重点工作任务", "目标要求", "工作要求", "完成时限"),
    input_columns=("进展情况", "完成状态", "完成百分比", *_COMMON_INPUT),
    widths={
        "序号": 6,
        "重点工作任务": 34,
        "目标要求": 28,
        "工作要求": 28,
        "完成时限": 14,
        "进展情况": 36,
        "完成状态": 11,
        "完成百分比": 10,
        "佐证材料": 20,
        "存在问题": 20,
        "下步计划": 20,
        "填报人": 9,
        "联系电话": 14,
    },
)
INDICATOR_SHEET = SheetLayout(
    kind="indicator",
    title="量化指标",
    plan_columns=("类别", "序号", "指标", "量纲", "目标值", "计算依据", "工作要求"),
    input_columns=("指标当前值", "进展情况", *_COMMON_INPUT),
    widths={
        "类别": 14,
        "序号": 6,
        "指标": 24,
        "量纲": 8,
        "目标值": 10,
        "计算依据": 36,
        "工作要求": 24,
        "指标当前值": 11,
        "进展情况": 30,
        "佐证材料": 20,
        "存在问题": 20,
        "下步计划": 20,
        "填报人": 9,
        "联系电话": 14,
    },
)
SHEETS = (TASK_SHEET, INDICATOR_SHEET)

# Plan columns a ledger has when the plan shares tasks between units: the unit's own role and the others on the row.
ROLE_COLUMNS = ("本单位角色", "其他责任单位")
ROLE_WIDTHS = {"本单位角色": 8, "其他责任单位": 22}


def with_roles(layout: SheetLayout) -> SheetLayout:
    """The layout with 本单位角色 and 其他责任单位 after the plan's columns (plans with shared tasks)."""
    return SheetLayout(
        layout.kind,
        layout.title,
        layout.plan_columns + ROLE_COLUMNS,
        layout.input_columns,
        {**layout.widths, **ROLE_WIDTHS},
    )


# Header words units use for the same column (exact, after removing spaces); issue-3 work adds fuzzy matching.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "序号": ("序 号", "编号", "任务序号", "指标序号"),
    "重点工作任务": ("工作任务", "重点任务", "任务名称", "任务内容"),
    "完成时限": ("完成时间", "时限", "时间节点"),
    "进展情况": ("工作进展", "进展", "推进情况", "完成情况"),
    "完成状态": ("状态", "进展状态", "推进状态"),
    "完成百分比": ("完成进度", "进度", "完成比例", "完成率"),
    "指标": ("指标名称",),
    "指标当前值": ("当前值", "现状值", "完成值", "实际值"),
    "责任单位": ("责任部门", "牵头单位"),
}
