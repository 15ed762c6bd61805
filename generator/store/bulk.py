"""Many rows written at the driver's speed: bulk inserts, and a period's rows brought to a new state by writing
only the rows that changed."""

from __future__ import annotations

from sqlalchemy import Connection, Table, delete, insert, or_, select

IN_CHUNK = 500  # ids per IN (…): old SQLite builds allow 999 parameters in one statement


def bulk_insert(connection: Connection, table: Table, rows: list[dict[str, object]]) -> None:
    """Insert many rows (dicts with the same keys; plain values: text, numbers, booleans, None) at the driver's
    speed: COPY on PostgreSQL (psycopg), the driver's own executemany on SQLite, SQLAlchemy's executemany elsewhere.
    SQLAlchemy's per-row parameter processing alone took as long as SQLite's writing."""
    if not rows:
        return
    columns = list(rows[0])
    quote = connection.dialect.identifier_preparer
    names = ", ".join(quote.quote(c) for c in columns)
    target = quote.format_table(table)
    dialect = connection.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        raw = connection.connection.driver_connection
        assert raw is not None  # a connection in use has its driver's
        with raw.cursor() as cursor, cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
    elif dialect.name == "sqlite":
        marks = ", ".join("?" * len(columns))
        connection.exec_driver_sql(
            f"INSERT INTO {target} ({names}) VALUES ({marks})", [tuple(row[c] for c in columns) for row in rows]
        )
    else:
        connection.execute(insert(table), rows)


def sync_rows(
    connection: Connection,
    table: Table,
    period: str,
    key: tuple[str, str],
    rows: list[dict[str, object]],
    units: set[str] | None = None,
) -> None:
    """Make the period's rows of `table` exactly `rows` (dicts with the same keys, one per `key`): a stored row with
    the same values stays, any other is deleted and the new one inserted. A resent ledger changes a few hundred of
    a province's hundred thousand rows, and deleting and inserting them all was most of a re-run's time.

    With `units`, only the rows of those units are looked at (`rows` holds theirs): the others stay as stored."""
    if units is not None and not units:
        return
    where = [table.c.period == period]
    if units is not None:
        chunks = sorted(units)
        where.append(or_(*(table.c.unit.in_(chunks[i : i + IN_CHUNK]) for i in range(0, len(chunks), IN_CHUNK))))
    if not rows:
        connection.execute(delete(table).where(*where))
        return
    columns = list(rows[0])
    first, second = columns.index(key[0]), columns.index(key[1])
    stored: dict[tuple[object, object], tuple[int, tuple[object, ...]]] = {}
    query = select(table.c.id, *(table.c[c] for c in columns)).where(*where)
    for row_id, *values in connection.execute(query):
        stored[(values[first], values[second])] = (row_id, tuple(values))
    stale: list[int] = []
    fresh = []
    for row in rows:
        found = stored.pop((row[key[0]], row[key[1]]), None)
        if found is not None and found[1] == tuple(row[c] for c in columns):
            continue
        if found is not None:
            stale.append(found[0])
        fresh.append(row)
    stale.extend(row_id for row_id, _ in stored.values())
    for start in range(0, len(stale), IN_CHUNK):
        connection.execute(delete(table).where(table.c.id.in_(stale[start : start + IN_CHUNK])))
    bulk_insert(connection, table, fresh)


def delete_other_units(connection: Connection, table: Table, period: str, keep: set[str]) -> None:
    """Delete the period's rows of units not in `keep` (a unit that left the plan)."""
    stored = set(connection.scalars(select(table.c.unit).where(table.c.period == period).distinct()))
    gone = sorted(stored - keep)
    for start in range(0, len(gone), IN_CHUNK):
        connection.execute(
            delete(table).where(table.c.period == period, table.c.unit.in_(gone[start : start + IN_CHUNK]))
        )
