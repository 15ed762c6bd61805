"""The month's documents (本月文件), written in two branches at once.

What a month is made of is settled before they part (the merged month, the scores, the trends, the letters' 发文字号
reserved in the history): after that the documents share nothing. One branch, forked, writes the spreadsheets: the
receipts (回执), the annexes (附件) and the score sheet (考核得分表). This process writes the Word documents — the
bulletin (通报) with its charts and the letters (督办、催报通知) — and then stores the month in the history, while
the annexes, the longest single piece of work, are still being written: the two branches end nearer together than
when the other one stored the month too. The letters and receipts, many small documents each, are spread over the
worker processes in turn. The notice (印发通知) needs only the plan: it is started in a process of its own once the
month's files are read (`start_notice`), and written while the month is merged on the other core. Forked
branches send back what they wrote, their failures and their manifest entries (generator/parallel.py).

Every document is kept as it is when what it is made from did not change (OutputManifest keys).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

from generator.assessment import UnitScore
from generator.cache import CacheStats, ContentCache, OutputManifest, file_hash, key_of
from generator.checks import Problem
from generator.documents import BULLETIN_TEMPLATE
from generator.intake import Intake
from generator.ledger.files import Limits
from generator.office_settings import OfficeSettings
from generator.parallel import Forked, both
from generator.plan import Plan
from generator.progress import MonthProgress
from generator.trends import Trends

CHART_WIDTH_MM = 150.0


@dataclass(frozen=True)
class MonthSources:
    """本月文件的依据: everything the month's documents are made from, settled before the branches part."""

    plan: Plan
    month: MonthProgress
    intake: Intake
    office: OfficeSettings
    trends: Trends
    bulletin: dict  # the bulletin's context (documents/context.py)
    scores: list[UnitScore]
    scores_title: str
    numbers: dict[str, dict[str, str]]  # 发文字号 of the letters: kind → unit → number
    issued_on: date
    template: Callable[[str], Path]  # a template's file, by name (the workspace's own copy or templates/)
    limits: Limits
    plan_key: str
    month_key: str  # the plan, the period, the limits, the extensions and the files that counted
    names: dict[str, str]  # the bulletin's file name, and the others' (run.output_names)
    folder: Path  # outputs/<period>/
    receipts_folder: Path  # outputs/<period>/回执/


@dataclass
class MonthDocuments:
    """What was written (or kept): in the order the run lists them."""

    outputs: list[Path] = field(default_factory=list)  # bulletin and its whole tables, notice, annexes, score sheet
    notices: list[Path] = field(default_factory=list)  # 督办通知/<unit>.docx, 催报通知/<unit>.docx
    receipts: list[Path] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)  # documents that could not be written (the others were)
    chart_font: str | None = None


@dataclass(frozen=True)
class _Written:
    """What a forked branch sends back."""

    outputs: list[Path]
    receipts: list[Path] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)
    entries: dict[str, list] = field(default_factory=dict)  # the month manifest's entries it set
    stats: CacheStats = field(default_factory=CacheStats)


def _as_branch(work: Callable[[], _Written], kept: OutputManifest, cache: ContentCache) -> _Written:
    """`work()` as a forked branch does it: counting into cache counts of its own and noting the manifest entries
    it sets, both sent back with what it wrote (`_apply` takes them in). Also right when there is no fork and the
    branch runs here: nothing is counted twice."""
    before = dict(kept.entries)
    own, cache.stats = cache.stats, CacheStats()
    try:
        written = work()
        entries = {name: e for name, e in kept.entries.items() if before.get(name) != e}
        return replace(written, entries=entries, stats=cache.stats)
    finally:
        cache.stats = own


def write_month(
    sources: MonthSources,
    cache: ContentCache,
    kept: OutputManifest,
    stage: Callable[[str], None],
    notice: Forked[_Written],
    store: Callable[[], None],
    report: Callable[[list[Problem]], object],
) -> MonthDocuments:
    """Write the month's documents into `sources.folder`, and `store()` the month in the history meanwhile (here,
    once the Word documents are written, while the other branch writes the annexes). `stage` is told 印发通知,
    督办、催报通知 and 附件、回执与历史 as this process reaches them (the bulletin is the stage the caller
    announced). `report(failures)` is called once the Word documents are written, with their failures, before
    waiting for the other branch: the validation report is written then, and again by the caller only if the other
    branch failed somewhere too."""

    def figures() -> _Written:
        # The receipts first: their worker processes are forked before this branch's own memory grows (the
        # annexes' blocks), so they share more of it.
        failures: list[Problem] = []
        receipts = write_receipts(
            sources.plan,
            sources.intake,
            sources.receipts_folder,
            failures,
            sources.limits,
            cache.manifest(str(sources.receipts_folder)),
            sources.plan_key,
        )
        return _Written(_write_annexes(sources, cache, kept), receipts, failures)

    def word_documents() -> MonthDocuments:
        written = MonthDocuments()
        bulletin, written.chart_font = _write_bulletin(sources, cache, kept)
        written.outputs += bulletin
        stage("印发通知")  # written meanwhile since the plan was read: waiting for it, if still at work
        written.outputs += _apply(notice.result(), kept, cache)
        stage("督办、催报通知")
        from generator.documents import letters

        written.notices = letters.write_letters(
            sources.plan,
            sources.month,
            sources.template,
            sources.folder,
            sources.issued_on,
            sources.office,
            sources.numbers,
            on_failure=written.failures.append,
            manifest=kept,
        )
        report(written.failures)
        stage("附件、回执与历史")  # the annexes and receipts are the other branch's: the history is stored here
        store()
        return written

    side, written = both(partial(_as_branch, figures, kept, cache), word_documents)
    written.outputs += _apply(side, kept, cache)
    written.receipts = side.receipts
    written.failures += side.failures
    return written


def _apply(side: _Written, kept: OutputManifest, cache: ContentCache) -> list[Path]:
    """A forked branch's manifest entries and cache counts taken in here; the outputs it wrote."""
    kept.entries.update(side.entries)
    cache.stats.hits += side.stats.hits
    cache.stats.misses += side.stats.misses
    cache.stats.skipped_outputs += side.stats.skipped_outputs
    cache.stats.written_outputs += side.stats.written_outputs
    return side.outputs


def start_notice(
    plan: Plan, office: OfficeSettings, template: Path, path: Path, plan_key: str, cache: ContentCache
) -> Forked[_Written]:
    """The notice (印发通知) at `path`, started in a process of its own: it is the plan's, written again only when
    the plan or its template changed, with the annexes too long to print beside it as spreadsheets. Pass what
    `result()` gives to `write_month`."""

    def work() -> _Written:
        from generator.documents import notice_context, summary
        from generator.documents.docx import render

        kept = cache.manifest(str(path.parent))  # its view of the month's manifest: its entries go back
        rows = office.notice_rows
        key = key_of("notice", plan_key, file_hash(template), rows)
        files = [path, *(path.parent / name for name in summary.notice_file_names(plan, rows))]

        def write() -> None:
            notice = notice_context.notice_context(plan, rows)
            render(template, notice, path)
            for table in summary.notice_tables(notice):  # annexes too long to print, as spreadsheets
                summary.write_full_table(table, path.parent / table.file)

        return _as_branch(lambda: _Written(kept.refresh(files, key, write)), kept, cache)

    return Forked(work)


def _write_annexes(sources: MonthSources, cache: ContentCache, kept: OutputManifest) -> list[Path]:
    """The annexes are the month's figures: made from the plan, the files that counted and the extensions; and the
    score sheet (考核得分表)."""
    from generator.documents import annexes, scores

    plan, out = sources.plan, sources.folder
    written: list[Path] = []
    blocks = cache.kind("rows")  # the annexes' rows, kept for this month's next run (a resent ledger)
    for n, (layout, name) in enumerate(zip(plan.annex_layouts, annexes.annex_file_names(plan)), start=1):
        write = partial(annexes.LAYOUTS[layout], plan, sources.month, out / name, n, blocks)
        written += kept.refresh([out / name], key_of("annex", sources.month_key, n, layout), write)
    if blocks.used:  # the annexes were written: what they did not use is of another month or version
        blocks.prune()
    sheet = out / scores.SCORES_FILE
    write = partial(scores.write_scores, sources.scores, sources.scores_title, sheet)
    written += kept.refresh([sheet], key_of("scores", sources.scores_title, repr(sources.scores)), write)
    return written


def _write_bulletin(sources: MonthSources, cache: ContentCache, kept: OutputManifest) -> tuple[list[Path], str | None]:
    """The bulletin with its charts, and the whole tables it shortened; kept as they are when their content (the
    context, the charts' figures and the template) is what it was at the last run. Also the chart's font."""
    from generator.documents import chart, summary
    from generator.documents.docx import render

    month, trends, bulletin = sources.month, sources.trends, sources.bulletin
    path = sources.folder / sources.names["bulletin"]
    bars = summary.chart_rows(
        [
            (u.short_name, u.avg_percent or 0.0 if u.reported else 0.0, "" if u.reported else "未报送")
            for u in month.ranked_units
        ],
        sources.office.table_rows,
    )
    cut = len(bars) < len(month.ranked_units)  # then the trend shows only the units the bar chart shows
    shown = {name for name, _, _ in bars}
    lines = {u.short_name: u.points for u in trends.units if not cut or u.short_name in shown}
    template = sources.template(BULLETIN_TEMPLATE)
    key = key_of("bulletin", file_hash(template), bulletin, bars, trends.periods, lines)
    tables = [path.parent / t.file for t in bulletin["full_tables"]]
    font = cache.get("chart-font", key)
    if isinstance(font, tuple) and all(kept.up_to_date(p, key) for p in [path, *tables]):
        chart_font = font[0]
    else:
        with tempfile.TemporaryDirectory(prefix="taizhang-") as tmp:
            png = Path(tmp) / "chart.png"
            chart_font = chart.completion_chart([b[0] for b in bars], [b[1] for b in bars], [b[2] for b in bars], png)
            images = {"chart": (png, CHART_WIDTH_MM)}
            if len(trends.periods) >= 2:  # a line needs two months
                trend_png = Path(tmp) / "trend.png"
                chart.trend_chart(trends.periods, lines, trend_png)
                images["trend_chart"] = (trend_png, CHART_WIDTH_MM)
            render(template, bulletin, path, images)
        for table in bulletin["full_tables"]:  # the tables the bulletin shortened, whole
            summary.write_full_table(table, path.parent / table.file)
        for written in [path, *tables]:
            kept.record(written, key)
        cache.put("chart-font", key, (chart_font,))
    for stale in set(summary.FULL_TABLE_FILES) - {t.file for t in bulletin["full_tables"]}:
        (path.parent / stale).unlink(missing_ok=True)  # a month run again at a smaller scale
    return [path, *tables], chart_font


def write_receipts(
    plan: Plan,
    intake: Intake,
    folder: Path,
    failures: list[Problem] | None = None,
    limits: Limits | None = None,
    manifest: OutputManifest | None = None,
    plan_key: str = "",
) -> list[Path]:
    """One 回执 per received file: named after the unit for the file that counts, after unit and file otherwise.

    Names that differ only in case (…草稿.xlsx and …草稿.XLSX sent together) get (2), (3): Windows and macOS would
    otherwise write one over the other. A receipt that cannot be written is reported in `failures` and the others
    are still written; receipts of files no longer in inputs/ are removed once the new ones are in place.

    With a `manifest`, a receipt is written only for a new or changed file: one whose receipt exists, untouched,
    with the same file hash, plan, period, code version and verdict is kept as it is."""
    from generator.documents import receipt

    before = set(folder.glob("*.xlsx")) if folder.is_dir() else set()
    taken: set[str] = set()
    kept: list[Path | None] = []  # per file, in order: the receipt kept as it is, or None when it is written now
    jobs: list[tuple[receipt.ReceiptJob, str]] = []
    for checked in intake.checked:
        accepted, reason = intake.verdict(checked)
        name = receipt.receipt_name(checked, plan, accepted)
        stem, n = name.removesuffix(".xlsx"), 2
        while name.casefold() in taken:
            name, n = f"{stem}({n}).xlsx", n + 1
        taken.add(name.casefold())
        sub = checked.submission
        key = key_of("receipt", sub.sha256, sub.file_name, plan_key, intake.period, accepted, reason, repr(limits))
        if manifest is not None and sub.sha256 and manifest.up_to_date(folder / name, key):
            kept.append(folder / name)
            continue
        kept.append(None)
        jobs.append((receipt.receipt_job(checked, plan, intake.period, accepted, reason, folder / name, limits), key))
    written = iter(zip(jobs, receipt.write_all([job for job, _ in jobs])))
    paths: list[Path] = []
    for path in kept:
        if path is not None:
            paths.append(path)
            continue
        (job, key), exc = next(written)
        if exc is None:
            paths.append(job.path)
            if manifest is not None:
                manifest.record(job.path, key)
        elif failures is None:
            raise exc
        else:
            failures.append(output_failed(f"回执「{job.path.name}」", exc, job.file_name))
    for stale in before - set(paths):
        if stale.name.casefold() not in taken:
            stale.unlink(missing_ok=True)
    if manifest is not None:
        manifest.forget_missing()
        manifest.save()
    return paths


def output_failed(what: str, exc: BaseException, file: str = "") -> Problem:
    return Problem("output-failed", f"{what}写入失败：{exc.__class__.__name__}：{exc}", file=file)
