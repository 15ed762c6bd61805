"""Schema versions (Alembic): every History opens the database at the current schema, upgrading in place.

A workspace made by taizhang 0.1 has the tables but no version table: it is stamped as the baseline first, so its
history is kept and only the new columns and tables are added.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
BASELINE = "0001"
# The newest migration (tests check it is Alembic's head). A database already there is opened without loading
# Alembic and its scripts, which took half the time of an unchanged re-run of a month.
HEAD = "0008"
_LOCK_KEY = 7_423_118  # any fixed number: serialises schema upgrades of one PostgreSQL database


def _config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head() or ""


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the database to `revision` (default: the newest); return the revision it is at afterwards."""
    from alembic import command

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        tables = set(inspect(connection).get_table_names())
        config = _config(connection)
        if "alembic_version" not in tables and "months" in tables:
            command.stamp(config, BASELINE)
        command.upgrade(config, revision)
    return current(engine)


def is_current(engine: Engine) -> bool:
    """Whether the database is at HEAD, read from its version table (False when it has none or cannot say)."""
    try:
        with engine.connect() as connection:
            if "alembic_version" not in inspect(connection).get_table_names():
                return False
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    except SQLAlchemyError:
        return False
