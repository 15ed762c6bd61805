"""Build examples/pingdingshan-2023/ from the 平顶山 seed: a river-chief plan whose 34 tasks are shared.

    python scripts/build_pingdingshan_example.py [target folder]

Reproducible: the same seed gives byte-for-byte the same plan rows and the same ledger contents.

1. `taizhang plan import` reads the seed (tests/seeds/pingdingshan-2023-river-chief-plan.txt): 34 tasks with their
   牵头 / 配合 / 落实 units, 27 quantified indicators, the body text; its 城多一体化示范区 typo is resolved to
   城乡一体化示范区管委会 there.
2. What the plan does not say, the office fills in, as a clerk would in plan.xlsx: the members of its groups
   (各县(市、区)人民政府 = the four districts, two county-level cities and four counties of 平顶山; 相关成员单位 /
   各成员单位 / 成员单位 = the city departments the plan names), the 类别 of every unit (市直部门, 县区; the two
   管委会 are ranked with the 县区), the issuing office.
3. Two months of ledgers (2023-06, 2023-07) from the units' own blank ledgers, with realistic variety: 叶县 does not
   report in June; 市公安局, a co-lead of task 5, lags; 鲁山县 is behind on the shared task 13; 市林业局 adds a note
   to a task it only cooperates on; everyone else moves forward month by month.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.ledger.blank import ledger_file_name, write_blank_ledger  # noqa: E402
from generator.ledger.layout import INDICATOR_SHEET, TASK_SHEET  # noqa: E402
from generator.plan.importer import import_plan, write_imported_plan  # noqa: E402
from generator.plan.model import COOPERATING, Plan, role_of  # noqa: E402
from generator.plan.workbook import read_plan  # noqa: E402
from generator.plan.write import write_plan  # noqa: E402

SEED = ROOT / "tests" / "seeds" / "pingdingshan-2023-river-chief-plan.txt"
TARGET = ROOT / "examples" / "pingdingshan-2023"
PERIODS = ("2023-06", "2023-07")

# 平顶山市: 4 districts, 2 county-level cities (汝州 is administered by the province, its river chiefs report to
# the city office all the same), 4 counties. A reviewer may correct these names.
COUNTIES = ("卫东区", "新华区", "湛河区", "石龙区", "舞钢市", "汝州市", "宝丰县", "叶县", "鲁山县", "郏县")
ZONES = ("城乡一体化示范区管委会", "高新区管委会")
COUNTY_GROUP = "各县(市、区)人民政府"
MEMBER_GROUPS = ("各成员单位", "相关成员单位", "成员单位")
OFFICE = "平顶山市河长制办公室"
INFO = {
    "发文机关": OFFICE,
    "发文机关标志": OFFICE,
    "主送机关": "各县（市、区）河长制办公室，城乡一体化示范区、高新区管委会，市河长制各成员单位：",
    "通知正文": "现将《平顶山市2023年度河长制工作实施方案》印发给你们，请结合实际，认真贯彻落实。",
    "通报名称": "河长制工作进展通报",
    "附件一名称": "平顶山市2023年度河长制重点任务台账",
    "附件二名称": "平顶山市2023年度河长制量化指标台账",
}
DONE_IN_JULY = (1, 2, 3, 4, 29)  # every unit on these tasks reports them done in July
LATE = {"2023-06": ("叶县人民政府",), "2023-07": ()}  # units that send nothing that month
CO_LEAD_LAGGING = ("市公安局", 5)
COUNTY_BEHIND = ("鲁山县人民政府", 13)
COOPERATING_NOTE = ("市林业局", 21, "配合市水利局完成母亲河沿岸生态林带补植1200亩，已提供造林图斑数据。")
PROGRESS_WORDS = (
    "已制定年度工作方案并召开专题推进会，明确责任分工。",
    "已完成阶段性排查，问题清单逐项销号中。",
    "按月调度推进，各项措施落实到位。",
    "已完成年度任务的主体工作，正在整理佐证材料。",
)


def plan_from_seed(seed: Path = SEED) -> Plan:
    """The seed through plan import, completed as the office completes plan.xlsx, read back as taizhang reads it."""
    imported = import_plan(seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_imported_plan(imported, Path(tmp) / "导入.xlsx")
        book = openpyxl.load_workbook(path)
        info = book["方案信息"]
        for row in info.iter_rows(min_row=2):
            if row[0].value in INFO:
                row[1].value = INFO[row[0].value]
        units = book["责任单位"]
        header = [c.value for c in units[1]]
        category = len(header) + 1
        units.cell(1, category).value = "类别"
        city_units = []
        for r in range(2, units.max_row + 1):
            name = units.cell(r, 1).value
            kind = units.cell(r, 1 + header.index("类型")).value
            if kind == "泛指":
                continue
            units.cell(r, category).value = "县区" if name in ZONES else "市直部门"
            if name.startswith("市") and name != "市河长制办公室":
                city_units.append(name)
        for county in COUNTIES:
            units.append([f"{county}人民政府", county, "单位"] + [""] * (category - 4) + ["县区"])
        groups = book["单位分组"]  # plan import lists the groups it found; the office fills in their members
        members = {COUNTY_GROUP: "、".join(COUNTIES), **{name: "、".join(city_units) for name in MEMBER_GROUPS}}
        for r in range(2, groups.max_row + 1):
            groups.cell(r, 2).value = members[groups.cell(r, 1).value]
        book.save(path)
        return read_plan(path)


def _fill(plan: Plan, unit_name: str, period: str, month: int, path: Path) -> None:
    """The unit's blank ledger with its figures typed in, saved under the name the unit gives it."""
    unit = plan.unit(unit_name)
    blank = write_blank_ledger(plan, unit, period, path.with_name("blank.xlsx"))
    book = openpyxl.load_workbook(blank)
    rng = random.Random(f"{unit_name}|{period}")
    for layout in (TASK_SHEET, INDICATOR_SHEET):
        if layout.title not in book.sheetnames:
            continue
        sheet = book[layout.title]
        header = [c.value for c in sheet[3]]

        def put(row: int, column: str, value: object, sheet=sheet, header=header) -> None:
            sheet.cell(row, 1 + header.index(column)).value = value

        for r in range(4, sheet.max_row + 1):
            no = sheet.cell(r, 1 + header.index("序号")).value
            if layout is INDICATOR_SHEET:
                indicator = plan.indicator_by_no[no]
                number = re.search(r"\d+(?:\.\d+)?", indicator.target_text)
                if indicator.target is not None:
                    put(r, "指标当前值", round(indicator.target * (0.9 + 0.05 * month + rng.random() * 0.05), 3))
                elif number:  # 下降7.5%: the change reached so far
                    put(r, "指标当前值", round(float(number.group()) * (0.7 + 0.15 * month), 2))
                else:
                    put(r, "指标当前值", "按序时推进" if month == 1 else "已" + (indicator.target_text or "完成"))
                put(r, "填报人", "张敏")
                continue
            task = plan.task_by_no[no]
            if role_of(task, unit_name) == COOPERATING:
                if (unit_name, no) == COOPERATING_NOTE[:2]:
                    put(r, "进展情况", COOPERATING_NOTE[2])
                    put(r, "完成状态", "正在推进")
                continue  # cooperating parts are optional: most units leave them empty
            percent = min(100, 30 + 25 * month + rng.randrange(0, 30, 5))
            if month == 2 and no in DONE_IN_JULY:
                percent = 100
            status, issues = ("已完成" if percent == 100 else "正在推进"), ""
            if (unit_name, no) in (CO_LEAD_LAGGING, COUNTY_BEHIND):
                percent, status = 20 + 10 * month, "滞后"
                issues = "专项经费尚未到位，联合执法机制未建立" if unit_name == "市公安局" else "采砂监管人员不足"
            put(r, "进展情况", rng.choice(PROGRESS_WORDS) if status != "滞后" else f"进度滞后：{issues}。")
            put(r, "完成状态", status)
            put(r, "完成百分比", percent)
            put(r, "存在问题", issues)
            put(r, "填报人", "李华")
            put(r, "联系电话", "0375-1234567")
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    blank.unlink()


def _file_name(plan: Plan, unit_name: str, period: str, k: int) -> str:
    """Units rename what they send back; the hidden sheet still says who they are."""
    short, month = plan.unit(unit_name).short_name, int(period[5:])
    return (
        ledger_file_name(plan.unit(unit_name), period),
        f"{short}{month}月河长制工作台账.xlsx",
        f"{short}-2023年{month}月台账.xlsx",
    )[k % 3]


def build(target: Path = TARGET) -> Plan:
    plan = plan_from_seed()
    inputs = target / "inputs"
    if inputs.exists():
        shutil.rmtree(inputs)
    inputs.mkdir(parents=True)
    write_plan(plan, inputs / "plan.xlsx")
    for month, period in enumerate(PERIODS, start=1):
        for k, unit in enumerate(plan.ledger_units()):
            if unit.name in LATE[period]:
                continue
            _fill(plan, unit.name, period, month, inputs / period / _file_name(plan, unit.name, period, k))
    return plan


if __name__ == "__main__":
    built = build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
    parts = sum(len(t.assignments) for t in built.tasks)
    print(f"平顶山示例：{len(built.tasks)} 项任务，{parts} 个分工，{len(built.ledger_units())} 个单位")
