"""The first hour of a new office: exit codes, Chinese messages, plan → check → ledgers → run, history that fills
itself, defaults from the calendar."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import ROOT, copy_example, tree_digest
from docx import Document

from generator.cli import main
from generator.cli.common import CRASH_LOG, chinese_click_message
from generator.cli.table import display_width, render_table
from generator.errors import TaizhangError
from generator.plan import read_plan
from generator.plan.check import is_blank_plan, pending_reviews, plan_todos
from generator.workspace import Workspace, init_workspace

JIAOZUO = ROOT / "tests" / "seeds" / "jiaozuo-2018-water-ecology-plan.txt"


@pytest.fixture()
def runner():
    return CliRunner()


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


# --- exit codes -------------------------------------------------------------------------------------------------


def test_check_validates_only_and_exits_1_on_errors(runner, tmp_path):
    ws = copy_example(tmp_path)
    before = tree_digest(tmp_path)
    result = runner.invoke(main, ["check", str(ws.root), "--period", "2018-05"])
    assert result.exit_code == 1, result.output
    assert "unit-not-reported" in result.output and "单位未报送" in result.output  # code with its Chinese title
    assert "错误 1 个" in result.output and "未报送：管委会办公室" in result.output
    header = result.output.splitlines()[0].split()
    assert header[:3] == ["级别", "代码", "问题"]
    assert tree_digest(tmp_path) == before, "check must write nothing (no outputs, history or archive)"
    ok = runner.invoke(main, ["check", str(ws.root), "--period", "2018-04"])
    assert ok.exit_code == 0, ok.output  # warnings only
    assert "错误 0 个" in ok.output


def test_click_messages_are_chinese_and_exit_2(runner, tmp_path):
    ws = copy_example(tmp_path)
    cases = [
        (["run", str(ws.root), "--period"], "选项 --period 后面需要一个值"),
        (["run", str(ws.root), "--nonsense"], "没有选项 --nonsense"),
        (["trace", str(ws.root), "--task", "abc"], "「abc」不是整数"),
        (["plan", "import"], "缺少参数 SOURCE"),
        (["plan", "import", str(tmp_path / "无此文件.docx")], "不存在"),
        (["runn"], "没有命令「runn」"),
        (["run", str(ws.root), "extra"], "多余的参数"),
    ]
    for args, expected in cases:
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert expected in result.output, (args, result.output)
        assert "错误：" in result.output and "Error:" not in result.output and "Usage:" not in result.output, args
    usage = runner.invoke(main, ["plan", "import"]).output
    assert "用法：" in usage and "[选项]" in usage and "查看帮助：" in usage


def test_help_is_headed_in_chinese(runner):
    for args in (["--help"], ["run", "--help"], ["plan", "--help"], ["plan", "check", "--help"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, args
        assert "用法：" in result.output and "选项" in result.output and "显示本帮助并退出" in result.output
        assert "Usage:" not in result.output and "Options:" not in result.output, args
    assert "命令" in runner.invoke(main, ["--help"]).output
    bare = runner.invoke(main, [])  # no command: the help, not an error wrapped around it
    assert bare.exit_code == 2 and "用法：" in bare.output and "错误：" not in bare.output and "check" in bare.output


def test_untranslated_click_text_is_kept_rather_than_lost():
    assert chinese_click_message("something new from click") == "something new from click"
    assert chinese_click_message("'x1' is not a valid float.") == "「x1」不是数字。"


def test_a_crash_exits_3_with_one_chinese_line_and_the_traceback_saved(runner, tmp_path, monkeypatch):
    ws = copy_example(tmp_path)
    (ws.root / "outputs").mkdir()

    def broken(*args, **kwargs):
        raise ZeroDivisionError("除数为零的演示")

    # The fault is injected into the library call the command makes: the handler around it is what is tested.
    monkeypatch.setattr("generator.cli.month.run_period", broken)
    result = runner.invoke(main, ["run", str(ws.root), "--period", "2018-04"])
    assert result.exit_code == 3, result.output
    log = ws.root / "outputs" / CRASH_LOG
    assert log.exists()
    message = [line for line in result.output.splitlines() if "程序意外出错" in line]
    assert len(message) == 1 and str(log) in message[0] and "Traceback" not in result.output
    text = log.read_text("utf-8")
    assert "Traceback" in text and "ZeroDivisionError: 除数为零的演示" in text and "broken" in text


def test_a_crash_outside_a_workspace_logs_to_the_temporary_folder(runner, tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("generator.plan.importer.import_plan", broken)
    result = runner.invoke(main, ["plan", "import", str(JIAOZUO), "-o", str(tmp_path / "p.xlsx")])
    assert result.exit_code == 3 and str(tmp_path / CRASH_LOG) in result.output
    assert "RuntimeError: boom" in (tmp_path / CRASH_LOG).read_text("utf-8")


# --- history fills itself; run --all ----------------------------------------------------------------------------


def test_fresh_example_may_is_issue_2_and_compares_with_april(runner, tmp_path):
    ws = copy_example(tmp_path)
    result = runner.invoke(main, ["run", str(ws.root), "--period", "2018-05"])
    assert result.exit_code == 0, result.output
    assert "先把较早的 2018-04 存入历史（第1期" in result.output
    assert "报送期 2018-05（第2期）" in result.output
    bulletin = ws.period_outputs("2018-05") / "工作进展通报（第2期）.docx"
    text = docx_text(bulletin)
    assert "第2期" in text and "较上月（2018年4月" in text  # compared with the April stored first
    assert "2018年6月5日" in text  # dated the report due day after May, not today
    assert not ws.period_outputs("2018-04").exists(), "backfilling stores a month; it does not write its documents"
    again = runner.invoke(main, ["run", str(ws.root), "--period", "2018-05"])
    assert "先把较早" not in again.output and "（第2期）" in again.output


def test_run_all_runs_every_month_in_order(runner, tmp_path):
    ws = copy_example(tmp_path)
    (ws.inputs / "2018-06").mkdir()  # made in advance, nothing received yet: not a month to run
    result = runner.invoke(main, ["run", str(ws.root), "--all"])
    assert result.exit_code == 0, result.output
    april, may = result.output.index("报送期 2018-04（第1期）"), result.output.index("报送期 2018-05（第2期）")
    assert april < may and "2018-06" not in result.output
    for period, n in (("2018-04", 1), ("2018-05", 2)):
        assert (ws.period_outputs(period) / f"工作进展通报（第{n}期）.docx").exists()
    clash = runner.invoke(main, ["run", str(ws.root), "--all", "--period", "2018-04"])
    assert clash.exit_code == 2 and "--all" in clash.output


# --- defaults from the calendar -----------------------------------------------------------------------------------


def test_bulletin_date_defaults_to_the_report_due_day_after_the_month(tmp_path):
    ws = Workspace(tmp_path)
    assert ws.bulletin_date("2018-05") == date(2018, 6, 5)
    assert ws.bulletin_date("2018-12") == date(2019, 1, 5)
    ws.config_path.write_text("[office]\nreport_due_day = 31\n", "utf-8")
    assert ws.bulletin_date("2019-01") == date(2019, 2, 28)  # a due day past the month's end is its last day
    ws.config_path.write_text("[office]\nreport_due_day = 99999999999999999999999\n", "utf-8")
    with pytest.raises(TaizhangError, match="report_due_day"):
        ws.bulletin_date("2018-05")
    ws.config_path.unlink()
    with pytest.raises(TaizhangError):
        ws.bulletin_date("9999-12")


def test_the_bulletin_carries_the_due_day_and_date_overrides_it(runner, tmp_path):
    ws = copy_example(tmp_path)
    ws.config_path.write_text("[office]\nreport_due_day = 8\n", "utf-8")
    result = runner.invoke(main, ["run", str(ws.root), "--period", "2018-04"])
    assert result.exit_code == 0, result.output
    text = docx_text(ws.period_outputs("2018-04") / "工作进展通报（第1期）.docx")
    assert "2018年5月8日" in text and str(date.today().year) + "年" not in text.replace("2018年", "")
    runner.invoke(main, ["run", str(ws.root), "--period", "2018-04", "--date", "2018-05-20"])
    assert "2018年5月20日" in docx_text(ws.period_outputs("2018-04") / "工作进展通报（第1期）.docx")


def test_the_default_period_is_the_latest_month_with_files(tmp_path):
    ws = copy_example(tmp_path)
    (ws.inputs / "2018-07").mkdir()
    (ws.inputs / "2018-07" / "~$锁文件.xlsx").write_bytes(b"lock")  # ignored files do not make a month
    assert ws.latest_period() == "2018-05"
    empty = init_workspace(tmp_path / "new")
    (empty.inputs / "2018-06").mkdir()
    with pytest.raises(TaizhangError, match="还没有台账"):
        empty.latest_period()


# --- plan → check → ledgers → run -----------------------------------------------------------------------------------


def test_init_plan_ledgers_run_on_the_jiaozuo_seed_without_editing(runner, tmp_path):
    folder = tmp_path / "焦作"
    result = runner.invoke(main, ["init", str(folder), "--plan", str(JIAOZUO)])
    assert result.exit_code == 0, result.output
    assert "重点任务 9 项" in result.output and "plan check" in result.output and "taizhang ledgers" in result.output
    assert "plan import" not in result.output  # already done: the next steps are the real ones
    check = runner.invoke(main, ["plan", "check", str(folder)])
    assert check.exit_code == 0, check.output
    assert "没有待处理的内容" in check.output and "无任务单位" in check.output  # notes do not block
    ledgers = runner.invoke(main, ["ledgers", str(folder), "--period", "2018-05"])
    assert ledgers.exit_code == 0, ledgers.output
    issued = sorted((folder / "outputs" / "2018-05" / "空白台账").glob("*.xlsx"))
    assert len(issued) == 4
    received = folder / "inputs" / "2018-05"
    received.mkdir()
    for path in issued:  # every unit sends its ledger back (unfilled: the run must still write the month)
        shutil.copy(path, received / path.name)
    run = runner.invoke(main, ["run", str(folder)])
    assert run.exit_code == 0, run.output
    assert "报送期 2018-05（第1期）：收到文件 4 个" in run.output
    out = folder / "outputs" / "2018-05"
    assert (out / "工作进展通报（第1期）.docx").exists() and len(list((out / "回执").glob("*.xlsx"))) == 4
    assert "焦作" in docx_text(out / "关于印发工作方案的通知.docx")


def test_init_prints_the_real_next_steps(runner, tmp_path):
    result = runner.invoke(main, ["init", str(tmp_path / "ws")])
    assert result.exit_code == 0
    steps = result.output
    assert steps.index("plan import") < steps.index("plan check") < steps.index("ledgers") < steps.index("run")
    for command in (["plan", "check", str(tmp_path / "ws")], ["ledgers", str(tmp_path / "ws"), "-p", "2018-06"]):
        blank = runner.invoke(main, command)  # the blank plan is answered with the step that fills it
        assert blank.exit_code == 2 and "还是空的" in blank.output and "plan import" in blank.output


def test_plan_import_replaces_inits_blank_plan_without_force_but_never_a_filled_one(runner, tmp_path):
    ws = init_workspace(tmp_path / "ws")
    assert is_blank_plan(ws.plan_path)
    result = runner.invoke(main, ["plan", "import", str(JIAOZUO), "-o", str(ws.plan_path)])
    assert result.exit_code == 0, result.output
    assert not is_blank_plan(ws.plan_path) and read_plan(ws.plan_path).tasks
    again = runner.invoke(main, ["plan", "import", str(JIAOZUO), "-o", str(ws.plan_path)])
    assert again.exit_code == 2 and "已存在" in again.output
    # a blank plan the clerk started typing into is no longer blank
    book = openpyxl.load_workbook(ws.plan_path)
    init_workspace(tmp_path / "ws2")
    typed = openpyxl.load_workbook(tmp_path / "ws2" / "inputs" / "plan.xlsx")
    typed["责任单位"]["A2"] = "区水利局"
    typed.save(tmp_path / "ws2" / "inputs" / "plan.xlsx")
    assert not is_blank_plan(tmp_path / "ws2" / "inputs" / "plan.xlsx")
    assert book.sheetnames[0] == "方案信息"
    refused = runner.invoke(main, ["init", str(tmp_path / "ws2"), "--plan", str(JIAOZUO)])
    assert refused.exit_code == 2 and "已存在" in refused.output


def _plan_needing_the_clerk(tmp_path: Path) -> Path:
    """The imported 焦作 plan as an import leaves an uncertain one: task 2 with its unit （待指定）, task 3 shared with
    a group (泛指) whose members are not listed, and one 待核实 line."""
    folder = tmp_path / "ws"
    CliRunner().invoke(main, ["init", str(folder), "--plan", str(JIAOZUO)], catch_exceptions=False)
    path = folder / "inputs" / "plan.xlsx"
    book = openpyxl.load_workbook(path)
    tasks = book["重点任务"]
    header = [c.value for c in tasks[1]]
    for column in ("责任单位", "牵头单位"):  # an imported plan names the lead in both
        tasks.cell(3, header.index(column) + 1).value = "（待指定）"
    tasks.cell(4, header.index("配合单位") + 1).value = "各有关乡镇"
    book["责任单位"].append(["各有关乡镇", "", "泛指"])
    book["待核实"].append(["待核实", "unit-typo", "城多一体化示范区", 12, "「城多一体化示范区」疑似错字，请核对。"])
    book.save(path)
    return folder


def test_plan_check_lists_what_needs_the_clerk_and_ledgers_stops(runner, tmp_path):
    folder = _plan_needing_the_clerk(tmp_path)
    plan = read_plan(folder / "inputs" / "plan.xlsx")
    todos = plan_todos(plan, pending_reviews(folder / "inputs" / "plan.xlsx"))
    kinds = [t.kind for t in todos if t.blocking]
    assert kinds == ["待核实", "待指定", "空分组"]
    check = runner.invoke(main, ["plan", "check", str(folder)])
    assert check.exit_code == 1, check.output
    assert "城多一体化示范区" in check.output and "重点任务 第2项" in check.output and "待处理 3 处" in check.output
    assert "单位分组 各有关乡镇" in check.output and "重点任务第3项用到" in check.output
    ledgers = runner.invoke(main, ["ledgers", str(folder), "--period", "2018-05"])
    assert ledgers.exit_code == 2 and "待处理" in ledgers.output and "城多一体化示范区" in ledgers.output
    assert not (folder / "outputs" / "2018-05" / "空白台账").exists()
    # the clerk clears the line (级别 → 已核实) and names the unit: ledgers go out
    path = folder / "inputs" / "plan.xlsx"
    book = openpyxl.load_workbook(path)
    book["待核实"].cell(book["待核实"].max_row, 1).value = "已核实"
    tasks = book["重点任务"]
    header = [c.value for c in tasks[1]]
    for column in ("责任单位", "牵头单位"):
        tasks.cell(3, header.index(column) + 1).value = "区农办"
    groups = book["单位分组"]  # plan import writes the groups it found; the clerk lists this one's members
    assert [c.value for c in groups[1]][:2] == ["分组名称", "成员单位"]
    groups.append(["各有关乡镇", "区国土建设环保局、区农办"])
    book.save(path)
    assert runner.invoke(main, ["plan", "check", str(folder)]).exit_code == 0
    assert runner.invoke(main, ["ledgers", str(folder), "--period", "2018-05"]).exit_code == 0


# --- history, trace, Chinese tables ----------------------------------------------------------------------------------


def test_history_has_a_header_and_columns_that_line_up(runner, tmp_path):
    ws = copy_example(tmp_path)
    runner.invoke(main, ["run", str(ws.root), "--period", "2018-05"])
    result = runner.invoke(main, ["history", str(ws.root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["报送期", "收到时间", "单位", "文件", "状态", "问题数", "内容哈希"]
    # every row starts its 单位 column at the same display cell as the header
    start = display_width(lines[0][: lines[0].index("单位")])
    for line in lines[2:]:
        assert display_width(line[: line.index("区") if "区" in line else line.index("管")]) == start, line


def test_unknown_unit_is_answered_with_the_closest_names(runner, tmp_path):
    ws = copy_example(tmp_path)
    result = runner.invoke(main, ["history", str(ws.root), "--unit", "城管局"])
    assert result.exit_code == 2
    assert "方案中没有单位「城管局」" in result.output and "最接近的是" in result.output
    assert "Invalid value" not in result.output
    close = runner.invoke(main, ["history", str(ws.root), "--unit", "区国土环保局"])
    assert "区国土建设环保局" in close.output.split("最接近的是")[1]


def test_trace_of_a_task_that_does_not_exist_exits_2(runner, tmp_path):
    ws = copy_example(tmp_path)
    runner.invoke(main, ["run", str(ws.root), "--period", "2018-05"])
    result = runner.invoke(main, ["trace", str(ws.root), "--period", "2018-05", "--task", "99"])
    assert result.exit_code == 2 and "没有第99项任务" in result.output and "第1—9项" in result.output
    huge = runner.invoke(main, ["trace", str(ws.root), "--task", "9" * 40])
    assert huge.exit_code == 2 and "没有第" in huge.output
    indicator = runner.invoke(main, ["trace", str(ws.root), "--period", "2018-05", "--indicator", "0"])
    assert indicator.exit_code == 2 and "没有第0项指标" in indicator.output
    found = runner.invoke(main, ["trace", str(ws.root), "--period", "2018-05", "--task", "3"])
    assert found.exit_code == 0 and "★ 采用" in found.output


def test_text_tables_count_wide_characters_twice():
    assert display_width("区农办ab") == 8 and display_width("ＡＢ") == 4
    lines = render_table(("单位", "n"), [("区农村工作办公室", 1), ("ab", 22)], max_width=8)
    assert lines[2].startswith("区农村…") and display_width(lines[2].split("  ")[0]) <= 8
    header, rule = lines[0], lines[1]
    column_two = display_width(rule[: rule.rindex("  ") + 2])
    assert column_two == 9  # 区农村… is 7 cells wide, then two spaces
    assert display_width(header[: header.index("n")]) == column_two
    assert display_width(lines[2][: lines[2].index("1")]) == display_width(lines[3][: lines[3].index("22")]) == 9


# --- the tour -------------------------------------------------------------------------------------------------------


def test_demo_walks_through_the_month_and_opens_nothing_without_a_desktop(runner, tmp_path, monkeypatch):
    ws = copy_example(tmp_path)
    monkeypatch.setenv("DISPLAY", ":0")  # even with a display: the runner is no terminal, so nothing is opened
    launched = []
    monkeypatch.setattr("click.launch", lambda *a, **k: launched.append(a))
    result = runner.invoke(main, ["demo", str(ws.root)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("一、收到了什么") < out.index("二、哪里有问题") < out.index("三、文档在哪里")
    for name in ("区农办2018年5月工作台账.xlsx", "未报送：管委会办公室", "单位未报送（unit-not-reported）", "第2期"):
        assert name in out, name
    for written in ws.period_outputs("2018-05").iterdir():
        assert written.name.split(".")[0] in out or written.name in ("pdf",), written.name
    assert launched == [] and "已打开" not in out


def test_the_last_column_of_a_text_table_is_never_cut():
    message = "请在「单位分组」表中填写成员单位（用、分隔，成员须在「责任单位」表中）。" * 2
    lines = render_table(("位置", "说明"), [("重点任务 第2项", message)], max_width=20)
    assert lines[2].endswith(message) and display_width(lines[1]) <= display_width("重点任务 第2项") + 2 + 20


def test_output_read_by_a_reader_that_stopped_is_no_crash(tmp_path):
    """`taizhang codes | head -1`: the reader is gone before we write; taizhang stops quietly with 0, no crash log."""
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE, deterministically
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "codes"],
            check=False,
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
        )
    finally:
        os.close(write_end)
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, stderr
    assert "程序意外出错" not in stderr and "Traceback" not in stderr
