"""One month, end to end: read → check → merge → store → documents. The CLI's `run` calls `run_period`."""

from __future__ import annotations

import errno
import gc
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from generator import assessment, rerun
from generator.atomic import remove_stale_temporaries
from generator.cache import CacheStats, ContentCache, file_hash, key_of
from generator.checks import ERROR, Problem
from generator.documents import NOTICE_TEMPLATE
from generator.errors import TaizhangError
from generator.intake import Intake, ingest, read_ahead, received_files
from generator.lock import workspace_lock
from generator.office_settings import OfficeSettings, office_settings
from generator.parallel import Forked
from generator.plan import Plan
from generator.plan.readiness import ensure_ready
from generator.plan.reading import PlanReading
from generator.progress import MonthProgress, merge_month
from generator.safety import is_link, workspace_umask
from generator.store import History, deadlines, numbering
from generator.trends import month_trends
from generator.workspace import RECEIPTS, Workspace


@dataclass(frozen=True)
class MonthHeadline:
    """本月概况: what the command line, `watch` and the portal print of a month, kept with the run's record."""

    tasks: int
    counts: dict[str, int]
    completion_rate: float
    missing_units: tuple[str, ...]

    @classmethod
    def of(cls, month: MonthProgress) -> MonthHeadline:
        return cls(len(month.tasks), dict(month.counts), month.completion_rate, tuple(month.missing_units))


@dataclass
class RunResult:
    period: str
    month: MonthProgress | None  # None when nothing changed since the last run: its documents are kept
    headline: MonthHeadline
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    issue_no: int = 0
    files: int = 0
    chart_font: str | None = None
    receipts: list[Path] = field(default_factory=list)
    notices: list[Path] = field(default_factory=list)  # 督办通知/<unit>.docx, 催报通知/<unit>.docx
    intake: Intake | None = field(default=None, repr=False)  # every file as read and checked
    scores: list[assessment.UnitScore] = field(default_factory=list)  # 考核, ranked per category
    pdfs: list[Path] = field(default_factory=list)  # with --pdf: pdf/<the document's place>.pdf
    cache: CacheStats = field(default_factory=CacheStats)  # what came from .taizhang-cache/, what was kept
    unchanged: bool = False  # the month's inputs, plan, settings, templates and history were as at the last run

    @property
    def errors(self) -> int:
        return sum(p.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def letter_numbers(
    history: History, plan: Plan, office: OfficeSettings, month: MonthProgress, issued_on: date
) -> dict[str, dict[str, str]]:
    """发文字号 of every letter of the month: kind → unit → 焦示城创办督〔2018〕3号, reserved in the history."""
    from generator.documents import letters

    out: dict[str, dict[str, str]] = {}
    for kind, units in letters.letter_units(month).items():
        prefix = office.number_prefixes.get(kind) or numbering.default_prefix(plan.info.doc_number, kind)
        if not prefix or not units:
            continue
        reserved = history.reserve_numbers(kind, issued_on.year, month.period, units)
        out[kind] = {unit: numbering.document_number(prefix, issued_on.year, n) for unit, n in reserved.items()}
    return out


NOTICE_FILE = "关于印发工作方案的通知.docx"


def output_names(issue_no: int) -> dict[str, str]:
    return {"bulletin": f"工作进展通报（第{issue_no}期）.docx", "notice": NOTICE_FILE, "report": "校验报告.xlsx"}


# What `on_stage` is told, in order (the command line shows them on its progress bar; PDF only with --pdf).
STAGES = (
    "读取方案",
    "合并本月数据",
    "工作进展通报",
    "印发通知",
    "督办、催报通知",
    "附件、回执与历史",  # the history stored here while a second process writes these (documents/month.py)
    "校验报告",
)


def run_period(
    ws: Workspace,
    period: str,
    issued_on: date | None = None,
    make_pdf: bool = False,
    on_file: Callable[[Path], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> RunResult:
    """Process `inputs/<period>/` and write `outputs/<period>/`; return what was written and found.

    The bulletin is dated `issued_on`, by default the report due day after the month (Workspace.bulletin_date).
    One run at a time per workspace (taizhang.lock); files written are no more open than the workspace folder; a
    full disk or a damaged history database stops the run with a one-line message (TaizhangError).

    `on_file` is called for each received file as it is read, `on_stage` with each stage's name (STAGES) as it
    starts: a long run shows where it is."""
    issued_on = issued_on or ws.bulletin_date(period)
    try:
        with workspace_lock(ws.root), workspace_umask(ws.root):
            return _run_period(ws, period, issued_on, make_pdf, on_file, on_stage or (lambda _: None))
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            _forget_unclosed_writers(exc)
            raise TaizhangError(
                f"磁盘空间不足，本月未能全部写出（{exc.filename or ws.root}）："
                "请清理磁盘后重新运行，已有的文件未被改动。"
            ) from exc
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise TaizhangError(
                f"无法写入 {exc.filename or ws.root}（{exc.strerror}）：请检查文件夹权限后重新运行。"
            ) from exc
        raise
    except SQLAlchemyError as exc:
        raise TaizhangError(
            f"历史数据库出错（{exc.__class__.__name__}：{str(exc).splitlines()[0][:200]}）："
            "数据库文件可能已损坏，请从备份恢复或换一个数据库（--db）后重新运行。"
        ) from exc


def _forget_unclosed_writers(exc: BaseException) -> None:
    """A writer stopped by a full disk leaves its zip file open; when it is closed later (at the latest at exit),
    its flush fails again and Python prints that to stderr. From now on such late "disk full" errors are dropped:
    the one-line message has said it all. Any other late error is still shown."""
    previous = sys.unraisablehook

    def quiet(unraisable: sys.UnraisableHookArgs) -> None:
        value = unraisable.exc_value
        if not (isinstance(value, OSError) and value.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)):
            previous(unraisable)

    sys.unraisablehook = quiet
    traceback.clear_frames(exc.__traceback__)
    gc.collect()


def _run_period(
    ws: Workspace,
    period: str,
    issued_on: date,
    make_pdf: bool,
    on_file: Callable[[Path], None] | None,
    stage: Callable[[str], None],
) -> RunResult:
    cache = ContentCache(ws.root)
    plan_key = file_hash(ws.plan_path) if ws.plan_path.is_file() else ""
    folder = ws.period_inputs(period)
    if is_link(folder) or is_link(ws.inputs):
        raise TaizhangError(f"收件文件夹 {folder} 是链接（快捷方式）：出于安全不读取，请改为普通文件夹。")
    if not folder.is_dir():
        raise TaizhangError(f"找不到本期收件文件夹 {folder}：请新建该文件夹并放入各单位报送的台账。")
    limits = ws.limits()
    history = History(ws.db_url)
    notice: Forked | None = None
    reading: PlanReading | None = None
    try:
        # A plan not read before is read from now on, in a process of its own, while this one sees whether anything
        # changed since the last run and reads the month's files ahead.
        reading = PlanReading(ws.plan_path, cache, plan_key)
        fingerprint = rerun.fingerprint(ws, period, issued_on, make_pdf, plan_key, limits, history)
        kept_run = unchanged_run(cache, period, fingerprint)
        if kept_run is not None:
            return kept_run
        # The document writers (python-docx, docxtpl, matplotlib, openpyxl) are imported only when a month is made:
        # importing them took longer than everything an unchanged re-run does.
        from generator.documents import chart, context, pdf, report
        from generator.documents.month import MonthSources, start_notice, write_month

        stage("读取方案")
        # The month's files are read meanwhile as far as they can be without the plan: nothing is written yet, so
        # a plan that is not ready stops the run before anything is.
        ahead = None
        if reading.forked:
            ahead = read_ahead(folder, period, limits, cache, plan_key)
            chart.prepare()  # the plan takes longer than the files: the bulletin's chart library is imported meanwhile
        plan = reading.result()
        ensure_ready(plan)
        office = office_settings(plan.info, ws.settings("office"), ws.report_due_day())
        out = ws.period_outputs(period)
        remove_stale_temporaries(out)
        rules = assessment.assessment_settings(ws.settings("assessment"))
        intake = ingest(
            folder, plan, period, limits, on_file, archive=ws.archive, cache=cache, plan_key=plan_key, ahead=ahead
        )
        del ahead  # the files' bytes and whole sheets: what the month needs of them is in the intake now
        # The notice needs only the plan (as issued): written in a process of its own from here on, while the month
        # is merged and the bulletin's figures made on one core (the files were read on both).
        notice = start_notice(plan, office, ws.template(NOTICE_TEMPLATE), out / NOTICE_FILE, plan_key, cache)
        # Approved extensions (延期) judge a task against its new deadline from their month on; reading stays as issued.
        changes = deadlines.changes_in_force(history.engine, period)
        plan = deadlines.apply_changes(plan, changes)
        stage("合并本月数据")
        # The plan, the files read and the merged month live until the run ends; at a province's scale they are
        # millions of objects that the cyclic garbage collector would scan again at every collection later stages
        # trigger (a third of the merge's time). gc.freeze() sets them aside from those scans; reference counting
        # still frees them, and the run's end hands them back to the collector (`watch` and the portal run on).
        gc.freeze()
        month = merge_month(plan, intake)
        gc.freeze()
        with history.numbering():  # from choosing 第N期 until the month is stored
            previous = history.previous(period)
            issue_no = history.issue_number(period)
            failures: list[Problem] = []
            problems = intake.counted_problems
            result = RunResult(
                period,
                month,
                MonthHeadline.of(month),
                problems=problems,
                issue_no=issue_no,
                files=len(intake.checked),
                intake=intake,
            )
            result.cache = cache.stats
            names = output_names(issue_no)
            stage("工作进展通报")
            kept = cache.manifest(str(out))  # the month's documents, each with the key of what it was made from
            inputs = assessment.month_inputs(plan, month, intake, office.due_day, issued_on)
            result.scores = assessment.assess(inputs, rules, history.previous_scores(period))
            trends = month_trends(history, month)
            sources = MonthSources(
                plan,
                month,
                intake,
                office,
                trends,
                context.bulletin_context(
                    plan, month, previous, issue_no, issued_on, trends, office, result.scores, rules
                ),
                result.scores,
                f"{office.bulletin_title}（第{issue_no}期）考核得分表",
                # reserved here, before the branches part
                letter_numbers(history, plan, office, month, issued_on),
                issued_on,
                ws.template,
                limits,
                plan_key,
                key_of("month", plan_key, period, repr(limits), sorted(map(repr, changes.items())), _files_of(intake)),
                names,
                out,
                out / RECEIPTS,
            )
            scored = [(s.unit, s.category, s.score, s.rank) for s in result.scores]

            def store() -> None:  # by write_month, once the Word documents are written, while the annexes are
                history.save_run(month, intake, issue_no)
                history.save_scores(period, scored)

            report_path = out / names["report"]

            def write_report(failed: list[Problem]) -> None:
                """The validation report lists the documents that could not be written: keyed by them too."""
                listed = intake.problems + failed
                write = partial(report.write_report, intake, report_path, listed)
                kept.refresh([report_path], key_of("report", sources.month_key, repr(listed)), write)

            written = write_month(sources, cache, kept, stage, notice, store, write_report)
            result.outputs += written.outputs
            result.notices, result.receipts, result.chart_font = written.notices, written.receipts, written.chart_font
            failures += written.failures
            stage("校验报告")  # written before the other branch was waited for; again only if it failed somewhere
            write_report(failures)
            result.outputs.append(report_path)
            intake.batch_problems.extend(failures)  # the history's and the command line's count
            result.problems = problems + failures
            kept.forget_missing()
            kept.save()
            if failures:  # the month was stored before they were known
                history.save_problems(period, failures)
        if make_pdf:
            stage("PDF")
            # every document written, letters and receipts included, in one LibreOffice process
            documents = [*result.outputs, *result.notices, *result.receipts]
            result.pdfs = pdf.to_pdfs(documents, out, out / "pdf")
        if not failures:  # a run that could not write everything is done again next time
            record_run(cache, result, rerun.fingerprint(ws, period, issued_on, make_pdf, plan_key, limits, history))
    finally:
        if reading is not None:
            reading.cancel()  # a run stopped before it took the plan
        if notice is not None:
            notice.cancel()  # a run stopped before it needed the notice
        history.close()
        gc.unfreeze()
    return result


def _files_of(intake: Intake) -> list[tuple[str, str, bool]]:
    """The received files as the month used them: name, content hash, whether they counted."""
    return [(c.submission.file_name, c.submission.sha256, intake.verdict(c)[0]) for c in intake.checked]


def record_run(cache: ContentCache, result: RunResult, fingerprint: str) -> None:
    """Keep the run's result, without the month and the files read (a re-run that changes nothing needs neither)."""
    lean = replace(result, month=None, intake=None, cache=CacheStats())
    written = [*result.outputs, *result.notices, *result.receipts, *result.pdfs]
    rerun.record(cache, result.period, fingerprint, written, lean)


def unchanged_run(cache: ContentCache, period: str, fingerprint: str) -> RunResult | None:
    """The last run's result when nothing it was made from changed and its documents are untouched; else None."""
    found = rerun.recorded(cache, period, fingerprint)
    if found is None:
        return None
    lean, names = found
    if not isinstance(lean, RunResult):
        return None
    lean.unchanged = True
    lean.cache = CacheStats(hits=1, skipped_outputs=names)
    return lean


def store_period(ws: Workspace, period: str) -> int:
    """Read, check, archive and store a month in the history without writing its documents; its 第N期.

    The month is made as `run_period` makes it — the plan and the files' checks taken from the cache (and kept there
    for the month's own run later), the approved extensions in force — so that it stores what a run would."""
    with workspace_lock(ws.root), workspace_umask(ws.root):
        cache = ContentCache(ws.root)
        plan_key = file_hash(ws.plan_path) if ws.plan_path.is_file() else ""
        plan = PlanReading(ws.plan_path, cache, plan_key, in_background=False).result()
        ensure_ready(plan)
        limits = ws.limits()
        intake = ingest(
            ws.period_inputs(period), plan, period, limits, archive=ws.archive, cache=cache, plan_key=plan_key
        )
        with History(ws.db_url) as history, history.numbering():
            month = merge_month(
                deadlines.apply_changes(plan, deadlines.changes_in_force(history.engine, period)), intake
            )
            issue_no = history.issue_number(period)
            history.save_run(month, intake, issue_no)
        return issue_no


def unstored_earlier_periods(ws: Workspace, period: str) -> list[str]:
    """Months before `period` with received files in inputs/ that the history does not hold yet, oldest first."""
    with History(ws.db_url) as history:
        stored = set(history.periods())
    return [p for p in ws.periods() if p < period and p not in stored and received_files(ws.period_inputs(p))]
