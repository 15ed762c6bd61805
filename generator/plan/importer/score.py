"""Score an import against hand-written expected results: precision, recall and F1 per field.

Expected results (tests/plan_import/expected/<seed>.json) are written by reading the plan, not by running the
importer. Records are matched by item id (二/(一)/1, 附件1/一/3, 三/(一)#2, 附件1/4 for a table row). Fields:

- lead / cooperating / implementing: unit names per record (canonical names, compared after NFKC);
- units: all three roles together, as (role, unit) pairs;
- deadlines: the dates per record (ISO), the words not compared;
- targets: per record; a target matches when operator, value, unit and 或 agree and the indicators name the same
  thing (one contains the other, or they differ by a few characters);
- section, title: per record, exact after NFKC and whitespace removal;
- tasks: which records became rows of 重点任务;
- indicators: rows of the annex indicator table by 序号 — name, unit of measure, target and lead must all agree;
- notice: issuer, doc_number, notice_title, plan_title, recipients, issued_on, attachments;
- registry, aliases, typos: the unit registry (canonical names; alias → name; typo → name).
A record of the import the expected results do not list counts its values as false positives; a field left out
of an expected record is not scored for that record (the 实施步骤 of a plan name their units in prose).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.plan.importer.model import ImportedPlan, Item
from generator.plan.importer.target_values import same_indicator
from generator.plan.importer.text import key

ROLE_FIELDS = ("lead", "cooperating", "implementing")
FIELDS = (
    "lead",
    "cooperating",
    "implementing",
    "units",
    "deadlines",
    "targets",
    "section",
    "title",
    "tasks",
    "indicators",
    "notice",
    "registry",
    "aliases",
    "typos",
)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_expected(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def _sets(expected: set, found: set) -> Counts:
    return Counts(len(expected & found), len(found - expected), len(expected - found))


def _single(expected: str, found: str) -> Counts:
    e, f = key(expected), key(found)
    if e and e == f:
        return Counts(1, 0, 0)
    return Counts(0, 1 if f else 0, 1 if e else 0)


def _target_match(e: dict, f) -> bool:
    return (
        e["operator"] == f.operator
        and f.value is not None
        and abs(float(e["value"]) - f.value) < 1e-9
        and key(e["unit"]) == key(f.unit)
        and bool(e.get("or")) == bool(f.alternative)
        and same_indicator(e["indicator"], f.indicator)
    )


def _targets(expected: list[dict], found: list) -> Counts:
    remaining = list(found)
    counts = Counts()
    for e in expected:
        match = next((f for f in remaining if _target_match(e, f)), None)
        if match is None:
            counts.fn += 1
        else:
            counts.tp += 1
            remaining.remove(match)
    counts.fp += len(remaining)
    return counts


def score_plan(imported: ImportedPlan, expected: dict) -> dict[str, Counts]:
    scores = {name: Counts() for name in FIELDS}
    records: dict[str, Item] = {i.id: i for i in imported.items}
    listed = {e["id"] for e in expected["items"]}
    for e in expected["items"]:
        item = records.get(e["id"])
        for role in ROLE_FIELDS:
            if role in e:
                found = {key(u) for u in getattr(item.roles, role)} if item else set()
                scores[role].add(_sets({key(u) for u in e[role]}, found))
                scores["units"].add(_sets({(role, key(u)) for u in e[role]}, {(role, u) for u in found}))
        if "deadlines" in e:
            found = {d.date.isoformat() for d in item.deadlines if d.date} if item else set()
            scores["deadlines"].add(_sets({d["date"] for d in e["deadlines"]}, found))
        if "targets" in e:
            scores["targets"].add(_targets(e["targets"], item.targets if item else []))
        for name in ("section", "title"):
            if name in e:
                scores[name].add(_single(e[name], getattr(item, name) if item else ""))
    for item in imported.items:
        if item.id in listed:
            continue
        for role in ROLE_FIELDS:
            values = getattr(item.roles, role)
            scores[role].fp += len(values)
            scores["units"].fp += len(values)
        scores["deadlines"].fp += len({d.date for d in item.deadlines if d.date})
        scores["targets"].fp += len(item.targets)
    scores["tasks"] = _sets(set(expected["tasks"]), {t.item_id for t in imported.tasks})
    if "indicators" in expected:
        scores["indicators"] = _indicators(imported, expected["indicators"])
    notice = expected["notice"]
    for name, value in notice.items():
        found = getattr(imported.notice, name)
        if name == "issued_on":
            scores["notice"].add(_single(value or "", found.isoformat() if found else ""))
        elif name == "attachments":
            scores["notice"].add(_sets({key(a) for a in value}, {key(a) for a in found}))
        else:
            scores["notice"].add(_single(value, found))
    real = [u for u in imported.units if u.kind != "占位"]
    scores["registry"] = _sets({key(u) for u in expected["units"]}, {key(u.name) for u in real})
    scores["aliases"] = _sets(
        {(key(a), key(n)) for a, n in expected["aliases"].items()},
        {(key(a), key(u.name)) for u in real for a in u.aliases},
    )
    scores["typos"] = _sets(
        {(key(a), key(n)) for a, n in expected["typos"].items()},
        {(key(a), key(u.name)) for u in real for a in u.typos},
    )
    return scores


def _indicators(imported: ImportedPlan, expected: list[dict]) -> Counts:
    by_no = {}
    for indicator in imported.indicators:
        by_no.setdefault(indicator.no, indicator)
    counts = Counts()
    for e in expected:
        found = by_no.pop(e["no"], None)
        ok = found is not None and same_indicator(e["name"], found.name)
        if ok and "dimension" in e:
            ok = key(e["dimension"]) == key(found.dimension)
        if ok and "target_text" in e:
            value_ok = (e["value"] is None and found.value is None) or (
                e["value"] is not None and found.value is not None and abs(e["value"] - found.value) < 1e-9
            )
            ok = value_ok and e["operator"] == found.operator and key(e["target_text"]) == key(found.target_text)
        if ok and "direction" in e:
            ok = e["direction"] == found.direction
        if ok:
            ok = [key(u) for u in e["lead"]] == [key(u) for u in found.lead]
        if ok:
            counts.tp += 1
        else:
            counts.fn += 1
            counts.fp += 1 if found is not None else 0
    counts.fp += len(by_no)
    return counts


def score_table(results: dict[str, dict[str, Counts]]) -> str:
    """A Markdown table: one row per field, P / R / F1 for each seed and for all seeds together."""
    seeds = list(results)
    head = "| field | " + " | ".join(f"{_short(s)} P / R / F1" for s in seeds) + " | all P / R / F1 |"
    lines = [head, "|---" * (len(seeds) + 2) + "|"]
    for name in FIELDS:
        total = Counts()
        cells = []
        for seed in seeds:
            counts = results[seed][name]
            total.add(counts)
            n = counts.tp + counts.fn
            cells.append(
                f"{counts.precision:.2f} / {counts.recall:.2f} / {counts.f1:.2f} (n={n})" if n or counts.fp else "—"
            )
        n = total.tp + total.fn
        lines.append(
            f"| {name} | " + " | ".join(cells) + f" | {total.precision:.2f} / {total.recall:.2f} / "
            f"{total.f1:.2f} (n={n}) |"
        )
    return "\n".join(lines)


def _short(seed: str) -> str:
    return seed.split("-", 1)[0]
