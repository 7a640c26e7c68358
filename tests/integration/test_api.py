"""The HTTP API in process (FastAPI TestClient) over a store filled by the real pipeline from the
bundled sample articles: every route, every filter, pagination, content negotiation, errors, the
dashboard files and the OpenAPI document. Ingest and auth are in test_api_ingest.py."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.api import ApiSettings, create_app
from eventwire.export import export
from eventwire.export.acled_csv import COLUMNS as ACLED_COLUMNS
from eventwire.store import EventFilter, open_store

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"

EVENT_KEYS = {
    "event_id", "article_id", "seq", "type", "mode", "actor", "actor_code", "recipient",
    "recipient_code", "date", "date_precision", "date_start", "date_end", "place", "country",
    "admin1", "lat", "lon", "geo_precision", "geo_score", "dead", "injured", "arrested", "status", "confidence",
    "cameo", "quad_class", "acled_event_type", "acled_sub_event_type", "event_text", "url", "title",
    "source", "published", "language", "pipeline_version", "coded_at",
}


def sample_store(tmp_path_factory) -> Path:
    """A store of the 34 sample articles coded by the real pipeline through `eventwire run`,
    built once per session (a few seconds) and shared by the API test modules; read-only."""
    from click.testing import CliRunner

    from eventwire.cli import cli

    path = tmp_path_factory.getbasetemp() / "api-sample-store" / "eventwire.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        result = CliRunner().invoke(cli, ["run", "--quiet", "--db", str(path), str(SAMPLES / "*.jsonl")])
        assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return sample_store(tmp_path_factory)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(ApiSettings(db=str(db)))) as c:
        yield c


@pytest.fixture(scope="module")
def all_rows(db):
    with open_store(db, create=False) as s:
        return s.events()


def get_all(client, **params) -> list[dict]:
    """Every event for these filters, following next_cursor."""
    items, cursor = [], None
    while True:
        q = dict(params, **({"cursor": cursor} if cursor else {}))
        r = client.get("/api/events", params=q)
        assert r.status_code == 200, r.text
        page = r.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


# --- health, events ----------------------------------------------------------------------------

def test_health_counts_the_store(client, all_rows, db):
    r = client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    with open_store(db, create=False) as s:
        n_articles = len(s.articles())
    assert body["status"] == "ok" and body["events"] == len(all_rows) > 100
    assert body["articles"] == n_articles == 34
    assert body["pipeline_version"] == all_rows[0].pipeline_version


def test_events_default_page_has_the_contract_keys(client, all_rows):
    page = client.get("/api/events").json()
    assert len(page["items"]) == 100 and page["total"] == len(all_rows)
    assert page["next_cursor"]
    assert set(page["items"][0]) == EVENT_KEYS
    # The default order is the store's: by date (undated last), article, position.
    assert [e["event_id"] for e in page["items"]] == [r.event_id for r in all_rows[:100]]


def test_events_carry_their_location_score(client, all_rows):
    items = {e["event_id"]: e for e in get_all(client, limit=200)}
    scored = 0
    for row in all_rows:
        loc = row.record.get("location") or {}
        assert items[row.event_id]["geo_score"] == loc.get("score")
        if loc.get("score") is not None:
            scored += 1
            assert 0.0 <= items[row.event_id]["geo_score"] <= 1.0
    assert scored > 50


def test_cursor_pages_cover_every_event_once(client, all_rows):
    items = get_all(client, limit=37)
    ids = [e["event_id"] for e in items]
    assert len(ids) == len(set(ids)) == len(all_rows)
    assert ids == [r.event_id for r in all_rows]


@pytest.mark.parametrize("sort,key", [("-dead", "dead"), ("confidence", "confidence"),
                                      ("-published", "published"), ("-date", "date_start")])
def test_sorting_orders_pages_and_keeps_missing_last(client, all_rows, sort, key):
    items = get_all(client, sort=sort, limit=150)
    assert len(items) == len(all_rows)
    values = [e[key] for e in items]
    present = [v for v in values if v is not None]
    assert values[:len(present)] == present, "missing values sort last"
    assert present == sorted(present, reverse=sort.startswith("-"))


@pytest.mark.parametrize("params,message", [
    ({"limit": 1001}, "limit"), ({"limit": 0}, "limit"), ({"sort": "title"}, "sort"),
    ({"cursor": "not-a-cursor"}, "cursor"), ({"since": "yesterday"}, "since"),
    ({"bbox": "1,2,3"}, "bbox"), ({"bbox": "0,50,10,40"}, "lat"), ({"min_confidence": 2}, "min_confidence"),
])
def test_bad_parameters_are_422_with_a_clear_message(client, params, message):
    r = client.get("/api/events", params=params)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert isinstance(detail, str) and message in detail


def _pick(rows, attr):
    """The most common non-empty value of a row attribute (so filters select a real subset)."""
    values = Counter(v for r in rows for v in (getattr(r, attr) if isinstance(getattr(r, attr), tuple)
                                                else [getattr(r, attr)]) if v)
    return values.most_common(1)[0][0]


def test_each_filter_selects_exactly_what_it_says(client, all_rows):
    country = _pick(all_rows, "country")
    admin1 = _pick(all_rows, "admin1")
    etype = _pick(all_rows, "type")
    mode = _pick(all_rows, "mode")
    acled = _pick(all_rows, "acled_event_type")
    actor_code = _pick(all_rows, "actor_code")
    checks = {
        "country": (country, lambda e: e["country"] == country),
        "admin1": (admin1.upper(), lambda e: (e["admin1"] or "").casefold() == admin1.casefold()),
        "type": (etype.lower(), lambda e: e["type"] == etype),
        "mode": (mode, lambda e: mode in e["mode"]),
        "acled_type": (acled, lambda e: acled in (e["acled_event_type"], e["acled_sub_event_type"])),
        "status": ("historical", lambda e: "historical" in e["status"]),
        "actor": (actor_code, lambda e: actor_code in e["actor_code"] + e["recipient_code"]),
        "since": ("2019-01-01", lambda e: e["date_end"] is not None and e["date_end"] >= "2019-01-01"),
        "until": ("2001-12-31", lambda e: e["date_start"] is not None and e["date_start"] <= "2001-12-31"),
        "min_confidence": (0.8, lambda e: e["confidence"] >= 0.8),
        "bbox": ("38,29,49,38", lambda e: e["lon"] is not None and 38 <= e["lon"] <= 49
                 and 29 <= e["lat"] <= 38),
    }
    for name, (value, ok) in checks.items():
        page = client.get("/api/events", params={name: value, "limit": 1000}).json()
        items = page["items"]
        assert 0 < page["total"] == len(items) < len(all_rows), (name, value, page["total"])
        bad = [e["event_id"] for e in items if not ok(e)]
        assert not bad, (name, value, bad[:3])
        # Every event the filter keeps out really fails it (no over-filtering).
        kept = {e["event_id"] for e in items}
        missed = [r.event_id for r in all_rows if r.event_id not in kept and ok(r.as_dict())]
        assert not missed, (name, value, missed[:3])


def test_free_text_searches_the_evidence(client, db):
    items = client.get("/api/events", params={"q": "BoMb", "limit": 1000}).json()["items"]
    assert items
    with open_store(db, create=False) as s:
        for e in items:
            rec = s.event(e["event_id"]).record
            texts = [rec.get("event_text") or "", (rec.get("trigger") or {}).get("text") or ""]
            texts += [p.get("entity_text") or "" for p in rec.get("actor", []) + rec.get("recipient", [])]
            assert any("bomb" in t.casefold() for t in texts), e["event_id"]


def test_filters_combine_with_and(client):
    one = client.get("/api/events", params={"country": "IRQ", "limit": 1000}).json()["items"]
    both = client.get("/api/events", params={"country": "IRQ", "type": "ASSAULT", "limit": 1000}).json()
    assert 0 < both["total"] < len(one)
    assert all(e["country"] == "IRQ" and e["type"] == "ASSAULT" for e in both["items"])


# --- content negotiation -----------------------------------------------------------------------

def test_accept_csv_gives_the_acled_export(client, db, tmp_path):
    r = client.get("/api/events", params={"country": "IRQ"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    with open_store(db, create=False) as s:
        n = export(s, "acled-csv", tmp_path / "irq.csv", EventFilter(country="IRQ"))
    assert r.content == (tmp_path / "irq.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert n == len(rows) > 0 and list(rows[0]) == list(ACLED_COLUMNS)
    assert {row["country"] for row in rows} == {"Iraq"}


def test_geojson_by_accept_or_format(client, all_rows):
    by_accept = client.get("/api/events", headers={"Accept": "application/geo+json"})
    by_param = client.get("/api/events", params={"format": "geojson"})
    assert by_accept.status_code == by_param.status_code == 200
    assert by_accept.headers["content-type"] == "application/geo+json"
    assert by_accept.content == by_param.content
    doc = by_accept.json()
    located = [r for r in all_rows if r.lat is not None]
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == len(located)
    assert doc["eventwire"]["events_without_coordinates"] == len(all_rows) - len(located)
    f = doc["features"][0]
    row = next(r for r in all_rows if r.event_id == f["id"])
    assert f["geometry"] == {"type": "Point", "coordinates": [row.lon, row.lat]}
    assert set(f["properties"]) == EVENT_KEYS - {"lat", "lon"}


def test_limit_applies_to_exports_and_cursor_does_not(client):
    doc = client.get("/api/events", params={"format": "geojson", "limit": 5}).json()
    assert len(doc["features"]) <= 5
    r = client.get("/api/events", params={"format": "csv", "cursor": "x"})
    assert r.status_code == 422 and "cursor" in r.json()["detail"]


def test_accept_q_values_and_unacceptable_types(client):
    r = client.get("/api/events", headers={"Accept": "text/csv;q=0.5, application/json"})
    assert r.headers["content-type"] == "application/json" and "items" in r.json()
    r = client.get("/api/events", headers={"Accept": "image/png"})
    assert r.status_code == 406 and "text/csv" in r.json()["detail"]
    assert client.get("/api/events", headers={"Accept": "*/*"}).json()["items"]


def test_other_export_formats_stream_through_the_api(client, all_rows):
    import pyarrow.parquet as pq

    r = client.get("/api/events", params={"format": "parquet", "type": "ASSAULT"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/vnd.apache.parquet"
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == sum(1 for e in all_rows if e.type == "ASSAULT")
    lines = client.get("/api/events", params={"format": "plover-jsonl"}).text.splitlines()
    assert len(lines) == len(all_rows) and json.loads(lines[0])["id"] == all_rows[0].event_id


# --- one event, articles, actors, claims, aggregates -------------------------------------------

def test_one_event_has_its_evidence_claims_and_article(client, db):
    with open_store(db, create=False) as s:
        claimed = next(r for r in s.events() if r.claims)
        text = s.article(claimed.article_id).text
    r = client.get(f"/api/events/{claimed.event_id}")
    assert r.status_code == 200
    body = r.json()
    assert EVENT_KEYS <= set(body) and body["event_id"] == claimed.event_id
    trig = body["record"]["trigger"]
    assert text[trig["start"]:trig["end"]] == trig["text"]
    info = body["record"]["text_info"]
    assert body["event_text"] == text[info["start"]:info["end"]]
    for p in body["record"]["actor"] + body["record"]["recipient"]:
        assert text[p["start"]:p["end"]] == p["entity_text"]
    assert [c["id"] for c in body["claims"]] == [c["id"] for c in claimed.claims]
    assert body["article"]["id"] == claimed.article_id and set(body["article"]) == {
        "id", "title", "url", "source", "published"}


def test_unknown_event_and_article_are_404(client):
    for path in ("/api/events/nope:e1", "/api/articles/nope"):
        r = client.get(path)
        assert r.status_code == 404 and "nope" in r.json()["detail"]


def test_articles_page_and_one_article(client):
    first = client.get("/api/articles", params={"limit": 10}).json()
    second = client.get("/api/articles", params={"limit": 10, "offset": 10}).json()
    assert first["total"] == 34 and len(first["items"]) == len(second["items"]) == 10
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    seed = client.get("/api/articles/seed-iraq-militias-2019-08-21").json()
    assert seed["article"]["id"] == "seed-iraq-militias-2019-08-21"
    assert seed["record"]["article"]["id"] == seed["article"]["id"]
    assert len(seed["record"]["events"]) == seed["article"]["events"] > 0
    ev = seed["record"]["events"][0]
    assert seed["text"][ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]


def test_actors_with_aliases_and_filters(client):
    items = client.get("/api/actors", params={"limit": 1000}).json()["items"]
    assert items and all(set(a) == {"name", "code", "sector", "aliases", "wikidata", "events",
                                    "articles"} for a in items)
    irq = client.get("/api/actors", params={"code": "IRQ"}).json()["items"]
    assert irq and all(a["code"] == "IRQ" for a in irq) and len(irq) < len(items)
    found = client.get("/api/actors", params={"q": "israel"}).json()["items"]
    assert found and all("israel" in " ".join([a["name"], *a["aliases"]]).casefold() for a in found)
    assert client.get("/api/actors", params={"limit": 1001}).status_code == 422


def test_claims_with_filters(client):
    items = client.get("/api/claims", params={"limit": 1000}).json()["items"]
    assert items
    kind = Counter(c["kind"] for c in items).most_common(1)[0][0]
    of_kind = client.get("/api/claims", params={"kind": kind, "limit": 1000}).json()["items"]
    assert of_kind and all(c["kind"] == kind for c in of_kind) and len(of_kind) <= len(items)
    with_event = next(c for c in items if c["events"])
    ev = with_event["events"][0]
    about = client.get("/api/claims", params={"event_id": ev}).json()["items"]
    assert about and all(ev in c["events"] for c in about)
    art = client.get("/api/claims", params={"article_id": with_event["article_id"]}).json()["items"]
    assert art and all(c["article_id"] == with_event["article_id"] for c in art)


#: Bucket keys of an event, for the buckets a test can recompute from the rows.
_KEYS = {
    "type": lambda r: [r.type],
    "year": lambda r: [r.date_start[:4]] if r.date_start else [],
    "month": lambda r: [r.date_start[:7]] if r.date_start else [],
    "day": lambda r: [r.date_start] if r.date_start else [],
    "country": lambda r: [r.country] if r.country else [],
    "status": lambda r: list(r.status),  # an event with two statuses counts in both
}


@pytest.mark.parametrize("by", ["day", "week", "month", "year", "country", "admin1", "type",
                                "acled_type", "status"])
def test_aggregates_count_the_events(client, all_rows, by):
    body = client.get("/api/aggregates", params={"by": by}).json()
    assert body["by"] == by and body["buckets"]
    counts = {b["key"]: b["count"] for b in body["buckets"]}
    assert all(n > 0 for n in counts.values())
    if by in _KEYS:
        assert counts == dict(Counter(k for r in all_rows for k in _KEYS[by](r)))
    if by == "week":
        assert all(k[4:6] == "-W" for k in counts)
        assert sum(counts.values()) == sum(1 for r in all_rows if r.date_start)
    # The event filters apply to aggregates too.
    irq = [r for r in all_rows if r.country == "IRQ"]
    filtered = client.get("/api/aggregates", params={"by": by, "country": "IRQ"}).json()["buckets"]
    if by in _KEYS:
        assert {b["key"]: b["count"] for b in filtered} == dict(Counter(k for r in irq for k in _KEYS[by](r)))
    else:
        assert 0 < sum(b["count"] for b in filtered) <= len(irq)


def test_aggregates_need_a_known_bucket(client):
    r = client.get("/api/aggregates", params={"by": "colour"})
    assert r.status_code == 422 and "by" in r.json()["detail"]
    assert client.get("/api/aggregates").status_code == 422


# --- dashboard, OpenAPI ------------------------------------------------------------------------

def test_dashboard_files_or_a_clear_404(db, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text("<!doctype html><title>eventwire</title>", encoding="utf-8")
    (static / "app.js").write_text("console.log(1)", encoding="utf-8")
    with TestClient(create_app(ApiSettings(db=str(db), static_dir=static))) as c:
        r = c.get("/")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        assert "eventwire" in r.text
        assert c.get("/static/app.js").text == "console.log(1)"
        assert c.get("/static/missing.js").status_code == 404
    with TestClient(create_app(ApiSettings(db=str(db), static_dir=tmp_path / "none"))) as c:
        for path in ("/", "/static/app.js"):
            r = c.get(path)
            assert r.status_code == 404 and "dashboard assets are missing" in r.json()["detail"]


def test_openapi_documents_every_route(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    expected = {("/api/health", "get"), ("/api/events", "get"), ("/api/events/{event_id}", "get"),
                ("/api/articles", "get"), ("/api/articles", "post"),
                ("/api/articles/{article_id}", "get"), ("/api/actors", "get"),
                ("/api/claims", "get"), ("/api/aggregates", "get")}
    assert {(p, m) for p, ops in paths.items() for m in ops} == expected
    for p, m in expected:
        op = paths[p][m]
        assert op.get("summary") and op.get("description"), (p, m)
        for param in op.get("parameters", []):
            assert param.get("description"), (p, m, param["name"])
        ok = op["responses"]["201" if m == "post" else "200"]
        assert "$ref" in json.dumps(ok["content"]["application/json"]["schema"]), (p, m)
        assert "422" in op["responses"] or not op.get("parameters"), (p, m)
    events = paths["/api/events"]["get"]
    assert {"text/csv", "application/geo+json"} <= set(events["responses"]["200"]["content"])
    assert {p["name"] for p in events["parameters"]} >= {
        "country", "admin1", "actor", "type", "mode", "acled_type", "status", "since", "until",
        "bbox", "q", "min_confidence", "sort", "cursor", "limit", "format"}


def test_unknown_route_is_a_json_404(client):
    r = client.get("/api/nothing")
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}
