"""The API's queries on every backend: new filters, one event, keyset pages, aggregates, actors, claims."""

from __future__ import annotations

import base64
import json

import pytest

from eventwire.store import SORTS, ClaimFilter, EventFilter, EventPage
from store_records import event, ids, participant, record


# --- new filters -------------------------------------------------------------------------------

@pytest.fixture
def geo(store):
    """Events with places, ACLED types, texts and confidences chosen for the filters below."""
    store.save(record("g1", [
        event("g1", 1, "ASSAULT", date="2023-05-01", country="COD", admin1="North Kivu",
              lat=-1.68, lon=29.22, text="Rebels attacked Goma.", trigger="attacked", dead=3,
              confidence=0.9, actor=[participant("M23 rebels", "COD", "REB", "March 23 Movement")]),
        event("g1", 2, "PROTEST", date="2023-05-02", country="COD", admin1="north kivu",
              lat=-1.5, lon=29.0, text="Students rallied in Butembo.", trigger="marched",
              confidence=0.4, acled=("Protests", "Peaceful protest")),
    ]), "g1", "hg1", "p")
    store.save(record("g2", [
        event("g2", 1, "ASSAULT", date="2023-05-03", country="FJI", admin1="Île-de-Nord",
              lat=-17.0, lon=179.5, text="ÉMEUTE à Suva.", trigger="émeute", dead=1,
              confidence=0.6, acled=("Violence against civilians", "Attack")),
        event("g2", 2, "ASSAULT", date="2023-05-04", country="WSM", lat=-13.8, lon=-171.8,
              text="Clash in Apia.", confidence=0.6),
        event("g2", 3, "ASSAULT", country="IRQ", text="No place, no date.", confidence=None),
    ], published="2023-05-05"), "g2", "hg2", "p")
    return store


def test_filter_by_admin1_is_case_insensitive_also_beyond_ascii(geo):
    assert ids(geo.events(EventFilter(admin1="NORTH KIVU"))) == ["g1:e1", "g1:e2"]
    assert ids(geo.events(EventFilter(admin1="île-de-nord"))) == ["g2:e1"]
    assert geo.events(EventFilter(admin1="Kivu")) == []  # a whole name, not a substring


def test_filter_by_acled_type_or_sub_type(geo):
    assert ids(geo.events(EventFilter(acled_type="battles"))) == ["g1:e1", "g2:e2", "g2:e3"]
    assert ids(geo.events(EventFilter(acled_type="Peaceful protest"))) == ["g1:e2"]
    assert ids(geo.events(EventFilter(acled_type="Protests"))) == ["g1:e2"]
    assert geo.events(EventFilter(acled_type="Riots")) == []


def test_filter_by_bounding_box_includes_edges_and_crosses_the_antimeridian(geo):
    goma = EventFilter(bbox=(29.0, -2.0, 30.0, -1.0))
    assert ids(geo.events(goma)) == ["g1:e1", "g1:e2"]  # lon 29.0 lies on the edge
    assert ids(geo.events(EventFilter(bbox=(29.1, -2.0, 30.0, -1.0)))) == ["g1:e1"]
    pacific = EventFilter(bbox=(179.0, -20.0, -171.0, -10.0))  # min_lon > max_lon: across 180°
    assert ids(geo.events(pacific)) == ["g2:e1", "g2:e2"]
    assert ids(geo.events(EventFilter(bbox="170,-20,180,-10"))) == ["g2:e1"]
    assert geo.events(EventFilter(bbox=(0, 0, 1, 1))) == []  # undated/unplaced events never match


@pytest.mark.parametrize("bad", [(1, 2, 3), (0, 10, 1, 5), (0, 0, 200, 1), "a,b,c,d",
                                 (0, float("nan"), 1, 1)])
def test_bad_bounding_boxes_are_refused_with_the_expected_form(bad):
    with pytest.raises(ValueError, match="bbox"):
        EventFilter(bbox=bad)


def test_free_text_over_sentence_trigger_and_participants(geo):
    assert ids(geo.events(EventFilter(text="GOMA"))) == ["g1:e1"]  # sentence, any case
    assert ids(geo.events(EventFilter(text="marched"))) == ["g1:e2"]  # trigger only
    assert ids(geo.events(EventFilter(text="march 23"))) == ["g1:e1"]  # participant's name
    assert ids(geo.events(EventFilter(text="m23"))) == ["g1:e1"]  # participant's text
    assert ids(geo.events(EventFilter(text="émeute"))) == ["g2:e1"]  # non-ASCII case folding
    assert geo.events(EventFilter(text="100%")) == []  # wildcards are literal
    assert ids(geo.events(EventFilter(text="  "))) == ids(geo.events())  # blank means no filter


def test_filter_by_ids_and_combined(geo):
    assert ids(geo.events(EventFilter(ids=("g2:e3", "g1:e2", "nope")))) == ["g1:e2", "g2:e3"]
    assert ids(geo.events(EventFilter(ids=["g1:e1"], type="PROTEST"))) == []
    assert geo.events(EventFilter(ids=())) == []
    assert ids(geo.events(EventFilter(ids="g1:e1"))) == ["g1:e1"]  # one id, not its characters


def test_one_event_by_id(geo):
    row = geo.event("g1:e1")
    assert (row.event_id, row.admin1, row.dead, row.acled_event_type) == ("g1:e1", "North Kivu", 3, "Battles")
    assert row.record["trigger"]["text"] == "attacked"
    assert row.actor == ("M23 rebels",)
    assert geo.event("missing") is None


# --- keyset pages ------------------------------------------------------------------------------

def _all_pages(store, f=None, sort="date", limit=2) -> list[EventPage]:
    pages, cursor = [], None
    while True:
        page = store.page_events(f, limit=limit, cursor=cursor, sort=sort)
        pages.append(page)
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


@pytest.mark.parametrize("sort", SORTS)
def test_pages_cover_every_event_once_in_sort_order(geo, sort):
    pages = _all_pages(geo, sort=sort)
    got = [r for p in pages for r in p.rows]
    assert all(p.total == 5 for p in pages) and len(got) == 5
    assert len({r.event_id for r in got}) == 5
    key = {"date": "date_start", "published": "published", "confidence": "confidence",
           "dead": "dead"}[sort.lstrip("-")]
    values = [getattr(r, key) for r in got]
    present = [v for v in values if v is not None]
    assert values == present + [None] * (len(values) - len(present))  # missing values last
    assert present == sorted(present, reverse=sort.startswith("-"))
    assert [r.event_id for r in got] == [r.event_id for r in _all_pages(geo, sort=sort, limit=100)[0].rows]


def test_date_pages_match_the_default_event_order(filled):
    got = [r.event_id for p in _all_pages(filled, limit=4) for r in p.rows]
    assert got == ids(filled.events())


def test_pages_are_stable_when_events_are_stored_between_requests(geo):
    first = geo.page_events(sort="-confidence", limit=2)
    assert ids(first.rows) == ["g1:e1", "g2:e1"]  # 0.9, then 0.6 (ties by article, position)
    # A new article sorts both before and after the cursor; nothing already seen comes back.
    geo.save(record("g0", [event("g0", 1, date="2023-01-01", confidence=0.95),
                           event("g0", 2, date="2023-01-01", confidence=0.1)]), "g0", "hg0", "p")
    rest = _all_pages(geo, sort="-confidence", limit=2)
    second = geo.page_events(sort="-confidence", limit=10, cursor=first.next_cursor)
    assert ids(second.rows) == ["g2:e2", "g1:e2", "g0:e2", "g2:e3"]  # no confidence last
    assert second.total == 7 and sum(len(p.rows) for p in rest) == 7


def test_pages_with_filters_and_total(geo):
    page = geo.page_events(EventFilter(type="ASSAULT"), limit=1, sort="-dead")
    assert ids(page.rows) == ["g1:e1"] and page.total == 4
    last = geo.page_events(EventFilter(type="ASSAULT"), limit=10, sort="-dead",
                           cursor=page.next_cursor)
    assert ids(last.rows) == ["g2:e1", "g2:e2", "g2:e3"] and last.next_cursor is None
    empty = geo.page_events(limit=0)
    assert empty.rows == [] and empty.next_cursor is None and empty.total == 5


def _forge(sort, key, aid="g1", seq=0) -> str:
    raw = json.dumps([sort, key, aid, seq]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("cursor", ["", "%%%", "bm90IGpzb24", _forge("date", 5), _forge("dead", "x"),
                                    base64.urlsafe_b64encode(b'["date"]').decode()])
def test_malformed_cursors_raise_value_error(geo, cursor):
    if cursor == "":
        assert geo.page_events(cursor=cursor).total == 5  # empty means the first page
        return
    with pytest.raises(ValueError, match="cursor"):
        geo.page_events(cursor=cursor)


def test_cursor_is_url_safe_and_tied_to_its_sort(geo):
    page = geo.page_events(limit=1, sort="-published")
    assert page.next_cursor and set(page.next_cursor) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    with pytest.raises(ValueError, match="sort"):
        geo.page_events(limit=1, sort="date", cursor=page.next_cursor)
    with pytest.raises(ValueError, match="sort must be one of"):
        geo.page_events(sort="title")
    with pytest.raises(ValueError, match="EventFilter.limit"):
        geo.page_events(EventFilter(limit=5))


# --- aggregates --------------------------------------------------------------------------------

def test_aggregate_by_date_buckets(filled):
    # Dated events start 1981-01-01, 2019-08-01 (month), 2019-08-12 (week), 2019-08-21, 2019-09-01.
    assert filled.aggregate("day") == [("1981-01-01", 1), ("2019-08-01", 1), ("2019-08-12", 1),
                                       ("2019-08-21", 1), ("2019-09-01", 1)]
    assert filled.aggregate("week") == [("1981-W01", 1), ("2019-W31", 1), ("2019-W33", 1),
                                        ("2019-W34", 1), ("2019-W35", 1)]
    assert filled.aggregate("month") == [("1981-01", 1), ("2019-08", 3), ("2019-09", 1)]
    assert filled.aggregate("year") == [("1981", 1), ("2019", 4)]  # the undated event is left out


def test_aggregate_by_categories_with_filters(filled):
    assert filled.aggregate("country") == [("IRQ", 4), ("LBN", 2)]
    assert filled.aggregate("type") == [("ASSAULT", 3), ("ACCUSE", 1), ("PROTEST", 1), ("THREATEN", 1)]
    assert filled.aggregate("type", EventFilter(country="LBN")) == [("ASSAULT", 1), ("PROTEST", 1)]
    assert filled.aggregate("status") == [("reported", 5), ("alleged", 1), ("historical", 1)]
    assert filled.aggregate("acled_type") == [("Battles", 3)]
    assert filled.aggregate("admin1") == []  # no admin-1 coded
    assert filled.aggregate("month", EventFilter(since="2019-08-15")) == [("2019-08", 3), ("2019-09", 1)]
    with pytest.raises(ValueError, match="by must be one of"):
        filled.aggregate("hour")


def test_aggregate_by_admin1_keeps_the_stored_spelling(geo):
    assert geo.aggregate("admin1") == [("North Kivu", 1), ("north kivu", 1), ("Île-de-Nord", 1)]


# --- actors ------------------------------------------------------------------------------------

def _actor_record(aid: str, text: str, name: str, code: str, aliases: list[str],
                  wikidata: str | None, n_events: int) -> dict:
    ent = {"id": f"{aid}:x1", "text": text, "name": name, "kind": "group", "code": code,
           "sector": "PRM", "affiliation": None, "aliases": aliases, "wikidata": wikidata,
           "mentions": [{"start": 0, "end": len(text)}]}
    p = participant(text, code, "PRM", name, f"{aid}:x1")
    evs = [event(aid, k, recipient=[p], date="2019-08-20") for k in range(1, n_events + 1)]
    return record(aid, evs, entities=[ent])


def test_actors_group_by_name_and_code_across_articles(store):
    store.save(_actor_record("a1", "the PMF", "Popular Mobilization Forces", "IRQ", ["Hashd"], "Q1", 2),
               "t1", "h1", "p")
    store.save(_actor_record("a2", "Hashd al-Shaabi", "Popular Mobilization Forces", "IRQ", [], "Q1", 1),
               "t2", "h2", "p")
    store.save(_actor_record("a3", "PMF", "Popular Mobilization Forces", "USA", [], None, 0), "t3", "h3", "p")
    rows = store.actors()
    assert [(r.name, r.code, r.events, r.articles) for r in rows] == [
        ("Popular Mobilization Forces", "IRQ", 3, 2),
        ("Popular Mobilization Forces", "USA", 0, 1),
    ]
    pmf = rows[0]
    assert pmf.sector == "PRM" and pmf.wikidata == "Q1"
    assert pmf.aliases == ("the PMF", "Hashd al-Shaabi", "Hashd")  # most frequent first
    assert pmf.as_dict()["aliases"] == ["the PMF", "Hashd al-Shaabi", "Hashd"]
    assert [r.code for r in store.actors(query="hashd")] == ["IRQ"]  # an alias matches
    assert [r.code for r in store.actors(query="usa")] == ["USA"]  # a code matches
    assert [r.code for r in store.actors(code="usa")] == ["USA"]
    assert [r.code for r in store.actors(limit=1, offset=1)] == ["USA"]
    assert store.actors(query="nobody") == []


def test_actors_include_participants_without_an_entity(filled):
    rows = {(r.name, r.code): r for r in filled.actors()}
    assert rows[("Écoliers", None)].events == 1
    assert rows[("Israeli warplanes", "ISR")].articles == 1
    assert rows[("United States", "USA")].events == 2  # actor in e1, recipient... e4
    assert [r.name for r in filled.actors(query="ÉCOLIERS")] == ["Écoliers"]


# --- claims and articles -----------------------------------------------------------------------

@pytest.fixture
def claimed(store):
    def claim(aid, n, kind, speaker, code, events):
        return {"id": f"{aid}:c{n}", "kind": kind, "speaker": participant(speaker, code, name=None),
                "cited_source": "AP", "cited_span": None,
                "content": {"text": f"claim {n}", "start": 0, "end": 5}, "events": events}
    store.save(record("a1", [event("a1", 1), event("a1", 2)], claims=[
        claim("a1", 1, "accusation", "Ministère", "IRQ", ["a1:e1"]),
        claim("a1", 2, "denial", "the army", "USA", ["a1:e1", "a1:e2"]),
    ]), "t1", "h1", "p")
    store.save(record("b1", [event("b1", 1)], claims=[claim("b1", 1, "accusation", "Police", None, [])]),
               "t2", "h2", "p")
    return store


def test_claims_filters(claimed):
    def cids(f=None):
        return [c.claim_id for c in claimed.claims(f)]
    assert cids() == ["a1:c1", "a1:c2", "b1:c1"]
    assert cids(ClaimFilter(kind="Accusation")) == ["a1:c1", "b1:c1"]
    assert cids(ClaimFilter(speaker="ministÈre")) == ["a1:c1"]  # text, any case
    assert cids(ClaimFilter(speaker="usa")) == ["a1:c2"]  # code
    assert cids(ClaimFilter(article_id="b1")) == ["b1:c1"]
    assert cids(ClaimFilter(event_id="a1:e2")) == ["a1:c2"]
    assert cids(ClaimFilter(limit=1, offset=1)) == ["a1:c2"]
    row = claimed.claims(ClaimFilter(event_id="a1:e1"))[1]
    assert (row.kind, row.speaker_text, row.speaker_code, row.cited_source, row.content_text) == (
        "denial", "the army", "USA", "AP", "claim 2")
    assert row.events == ("a1:e1", "a1:e2")
    d = row.as_dict()
    assert d["events"] == ["a1:e1", "a1:e2"] and d["record"]["content"]["text"] == "claim 2"
    json.dumps(d)


def test_articles_page_like_before(filled):
    assert [a.id for a in filled.articles()] == ["a1", "b1"]
    assert [a.id for a in filled.articles(limit=1)] == ["a1"]
    assert [a.id for a in filled.articles(limit=1, offset=1)] == ["b1"]
    assert [a.id for a in filled.articles(offset=1)] == ["b1"]
    assert filled.articles(limit=0) == []
    with pytest.raises(ValueError):
        filled.articles(limit=-1)
