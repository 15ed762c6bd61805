"""One month, end to end: read → check → merge → store → documents. The CLI's `run` calls `run_period`."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.atomic import remove_stale_temporaries
from generator.checks import ERROR, Problem
from generator.documents import annexes, chart, context, letters, pdf, receipt, report
from generator.documents.docx import render
from generator.errors import TaizhangError
from generator.intake import Intake, ingest, received_files
from generator.plan import Plan, read_plan
from generator.plan.readiness import ensure_ready
from generator.progress import MonthProgress, merge_month
from generator.store import History
from generator.store.archive import archive_file
from generator.trends import month_trends
from generator.workspace import RECEIPTS, Workspace

BULLETIN_TEMPLATE = "bulletin.docx"
NOTICE_TEMPLATE = "notice.docx"
CHART_WIDTH_MM = 150


@dataclass
class RunResult:
    period: str
    month: MonthProgress
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    issue_no: int = 0
    files: int = 0
    chart_font: str | None = None
    receipts: list[Path] = field(default_factory=list)
    notices: list[Path] = field(default_factory=list)  # 督办通知/<unit>.docx, 催报通知/<unit>.docx
    intake: Intake | None = None  # what was received and how each file was judged (for `taizhang demo`)

    @property
    def errors(self) -> int:
        return sum(p.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def write_receipts(plan: Plan, intake: Intake, folder: Path) -> list[Path]:
    """One 回执 per received file: named after the unit for the file that counts, after unit and file otherwise."""
    paths = []
    for checked in intake.checked:
        accepted, reason = intake.verdict(checked)
        name = receipt.receipt_name(checked, plan, accepted)
        paths.append(receipt.write_receipt(checked, plan, intake.period, accepted, reason, folder / name))
    return paths


def output_names(issue_no: int) -> dict[str, str]:
    return {
        "bulletin": f"工作进展通报（第{issue_no}期）.docx",
        "notice": "关于印发工作方案的通知.docx",
        "report": "校验报告.xlsx",
    }


def run_period(
    ws: Workspace,
    period: str,
    issued_on: date | None = None,
    make_pdf: bool = False,
    on_file: Callable[[Path], None] | None = None,
) -> RunResult:
    """Process `inputs/<period>/` and write `outputs/<period>/`; return what was written and found.

    The bulletin is dated `issued_on`, by default the report due day after the month (Workspace.bulletin_date)."""
    issued_on = issued_on or ws.bulletin_date(period)
    plan = read_plan(ws.plan_path)
    ensure_ready(plan)
    folder = ws.period_inputs(period)
    if not folder.is_dir():
        raise TaizhangError(f"找不到本期收件文件夹 {folder}：请新建该文件夹并放入各单位报送的台账。")
    intake = ingest(folder, plan, period, ws.limits(), on_file)
    for checked in intake.checked:
        archive_file(ws.archive, checked.submission.path, checked.submission.sha256)
    month = merge_month(plan, intake)
    history = History(ws.db_url)
    try:
        previous = history.previous(period)
        issue_no = history.issue_number(period)
        result = RunResult(
            period, month, problems=intake.problems, issue_no=issue_no, files=len(intake.checked), intake=intake
        )
        out = ws.period_outputs(period)
        remove_stale_temporaries(out)
        names = output_names(issue_no)
        with tempfile.TemporaryDirectory(prefix="taizhang-") as tmp:
            png = Path(tmp) / "chart.png"
            result.chart_font = chart.completion_chart(
                [u.short_name for u in month.units],
                [u.avg_percent for u in month.units],
                ["" if u.reported else "未报送" for u in month.units],
                png,
            )
            trends = month_trends(history, month)
            images = {"chart": (png, CHART_WIDTH_MM)}
            if len(trends.periods) >= 2:
                trend_png = Path(tmp) / "trend.png"
                chart.trend_chart(trends.periods, {u.short_name: u.points for u in trends.units}, trend_png)
                images["trend_chart"] = (trend_png, CHART_WIDTH_MM)
            bulletin = context.bulletin_context(plan, month, previous, issue_no, issued_on, trends)
            result.outputs.append(render(ws.template(BULLETIN_TEMPLATE), bulletin, out / names["bulletin"], images))
        result.outputs.append(render(ws.template(NOTICE_TEMPLATE), context.notice_context(plan), out / names["notice"]))
        result.outputs += annexes.write_annexes(plan, month, out)
        result.notices = letters.write_letters(plan, month, ws.template, out, issued_on)
        result.outputs.append(report.write_report(intake, out / names["report"]))
        result.receipts = write_receipts(plan, intake, out / RECEIPTS)
        history.save_run(month, intake, issue_no)
    finally:
        history.close()
    if make_pdf:
        result.outputs += [pdf.to_pdf(path, out / "pdf") for path in list(result.outputs)]
    return result


def store_period(ws: Workspace, period: str) -> int:
    """Read, check, archive and store a month in the history without writing its documents; its 第N期."""
    plan = read_plan(ws.plan_path)
    intake = ingest(ws.period_inputs(period), plan, period, ws.limits())
    for checked in intake.checked:
        archive_file(ws.archive, checked.submission.path, checked.submission.sha256)
    month = merge_month(plan, intake)
    with History(ws.db_url) as history:
        issue_no = history.issue_number(period)
        history.save_run(month, intake, issue_no)
    return issue_no


def unstored_earlier_periods(ws: Workspace, period: str) -> list[str]:
    """Months before `period` with received files in inputs/ that the history does not hold yet, oldest first."""
    with History(ws.db_url) as history:
        stored = set(history.periods())
    return [p for p in ws.periods() if p < period and p not in stored and received_files(ws.period_inputs(p))]
