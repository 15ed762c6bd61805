"""The work plan (工作方案): what each unit must do, by when."""

from generator.plan.model import Indicator, Plan, PlanInfo, Task, Unit
from generator.plan.workbook import read_plan
from generator.plan.write import write_plan

__all__ = ["Indicator", "Plan", "PlanInfo", "Task", "Unit", "read_plan", "write_plan"]
