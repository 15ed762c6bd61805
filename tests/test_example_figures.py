"""The shipped examples give the same figures as before shared responsibility: tests/golden/example_figures.json
was captured from main before the change (task effective status, percent, days overdue, light; indicator
attainment; unit figures and ranks; 督办/催报 recipients)."""

from __future__ import annotations

import json

from conftest import ROOT

GOLDEN = json.loads((ROOT / "tests" / "golden" / "example_figures.json").read_text("utf-8"))
UNIT_FIELDS = "name rank reported total done on_schedule lagging not_started not_reported avg_percent completion_rate"


def _field(unit, name: str):
    value = getattr(unit, name)
    # an unreported unit's average was printed as 0 before; it is now None (no figure), never 0
    return 0.0 if name == "avg_percent" and value is None and not unit.reported else value


def figures(result) -> dict:
    m = result.month
    return {
        "counts": m.counts,
        "completion_rate": m.completion_rate,
        "missing_units": list(m.missing_units),
        "tasks": {str(t.no): [t.effective, t.percent, t.days_overdue, t.light] for t in m.tasks},
        "indicators": {str(i.no): i.attainment for i in m.indicators},
        "units": [[_field(u, name) for name in UNIT_FIELDS.split()] for u in m.units],
        "overdue": [a.no for a in m.overdue],
        "notices": sorted(p.relative_to(p.parent.parent).as_posix() for p in result.notices),
    }


def test_jiaozuo_figures_unchanged(example_run):
    _, results, _ = example_run
    for period, result in results.items():
        assert figures(result) == GOLDEN["jiaozuo"][period], period


def test_hailing_figures_unchanged(hailing_run):
    _, result = hailing_run
    assert figures(result) == GOLDEN["hailing"]["2018-06"]
