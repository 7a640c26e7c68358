"""Every SQL statement the store runs (besides the DDL in schema.py), with "?" placeholders.

Written in the SQL SQLite and PostgreSQL share; a PostgreSQL backend swaps "?" for "%s".
``event_query`` builds the one dynamic statement (the event filters) from fixed fragments and
bound parameters only: no user text is ever pasted into SQL.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .flatten import SEP
from .protocol import EventFilter

LATEST_SCHEMA_VERSION = "SELECT MAX(version) FROM schema_migrations"
RECORD_MIGRATION = "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)"

ARTICLE_BY_HASH = "SELECT id, pipeline_version, stored_at FROM articles WHERE content_hash = ?"
ARTICLE_HASH_BY_ID = "SELECT content_hash, stored_at FROM articles WHERE id = ?"
SEEN = "SELECT 1 FROM articles WHERE content_hash = ? AND pipeline_version = ?"
DELETE_ARTICLE = "DELETE FROM articles WHERE id = ?"

INSERT_ARTICLE = """INSERT INTO articles (id, content_hash, pipeline_version, record_version, title, url,
    source, published, language, n_events, text, record_json, stored_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_EVENT = """INSERT INTO events (article_id, seq, id, event_type, modes, date_value, date_precision,
    date_start, date_end, date_source, place, geonameid, country_code, admin1, lat, lon, geo_precision,
    dead, injured, arrested, statuses, confidence, cameo, quad_class, acled_event_type,
    acled_sub_event_type, event_text, trigger_text, trigger_start, trigger_end, record_json,
    claims_json, wikidata_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_EVENT_ACTOR = """INSERT INTO event_actors (article_id, event_seq, role, position, entity_id,
    entity_text, name, code, sector, affiliation, start_char, end_char, search)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_ENTITY = """INSERT INTO entities (article_id, seq, id, text, name, kind, code, sector, affiliation,
    wikidata, aliases_json, mentions_json, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_PLACE = """INSERT INTO places (article_id, seq, text, start_char, end_char, geonameid, name, lat, lon,
    country_code, admin1, feature_code, geo_precision, relation)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_CLAIM = """INSERT INTO claims (article_id, seq, id, kind, speaker_text, speaker_code,
    speaker_entity_id, cited_source, content_text, content_start, content_end, record_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
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

COUNT = "SELECT COUNT(*) FROM {table}"  # table names come from schema.TABLES only
COUNT_EVENT_TYPES = "SELECT event_type, COUNT(*) FROM events GROUP BY event_type ORDER BY event_type"

#: Columns of an event row; participants are read from the event's record JSON (record_json),
#: which holds the same entity objects event_actors indexes.
EVENT_COLUMNS = """e.id, e.article_id, e.seq, e.event_type, e.modes, e.date_value, e.date_precision,
    e.date_start, e.date_end, e.place, e.country_code, e.admin1, e.lat, e.lon, e.geo_precision,
    e.dead, e.injured, e.arrested, e.statuses, e.confidence, e.cameo, e.quad_class,
    e.acled_event_type, e.acled_sub_event_type, e.event_text, a.url, a.title, a.source, a.published,
    a.language, a.pipeline_version, a.updated_at, e.record_json, e.claims_json, e.wikidata_json"""

def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _iso(value: _dt.date | str) -> str:
    return value.isoformat() if isinstance(value, _dt.date) else str(value)


def event_query(f: EventFilter) -> tuple[str, list[Any]]:
    """The SELECT for ``f``: fixed SQL fragments plus bound parameters, in deterministic order."""
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
        params += [f"%{_like_escape(f.actor.strip().casefold())}%", f.actor.strip().upper()]
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
    sql = f"SELECT {EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY e.date_start IS NULL, e.date_start, e.article_id, e.seq"
    if f.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(f.limit), int(f.offset)]
    elif f.offset:
        # LIMIT -1 is SQLite-only; ALL is PostgreSQL-only. A huge bound works on both.
        sql += " LIMIT ? OFFSET ?"
        params += [2**62, int(f.offset)]
    return sql, params
