"""Import each seed plan and print precision / recall / F1 per field against the hand-written expected results.

    python scripts/score_import.py [--details]

Seeds: tests/seeds/<name>.txt; expected results: tests/plan_import/expected/<name>.json (see
generator/plan/importer/score.py for what each field compares). --details lists every mismatch.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.plan.importer import import_plan
from generator.plan.importer.score import load_expected, score_plan, score_table

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "plan_import" / "expected"
SEEDS = ROOT / "tests" / "seeds"


def score_seeds() -> dict:
    results = {}
    for expected_path in sorted(EXPECTED.glob("*.json")):
        expected = load_expected(expected_path)
        imported = import_plan(SEEDS / expected["seed"])
        results[expected_path.stem] = score_plan(imported, expected)
    return results


def details() -> None:
    from generator.plan.importer.text import key

    for expected_path in sorted(EXPECTED.glob("*.json")):
        expected = load_expected(expected_path)
        imported = import_plan(SEEDS / expected["seed"])
        items = {i.id: i for i in imported.items}
        print(f"## {expected_path.stem}")
        for e in expected["items"]:
            item = items.get(e["id"])
            if item is None:
                print(f"  missing item {e['id']}")
                continue
            for role in ("lead", "cooperating", "implementing"):
                if role in e and [key(u) for u in e[role]] != [key(u) for u in getattr(item.roles, role)]:
                    print(f"  {e['id']} {role}: expected {e[role]} found {getattr(item.roles, role)}")
            if "deadlines" in e:
                want = sorted({d["date"] for d in e["deadlines"]})
                got = sorted({d.date.isoformat() for d in item.deadlines if d.date})
                if want != got:
                    print(f"  {e['id']} deadlines: expected {want} found {got}")
            if "targets" in e:
                got = [(t.indicator, t.operator, t.value, t.unit, t.alternative) for t in item.targets]
                want = [(t["indicator"], t["operator"], t["value"], t["unit"], t.get("or", 0)) for t in e["targets"]]
                if len(got) != len(want) or any(g[1:4] != (w[1], float(w[2]), w[3]) for g, w in zip(got, want)):
                    print(f"  {e['id']} targets: expected {want} found {got}")
            for name in ("section", "title"):
                if name in e and key(e[name]) != key(getattr(item, name)):
                    print(f"  {e['id']} {name}: expected {e[name]!r} found {getattr(item, name)!r}")
        listed = {e["id"] for e in expected["items"]}
        for item in imported.items:
            if item.id not in listed and (item.roles or item.deadlines or item.targets):
                print(f"  unlisted item {item.id} with values")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--details", action="store_true", help="list every mismatch")
    args = parser.parse_args()
    print(score_table(score_seeds()))
    if args.details:
        details()


if __name__ == "__main__":
    main()
