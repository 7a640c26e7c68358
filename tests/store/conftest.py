"""Store fixtures: every test that takes ``store`` runs on SQLite and on the real PostgreSQL server.

On the server named by EVENTWIRE_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test),
``store`` is one migrated schema per session, emptied before each test; ``target`` (for tests
that open, migrate or reshape a store themselves) is a fresh schema per test (``pg_url`` of
tests/conftest.py). Every schema is dropped afterwards. PostgreSQL tests skip, saying why, when
psycopg is missing or the server is unreachable.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.errors import StoreError
from eventwire.store import open_store
from pg_server import fresh_schema, pg_url_for_schema
from store_records import event, participant, record

BACKENDS = ("sqlite", "postgres")


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def target(backend: str, tmp_path: Path, request) -> str:
    """Where a fresh store lives: an SQLite file path or a PostgreSQL URL (fresh schema)."""
    if backend == "sqlite":
        return str(tmp_path / "events.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def pg_shared_url() -> Iterator[str]:
    """One migrated schema for the tests that only need an empty store (emptied before each)."""
    with fresh_schema() as name:
        url = pg_url_for_schema(name)
        open_store(url).close()
        yield url


@pytest.fixture
def store(backend: str, tmp_path: Path, request):
    """An empty, open store on each backend. (Tests that open or reshape the store themselves
    take ``target``, which gives PostgreSQL a fresh schema.)"""
    if backend == "sqlite":
        target = str(tmp_path / "events.db")
    else:
        target = request.getfixturevalue("pg_shared_url")
    with open_store(target) as s:
        if backend == "postgres":
            tables = [r[0] for r in s._all("SELECT table_name FROM information_schema.tables WHERE "
                                           "table_schema = current_schema() AND table_type = 'BASE TABLE'"
                                           " AND table_name <> 'schema_migrations'")]
            try:
                # DELETE with foreign-key triggers off is far quicker than TRUNCATE on tiny
                # tables; it needs a superuser, as the default test URL is.
                with s._tx():
                    s._exec("SET LOCAL session_replication_role = replica")
                    for table in tables:
                        s._exec(f"DELETE FROM {table}")
            except StoreError:
                s._exec(f"TRUNCATE {', '.join(tables)} CASCADE")
        yield s


@pytest.fixture
def filled(store):
    hez = participant("Hezbollah fighters", "LBN", "REB", "Hezbollah", "b1:x1")
    idf = participant("Israeli army", "ISR", "MIL", "Israel Defense Forces", "b1:x2")
    pmf = participant("the PMF", "IRQ", "PRM", "Popular Mobilization Forces", "a1:x1")
    usa = participant("Washington", "USA", "GOV", "United States", "a1:x2")
    store.save(record("a1", [
        event("a1", 1, "ACCUSE", actor=[pmf], recipient=[usa], date="2019-08-21", country="IRQ",
              place="Baghdad"),
        event("a1", 2, "ASSAULT", recipient=[pmf], date="2019-W33", precision="week", country="IRQ",
              place="Baghdad", dead=1, mode=["aerial"], status=["reported", "alleged"]),
        event("a1", 3, "ASSAULT", actor=[participant("Israeli warplanes", "ISR", "MIL")],
              date="1981", precision="year", country="IRQ", status=["historical"]),
        event("a1", 4, "THREATEN", actor=[usa], country="IRQ"),  # undated
    ]), "a1 text", "h1", "p1")
    store.save(record("b1", [
        event("b1", 1, "ASSAULT", actor=[hez], recipient=[idf], date="2019-09-01", country="LBN",
              place="Maroun al-Ras", dead=0),
        event("b1", 2, "PROTEST", actor=[participant("Écoliers", None, "CVL")], date="2019-08",
              precision="month", country="lbn"),
    ], published="2019-09-02"), "b1 text", "h2", "p1")
    return store
