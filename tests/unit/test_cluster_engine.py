"""Clusterer and canonical events on hand-built records: grouping, order, increments, disputes."""

from __future__ import annotations

import datetime as dt

from eventwire.cluster import Clusterer, canonical, cluster_mentions, cluster_records, from_records
from eventwire.cluster.text import TextIndex
from eventwire.config import ClusterOptions


def ev(
    aid: str,
    n: int,
    etype: str = "ASSAULT",
    *,
    date: str | None = None,
    place: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    dead: int | None = None,
    actor: str | None = None,
    sector: str | None = None,
    text: str | None = None,
    status: tuple[str, ...] = ("reported",),
    mode: tuple[str, ...] = (),
) -> dict:
    return {
        "id": f"{aid}:e{n}",
        "event_type": etype,
        "mode": list(mode),
        "actor": [{"entity_text": actor, "code": "IND" if sector else None, "sector": sector}]
        if actor
        else [],
        "recipient": [],
        "date": {"value": date, "precision": "day", "source": "text"} if date else None,
        "location": {
            "resolved_place": place,
            "lat": lat,
            "lon": lon,
            "country_code": "IND",
            "admin1": "Gujarat",
            "precision": 1,
            "geonameid": {"Sardarpur": 1, "Pandarwada": 2}.get(place, 0),
        }
        if place
        else None,
        "size": {"dead": dead, "injured": None, "arrested": None},
        "status": list(status),
        "event_text": text or f"Sentence {n} of {aid}.",
        "text_info": {"sentence": n, "start": 0, "end": 10},
    }


def rec(aid: str, published: str, events: list[dict], source: str = "Example Wire") -> dict:
    return {
        "article": {
            "id": aid,
            "title": f"Title {aid}",
            "url": f"https://x.example/{aid}",
            "source": source,
            "published": published,
        },
        "events": events,
    }


SARDARPURA = {"place": "Sardarpur", "lat": 23.63, "lon": 72.51}
PANDARWADA = {"place": "Pandarwada", "lat": 23.10, "lon": 73.60}


def corpus() -> list[dict]:
    """Three reports of one burning (27/27/29 dead), one of another village the same night."""
    return [
        rec(
            "a1",
            "2002-03-02",
            [
                ev("a1", 0, date="2002-03-01", dead=27, **SARDARPURA),
                ev("a1", 1, "CONSULT", date="2002-03-02"),
            ],
        ),
        rec(
            "a2",
            "2002-03-03",
            [ev("a2", 0, date="2002-03-01", dead=27, **SARDARPURA)],
            source="Other Daily",
        ),
        rec("a3", "2002-03-04", [ev("a3", 0, date="2002-03-02", dead=29, **SARDARPURA)]),
        rec("b1", "2002-03-02", [ev("b1", 0, date="2002-03-01", dead=30, **PANDARWADA)]),
    ]


def test_reports_of_one_happening_form_one_cluster_and_another_village_stays_apart():
    clusters = cluster_mentions(from_records(corpus()))
    groups = sorted(sorted(m.event_id for m in ms) for ms in clusters.values())
    assert ["a1:e0", "a2:e0", "a3:e0"] in groups
    assert ["b1:e0"] in groups
    assert ["a1:e1"] in groups


def test_clustering_is_deterministic_whatever_the_input_order():
    first = cluster_mentions(from_records(corpus()))
    again = cluster_mentions(from_records(list(reversed(corpus()))))
    assert {k: [m.event_id for m in v] for k, v in first.items()} == {
        k: [m.event_id for m in v] for k, v in again.items()
    }


def test_new_mentions_join_seeded_clusters_incrementally():
    opts = ClusterOptions()
    mentions = from_records(corpus())
    full = cluster_mentions(mentions, opts)
    old = [m for m in mentions if m.article_id != "a3"]
    new = [m for m in mentions if m.article_id == "a3"]
    first = Clusterer(opts, TextIndex(mentions))
    first.add_all(old)
    second = Clusterer(opts, TextIndex(mentions))
    for cid, members in first.clusters.items():
        second.seed(cid, members)
    [joined] = [a for a in second.add_all(new)]
    assert not joined.founded and joined.match is not None
    assert joined.cluster_id == next(
        cid for cid, ms in full.items() if any(m.article_id == "a3" for m in ms)
    )


def test_hypothetical_and_negated_events_are_not_happenings():
    records = [
        rec(
            "h",
            "2002-03-02",
            [ev("h", 0, date="2002-03-01", status=("hypothetical",), **SARDARPURA)],
        ),
        rec("n", "2002-03-02", [ev("n", 0, date="2002-03-01", status=("negated",), **SARDARPURA)]),
    ]
    assert cluster_records(records) == []


def test_canonical_event_keeps_sources_report_dates_and_disagreements():
    [burning] = [c for c in cluster_records(corpus()) if c["source_count"] == 3]
    assert burning["event_type"] == "ASSAULT" and burning["event_count"] == 3
    assert [s["article_id"] for s in burning["sources"]] == ["a1", "a2", "a3"]
    assert (burning["first_report"], burning["last_report"]) == ("2002-03-02", "2002-03-04")
    assert burning["outlets"] == ["Example Wire", "Other Daily"]
    dead = burning["size"]["dead"]
    assert (dead["min"], dead["max"], dead["value"]) == (27, 29, 29)  # the latest report's count
    assert dead["by_source"] == {"a1": 27, "a2": 27, "a3": 29}
    assert burning["disagreements"]["dead"] == {"a1": 27, "a2": 27, "a3": 29}
    assert set(burning["disagreements"]["date"].values()) == {"2002-03-01", "2002-03-02"}
    assert burning["date"]["value"] == "2002-03-01"  # the most reported of the precise dates
    assert burning["location"]["place"] == "Sardarpur"


def test_canonical_counts_copies_as_reports_not_sources():
    members = from_records(corpus()[:2])
    copy = {
        "article_id": "c9",
        "original_id": "a1",
        "jaccard": 0.93,
        "title": "copy",
        "url": None,
        "source": "Syndicator",
        "published": "2002-03-01",
    }
    c = canonical("h1", [m for m in members if m.event_id.endswith("e0")], [copy])
    assert (c["source_count"], c["report_count"]) == (2, 3)
    assert c["first_report"] == "2002-03-01"  # the copy came out first
    assert c["copies"] == [copy]


def test_publication_order_decides_the_founder_and_the_cluster_id():
    clusters = cluster_mentions(from_records(corpus()))
    [cid] = [cid for cid, ms in clusters.items() if len(ms) == 3]
    assert clusters[cid][0].event_id == "a1:e0"
    assert clusters[cid][0].published == dt.date(2002, 3, 2)


def test_clusters_are_compared_only_through_a_shared_blocking_key():
    from eventwire.cluster.engine import blocking_keys

    a, b = from_records(corpus()[:2])[0], from_records(corpus()[1:2])[0]
    opts = ClusterOptions()
    shared = blocking_keys(a, opts, None) & blocking_keys(b, opts, None, query=True)
    assert {"day:2002-03-01", "dead:27", "gid:1"} <= shared
    far = from_records([rec("z", "2002-03-02", [ev("z", 0, "AGREE")])])[0]
    assert not blocking_keys(far, opts, None, query=True) & blocking_keys(a, opts, None)


def test_one_close_member_does_not_pull_a_mention_into_a_cluster_it_barely_touches():
    # A fourth report of the Sardarpura burning: it joins when the best member is enough, and
    # stays apart when the mean evidence over the whole cluster has to be higher than it is.
    fourth = rec("x", "2002-03-05", [ev("x", 0, date="2002-03-02", text="Sentence 0 of a3.")])
    records = corpus()[:3] + [fourth]

    def alone(opts: ClusterOptions) -> bool:
        clusters = cluster_mentions(from_records(records), opts)
        return ["x:e0"] in [[m.event_id for m in ms] for ms in clusters.values()]

    assert not alone(ClusterOptions(min_mean_evidence=0.0))
    assert alone(ClusterOptions(min_mean_evidence=10.0))
