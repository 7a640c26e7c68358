"""The store on every backend: idempotent saves, re-coding, filters, readers, run bookkeeping, bad files."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from eventwire.errors import (
    SchemaVersionError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreURLError,
)
from eventwire.store import ClaimFilter, EventFilter, Store, open_store
from eventwire.store.flatten import date_range
from eventwire.store.schema import MIGRATIONS, SCHEMA_VERSION
from store_records import event, ids, participant, record


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "events.db")


@pytest.fixture
def sqlite_store(db: str):
    with open_store(db) as s:
        yield s


# --- saving ------------------------------------------------------------------------------------

def test_store_satisfies_the_protocol(store):
    assert isinstance(store, Store)


def test_save_is_idempotent_on_hash_and_version(store):
    rec = record("a1")
    assert not store.seen("h1", "p1")
    assert store.save(rec, "text one", "h1", "p1") == "stored"
    assert store.seen("h1", "p1")
    assert not store.seen("h1", "p2")
    before = store.counts()
    assert store.save(rec, "text one", "h1", "p1") == "unchanged"
    assert store.counts() == before
    assert before["articles"] == 1 and before["events"] == 1 and before["places"] == 1
    assert before["timexes"] == 1


def test_seen_many_answers_for_many_hashes_at_once(store):
    assert store.seen_many([], "p1") == set()
    store.save(record("a1"), "text one", "h1", "p1")
    store.save(record("a2"), "text two", "h2", "p2")
    assert store.seen_many(["h1", "h2", "h3", "h1"], "p1") == {"h1"}
    assert store.seen_many(iter(["h2", "h1"]), "p2") == {"h2"}
    # More hashes than one query takes: the answer spans the chunks.
    many = [f"x{i}" for i in range(1234)] + ["h1"]
    assert store.seen_many(many, "p1") == {"h1"}
    assert store.seen_many(many, "p9") == set()


def test_article_by_hash_finds_the_row_whatever_its_id(store):
    assert store.article_by_hash("h1") is None
    store.save(record("a1", title="First"), "text one", "h1", "p1")
    row = store.article_by_hash("h1")
    assert (row.id, row.content_hash, row.title, row.pipeline_version) == ("a1", "h1", "First", "p1")
    assert row == store.articles()[0]
    assert store.article_by_hash("h2") is None
    store.save(record("a1", title="Revised"), "text two", "h2", "p1")  # a revision replaces it
    assert store.article_by_hash("h1") is None and store.article_by_hash("h2").title == "Revised"


def test_counts_report_the_cluster_tables_of_migration_3(store):
    from eventwire.store.clusters import TABLES as CLUSTER_TABLES
    from eventwire.store.clusters import ClusterStore, NearDuplicate

    assert set(CLUSTER_TABLES) <= set(store.counts())
    store.save(record("a1"), "text one", "h1", "p1")
    links = ClusterStore(store)
    links.save_signature("a1", "h1", [1] * 64)
    links.link(NearDuplicate(article_id="b1", content_hash="hb", original_id="a1", jaccard=0.9,
                             title=None, url=None, source=None, published=None))
    counts = store.counts()
    assert (counts["article_signatures"], counts["near_duplicates"]) == (1, 1)
    assert (counts["event_clusters"], counts["event_cluster_members"]) == (0, 0)
    assert {t: counts[t] for t in CLUSTER_TABLES} == links.counts()


def test_counts_of_chosen_tables_only(store):
    store.save(record("a1"), "text one", "h1", "p1")
    full = store.counts()
    some = store.counts(("articles", "events"))
    assert some == {"articles": full["articles"], "events": full["events"]}
    assert some["articles"] == 1
    with pytest.raises(ValueError, match="unknown table"):
        store.counts(("articles; DROP TABLE events",))


def test_same_text_under_another_id_is_not_stored_twice(store):
    store.save(record("a1"), "text", "h1", "p1")
    assert store.save(record("other-id"), "text", "h1", "p1") == "unchanged"
    assert [a.id for a in store.articles()] == ["a1"]


def test_new_pipeline_version_recodes_the_article(store):
    old = record("a1", [event("a1", 1, date="2019-08-20"), event("a1", 2, date="2019-08-20")])
    store.save(old, "text", "h1", "p1")
    first = store.articles()[0]
    new = record("a1", [event("a1", 7, "PROTEST", date="2019-08-19")])
    assert store.save(new, "text", "h1", "p2") == "recoded"
    rows = store.events()
    assert [(r.event_id, r.type, r.pipeline_version) for r in rows] == [("a1:e7", "PROTEST", "p2")]
    counts = store.counts()
    assert counts["articles"] == 1 and counts["events"] == 1 and counts["event_actors"] == 0
    after = store.articles()[0]
    assert after.stored_at == first.stored_at  # first-seen time survives a re-code
    assert after.updated_at >= first.updated_at and after.pipeline_version == "p2"
    assert store.seen("h1", "p2") and not store.seen("h1", "p1")


def test_revised_text_under_the_same_id_replaces_the_article(store):
    store.save(record("a1"), "first text", "h1", "p1")
    assert store.save(record("a1", title="Corrected"), "second text", "h2", "p1") == "recoded"
    [art] = store.articles()
    assert (art.content_hash, art.title) == ("h2", "Corrected")
    assert store.article("a1").text == "second text"
    assert not store.seen("h1", "p1")


def test_a_failed_save_leaves_the_previous_version_intact(store, monkeypatch):
    store.save(record("a1"), "text", "h1", "p1")
    before = store.counts()
    import eventwire.store.queries as queries

    monkeypatch.setattr(queries, "INSERT_TIMEX", "INSERT INTO no_such_table VALUES (?)")
    with pytest.raises(StoreError):
        store.save(record("a1", [event("a1", 1), event("a1", 2)]), "text", "h1", "p2")
    assert store.counts() == before  # the delete of the old version was rolled back too
    assert store.seen("h1", "p1")
    with pytest.raises(StoreError):
        store.save(record("b1"), "other", "h9", "p1")
    assert [a.id for a in store.articles()] == ["a1"]
    assert store.integrity_check() == []


def test_a_record_without_article_id_is_refused(store):
    bad = record("a1")
    bad["article"]["id"] = None
    with pytest.raises(ValueError, match="article"):
        store.save(bad, "text", "h1", "p1")


def test_wal_and_foreign_keys_are_on(sqlite_store):
    store = sqlite_store
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


# --- readers -----------------------------------------------------------------------------------

def test_events_default_order_is_by_date_then_article_then_position(filled):
    # 1981 < 2019-08 (month starts 08-01) < week 33 (08-12) < 08-21 < 09-01; undated last.
    assert ids(filled.events()) == ["a1:e3", "b1:e2", "a1:e2", "a1:e1", "b1:e1", "a1:e4"]
    assert ids(filled.events()) == ids(filled.events())


def test_filter_by_country_type_mode_status(filled):
    assert ids(filled.events(EventFilter(country="lbn"))) == ["b1:e2", "b1:e1"]
    assert ids(filled.events(EventFilter(type="assault"))) == ["a1:e3", "a1:e2", "b1:e1"]
    assert ids(filled.events(EventFilter(type="ASSAULT", country="IRQ"))) == ["a1:e3", "a1:e2"]
    assert ids(filled.events(EventFilter(mode="aerial"))) == ["a1:e2"]
    assert ids(filled.events(EventFilter(status="alleged"))) == ["a1:e2"]
    assert ids(filled.events(EventFilter(status="historical"))) == ["a1:e3"]
    assert filled.events(EventFilter(country="SYR")) == []


def test_filter_by_actor_text_name_or_code(filled):
    assert ids(filled.events(EventFilter(actor="pmf"))) == ["a1:e2", "a1:e1"]  # text, any case
    assert ids(filled.events(EventFilter(actor="mobilization"))) == ["a1:e2", "a1:e1"]  # name
    assert ids(filled.events(EventFilter(actor="ISR"))) == ["a1:e3", "b1:e1"]  # code or text
    assert ids(filled.events(EventFilter(actor="usa"))) == ["a1:e1", "a1:e4"]  # code, any case
    assert ids(filled.events(EventFilter(actor="ÉCOLIERS"))) == ["b1:e2"]  # non-ASCII case
    assert filled.events(EventFilter(actor="%")) == []  # wildcards are literal
    assert filled.events(EventFilter(actor="_")) == []


def test_filter_by_date_window_overlaps_coarse_dates(filled):
    since = filled.events(EventFilter(since=dt.date(2019, 8, 15)))
    assert ids(since) == ["b1:e2", "a1:e2", "a1:e1", "b1:e1"]  # month and week overlap; undated out
    window = filled.events(EventFilter(since="2019-08-13", until="2019-08-20"))
    assert ids(window) == ["b1:e2", "a1:e2"]
    assert ids(filled.events(EventFilter(until="2000-01-01"))) == ["a1:e3"]
    midnight = dt.datetime(2019, 9, 1, 0, 0)  # a datetime counts as its day
    assert ids(filled.events(EventFilter(since=midnight))) == ["b1:e1"]
    with pytest.raises(ValueError, match="since"):
        EventFilter(since="last week")


def test_limit_and_offset_page_through_the_same_order(filled):
    everything = ids(filled.events())
    pages = [ids(filled.events(EventFilter(limit=2, offset=o))) for o in (0, 2, 4)]
    assert sum(pages, []) == everything
    assert ids(filled.events(EventFilter(offset=5))) == everything[5:]
    assert filled.events(EventFilter(limit=0)) == []


def test_event_row_carries_filter_columns_and_record(filled):
    [row] = filled.events(EventFilter(mode="aerial"))
    assert row.date == "2019-W33" and row.date_precision == "week"
    assert (row.date_start, row.date_end) == ("2019-08-12", "2019-08-18")
    assert row.recipient == ("the PMF",) and row.recipient_code == ("IRQ",)
    assert (row.country, row.place, row.dead, row.status) == ("IRQ", "Baghdad", 1, ("reported", "alleged"))
    assert row.url == "https://news.example/a1" and row.source == "Example Wire"
    assert row.record["id"] == "a1:e2" and row.record["trigger"]["start"] == 2
    d = row.as_dict()
    assert d["mode"] == ["aerial"] and "record" not in d
    assert row.as_dict(full=True)["record"]["event_type"] == "ASSAULT"


def test_articles_and_article_detail(filled):
    arts = filled.articles()
    assert [(a.id, a.events, a.published) for a in arts] == [("a1", 4, "2019-08-21"), ("b1", 2, "2019-09-02")]
    detail = filled.article("b1")
    assert detail.text == "b1 text" and detail.record["article"]["id"] == "b1"
    assert [e["id"] for e in detail.record["events"]] == ["b1:e1", "b1:e2"]
    assert filled.article("nope") is None
    counts = filled.counts()
    assert counts["events"] == 6 and counts["events:ASSAULT"] == 3 and counts["event_actors"] == 8


def test_claims_and_wikidata_travel_with_their_events(store):
    claim = {"id": "a1:c1", "kind": "accusation", "speaker": participant("PMF", "IRQ"),
             "cited_source": "AP", "cited_span": None,
             "content": {"text": "US forces are responsible", "start": 0, "end": 5},
             "events": ["a1:e1"]}
    ent = {"id": "a1:x1", "text": "PMF", "name": "Popular Mobilization Forces", "kind": "group",
           "code": "IRQ", "sector": "PRM", "affiliation": None, "aliases": ["Hashd"],
           "wikidata": "Q123", "mentions": [{"start": 0, "end": 3}]}
    pmf = participant("PMF", "IRQ", "PRM", "Popular Mobilization Forces", "a1:x1")
    store.save(record("a1", [event("a1", 1, recipient=[pmf], date="2019-08-20"),
                             event("a1", 2, date="2019-08-20", claims=["a1:c1"])],
                      claims=[claim], entities=[ent]), "t", "h", "p")
    rows = store.events()
    assert [c["id"] for c in rows[0].claims] == ["a1:c1"]  # linked from the claim's side
    assert [c["id"] for c in rows[1].claims] == ["a1:c1"]  # linked from the event's side
    assert rows[0].wikidata == {"a1:x1": "Q123"}
    assert store.counts()["claim_events"] == 1
    assert ids(store.events(EventFilter(actor="popular mob"))) == ["a1:e1"]


def test_runs_and_failures_are_bookkept(store):
    run = store.start_run(pipeline_version="p1", inputs=["feed.jsonl"])
    store.record_failure(run, "feed.jsonl:3", "EW404", "bad JSON")
    store.record_failure(None, None, None, "no run")
    store.finish_run(run, {"read": 3, "stored": 2, "failed": 1})
    [r] = store.runs()
    assert (r.id, r.pipeline_version, r.inputs, r.counts["failed"]) == (run, "p1", ("feed.jsonl",), 1)
    assert r.finished_at is not None
    [f] = store.failures(run)
    assert (f.origin, f.code, f.reason) == ("feed.jsonl:3", "EW404", "bad JSON")
    assert len(store.failures()) == 2
    with pytest.raises(StoreError, match="no run"):
        store.finish_run("missing", {})


# --- opening: bad files, locks, versions --------------------------------------------------------

def test_garbage_file_is_reported_as_corrupt_with_what_to_do(tmp_path):
    bad = tmp_path / "garbage.db"
    bad.write_bytes(b"\x00\xffnot a database at all" * 200)
    with pytest.raises(StoreCorruptError) as err:
        open_store(str(bad))
    msg = str(err.value)
    assert str(bad) in msg and "restore" in msg and "delete" in msg
    assert err.value.code == "EW502"
    assert bad.read_bytes().startswith(b"\x00\xffnot a database")  # left untouched


def test_truncated_database_is_reported_as_corrupt(tmp_path):
    db = tmp_path / "t.db"
    with open_store(str(db)) as s:
        for i in range(30):
            s.save(record(f"a{i}"), "x" * 5000, f"h{i}", "p")
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db.read_bytes()
    db.write_bytes(data[:100] + b"\x13" * 4000 + data[4100 : len(data) // 2])
    with pytest.raises(StoreCorruptError):
        with open_store(str(db)) as s:
            s.events()
            s.articles()
            assert s.integrity_check() == []


def test_locked_database_at_open(tmp_path):
    db = str(tmp_path / "locked.db")
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("CREATE TABLE t (x)")
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreLockedError) as err:
            open_store(db, busy_timeout=0.05)
        assert db in str(err.value) and err.value.code == "EW501"
    finally:
        other.close()


def test_locked_database_at_write(db):
    with open_store(db, busy_timeout=0.05) as s:
        other = sqlite3.connect(db, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            with pytest.raises(StoreLockedError, match="locked"):
                s.save(record("a1"), "t", "h1", "p1")
        finally:
            other.close()
        assert s.save(record("a1"), "t", "h1", "p1") == "stored"  # usable once released


def test_schema_newer_than_the_code_is_refused(target):
    with open_store(target) as s:
        s._exec("INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01')")
    with pytest.raises(SchemaVersionError, match="99") as err:
        open_store(target)
    assert err.value.code == "EW503" and "upgrade eventwire" in str(err.value)


def test_reopening_keeps_data_and_does_not_remigrate(target):
    with open_store(target) as s:
        s.save(record("a1"), "t", "h1", "p1")
        assert s.schema_version == SCHEMA_VERSION == MIGRATIONS[-1].version
    with open_store(target, create=False) as s:
        assert s.counts()["articles"] == 1
        n = s._one("SELECT COUNT(*) FROM schema_migrations")[0]
        assert n == len(MIGRATIONS)


def _undo(statement: str) -> str:
    """The DDL that reverts one migration statement (CREATE TABLE/INDEX, ALTER TABLE ADD COLUMN)."""
    words = statement.split()
    if words[:2] == ["CREATE", "TABLE"]:
        return f"DROP TABLE {words[2]}"
    if words[:2] == ["CREATE", "INDEX"]:
        return f"DROP INDEX {words[2]}"
    assert words[:2] == ["ALTER", "TABLE"] and words[3:5] == ["ADD", "COLUMN"], statement
    return f"ALTER TABLE {words[2]} DROP COLUMN {words[5]}"


def test_a_version_1_store_is_migrated_and_its_search_keys_backfilled(target):
    claim = {"id": "a1:c1", "kind": "accusation", "speaker": participant("Ministère", "IRQ"),
             "content": {"text": "x", "start": 0, "end": 1}, "events": ["a1:e1"]}
    with open_store(target) as s:
        s.save(record("a1", [event("a1", 1, text="Émeute", admin1="Île", country="FRA", date="2019-08-20")],
                      claims=[claim]), "t", "h1", "p1")
        # Turn it back into a version-1 store: undo every later migration, newest first.
        with s._tx():
            for m in reversed(MIGRATIONS[1:]):
                for statement in reversed(m.statements):
                    s._exec(_undo(statement))
            s._exec("DELETE FROM schema_migrations WHERE version > 1")
        assert s.schema_version == 1
    with open_store(target) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert ids(s.events(EventFilter(text="émeute", admin1="ÎLE"))) == ["a1:e1"]
        assert [c.claim_id for c in s.claims(ClaimFilter(speaker="ministère"))] == ["a1:c1"]


def test_missing_file_without_create_is_an_error_and_creates_nothing(tmp_path):
    path = tmp_path / "absent.db"
    with pytest.raises(StoreError, match="no database"):
        open_store(str(path), create=False)
    assert not path.exists()


def test_another_programs_database_is_not_written_into(tmp_path):
    path = tmp_path / "gazetteer.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE geonames (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not an eventwire store"):
        open_store(str(path))


def test_directory_and_unknown_urls_are_refused(tmp_path):
    with pytest.raises(StoreError, match="directory"):
        open_store(str(tmp_path))
    with pytest.raises(StoreURLError, match="unsupported") as err:
        open_store("mysql://user:secret@host/db")
    assert "secret" not in str(err.value) and err.value.code == "EW505"
    with pytest.raises(StoreURLError):
        open_store("sqlite://relative.db")  # sqlite:///PATH has three slashes


def test_sqlite_url_opens_the_file(tmp_path):
    path = tmp_path / "via-url.db"
    with open_store(f"sqlite:///{path}") as s:
        s.save(record("a1"), "t", "h1", "p1")
    with open_store(str(path), create=False) as s:
        assert [a.id for a in s.articles()] == ["a1"]


# --- date ranges -------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2019-08-21", ("2019-08-21", "2019-08-21")),
    ("2019-08-21T14:30", ("2019-08-21", "2019-08-21")),
    ("2019-W33", ("2019-08-12", "2019-08-18")),
    ("2019-02", ("2019-02-01", "2019-02-28")),
    ("2020-02", ("2020-02-01", "2020-02-29")),
    ("2019-Q3", ("2019-07-01", "2019-09-30")),
    ("2019-SU", ("2019-06-01", "2019-08-31")),
    ("2019-WI", ("2019-12-01", "2020-02-29")),
    ("1981", ("1981-01-01", "1981-12-31")),
    ("198", ("1980-01-01", "1989-12-31")),
    ("19", ("1900-01-01", "1999-12-31")),
    ("PAST_REF", (None, None)),
    ("2019-02-30", (None, None)),
    (None, (None, None)),
])
def test_date_range(value, expected):
    assert date_range(value) == expected


# --- the real output contract ------------------------------------------------------------------

def test_records_built_by_to_record_store_and_read_back(store):
    pytest.importorskip("eventwire.ontology")
    from eventwire.model import (Actor, Article, Casualties, DateRef, Document, Event, EventPlace,
                                 Participant, Place, Sentence, Span)
    from eventwire.record import to_record

    text = "Rebels attacked a police post in Goma on Monday, killing three officers."
    doc = Document(
        article=Article(text=text, id="g1", published=dt.date(2023, 5, 3), source="Wire"),
        sentences=(Sentence(0, Span(0, len(text))),),
        actors=(Actor("x1", "rebels", "group", "COD", "REB", (Span(0, 6),)),
                Actor("x2", "police", "organization", "COD", "COP", (Span(18, 24),))),
        places=(Place("p1", Span(33, 37), "Goma", 217831, "Goma", -1.68, 29.22, "COD", "North Kivu",
                      precision=1),),
        events=(Event("e1", "ASSAULT", Span(7, 15), 0, actors=(Participant("x1", Span(0, 6), "Rebels"),),
                      recipients=(Participant("x2", Span(18, 29), "police post"),),
                      place=EventPlace("p1", 1),
                      date=DateRef("t1", Span(41, 47), "Monday", "DATE", "2023-05-01", "day"),
                      casualties=Casualties(dead=3)),),
    )
    rec = to_record(doc, "p9")
    assert store.save(rec, text, "hash-g1", "p9") == "stored"
    [row] = store.events(EventFilter(country="COD", actor="rebels", since="2023-05-01"))
    assert (row.event_id, row.dead, row.place, row.date) == ("g1:e1", 3, "Goma", "2023-05-01")
    assert row.actor_code == ("COD",) and row.recipient == ("police post",)
    assert store.article("g1").record == rec
