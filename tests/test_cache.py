"""Work keyed by content (.taizhang-cache/): a re-run parses only new or changed files and rewrites only outputs
whose inputs changed; a changed file, plan or code invalidates; a damaged cache entry is ignored."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import copy_example
from test_run import docx_text

from generator import cache as cache_module
from generator.cache import CACHE_DIR
from generator.intake import received_files
from generator.run import RunResult, run_period
from generator.workspace import RECEIPTS, Workspace

PERIOD = "2018-05"
ISSUED = date(2018, 6, 5)
NOTICE = "关于印发工作方案的通知.docx"


def received(ws: Workspace) -> list[str]:
    return [p.name for p in received_files(ws.period_inputs(PERIOD))]


def receipt_times(ws: Workspace) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (ws.period_outputs(PERIOD) / RECEIPTS).glob("*.xlsx")}


def bulletin_text(ws: Workspace, result: RunResult) -> str:
    return docx_text(ws.period_outputs(PERIOD) / f"工作进展通报（第{result.issue_no}期）.docx")


@pytest.fixture
def first(tmp_path):
    ws = copy_example(tmp_path)
    result = run_period(ws, PERIOD, ISSUED)
    assert result.intake is not None
    return ws, result


def test_first_run_parses_every_file_and_fills_the_cache(first):
    ws, result = first
    assert sorted(result.intake.parsed) == received(ws)
    assert list((ws.root / CACHE_DIR / "checked").glob("*.pickle"))
    assert NOTICE in result.cache.written_outputs


def output_times(ws: Workspace) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in ws.period_outputs(PERIOD).rglob("*") if p.is_file()}


def test_rerun_with_nothing_changed_reads_nothing_and_writes_nothing(first):
    ws, result = first
    before = output_times(ws)
    again = run_period(ws, PERIOD, ISSUED)
    assert again.unchanged and again.intake is None and again.month is None
    assert output_times(ws) == before  # not one document written again
    assert again.headline == result.headline and again.issue_no == result.issue_no
    assert [(p.code, p.file, p.cell) for p in again.problems] == [(p.code, p.file, p.cell) for p in result.problems]
    assert again.outputs == result.outputs and again.receipts == result.receipts and again.notices == result.notices


def _edit_input(ws: Workspace) -> None:
    path = sorted(ws.period_inputs(PERIOD).glob("*.xlsx"))[0]
    book = openpyxl.load_workbook(path)
    book.worksheets[0]["A1"] = f"{book.worksheets[0]['A1'].value}（修订）"
    book.save(path)


def _add_input(ws: Workspace) -> None:
    (ws.period_inputs(PERIOD) / "说明.csv").write_text("序号,说明\n1,补充\n", "utf-8")


def _settings(ws: Workspace) -> None:
    ws.config_path.write_text('[office]\nclosing = ["请各单位抓紧推进。"]\n', "utf-8")


def _own_template(ws: Workspace) -> None:
    (ws.root / "templates").mkdir(exist_ok=True)
    (ws.root / "templates" / "reminder.docx").write_bytes(ws.template("reminder.docx").read_bytes() + b"")
    import zipfile

    with zipfile.ZipFile(ws.root / "templates" / "reminder.docx", "a") as package:
        package.writestr("customXml/note.xml", "<note/>")  # another template as far as bytes go


def _other_month_stored(ws: Workspace) -> None:
    from generator.run import store_period

    store_period(ws, "2018-04")


def _output_deleted(ws: Workspace) -> None:
    next(ws.period_outputs(PERIOD).glob("附件*.xlsx")).unlink()


@pytest.mark.parametrize(
    "change", [_edit_input, _add_input, _settings, _own_template, _other_month_stored, _output_deleted]
)
def test_any_change_the_month_is_made_from_runs_it_again(first, change):
    """Received files, settings, templates, the history's other months and the documents themselves all count:
    after any of them changes the month is read and written again."""
    ws, _ = first
    change(ws)
    again = run_period(ws, PERIOD, ISSUED)
    assert not again.unchanged and again.intake is not None and again.month is not None
    assert run_period(ws, PERIOD, ISSUED).unchanged  # and then it is kept again


def test_another_bulletin_date_runs_again(first):
    ws, _ = first
    assert not run_period(ws, PERIOD, date(2018, 6, 8)).unchanged


def test_a_resent_file_is_parsed_again_and_only_its_receipt_rewritten(first):
    ws, result = first
    receipts = receipt_times(ws)
    folder = ws.period_inputs(PERIOD)
    path = folder / sorted(result.intake.parsed)[0]
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(row=sheet.max_row, column=1).value = f"{sheet.cell(row=sheet.max_row, column=1).value}"
    book.save(path)
    again = run_period(ws, PERIOD, ISSUED)
    assert again.intake.parsed == [path.name]
    changed = {name for name, t in receipt_times(ws).items() if receipts.get(name) != t}
    assert len(changed) == 1
    assert changed <= set(again.cache.written_outputs)


def test_a_changed_plan_invalidates_files_and_the_notice(first):
    ws, _ = first
    before = ws.plan_path.read_bytes()
    book = openpyxl.load_workbook(ws.plan_path)
    book.save(ws.plan_path)  # same content, other bytes: another plan as far as the cache can tell
    assert ws.plan_path.read_bytes() != before
    again = run_period(ws, PERIOD, ISSUED)
    assert sorted(again.intake.parsed) == received(ws)
    assert NOTICE in again.cache.written_outputs


def test_a_changed_code_version_invalidates(first, monkeypatch):
    ws, _ = first
    monkeypatch.setattr(cache_module, "code_version", lambda: "another-version")
    again = run_period(ws, PERIOD, ISSUED)
    assert sorted(again.intake.parsed) == received(ws)
    assert set(receipt_times(ws)) <= set(again.cache.written_outputs)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05\x95garbage"])
def test_a_damaged_cache_entry_is_ignored(first, damage):
    ws, result = first
    entries = list((ws.root / CACHE_DIR).rglob("*.pickle"))
    for entry in entries:
        entry.write_bytes(damage)
    again = run_period(ws, PERIOD, ISSUED)
    assert sorted(again.intake.parsed) == received(ws)
    assert again.month.completion_rate == result.month.completion_rate
    third = run_period(ws, PERIOD, ISSUED)  # the damaged entries were replaced
    assert third.unchanged


def test_an_edited_or_deleted_output_is_written_again(first):
    ws, _ = first
    receipt = sorted((ws.period_outputs(PERIOD) / RECEIPTS).glob("*.xlsx"))[0]
    receipt.unlink()
    notice = ws.period_outputs(PERIOD) / NOTICE
    notice.write_bytes(notice.read_bytes() + b"\0")  # a clerk's edit: other size
    again = run_period(ws, PERIOD, ISSUED)
    assert receipt.exists() and receipt.name in again.cache.written_outputs
    assert NOTICE in again.cache.written_outputs


def test_the_cache_is_not_needed(first):
    """Deleting .taizhang-cache/ is always safe: the run parses everything again."""
    import shutil

    ws, _ = first
    shutil.rmtree(ws.root / CACHE_DIR)
    again = run_period(ws, PERIOD, ISSUED)
    assert sorted(again.intake.parsed) == received(ws)
    assert Path(ws.root / CACHE_DIR).is_dir()


def test_what_changed_decides_what_is_written_again(first):
    """A resent ledger rewrites that unit's receipt, the month's figures (bulletin, annexes) and the letters whose
    wording changed, and keeps the notice and every other letter; a letter setting rewrites the letters and keeps
    the month's annexes."""
    ws, result = first
    out = ws.period_outputs(PERIOD)
    letters = {p: p.stat().st_mtime_ns for p in result.notices}
    assert len(letters) >= 2
    _edit_input(ws)  # one unit's ledger sent again, its figures unchanged but its bytes not
    again = run_period(ws, PERIOD, ISSUED)
    assert NOTICE in again.cache.skipped_outputs
    assert {p.name for p in letters} <= set(again.cache.skipped_outputs)  # the same wording: kept
    assert all(p.stat().st_mtime_ns == t for p, t in letters.items())
    receipts_written = [n for n in again.cache.written_outputs if n.endswith(".xlsx") and not n.startswith("附件")]
    assert len([n for n in receipts_written if (out / RECEIPTS / n).exists()]) == 1
    ws.config_path.write_text("[office]\nsupervision_reply_days = 9\n", "utf-8")
    third = run_period(ws, PERIOD, ISSUED)
    supervision = [p for p in third.notices if p.parent.name == "督办通知"]
    assert supervision and {p.name for p in supervision} <= set(third.cache.written_outputs)
    assert any(n.startswith("附件") for n in third.cache.skipped_outputs)  # the figures did not change


def test_a_run_tells_every_stage_in_order_and_an_unchanged_one_none(tmp_path):
    from generator.run import STAGES

    ws = copy_example(tmp_path)
    events: list[str] = []
    run_period(ws, PERIOD, ISSUED, on_file=lambda p: events.append("file"), on_stage=events.append)
    stages = [e for e in events if e != "file"]
    assert stages == list(STAGES)
    files = [i for i, e in enumerate(events) if e == "file"]
    assert len(files) == len(received(ws))
    assert events.index("读取方案") < min(files) and max(files) < events.index("合并本月数据")
    again: list[str] = []
    assert run_period(ws, PERIOD, ISSUED, on_stage=again.append).unchanged and again == []


@pytest.mark.parametrize("collecting", [True, False])
def test_reading_the_cache_leaves_the_collector_as_it_was(tmp_path, collecting):
    """A read pauses the cyclic collector while it unpickles, and only then: found, missing or damaged."""
    import gc

    store = cache_module.ContentCache(tmp_path)
    store.put("kind", "found", {"tasks": list(range(10))})
    (tmp_path / CACHE_DIR / "kind" / "damaged.pickle").write_bytes(b"\x80\x05not a pickle")
    was = gc.isenabled()
    try:
        gc.enable() if collecting else gc.disable()
        assert store.get("kind", "found") == {"tasks": list(range(10))}
        assert store.get("kind", "missing") is None and store.get("kind", "damaged") is None
        assert gc.isenabled() is collecting
    finally:
        gc.enable() if was else gc.disable()


def test_a_kind_of_entries_is_kept_compressed_and_pruned_to_what_a_run_used(tmp_path):
    """The annexes' row blocks: read back as written, stored smaller than their text, and only those the last
    writer used are left after a prune (a damaged entry is no entry)."""
    store = cache_module.ContentCache(tmp_path)
    first = store.kind("rows")
    rows = {f"k{n}": ("<row>" + "进展情况" * 2000 + f"{n}</row>").encode() for n in range(4)}
    for key, value in rows.items():
        first.put(key, value)
    folder = tmp_path / CACHE_DIR / "rows"
    assert all(p.stat().st_size < len(rows[p.stem]) / 5 for p in folder.iterdir())
    second = store.kind("rows")
    assert second.get("k1") == rows["k1"] and second.get("k2") == rows["k2"] and second.get("nope") is None
    second.put("k9", b"<row/>")
    second.prune()
    assert sorted(p.stem for p in folder.iterdir()) == ["k1", "k2", "k9"]
    (folder / "k1.pickle").write_bytes((folder / "k1.pickle").read_bytes()[:-9])
    assert store.kind("rows").get("k1") is None and store.kind("rows").get("k2") == rows["k2"]


_PROBE = """
import sys
from generator.cli import main
try:
    main(["run", sys.argv[1], "--period", "2018-05"])
except SystemExit as stop:  # the command line ends with its exit code
    assert stop.code == 0, stop.code
heavy = ["openpyxl", "numpy", "matplotlib", "docx", "docxtpl", "lxml", "alembic", "generator.plan.importer"]
print("LOADED:", *[name for name in heavy if name in sys.modules])
"""


def test_an_unchanged_run_imports_no_document_writer(tmp_path):
    """`taizhang run` with nothing changed answers from its record: the document writers, openpyxl (with numpy),
    Alembic and the plan importer are never imported — importing them was most of such a run's time."""
    ws = copy_example(tmp_path / "ws")

    def loaded() -> set[str]:
        command = [sys.executable, "-c", _PROBE, str(ws.root)]
        done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        line = next(line for line in done.stdout.splitlines() if line.startswith("LOADED:"))  # among the run's own
        return set(line.split()[1:])

    assert {"matplotlib", "docx", "docxtpl"} <= loaded()  # the first run makes the month: the probe sees imports
    assert loaded() == set()
