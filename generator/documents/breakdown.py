"""任务分解表: the indicator table of the 海陵 seed, where 领域 and 任务 span their rows and an indicator may have
sub-rows (分项: 秸秆综合利用率 / 畜禽养殖场粪便综合利用率 under 农业废弃物综合利用率).

`breakdown_rows` lays the table out once, as printed rows with merge marks; the XLSX annex (`write_breakdown`) and
the notice's DOCX annex (notice_context.notice_context) both draw from it, so the two always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from generator.atomic import atomic_path
from generator.documents.provenance import write_source_sheet
from generator.documents.xlsx_common import Formats, fit_row, span, titled_sheet, write_cell
from generator.documents.xlsx_rows import BlockStore, TableBook
from generator.progress import MonthProgress, is_missing
from generator.rollup import IndicatorProgress

RESTART, CONTINUE = "restart", "continue"  # the w:vMerge values: a merged cell starts, or goes on
# Columns merged over runs of rows: (key, what starts a new run). "item" runs are the rows of one indicator.
MERGED = {"field": "field", "task": "task", "no": "item", "attribute": "item", "lead": "item"}
PLAN_COLUMNS = [  # (header, key, width in Excel characters)
    ("领域", "field", 6),
    ("任务", "task", 13),
    ("序号", "no", 5),
    ("指标名称", "name", 22),
    ("", "sub", 18),  # 分项: shares the 指标名称 header
    ("单位", "dimension", 10),
    ("指标值", "target", 16),
    ("指标属性", "attribute", 10),
    ("牵头部门", "lead", 12),
]
MONTH_COLUMNS = [("当前值", "current", 9), ("达标情况", "attainment", 9)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in str(text or "").split("\n")]


def item_parts(item) -> tuple[list[str], list[str] | None, list[str] | None]:
    """An indicator's sub-rows: (分项 names, 单位 per sub-row or None, 指标值 per sub-row or None).

    None means one cell for all sub-rows (merged): 单位 and 指标值 are split only when they have exactly one line
    per 分项 (≥95 / ≥95), so a target with a condition (≤0.70 / 且能源消耗总量不超过控制目标值) stays whole.
    """
    subs = list(item.sub_items) or [""]
    dims, targets = _lines(item.dimension), _lines(item.target_text)
    n = len(subs)
    return subs, (dims if n > 1 and len(dims) == n else None), (targets if n > 1 and len(targets) == n else None)


def breakdown_rows(items: Iterable, extra: Sequence[str] = ()) -> list[dict]:
    """Printed rows: one per 分项 (one for an indicator without). Each merged column has `<key>_merge` (restart or
    continue) and its text only on the restart row. `extra` names more per-indicator attributes to carry (merged
    like 序号), e.g. current, attainment. `has_sub` says whether the row's 指标名称 is split from a 分项 cell."""
    rows: list[dict] = []
    previous: dict | None = None
    for item in items:
        subs, dims, targets = item_parts(item)
        lead = item.lead_units or getattr(item, "unit_short", "") or item.unit
        values = {
            "field": item.field,
            "task": item.category,
            "no": item.no,
            "attribute": item.attribute,
            "lead": lead,
            **{key: getattr(item, key) for key in extra},
        }
        same_field = previous is not None and previous["field"] == item.field
        starts = {
            "field": not same_field,
            "task": not (same_field and previous is not None and previous["task"] == item.category),
        }
        for k, sub in enumerate(subs):
            row: dict = {"has_sub": bool(item.sub_items), "sub": sub}
            for key, value in values.items():
                restart = k == 0 and starts.get(MERGED.get(key, "item"), True)
                row[key] = value if restart else ""
                row[f"{key}_merge"] = RESTART if restart else CONTINUE
            row["name"], row["name_merge"] = (item.name, RESTART) if k == 0 else ("", CONTINUE)
            for key, merge, split, text in (
                ("dimension", "dim_merge", dims, item.dimension),
                ("target", "target_merge", targets, item.target_text),
            ):
                if split:
                    row[key], row[merge] = split[k], RESTART
                else:
                    row[key], row[merge] = ("\n".join(_lines(text)), RESTART) if k == 0 else ("", CONTINUE)
            rows.append(row)
        previous = values
    return rows


def merge_runs(rows: list[dict], key: str) -> list[tuple[int, int]]:
    """(first, last) row indexes of each merged cell of column `key`."""
    out: list[tuple[int, int]] = []
    for i, row in enumerate(rows):
        if row.get(f"{key}_merge", RESTART) == RESTART:
            out.append((i, i))
        else:
            out[-1] = (out[-1][0], i)
    return out


class _Row:
    """An indicator of the month as `breakdown_rows` reads it: the plan's fields, 当前值 and 达标情况 of its lead."""

    def __init__(self, item: IndicatorProgress):
        self._item = item
        main = item.main
        self.unit_short = item.unit_short
        self.current: object = main.value_text if is_missing(main.value) else main.value
        self.attainment = item.attainment

    def __getattr__(self, name: str) -> object:
        return getattr(self._item.indicator, name)


def write_breakdown(
    plan, month: MonthProgress, path: Path, annex_no: int, sheet_name: str, blocks: BlockStore | None = None
) -> Path:
    """The XLSX annex: the plan's columns as the seed has them, then this month's 当前值 and 达标情况."""
    rows = breakdown_rows([_Row(i) for i in month.indicators], extra=("current", "attainment"))
    with_sub = any(r["has_sub"] for r in rows)
    columns = [c for c in PLAN_COLUMNS if with_sub or c[1] != "sub"] + MONTH_COLUMNS
    keys = [key for _, key, _ in columns]
    widths = [w for _, _, w in columns]
    title = plan.annex_title("任务分解表")
    with atomic_path(path) as tmp:
        book = TableBook(tmp)
        fmt = Formats(book)
        sheet, first = titled_sheet(book, fmt, sheet_name, f"附件{annex_no}", title, [(h, w) for h, _, w in columns])
        name_col = keys.index("name")
        if with_sub:
            span(sheet, first - 1, name_col, first - 1, name_col + 1, "指标名称", fmt.head)
        formats = {"name": fmt.text, "sub": fmt.text, "lead": fmt.center, "current": fmt.number}
        for key in keys:
            if key == "sub":
                continue
            merge_key = {"dimension": "dim", "target": "target"}.get(key, key)
            for start, end in merge_runs(rows, merge_key):
                row = rows[start]
                last_col = keys.index(key)
                if key == "name" and with_sub and not row["has_sub"]:
                    last_col += 1  # no 分项: the name takes both halves of 指标名称
                cell_format = fmt.fill(row[key]) if key == "attainment" else formats.get(key, fmt.center)
                span(sheet, first + start, keys.index(key), first + end, last_col, row[key], cell_format)
        if with_sub:
            sub_col = keys.index("sub")
            for i, row in enumerate(rows):
                if row["has_sub"]:
                    write_cell(sheet, first + i, sub_col, row["sub"], fmt.text)
        for i in range(len(rows)):
            fit_row(sheet, first + i, [_share(rows, i, key) for key in keys], widths)
        write_source_sheet(book, fmt, [v for i in month.indicators for v in i.values], title, blocks)
        book.close()
    return path


def _share(rows: list[dict], i: int, key: str) -> str:
    """The part of a merged cell's text that row i must hold: its lines spread over the rows of the merge."""
    merge_key = {"dimension": "dim", "target": "target", "sub": "sub"}.get(key, key)
    for start, end in merge_runs(rows, merge_key):
        if start <= i <= end:
            text = str(rows[start].get(key, "") if not is_missing(rows[start].get(key)) else "")
            n = end - start + 1
            if n == 1:
                return text
            return text[: max(1, len(text) // n)]
    return ""
