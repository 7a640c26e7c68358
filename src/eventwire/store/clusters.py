"""Persistence of near-duplicate links and event clusters (schema version 3), on any backend.

``ClusterStore(store)`` reads and writes the tables of migration 3 through the store's own
connection, placeholder style (``_sql``), transactions (``_tx``) and error mapping (``_errors``),
so it works on every ``store`` backend. SQL is written in the subset SQLite and PostgreSQL share
(``INSERT ... ON CONFLICT ... DO UPDATE``, no AUTOINCREMENT).

    article_signatures      article id -> MinHash signature of its text (the LSH index reads it)
    near_duplicates         a copy that was not coded -> its original, with the Jaccard estimate
    event_clusters          one row per happening: its canonical event (JSON) and filter columns
    event_cluster_members   stored event -> its happening (rows vanish with the event on a re-code)
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

#: The DDL of schema version 3 (``schema.MIGRATIONS`` runs it).
DDL: tuple[str, ...] = (
    """CREATE TABLE article_signatures (
        article_id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        num_perm INTEGER NOT NULL,
        signature TEXT NOT NULL,
        stored_at TEXT NOT NULL
    )""",
    """CREATE TABLE near_duplicates (
        article_id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        original_id TEXT NOT NULL,
        jaccard DOUBLE PRECISION NOT NULL,
        title TEXT,
        url TEXT,
        source TEXT,
        published TEXT,
        detected_at TEXT NOT NULL
    )""",
    "CREATE INDEX near_duplicates_original ON near_duplicates (original_id)",
    """CREATE TABLE event_clusters (
        id TEXT PRIMARY KEY,
        event_type TEXT NOT NULL,
        date_start TEXT,
        date_end TEXT,
        first_report TEXT,
        last_report TEXT,
        source_count INTEGER NOT NULL,
        event_count INTEGER NOT NULL,
        country_code TEXT,
        lat DOUBLE PRECISION,
        lon DOUBLE PRECISION,
        canonical_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX event_clusters_type ON event_clusters (event_type)",
    "CREATE INDEX event_clusters_date ON event_clusters (date_start, date_end)",
    "CREATE INDEX event_clusters_sources ON event_clusters (source_count)",
    """CREATE TABLE event_cluster_members (
        article_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        cluster_id TEXT NOT NULL REFERENCES event_clusters(id) ON DELETE CASCADE,
        evidence DOUBLE PRECISION,
        PRIMARY KEY (article_id, event_seq),
        FOREIGN KEY (article_id, event_seq) REFERENCES events (article_id, seq) ON DELETE CASCADE
    )""",
    "CREATE INDEX event_cluster_members_cluster ON event_cluster_members (cluster_id)",
)

#: Tables of migration 3.
TABLES = ("article_signatures", "near_duplicates", "event_clusters", "event_cluster_members")

SELECT_SIGNATURES = (
    "SELECT article_id, signature FROM article_signatures ORDER BY stored_at, article_id"
)
SELECT_UNSIGNED = """SELECT a.id, a.content_hash, a.text FROM articles a
    LEFT JOIN article_signatures s ON s.article_id = a.id
    WHERE s.article_id IS NULL OR s.content_hash <> a.content_hash ORDER BY a.stored_at, a.id"""
UPSERT_SIGNATURE = """INSERT INTO article_signatures
    (article_id, content_hash, num_perm, signature, stored_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (article_id) DO UPDATE SET content_hash = excluded.content_hash,
    num_perm = excluded.num_perm, signature = excluded.signature"""
LINK_COLUMNS = (
    "article_id, content_hash, original_id, jaccard, title, url, source, published, detected_at"
)
UPSERT_LINK = f"""INSERT INTO near_duplicates ({LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (article_id) DO UPDATE SET content_hash = excluded.content_hash,
    original_id = excluded.original_id, jaccard = excluded.jaccard, title = excluded.title,
    url = excluded.url, source = excluded.source, published = excluded.published"""
SELECT_LINK_BY_HASH = f"SELECT {LINK_COLUMNS} FROM near_duplicates WHERE content_hash = ?"
SELECT_LINKS = (
    f"SELECT {LINK_COLUMNS} FROM near_duplicates ORDER BY original_id, published, article_id"
)

SELECT_MEMBERS = """SELECT article_id, event_seq, cluster_id, evidence FROM event_cluster_members
    ORDER BY cluster_id, article_id, event_seq"""
SELECT_CANONICAL_JSON = "SELECT id, canonical_json FROM event_clusters"
UPSERT_CLUSTER = """INSERT INTO event_clusters (id, event_type, date_start, date_end, first_report,
    last_report, source_count, event_count, country_code, lat, lon, canonical_json, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET event_type = excluded.event_type,
    date_start = excluded.date_start, date_end = excluded.date_end,
    first_report = excluded.first_report, last_report = excluded.last_report,
    source_count = excluded.source_count, event_count = excluded.event_count,
    country_code = excluded.country_code, lat = excluded.lat, lon = excluded.lon,
    canonical_json = excluded.canonical_json, updated_at = excluded.updated_at"""
INSERT_MEMBER = """INSERT INTO event_cluster_members
    (article_id, event_seq, event_id, cluster_id, evidence)
    VALUES (?, ?, ?, ?, ?)"""
DELETE_CLUSTER = "DELETE FROM event_clusters WHERE id = ?"
DELETE_ALL_MEMBERS = "DELETE FROM event_cluster_members"
DELETE_ALL_CLUSTERS = "DELETE FROM event_clusters"
CLUSTER_OF_EVENT = "SELECT cluster_id FROM event_cluster_members WHERE event_id = ?"


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """A copy linked instead of coded: its id and hash, its original, the Jaccard estimate."""

    article_id: str
    content_hash: str
    original_id: str
    jaccard: float
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    detected_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ClusterFilter:
    """Which canonical events to read; fields combine with AND. Dates overlap like EventFilter's."""

    type: str | None = None
    country: str | None = None
    since: _dt.date | str | None = None
    until: _dt.date | str | None = None
    min_sources: int = 1
    limit: int | None = None
    offset: int = 0

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = ["source_count >= ?"], [int(self.min_sources)]
        if self.type:
            clauses.append("event_type = ?")
            params.append(self.type.strip().upper())
        if self.country:
            clauses.append("country_code = ?")
            params.append(self.country.strip().upper())
        if self.since is not None:
            clauses.append("date_end >= ?")
            params.append(str(self.since)[:10])
        if self.until is not None:
            clauses.append("date_start <= ?")
            params.append(str(self.until)[:10])
        return " WHERE " + " AND ".join(clauses), params


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds")


def _link(row: Sequence[Any]) -> NearDuplicate:
    return NearDuplicate(row[0], row[1], row[2], float(row[3]), *row[4:9])


class ClusterStore:
    """Near-duplicate links and clusters in an open store (SQLite or PostgreSQL)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._to_driver = getattr(store, "_sql", None) or (lambda sql: sql)

    def _q(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self.store._errors():
            return self.store.conn.execute(self._to_driver(sql), tuple(params))

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self.store._errors():
            return list(self.store.conn.execute(self._to_driver(sql), tuple(params)).fetchall())

    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if not rows:
            return
        if hasattr(self.store, "_executemany"):  # the backend knows its driver's batch call
            self.store._executemany(sql, rows)
        else:
            self.store.conn.executemany(self._to_driver(sql), rows)

    # --- signatures and links ------------------------------------------------------------------

    def signatures(self) -> Iterator[tuple[str, tuple[int, ...]]]:
        """(article id, MinHash signature) of every signed article, oldest first."""
        for aid, sig in self._all(SELECT_SIGNATURES):
            yield aid, tuple(int(v) for v in sig.split(","))

    def unsigned(self) -> list[tuple[str, str, str]]:
        """(id, content hash, text) of stored articles without an up-to-date signature."""
        return [(r[0], r[1], r[2]) for r in self._all(SELECT_UNSIGNED)]

    def save_signature(self, article_id: str, content_hash: str, key: Sequence[int]) -> None:
        with self.store._tx():
            self._q(
                UPSERT_SIGNATURE,
                (article_id, content_hash, len(key), ",".join(str(int(v)) for v in key), _now()),
            )

    def link(self, nd: NearDuplicate) -> None:
        """Record (or update) the link of a copy to its original."""
        with self.store._tx():
            self._q(
                UPSERT_LINK,
                (
                    nd.article_id,
                    nd.content_hash,
                    nd.original_id,
                    float(nd.jaccard),
                    nd.title,
                    nd.url,
                    nd.source,
                    nd.published,
                    nd.detected_at or _now(),
                ),
            )

    def link_for(self, content_hash: str) -> NearDuplicate | None:
        rows = self._all(SELECT_LINK_BY_HASH, (content_hash,))
        return _link(rows[0]) if rows else None

    def near_duplicates(self) -> list[NearDuplicate]:
        return [_link(r) for r in self._all(SELECT_LINKS)]

    # --- clusters --------------------------------------------------------------------------------

    def memberships(self) -> dict[tuple[str, int], tuple[str, float | None]]:
        """(article id, event position) -> (cluster id, evidence it joined with)."""
        return {(r[0], int(r[1])): (r[2], r[3]) for r in self._all(SELECT_MEMBERS)}

    def stored_canonical(self) -> dict[str, str]:
        """Cluster id -> its stored canonical JSON text."""
        return {r[0]: r[1] for r in self._all(SELECT_CANONICAL_JSON)}

    def write(
        self,
        canon: Mapping[str, Mapping[str, Any]],
        members: Iterable[tuple[str, int, str, str, float | None]],
        drop: Iterable[str] = (),
        rebuild: bool = False,
    ) -> None:
        """One transaction: upsert canonical events, add member rows, drop emptied clusters.

        ``members`` rows are (article id, event position, event id, cluster id, evidence).
        ``rebuild`` first deletes every cluster and membership.
        """
        now = _now()
        with self.store._tx():
            if rebuild:
                self._q(DELETE_ALL_MEMBERS)
                self._q(DELETE_ALL_CLUSTERS)
            for cid in drop:
                self._q(DELETE_CLUSTER, (cid,))
            self._many(UPSERT_CLUSTER, (_cluster_row(c, now) for c in canon.values()))
            self._many(INSERT_MEMBER, members)

    def canonical_events(self, filters: ClusterFilter | None = None) -> list[dict[str, Any]]:
        """Canonical events with their sources, largest first (sources, then date, then id)."""
        f = filters or ClusterFilter()
        where, params = f.where()
        sql = (
            f"SELECT canonical_json FROM event_clusters{where}"
            " ORDER BY source_count DESC, date_start IS NULL, date_start, id"
        )
        if f.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(f.limit), int(f.offset)]
        return [json.loads(r[0]) for r in self._all(sql, params)]

    def canonical_event(self, cluster_id: str) -> dict[str, Any] | None:
        rows = self._all("SELECT canonical_json FROM event_clusters WHERE id = ?", (cluster_id,))
        return json.loads(rows[0][0]) if rows else None

    def cluster_of(self, event_id: str) -> str | None:
        """The happening a stored event belongs to (None until ``eventwire cluster`` ran)."""
        rows = self._all(CLUSTER_OF_EVENT, (event_id,))
        return rows[0][0] if rows else None

    def counts(self) -> dict[str, int]:
        """Rows in each table of migration 3."""
        return {t: int(self._all(f"SELECT COUNT(*) FROM {t}")[0][0]) for t in TABLES}


def _cluster_row(c: Mapping[str, Any], now: str) -> tuple[Any, ...]:
    date = c.get("date") or {}
    loc = c.get("location") or {}
    return (
        c["id"],
        c["event_type"],
        date.get("earliest") or date.get("start"),
        date.get("latest") or date.get("end"),
        c.get("first_report"),
        c.get("last_report"),
        int(c["source_count"]),
        int(c["event_count"]),
        loc.get("country_code"),
        loc.get("lat"),
        loc.get("lon"),
        json.dumps(c, sort_keys=True, ensure_ascii=False),
        now,
    )
