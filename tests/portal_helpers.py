"""Shared by the portal tests: a workspace copied from the example, its Office, ledgers as units fill them."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_example, fill_ledger

from generator.plan import read_plan
from generator.portal import auth
from generator.portal.office import Office

UNIT = "管委会办公室"  # reports task 9 and indicator 17; sent nothing for 2018-05 in the example
OTHER = "区发展改革规划局"
PERIOD = "2018-05"
CLERK, INSPECTOR, PASSWORD = "经办人", "督查员", "correct horse 9"


def make_office(folder: Path, db: str | None = None) -> Office:
    ws = copy_example(folder)
    if db:
        ws = type(ws)(ws.root, db)
    office = Office(ws)
    auth.add_account(office.engine, CLERK, "clerk", PASSWORD)
    auth.add_account(office.engine, INSPECTOR, "inspector", PASSWORD)
    return office


def ledger(folder: Path, unit: str, name: str, percent: object = 60, status: str = "正在推进") -> Path:
    """The unit's issued ledger filled in; `percent` may be something wrong (an error at its cell)."""
    plan = read_plan(folder / "inputs" / "plan.xlsx")
    short = plan.unit(unit).short_name
    tasks = {
        t.no: {"进展情况": "已完成方案编制，正在施工", "完成状态": status, "完成百分比": percent}
        for t in plan.tasks_of(unit)
    }
    indicators = {i.no: {"指标当前值": 50, "进展情况": "按计划推进"} for i in plan.indicators_of(unit)}
    return fill_ledger(plan, short, PERIOD, folder / "upload" / name, tasks, indicators)
