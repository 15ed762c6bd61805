"""The command line: help that teaches, exit codes, and the README's generated list of problem codes."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT, copy_example

from generator.cli import main


@pytest.fixture()
def runner():
    return CliRunner()


def test_every_command_has_bilingual_help(runner):
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        help_text = command.help or ""
        assert re.search(r"[\u4e00-\u9fff]", help_text) and re.search(r"[A-Za-z]{4}", help_text), name


def test_run_exits_0_with_problems_reported_and_strict_exits_1(runner, tmp_path):
    ws = copy_example(tmp_path)
    result = runner.invoke(main, ["run", str(ws.root), "--period", "2018-04", "--date", "2018-05-05"])
    assert result.exit_code == 0, result.output  # 2018-04 has warnings only
    result = runner.invoke(main, ["run", str(ws.root), "--date", "2018-06-05"])  # latest month by default
    assert result.exit_code == 0, result.output  # the documents were written: errors are reported, not fatal
    assert "报送期 2018-05（第2期）" in result.output
    assert "未报送：管委会办公室" in result.output
    assert "完成率 77.8%" in result.output
    assert "问题：错误 1 个" in result.output
    assert "→ 督办通知 1 份" in result.output and "→ 催报通知 1 份" in result.output
    assert (ws.root / "outputs" / "2018-05" / "工作进展通报（第2期）.docx").exists()
    strict = runner.invoke(main, ["run", str(ws.root), "--strict"])
    assert strict.exit_code == 1 and "报送期 2018-05（第2期）" in strict.output
    strict = runner.invoke(main, ["run", str(ws.root), "--period", "2018-04", "--strict"])
    assert strict.exit_code == 0, strict.output  # warnings only: nothing for a scheduler to act on


def test_usage_errors_exit_2_with_a_chinese_message(runner, tmp_path):
    ws = copy_example(tmp_path)
    result = runner.invoke(main, ["run", str(ws.root), "--period", "2018-5"])
    assert result.exit_code == 2 and "应为 年-月" in result.output
    result = runner.invoke(main, ["run", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "不是工作区" in result.output
    result = runner.invoke(main, ["ledgers", str(ws.root)])
    assert result.exit_code == 2 and "--period" in result.output


def test_ledgers_and_init(runner, tmp_path):
    ws = copy_example(tmp_path / "ws")
    result = runner.invoke(main, ["ledgers", str(ws.root), "--period", "2018-06"])
    assert result.exit_code == 0, result.output
    assert "已生成 4 份空白台账" in result.output
    assert len(list((ws.root / "outputs" / "2018-06" / "空白台账").glob("*.xlsx"))) == 4
    result = runner.invoke(main, ["init", str(tmp_path / "新区")])
    assert result.exit_code == 0 and (tmp_path / "新区" / "inputs" / "plan.xlsx").exists()


def test_readme_lists_exactly_the_catalogued_codes(runner):
    table = runner.invoke(main, ["codes", "--markdown"]).output.strip()
    readme = (ROOT / "README.md").read_text("utf-8")
    assert table in readme, "regenerate the README list with: python scripts/update_readme.py"


def test_python_dash_m_runs_the_same_command():
    result = subprocess.run([sys.executable, "-m", "generator", "codes"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "unit-not-reported" in result.stdout


def test_run_in_its_own_process_ends_with_all_its_output_its_code_and_its_history(tmp_path):
    """`taizhang run` ends without Python's teardown (cli/common.leave): what it printed, its exit code and what
    it stored are all there; under a profiler it ends as always, so that the profile is written."""
    ws = copy_example(tmp_path / "ws")
    command = [sys.executable, "-m", "generator", "run", str(ws.root), "--period", "2018-05"]
    for extra, code in (([], 0), (["--strict"], 1)):
        done = subprocess.run([*command, *extra], capture_output=True, text=True, check=False)
        assert done.returncode == code, done.stderr
        assert done.stdout.rstrip().splitlines()[-1].startswith("  → 回执 3 份")
    from generator.store import History

    with History(ws.db_url) as history:
        assert history.periods() == ["2018-04", "2018-05"]
    assert not list(ws.root.glob("taizhang.sqlite-*"))  # no journal or write-ahead log left behind
    profile = tmp_path / "run.prof"
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), *command[1:]], capture_output=True, check=False
    )  # (cProfile swallows the exit code itself)
    assert profile.stat().st_size > 0 and done.stdout.rstrip().splitlines()[-1].startswith("  → 回执 3 份".encode())


def test_plan_import(runner, tmp_path):
    seed, out = ROOT / "tests" / "seeds" / "jiaozuo-2018-water-ecology-plan.txt", tmp_path / "plan.xlsx"
    result = runner.invoke(main, ["plan", "import", str(seed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "重点任务 9 项（取自附件表格），量化指标 19 项" in result.output and out.exists()
    refused = runner.invoke(main, ["plan", "import", str(seed), "-o", str(out)])
    assert refused.exit_code == 2 and "已存在" in refused.output  # a reviewed plan is never overwritten silently
