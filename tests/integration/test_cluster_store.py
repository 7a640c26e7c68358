"""Happenings in a store (migration 3): build, query, grow, survive re-coding; SQLite, PostgreSQL.

PostgreSQL runs need the server named by EVENTWIRE_TEST_PG (default
postgresql://postgres@127.0.0.1:5432/test); each test gets a fresh schema (``pg_url``,
tests/conftest.py) and the tests skip, saying why, when the server or psycopg is missing.
"""

from __future__ import annotations

import pytest

from eventwire.cluster import update_clusters
from eventwire.config import ClusterOptions
from eventwire.store import open_store
from eventwire.store.clusters import ClusterFilter, ClusterStore, NearDuplicate

SARDARPURA = {"place": "Sardarpur", "lat": 23.63, "lon": 72.51, "geonameid": 11}
PANDARWADA = {"place": "Pandarwada", "lat": 23.10, "lon": 73.60, "geonameid": 22}


def event(aid: str, n: int, date: str, dead: int, where: dict, etype: str = "ASSAULT") -> dict:
    return {
        "id": f"{aid}:e{n}",
        "event_type": etype,
        "mode": [],
        "actor": [],
        "recipient": [],
        "date": {
            "value": date,
            "precision": "day",
            "text": "friday",
            "start": 0,
            "end": 6,
            "source": "text",
        },
        "location": {
            "extracted_place": where["place"],
            "resolved_place": where["place"],
            "geonameid": where["geonameid"],
            "lat": where["lat"],
            "lon": where["lon"],
            "country_code": "IND",
            "admin1": "Gujarat",
            "feature_code": "PPL",
            "precision": 1,
            "relation": None,
            "start": 0,
            "end": 5,
        },
        "size": {"dead": dead, "injured": None, "arrested": None},
        "status": ["reported"],
        "event_text": f"{dead} people were burnt alive in {where['place']}.",
        "trigger": {"text": "burnt", "start": 0, "end": 5},
        "text_info": {"sentence": n, "start": 0, "end": 40},
        "confidence": 0.8,
        "claims": [],
        "cameo": "180",
        "quad_class": 4,
        "acled_event_type": None,
        "acled_sub_event_type": None,
        "provenance": {"stage": "events", "version": "1", "rule": None},
    }


def record(aid: str, published: str, events: list[dict]) -> dict:
    return {
        "article": {
            "id": aid,
            "title": f"Report {aid}",
            "url": f"https://x.example/{aid}",
            "source": "Example Wire",
            "published": published,
            "published_source": "field",
            "language": "en",
        },
        "events": events,
        "claims": [],
        "places": [],
        "timexes": [],
        "entities": [],
        "meta": {"record_version": "1", "pipeline_version": "p1"},
    }


def save(store, rec: dict, version: str = "p1") -> str:
    return store.save(
        rec, f"text of {rec['article']['id']} {version}", f"hash-{rec['article']['id']}", version
    )


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    target = tmp_path / "c.db" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with open_store(target) as s:
        yield s


def fill(store) -> None:
    save(store, record("a1", "2002-03-02", [event("a1", 0, "2002-03-01", 27, SARDARPURA)]))
    save(store, record("a2", "2002-03-03", [event("a2", 0, "2002-03-01", 27, SARDARPURA)]))
    save(store, record("b1", "2002-03-02", [event("b1", 0, "2002-03-01", 30, PANDARWADA)]))


def test_the_migration_creates_the_cluster_tables(store):
    assert ClusterStore(store).counts() == {
        "article_signatures": 0,
        "near_duplicates": 0,
        "event_clusters": 0,
        "event_cluster_members": 0,
    }


def test_update_builds_happenings_and_the_query_returns_them_with_sources(store):
    fill(store)
    summary = update_clusters(store, ClusterOptions())
    assert (summary.events, summary.happenings, summary.multi_source) == (3, 2, 1)
    assert (summary.founded, summary.joined) == (2, 1)
    links = ClusterStore(store)
    [both] = links.canonical_events(ClusterFilter(min_sources=2))
    assert [s["article_id"] for s in both["sources"]] == ["a1", "a2"]
    assert both["location"]["place"] == "Sardarpur" and both["size"]["dead"]["value"] == 27
    assert links.cluster_of("a2:e0") == both["id"] == links.cluster_of("a1:e0")
    assert links.canonical_event(both["id"]) == both
    assert [c["id"] for c in links.canonical_events(ClusterFilter(type="COERCE"))] == []
    assert len(links.canonical_events(ClusterFilter(since="2002-03-01", until="2002-03-01"))) == 2
    assert links.canonical_events(ClusterFilter(since="2002-03-05")) == []


def test_a_second_update_changes_nothing_and_a_new_report_joins_its_happening(store):
    fill(store)
    update_clusters(store, ClusterOptions())
    idle = update_clusters(store, ClusterOptions())
    assert (idle.new_members, idle.rewritten) == (0, 0)
    before = ClusterStore(store).cluster_of("a1:e0")
    save(store, record("a3", "2002-03-04", [event("a3", 0, "2002-03-02", 29, SARDARPURA)]))
    grown = update_clusters(store, ClusterOptions())
    assert (grown.new_members, grown.joined, grown.founded, grown.rewritten) == (1, 1, 0, 1)
    assert ClusterStore(store).cluster_of("a3:e0") == before
    c = ClusterStore(store).canonical_event(before)
    assert c["source_count"] == 3 and c["disagreements"]["dead"] == {"a1": 27, "a2": 27, "a3": 29}


def test_recoding_an_article_replaces_its_memberships_without_duplicates(store):
    fill(store)
    update_clusters(store, ClusterOptions())
    assert (
        save(
            store, record("a2", "2002-03-03", [event("a2", 0, "2002-03-01", 28, SARDARPURA)]), "p2"
        )
        == "recoded"
    )
    after = update_clusters(store, ClusterOptions())
    assert after.new_members == 1 and after.happenings == 2
    assert ClusterStore(store).counts()["event_cluster_members"] == 3
    [both] = ClusterStore(store).canonical_events(ClusterFilter(min_sources=2))
    assert both["size"]["dead"]["by_source"] == {"a1": 27, "a2": 28}


def test_rebuild_gives_what_a_fresh_clustering_gives(store):
    fill(store)
    update_clusters(store)
    first = ClusterStore(store).canonical_events()
    rebuilt = update_clusters(store, rebuild=True)
    assert rebuilt.new_members == 3
    assert ClusterStore(store).canonical_events() == first


def test_near_duplicate_copies_count_as_reports_of_their_original_happening(store):
    fill(store)
    ClusterStore(store).link(
        NearDuplicate("a1-copy", "hash-copy", "a1", 0.91, "copy", None, "Syndicator", "2002-03-01")
    )
    update_clusters(store)
    [both] = ClusterStore(store).canonical_events(ClusterFilter(min_sources=2))
    assert (both["source_count"], both["report_count"]) == (2, 3)
    assert both["first_report"] == "2002-03-01"
    assert both["copies"][0]["article_id"] == "a1-copy"
