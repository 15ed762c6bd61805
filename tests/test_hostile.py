"""Nothing a unit sends, and nothing a disk does, breaks the month.

One month receives a zoo of hostile files at once (sheets claiming a far corner, inflating or repeating cells, a
value that panics the reader, control characters, a runaway quote, text past a cell's limit, inf and NaN, odd file
names, links out of the workspace, names differing only in case). Every test checks the message each file gets,
that the batch finished with a receipt per file, that inputs/ is byte-identical and that every archived file's
bytes match the hash it is named by. The memory tests read in a child process capped at 1.5 GB of address space.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import copy_example, marked_receipt, tree_digest
from corpus import HEAD, Kit
from hostile import (
    date_cell_holding,
    far_corner,
    far_corner_without_references,
    inflating,
    ods,
    ods_far_row,
    ods_repeated_values,
    ods_row,
)

from generator.documents.receipt import SUMMARY_SHEET
from generator.run import run_period
from generator.safety import EXCEL_TEXT_LIMIT, TRUNCATION_MARK
from generator.workspace import RECEIPTS

PERIOD = "2018-05"
FGJ = "区发展改革规划局"  # owns task 5 only
T5 = "推进高耗能企业重点污染行业开展节水技术改造项目建设。"
GT = "区国土建设环保局"  # owns tasks 2, 3 and indicators 2, 5, 7, 14
LONG_NAME = FGJ + "长" * 75 + "x.csv"  # 254 bytes in UTF-8
CONTROL_NAME = f"{FGJ}\x07控制符.csv"


def csv_ledger(progress: str, status: str = "正在推进", percent: object = 50) -> bytes:
    return Kit.csv([HEAD, [5, T5, "2018年3月底前", progress, status, percent]], "utf-8")


def build_zoo(plan, scratch: Path) -> dict[str, bytes]:
    kit = Kit(plan, scratch)
    gt = kit.ledger(
        GT,
        {
            2: {"进展情况": "推进中", "完成状态": "正在推进", "完成百分比": 60},
            3: {"进展情况": "完成", "完成状态": "已完成"},
        },
        {2: {"指标当前值": 12345.678}, 5: {"指标当前值": 23456.789}, 7: {"指标当前值": 34567.891}},
    )
    for stored, hostile in ((b"12345.678", b"inf"), (b"23456.789", b"NaN"), (b"34567.891", b"-inf")):
        assert stored in _sheet_xml(gt), stored
        gt = _replace_in_sheets(gt, b"<v>" + stored + b"</v>", b"<v>" + hostile + b"</v>")
    draft = (EXAMPLE_2018_05 / "区农办2018年5月工作台账.xlsx").read_bytes()
    return {
        f"{FGJ}-远角.xlsx": far_corner(),
        f"{FGJ}-无引用.xlsx": far_corner_without_references(),
        f"{FGJ}-远行.ods": ods_far_row(),
        f"{FGJ}-重复值.ods": ods_repeated_values(),
        f"{FGJ}-恐慌.xlsx": date_cell_holding("-1e308"),
        f"{FGJ}-引号.csv": b'5,"' + b"x" * 200_000 + b"\r\n6,y\r\n",
        f"{FGJ}-控制符.csv": csv_ledger("第一段\x0b第二段\x00结束"),
        f"{FGJ}-斜杠.ods": ods(
            ods_row(*HEAD) + ods_row("5", T5, "2018年3月底前", "换页\x0c符", "正在推进", "60"), "重点/任务"
        ),
        f"{FGJ}-超长.csv": csv_ledger("长" * (EXCEL_TEXT_LIMIT + 10)),
        CONTROL_NAME: csv_ledger("文件名里有响铃符"),
        LONG_NAME: csv_ledger("文件名254字节"),
        f"{GT}-无穷.xlsx": gt,
        "区农办草稿.xlsx": draft,
        "区农办草稿.XLSX": draft,
    }


EXAMPLE_2018_05 = Path(__file__).resolve().parents[1] / "inputs" / PERIOD


def _sheet_xml(package: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def _replace_in_sheets(package: bytes, old: bytes, new: bytes) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data.replace(old, new) if info.filename.startswith("xl/worksheets/") else data)
    return out.getvalue()


def assert_archive_matches_names(archive: Path) -> int:
    files = [p for p in archive.rglob("*") if p.is_file()]
    for path in files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name.split(".")[0], path
    return len(files)


@pytest.fixture(scope="module")
def zoo(tmp_path_factory, plan):
    root = tmp_path_factory.mktemp("zoo")
    ws = copy_example(root)
    shutil.rmtree(ws.inputs / "2018-04")
    files = build_zoo(plan, root / "scratch")
    folder = ws.period_inputs(PERIOD)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    for draft in ("区农办草稿.xlsx", "区农办草稿.XLSX"):  # older than 区农办's real ledger: neither counts
        os.utime(folder / draft, (1514764800, 1514764800))
    outside = root / "outside.csv"
    outside.write_bytes(csv_ledger("工作区外的文件"))
    (folder / "区财政局.csv").symlink_to("/etc/passwd")
    (folder / "区国土分局.csv").symlink_to(outside)
    (folder / "区组织人力资源社会保障局").symlink_to(root)  # a link to a folder
    before = tree_digest(ws.inputs)
    links = {p.name: os.readlink(p) for p in folder.iterdir() if p.is_symlink()}
    result = run_period(ws, PERIOD, date(2018, 6, 5))
    return ws, result, before, links


def problems_of(result, name: str) -> list:
    checked = next(c for c in result.intake.checked if c.submission.file_name == name)
    return checked.submission.problems


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        (f"{FGJ}-远角.xlsx", "file-too-large", "1048576 行"),
        (f"{FGJ}-无引用.xlsx", "file-too-large", "300000 行"),
        (f"{FGJ}-远行.ods", "file-too-large", "1000002 行"),
        (f"{FGJ}-重复值.ods", "file-too-large", "100000 行"),
        (f"{FGJ}-恐慌.xlsx", "file-unreadable", "无法读取"),
        (f"{FGJ}-引号.csv", "file-unreadable", "引号"),
        ("区财政局.csv", "file-link", "链接"),
        ("区国土分局.csv", "file-link", "链接"),
        ("区组织人力资源社会保障局", "file-link", "链接"),
    ],
)
def test_a_hostile_file_gets_its_located_message(zoo, name, code, words):
    _, result, _, _ = zoo
    problems = problems_of(result, name)
    assert [p.code for p in problems] == [code], problems
    assert words in problems[0].message and name in problems[0].message
    assert problems[0].file == name


def test_the_batch_finishes_with_a_receipt_for_every_file(zoo):
    ws, result, _, _ = zoo
    out = ws.period_outputs(PERIOD)
    assert (out / "工作进展通报（第1期）.docx").exists() and (out / "校验报告.xlsx").exists()
    assert len(result.receipts) == len(result.intake.checked) == len(list(ws.period_inputs(PERIOD).iterdir()))
    assert not [p for p in result.problems if p.code == "output-failed"]
    for path in result.receipts:
        openpyxl.load_workbook(path).close()
        assert len(path.name.encode()) <= 130, path.name


def test_a_refused_file_gets_the_summary_sheet_only(zoo):
    _, result, _, _ = zoo
    refused = [c for c in result.intake.checked if c.submission.refused]
    assert len(refused) == 9
    by_file = dict(zip([c.submission.file_name for c in result.intake.checked], result.receipts, strict=True))
    for checked in refused:
        book = openpyxl.load_workbook(by_file[checked.submission.file_name])
        assert book.sheetnames == [SUMMARY_SHEET]


def test_inputs_are_byte_identical_and_links_untouched(zoo):
    ws, _, before, links = zoo
    assert tree_digest(ws.inputs) == before
    assert {p.name: os.readlink(p) for p in ws.period_inputs(PERIOD).iterdir() if p.is_symlink()} == links


def test_the_archive_holds_what_was_read_and_nothing_a_link_points_to(zoo):
    ws, result, _, _ = zoo
    assert assert_archive_matches_names(ws.archive) >= 10
    passwd = hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()
    assert not list(ws.archive.rglob(f"{passwd}*"))
    for checked in result.intake.checked:
        sub = checked.submission
        if sub.archived:
            assert sub.archived.read_bytes() == (ws.period_inputs(PERIOD) / sub.file_name).read_bytes()


def test_control_characters_reach_the_receipt_without_stopping_it(zoo, plan, tmp_path):
    _, result, _, _ = zoo
    checked = {c.submission.file_name: c for c in result.intake.checked}
    book = openpyxl.load_workbook(marked_receipt(checked[f"{FGJ}-控制符.csv"], plan, tmp_path, "Sheet1"))
    assert book["Sheet1"]["D2"].value == "第一段第二段结束"
    book = openpyxl.load_workbook(marked_receipt(checked[f"{FGJ}-斜杠.ods"], plan, tmp_path, "重点/任务"))
    assert book.sheetnames == [SUMMARY_SHEET, "重点_任务"]
    assert book["重点_任务"]["D2"].value == "换页符"


def test_text_past_a_cells_limit_is_a_problem_and_visibly_cut(zoo):
    _, result, _, _ = zoo
    problems = problems_of(result, f"{FGJ}-超长.csv")
    assert [(p.code, p.cell) for p in problems] == [("text-too-long", "D2")]
    assert str(EXCEL_TEXT_LIMIT + 10) in problems[0].message
    checked = next(c for c in result.intake.checked if c.submission.file_name == f"{FGJ}-超长.csv")
    progress = checked.tasks[5].progress
    assert len(progress) == EXCEL_TEXT_LIMIT and progress.endswith(TRUNCATION_MARK)


def test_inf_and_nan_are_invalid_values_and_never_reach_the_annex(zoo):
    ws, result, _, _ = zoo
    problems = problems_of(result, f"{GT}-无穷.xlsx")
    assert sorted(p.code for p in problems if p.code == "value-invalid") == ["value-invalid"] * 3, problems
    book = openpyxl.load_workbook(ws.period_outputs(PERIOD) / "附件2_量化指标台账.xlsx")
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [v for v in values if isinstance(v, float) and not math.isfinite(v)]


def test_odd_file_names_get_short_safe_receipt_names(zoo):
    _, result, _, _ = zoo
    names = {c.submission.file_name: r.name for c, r in zip(result.intake.checked, result.receipts, strict=True)}
    assert "\x07" not in names[CONTROL_NAME] and names[CONTROL_NAME].startswith(FGJ)
    assert len(names[LONG_NAME].encode()) <= 120
    assert len({name.casefold() for name in names.values()}) == len(names)  # …草稿.xlsx and …草稿.XLSX apart
    assert any(names[draft].endswith("(2).xlsx") for draft in ("区农办草稿.xlsx", "区农办草稿.XLSX"))


def test_receipts_of_files_no_longer_received_are_removed(tmp_path):
    ws = copy_example(tmp_path)
    extra = ws.period_inputs(PERIOD) / f"{FGJ}-草稿.csv"
    extra.write_bytes(csv_ledger("草稿"))
    first = run_period(ws, PERIOD, date(2018, 6, 5))
    extra.unlink()
    second = run_period(ws, PERIOD, date(2018, 6, 5))
    assert len(first.receipts) == 4 and len(second.receipts) == 3
    assert [p for p in first.receipts if p not in second.receipts and not p.exists()]
    assert sorted(p.name for p in (ws.period_outputs(PERIOD) / RECEIPTS).iterdir()) == sorted(
        p.name for p in second.receipts
    )


def test_a_receipt_that_cannot_be_written_is_reported_and_the_others_are_written(tmp_path):
    ws = copy_example(tmp_path)
    blocker = ws.period_outputs(PERIOD) / RECEIPTS / "区农办.xlsx"
    blocker.mkdir(parents=True)  # a folder where the receipt should go: the rename into place fails
    (blocker / "x").write_text("x")
    result = run_period(ws, PERIOD, date(2018, 6, 5))
    failed = [p for p in result.problems if p.code == "output-failed"]
    assert len(failed) == 1 and "区农办.xlsx" in failed[0].message
    assert len(result.receipts) == 2 and all(p.exists() for p in result.receipts)
    report = openpyxl.load_workbook(ws.period_outputs(PERIOD) / "校验报告.xlsx")
    assert any("区农办.xlsx" in str(c.value) for row in report.worksheets[0].iter_rows() for c in row)
    assert _stored_failures(ws) == [failed[0].message]  # the month was stored meanwhile: the failure joins it
    again = run_period(ws, PERIOD, date(2018, 6, 5))  # still blocked: reported again, stored once
    assert [p.message for p in again.problems if p.code == "output-failed"] == _stored_failures(ws)


def _stored_failures(ws) -> list[str]:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from generator.store import History
    from generator.store.models import ProblemRow

    with History(ws.db_url) as history, Session(history.engine) as session:
        query = select(ProblemRow.message).where(ProblemRow.period == PERIOD, ProblemRow.code == "output-failed")
        return list(session.scalars(query))


# ── bounded memory: the reader in a child process that may not map more than 1.5 GB ─────────────────────────────

_READ_CAPPED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
from pathlib import Path
from generator.ledger.read import read_submission
from generator.plan.units import UnitDirectory
sub = read_submission(Path(sys.argv[1]), UnitDirectory([]))
print(" ".join(p.code for p in sub.problems))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@pytest.mark.parametrize(
    "build",
    [
        lambda: ("far.xlsx", far_corner()),
        lambda: ("far-columns.xlsx", far_corner("XFD40000")),
        lambda: ("positional.xlsx", far_corner_without_references()),
        lambda: ("inflating.xlsx", inflating(120_000)),
        lambda: ("far.ods", ods_far_row()),
        lambda: ("repeated.ods", ods_repeated_values()),
        lambda: ("panic.xlsx", date_cell_holding("-1e308")),
    ],
    ids=["XFD1048576", "XFD40000", "no-references", "inflating-75MB", "ods-far-row", "ods-repeated", "panic"],
)
def test_any_file_is_read_under_a_memory_cap(tmp_path, build):
    name, data = build()
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-c", _READ_CAPPED, str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    codes, peak_kb = done.stdout.split("\n")[:2]
    assert codes.split()[0] in ("file-too-large", "file-unreadable"), codes
    assert int(peak_kb) < 1024 * 1024  # under 1 GB resident


# ── a full disk ──────────────────────────────────────────────────────────────────────────────────────────────────


def _small_disk(folder: Path, kilobytes: int) -> bool:
    """A tmpfs of `kilobytes` mounted on `folder` (root only); False when it cannot be mounted."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(folder)], capture_output=True, check=False
    )
    return done.returncode == 0


def test_a_full_disk_is_one_line_and_exit_2(tmp_path):
    disk = tmp_path / "disk"
    mounted = _small_disk(disk, 1024)
    try:
        ws = copy_example(disk)
        env = dict(os.environ)
        limit: list[str] = []
        if mounted:
            used = sum(p.stat().st_size for p in disk.rglob("*") if p.is_file())
            (disk / "filler").write_bytes(bytes(max(0, 1024 * 1024 - used - 200 * 1024)))  # leave ~200 KB
        else:  # without root: the same failure from a file-size limit (EFBIG instead of ENOSPC)
            limit = [
                "-c",
                "import resource,signal,sys,runpy; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
                "resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000)); sys.argv=sys.argv[1:]; "
                "runpy.run_module('generator', run_name='__main__')",
                "generator",
            ]
        command = [sys.executable, *(limit or ["-m", "generator"]), "run", str(ws.root), "--period", PERIOD]
        before = tree_digest(ws.inputs)
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, check=False)
        assert done.returncode == 2, (done.stdout, done.stderr)
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and ("磁盘空间不足" in lines[0]), done.stderr
        assert "Traceback" not in done.stderr
        assert tree_digest(ws.inputs) == before
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], check=False)


# ── messy ledgers: what the title and the 责任单位 cells say ────────────────────────────────────────────────────────


def test_titles_and_unit_cells_that_contradict_the_file_are_flagged_where_they_stand(tmp_path, plan):
    from generator.intake import ingest

    folder = tmp_path / PERIOD
    folder.mkdir()
    row = [5, T5, "2018年3月底前", "推进中", "正在推进", 50]
    files = {
        "某某局台账.csv": [[*HEAD, "责任单位"], [*row, "区水务局"]],
        f"{FGJ}-误发.csv": [[f"{GT}2018年5月重点工作任务台账"], HEAD, row],
        f"{FGJ}-上月.csv": [[f"{FGJ}2018年4月重点工作任务台账"], HEAD, row],
        f"{FGJ}-本月.csv": [[f"{FGJ}2018年1月至5月重点工作任务台账"], HEAD, row],
    }
    for name, rows in files.items():
        (folder / name).write_bytes(Kit.csv(rows, "utf-8"))
    intake = ingest(folder, plan, PERIOD)
    found = {
        c.submission.file_name: [(p.code, p.cell) for p in c.submission.problems if p.code != "duplicate-submission"]
        for c in intake.checked
    }
    messages = {c.submission.file_name: " ".join(p.message for p in c.submission.problems) for c in intake.checked}
    assert found["某某局台账.csv"] == [("unit-unknown", "G2")] and "区水务局" in messages["某某局台账.csv"]
    assert found[f"{FGJ}-误发.csv"] == [("unit-mismatch", "A1")] and GT in messages[f"{FGJ}-误发.csv"]
    assert found[f"{FGJ}-上月.csv"] == [("period-mismatch", "A1")] and "2018年4月" in messages[f"{FGJ}-上月.csv"]
    assert found[f"{FGJ}-本月.csv"] == []  # 1月至5月 reaches the month collected
