"""The plan workbook of the example holds the seed's 附件一 and 附件二 exactly."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from generator.errors import PlanError
from generator.ledger.files import Limits
from generator.plan import read_plan, sheets, write_plan
from generator.plan.deadline import parse_deadline
from generator.plan.units import UnitDirectory
from generator.workspace import init_workspace

ROOT = Path(__file__).resolve().parents[1]
SEED = Path(__file__).with_name("seeds") / "jiaozuo-2018-water-ecology-plan.txt"


def test_example_plan_has_the_seed_tasks(plan):
    assert [t.no for t in plan.tasks] == list(range(1, 10))
    assert [plan.unit(t.unit).short_name for t in plan.tasks] == [
        "区农办",
        "区国土建设环保局",
        "区国土建设环保局",
        "区农办",
        "区发展改革规划局",
        "区农办",
        "区农办",
        "区农办",
        "管委会办公室",
    ]
    assert plan.tasks[6].deadline_text == "2018年4月10号之前报送"
    assert plan.tasks[6].deadline == date(2018, 4, 10)
    assert plan.tasks[0].task == "1、 大沙河生态治理工程（示范工程）；\n2、自备井封闭项目。"


def test_example_plan_has_the_seed_indicators(plan):
    assert len(plan.indicators) == 19
    by_no = {i.no: i for i in plan.indicators}
    assert (by_no[3].name, by_no[3].dimension, by_no[3].target) == ("农业灌溉水有效利用系数", "率", 0.65)
    assert by_no[1].target is None and by_no[1].target_text == "按市规定值"
    assert by_no[11].direction == "≤"
    assert [i.category for i in plan.indicators].count("健康的水生态体系建设") == 4


def test_every_seed_table_cell_is_in_the_plan(plan):
    text = SEED.read_text("utf-8")
    for task in plan.tasks:
        for line in (task.task + "\n" + task.requirement).splitlines():
            assert line.strip() in text
    for indicator in plan.indicators:
        assert indicator.basis in text and indicator.name in text


def test_aliases_resolve_to_the_canonical_unit(plan):
    units = UnitDirectory(plan.units)
    assert units.resolve("区农办") == "区农村工作办公室"
    assert units.resolve(" 区农村工作办公室 ") == "区农村工作办公室"
    assert units.find_in("区农办2018年5月工作台账") == "区农村工作办公室"
    assert units.resolve("区水利局") is None


@pytest.mark.parametrize("count", [3, 40, 1500])
def test_a_unit_is_found_in_a_text_as_by_looking_for_every_name_longest_first(count):
    """Small directories look for each name in the text, large ones look up the text's pieces: both give the
    longest name in the text and, of names as long, the one listed first; aliases inside others, full-width
    brackets and spaces in the text included."""
    import random

    from generator.plan.model import Unit

    rng = random.Random(count)
    syllables = "区县市农水利环保局办委镇街道发改规划财政国土建设城管卫健"
    units = []
    for n in range(count):
        name = "".join(rng.choice(syllables) for _ in range(rng.randint(4, 9))) + str(n)
        aliases = tuple({name[: rng.randint(2, 5)], name[-rng.randint(2, 4) :]} - {name})
        units.append(Unit(name, aliases))
    directory = UnitDirectory(units)
    names = [(key, unit.name) for unit in units for key in (unit.name, *unit.aliases)]
    by_key: dict[str, str] = {}
    for key, unit_name in names:  # the later of two units with one alias has it, as in the directory
        by_key[key] = unit_name
    ordered = sorted(by_key, key=len, reverse=True)

    def reference(text: str) -> str | None:
        text = text.replace(" ", "").replace("\u3000", "")
        return next((by_key[key] for key in ordered if key in text), None)

    texts = []
    for _ in range(400):
        parts = [rng.choice(names)[0] for _ in range(rng.randint(0, 3))]
        texts.append("".join(rng.choice(["", "2024年5月", "台账", " ", "（修改）"]) + p for p in parts) + "工作台账")
    texts += ["", "台账", "x" * 500 + units[-1].name, units[0].name.replace(units[0].name[:1], " " + units[0].name[:1])]
    for text in texts:
        assert directory.find_in(text) == reference(text), text
    assert sum(reference(t) is not None for t in texts) > 300  # the texts do name units


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2018年4月底前", date(2018, 4, 30)),
        ("2018年4月10号之前报送", date(2018, 4, 10)),
        ("2018年2月底前", date(2018, 2, 28)),
        ("年底前", date(2018, 12, 31)),
        ("5月中旬", date(2018, 5, 20)),
        ("2018年5月31日", date(2018, 5, 31)),
        ("长期坚持", None),
    ],
)
def test_deadline_wording(text, expected):
    assert parse_deadline(text, 2018) == expected


def test_missing_plan_is_a_clear_error(tmp_path):
    with pytest.raises(PlanError, match="找不到方案文件"):
        read_plan(tmp_path / "plan.xlsx")


def test_new_workspace_plan_has_every_sheet_and_reads_back_as_incomplete(tmp_path):
    ws = init_workspace(tmp_path / "新工作区")
    assert ws.outputs.is_dir()
    with pytest.raises(PlanError, match="方案名称"):
        read_plan(ws.plan_path)


def _rows_with_openpyxl(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """How plan.xlsx was read before python-calamine (openpyxl, read-only, stored formula results): kept here only,
    to show both readings give the same Plan."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    finally:
        book.close()


SHIPPED_PLANS = sorted([ROOT / "inputs" / "plan.xlsx", *ROOT.glob("examples/*/inputs/plan.xlsx")])


@pytest.mark.parametrize("path", SHIPPED_PLANS, ids=lambda p: p.parent.parent.name)
def test_every_shipped_plan_reads_the_same_as_with_openpyxl(path, monkeypatch):
    assert len(SHIPPED_PLANS) >= 3
    fast = read_plan(path)
    monkeypatch.setattr(sheets, "workbook_rows", _rows_with_openpyxl)
    assert read_plan(path) == fast
    assert fast.tasks and fast.units


def test_a_written_plan_reads_the_same_as_with_openpyxl(tmp_path, monkeypatch):
    """Numbers, dates, empty cells, shared tasks and text that looks like a formula, through write_plan."""
    shipped = read_plan(ROOT / "examples" / "pingdingshan-2023" / "inputs" / "plan.xlsx")
    task = dataclasses.replace(shipped.tasks[0], task="=SUM(A1:A2) 看似公式的文字", deadline=date(2023, 12, 31))
    plan = dataclasses.replace(shipped, tasks=[task, *shipped.tasks[1:]])
    path = write_plan(plan, tmp_path / "plan.xlsx")
    fast = read_plan(path)
    assert fast.tasks[0].task == "=SUM(A1:A2) 看似公式的文字" and fast.tasks[0].deadline == date(2023, 12, 31)
    monkeypatch.setattr(sheets, "workbook_rows", _rows_with_openpyxl)
    assert read_plan(path) == fast


def test_an_unreadable_or_oversized_plan_is_a_plan_error(tmp_path, monkeypatch):
    broken = tmp_path / "plan.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(PlanError, match=r"无法打开方案文件 plan\.xlsx"):
        read_plan(broken)
    monkeypatch.setattr(sheets, "PLAN_LIMITS", Limits(max_rows=5))
    with pytest.raises(PlanError, match=r"无法打开方案文件 plan\.xlsx：.*超过上限 5 行"):
        read_plan(ROOT / "inputs" / "plan.xlsx")
