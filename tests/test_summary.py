"""摘要: the head-and-tail rule of long bulletin tables, over every size and limit, and the whole table's XLSX."""

from __future__ import annotations

import openpyxl
import pytest

from generator.documents import summary
from generator.documents.context import OVERDUE_COLUMNS


def rows(n: int) -> list[dict]:
    return [{"no": i + 1, "name": f"单位{i + 1}", "value": i * 1.5} for i in range(n)]


@pytest.mark.parametrize("limit", [6, 7, 10, 31])
@pytest.mark.parametrize("tail", [True, False])
def test_head_and_tail_keeps_limit_rows_in_order_and_counts_the_rest(limit, tail):
    for n in range(0, 3 * limit):
        full = rows(n)
        shown = summary.head_and_tail(full, limit, "其余{n}个", "name", tail=tail)
        if n <= limit:
            assert shown == full
            continue
        assert len(shown) == limit
        gap = next(i for i, r in enumerate(shown) if r["no"] == summary.GAP)
        kept = shown[:gap] + shown[gap + 1 :]
        assert shown[gap]["name"] == f"其余{n - len(kept)}个" and shown[gap]["value"] == ""
        assert kept == full[:gap] + full[n - len(kept) + gap :]  # the first rows, then the last ones
        assert gap == (limit // 2 if tail else limit - 1)  # a ranking shows both ends, a list its head


def test_names_and_bars_are_cut_the_same_way():
    names = [f"县{i}" for i in range(40)]
    assert summary.names_text(names[:5], 5) == names[:5]
    assert summary.names_text(names, 5) == [*names[:4], "县4等40个单位"]
    bars = [(n, float(i), "") for i, n in enumerate(names)]
    shown = summary.chart_rows(bars, 10)
    assert len(shown) == 10 and shown[5] == ("……", 0.0, "…") and shown[:5] == bars[:5]
    assert shown[6:] == bars[-4:]


@pytest.mark.parametrize("flush_rows", [1, 7, 1000])
def test_the_whole_table_holds_every_row_as_text_never_a_formula(tmp_path, monkeypatch, flush_rows):
    monkeypatch.setattr(summary, "FLUSH_ROWS", flush_rows)  # rows leave memory as they go, or all at the end
    full = [
        {"no": i, "task": f"任务{i}", "unit": '=HYPERLINK("http://x")' if i == 3 else f"单位{i}", "days_overdue": i}
        for i in range(1, 500)
    ]
    table = summary.FullTable(summary.OVERDUE_FILE, "督办清单", OVERDUE_COLUMNS, tuple(full))
    path = summary.write_full_table(table, tmp_path / table.file)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.cell(2, 1).value == "督办清单"
    assert [c.value for c in sheet[3]] == [label for label, _, _ in OVERDUE_COLUMNS]
    got = [(r[0], r[1], r[2], r[6]) for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert got == [(r["no"], r["task"], r["unit"], r["days_overdue"]) for r in full]
    assert sheet.cell(6, 3).data_type == "s"  # the formula-looking name stays a string
