"""Reading and checking received files: each problem with its code and cell, and the batch always completes."""

from __future__ import annotations

import json
import os

import pytest
from conftest import fill_ledger, tree_digest

from generator.checks import CATALOGUE, Problem
from generator.intake import ingest
from generator.ledger.normalise import normalise_percent, normalise_status, parse_number

DONE = {"进展情况": "已完成", "完成状态": "已完成", "完成百分比": 100}


def _codes(intake, file_name):
    return sorted((p.code, p.sheet, p.cell) for p in intake.problems if p.file == file_name)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("85%", 85.0),
        ("８５％", 85.0),
        (85, 85.0),
        (0.85, 85.0),
        ("85", 85.0),
        (" 100 ", 100.0),
        ("", ""),
        ("很多", None),
    ],
)
def test_percent_forms(typed, expected):
    assert normalise_percent(typed) == expected


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("已完成", "已完成"),
        ("完成", "已完成"),
        ("按序时推进", "正在推进"),
        ("推进 中", "正在推进"),
        ("滞后", "滞后"),
        ("未开始", "未启动"),
        ("", ""),
        ("差不多", None),
    ],
)
def test_status_words(typed, expected):
    assert normalise_status(typed) == expected


def test_indicator_value_typed_as_text_is_read_as_a_number():
    assert parse_number("85%") == (85.0, True)
    assert parse_number("0.66") == (0.66, False)


def test_each_problem_is_reported_at_its_cell(plan, tmp_path):
    folder = tmp_path / "2018-05"
    fill_ledger(
        plan,
        "区国土建设环保局",
        "2018-05",
        folder / "国土.xlsx",
        tasks={
            2: {"进展情况": "完工", "完成状态": "已完成", "完成百分比": 90},
            3: {"进展情况": "推进中", "完成状态": "差不多", "完成百分比": "很多"},
        },
        indicators={2: {"指标当前值": "二十几"}, 5: {"指标当前值": "85%"}, 7: {"指标当前值": 91}},
    )
    intake = ingest(folder, plan, "2018-05")
    codes = _codes(intake, "国土.xlsx")
    assert ("percent-invalid", "重点任务", "H5") in codes
    assert ("status-contradiction", "重点任务", "H4") in codes
    assert ("status-invalid", "重点任务", "G5") in codes
    assert ("value-invalid", "量化指标", "H4") in codes
    assert ("value-missing", "量化指标", "H7") in codes  # indicator 14 left empty
    checked = intake.accepted["区国土建设环保局"]
    assert checked.indicators[5].value == 85.0 and checked.indicators[5].value_text == "85%"
    assert checked.tasks[2].percent == 90.0


def test_bad_files_are_reported_and_the_batch_goes_on(plan, tmp_path):
    folder = tmp_path / "inputs" / "2018-05"
    fill_ledger(plan, "区发展改革规划局", "2018-05", folder / "区发展改革规划局.xlsx", tasks={5: DONE})
    (folder / "区农办.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    (folder / "管委会办公室.docx").write_bytes(b"not a ledger")
    (folder / "~$区发展改革规划局.xlsx").write_bytes(b"lock")
    (folder / ".~lock.区农办.xlsx#").write_bytes(b"lock")
    (folder / "Thumbs.db").write_bytes(b"x")
    before = tree_digest(folder)
    intake = ingest(folder, plan, "2018-05")
    assert tree_digest(folder) == before
    assert [c.submission.file_name for c in intake.checked] == [
        "区农办.xlsx",
        "区发展改革规划局.xlsx",
        "管委会办公室.docx",
    ]
    assert _codes(intake, "区农办.xlsx") == [("file-unreadable", "", "")]
    assert intake.checked[0].unit == "区农村工作办公室"  # named from the file, though not usable
    assert _codes(intake, "管委会办公室.docx") == [("file-unsupported", "", "")]
    assert _codes(intake, "区发展改革规划局.xlsx") == []
    assert list(intake.accepted) == ["区发展改革规划局"]
    assert set(intake.missing_units) == {"区国土建设环保局", "区农村工作办公室", "管委会办公室"}
    unreadable = next(p for p in intake.problems if p.unit == "区农村工作办公室" and p.code == "unit-not-reported")
    assert "区农办.xlsx" in unreadable.message  # the clerk learns the unit did send something


def test_a_wrong_number_is_matched_by_text_and_a_missing_row_is_an_error(plan, tmp_path):
    folder = tmp_path / "2018-05"
    path = fill_ledger(
        plan,
        "管委会办公室",
        "2018-05",
        folder / "管委会办公室.xlsx",
        tasks={9: {"进展情况": "已出台", "完成状态": "已完成"}},
    )
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["重点任务"].protection.sheet = False
    book["重点任务"]["A4"] = 5  # the unit overwrote its task number with another unit's
    book["量化指标"].delete_rows(4)  # and deleted its only indicator row
    book.save(path)
    intake = ingest(folder, plan, "2018-05")
    assert _codes(intake, "管委会办公室.xlsx") == [
        ("row-number-mismatch", "重点任务", "A4"),
        ("task-missing", "量化指标", ""),
    ]
    assert intake.accepted["管委会办公室"].tasks[9].status == "已完成"


def test_the_newest_of_two_files_from_one_unit_counts(plan, tmp_path):
    folder = tmp_path / "2018-05"
    old = fill_ledger(
        plan,
        "区发展改革规划局",
        "2018-05",
        folder / "发改-初稿.xlsx",
        tasks={5: {"进展情况": "进行中", "完成状态": "正在推进", "完成百分比": 50}},
    )
    new = fill_ledger(plan, "区发展改革规划局", "2018-05", folder / "发改-终稿.xlsx", tasks={5: DONE})
    os.utime(old, (1_600_000_000, 1_600_000_000))
    os.utime(new, (1_700_000_000, 1_700_000_000))
    intake = ingest(folder, plan, "2018-05")
    assert intake.accepted["区发展改革规划局"].submission.file_name == "发改-终稿.xlsx"
    duplicate = [p for p in intake.problems if p.code == "duplicate-submission"]
    assert [p.file for p in duplicate] == ["发改-初稿.xlsx"]
    assert "发改-终稿.xlsx" in duplicate[0].message


def test_problem_codes_are_catalogued():
    with pytest.raises(ValueError):
        Problem("no-such-code", "x")
    assert all(t.code == t.code.lower() and " " not in t.code for t in CATALOGUE.values())


def _with_entity_bomb(source, target):
    """Our ledger with a 'billion laughs' DOCTYPE in its sheet XML: ten to the ninth 'lol's if expanded."""
    import io
    import re
    import zipfile

    laughs = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        + "]>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r'(<c r="A1"[^>]*><is><t>)[^<]*', r"\1&lol9;", data.decode(), count=1)
                data = (laughs + text).encode()
            zout.writestr(info, data)
    target.write_bytes(out.getvalue())


def test_an_xml_entity_bomb_is_refused_not_expanded(plan, tmp_path):
    import openpyxl.xml
    from conftest import EXAMPLE_INPUTS

    from generator.documents.receipt import write_receipt

    assert openpyxl.xml.DEFUSEDXML  # openpyxl parses through defusedxml when it is installed
    folder = tmp_path / "2018-05"
    folder.mkdir()
    _with_entity_bomb(EXAMPLE_INPUTS / "2018-05" / "区农办2018年5月工作台账.xlsx", folder / "区农办.xlsx")
    intake = ingest(folder, plan, "2018-05")
    assert _codes(intake, "区农办.xlsx") == [("file-unreadable", "", "")]
    receipt = write_receipt(intake.checked[0], plan, "2018-05", False, "无法读取", tmp_path / "回执.xlsx")
    import openpyxl

    assert openpyxl.load_workbook(receipt).sheetnames == ["回执"]  # the bomb is not copied into the receipt


def test_word_targets_take_word_answers(tmp_path):
    """海陵's 任务分解表 has targets in words (制定实施, 全面推行, 开展): units answer in words, not numbers."""
    from conftest import ROOT

    from generator.plan import read_plan
    from generator.progress import merge_month

    plan = read_plan(ROOT / "examples" / "hailing-2018" / "inputs" / "plan.xlsx")
    folder = tmp_path / "2018-06"
    answers = {1: "已制定实施", 5: "尚未开展", 7: "正在开展", 15: "建立中", 16: "未发生", 8: "八十五"}
    fill_ledger(
        plan,
        "海陵环保局",
        "2018-06",
        folder / "海陵环保局.xlsx",
        indicators={n: {"指标当前值": v} for n, v in answers.items()},
    )
    intake = ingest(folder, plan, "2018-06")
    codes = _codes(intake, "海陵环保局.xlsx")
    assert not [c for c in codes if c[0] == "value-invalid"], codes
    month = {i.no: i.main for i in merge_month(plan, intake).indicators}
    assert month[1].attainment == "达标"
    assert month[5].attainment == "未达标"  # 尚未开展 negates 开展
    assert month[7].attainment == "待核定"  # under way: the office judges
    assert month[15].attainment == "待核定"
    assert month[16].attainment == "达标"  # the target itself is a negation: 未发生
    assert (month[8].value, month[8].attainment) == (85.0, "达标")  # ≥80


def test_a_row_says_where_each_of_its_cells_is():
    """数据来源 of a row: every column of ours at its own letter, on the row's sheet, the row counted from 1."""
    from generator.ledger.rows import RawRow

    columns = {"序号": 0, "完成状态": 7, "进展情况": 27, "备注": 702}
    source = RawRow("重点任务台账", 4, [""] * 703, columns).source
    assert dict(source) == {
        "序号": "重点任务台账!A5",
        "完成状态": "重点任务台账!H5",
        "进展情况": "重点任务台账!AB5",
        "备注": "重点任务台账!AAA5",
    }
    assert len(source) == 4 and "指标" not in source and source.get("指标", "") == ""
    assert source == dict(source) and list(source) == list(columns)
    for sheet in ("重点任务台账", 'a"b\\c\n', "</t>&{0}"):  # the history stores them as JSON: any sheet name
        odd = RawRow(sheet, 99, [], columns).source
        expected = {name: f"{sheet}!{ref.split('!')[1][:-1]}100" for name, ref in source.items()}
        assert json.loads(odd.json()) == dict(odd) == expected


@pytest.mark.parametrize(
    "cell",
    ["按计划推进", "  两端有空格\t", "第一行\r\n第二行\r第三行\r", "\r\n", "", None, 3.0, 2.5, 0.0, "，（全角）\n"],
)
def test_a_reports_texts_in_one_call_are_its_texts_one_by_one(cell):
    """TaskReport.texts() (the merge's fast path) gives what each text property gives, whatever the cell holds;
    a column the sheet lacks is empty."""
    from generator.checks.ledger import TaskReport
    from generator.ledger.rows import RawRow

    columns = {"进展情况": 0, "佐证材料": 1, "存在问题": 2, "下步计划": 3, "填报人": 4}  # no 联系电话 column
    report = TaskReport(1, "", None, RawRow("表", 3, [cell, "x", cell, f" {cell} " if cell else cell, 7.0], columns))
    one_by_one = (report.progress, report.evidence, report.issues, report.next_steps, report.reporter, report.phone)
    assert report.texts() == one_by_one
    assert one_by_one[-1] == "" and one_by_one[4] == "7"
