"""Is the plan ready for a month (就绪检查)? Every task and indicator must name its units: a group whose members are
not listed yet, or a task still marked （待指定） after plan import, would send ledgers to nobody.

`readiness_problems` lists what is missing (for `plan check`); `ensure_ready` stops `ledgers` and `run` with one
message that names each group and task and says where to fix it.
"""

from __future__ import annotations

from generator.errors import PlanError
from generator.plan.model import PENDING_UNIT, Plan


def readiness_problems(plan: Plan) -> list[str]:
    """One Chinese sentence per thing to fix, in plan order: groups without members, then items with （待指定）."""
    by_name: dict[str, list[str]] = {}
    for kind, items in (("重点任务", plan.tasks), ("量化指标", plan.indicators)):
        for item in items:
            for name in item.unresolved:
                by_name.setdefault(name, []).append(f"{kind}第{item.no}项")
    out = []
    for name, where in by_name.items():
        places = "、".join(where[:8]) + (f"等{len(where)}处" if len(where) > 8 else "")
        if name == PENDING_UNIT:
            out.append(
                f"{places}的责任单位仍为「{PENDING_UNIT}」：请在 plan.xlsx 的「重点任务」「量化指标」表中填写"
                "牵头单位（或责任单位）。"
            )
        else:
            out.append(
                f"分组「{name}」还没有列出成员单位（{places}用到）：请在 plan.xlsx 的「单位分组」表中填写"
                f"分组名称「{name}」及其成员单位（用、分隔，成员须在「责任单位」表中）。"
            )
    return out


def ensure_ready(plan: Plan) -> None:
    """Raise PlanError (a stop, exit code 2) when the plan is not ready for ledgers or a run."""
    problems = readiness_problems(plan)
    if problems:
        raise PlanError("方案尚不能下发台账或汇总：" + "；".join(p.rstrip("。") for p in problems) + "。")
