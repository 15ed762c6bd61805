"""A small plan with shared tasks, built in code: two co-leads, a cooperating unit, a group of implementing counties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.plan.model import (
    COOPERATING,
    IMPLEMENTING,
    LEAD,
    Assignment,
    Indicator,
    Plan,
    PlanInfo,
    Task,
    Unit,
    UnitGroup,
)
from generator.plan.write import write_plan

COUNTIES = ("甲县人民政府", "乙区人民政府", "丙市人民政府")
GROUP = "各县(市、区)人民政府"


def shared_plan(members: tuple[str, ...] = COUNTIES) -> Plan:
    info = PlanInfo(
        title="某市2023年度河长制工作实施方案",
        issuer="某市河长制办公室",
        issuer_mark="某市河长制办公室",
        doc_number="某河办〔2023〕1号",
        issued_on=date(2023, 5, 26),
        recipients="各县(市、区)人民政府，市河长制成员单位：",
        notice_body="现将方案印发给你们，请认真贯彻落实。",
    )
    units = [
        Unit("市水利局", (), "市直部门"),
        Unit("市公安局", (), "市直部门"),
        Unit("市生态环境局", ("市环境局",), "市直部门"),
        Unit("市档案馆", (), "市直部门"),  # cooperates on task 3 only: gets a ledger, need not report, not ranked
        Unit("市财政局", (), "市直部门"),  # in the registry, no role in any task
        *(Unit(name, (name.replace("人民政府", ""),), "县区") for name in COUNTIES),
    ]
    counties = tuple(Assignment(m, IMPLEMENTING) for m in members)
    tasks = [
        Task(
            1,
            "强化“河长+”机制推广应用",
            "深化河长+警长机制",
            "机制文件",
            "",
            "2023年6月底前",
            date(2023, 6, 30),
            assignments=(
                Assignment("市水利局", LEAD),
                Assignment("市公安局", LEAD),
                Assignment("市生态环境局", COOPERATING),
                *counties,
            ),
            unresolved=() if members else (GROUP,),
        ),
        Task(
            2,
            "开展入河排污口溯源",
            "完成80%以上溯源",
            "溯源台账",
            "",
            "年底前",
            date(2023, 12, 31),
            assignments=(Assignment("市生态环境局", LEAD), *counties),
            unresolved=() if members else (GROUP,),
        ),
        Task(
            3,
            "编制水资源公报",
            "按时发布",
            "公报",
            "",
            "年底前",
            date(2023, 12, 31),
            assignments=(Assignment("市水利局", LEAD), Assignment("市档案馆", COOPERATING)),
        ),
    ]
    indicators = [
        Indicator(
            1,
            "水资源",
            "新增造林面积",
            "亩",
            "4700",
            4700.0,
            "≥",
            "",
            "",
            "",
            assignments=(Assignment("市水利局", LEAD), *counties),
            unit_targets=tuple((m, t) for m, t in zip(members, ("1500", "1200", "2000"))),
        )
    ]
    groups = [UnitGroup(GROUP, members)]
    return Plan(info, units, tasks, indicators, [], groups=groups, uses_roles=True)


def shared_workspace(root: Path, members: tuple[str, ...] = COUNTIES) -> Path:
    """A workspace folder with the plan written as inputs/plan.xlsx."""
    (root / "inputs").mkdir(parents=True, exist_ok=True)
    (root / "outputs").mkdir(exist_ok=True)
    write_plan(shared_plan(members), root / "inputs" / "plan.xlsx")
    return root


__all__ = ["COUNTIES", "GROUP", "replace", "shared_plan", "shared_workspace"]
