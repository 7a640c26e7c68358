"""The HTTP API over a PostgreSQL store (``--db postgresql://...``): the same routes answer the
same way as over SQLite. Runs on the server named by EVENTWIRE_TEST_PG (default
postgresql://postgres@127.0.0.1:5432/test) in a fresh schema dropped afterwards; skips, saying
why, when psycopg is missing or the server is unreachable."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from pg_server import fresh_schema, pg_url_for_schema
from test_api import SAMPLES

from eventwire.api import ApiSettings, create_app
from eventwire.cli import cli

pytestmark = pytest.mark.integration

TOKEN = "pg-token"


@pytest.fixture(scope="module")
def pg_url():
    """A fresh schema for this module's store (the per-test ``pg_url`` of tests/conftest.py would
    code the sample articles again for every test)."""
    with fresh_schema("ew_api") as schema:
        yield pg_url_for_schema(schema)


@pytest.fixture(scope="module")
def client(pg_url):
    result = CliRunner().invoke(cli, ["run", "--quiet", "--db", pg_url, str(SAMPLES / "seed-article.jsonl")])
    assert result.exit_code == 0, result.output
    with TestClient(create_app(ApiSettings(db=pg_url, token=TOKEN))) as c:
        yield c


def test_reads_pages_and_exports_over_postgres(client):
    health = client.get("/api/health").json()
    assert health["articles"] == 1 and health["events"] > 5
    ids, cursor = [], None
    while True:
        page = client.get("/api/events", params={"limit": 4, **({"cursor": cursor} if cursor else {})}).json()
        ids += [e["event_id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(ids) == len(set(ids)) == health["events"] == page["total"]
    doc = client.get("/api/events", params={"format": "geojson"}).json()
    assert len(doc["features"]) + doc["eventwire"]["events_without_coordinates"] == health["events"]
    counts = client.get("/api/aggregates", params={"by": "type"}).json()["buckets"]
    assert sum(b["count"] for b in counts) == health["events"]
    one = client.get(f"/api/events/{ids[0]}").json()
    assert one["record"]["trigger"]["text"] and one["article"]["id"] == "seed-iraq-militias-2019-08-21"
    assert client.get("/api/claims").json()["items"]


def test_ingest_over_postgres(client):
    article = {"text": "Gunmen attacked a police station in Baghdad on Tuesday, killing three "
                       "officers, police said.", "published": "2020-01-07", "id": "pg-ingest"}
    r = client.post("/api/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201 and r.json()["outcome"] == "stored"
    events = client.get("/api/events", params={"q": "police station"}).json()["items"]
    assert any(e["article_id"] == "pg-ingest" for e in events)
