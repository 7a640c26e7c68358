"""The PostgreSQL server the store tests use (EVENTWIRE_TEST_PG), or a skip that says why not."""

from __future__ import annotations

import os
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
