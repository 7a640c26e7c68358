"""The SQLite store: WAL, foreign keys, a busy timeout, one transaction per article.

Crash safety comes from SQLite's journal: each ``save`` runs inside ``BEGIN IMMEDIATE`` ...
``COMMIT``, so a process killed mid-run leaves every article either fully stored or absent, and
a rerun (which skips what ``seen`` reports) completes the rest without duplicates.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import SchemaVersionError, StoreCorruptError, StoreError, StoreLockedError
from . import queries as q
from .flatten import flatten, split_multi
from .protocol import (
    ArticleDetail,
    ArticleRow,
    EventFilter,
    EventRow,
    FailureRow,
    RunRow,
    SaveOutcome,
)
from .schema import MIGRATIONS_TABLE, SCHEMA_VERSION, TABLES, pending

#: Rows fetched per round trip when streaming events.
PAGE = 500


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


def _classify(exc: sqlite3.Error, path: str) -> StoreError:
    """Map a driver error to our tree: locked, corrupt, or a plain store error."""
    msg = str(exc)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return StoreLockedError(
            f"database {path} is locked by another process ({msg})",
            hint="wait for the other eventwire run or program using it to finish, then retry",
        )
    if "not a database" in low or "malformed" in low or "corrupt" in low or "disk image" in low:
        return StoreCorruptError(
            f"{path} is not an eventwire database or is corrupt ({msg})",
            hint=f"restore {path} from a backup, or delete it (and its -wal/-shm files) "
                 "and rerun `eventwire run` to rebuild it",
        )
    return StoreError(f"database {path}: {msg}", hint="check the path and its permissions")


class SQLiteStore:
    """A ``Store`` in one SQLite file. Cheap to construct; ``open()`` connects and migrates."""

    def __init__(self, path: str | Path, *, create: bool = True, busy_timeout: float = 5.0) -> None:
        self.path = str(path)
        self.create = create
        self.busy_timeout = busy_timeout
        self._conn: sqlite3.Connection | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    def open(self) -> SQLiteStore:
        """Connect, set WAL/foreign keys/busy timeout, check and migrate the schema."""
        if self._conn is not None:
            return self
        memory = self.path == ":memory:"
        target, uri = self.path, False
        if not memory:
            p = Path(self.path)
            if p.is_dir():
                raise StoreError(f"{self.path} is a directory, not a database file",
                                 hint="pass a file path such as ./eventwire.db")
            if not p.exists():
                if not self.create:
                    raise StoreError(f"no database at {self.path}",
                                     hint="create it with `eventwire run INPUT --db PATH`")
                p.parent.mkdir(parents=True, exist_ok=True)
            else:
                # mode=rw: never create a file as a side effect of a read command.
                target, uri = f"file:{quote(str(p.resolve()))}?mode=rw", True
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per article.
            conn = sqlite3.connect(target, timeout=self.busy_timeout, isolation_level=None, uri=uri)
        except sqlite3.Error as exc:
            raise _classify(exc, self.path) from exc
        self._conn = conn
        try:
            with self._errors():
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
                # Reading the catalogue is what fails first on a file that is not a database.
                conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
                if not memory:
                    conn.execute("PRAGMA journal_mode = WAL").fetchone()
                    # NORMAL under WAL: a killed process never corrupts; a power cut may lose
                    # the last commits, which a rerun redoes.
                    conn.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def __enter__(self) -> SQLiteStore:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self.open()
        assert self._conn is not None
        return self._conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise _classify(exc, self.path) from exc

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE takes the write lock up front (no upgrade deadlock)."""
        conn = self.conn
        with self._errors():
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.Error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _migrate(self) -> None:
        conn = self.conn
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_migrations" not in tables:
            foreign = {t for t in tables if not t.startswith("sqlite_")}
            if foreign:
                raise StoreError(
                    f"{self.path} is an SQLite database but not an eventwire store "
                    f"(it has tables {', '.join(sorted(foreign)[:5])})",
                    hint="pass another --db path; eventwire will not write into another program's database",
                )
        current = self._schema_version() if "schema_migrations" in tables else 0
        if current > SCHEMA_VERSION:
            raise self._too_new(current)
        if not pending(current):
            return
        with self._tx():
            conn.execute(MIGRATIONS_TABLE)
            # Re-read under the write lock: another process may have migrated meanwhile.
            current = self._schema_version()
            if current > SCHEMA_VERSION:
                raise self._too_new(current)
            for m in pending(current):
                for statement in m.statements:
                    conn.execute(statement)
                conn.execute(q.RECORD_MIGRATION, (m.version, m.description, _now()))

    def _schema_version(self) -> int:
        row = self.conn.execute(q.LATEST_SCHEMA_VERSION).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _too_new(self, current: int) -> SchemaVersionError:
        return SchemaVersionError(
            f"{self.path} has schema version {current}, newer than this eventwire reads ({SCHEMA_VERSION})",
            hint="upgrade eventwire to the version that wrote it, or use another database",
        )

    @property
    def schema_version(self) -> int:
        with self._errors():
            return self._schema_version()

    # --- writing -----------------------------------------------------------------------------

    def save(self, record: Mapping[str, Any], text: str, content_hash: str,
             pipeline_version: str) -> SaveOutcome:
        """Store one article all-or-nothing: "stored", "unchanged" (same hash+version) or "recoded".

        A new pipeline version for the same content replaces the article's events, claims,
        places, timexes and entities. A record whose article id is already stored with other
        content is a revision of that article and replaces it too ("recoded").
        """
        now = _now()
        rows = flatten(record, text, content_hash, pipeline_version, now)
        aid = rows.article[0]
        with self._tx() as conn:
            prior = conn.execute(q.ARTICLE_BY_HASH, (content_hash,)).fetchone()
            if prior is not None and prior[1] == pipeline_version:
                return "unchanged"
            outcome: SaveOutcome = "recoded" if prior is not None else "stored"
            stored_at = prior[2] if prior is not None else None
            if prior is not None:
                conn.execute(q.DELETE_ARTICLE, (prior[0],))
            same_id = conn.execute(q.ARTICLE_HASH_BY_ID, (aid,)).fetchone()
            if same_id is not None:
                conn.execute(q.DELETE_ARTICLE, (aid,))
                outcome, stored_at = "recoded", stored_at or same_id[1]
            article = rows.article[:-2] + (stored_at or now, now)
            conn.execute(q.INSERT_ARTICLE, article)
            conn.executemany(q.INSERT_EVENT, rows.events)
            conn.executemany(q.INSERT_EVENT_ACTOR, rows.event_actors)
            conn.executemany(q.INSERT_ENTITY, rows.entities)
            conn.executemany(q.INSERT_PLACE, rows.places)
            conn.executemany(q.INSERT_CLAIM, rows.claims)
            conn.executemany(q.INSERT_CLAIM_EVENT, rows.claim_events)
            conn.executemany(q.INSERT_TIMEX, rows.timexes)
        return outcome

    def seen(self, content_hash: str, pipeline_version: str) -> bool:
        """Whether this content is stored by this pipeline version (so a run can skip it)."""
        with self._errors():
            return self.conn.execute(q.SEEN, (content_hash, pipeline_version)).fetchone() is not None

    def start_run(self, pipeline_version: str | None = None, inputs: Sequence[str] = ()) -> str:
        """Record the start of a run; returns its id (sortable by start time)."""
        now = _dt.datetime.now(_dt.timezone.utc)
        run_id = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        with self._tx() as conn:
            conn.execute(q.INSERT_RUN, (run_id, pipeline_version, json.dumps([str(i) for i in inputs]),
                                        now.isoformat(timespec="milliseconds")))
        return run_id

    def finish_run(self, run_id: str, counts: Mapping[str, int]) -> None:
        with self._tx() as conn:
            cur = conn.execute(q.FINISH_RUN, (_now(), json.dumps(dict(counts), sort_keys=True), run_id))
            if cur.rowcount == 0:
                raise StoreError(f"no run {run_id!r} in {self.path}", hint="start it with start_run()")

    def record_failure(self, run_id: str | None, origin: str | None, code: str | None,
                       reason: str) -> None:
        """Add one input that failed to the dead-letter list of a run."""
        with self._tx() as conn:
            conn.execute(q.INSERT_FAILURE, (uuid.uuid4().hex, run_id, origin, code, str(reason), _now()))

    # --- reading -----------------------------------------------------------------------------

    def iter_events(self, filters: EventFilter | None = None) -> Iterator[EventRow]:
        """Events matching ``filters`` in deterministic order, fetched a page at a time."""
        sql, params = q.event_query(filters or EventFilter())
        with self._errors():
            cur = self.conn.execute(sql, params)
        try:
            while True:
                with self._errors():
                    page = cur.fetchmany(PAGE)
                if not page:
                    return
                for r in page:
                    yield _event_row(r)
        finally:
            cur.close()

    def events(self, filters: EventFilter | None = None) -> list[EventRow]:
        return list(self.iter_events(filters))

    def articles(self) -> list[ArticleRow]:
        with self._errors():
            return [ArticleRow(*r) for r in self.conn.execute(q.SELECT_ARTICLES)]

    def article(self, article_id: str) -> ArticleDetail | None:
        with self._errors():
            r = self.conn.execute(q.SELECT_ARTICLE, (article_id,)).fetchone()
        if r is None:
            return None
        return ArticleDetail(article=ArticleRow(*r[:11]), text=r[11], record=json.loads(r[12]))

    def counts(self) -> dict[str, int]:
        """Rows per table, plus ``events:<TYPE>`` per event type."""
        out: dict[str, int] = {}
        with self._errors():
            for table in TABLES:
                out[table] = int(self.conn.execute(q.COUNT.format(table=table)).fetchone()[0])
            for etype, n in self.conn.execute(q.COUNT_EVENT_TYPES):
                out[f"events:{etype}"] = int(n)
        return out

    def runs(self) -> list[RunRow]:
        with self._errors():
            rows = self.conn.execute(q.SELECT_RUNS).fetchall()
        return [RunRow(r[0], r[1], tuple(json.loads(r[2])), r[3], r[4], json.loads(r[5]) if r[5] else {})
                for r in rows]

    def failures(self, run_id: str | None = None) -> list[FailureRow]:
        sql, params = q.SELECT_FAILURES, ()
        if run_id is not None:
            sql, params = sql + " WHERE run_id = ?", (run_id,)
        with self._errors():
            return [FailureRow(*r) for r in self.conn.execute(sql + q.FAILURES_ORDER, params)]

    def integrity_check(self) -> list[str]:
        """SQLite's own consistency check plus foreign keys; an empty list means healthy."""
        with self._errors():
            problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [f"foreign key: {tuple(r)}" for r in self.conn.execute("PRAGMA foreign_key_check")]
        return problems


def _event_row(r: Sequence[Any]) -> EventRow:
    record = json.loads(r[32])
    actors = [p for p in record.get("actor") or [] if p]
    recipients = [p for p in record.get("recipient") or [] if p]

    def text(p: Mapping[str, Any]) -> str:
        return str(p.get("entity_text") or p.get("name") or p.get("code") or "")

    return EventRow(
        event_id=r[0], article_id=r[1], seq=r[2], type=r[3], mode=split_multi(r[4]),
        actor=tuple(text(p) for p in actors), actor_code=tuple(p.get("code") for p in actors),
        recipient=tuple(text(p) for p in recipients),
        recipient_code=tuple(p.get("code") for p in recipients),
        date=r[5], date_precision=r[6], date_start=r[7], date_end=r[8], place=r[9], country=r[10],
        admin1=r[11], lat=r[12], lon=r[13], geo_precision=r[14], dead=r[15], injured=r[16],
        arrested=r[17], status=split_multi(r[18]), confidence=r[19], cameo=r[20],
        quad_class=record.get("quad_class", r[21]), acled_event_type=r[22], acled_sub_event_type=r[23],
        event_text=r[24], url=r[25], title=r[26], source=r[27], published=r[28], language=r[29],
        pipeline_version=r[30], coded_at=r[31], record=record, claims=tuple(json.loads(r[33])),
        wikidata=json.loads(r[34]),
    )
