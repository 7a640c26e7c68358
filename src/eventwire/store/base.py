"""The store logic both backends share, over a DB-API connection: saving, reading, migrating.

``SQLStore`` holds every query path; a backend (``sqlite.py``, ``postgres.py``) supplies only the
connection, its placeholder style, how a write transaction begins, the catalogue lookup, and the
mapping of driver errors onto ``errors.StoreError``. Each ``save`` is one transaction: a crash
leaves every article either fully stored or absent.
"""

from __future__ import annotations

import datetime as _dt
import json
import random
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from ..errors import NotAStoreError, SchemaVersionError, StoreError
from . import queries as q
from .flatten import admin1_key, claim_search, event_search, flatten, split_multi
from .protocol import (
    ActorRow,
    ArticleDetail,
    ArticleRow,
    ClaimFilter,
    ClaimRow,
    EventFilter,
    EventPage,
    EventRow,
    FailureRow,
    RunRow,
    SaveOutcome,
)
from .schema import MIGRATIONS_TABLE, SCHEMA_VERSION, TABLES, pending

#: Rows fetched per round trip when streaming events.
PAGE = 500
#: Attempts of a save that lost a race with another writer (PostgreSQL; SQLite never retries).
SAVE_ATTEMPTS = 8


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


class SQLStore:
    """A ``Store`` over one DB-API connection; subclasses provide the backend hooks below."""

    path: str  # what messages name: a file path, or a URL without its password
    create: bool
    _conn: Any
    #: PostGIS is installed in the database: bounding boxes use it (PostgreSQL only).
    postgis: bool = False
    #: Saves run again after colliding with another writer, since this store was made.
    save_retries: int = 0

    # --- backend hooks -----------------------------------------------------------------------

    def open(self) -> SQLStore:  # pragma: no cover - every backend overrides it
        raise NotImplementedError

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def _sql(self, sql: str) -> str:
        """``sql`` in the driver's placeholder style (queries.py writes "?")."""
        return sql

    def _classify(self, exc: Exception) -> StoreError:  # pragma: no cover - overridden
        raise NotImplementedError

    def _driver_errors(self) -> tuple[type[Exception], ...]:  # pragma: no cover - overridden
        raise NotImplementedError

    def _begin(self) -> None:
        """Start a write transaction (taking whatever lock makes the migration check safe)."""
        self._exec("BEGIN")

    def _in_transaction(self) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def _tables(self) -> set[str]:  # pragma: no cover - overridden
        """Names of the tables in the store's database (or schema), without system tables."""
        raise NotImplementedError

    def _lock_schema(self) -> None:
        """Serialise migrations between processes, inside the migration's transaction."""

    def _after_migrate(self) -> None:
        """Backend-only objects that are not part of the shared schema (e.g. a PostGIS index)."""

    def _retryable(self, exc: BaseException) -> bool:
        """Whether a failed save lost a race with another writer and should simply run again."""
        return False

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(self._sql(sql), rows)

    # --- plumbing ------------------------------------------------------------------------------

    def __enter__(self) -> SQLStore:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def conn(self) -> Any:
        if self._conn is None:
            self.open()
        assert self._conn is not None
        return self._conn

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(self._sql(sql), params)

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._errors():
            return self._exec(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._errors():
            return self._exec(sql, params).fetchone()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except self._driver_errors() as exc:
            raise self._classify(exc) from exc

    @contextmanager
    def _tx(self) -> Iterator[None]:
        """One write transaction, rolled back on any error (or interrupt) inside it."""
        with self._errors():
            self._begin()
            try:
                yield
            except BaseException:
                if self._in_transaction():
                    self._exec("ROLLBACK")
                raise
            try:
                self._exec("COMMIT")
            except self._driver_errors():
                if self._in_transaction():
                    self._exec("ROLLBACK")
                raise

    def _migrate(self) -> None:
        tables = self._tables()
        if "schema_migrations" not in tables:
            if tables:
                raise NotAStoreError(
                    f"{self.path} is a database but not an eventwire store "
                    f"(it has tables {', '.join(sorted(tables)[:5])})",
                    hint="pass another --db; eventwire will not write into another program's database",
                )
            if not self.create:
                raise StoreError(f"no eventwire store in {self.path}",
                                 hint="create it with `eventwire run INPUT --db ...`")
        current = self._schema_version() if "schema_migrations" in tables else 0
        if current > SCHEMA_VERSION:
            raise self._too_new(current)
        if pending(current):
            with self._tx():
                self._lock_schema()
                self._exec(self._ddl(MIGRATIONS_TABLE))
                # Re-read under the write lock: another process may have migrated meanwhile.
                current = self._schema_version()
                if current > SCHEMA_VERSION:
                    raise self._too_new(current)
                for m in pending(current):
                    for statement in m.statements:
                        self._exec(self._ddl(statement))
                    backfill = _BACKFILLS.get(m.version)
                    if backfill is not None:
                        backfill(self)
                    self._exec(q.RECORD_MIGRATION, (m.version, m.description, now_iso()))
        self._after_migrate()

    def _ddl(self, statement: str) -> str:
        """A shared DDL statement in this backend's dialect."""
        return statement

    def _schema_version(self) -> int:
        row = self._exec(q.LATEST_SCHEMA_VERSION).fetchone()
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
        content is a revision of that article and replaces it too ("recoded"). Idempotent under
        concurrent writers: a save that collides with another writer's is retried, and then
        finds that writer's row ("unchanged") or replaces it.
        """
        for attempt in range(SAVE_ATTEMPTS):
            try:
                return self._save_once(record, text, content_hash, pipeline_version)
            except StoreError as exc:
                if attempt == SAVE_ATTEMPTS - 1 or not self._retryable(exc.__cause__ or exc):
                    raise
                self.save_retries += 1
                time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _save_once(self, record: Mapping[str, Any], text: str, content_hash: str,
                   pipeline_version: str) -> SaveOutcome:
        now = now_iso()
        rows = flatten(record, text, content_hash, pipeline_version, now)
        aid = rows.article[0]
        with self._tx():
            # One statement, so one snapshot: under PostgreSQL's READ COMMITTED, two separate
            # lookups could see another writer's commit land between them.
            found = self._exec(q.ARTICLE_PRIOR, (content_hash, aid)).fetchall()
            prior = next((r for r in found if r[1] == content_hash), None)
            if prior is not None and prior[2] == pipeline_version:
                return "unchanged"
            outcome: SaveOutcome = "recoded" if prior is not None else "stored"
            stored_at = prior[3] if prior is not None else None
            if prior is not None:
                self._exec(q.DELETE_ARTICLE, (prior[0],))
            same_id = next((r for r in found if r[0] == aid and r is not prior), None)
            if same_id is not None:
                # A revision of the article (same id, other content) replaces it.
                self._exec(q.DELETE_ARTICLE, (aid,))
                outcome, stored_at = "recoded", stored_at or same_id[3]
            article = rows.article[:-2] + (stored_at or now, now)
            self._exec(q.INSERT_ARTICLE, article)
            for sql, table_rows in ((q.INSERT_EVENT, rows.events),
                                    (q.INSERT_EVENT_ACTOR, rows.event_actors),
                                    (q.INSERT_ENTITY, rows.entities), (q.INSERT_PLACE, rows.places),
                                    (q.INSERT_CLAIM, rows.claims),
                                    (q.INSERT_CLAIM_EVENT, rows.claim_events),
                                    (q.INSERT_TIMEX, rows.timexes)):
                if table_rows:
                    self._executemany(sql, table_rows)
        return outcome

    def seen(self, content_hash: str, pipeline_version: str) -> bool:
        """Whether this content is stored by this pipeline version (so a run can skip it)."""
        return self._one(q.SEEN, (content_hash, pipeline_version)) is not None

    def seen_many(self, content_hashes: Iterable[str], pipeline_version: str) -> set[str]:
        """Those of ``content_hashes`` stored by this pipeline version: one query per chunk."""
        hashes = list(dict.fromkeys(content_hashes))
        found: set[str] = set()
        for i in range(0, len(hashes), q.SEEN_CHUNK):
            chunk = hashes[i:i + q.SEEN_CHUNK]
            rows = self._all(q.seen_many_query(len(chunk)), (*chunk, pipeline_version))
            found.update(r[0] for r in rows)
        return found

    def start_run(self, pipeline_version: str | None = None, inputs: Sequence[str] = ()) -> str:
        """Record the start of a run; returns its id (sortable by start time)."""
        now = _dt.datetime.now(_dt.timezone.utc)
        run_id = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        with self._tx():
            self._exec(q.INSERT_RUN, (run_id, pipeline_version, json.dumps([str(i) for i in inputs]),
                                      now.isoformat(timespec="milliseconds")))
        return run_id

    def finish_run(self, run_id: str, counts: Mapping[str, int]) -> None:
        with self._tx():
            cur = self._exec(q.FINISH_RUN, (now_iso(), json.dumps(dict(counts), sort_keys=True), run_id))
            if cur.rowcount == 0:
                raise StoreError(f"no run {run_id!r} in {self.path}", hint="start it with start_run()")

    def record_failure(self, run_id: str | None, origin: str | None, code: str | None,
                       reason: str) -> None:
        """Add one input that failed to the dead-letter list of a run."""
        with self._tx():
            self._exec(q.INSERT_FAILURE, (uuid.uuid4().hex, run_id, origin, code, str(reason), now_iso()))

    # --- reading events ----------------------------------------------------------------------

    def iter_events(self, filters: EventFilter | None = None) -> Iterator[EventRow]:
        """Events matching ``filters`` in deterministic order, fetched a page at a time.

        Without limit/offset the pages are keyset pages (one bounded query each, on any backend);
        with them, one query of at most ``limit`` rows.
        """
        f = filters or EventFilter()
        if f.limit is not None or f.offset:
            sql, params = q.event_query(f, postgis=self.postgis)
            yield from (_event_row(r) for r in self._all(sql, params))
            return
        after = None
        while True:
            rows = self._page_rows(f, "date", after, PAGE)
            yield from (_event_row(r) for r in rows)
            if len(rows) < PAGE:
                return
            last = rows[-1]
            after = (last[35], last[1], last[2])

    def events(self, filters: EventFilter | None = None) -> list[EventRow]:
        return list(self.iter_events(filters))

    def event(self, event_id: str) -> EventRow | None:
        """One event by id, or None."""
        r = self._one(q.SELECT_EVENT, (event_id,))
        return None if r is None else _event_row(r)

    def _page_rows(self, f: EventFilter, sort: str, after: tuple[Any, str, int] | None,
                   limit: int) -> list[Any]:
        sql, params = q.page_query(f, sort, after, limit, postgis=self.postgis)
        return self._all(sql, params)

    def page_events(self, filters: EventFilter | None = None, *, limit: int = 100,
                    cursor: str | None = None, sort: str = "date") -> EventPage:
        """A page of events in ``sort`` order after ``cursor``, the next cursor and the total.

        Keyset pagination: the cursor holds the last row's sort key and (article id, position), so
        rows stored between two requests never shift a page. ValueError for a malformed cursor,
        an unknown sort, a negative limit, or filters that set limit/offset themselves.
        """
        f = filters or EventFilter()
        if f.limit is not None or f.offset:
            raise ValueError("page_events pages with limit= and cursor=; leave EventFilter.limit "
                             "and EventFilter.offset unset")
        if limit < 0:
            raise ValueError(f"limit must be >= 0, not {limit}")
        after = q.decode_cursor(cursor, sort) if cursor else None
        q._sort(sort)  # validate even when no rows are read
        rows = self._page_rows(f, sort, after, limit + 1) if limit else []
        next_cursor = None
        if len(rows) > limit:
            rows = rows[:limit]
            last = rows[-1]
            next_cursor = q.encode_cursor(sort, last[35], last[1], last[2])
        sql, params = q.count_query(f, postgis=self.postgis)
        total = int(self._one(sql, params)[0])
        return EventPage([_event_row(r) for r in rows], next_cursor, total)

    def aggregate(self, by: str, filters: EventFilter | None = None) -> list[tuple[str, int]]:
        """Event counts per bucket of ``by``; chronological for dates, most frequent first otherwise.

        Date buckets count an event at its ``date_start`` (weeks are ISO weeks, "2019-W33");
        an event with two statuses counts under both; events without a value are left out.
        """
        f = filters or EventFilter()
        if f.limit is not None or f.offset:
            raise ValueError("aggregate counts every matching event; leave EventFilter.limit "
                             "and EventFilter.offset unset")
        sql, params = q.aggregate_query(by, f, postgis=self.postgis)
        counts: Counter[str] = Counter()
        for value, n in self._all(sql, params):
            for key in _bucket_keys(by, str(value)):
                counts[key] += int(n)
        if by in ("day", "week", "month", "year"):
            return sorted(counts.items())
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    # --- actors, claims, articles ------------------------------------------------------------

    def actors(self, query: str | None = None, code: str | None = None, limit: int = 100,
               offset: int = 0) -> list[ActorRow]:
        """Actors across articles by (canonical name, code), most events first, with aliases."""
        if limit < 0 or offset < 0:
            raise ValueError(f"limit and offset must be >= 0, not {limit} and {offset}")
        sql, params = q.actors_query(query, code, limit, offset)
        groups = self._all(sql, params)
        if not groups:
            return []
        texts: dict[tuple[str, str | None], Counter[str]] = {}
        sectors: dict[tuple[str, str | None], Counter[str]] = {}
        wikidata: dict[tuple[str, str | None], Counter[str]] = {}
        dsql, dparams = q.actor_details_query(sorted({g[0] for g in groups}))
        for name, code_, text, sector, aliases_json, wd in self._all(dsql, dparams):
            key = (name, code_)
            texts.setdefault(key, Counter()).update(
                [t for t in [text, *json.loads(aliases_json or "[]")] if t and t != name])
            if sector:
                sectors.setdefault(key, Counter())[sector] += 1
            if wd:
                wikidata.setdefault(key, Counter())[wd] += 1
        out = []
        for name, code_, n_events, n_articles in groups:
            key = (name, code_)
            out.append(ActorRow(
                name=name, code=code_, sector=_most_common(sectors.get(key)),
                aliases=tuple(t for t, _ in sorted((texts.get(key) or {}).items(),
                                                   key=lambda kv: (-kv[1], kv[0]))),
                wikidata=_most_common(wikidata.get(key)), events=int(n_events),
                articles=int(n_articles)))
        return out

    def claims(self, filters: ClaimFilter | None = None) -> list[ClaimRow]:
        """Claims matching ``filters``, by article then position in it."""
        sql, params = q.claims_query(filters or ClaimFilter())
        out = []
        for cid, aid, kind, speaker, code, cited, content, record_json in self._all(sql, params):
            record = json.loads(record_json)
            events = tuple(dict.fromkeys(str(e) for e in record.get("events") or []))
            out.append(ClaimRow(cid, aid, kind, speaker, code, cited, content, events, record))
        return out

    def articles(self, limit: int | None = None, offset: int = 0) -> list[ArticleRow]:
        """Stored articles (without text), by publication date (undated last) then id."""
        if (limit is not None and limit < 0) or offset < 0:
            raise ValueError(f"limit and offset must be >= 0, not {limit} and {offset}")
        if limit is None and not offset:
            return [ArticleRow(*r) for r in self._all(q.SELECT_ARTICLES)]
        bound = q.NO_LIMIT if limit is None else int(limit)
        return [ArticleRow(*r) for r in self._all(q.SELECT_ARTICLES_PAGE, (bound, int(offset)))]

    def article(self, article_id: str) -> ArticleDetail | None:
        r = self._one(q.SELECT_ARTICLE, (article_id,))
        if r is None:
            return None
        return ArticleDetail(article=ArticleRow(*r[:11]), text=r[11], record=json.loads(r[12]))

    def article_by_hash(self, content_hash: str) -> ArticleRow | None:
        """The stored article (without text) with this content hash, or None."""
        r = self._one(q.SELECT_ARTICLE_BY_HASH, (content_hash,))
        return ArticleRow(*r) if r is not None else None

    def counts(self, tables: Sequence[str] | None = None) -> dict[str, int]:
        """Rows per table, plus ``events:<TYPE>`` per event type; only ``tables`` when given."""
        unknown = set(tables or ()) - set(TABLES)
        if unknown:
            raise ValueError(f"unknown table(s) {sorted(unknown)}; known: {', '.join(TABLES)}")
        out: dict[str, int] = {}
        for table in tables or TABLES:  # names from schema.TABLES only, never user text
            out[table] = int(self._one(q.COUNT.format(table=table))[0])
        if tables is None:
            for etype, n in self._all(q.COUNT_EVENT_TYPES):
                out[f"events:{etype}"] = int(n)
        return out

    def runs(self) -> list[RunRow]:
        rows = self._all(q.SELECT_RUNS)
        return [RunRow(r[0], r[1], tuple(json.loads(r[2])), r[3], r[4], json.loads(r[5]) if r[5] else {})
                for r in rows]

    def failures(self, run_id: str | None = None) -> list[FailureRow]:
        sql, params = q.SELECT_FAILURES, ()
        if run_id is not None:
            sql, params = sql + " WHERE run_id = ?", (run_id,)
        return [FailureRow(*r) for r in self._all(sql + q.FAILURES_ORDER, params)]


def _most_common(counter: Counter[str] | None) -> str | None:
    if not counter:
        return None
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _bucket_keys(by: str, value: str) -> list[str]:
    """The bucket(s) one grouped value falls in."""
    if by == "status":
        return list(split_multi(value))
    if by == "day":
        return [value[:10]]
    if by == "month":
        return [value[:7]]
    if by == "year":
        return [value[:4]]
    if by == "week":
        year, week, _ = _dt.date.fromisoformat(value[:10]).isocalendar()
        return [f"{year}-W{week:02d}"]
    return [value]


def _backfill_v2(store: SQLStore) -> None:
    """Fill the search keys migration 2 adds, for rows stored before it (inside its transaction)."""
    events = store._exec(q.BACKFILL_EVENTS).fetchall()
    rows = [(event_search(json.loads(rec)), admin1_key(admin1), aid, seq)
            for aid, seq, admin1, rec in events]
    if rows:
        store._executemany(q.UPDATE_EVENT_KEYS, rows)
    claims = store._exec(q.BACKFILL_CLAIMS).fetchall()
    rows = [(claim_search(json.loads(rec)), aid, seq) for aid, seq, rec in claims]
    if rows:
        store._executemany(q.UPDATE_CLAIM_KEY, rows)


_BACKFILLS = {2: _backfill_v2}


def _geo_score(record: Mapping[str, Any]) -> float | None:
    """The event location's score from its stored record (see ``EventRow.geo_score``)."""
    score = (record.get("location") or {}).get("score")
    return float(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else None


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
        admin1=r[11], lat=r[12], lon=r[13], geo_precision=r[14], geo_score=_geo_score(record),
        dead=r[15], injured=r[16],
        arrested=r[17], status=split_multi(r[18]), confidence=r[19], cameo=r[20],
        quad_class=record.get("quad_class", r[21]), acled_event_type=r[22], acled_sub_event_type=r[23],
        event_text=r[24], url=r[25], title=r[26], source=r[27], published=r[28], language=r[29],
        pipeline_version=r[30], coded_at=r[31], record=record, claims=tuple(json.loads(r[33])),
        wikidata=json.loads(r[34]),
    )
