"""A month of real-looking submissions: ≥ 30 messy or broken files in one folder, each with exactly its problems.

The table `CASES` is the corpus: file name → how it is built → the (code, sheet, cell) problems expected for it →
what must have been read from it. Files arrive in table order: each is one minute newer than the one before, so the
last usable file of a unit is the one that counts and every earlier one of that unit is a duplicate-submission.
Plan (inputs/plan.xlsx): 区农办 (区农村工作办公室) owns tasks 1, 4, 6, 7, 8 and 14 indicators; 区国土建设环保局
tasks 2, 3 and indicators 2, 5, 7, 14; 区发展改革规划局 task 5; 管委会办公室 task 9 and indicator 17 (and sends
nothing this month). Every task's deadline is before 2018-05-31.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLE_INPUTS, marked_receipt, tree_digest
from corpus import HEAD, INDICATORS, TASKS, TITLE, Formula, Kit

from generator.checks.problems import ERROR, WARNING
from generator.documents.receipt import SUMMARY_SHEET
from generator.intake import ingest
from generator.ledger.files import Limits
from generator.run import run_period
from generator.workspace import Workspace

PERIOD = "2018-05"
LIMITS = Limits(max_uncompressed_bytes=2**20, max_rows=200)  # the same as taizhang.toml below
ARRIVAL = datetime(2018, 6, 1, 9, 0).timestamp()
DUP = ("duplicate-submission", "", "")

FGJ, GT, NB = "区发展改革规划局", "区国土建设环保局", "区农村工作办公室"
T5 = "推进高耗能企业重点污染行业开展节水技术改造项目建设。"  # 区发展改革规划局's only task
T2, T3 = "加快城区雨污分流排水管网改造建设", "开展集中式饮用水源地保护区综合整治"  # 区国土建设环保局's, abridged
T9 = "出台“水资源管理相关工作占政绩考核”文件"  # 管委会办公室's
DONE = {"进展情况": "已验收", "完成状态": "已完成", "完成百分比": 100}
LINK = '=HYPERLINK("http://fgj.example/5","见附件")'  # typed as text by a unit
FINAL_PROGRESS = "+3家企业节水改造已验收"  # what counts for 区发展改革规划局: the annex must keep it as text


def fgj(progress="已完成3家企业节水改造", status="已完成", percent=100, title=TITLE, deadline="2018年3月底前"):
    """区发展改革规划局's sheet as a unit makes it: a title, our header (row 2), the row of task 5 (row 3)."""
    return [title, HEAD, [5, T5, deadline, progress, status, percent]]


def gt(tasks: list[list] | None = None, **layout) -> dict:
    """区国土建设环保局's two sheets: tasks 2 and 3 (rows 3, 4, with 填报人), indicators 2, 5, 7, 14 in every form."""
    if tasks is None:
        tasks = [
            [2, T2, "2018年4月底前报送所有资料", "已改造管网12公里", "正在推进", 60, "李四"],
            [3, T3, "2018年4月底前", "水源地整治已招标", "正在推进", 40, "李四"],
        ]
    indicators = [
        ["类别", "序号", "指标", "量纲", "目标值", "指标当前值", "进展情况"],
        ["合理的水资源利用体系建设", 2, "再生水回用率", "%", 30, 32, ""],
        ["合理的水资源利用体系建设", 5, "城镇生活节水器具普及率", "%", 85, "86%", ""],
        ["清洁的水环境体系建设", 7, "城市污水集中处理率", "%", 90, 0.91, ""],  # how Excel stores 91%
        ["完善的水安全体系建设", 14, "城市排水防涝标准达标程度", "%", 85, "八十", ""],
    ]
    return {"sheets": {TASKS: [TITLE, [*HEAD, "填报人"], *tasks], INDICATORS: indicators}, **layout}


def going(percent, progress="按计划推进") -> dict:
    return {"进展情况": progress, "完成状态": "正在推进", "完成百分比": percent}


# 区农办 fills our blank ledger: tasks 1, 4, 6, 7, 8 on rows 4–8 (E 完成时限, F 进展情况, G 完成状态, H 完成百分比);
# indicators 1, 3, 4, 6, 8, 9, 10, 11, 12, 13, 15, 16, 18, 19 on rows 4–17 (H 指标当前值).
NB_INDICATORS = (1, 3, 4, 6, 8, 9, 10, 11, 12, 13, 15, 16, 18, 19)
NB_VALUES = {no: {"指标当前值": 50} for no in NB_INDICATORS}


def clear_titles(book) -> None:
    """Leave nothing but the hidden sheet to tell whose ledger this is."""
    book[TASKS]["A1"], book[TASKS]["A2"] = None, None


def duplicate_task_7(book) -> None:
    sheet = book[TASKS]
    for column in range(1, sheet.max_column + 1):
        sheet.cell(9, column).value = sheet.cell(7, column).value


@dataclass(frozen=True)
class Case:
    name: str
    build: object  # Kit → bytes
    problems: list[tuple[str, str, str]]
    reads: dict = field(default_factory=dict)  # {"unit": …, "tasks": {no: {attr: …}}, "indicators": {…}}


CASES = [
    # ── the same unit sends twice: the draft first, the final version (last row of this table) counts ─────────────
    Case("区发展改革规划局-草稿.xlsx", lambda k: k.xlsx({TASKS: fgj("已完成2家", "正在推进", 50)}), [DUP]),
    # ── formats ───────────────────────────────────────────────────────────────────────────────────────────────────
    Case("区发展改革规划局.xlsm", lambda k: k.macro_enabled(k.xlsx({TASKS: fgj()})), [DUP]),
    Case(
        "区发展改革规划局.xls",
        lambda k: k.convert(k.xlsx({TASKS: fgj(percent="85%", status="正在推进")}), ".xls"),
        [DUP],
        {"unit": FGJ, "tasks": {5: {"status": "正在推进", "percent": 85.0}}},
    ),
    Case(
        "区发展改革规划局.ods",
        lambda k: k.convert(k.xlsx({TASKS: fgj(percent=90)}), ".ods"),
        [("status-contradiction", TASKS, "F3"), DUP],  # 已完成 at 90
        {"unit": FGJ, "tasks": {5: {"status": "已完成", "percent": 90.0}}},
    ),
    Case(
        "区发展改革规划局-UTF8.csv",
        lambda k: k.csv(
            [
                [*HEAD, "填报人", "联系电话"],
                [5, T5, "2018年3月底前", "已完成", "已完成", 100, "@张三", "+86 139 0000 0000"],
            ],
            "utf-8",
        ),
        [DUP],
        {"tasks": {5: {"status": "已完成", "reporter": "@张三", "phone": "+86 139 0000 0000"}}},
    ),
    Case(
        "区发展改革规划局-BOM.csv",
        lambda k: k.csv([HEAD, [5, T5, "2018年3月底前", "推进中", "推进中", "85%"]], "utf-8-sig"),
        [DUP],
        {"tasks": {5: {"status": "正在推进", "percent": 85.0}}},
    ),
    Case(
        "区发展改革规划局-GBK.csv",
        lambda k: k.csv([HEAD, [5, T5, "2018年3月底前", "按序时推进", "按序时推进", "百分之八十"]], "gbk"),
        [DUP],
        {"tasks": {5: {"status": "正在推进", "percent": 80.0, "progress": "按序时推进"}}},
    ),
    Case(
        "区农办.et", lambda k: k.convert(k.xlsx({TASKS: fgj()}), ".xls"), [("file-unsupported", "", "")], {"unit": NB}
    ),
    Case("区农办-加密.xlsx", lambda k: k.encrypted(), [("file-encrypted", "", "")], {"unit": NB}),
    Case("区农办-损坏.xlsx", lambda k: k.truncated(k.xlsx({TASKS: fgj()})), [("file-unreadable", "", "")]),
    Case("区农办-空.xlsx", lambda k: b"", [("file-empty", "", "")]),
    Case("区发展改革规划局-空表.xlsx", lambda k: k.xlsx({"Sheet1": []}), [("header-missing", "Sheet1", "")]),
    # ── where the header is and what it is called ─────────────────────────────────────────────────────────────────
    Case(
        "区发展改革规划局-标题下移.xlsx",  # 3 blank rows, title, a note naming columns, blank row; column A left empty
        lambda k: k.xlsx(
            {
                TASKS: [
                    [],
                    [],
                    [],
                    ["", *TITLE],
                    ["", "填报说明：请如实填写进展情况、完成状态、完成百分比"],
                    [],
                    *[["", *row] for row in fgj(percent=90)[1:]],
                ]
            }
        ),
        [("status-contradiction", TASKS, "G8"), DUP],  # header on row 7, the table from column B: 已完成 at 90
        {"tasks": {5: {"status": "已完成", "percent": 90.0}}},
    ),
    Case(
        "区发展改革规划局-两行表头.xlsx",  # 完成情况 merged over 进展情况 | 完成状态 | 完成百分比
        lambda k: k.xlsx(
            {
                TASKS: [
                    TITLE,
                    ["序号", "重点工作任务", "完成时限", "完成情况"],
                    ["", "", "", "进展情况", "完成状态", "完成百分比"],
                    [5, T5, "2018年3月底前", "已完成3家企业节水改造", "已完成", 100],
                ]
            },
            merges={TASKS: ["A2:A3", "B2:B3", "C2:C3", "D2:F2"]},
        ),
        [DUP],
        {"tasks": {5: {"status": "已完成", "percent": 100.0, "progress": "已完成3家企业节水改造"}}},
    ),
    Case(
        "区发展改革规划局-改列名.xlsx",
        lambda k: k.xlsx(
            {
                TASKS: [
                    TITLE,
                    ["序 号", "工作任务", "完成时间", "工作进展", "状态", "进度", "责任部门"],
                    [5, T5, "2018年3月底前", "改造已验收", "完成", "100%", "区发改委"],
                ]
            }
        ),
        [DUP],
        {"tasks": {5: {"status": "已完成", "percent": 100.0, "progress": "改造已验收"}}},
    ),
    Case(
        "区发展改革规划局-插列.xlsx",  # columns reordered, 备注 / 牵头领导 / 自评等次 inserted, 完成百份比 misspelt
        lambda k: k.xlsx(
            {
                TASKS: [
                    TITLE,
                    [
                        "完成百份比",
                        "备注",
                        "序号",
                        "完成状态",
                        "牵头领导",
                        "重点工作任务",
                        "进展情况",
                        "完成时限",
                        "自评等次",
                    ],
                    [0.85, "无", 5, "正在推进", "王五", T5, "设备已进场", "2018年3月底前", "良好"],
                ]
            }
        ),
        [DUP],
        {"tasks": {5: {"status": "正在推进", "percent": 85.0, "progress": "设备已进场"}}},
    ),
    Case(
        "区发展改革规划局-公式有值.xlsx",  # =50+50 saved with its result 100, as Excel does
        lambda k: k.xlsx({TASKS: fgj(percent=Formula("=50+50", cached=100))}),
        [DUP],
        {"tasks": {5: {"percent": 100.0}}},
    ),
    Case(
        "区发展改革规划局-公式无值.xlsx",  # =40+45 saved without a result, as openpyxl and some tools do
        lambda k: k.xlsx({TASKS: fgj(status="正在推进", percent=Formula("=40+45"))}),
        [("formula-no-value", TASKS, "F3"), DUP],
        {"tasks": {5: {"percent": None}}},
    ),
    # ── whose file is it ──────────────────────────────────────────────────────────────────────────────────────────
    Case(
        "报表.xlsx",  # our ledger, title rows cleared: only the hidden sheet names the unit
        lambda k: k.ledger(FGJ, {5: DONE}, edit=clear_titles),
        [DUP],
        {"unit": FGJ, "tasks": {5: {"status": "已完成"}}},
    ),
    Case(
        "报表.xls",  # the same saved as .xls, WPS's default: the hidden sheet still names the unit
        lambda k: k.convert(k.ledger(FGJ, {5: DONE}, edit=clear_titles), ".xls"),
        [DUP],
        {"unit": FGJ, "tasks": {5: {"status": "已完成"}}},
    ),
    Case(
        "5月份台账.xlsx",  # the title row names the unit
        lambda k: k.xlsx({TASKS: fgj(title=["区发展改革规划局2018年5月重点工作任务台账"])}),
        [DUP],
        {"unit": FGJ},
    ),
    Case(
        "台账（5月）.xlsx",  # the title naming the unit, moved down below three blank rows
        lambda k: k.xlsx({TASKS: [[], [], [], *fgj(title=["区发展改革规划局2018年5月重点工作任务台账"])]}),
        [DUP],
        {"unit": FGJ},
    ),
    Case(
        "某某街道办事处.xlsx",
        lambda k: k.xlsx({TASKS: fgj()}),
        [("unit-unknown", "", "")],
        {"unit": None},
    ),
    # ── rows ──────────────────────────────────────────────────────────────────────────────────────────────────────
    Case(
        "区发展改革规划局-非本单位.xlsx",  # also reports 管委会办公室's task 9
        lambda k: k.xlsx({TASKS: [*fgj(), [9, T9, "2018年4月底前", "已出台", "已完成", 100]]}),
        [("row-not-owned", TASKS, "A4"), DUP],
        {"tasks": {5: {"status": "已完成"}, 9: None}},
    ),
    Case(
        "区发展改革规划局-公式文本.xlsx",  # text that looks like a formula stays text
        lambda k: k.xlsx(
            {
                TASKS: [
                    TITLE,
                    [*HEAD, "存在问题", "填报人"],
                    [5, T5, "2018年3月底前", LINK, "已完成", 100, "-无-", "@李四"],
                ]
            }
        ),
        [DUP],
        {"tasks": {5: {"progress": LINK, "issues": "-无-"}}},
    ),
    # ── safety limits: Limits(max_rows=200, max_uncompressed_bytes=1 MiB) ─────────────────────────────────────────
    Case(
        "区发展改革规划局-超长.xlsx",
        lambda k: k.xlsx({TASKS: [*fgj(), *[["", "", "", "", "", "", "备用"]] * 250]}),
        [("file-too-large", "", "")],
    ),
    Case("区发展改革规划局-超大.xlsx", lambda k: k.padded(k.xlsx({TASKS: fgj()}), 3), [("file-too-large", "", "")]),
    Case(
        "区发展改革规划局-日期格式.xlsx",  # 完成时限 retyped as a date cell: 2018-05-31 (plan: 2018年3月底前)
        lambda k: k.xlsx({TASKS: fgj(deadline=datetime(2018, 5, 31))}),
        [("plan-changed", TASKS, "C3"), DUP],
    ),
    # ── 区农办: values in every form, and every kind of wrong cell ────────────────────────────────────────────────
    Case(
        "区农办-百分比.xlsx",
        lambda k: k.ledger(
            "区农办", {1: going("85%"), 4: going(0.85), 6: going(85), 7: going("８５％"), 8: going("八十五")}, NB_VALUES
        ),
        [DUP],
        {"unit": NB, "tasks": {no: {"percent": 85.0} for no in (1, 4, 6, 7, 8)}},
    ),
    Case(
        "区农办-日期.xlsx",  # 完成时限 retyped: equal to the plan's (1, 6) or not (4, 7, 8)
        lambda k: k.ledger(
            "区农办",
            {
                1: {**going("百分之八十"), "完成时限": 43220},  # Excel serial of 2018-04-30, the plan's deadline
                4: {**going(50), "完成时限": "2018.5.31"},  # plan: 2018年3月底前
                6: {**going(50), "完成时限": "2018/3/31"},  # plan: 2018年3月底前报送
                7: {**going(50), "完成时限": "2018年5月31日"},  # plan: 2018年4月10号之前报送
                8: {**going(50), "完成时限": "5月底"},  # plan: 2018年3月底前
            },
            NB_VALUES,
        ),
        [("plan-changed", TASKS, "E5"), ("plan-changed", TASKS, "E7"), ("plan-changed", TASKS, "E8"), DUP],
        {"tasks": {1: {"percent": 80.0}}},
    ),
    Case(
        "区农办-矛盾.xlsx",
        lambda k: k.ledger(
            "区农办",
            {
                1: {"进展情况": "完成80%", "完成状态": "已完成", "完成百分比": 80},  # 已完成 below 100
                4: {"进展情况": "尚未开展", "完成状态": "未启动", "完成百分比": 0},  # 未启动 past 2018-03-31
                6: {"完成状态": "已完成", "完成百分比": 100},  # 已完成 with no 进展情况
                7: {"进展情况": "绿化进行中", "完成状态": "差不多", "完成百分比": 50},  # no such status
            },  # task 8 left empty
            NB_VALUES,
        ),
        [
            ("required-missing", TASKS, "G8"),
            ("status-contradiction", TASKS, "F6"),
            ("status-contradiction", TASKS, "G5"),
            ("status-contradiction", TASKS, "H4"),
            ("status-invalid", TASKS, "G7"),
            DUP,
        ],
        {"tasks": {4: {"status": "未启动"}, 7: {"status": ""}}},
    ),
    Case(
        "区农办-必填.xlsx",
        lambda k: k.ledger(
            "区农办",
            {
                1: {"完成状态": "正在推进", "完成百分比": 30},  # no 进展情况
                4: going(120),
                6: going("很多"),
                7: going(60),  # and copied again onto row 9
                8: {"进展情况": "资金未到位", "完成状态": "滞后", "完成百分比": 20},
            },
            {**NB_VALUES, 6: {"指标当前值": 120}, 8: {"指标当前值": "八成"}, 19: {}},  # 6: % > 100; 19: empty
            edit=duplicate_task_7,
        ),
        [
            ("percent-invalid", TASKS, "H6"),
            ("percent-out-of-range", TASKS, "H5"),
            ("required-missing", TASKS, "F4"),
            ("row-duplicate", TASKS, "A9"),
            ("value-missing", INDICATORS, "H17"),
            ("value-out-of-range", INDICATORS, "H7"),
            DUP,
        ],
        {"indicators": {8: {"value": 80.0}, 6: {"value": None}}},
    ),
    Case(
        "区农办-状态.xlsx",  # the status words units type, with full-width and stray spaces; counts for 区农办
        lambda k: k.ledger(
            "区农办",
            {
                1: {"进展情况": "已完工", "完成状态": "完成", "完成百分比": 100},
                4: {"进展情况": "成果已收集", "完成状态": "基本完成"},
                6: {"进展情况": "系统调试中", "完成状态": " 推进 中 ", "完成百分比": "７０"},
                7: {"进展情况": "绿化进行中", "完成状态": "按序时推进", "完成百分比": 60},
                8: {"进展情况": "资金未到位", "完成状态": "滞后", "完成百分比": 30},
            },
            NB_VALUES,
        ),
        [],
        {
            "tasks": {
                1: {"status": "已完成"},
                4: {"status": "已完成", "percent": 100.0},
                6: {"status": "正在推进", "percent": 70.0},
                7: {"status": "正在推进"},
                8: {"status": "滞后"},
            }
        },
    ),
    # ── 区国土建设环保局: merged and hidden rows, a missing row, numbers that lie ─────────────────────────────────
    Case(
        "区国土建设环保局-合并单元格.xlsx",  # 完成状态 and 填报人 merged over both rows; 序号 full-width
        lambda k: k.xlsx(
            **gt(
                [
                    ["２", T2, "2018年4月底前报送所有资料", "已改造管网12公里", "正在推进", 60, "李四"],
                    [3, T3, "2018年4月底前", "水源地整治已招标", "", 40, ""],
                ],
                merges={TASKS: ["E3:E4", "G3:G4"]},
            )
        ),
        [DUP],
        {"tasks": {3: {"status": "正在推进", "reporter": "李四"}}},
    ),
    Case(
        "区国土建设环保局-隐藏行.xlsx",  # task 3's row hidden, and a sheet of notes added
        lambda k: k.xlsx({**gt()["sheets"], "填表说明": [["本表由办公室统一填报"]]}, hidden_rows={TASKS: [4]}),
        [DUP],
        {"tasks": {3: {"percent": 40.0}}, "indicators": {5: {"value": 86.0}, 7: {"value": 91.0}, 14: {"value": 80.0}}},
    ),
    Case(
        "区国土建设环保局-缺任务.xlsx",
        lambda k: k.xlsx(**gt([[2, T2, "2018年4月底前报送所有资料", "已改造管网12公里", "正在推进", 60, "李四"]])),
        [("task-missing", TASKS, ""), DUP],
        {"tasks": {3: None}},
    ),
    Case(
        "区国土建设环保局-序号错.xlsx",  # 序号 blank on task 2's row, 9 on task 3's: matched by text
        lambda k: k.xlsx(
            **gt(
                [
                    ["", T2, "2018年4月底前报送所有资料", "已改造管网12公里", "正在推进", 60, "李四"],
                    [9, T3, "2018年4月底前", "水源地整治已招标", "正在推进", 40, "李四"],
                ]
            )
        ),
        [("row-number-mismatch", TASKS, "A4"), DUP],
        {"tasks": {2: {"percent": 60.0}, 3: {"percent": 40.0}}},
    ),
    Case("区国土建设环宝局5月台账.xlsx", lambda k: k.xlsx(**gt()), [], {"unit": GT}),  # a typo in the unit's name
    # ── the newest file of 区发展改革规划局: it counts, though its name sorts before the draft's ──────────────────
    Case(
        "区发展改革规划局-最终版.xlsx",
        lambda k: k.xlsx({TASKS: fgj(progress=FINAL_PROGRESS)}),
        [],
        {"unit": FGJ, "tasks": {5: {"progress": FINAL_PROGRESS}}},
    ),
]

IGNORED = {  # lock and system files: silently skipped
    "~$区发展改革规划局-最终版.xlsx": b"\x0c\xe5\x8c\xba lock",
    ".~lock.区发展改革规划局-最终版.xlsx#": "张三,DESKTOP-1,zhangsan,01.06.2018 09:00,file:///C:/Users;".encode(),
    "._区发展改革规划局-最终版.xlsx": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ",
    "Thumbs.db": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    ".hidden.xlsx": None,  # a real workbook, but hidden
}
WINNERS = {FGJ: "区发展改革规划局-最终版.xlsx", NB: "区农办-状态.xlsx", GT: "区国土建设环宝局5月台账.xlsx"}


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, plan):
    """A workspace holding the plan and the corpus in inputs/2018-05/, files arriving one minute apart."""
    root = tmp_path_factory.mktemp("corpus")
    folder = root / "inputs" / PERIOD
    folder.mkdir(parents=True)
    shutil.copyfile(EXAMPLE_INPUTS / "plan.xlsx", root / "inputs" / "plan.xlsx")
    (root / "taizhang.toml").write_text("[limits]\nmax_file_mb = 1\nmax_rows = 200\n", "utf-8")
    kit = Kit(plan, root / "build")
    for minute, case in enumerate(CASES):
        path = folder / case.name
        path.write_bytes(case.build(kit))
        os.utime(path, (ARRIVAL + 60 * minute, ARRIVAL + 60 * minute))
    for name, data in IGNORED.items():
        (folder / name).write_bytes(kit.xlsx({TASKS: [["x"]]}) if data is None else data)
    return Workspace(root)


@pytest.fixture(scope="module")
def intake(workspace, plan):
    """The corpus read and checked once; (intake, digest of inputs/ before, after)."""
    before = tree_digest(workspace.inputs)
    result = ingest(workspace.period_inputs(PERIOD), plan, PERIOD, LIMITS)
    return result, before, tree_digest(workspace.inputs)


@pytest.fixture(scope="module")
def run(workspace, intake):
    """The whole month run on the same workspace (after `intake`); (result, digest of inputs/ after)."""
    result = run_period(workspace, PERIOD, date(2018, 6, 5))
    return result, tree_digest(workspace.inputs)


def _codes(intake, file_name):
    return sorted((p.code, p.sheet, p.cell) for p in intake.problems if p.file == file_name)


def _checked(intake, file_name):
    return next(c for c in intake.checked if c.submission.file_name == file_name)


def _read_back(checked, reads: dict) -> dict:
    """The part of what was read that `reads` asks about, in the same shape."""
    out: dict = {}
    if "unit" in reads:
        out["unit"] = checked.unit
    for kind, found in (("tasks", checked.tasks), ("indicators", checked.indicators)):
        if kind in reads:
            out[kind] = {
                no: None if no not in found or wanted is None else {a: getattr(found[no], a) for a in wanted}
                for no, wanted in reads[kind].items()
            }
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_file_gets_exactly_its_problems(intake, case):
    assert _codes(intake[0], case.name) == sorted(case.problems)


@pytest.mark.parametrize("case", [c for c in CASES if c.reads], ids=[c.name for c in CASES if c.reads])
def test_each_file_is_read_as_meant(intake, case):
    assert _read_back(_checked(intake[0], case.name), case.reads) == case.reads


def test_the_batch_completes_in_name_order_skipping_lock_and_system_files(intake):
    checked = [c.submission.file_name for c in intake[0].checked]
    assert checked == sorted(c.name for c in CASES)
    assert not set(IGNORED) & set(checked)
    assert not [p for p in intake[0].problems if any(name in p.file + p.message for name in IGNORED)]  # silently


def test_inputs_are_byte_identical_after_reading(intake):
    _, before, after = intake
    assert after == before
    assert len(before) == 1 + len(CASES) + len(IGNORED)  # plan.xlsx, the corpus, the lock and system files


def test_the_newest_file_of_each_unit_counts_and_the_older_ones_say_which(intake):
    result = intake[0]
    assert {unit: c.submission.file_name for unit, c in result.accepted.items()} == WINNERS
    duplicates = [p for p in result.problems if p.code == "duplicate-submission"]
    assert duplicates and all(WINNERS[p.unit] in p.message for p in duplicates)
    assert all(p.severity == WARNING for p in duplicates)


def test_units_that_did_not_report_are_named(intake):
    result = intake[0]
    assert result.missing_units == ["管委会办公室"]
    missing = [p for p in result.problems if p.code == "unit-not-reported"]
    assert [(p.unit, p.file, p.severity) for p in missing] == [("管委会办公室", "", ERROR)]
    assert "管委会办公室" in missing[0].message


def test_an_unknown_unit_is_an_error_naming_the_closest_known_ones(intake, plan):
    (problem,) = [p for p in intake[0].problems if p.file == "某某街道办事处.xlsx"]
    assert problem.code == "unit-unknown" and problem.severity == ERROR
    closest = problem.message.split("最接近的单位：")[1].rstrip("。").split("、")
    assert closest and set(closest) <= {u.name for u in plan.units}


def test_files_we_cannot_read_ask_for_an_xlsx(intake):
    for name in ("区农办.et", "区农办-加密.xlsx", "区农办-损坏.xlsx"):
        (problem,) = [p for p in intake[0].problems if p.file == name]
        assert problem.severity == ERROR
        assert ".xlsx" in problem.message + problem.advice, name


def test_severities_are_as_the_issue_says(intake):
    expected = {
        "row-not-owned": WARNING,
        "task-missing": ERROR,
        "unit-unknown": ERROR,
        "formula-no-value": WARNING,
        "duplicate-submission": WARNING,
        "required-missing": ERROR,
        "file-too-large": ERROR,
    }
    assert {p.code: p.severity for p in intake[0].problems if p.code in expected} == expected


def test_every_problem_is_complete(intake):
    for p in intake[0].problems:
        assert p.severity in (ERROR, WARNING) and p.message and p.advice, p
        assert p.file or p.code == "unit-not-reported", p
        assert bool(p.cell) <= bool(p.sheet), p


def test_the_month_runs_and_writes_a_receipt_per_file(run, intake, workspace):
    result, after = run
    assert after == intake[1]  # inputs/ untouched by the whole run too
    assert result.files == len(CASES)
    assert result.outputs and all(p.exists() for p in result.outputs)
    assert len(result.receipts) == len(CASES)
    assert len(set(result.receipts)) == len(CASES), "two files share one receipt"
    assert all(p.exists() and p.parent == workspace.period_outputs(PERIOD) / "回执" for p in result.receipts)


def test_every_file_is_archived_the_draft_as_well_as_the_final_version(run, workspace):
    for case in CASES:
        digest = hashlib.sha256((workspace.period_inputs(PERIOD) / case.name).read_bytes()).hexdigest()
        assert list(workspace.archive.glob(f"*/{digest}.*")), case.name


def _receipt(run, intake, file_name) -> Path:
    names = [c.submission.file_name for c in intake[0].checked]
    return run[0].receipts[names.index(file_name)]


@pytest.mark.parametrize(
    "file_name, marked, unmarked",
    [
        (  # the unit's own .xlsx, copied
            "区农办-矛盾.xlsx",
            {"H4": "完成百分比", "G5": "未启动", "F6": "进展情况", "G7": "差不多", "G8": "未填写"},
            "F5",
        ),
        ("区发展改革规划局.ods", {"F3": "完成百分比"}, "E3"),  # rebuilt from the values read
    ],
)
def test_a_receipt_starts_with_its_summary_and_marks_the_problem_cells(run, intake, file_name, marked, unmarked):
    book = openpyxl.load_workbook(_receipt(run, intake, file_name))
    assert book.sheetnames[0] == SUMMARY_SHEET
    for a1, words in marked.items():
        cell = book[TASKS][a1]
        assert cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb not in (None, "00000000"), a1
        assert cell.comment is not None and words in cell.comment.text, a1
    assert book[TASKS][unmarked].comment is None  # a cell without a problem is left alone


def test_every_receipt_starts_with_its_summary(run, intake):
    for case in CASES:
        assert openpyxl.load_workbook(_receipt(run, intake, case.name)).sheetnames[0] == SUMMARY_SHEET, case.name


def _summary_text(path: Path) -> str:
    sheet = openpyxl.load_workbook(path)[SUMMARY_SHEET]
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


def test_a_receipt_says_what_was_accepted_and_which_file_counts(run, intake):
    accepted = _summary_text(_receipt(run, intake, "区农办-状态.xlsx"))
    assert "已采用" in accepted and "重点任务 5/5 项，量化指标 14/14 项" in accepted
    draft = _summary_text(_receipt(run, intake, "区发展改革规划局-草稿.xlsx"))
    assert "未采用" in draft and "区发展改革规划局-最终版.xlsx" in draft
    broken = _summary_text(_receipt(run, intake, "区农办-加密.xlsx"))
    assert "未采用" in broken and ".xlsx" in broken


def test_unit_text_that_looks_like_a_formula_stays_text_in_the_annex(run, workspace):
    (annex,) = workspace.period_outputs(PERIOD).glob("附件1_*.xlsx")
    book = openpyxl.load_workbook(annex)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value == FINAL_PROGRESS]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize(
    "file_name, sheet, cells",
    [
        ("区发展改革规划局-公式文本.xlsx", TASKS, ("D3", "G3", "H3")),  # the unit's own copy, kept
        ("区发展改革规划局-UTF8.csv", "Sheet1", ("G2", "H2")),  # rebuilt from the values read
    ],
)
def test_unit_text_that_looks_like_a_formula_stays_text_in_the_receipt(
    run, intake, plan, tmp_path, file_name, sheet, cells
):
    checked = next(c for c in intake[0].checked if c.submission.file_name == file_name)
    assert not [p for p in checked.submission.problems if p.cell]  # its own receipt is the summary only …
    assert openpyxl.load_workbook(_receipt(run, intake, file_name)).sheetnames == [SUMMARY_SHEET]
    book = openpyxl.load_workbook(marked_receipt(checked, plan, tmp_path, sheet))  # … one with a copy:
    assert book.sheetnames[:2] == [SUMMARY_SHEET, sheet]
    for a1 in cells:
        cell = book[sheet][a1]
        assert cell.data_type == "s" and str(cell.value)[0] in "=+-@", (a1, cell.value)
