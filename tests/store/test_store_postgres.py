"""PostgreSQL only: URLs and connection errors, foreign databases, locks, concurrent writers, PostGIS."""

from __future__ import annotations

import random
import subprocess
import sys
import threading

import pytest

from eventwire.errors import (
    NotAStoreError,
    StoreConnectionError,
    StoreError,
    StoreLockedError,
    StoreURLError,
)
from eventwire.store import EventFilter, PostgresStore, open_store
from eventwire.store import queries
from eventwire.store.schema import MIGRATIONS
from pg_server import PG_URL, pg_admin, pg_url_for_schema
from store_records import event, ids, record


@pytest.fixture
def url(pg_url: str) -> str:
    return pg_url


def test_a_postgresql_url_opens_a_postgres_store_in_the_urls_schema(url, pg_schema):
    with open_store(url) as s:
        assert isinstance(s, PostgresStore)
        s.save(record("a1"), "text", "h1", "p1")
        assert s._one("SELECT current_schema()")[0] == pg_schema
        assert "@" not in s.path or ":" not in s.path.split("@")[0].split("//")[1]  # no password
    admin = pg_admin()
    try:
        n = admin.execute(f'SELECT COUNT(*) FROM "{pg_schema}".articles').fetchone()[0]
    finally:
        admin.close()
    assert n == 1


def test_text_columns_sort_bytewise_like_sqlite(url):
    with open_store(url) as s:
        collations = {r[0] for r in s._all(
            "SELECT collation_name FROM information_schema.columns WHERE table_schema ="
            " current_schema() AND data_type = 'text'")}
        assert collations == {"C"}
        for i, aid in enumerate(["b", "B", "a", "É", "_"]):
            s.save(record(aid, []), aid, f"h{i}", "p")
        assert [a.id for a in s.articles()] == sorted(["b", "B", "a", "É", "_"])  # code point order


def test_unreachable_server_is_a_connection_error_saying_what_to_do():
    with pytest.raises(StoreConnectionError) as err:
        open_store("postgresql://someone:hunter2@127.0.0.1:1/eventwire")
    msg = str(err.value)
    assert "127.0.0.1:1" in msg and "start the PostgreSQL server" in msg
    assert "hunter2" not in msg and err.value.code == "EW504"


def test_missing_database_is_a_connection_error():
    pg_admin().close()  # skips when the server is down
    base = PG_URL.rsplit("/", 1)[0]
    with pytest.raises(StoreConnectionError, match="createdb"):
        open_store(f"{base}/no_such_eventwire_db")


@pytest.mark.parametrize("bad", ["postgresql://u@host:port/db", "postgresql://u@127.0.0.1/db?bogus=1"])
def test_malformed_urls_are_url_errors(bad):
    with pytest.raises(StoreURLError, match="postgresql://USER") as err:
        open_store(bad)
    assert err.value.code == "EW505"


def test_missing_schema_in_search_path_is_reported():
    pg_admin().close()
    with pytest.raises(StoreError, match="search_path"):
        open_store(pg_url_for_schema("ew_no_such_schema"))


def test_another_programs_database_is_not_written_into(url, pg_schema):
    admin = pg_admin()
    try:
        admin.execute(f'CREATE TABLE "{pg_schema}".invoices (id INTEGER)')
    finally:
        admin.close()
    with pytest.raises(NotAStoreError, match="not an eventwire store.*invoices"):
        open_store(url)


def test_read_commands_do_not_create_a_store(url, pg_schema):
    with pytest.raises(StoreError, match="no eventwire store"):
        open_store(url, create=False)
    admin = pg_admin()
    try:
        n = admin.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = %s",
                          (pg_schema,)).fetchone()[0]
    finally:
        admin.close()
    assert n == 0


def test_a_writer_blocked_longer_than_the_busy_timeout_gets_a_lock_error(url):
    with open_store(url) as s:
        s.save(record("a1"), "t", "h1", "p1")
    holder = open_store(url)
    try:
        holder._exec("BEGIN")
        holder._exec("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE")
        with open_store(url, busy_timeout=0.1) as s:
            with pytest.raises(StoreLockedError, match="locked") as err:
                s.save(record("a2"), "t2", "h2", "p1")
            assert err.value.code == "EW501"
        holder._exec("ROLLBACK")
        with open_store(url) as s:
            assert s.save(record("a2"), "t2", "h2", "p1") == "stored"  # usable once released
    finally:
        holder.close()


def test_a_save_that_loses_a_race_is_retried_and_finds_the_winner(url):
    """Writer A holds its insert uncommitted; B saves the same article, waits, collides, retries."""
    a, b = open_store(url), open_store(url)
    inserted, release = threading.Event(), threading.Event()
    batch = a._executemany

    def slow(sql, rows):
        batch(sql, rows)
        if "INSERT INTO timexes" in sql:
            inserted.set()
            release.wait(10)

    a._executemany = slow
    outcomes: dict[str, str] = {}
    try:
        ta = threading.Thread(target=lambda: outcomes.setdefault("a", a.save(record("x"), "t", "hx", "p")))
        ta.start()
        assert inserted.wait(10)
        tb = threading.Thread(target=lambda: outcomes.setdefault("b", b.save(record("x"), "t", "hx", "p")))
        tb.start()
        tb.join(0.3)
        assert tb.is_alive()  # B waits on A's uncommitted unique key
        release.set()
        ta.join(10)
        tb.join(10)
        assert outcomes == {"a": "stored", "b": "unchanged"}
        assert b.save_retries == 1 and a.save_retries == 0
        assert b.counts()["articles"] == 1 and b.counts()["events"] == 1
    finally:
        release.set()
        a.close()
        b.close()


def _with_extension(schema: str, extension: str, package: str) -> str:
    """The URL of ``schema`` with ``extension`` installed in it (the shared database is left alone)."""
    admin = pg_admin()
    try:
        available = admin.execute(
            "SELECT 1 FROM pg_available_extensions WHERE name = %s", (extension,)).fetchone()
        if not available:
            pytest.skip(f"{extension} is not installed on the server (Debian: {package})")
        admin.execute(f'CREATE EXTENSION {extension} SCHEMA "{schema}"')
    finally:
        admin.close()
    return pg_url_for_schema(schema)


@pytest.fixture
def postgis_url(pg_schema: str) -> str:
    return _with_extension(pg_schema, "postgis", "postgresql-15-postgis-3")


def test_pg_trgm_indexes_serve_the_substring_filters(pg_schema):
    url = _with_extension(pg_schema, "pg_trgm", "postgresql-contrib")
    with open_store(url) as s:
        assert s.trigram
        names = {r[0] for r in s._all("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
        assert {"events_search_trgm", "event_actors_search_trgm", "claims_search_trgm"} <= names
        s.save(record("t1", [event("t1", k, text=f"Sentence number {k} about Émeutes")
                             for k in range(50)]), "t", "ht", "p")
        # Tiny tables are scanned whole; with plain scans off the plan shows whether the index serves.
        s._exec("SET enable_seqscan = off")
        s._exec("SET enable_indexscan = off")
        sql, params = queries.event_query(EventFilter(text="ber 7 about"))
        plan = "\n".join(r[0] for r in s._all("EXPLAIN " + sql, params))
        assert "events_search_trgm" in plan
        assert ids(s.events(EventFilter(text="ber 7 about"))) == ["t1:e7"]
        assert len(s.events(EventFilter(text="émeutes"))) == 50


def test_postgis_bounding_box_gives_the_same_events_as_lat_lon_ranges(postgis_url):
    with open_store(postgis_url) as s:  # spatial_ref_sys belongs to PostGIS, not another program
        assert s.postgis
        assert s._one("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'events_geom'"
                      " AND schemaname = current_schema()")[0] == 1
        rng = random.Random(7)
        s.save(record("p1", [event("p1", k, date="2024-01-01", country="XXX",
                                   lat=rng.uniform(-90, 90), lon=rng.uniform(-180, 180))
                             for k in range(300)] + [event("p1", 300, country="XXX", lat=10, lon=20)]),
               "t", "hp", "p")
        boxes = [(-10, -10, 40, 30), (170, -50, -170, 50), (-180, -90, 180, 90), (20, 10, 20, 10)]
        for box in boxes:
            f = EventFilter(bbox=box)
            sql, _ = queries.event_query(f, postgis=True)
            assert "ST_MakeEnvelope" in sql
            with_postgis = ids(s.events(f))
            s.postgis = False
            plain = ids(s.events(f))
            s.postgis = True
            assert with_postgis == plain and with_postgis
        assert "p1:e300" in ids(s.events(EventFilter(bbox=(20, 10, 20, 10))))  # a point on the edge


def test_without_postgis_the_store_uses_lat_lon_ranges(url):
    with open_store(url) as s:
        assert not s.postgis


def test_a_connection_lost_mid_run_is_a_connection_error(url):
    with open_store(url.replace("postgresql://", "postgres://", 1)) as s:  # both schemes work
        s.save(record("a1"), "t", "h1", "p1")
        pid = s._one("SELECT pg_backend_pid()")[0]
        admin = pg_admin()
        try:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        finally:
            admin.close()
        with pytest.raises(StoreConnectionError, match="lost the connection to PostgreSQL") as err:
            s.events()
        assert "rerun" in str(err.value) and err.value.code == "EW504"


def test_processes_opening_a_fresh_database_at_once_migrate_it_once(url):
    opener = "import sys; from eventwire.store import open_store; open_store(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", opener, url], stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    with open_store(url) as s:
        versions = [r[0] for r in s._all("SELECT version FROM schema_migrations ORDER BY version")]
        assert versions == [m.version for m in MIGRATIONS]
