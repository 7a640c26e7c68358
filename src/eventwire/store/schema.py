"""The versioned store schema: ordered migrations, recorded in ``schema_migrations``.

The DDL sticks to types and syntax SQLite and PostgreSQL share (TEXT, INTEGER, DOUBLE PRECISION,
composite keys, ON DELETE CASCADE; no AUTOINCREMENT, no SQLite-only pragmas), so a PostgreSQL
backend can run the same migrations. Column names avoid words PostgreSQL reserves ("end",
"precision"). To change the schema, append a migration; never edit an applied one.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import clusters as _clusters  # DDL of version 3 (near-duplicates, event clusters)

MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_V1 = (
    """CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        pipeline_version TEXT NOT NULL,
        record_version TEXT,
        title TEXT,
        url TEXT,
        source TEXT,
        published TEXT,
        language TEXT,
        n_events INTEGER NOT NULL,
        text TEXT NOT NULL,
        record_json TEXT NOT NULL,
        stored_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE events (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        modes TEXT NOT NULL,
        date_value TEXT,
        date_precision TEXT,
        date_start TEXT,
        date_end TEXT,
        date_source TEXT,
        place TEXT,
        geonameid INTEGER,
        country_code TEXT,
        admin1 TEXT,
        lat DOUBLE PRECISION,
        lon DOUBLE PRECISION,
        geo_precision INTEGER,
        dead INTEGER,
        injured INTEGER,
        arrested INTEGER,
        statuses TEXT NOT NULL,
        confidence DOUBLE PRECISION,
        cameo TEXT,
        quad_class TEXT,
        acled_event_type TEXT,
        acled_sub_event_type TEXT,
        event_text TEXT,
        trigger_text TEXT,
        trigger_start INTEGER,
        trigger_end INTEGER,
        record_json TEXT NOT NULL,
        claims_json TEXT NOT NULL,
        wikidata_json TEXT NOT NULL,
        PRIMARY KEY (article_id, seq)
    )""",
    "CREATE INDEX events_id ON events (id)",
    "CREATE INDEX events_type ON events (event_type)",
    "CREATE INDEX events_country ON events (country_code)",
    "CREATE INDEX events_date ON events (date_start, date_end)",
    """CREATE TABLE event_actors (
        article_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
        position INTEGER NOT NULL,
        entity_id TEXT,
        entity_text TEXT NOT NULL,
        name TEXT,
        code TEXT,
        sector TEXT,
        affiliation TEXT,
        start_char INTEGER,
        end_char INTEGER,
        search TEXT NOT NULL,
        PRIMARY KEY (article_id, event_seq, role, position),
        FOREIGN KEY (article_id, event_seq) REFERENCES events (article_id, seq) ON DELETE CASCADE
    )""",
    "CREATE INDEX event_actors_code ON event_actors (code)",
    """CREATE TABLE entities (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        id TEXT,
        text TEXT,
        name TEXT,
        kind TEXT,
        code TEXT,
        sector TEXT,
        affiliation TEXT,
        wikidata TEXT,
        aliases_json TEXT NOT NULL,
        mentions_json TEXT NOT NULL,
        search TEXT NOT NULL,
        PRIMARY KEY (article_id, seq)
    )""",
    "CREATE INDEX entities_code ON entities (code)",
    """CREATE TABLE places (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        text TEXT,
        start_char INTEGER,
        end_char INTEGER,
        geonameid INTEGER,
        name TEXT,
        lat DOUBLE PRECISION,
        lon DOUBLE PRECISION,
        country_code TEXT,
        admin1 TEXT,
        feature_code TEXT,
        geo_precision INTEGER,
        relation TEXT,
        PRIMARY KEY (article_id, seq)
    )""",
    """CREATE TABLE claims (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        id TEXT,
        kind TEXT,
        speaker_text TEXT,
        speaker_code TEXT,
        speaker_entity_id TEXT,
        cited_source TEXT,
        content_text TEXT,
        content_start INTEGER,
        content_end INTEGER,
        record_json TEXT NOT NULL,
        PRIMARY KEY (article_id, seq)
    )""",
    """CREATE TABLE claim_events (
        article_id TEXT NOT NULL,
        claim_seq INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        PRIMARY KEY (article_id, claim_seq, event_id),
        FOREIGN KEY (article_id, claim_seq) REFERENCES claims (article_id, seq) ON DELETE CASCADE
    )""",
    "CREATE INDEX claim_events_event ON claim_events (event_id)",
    """CREATE TABLE timexes (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        text TEXT,
        start_char INTEGER,
        end_char INTEGER,
        type TEXT,
        value TEXT,
        date_precision TEXT,
        date_start TEXT,
        date_end TEXT,
        PRIMARY KEY (article_id, seq)
    )""",
    """CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        pipeline_version TEXT,
        inputs_json TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        counts_json TEXT
    )""",
    """CREATE TABLE failures (
        id TEXT PRIMARY KEY,
        run_id TEXT REFERENCES runs(id) ON DELETE CASCADE,
        origin TEXT,
        code TEXT,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX failures_run ON failures (run_id)",
)

# Search keys are case-folded in Python (SQL lower() is ASCII-only in SQLite), so the columns are
# added empty and the store's backfill for version 2 (``base._backfill_v2``) fills existing rows.
_V2 = (
    "ALTER TABLE events ADD COLUMN search TEXT",
    "ALTER TABLE events ADD COLUMN admin1_key TEXT",
    "ALTER TABLE claims ADD COLUMN search TEXT",
    "CREATE INDEX events_admin1 ON events (admin1_key)",
    "CREATE INDEX events_acled ON events (acled_event_type)",
    "CREATE INDEX events_acled_sub ON events (acled_sub_event_type)",
    "CREATE INDEX events_latlon ON events (lat, lon)",
    "CREATE INDEX events_confidence ON events (confidence)",
    "CREATE INDEX events_dead ON events (dead)",
    "CREATE INDEX articles_published ON articles (published)",
    "CREATE INDEX claims_kind ON claims (kind)",
    "CREATE INDEX claims_speaker_code ON claims (speaker_code)",
    "CREATE INDEX entities_name ON entities (name, code)",
)

#: Every migration, in order. The last version is the schema this code reads and writes.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, events, event_actors, entities, places, claims, claim_events, timexes, runs, failures", _V1),
    Migration(2, "search keys (events.search, events.admin1_key, claims.search) and query indexes", _V2),
    Migration(3, "article_signatures, near_duplicates, event_clusters, event_cluster_members",
              _clusters.DDL),
)

SCHEMA_VERSION = MIGRATIONS[-1].version

#: Tables this schema owns (for counts and for recognising an eventwire database): those of
#: migration 1, then migration 3's (near-duplicates and event clusters, named in clusters.py).
TABLES = ("articles", "events", "event_actors", "entities", "places", "claims", "claim_events",
          "timexes", "runs", "failures", *_clusters.TABLES)


def pending(current: int) -> tuple[Migration, ...]:
    """Migrations after schema version ``current``, in order."""
    return tuple(m for m in MIGRATIONS if m.version > current)
