"""The PostgreSQL server tests use (EVENTWIRE_TEST_PG), or a skip that says why not.

One place for every test that needs PostgreSQL: ``pg_admin()`` (an admin connection),
``fresh_schema()`` (a schema dropped with everything in it afterwards) and
``pg_url_for_schema()`` (a ``--db`` URL whose search path is that schema). The fixtures
``pg_schema`` and ``pg_url`` (tests/conftest.py) wrap them for a single test; module- or
session-wide fixtures use ``fresh_schema`` directly.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

PG_URL = os.environ.get("EVENTWIRE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")

_pg_unusable: str | None = None


def pg_admin():
    """An autocommit connection to the test server, or pytest.skip with the reason."""
    global _pg_unusable
    if _pg_unusable is None:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            _pg_unusable = "psycopg is not installed (pip install -e '.[postgres]')"
    if _pg_unusable:
        pytest.skip(_pg_unusable)
    import psycopg

    try:
        return psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        _pg_unusable = f"PostgreSQL at {PG_URL} is unreachable ({str(exc).strip()[:200]})"
        pytest.skip(_pg_unusable)


def pg_url_for_schema(schema: str) -> str:
    """The test server's URL with the search path set to ``schema`` (then public, for PostGIS)."""
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options={quote(f'-csearch_path={schema},public')}"


@contextmanager
def fresh_schema(prefix: str = "ew_test") -> Iterator[str]:
    """A new, empty schema on the test server (skips when unusable); dropped, contents and all, after."""
    admin = pg_admin()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        admin.execute(f'CREATE SCHEMA "{name}"')
        yield name
    finally:
        admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        admin.close()
