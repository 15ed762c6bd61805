"""Rebuild the shipped example workspace (repository root) from the 焦作 seed plan.

    python scripts/build_example.py [--seed tests/seeds/jiaozuo-2018-water-ecology-plan.txt]

Writes inputs/plan.xlsx (the plan, its 9 tasks of 附件一 and 19 indicators of 附件二 exactly as in the seed) and the
filled ledgers of 2018-04 and 2018-05, made the way a unit makes them: our blank ledger, filled in with openpyxl.
The progress is invented but plausible, and includes what the tests look for: in 2018-05 管委会办公室 does not
report, task 3 is past its deadline and not done, indicator 2 is below target and indicator 5 is typed as "85%".
"""

from __future__ import annotations

import argparse
import re
import tempfile
from datetime import date
from pathlib import Path

import openpyxl

from generator.ledger.blank import write_blank_ledger
from generator.ledger.layout import INDICATOR_SHEET, TASK_SHEET
from generator.plan import Indicator, Plan, PlanInfo, Task, Unit, read_plan, write_plan
from generator.plan.contacts import Contact, split_addresses
from generator.plan.deadline import parse_deadline
from generator.plan.model import BodyParagraph
from generator.plan.units import UnitDirectory

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "seeds" / "jiaozuo-2018-water-ecology-plan.txt"
TITLE = "焦作市示范区创建全国水生态文明城市2018年工作方案"
UNITS = [
    Unit("区农村工作办公室", ("区农办",)),
    Unit("区发展改革规划局"),
    Unit("区财政局"),
    Unit("区国土建设环保局"),
    Unit("区国土分局"),
    Unit("区组织人力资源社会保障局"),
    Unit("管委会办公室"),
]
LOWER_IS_BETTER = {"平原区地下水超采面积比例"}
# Made-up contacts on example.org (a reserved domain: nothing is ever delivered there), so `taizhang send` runs
# on the example: (联系人, 联系邮箱, 负责人, 负责人邮箱).
CONTACTS = {
    "区农村工作办公室": ("王磊", "nongban@example.org", "刘建国", "nongban.leader@example.org"),
    "区发展改革规划局": ("赵强", "fagai@example.org", "孙明", "fagai.leader@example.org"),
    "区财政局": ("周敏", "caizheng@example.org", "吴涛", "caizheng.leader@example.org"),
    "区国土建设环保局": ("李娜", "guotu.huanbao@example.org", "郑伟", "guotu.huanbao.leader@example.org"),
    "区国土分局": ("冯丽", "guotu.fenju@example.org", "", ""),
    "区组织人力资源社会保障局": ("何平", "renshe@example.org", "", ""),
    "管委会办公室": ("陈静", "gwh.office@example.org", "黄海", "gwh.leader@example.org"),
}


def table_rows(block: str) -> list[list[str]]:
    """Rows of a table flattened by a web page: each cell starts with a tab, rows are separated by blank lines."""
    rows, row, cell = [], [], None
    for line in block.splitlines():
        if line.startswith("\t"):
            if cell is not None:
                row.append(cell)
            cell = line[1:]
        elif not line.strip():
            if cell is not None:
                row.append(cell)
                cell = None
            if row:
                rows.append(row)
                row = []
        elif cell is not None:
            cell += "\n" + line
    if cell is not None:
        row.append(cell)
    if row:
        rows.append(row)
    return [[c.strip() for c in r] for r in rows[1:]]  # without the header row


def body_paragraphs(
    text: str, start_at: str = "根据《", end_at: str = "附件：1.", heading_chars: int = 14
) -> list[BodyParagraph]:
    """The plan's text between two markers, by level: 一、 headings, （一） lead-ins (with their first sentence
    when it is at most `heading_chars` long), plain paragraphs."""
    start = text.index(start_at)
    end = text.index(end_at)
    out = []
    for raw in text[start:end].splitlines():
        line = re.sub(r"\[bookmark: [^\]]*\]", "", raw).strip()
        if not line:
            continue
        if re.match(r"^[一二三四五六七八九十]+、", line) and len(line) < 20:
            out.append(BodyParagraph(1, line, ""))
        elif match := re.match(r"^（[一二三四五六七八九十]+）", line):
            head, rest = match.group(0), line[match.end() :]
            titled = re.match(rf"^[^。]{{2,{heading_chars}}}。", rest)
            if titled:
                head, rest = head + titled.group(0), rest[titled.end() :]
            out.append(BodyParagraph(2, head, rest))
        else:
            out.append(BodyParagraph(0, "", line))
    return out


def plan_from_seed(seed: Path) -> Plan:
    text = seed.read_text("utf-8")
    units = UnitDirectory(UNITS)
    annex1 = text.split("示范区创建全国水生态文明城市工作台账\n", 1)[1].split("附件二")[0]
    annex2 = text.split("示范区创建全国水生态文明城市量化指标台账\n", 1)[1].split("焦作市示范区四城联创指挥部办公室")[0]
    tasks = [
        Task(int(no), task, target, req, units.resolve(unit), deadline, parse_deadline(deadline, 2018))
        for no, task, target, req, unit, deadline in table_rows(annex1)
    ]
    indicators, category = [], ""
    for cat, no, name, dim, target, basis, req, unit in table_rows(annex2):
        category = cat or category
        number = re.fullmatch(r"\d+(?:\.\d+)?", target)
        indicators.append(
            Indicator(
                int(no),
                category,
                name,
                dim,
                target,
                float(target) if number else None,
                "≤" if name in LOWER_IS_BETTER else "≥",
                basis,
                req,
                units.resolve(unit),
            )
        )
    info = PlanInfo(
        title=TITLE,
        issuer="焦作市示范区四城联创指挥部",
        issuer_mark="焦作市示范区四城联创指挥部",
        doc_number="焦示城创指〔2018〕6号",
        issued_on=date(2018, 4, 3),
        recipients="各乡（镇）党委、人民政府，各街道党工委、办事处，区直各部门，各驻区机构",
        notice_body=f"现将《{TITLE}》印发给你们，请结合实际，认真抓好贯彻落实。",
        print_office="焦作市示范区四城联创指挥部办公室",
        printed_on=date(2018, 4, 3),
        bulletin_office="焦作市示范区四城联创指挥部办公室",
        bulletin_title="创建全国水生态文明城市工作进展通报",
        report_to="示范区党工委、管委会主要领导，四城联创指挥部各指挥长",
        send_to="指挥部各成员单位，各乡（镇）、街道",
    )
    return Plan(
        info,
        UNITS,
        tasks,
        indicators,
        body_paragraphs(text),
        ("示范区创建水生态文明城市工作台账", "示范区创建水生态文明城市量化指标台帐"),
        contacts={
            name: Contact(person, split_addresses(email), leader, split_addresses(leader_email))
            for name, (person, email, leader, leader_email) in CONTACTS.items()
        },
    )


# (unit short name, file name, {task no: (进展情况, 完成状态, 完成百分比, 佐证材料, 存在问题, 下步计划)},
#  {indicator no: (指标当前值, 进展情况)}), per period
REPORTER = {
    "区农办": ("王磊", "0391-3568021"),
    "区国土建设环保局": ("李娜", "0391-3568135"),
    "区发展改革规划局": ("赵强", "0391-3568277"),
    "管委会办公室": ("陈静", "0391-3568002"),
}
PROGRESS: dict[str, list[tuple[str, str, dict, dict]]] = {
    "2018-04": [
        (
            "区农办",
            "区农办2018年4月工作台账.xlsx",
            {
                1: (
                    "大沙河生态治理工程征迁完成，示范段主体工程完工；自备井封闭完成126眼中的110眼。",
                    "正在推进",
                    90,
                    "实施方案、批复文件",
                    "",
                    "5月上旬完成剩余自备井封闭",
                ),
                4: ("森林城市创建成果已汇编成册。", "已完成", 100, "成果汇编", "", ""),
                6: ("生态水网自动化与调度系统实施方案已报送。", "已完成", 100, "实施方案", "", ""),
                7: ("滨河带绿化实施方案及批复已报送。", "已完成", 100, "实施方案、批复文件", "", ""),
                8: (
                    "河道两侧400米内畜禽养殖场关停搬迁完成32家中的27家。",
                    "正在推进",
                    80,
                    "攻坚文件、会议纪要",
                    "部分养殖户搬迁补偿未谈妥",
                    "5月中旬完成全部关停",
                ),
            },
            {
                1: ("按市规定值", "待市水利局下达"),
                3: (0.62, "测算报告编制中"),
                6: (50, ""),
                8: (76, ""),
                9: (72, ""),
                10: (3, ""),
                11: (22, ""),
                12: (100, ""),
                13: (78, ""),
                15: (93, ""),
                16: (65, ""),
                18: (4, ""),
                19: (92, ""),
            },
        ),
        (
            "区国土建设环保局",
            "区国土建设环保局-4月台账.xlsx",
            {
                2: (
                    "新河、李河黑臭水体整治主体完工，凯旋路景观河正在清淤。",
                    "正在推进",
                    70,
                    "施工图片",
                    "",
                    "5月底前完工",
                ),
                3: (
                    "饮用水源地保护区界标设置完成，生态补偿机制文件起草中。",
                    "正在推进",
                    60,
                    "工作方案",
                    "",
                    "5月报送补偿机制文件",
                ),
            },
            {2: (24, "再生水厂二期调试中"), 5: (80, ""), 7: (88, ""), 14: (80, "")},
        ),
        (
            "区发展改革规划局",
            "区发展改革规划局工作台账（4月）.xlsx",
            {
                5: ("6家重点企业节水技术改造方案及总结报告已报送。", "已完成", 100, "实施方案、总结报告", "", ""),
            },
            {},
        ),
        (
            "管委会办公室",
            "管委会办公室4月台账.xlsx",
            {
                9: ("考核文件已起草，正在征求各部门意见。", "正在推进", 50, "征求意见稿", "", "5月提交党工委会议研究"),
            },
            {17: (0, "文件尚未出台")},
        ),
    ],
    "2018-05": [
        (
            "区农办",
            "区农办2018年5月工作台账.xlsx",
            {
                1: ("大沙河生态治理工程示范段完工，自备井126眼全部封闭。", "已完成", 100, "竣工报告、影像资料", "", ""),
                4: ("森林城市创建成果已汇编成册。", "已完成", 100, "成果汇编", "", ""),
                6: ("生态水网自动化与调度系统实施方案已报送。", "已完成", 100, "实施方案", "", ""),
                7: ("滨河带绿化实施方案及批复已报送。", "已完成", 100, "实施方案、批复文件", "", ""),
                8: (
                    "畜禽养殖场32家全部关停搬迁，沼气工程项目清单及实施方案已报送。",
                    "已完成",
                    100,
                    "攻坚文件、项目清单",
                    "",
                    "",
                ),
            },
            {
                1: ("按市规定值", "达到市下达控制目标"),
                3: (0.66, "测算报告已盖章"),
                6: (55.6, ""),
                8: (81, ""),
                9: (83, ""),
                10: (3, ""),
                11: (18, "超采面积较上年减少"),
                12: (100, ""),
                13: (82, ""),
                15: (96, ""),
                16: (72, ""),
                18: (4, ""),
                19: (95.5, "问卷1200份"),
            },
        ),
        (
            "区国土建设环保局",
            "区国土建设环保局-5月台账.xlsx",
            {
                2: (
                    "新河、李河、凯旋路景观河黑臭水体整治全部完工，资料已报送。",
                    "已完成",
                    100,
                    "竣工报告、影像资料",
                    "",
                    "",
                ),
                3: (
                    "生态补偿机制文件仍在征求意见，入河排污口检测系统设备未到货。",
                    "滞后",
                    75,
                    "工作方案",
                    "补偿机制文件尚在征求意见，排污口检测设备未到货",
                    "6月15日前出台补偿机制文件",
                ),
            },
            {2: (26, "再生水厂二期调试中，6月投运"), 5: ("85%", "入户抽查1200户"), 7: (91, ""), 14: (86, "")},
        ),
        (
            "区发展改革规划局",
            "区发展改革规划局工作台账（5月）.xlsx",
            {
                5: ("6家重点企业节水技术改造方案及总结报告已报送。", "已完成", 100, "实施方案、总结报告", "", ""),
            },
            {},
        ),
        # 管委会办公室 did not report in 2018-05.
    ],
}


def fill_ledger(
    blank: Path, target: Path, unit: str, tasks: dict, indicators: dict, reporters: dict | None = None
) -> None:
    """Fill a blank ledger the way a unit does in Excel: type into the open columns, save under its own name."""
    book = openpyxl.load_workbook(blank)
    who, phone = (reporters or REPORTER)[unit]
    for layout, values in ((TASK_SHEET, tasks), (INDICATOR_SHEET, indicators)):
        if layout.title not in book.sheetnames:
            continue
        sheet = book[layout.title]
        header = [c.value for c in sheet[3]]
        col = {name: header.index(name) + 1 for name in layout.columns}
        for row in range(4, sheet.max_row + 1):
            no = sheet.cell(row, col["序号"]).value
            if no not in values:
                continue
            if layout is TASK_SHEET:
                names = ("进展情况", "完成状态", "完成百分比", "佐证材料", "存在问题", "下步计划")
            else:
                names = ("指标当前值", "进展情况")
            for name, value in zip(names, values[no]):
                if value != "":
                    sheet.cell(row, col[name]).value = value
            sheet.cell(row, col["填报人"]).value = who
            sheet.cell(row, col["联系电话"]).value = phone
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--workspace", type=Path, default=ROOT)
    args = parser.parse_args()
    inputs = args.workspace / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    write_plan(plan_from_seed(args.seed), inputs / "plan.xlsx")
    plan = read_plan(inputs / "plan.xlsx")
    by_short = {u.short_name: u for u in plan.units}
    with tempfile.TemporaryDirectory() as tmp:
        for period, reports in PROGRESS.items():
            for short, file_name, tasks, indicators in reports:
                blank = write_blank_ledger(plan, by_short[short], period, Path(tmp) / f"{short}{period}.xlsx")
                fill_ledger(blank, inputs / period / file_name, short, tasks, indicators)
    print(f"example written to {inputs}")


if __name__ == "__main__":
    main()
