"""Every SQL statement the store runs (besides the DDL in schema.py), with "?" placeholders.

Written in the SQL SQLite and PostgreSQL share; the PostgreSQL backend swaps "?" for "%s".
The builders (``event_where`` and the queries on it, ``actors_query``, ``claims_query``) put
together fixed fragments and bound parameters only: no user text is ever pasted into SQL.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import json
from typing import Any

from .flatten import SEP
from .protocol import AGGREGATES, SORTS, ClaimFilter, EventFilter

LATEST_SCHEMA_VERSION = "SELECT MAX(version) FROM schema_migrations"
RECORD_MIGRATION = "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)"

#: The stored article with this content hash and the one with this id (the same row, two, or none).
ARTICLE_PRIOR = """SELECT id, content_hash, pipeline_version, stored_at FROM articles
    WHERE content_hash = ? OR id = ?"""
SEEN = "SELECT 1 FROM articles WHERE content_hash = ? AND pipeline_version = ?"
#: Hashes per ``seen_many`` query: far below SQLite's 32,766 bound parameters and PostgreSQL's 65,535.
SEEN_CHUNK = 500


def seen_many_query(n: int) -> str:
    """Which of ``n`` content hashes (then the pipeline version) are stored by that version."""
    return (f"SELECT content_hash FROM articles WHERE content_hash IN ({', '.join('?' * n)})"
            " AND pipeline_version = ?")
DELETE_ARTICLE = "DELETE FROM articles WHERE id = ?"

INSERT_ARTICLE = """INSERT INTO articles (id, content_hash, pipeline_version, record_version, title, url,
    source, published, language, n_events, text, record_json, stored_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_EVENT = """INSERT INTO events (article_id, seq, id, event_type, modes, date_value, date_precision,
    date_start, date_end, date_source, place, geonameid, country_code, admin1, lat, lon, geo_precision,
    dead, injured, arrested, statuses, confidence, cameo, quad_class, acled_event_type,
    acled_sub_event_type, event_text, trigger_text, trigger_start, trigger_end, record_json,
    claims_json, wikidata_json, search, admin1_key)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
    ?, ?)"""
INSERT_EVENT_ACTOR = """INSERT INTO event_actors (article_id, event_seq, role, position, entity_id,
    entity_text, name, code, sector, affiliation, start_char, end_char, search)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_ENTITY = """INSERT INTO entities (article_id, seq, id, text, name, kind, code, sector, affiliation,
    wikidata, aliases_json, mentions_json, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_PLACE = """INSERT INTO places (article_id, seq, text, start_char, end_char, geonameid, name, lat, lon,
    country_code, admin1, feature_code, geo_precision, relation)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_CLAIM = """INSERT INTO claims (article_id, seq, id, kind, speaker_text, speaker_code,
    speaker_entity_id, cited_source, content_text, content_start, content_end, record_json, search)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_CLAIM_EVENT = "INSERT INTO claim_events (article_id, claim_seq, event_id) VALUES (?, ?, ?)"
INSERT_TIMEX = """INSERT INTO timexes (article_id, seq, text, start_char, end_char, type, value,
    date_precision, date_start, date_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""

INSERT_RUN = "INSERT INTO runs (id, pipeline_version, inputs_json, started_at) VALUES (?, ?, ?, ?)"
FINISH_RUN = "UPDATE runs SET finished_at = ?, counts_json = ? WHERE id = ?"
INSERT_FAILURE = "INSERT INTO failures (id, run_id, origin, code, reason, at) VALUES (?, ?, ?, ?, ?, ?)"
SELECT_RUNS = """SELECT id, pipeline_version, inputs_json, started_at, finished_at, counts_json
    FROM runs ORDER BY started_at, id"""
SELECT_FAILURES = "SELECT run_id, origin, code, reason, at FROM failures"
FAILURES_ORDER = " ORDER BY at, id"

ARTICLE_COLUMNS = """id, content_hash, title, url, source, published, language, pipeline_version,
    n_events, stored_at, updated_at"""
SELECT_ARTICLES = f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY published IS NULL, published, id"
SELECT_ARTICLE = f"SELECT {ARTICLE_COLUMNS}, text, record_json FROM articles WHERE id = ?"
SELECT_ARTICLE_BY_HASH = f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE content_hash = ?"

COUNT = "SELECT COUNT(*) FROM {table}"  # table names come from schema.TABLES only
COUNT_EVENT_TYPES = "SELECT event_type, COUNT(*) FROM events GROUP BY event_type ORDER BY event_type"

#: Columns of an event row; participants are read from the event's record JSON (record_json),
#: which holds the same entity objects event_actors indexes.
EVENT_COLUMNS = """e.id, e.article_id, e.seq, e.event_type, e.modes, e.date_value, e.date_precision,
    e.date_start, e.date_end, e.place, e.country_code, e.admin1, e.lat, e.lon, e.geo_precision,
    e.dead, e.injured, e.arrested, e.statuses, e.confidence, e.cameo, e.quad_class,
    e.acled_event_type, e.acled_sub_event_type, e.event_text, a.url, a.title, a.source, a.published,
    a.language, a.pipeline_version, a.updated_at, e.record_json, e.claims_json, e.wikidata_json"""

EVENT_FROM = " FROM events e JOIN articles a ON a.id = e.article_id"
SELECT_EVENT = f"SELECT {EVENT_COLUMNS}{EVENT_FROM} WHERE e.id = ? ORDER BY e.article_id, e.seq LIMIT 1"

SELECT_ARTICLES_PAGE = SELECT_ARTICLES + " LIMIT ? OFFSET ?"

# --- migration 2 backfill: search keys computed in Python for rows stored before version 2 ----
BACKFILL_EVENTS = "SELECT article_id, seq, admin1, record_json FROM events"
UPDATE_EVENT_KEYS = "UPDATE events SET search = ?, admin1_key = ? WHERE article_id = ? AND seq = ?"
BACKFILL_CLAIMS = "SELECT article_id, seq, record_json FROM claims"
UPDATE_CLAIM_KEY = "UPDATE claims SET search = ? WHERE article_id = ? AND seq = ?"

# --- PostgreSQL only (store/postgres.py) --------------------------------------------------------
PG_SET_LOCK_TIMEOUT = "SELECT set_config('lock_timeout', ?, false)"
PG_SEARCH_PATH = "SELECT current_setting('search_path'), current_schema()"
#: Tables of the current schema, less those an extension owns (PostGIS's spatial_ref_sys).
PG_TABLES = """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT EXISTS (
        SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
        AND d.deptype = 'e')"""
PG_LOCK_SCHEMA = "SELECT pg_advisory_xact_lock(hashtext('eventwire.schema:' || current_schema()))"
#: PostGIS is installed and its functions are on the search path.
PG_HAS_POSTGIS = """SELECT 1 FROM pg_extension WHERE extname = 'postgis' AND EXISTS (
    SELECT 1 FROM pg_proc WHERE proname = 'st_makeenvelope' AND pg_function_is_visible(oid))"""
#: The GiST index the PostGIS bounding-box test (``event_where(postgis=True)``) uses.
PG_GEOMETRY_INDEX = """CREATE INDEX IF NOT EXISTS events_geom ON events
    USING GIST ((ST_SetSRID(ST_MakePoint(lon, lat), 4326)))"""

#: pg_trgm is installed and its operator class is on the search path.
PG_HAS_TRGM = """SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm' AND EXISTS (
    SELECT 1 FROM pg_opclass WHERE opcname = 'gin_trgm_ops' AND pg_opclass_is_visible(oid))"""
#: Trigram indexes that let LIKE '%text%' (free text, actor and speaker filters) skip a full scan.
PG_TRGM_INDEXES = tuple(
    f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {table} USING GIN (search gin_trgm_ops)"
    for table in ("events", "event_actors", "claims"))

#: (what is wrong, how many rows show it): every count is 0 in a consistent store.
INTEGRITY_CHECKS = (
    ("event without its article", "SELECT COUNT(*) FROM events e WHERE NOT EXISTS "
     "(SELECT 1 FROM articles a WHERE a.id = e.article_id)"),
    ("participant without its event", "SELECT COUNT(*) FROM event_actors x WHERE NOT EXISTS "
     "(SELECT 1 FROM events e WHERE e.article_id = x.article_id AND e.seq = x.event_seq)"),
    ("claim link without its claim", "SELECT COUNT(*) FROM claim_events x WHERE NOT EXISTS "
     "(SELECT 1 FROM claims c WHERE c.article_id = x.article_id AND c.seq = x.claim_seq)"),
    *((f"{t} row without its article", f"SELECT COUNT(*) FROM {t} x WHERE NOT EXISTS "
       "(SELECT 1 FROM articles a WHERE a.id = x.article_id)")
      for t in ("entities", "places", "claims", "timexes")),
    ("article whose event count is wrong", "SELECT COUNT(*) FROM articles a WHERE a.n_events <> "
     "(SELECT COUNT(*) FROM events e WHERE e.article_id = a.id)"),
)

#: A bound that stands for "no limit" on both backends (LIMIT -1 is SQLite-only, ALL PostgreSQL-only).
NO_LIMIT = 2**62


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(text: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for "contains ``text``, any case" on a case-folded column."""
    return f"%{_like_escape(text.strip().casefold())}%"


def _iso(value: _dt.date | str) -> str:
    return value.isoformat() if isinstance(value, _dt.date) else str(value)


def event_where(f: EventFilter, *, postgis: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause (" WHERE ..." or "") of ``f`` over ``events e``, with bound parameters.

    ``postgis`` tests the bounding box with PostGIS (and its GiST index) instead of lat/lon ranges;
    both include the edges, so both backends return the same events.
    """
    where: list[str] = []
    params: list[Any] = []
    if f.country:
        where.append("e.country_code = ?")
        params.append(f.country.strip().upper())
    if f.type:
        where.append("e.event_type = ?")
        params.append(f.type.strip().upper())
    if f.mode:
        where.append("e.modes LIKE ? ESCAPE '\\'")
        params.append(f"%{SEP}{_like_escape(f.mode.strip())}{SEP}%")
    if f.status:
        where.append("e.statuses LIKE ? ESCAPE '\\'")
        params.append(f"%{SEP}{_like_escape(f.status.strip())}{SEP}%")
    if f.actor:
        where.append(
            "EXISTS (SELECT 1 FROM event_actors ea WHERE ea.article_id = e.article_id"
            " AND ea.event_seq = e.seq AND (ea.search LIKE ? ESCAPE '\\' OR ea.code = ?))"
        )
        params += [_contains(f.actor), f.actor.strip().upper()]
    # Overlap: the event's [date_start, date_end] meets the [since, until] window.
    if f.since is not None:
        where.append("e.date_end >= ?")
        params.append(_iso(f.since))
    if f.until is not None:
        where.append("e.date_start <= ?")
        params.append(_iso(f.until))
    if f.min_confidence is not None:
        where.append("e.confidence >= ?")
        params.append(float(f.min_confidence))
    if f.article_id:
        where.append("e.article_id = ?")
        params.append(f.article_id)
    if f.admin1:
        where.append("e.admin1_key = ?")
        params.append(f.admin1.strip().casefold())
    if f.acled_type:
        # ACLED's type names are ASCII, so SQL lower() folds them alike on both backends.
        where.append("(lower(e.acled_event_type) = ? OR lower(e.acled_sub_event_type) = ?)")
        params += [f.acled_type.strip().lower()] * 2
    if f.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        if postgis:
            envelope = "ST_MakeEnvelope(?, ?, ?, ?, 4326)"
            point = "ST_SetSRID(ST_MakePoint(e.lon, e.lat), 4326)"
            if min_lon <= max_lon:
                where.append(f"{point} && {envelope}")
                params += [min_lon, min_lat, max_lon, max_lat]
            else:  # across the antimeridian: two boxes
                where.append(f"({point} && {envelope} OR {point} && {envelope})")
                params += [min_lon, min_lat, 180.0, max_lat, -180.0, min_lat, max_lon, max_lat]
        else:
            where.append("e.lat >= ? AND e.lat <= ?")
            params += [min_lat, max_lat]
            if min_lon <= max_lon:
                where.append("e.lon >= ? AND e.lon <= ?")
            else:
                where.append("(e.lon >= ? OR e.lon <= ?)")
            params += [min_lon, max_lon]
    if f.text and f.text.strip():
        where.append("e.search LIKE ? ESCAPE '\\'")
        params.append(_contains(f.text))
    if f.ids is not None:
        if not f.ids:
            where.append("1 = 0")
        else:
            where.append(f"e.id IN ({', '.join('?' * len(f.ids))})")
            params += list(f.ids)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _limit(f: EventFilter, params: list[Any]) -> str:
    if f.limit is None and not f.offset:
        return ""
    params += [NO_LIMIT if f.limit is None else int(f.limit), int(f.offset)]
    return " LIMIT ? OFFSET ?"


def event_query(f: EventFilter, *, postgis: bool = False) -> tuple[str, list[Any]]:
    """The SELECT for ``f``: fixed SQL fragments plus bound parameters, in deterministic order."""
    where, params = event_where(f, postgis=postgis)
    sql = f"SELECT {EVENT_COLUMNS}{EVENT_FROM}{where}"
    sql += " ORDER BY e.date_start IS NULL, e.date_start, e.article_id, e.seq"
    return sql + _limit(f, params), params


# --- keyset pagination --------------------------------------------------------------------------

#: Sort name -> (column, its JSON type in a cursor). Ties break on (article_id, seq), ascending.
SORT_KEYS: dict[str, tuple[str, type]] = {
    "date": ("e.date_start", str), "published": ("a.published", str),
    "confidence": ("e.confidence", float), "dead": ("e.dead", int),
}


def _sort(sort: str) -> tuple[str, bool, type]:
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    column, kind = SORT_KEYS[sort.lstrip("-")]
    return column, sort.startswith("-"), kind


def encode_cursor(sort: str, key: Any, article_id: str, seq: int) -> str:
    """An opaque URL-safe cursor: the sort and the position of the last row of a page."""
    raw = json.dumps([sort, key, article_id, seq], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str, int]:
    """(key, article_id, seq) of a cursor made by ``encode_cursor`` for ``sort``; ValueError otherwise."""
    _, _, kind = _sort(sort)
    bad = ValueError(f"cursor {cursor[:40]!r} is malformed or was not issued by this server: "
                     "request the first page without a cursor and follow next_cursor")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got_sort, key, article_id, seq = json.loads(raw)
    except (ValueError, TypeError, binascii.Error):
        raise bad from None
    if not isinstance(article_id, str) or type(seq) is not int:
        raise bad
    if key is not None and not (isinstance(key, kind) or (kind is float and type(key) is int)):
        raise bad
    if got_sort != sort:
        raise ValueError(f"cursor was issued for sort={got_sort!r}, not sort={sort!r}: "
                         "keep the sort while following next_cursor")
    return key, article_id, seq


def page_query(f: EventFilter, sort: str, after: tuple[Any, str, int] | None, limit: int, *,
               postgis: bool = False) -> tuple[str, list[Any]]:
    """The SELECT of one keyset page: rows after ``after`` (key, article_id, seq) in ``sort`` order.

    Order: rows without the key last, then the key (descending for "-"), then article id and
    position ascending; the cursor predicate follows that order exactly, so a page never
    repeats or skips a row that existed when the previous page was read.
    """
    column, desc, _ = _sort(sort)
    where, params = event_where(f, postgis=postgis)
    if after is not None:
        key, aid, seq = after
        tie = "(e.article_id > ? OR (e.article_id = ? AND e.seq > ?))"
        if key is None:
            cond = f"({column} IS NULL AND {tie})"
            params += [aid, aid, seq]
        else:
            cmp = "<" if desc else ">"
            cond = f"({column} IS NULL OR {column} {cmp} ? OR ({column} = ? AND {tie}))"
            params += [key, key, aid, aid, seq]
        where = f"{where} AND {cond}" if where else f" WHERE {cond}"
    order = f" ORDER BY {column} IS NULL, {column}{' DESC' if desc else ''}, e.article_id, e.seq"
    params.append(int(limit))
    return f"SELECT {EVENT_COLUMNS}, {column}{EVENT_FROM}{where}{order} LIMIT ?", params


def count_query(f: EventFilter, *, postgis: bool = False) -> tuple[str, list[Any]]:
    where, params = event_where(f, postgis=postgis)
    return f"SELECT COUNT(*) FROM events e{where}", params


#: Aggregate name -> the column grouped in SQL (date buckets and statuses are folded in Python).
AGGREGATE_KEYS = {
    "day": "e.date_start", "week": "e.date_start", "month": "e.date_start", "year": "e.date_start",
    "country": "e.country_code", "admin1": "e.admin1", "type": "e.event_type",
    "acled_type": "e.acled_event_type", "status": "e.statuses",
}


def aggregate_query(by: str, f: EventFilter, *, postgis: bool = False) -> tuple[str, list[Any]]:
    """Counts of events per value of the column behind ``by`` (NULLs left out)."""
    if by not in AGGREGATES:
        raise ValueError(f"by must be one of {', '.join(AGGREGATES)}, not {by!r}")
    column = AGGREGATE_KEYS[by]
    where, params = event_where(f, postgis=postgis)
    cond = f"{column} IS NOT NULL"
    where = f"{where} AND {cond}" if where else f" WHERE {cond}"
    return f"SELECT {column}, COUNT(*) FROM events e{where} GROUP BY {column}", params


# --- actors and claims --------------------------------------------------------------------------

# Every mention of an actor: article-level entities (event_seq -1) and event participants.
_ACTOR_MENTIONS = """SELECT COALESCE(name, text) AS cname, code, article_id, -1 AS event_seq, search
        FROM entities WHERE COALESCE(name, text) IS NOT NULL
    UNION ALL
    SELECT COALESCE(name, entity_text) AS cname, code, article_id, event_seq, search FROM event_actors"""


def actors_query(query: str | None, code: str | None, limit: int, offset: int) -> tuple[str, list[Any]]:
    """Actors grouped by (canonical name, code) with event and article counts, most active first.

    ``query`` keeps a group when any of its mentions contains it (any case) in a text, name or
    alias, or when its code equals it; ``code`` keeps one code.
    """
    params: list[Any] = []
    sql = ("SELECT m.cname, m.code, COUNT(DISTINCT CASE WHEN m.event_seq >= 0 THEN"
           " m.article_id || '#' || CAST(m.event_seq AS TEXT) END) AS n_events,"
           f" COUNT(DISTINCT m.article_id) AS n_articles FROM ({_ACTOR_MENTIONS}) m")
    if code:
        sql += " WHERE m.code = ?"
        params.append(code.strip().upper())
    sql += " GROUP BY m.cname, m.code"
    if query and query.strip():
        sql += (" HAVING MAX(CASE WHEN m.search LIKE ? ESCAPE '\\' THEN 1 ELSE 0 END) = 1"
                " OR m.code = ?")
        params += [_contains(query), query.strip().upper()]
    sql += " ORDER BY n_events DESC, n_articles DESC, m.cname, m.code IS NULL, m.code LIMIT ? OFFSET ?"
    params += [int(limit), int(offset)]
    return sql, params


def actor_details_query(names: list[str]) -> tuple[str, list[Any]]:
    """Texts, sectors, aliases and Wikidata ids of every mention under these canonical names."""
    marks = ", ".join("?" * len(names))
    sql = (f"SELECT COALESCE(name, text), code, text, sector, aliases_json, wikidata FROM entities"
           f" WHERE COALESCE(name, text) IN ({marks})"
           " UNION ALL SELECT COALESCE(name, entity_text), code, entity_text, sector, '[]', NULL"
           f" FROM event_actors WHERE COALESCE(name, entity_text) IN ({marks})")
    return sql, list(names) * 2


CLAIM_COLUMNS = """c.id, c.article_id, c.kind, c.speaker_text, c.speaker_code, c.cited_source,
    c.content_text, c.record_json"""


def claims_query(f: ClaimFilter) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.kind:
        where.append("c.kind = ?")
        params.append(f.kind.strip().lower())
    if f.speaker and f.speaker.strip():
        where.append("(c.search LIKE ? ESCAPE '\\' OR c.speaker_code = ?)")
        params += [_contains(f.speaker), f.speaker.strip().upper()]
    if f.article_id:
        where.append("c.article_id = ?")
        params.append(f.article_id)
    if f.event_id:
        where.append("EXISTS (SELECT 1 FROM claim_events ce WHERE ce.article_id = c.article_id"
                     " AND ce.claim_seq = c.seq AND ce.event_id = ?)")
        params.append(f.event_id)
    sql = f"SELECT {CLAIM_COLUMNS} FROM claims c"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY c.article_id, c.seq"
    if f.limit is not None or f.offset:
        sql += " LIMIT ? OFFSET ?"
        params += [NO_LIMIT if f.limit is None else int(f.limit), int(f.offset)]
    return sql, params
