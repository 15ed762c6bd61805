"""A real PostgreSQL for the tests: a fresh database per test on the server .ci/run starts.

The server is found through TAIZHANG_TEST_PG (an admin URL; default: the role .ci/run creates on loopback). Outside
CI a missing server skips the PostgreSQL tests; in CI (CI=true) and under scripts/test (TAIZHANG_TEST_STRICT=1) it
fails them, so they cannot be skipped silently.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ADMIN_URL = os.environ.get("TAIZHANG_TEST_PG", "postgresql+psycopg://taizhang:taizhang@127.0.0.1:5432/postgres")


def server_available() -> str | None:
    """None when the server answers, else why not."""
    try:
        engine = create_engine(ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return f"{exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def fresh_database() -> tuple[str, callable]:
    """Create an empty database; return its URL and a function that drops it."""
    reason = server_available()
    if reason:
        if os.environ.get("CI") or os.environ.get("TAIZHANG_TEST_STRICT"):
            pytest.fail(f"PostgreSQL is required in CI and is not reachable at {ADMIN_URL}: {reason}")
        pytest.skip(f"no PostgreSQL server reachable at {ADMIN_URL} ({reason}); scripts/test starts one")
    name = f"taizhang_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False), drop
