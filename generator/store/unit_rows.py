"""The month's figures by unit: each unit's (task, unit) and (indicator, unit) rows stored with a digest of them
(unit_digests, migration 0008), so that a month stored again looks only at the units whose figures changed, and
stored a hundred units at a time, so that a province's hundred thousand rows are never all in memory at once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from sqlalchemy import Connection, Table, delete, select

from generator.progress import MonthProgress
from generator.rollup import AssignmentProgress, IndicatorValue
from generator.store.bulk import IN_CHUNK, bulk_insert, delete_other_units, sync_rows
from generator.store.models import IndicatorRow, TaskRow, UnitDigestRow
from generator.store.records import indicator_rows, source_json, task_rows, unit_digests

UNIT_CHUNK = 100  # units whose rows are built, compared and written together


def store_unit_rows(connection: Connection, month: MonthProgress, submission_of: Mapping[str, int]) -> None:
    """Make the period's task_progress and indicator_values rows those of `month`, unit by unit."""
    period = month.period
    assignments: dict[str, list[AssignmentProgress]] = {}
    for a in month.assignments:
        assignments.setdefault(a.unit, []).append(a)
    values: dict[str, list[IndicatorValue]] = {}
    for indicator in month.indicators:
        for v in indicator.values:
            values.setdefault(v.unit, []).append(v)
    units = list(dict.fromkeys([*assignments, *values]))
    digest_table = cast(Table, UnitDigestRow.__table__)
    query = select(UnitDigestRow.unit, UnitDigestRow.digest).where(UnitDigestRow.period == period)
    stored = {unit: digest for unit, digest in connection.execute(query)}
    if not stored or set(stored) - set(units):
        # Nothing known (a first run, a history from before digests) or a unit has left the month: every unit is
        # compared row by row, and the rows of units no longer in the month go.
        for model in (TaskRow, IndicatorRow):
            delete_other_units(connection, cast(Table, model.__table__), period, set(units))
        connection.execute(delete(digest_table).where(UnitDigestRow.period == period))
        stored = {}
    for start in range(0, len(units), UNIT_CHUNK):
        chunk = units[start : start + UNIT_CHUNK]
        # Rows are made without their 数据来源 first: that JSON is most of their cost, and it follows from the file
        # (its hash is in the digest) and the code that read it.
        tasks = task_rows(period, [a for unit in chunk for a in assignments.get(unit, ())], submission_of)
        figures = indicator_rows(period, [v for unit in chunk for v in values.get(unit, ())], submission_of)
        digests = unit_digests([*tasks, *figures])
        changed = {unit for unit in chunk if stored.get(unit) != digests[unit]}
        if not changed:
            continue
        for model, key, rows in ((TaskRow, "task_no", tasks), (IndicatorRow, "indicator_no", figures)):
            wanted = [{**row, "source": source_json(item.source)} for row, item in rows if row["unit"] in changed]
            sync_rows(connection, cast(Table, model.__table__), period, (key, "unit"), wanted, changed)
        known = sorted(changed & set(stored))
        for at in range(0, len(known), IN_CHUNK):
            connection.execute(
                delete(digest_table).where(
                    UnitDigestRow.period == period, UnitDigestRow.unit.in_(known[at : at + IN_CHUNK])
                )
            )
        bulk_insert(
            connection, digest_table, [{"period": period, "unit": u, "digest": digests[u]} for u in sorted(changed)]
        )
