"""The PostgreSQL store (psycopg 3): the shared schema and queries, for many concurrent writers.

Selected by a URL, ``open_store("postgresql://user@host:5432/db")``; the store lives in the
connection's current schema (set ``options=-csearch_path=NAME`` in the URL for another one).
What differs from SQLite is kept here: "%s" placeholders, TEXT columns collated "C" (byte order,
as SQLite compares, so both backends sort alike), an advisory lock around migrations, retries of
a save that collided with another writer's, driver errors mapped onto ``errors.StoreError``,
PostGIS for bounding boxes and pg_trgm indexes for substring filters when those extensions are
installed in the database (neither is required).

Writers never lose or duplicate an article: ``articles.content_hash`` and ``articles.id`` are
unique, so of two writers saving the same article one waits for the other's commit, gets a
unique violation, and retries, which then finds the article stored ("unchanged").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import (
    StoreConnectionError,
    StoreError,
    StoreLockedError,
    StoreURLError,
)
from . import queries as q
from .base import SQLStore



def _psycopg() -> Any:
    """The psycopg module, imported on first use (it costs every other command ~0.3 s), or None."""
    try:  # optional dependency: pip install 'eventwire[postgres]'
        import psycopg
        import psycopg.errors  # noqa: F401 - the SQLSTATE classes _classify and _retryable use
    except ImportError:  # pragma: no cover - exercised only where psycopg is absent
        return None
    return psycopg

SCHEMES = ("postgresql", "postgres")
_TEXT = re.compile(r"\bTEXT\b(?!\s+COLLATE)")


def redact(url: str) -> str:
    """The URL without its password (what messages may show)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        netloc = (f"{parts.username}@" if parts.username else "") + host
        if parts.port:
            netloc += f":{parts.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    except ValueError:
        return url.split("@")[-1]


def validate_url(url: str) -> None:
    """Raise StoreURLError for a URL that is not a usable postgresql:// URL."""
    hint = "write it as postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise StoreURLError(f"bad database URL {redact(url)} ({exc})", hint=hint) from None
    if parts.scheme not in SCHEMES:
        raise StoreURLError(f"{redact(url)} is not a PostgreSQL URL", hint=hint)
    psycopg = _psycopg()
    if psycopg is not None:
        try:
            psycopg.conninfo.conninfo_to_dict(url)
        except psycopg.ProgrammingError as exc:
            raise StoreURLError(f"bad database URL {redact(url)} ({str(exc).strip()})",
                                hint=hint) from None


@lru_cache(maxsize=512)
def _to_pyformat(sql: str) -> str:
    # queries.py has no "?" or "%" inside literals, so the swap is purely syntactic.
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresStore(SQLStore):
    """A ``Store`` in a PostgreSQL database. Cheap to construct; ``open()`` connects and migrates."""

    def __init__(self, url: str, *, create: bool = True, busy_timeout: float = 5.0,
                 connect_timeout: float = 5.0) -> None:
        self.url = url
        self.path = redact(url)
        self.create = create
        self.busy_timeout = busy_timeout
        self.connect_timeout = connect_timeout
        self.postgis = False
        self.trigram = False  # pg_trgm installed: substring filters get GIN trigram indexes
        self._conn: Any = None
        self._pg: Any = None  # the psycopg module, once open() has imported it

    def open(self) -> PostgresStore:
        """Connect (autocommit; we issue BEGIN/COMMIT), check and migrate the schema."""
        if self._conn is not None:
            return self
        psycopg = self._pg = _psycopg()
        if psycopg is None:
            raise StoreError("PostgreSQL stores need psycopg, which is not installed",
                             hint="pip install 'eventwire[postgres]'")
        validate_url(self.url)
        try:
            self._conn = psycopg.connect(self.url, autocommit=True, application_name="eventwire",
                                         connect_timeout=max(1, round(self.connect_timeout)))
        except psycopg.Error as exc:
            raise self._classify(exc) from exc
        try:
            with self._errors():
                # Waiting for another writer's row lock longer than this is reported as "locked".
                self._exec(q.PG_SET_LOCK_TIMEOUT, (f"{int(self.busy_timeout * 1000)}ms",))
                search_path, current = self._exec(q.PG_SEARCH_PATH).fetchone()
                first = _first_schema(search_path)
                # PostgreSQL would silently fall through to the next schema (often public).
                if current is None or (first is not None and first != current):
                    raise StoreError(
                        f"{self.path}: schema {first or search_path!r}, first in the search_path, "
                        "does not exist",
                        hint="create it (CREATE SCHEMA name) or fix options=-csearch_path=... in the URL")
                self.postgis = self._exec(q.PG_HAS_POSTGIS).fetchone() is not None
                self.trigram = self._exec(q.PG_HAS_TRGM).fetchone() is not None
                self._migrate()
        except BaseException:
            self.close()
            raise
        return self

    # --- backend hooks -------------------------------------------------------------------------

    def _sql(self, sql: str) -> str:
        return _to_pyformat(sql)

    def _ddl(self, statement: str) -> str:
        if statement.lstrip().upper().startswith(("CREATE TABLE", "ALTER TABLE")):
            return _TEXT.sub('TEXT COLLATE "C"', statement)
        return statement

    def _driver_errors(self) -> tuple[type[Exception], ...]:
        return (self._pg.Error,)

    def _in_transaction(self) -> bool:
        return self.conn.info.transaction_status != self._pg.pq.TransactionStatus.IDLE

    def _lock_schema(self) -> None:
        # Two processes opening a fresh database at once: one migrates, the other then sees it.
        self._exec(q.PG_LOCK_SCHEMA)

    def _tables(self) -> set[str]:
        return {r[0] for r in self._exec(q.PG_TABLES).fetchall()}

    def _after_migrate(self) -> None:
        # Indexes only an installed extension makes possible: not in the shared migrations.
        if self.postgis:
            self._exec(q.PG_GEOMETRY_INDEX)
        if self.trigram:
            for statement in q.PG_TRGM_INDEXES:
                self._exec(statement)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(self._sql(sql), rows)

    def _retryable(self, exc: BaseException) -> bool:
        pg_errors = self._pg.errors
        return isinstance(exc, (pg_errors.UniqueViolation, pg_errors.SerializationFailure,
                                pg_errors.DeadlockDetected))

    def _classify(self, exc: Exception) -> StoreError:
        psycopg, pg_errors = self._pg, self._pg.errors
        msg = str(exc).strip()
        if isinstance(exc, (pg_errors.LockNotAvailable, pg_errors.QueryCanceled)):
            return StoreLockedError(
                f"database {self.path} is locked by another writer ({msg})",
                hint="wait for the other eventwire run or program using it to finish, then retry",
            )
        state = getattr(exc, "sqlstate", None) or ""
        # No SQLSTATE: libpq failed to connect or lost the connection; 08/28/3D/57P: the server
        # refused it (connection, authentication, unknown database, shutdown).
        if isinstance(exc, psycopg.OperationalError) and (
                not state or state.startswith(("08", "28", "3D", "57P"))):
            return _connection_error(self.path, msg, lost=self._conn is not None)
        if isinstance(exc, pg_errors.InsufficientPrivilege):
            return StoreError(f"database {self.path}: permission denied ({msg})",
                              hint="connect as a user that may create tables in the schema")
        return StoreError(f"database {self.path}: {msg}",
                          hint="check the URL, the server log, and that this is an eventwire store")

    def integrity_check(self) -> list[str]:
        """Orphans and event counts that disagree with their article; an empty list means healthy."""
        problems = []
        for name, sql in q.INTEGRITY_CHECKS:
            n = int(self._one(sql)[0])
            if n:
                problems.append(f"{name}: {n} row(s)")
        return problems


def _first_schema(search_path: str) -> str | None:
    """The first schema named in a search_path setting; None for "$user" (the default)."""
    first = search_path.split(",")[0].strip()
    if first.startswith('"') and first.endswith('"') and len(first) >= 2:
        first = first[1:-1].replace('""', '"')
        return None if first == "$user" else first
    return first.lower() or None


def _connection_error(where: str, msg: str, lost: bool = False) -> StoreConnectionError:
    first = msg.splitlines()[0] if msg else "no detail"
    if lost:
        return StoreConnectionError(
            f"lost the connection to PostgreSQL at {where} ({first})",
            hint="check that the server is up, then rerun: every article saved before is kept, "
                 "the one being saved is rolled back")
    low = msg.lower()
    if "does not exist" in low and "database" in low:
        hint = "create the database (createdb NAME) or fix the URL"
    elif "password" in low or "authentication" in low or "role" in low:
        hint = "check the user name and password in the URL"
    else:
        hint = "start the PostgreSQL server or fix the host and port in the URL"
    return StoreConnectionError(f"cannot connect to PostgreSQL at {where} ({first})", hint=hint)
