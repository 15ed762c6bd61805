"""Build the second example workspace, examples/hailing-2018/, from the 海陵 seed plan.

    python scripts/build_hailing_example.py [--workspace examples/hailing-2018]

The seed (tests/seeds/hailing-2018-eco-civilization-plan.txt) was scraped from a web page: half-width punctuation,
a garbage signature line (bet36365办公室), and its 任务分解表 flattened to one cell per line. This script parses it:

- 任务分解书 (附件1): the 37 numbered items, each `(牵头单位:…;配合单位:…)`, become the tasks (重点任务): the
  item's first sentence is the task, the rest its 目标要求; the first lead unit is the 责任单位, all leads and the
  cooperating units go to the optional 牵头单位/配合单位 columns;
- 任务分解表 (附件2): the flattened grid is read back by its anchors (the 序号 1…37, the 指标属性 words, the 领域
  names, the (一)… task headings, the unit-of-measure tokens) into 37 indicators, with 分项 sub-rows where the
  seed has them. Two rows whose flattening scrambled the cell order (10 and 22) are given explicitly below.

It writes inputs/plan.xlsx (附件版式 工作台账、任务分解表) and the ledgers of 2018-06 as units send them: our blank
ledger, filled in with openpyxl. Progress is invented but plausible: four tasks lag (督办通知), 区审计局 does not
report (催报通知), indicators with word targets (制定实施, 全面推行, 未发生) have no figure to report.

Unit full names are not in the seed (it uses short names only); the ones below follow the usual naming of 2018 and
keep the seed's short name as the first alias, which is what every table prints.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from build_example import body_paragraphs, fill_ledger  # noqa: E402
from hailing_progress import PROGRESS, REPORTERS, WORD_ANSWERS  # noqa: E402

from generator.ledger.blank import write_blank_ledger  # noqa: E402
from generator.plan import Indicator, Plan, PlanInfo, Task, Unit, read_plan, write_plan  # noqa: E402
from generator.plan.contacts import Contact  # noqa: E402
from generator.plan.deadline import parse_deadline  # noqa: E402
from generator.plan.units import UnitDirectory  # noqa: E402

SEED = ROOT / "tests" / "seeds" / "hailing-2018-eco-civilization-plan.txt"
WORKSPACE = ROOT / "examples" / "hailing-2018"
TITLE = "海陵区创建国家生态文明建设示范区工作实施方案"
UNITS = [
    Unit("泰州市海陵区人民政府办公室", ("区政府办",)),
    Unit("泰州市海陵区绩效管理办公室", ("区绩效办",)),
    Unit("泰州市海陵区财政局", ("区财政局",)),
    Unit("泰州市海陵区审计局", ("区审计局",)),
    Unit("泰州市海陵环境保护局", ("海陵环保局",)),
    Unit("泰州市水利局海陵分局", ("水利分局",)),
    Unit("泰州市海陵区住房和城乡建设局", ("区住建局", "住建局")),
    Unit("泰州市海陵区农业委员会", ("区农委",)),
    Unit("泰州市国土资源局海陵分局", ("国土分局",)),
    Unit("泰州市海陵区发展和改革委员会", ("区发改委",)),
    Unit("泰州市海陵区统计局", ("区统计局",)),
    Unit("泰州市海陵区经济和信息化委员会", ("区经信委",)),
    Unit("泰州市海陵区卫生和计划生育委员会", ("区卫计委",)),
    Unit("泰州市城市管理局海陵分局", ("城管分局",)),
    Unit("中共泰州市海陵区委组织部", ("区委组织部",)),
]
DEADLINE = "2018年底前"  # 全面实施阶段 ends 2018-12: 力争到2018年底各项指标达到创建要求
# The evidence the plan asks of every lead unit (实施步骤 (三) 自查与资料汇总阶段).
REQUIREMENT = "2015—2017年佐证台帐资料条目清晰、数据可靠、佐证有力，编制目录成册后报创建办"
FIELDS = ("生态制度", "生态环境", "生态空间", "生态经济", "生态生活", "生态文化")
ATTRIBUTES = ("约束性指标", "参考性指标")
MEASURE = re.compile(r"^(/|%|吨标煤/万元|立方米/万元|万元/亩)$")
NUMERAL = "一二三四五六七八九十"
# Rows 10 and 22 of the flattened table lost their cell order; as in the standard's table they read:
OVERRIDES = {
    10: {
        "sub_items": ("达到或优于Ⅲ类比例提高幅度", "劣Ⅴ类水体比例下降幅度"),
        "dimension": "%",
        "target_text": "省级环保部门根据实际情况自行确定本省改善幅度",
    },
    22: {"sub_items": ("东部地区",), "dimension": "立方米/万元", "target_text": "≤50\n且用水总量不超过控制目标值"},
}
HALF_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"})


def full_width(text: str) -> str:
    """The scraped text lost its full-width punctuation; official Chinese text uses it (but keeps 1. and 2.5)."""
    return text.translate(HALF_TO_FULL)


def task_items(text: str, units: UnitDirectory) -> list[Task]:
    """附件1 任务分解书: `N. 标题。措施……（牵头单位：A、B；配合单位：C）` under headings 一、…"""
    section = text.split("现将各项指标及主要任务分解如下:", 1)[1].split("\n附件2", 1)[0]
    tasks = []
    for line in section.splitlines():
        match = re.match(r"^(\d+)\.\s*(.+?)。(.*)\(牵头单位:([^;)]+)(?:;配合单位:([^)]+))?\)\s*$", line.strip())
        if not match:
            continue
        no, heading, measures, leads, cooperating = match.groups()
        lead_units = full_width(leads.strip())
        first = units.resolve(re.split(r"[、，]", lead_units)[0])
        tasks.append(
            Task(
                int(no),
                full_width(heading.strip()),
                full_width(measures.strip()),
                REQUIREMENT,
                first,
                DEADLINE,
                parse_deadline(DEADLINE, 2018),
                lead_units=lead_units,
                co_units=full_width((cooperating or "").strip()),
            )
        )
    return tasks


def breakdown_indicators(text: str, units: UnitDirectory) -> list[Indicator]:
    """附件2 任务分解表, read back from one cell per line by its anchors."""
    section = text.split("\n牵头部门\n", 1)[1].split("【关闭本页】", 1)[0]
    lines = [line.strip() for line in section.splitlines() if line.strip()]
    out, field, task, i = [], "", "", 0
    while i < len(lines):
        line = lines[i]
        if line in FIELDS:
            field, i = line, i + 1
        elif heading := re.match(rf"^\(([{NUMERAL}]+)\)(.*)$", line):
            name = heading[2] or lines[i + 1]
            task, i = f"（{heading[1]}）{name}", i + (1 if heading[2] else 2)
        elif line.isdigit() and int(line) == len(out) + 1:
            end = next(j for j in range(i + 1, len(lines)) if lines[j] in ATTRIBUTES)
            cells, attribute = lines[i + 1 : end], lines[end]
            leads, i = [], end + 1
            while i < len(lines) and not (lines[i] in FIELDS or lines[i].startswith("(") or lines[i].isdigit()):
                leads.append(lines[i])
                i += 1
            out.append(_indicator(int(line), field, task, cells, attribute, leads, units))
        else:
            raise ValueError(f"unexpected line in 任务分解表: {line}")
    return out


def _indicator(no, field, task, cells, attribute, leads, units) -> Indicator:
    name, rest = cells[0], cells[1:]
    first_measure = next(k for k, cell in enumerate(rest) if MEASURE.match(cell))
    last_measure = max(k for k, cell in enumerate(rest) if MEASURE.match(cell))
    values = {
        "sub_items": tuple(rest[:first_measure]),
        "dimension": "\n".join(rest[first_measure : last_measure + 1]),
        "target_text": "\n".join(rest[last_measure + 1 :]),
        **OVERRIDES.get(no, {}),
    }
    target_lines = values["target_text"].split("\n")
    numbers = {float(m[1]) for t in target_lines if (m := re.match(r"^[≥≤]?(\d+(?:\.\d+)?)$", t))}
    return Indicator(
        no=no,
        category=task,
        name=full_width(name),
        dimension=values["dimension"],
        target_text=values["target_text"],
        target=numbers.pop() if len(numbers) == 1 else None,
        direction="≤" if values["target_text"].startswith("≤") else "≥",
        basis="",
        requirement="",
        unit=units.resolve(leads[0]),
        field=field,
        attribute=attribute,
        lead_units="、".join(leads),
        sub_items=values["sub_items"],
    )


def plan_from_seed(seed: Path) -> Plan:
    text = seed.read_text("utf-8")
    units = UnitDirectory(UNITS)
    tasks = task_items(text, units)
    indicators = breakdown_indicators(text, units)
    assert len(tasks) == 37 and len(indicators) == 37, (len(tasks), len(indicators))
    body = body_paragraphs(full_width(text), "为贯彻落实", "附件：1.", heading_chars=30)
    info = PlanInfo(
        title=TITLE,
        issuer="泰州市海陵区人民政府办公室",  # the seed's signature line is garbage; its title names 区政府办公室
        issuer_mark="泰州市海陵区人民政府办公室文件",
        doc_number="泰海政办发〔2018〕26号",
        issued_on=date(2018, 4, 9),
        recipients="各镇人民政府，各街道办事处，区各委、办、局，各园区管委会，区各直属单位",
        notice_body=f"现将《{TITLE}》印发给你们，请认真贯彻执行。",
        note="（此件公开发布）",
        print_office="泰州市海陵区人民政府办公室",
        printed_on=date(2018, 4, 9),
        bulletin_office="海陵区创建国家生态文明建设示范区领导小组办公室",
        bulletin_title="创建国家生态文明建设示范区工作进展通报",
        report_to="区委、区人大、区政府、区政协主要领导，区创建领导小组组长、副组长",
        send_to="区创建领导小组各成员单位，各镇、街道、园区",
    )
    return Plan(
        info,
        [u for u in UNITS if any(t.unit == u.name for t in tasks) or any(i.unit == u.name for i in indicators)],
        tasks,
        indicators,
        body,
        ("海陵区创建国家生态文明建设示范区工作任务分解书", "海陵区创建国家生态文明建设示范区工作任务分解表"),
        ("工作台账", "任务分解表"),
        contacts=contacts(),
    )


def contacts() -> dict[str, Contact]:
    """Made-up contacts on example.org (reserved: nothing is delivered there), so `taizhang send` runs on the
    example: <简称的拼音>@example.org for the reporting contact, leader.<…>@example.org for the leader."""
    slugs = {
        "区政府办": "zfb", "区绩效办": "jxb", "区财政局": "czj", "区审计局": "sjj", "海陵环保局": "hbj",
        "水利分局": "slfj", "区住建局": "zjj", "区农委": "nw", "国土分局": "gtfj", "区发改委": "fgw",
        "区统计局": "tjj", "区经信委": "jxw", "区卫计委": "wjw", "城管分局": "cgfj", "区委组织部": "zzb",
    }  # fmt: skip
    return {
        unit.name: Contact(
            "", (f"{slugs[unit.short_name]}@example.org",), "", (f"leader.{slugs[unit.short_name]}@example.org",)
        )
        for unit in UNITS
        if unit.short_name in slugs
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--workspace", type=Path, default=WORKSPACE)
    args = parser.parse_args()
    inputs = args.workspace / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    (args.workspace / "outputs").mkdir(exist_ok=True)
    write_plan(plan_from_seed(args.seed), inputs / "plan.xlsx")
    plan = read_plan(inputs / "plan.xlsx")
    by_short = {u.short_name: u for u in plan.units}
    with tempfile.TemporaryDirectory() as tmp:
        for period, reports in PROGRESS.items():
            for short, file_name, tasks, indicators in reports:
                blank = write_blank_ledger(plan, by_short[short], period, Path(tmp) / f"{short}{period}.xlsx")
                answers = {**WORD_ANSWERS.get(short, {}), **indicators}
                fill_ledger(blank, inputs / period / file_name, short, tasks, answers, REPORTERS)
    print(f"example written to {inputs}")


if __name__ == "__main__":
    main()
