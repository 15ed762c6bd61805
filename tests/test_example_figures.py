"""The shipped examples give the same figures as before shared responsibility: tests/golden/example_figures.json
was captured from main before the change (task effective status, percent, days overdue, light; indicator
attainment; unit figures and ranks; 督办/催报 recipients)."""

from __future__ import annotations

import json

from conftest import ROOT

from generator.progress import is_missing

GOLDEN = json.loads((ROOT / "tests" / "golden" / "example_figures.json").read_text("utf-8"))


UNIT_FIELDS = "name rank reported total done on_schedule lagging not_started not_reported avg_percent completion_rate"
UNIT_FIELDS = UNIT_FIELDS.split()


def figures(result) -> dict:
    m = result.month
    return {
        "counts": m.counts,
        "completion_rate": m.completion_rate,
        "missing_units": list(m.missing_units),
        "tasks": {
            str(int(t.no)): [
                t.effective,
                None if is_missing(t.percent) else float(t.percent),
                int(t.days_overdue),
                t.light,
            ]
            for t in m.task_rows()
        },
        "indicators": {str(int(i.no)): i.attainment for i in m.indicator_rows()},
        "units": [[getattr(u, name) for name in UNIT_FIELDS] for u in m.units],
        "overdue": [int(row.no) for row in m.overdue_rows()],
        "notices": sorted(p.relative_to(p.parent.parent).as_posix() for p in result.notices),
    }


def test_jiaozuo_figures_unchanged(example_run):
    _, results, _ = example_run
    for period, result in results.items():
        assert figures(result) == GOLDEN["jiaozuo"][period], period


def test_hailing_figures_unchanged(hailing_run):
    _, result = hailing_run
    assert figures(result) == GOLDEN["hailing"]["2018-06"]
