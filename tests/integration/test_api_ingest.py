"""POST /api/articles through the real pipeline, the API token (ingest and protected reads), the
request size limit, clear 4xx answers, and cursor pages that stay stable while articles arrive."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_api import SAMPLES, sample_store

from eventwire.api import ApiSettings, create_app
from eventwire.config import ClusterOptions, Settings
from eventwire.errors import ConfigError
from eventwire.store import open_store

pytestmark = pytest.mark.integration

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LIMIT = 20_000

ARTICLE = {
    "id": "api-test-kabul-2021",
    "title": "Blast hits Kabul checkpoint",
    "url": "https://example.org/kabul",
    "source": "Example Wire",
    "published": "2021-05-04",
    "text": ("KABUL, May 4 (Example Wire) - A car bomb exploded at a police checkpoint in Kabul on "
             "Tuesday, killing four police officers and wounding nine civilians, officials said.\n\n"
             "The Taliban denied any involvement in the attack."),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A private copy of the sample store: these tests write to it."""
    source = sample_store(tmp_path_factory)
    target = tmp_path_factory.mktemp("ingest") / "eventwire.db"
    shutil.copy(source, target)
    return target


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(ApiSettings(db=str(db), token=TOKEN, max_body_bytes=LIMIT))) as c:
        yield c


def test_post_json_codes_and_stores_the_article(client, db):
    r = client.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["article_id"] == ARTICLE["id"] and body["outcome"] == "stored" and body["events"] > 0
    # The same record `eventwire run` would have stored, readable through the API.
    got = client.get(f"/api/articles/{ARTICLE['id']}").json()
    assert got["text"] == ARTICLE["text"] and got["article"]["title"] == ARTICLE["title"]
    assert len(got["record"]["events"]) == body["events"]
    events = client.get("/api/events", params={"q": "car bomb", "country": "AFG"}).json()["items"]
    assert any(e["article_id"] == ARTICLE["id"] and e["type"] == "ASSAULT" for e in events)
    # Posting it again does no work and says so.
    again = client.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert again.status_code == 200 and again.json() == {**body, "outcome": "unchanged"}


def test_post_matches_eventwire_run_on_the_same_article(client, db, tmp_path):
    """The API and `eventwire run` code an article identically (one pipeline code path)."""
    from click.testing import CliRunner

    from eventwire.cli import cli

    seed = json.loads((SAMPLES / "seed-article.jsonl").read_text(encoding="utf-8").splitlines()[0])
    # New content (the stored seed's text would be "unchanged"), coded both ways.
    posted = dict(seed, id="api-copy-of-seed", text=seed["text"] + "\n\nThis article was republished.")
    # The near-duplicate gate would link this near-copy of the seed instead of coding it (as
    # `run` would over the same store): turned off here, where coding is what is compared.
    settings = ApiSettings(db=str(db), token=TOKEN, max_body_bytes=LIMIT,
                           config=Settings(cluster=ClusterOptions(near_duplicates=False)))
    with TestClient(create_app(settings)) as plain:
        r = plain.post("/api/articles", json={k: posted[k] for k in posted
                                              if k in ("id", "title", "url", "source", "published", "text")},
                       headers=AUTH)
        assert r.status_code == 201, r.text
        via_api = plain.get("/api/articles/api-copy-of-seed").json()["record"]
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps(posted) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", "--quiet", "--db", str(tmp_path / "run.db"), str(one)])
    assert result.exit_code == 0, result.output
    with open_store(tmp_path / "run.db", create=False) as s:
        via_run = dict(s.article("api-copy-of-seed").record)
    assert via_api["events"] == via_run["events"] and via_api["claims"] == via_run["claims"]


def test_known_content_under_another_id_is_unchanged_and_named(client):
    seed = json.loads((SAMPLES / "seed-article.jsonl").read_text(encoding="utf-8").splitlines()[0])
    r = client.post("/api/articles", json={"id": "another-id", "text": seed["text"]}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["article_id"] == seed["id"] and r.json()["outcome"] == "unchanged"
    assert client.get("/api/articles/another-id").status_code == 404


NEAR = ("NAIROBI, March 3 (Example Wire) - Thousands of teachers marched through Nairobi on Monday "
        "to demand higher pay, blocking roads around parliament for several hours. Police fired tear "
        "gas at protesters near the Treasury building and arrested twelve people, a police spokesman "
        "said. The Kenya National Union of Teachers said the strike would continue until the "
        "government honoured a wage deal signed two years ago. Schools across the country stayed "
        "closed for a third day, and parents said children had been sent home without notice.")


def test_a_near_copy_is_linked_to_its_original_not_coded(client, db):
    from eventwire.store.clusters import ClusterStore

    first = client.post("/api/articles", json={"id": "nd-original", "text": NEAR,
                                               "published": "2021-03-03"}, headers=AUTH)
    assert first.status_code == 201 and first.json()["outcome"] == "stored", first.text
    syndicated = NEAR.replace("Example Wire", "Daily Courier").replace(
        "without notice.", "without notice, local media reported.")
    copy = {"id": "nd-copy", "text": syndicated, "published": "2021-03-03",
            "source": "Daily Courier"}
    r = client.post("/api/articles", json=copy, headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["article_id"], body["outcome"], body["events"], body["original_id"]) == (
        "nd-copy", "linked", 0, "nd-original")
    assert 0.8 <= body["jaccard"] < 1.0
    assert client.get("/api/articles/nd-copy").status_code == 404  # not coded, not stored
    assert client.post("/api/articles", json=copy, headers=AUTH).json() == body  # known link
    with open_store(db, create=False) as store:
        [link] = [nd for nd in ClusterStore(store).near_duplicates() if nd.article_id == "nd-copy"]
        assert (link.original_id, link.source) == ("nd-original", "Daily Courier")
        assert store.counts()["near_duplicates"] >= 1


def test_an_article_that_failed_is_no_original_for_later_copies(client, monkeypatch):
    from fastapi import HTTPException

    import eventwire.api.ingest as ingest

    text = NEAR.replace("NAIROBI", "MOMBASA").replace("teachers", "nurses").replace(
        "Treasury", "county hall").replace("twelve", "nine").replace("third", "fourth")

    def refuse(request, article):
        raise HTTPException(422, "the test pipeline refuses this article")

    with monkeypatch.context() as m:
        m.setattr(ingest, "_run_pipeline", refuse)
        r = client.post("/api/articles", json={"id": "nd-failed", "text": text}, headers=AUTH)
        assert r.status_code == 422 and "refuses" in r.json()["detail"]
    copy = text.replace("Example Wire", "Daily Courier")
    r = client.post("/api/articles", json={"id": "nd-after-failure", "text": copy,
                                           "published": "2021-03-04"}, headers=AUTH)
    assert r.status_code == 201 and r.json()["outcome"] == "stored", r.text


def test_post_html_goes_through_the_html_reader(client):
    html = ("<html><head><title>Protest in Nairobi</title></head><body><article><h1>Protest in "
            "Nairobi</h1><p>Thousands of teachers marched through Nairobi on Monday to demand higher "
            "pay, and police fired tear gas at the protesters near parliament.</p><p>The union said "
            "the strike would continue until the government agreed to talks.</p></article></body></html>")
    r = client.post("/api/articles", params={"published": "2022-03-07", "url": "https://example.org/n"},
                    content=html.encode(), headers={**AUTH, "Content-Type": "text/html; charset=utf-8"})
    assert r.status_code == 201, r.text
    art = client.get(f"/api/articles/{r.json()['article_id']}").json()
    assert art["article"]["published"] == "2022-03-07" and "teachers marched" in art["text"]
    assert art["article"]["url"] == "https://example.org/n"


@pytest.mark.parametrize("headers,status,says", [
    ({}, 401, "Authorization: Bearer"),
    ({"Authorization": "Basic dXNlcjpwdw=="}, 401, "missing API token"),
    ({"Authorization": "Bearer wrong"}, 403, "wrong API token"),
])
def test_post_needs_the_token(client, headers, status, says):
    r = client.post("/api/articles", json=ARTICLE, headers=headers)
    assert r.status_code == status and says in r.json()["detail"]
    if status == 401:
        assert r.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("body,content_type,status,says", [
    (b"{not json", "application/json", 422, "not valid JSON"),
    (b'[{"text": "x"}]', "application/json", 422, "not an object"),
    (b'{"title": "no text"}', "application/json", 422, "'text'"),
    (b'{"text": "Police arrested two men.", "colour": "red"}', "application/json", 422, "colour"),
    (b'{"text": "Police arrested two men.", "published": "last week"}', "application/json", 422, "published"),
    (b"", "application/json", 422, "empty"),
    (b'{"text": "   "}', "application/json", 422, "empty"),
    ('{"text": "La policía detuvo a dos hombres en la capital el martes por la noche, según fuentes oficiales del gobierno."}'.encode(),
     "application/json", 422, "English"),
    (b"text=hello", "application/x-www-form-urlencoded", 415, "application/json"),
    (b"Police arrested two men.", "text/plain", 415, "text/html"),
    (b"{}", "text/html", 422, "not HTML"),
])
def test_bad_bodies_are_clear_4xx(client, body, content_type, status, says):
    r = client.post("/api/articles", content=body, headers={**AUTH, "Content-Type": content_type})
    assert r.status_code == status, r.text
    assert says.casefold() in r.json()["detail"].casefold()


def test_size_limit_by_header_and_by_stream(client):
    big = json.dumps({"text": "word " * LIMIT}).encode()
    r = client.post("/api/articles", content=big, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413 and f"{LIMIT:,}" in r.json()["detail"]

    def chunks():  # no Content-Length: the limit applies while reading
        for _ in range(10):
            yield b"x" * (LIMIT // 4)

    r = client.post("/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "text/html"})
    assert r.status_code == 413 and "limit" in r.json()["detail"]


def test_cursor_pages_are_stable_while_articles_arrive(client):
    first = client.get("/api/events", params={"limit": 50}).json()
    before = client.get("/api/events", params={"limit": 1000}).json()["items"]
    new = dict(ARTICLE, id="api-test-late-arrival", published="1990-01-02",
               text="BAGHDAD, Jan 2 - Gunmen attacked a police station in Baghdad on Tuesday, killing "
                    "three officers, police said.")
    assert client.post("/api/articles", json=new, headers=AUTH).status_code == 201
    seen = [e["event_id"] for e in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get("/api/events", params={"limit": 50, "cursor": cursor}).json()
        seen += [e["event_id"] for e in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)), "no event twice"
    assert {e["event_id"] for e in before} <= set(seen), "no event skipped"


def test_ingest_is_off_without_a_token_and_reads_can_be_protected(db):
    with TestClient(create_app(ApiSettings(db=str(db)))) as c:
        r = c.post("/api/articles", json=ARTICLE, headers=AUTH)
        assert r.status_code == 403 and "--token" in r.json()["detail"]
        assert c.get("/api/health").status_code == 200
    with TestClient(create_app(ApiSettings(db=str(db), token=TOKEN, protect_reads=True))) as c:
        for path in ("/api/health", "/api/events", "/api/aggregates?by=type"):
            assert c.get(path).status_code == 401
            assert c.get(path, headers={"Authorization": "Bearer nope"}).status_code == 403
            assert c.get(path, headers=AUTH).status_code == 200
        assert c.get("/openapi.json").status_code == 200


def test_settings_are_checked():
    with pytest.raises(ConfigError, match="protect-reads"):
        ApiSettings(protect_reads=True)
    with pytest.raises(ConfigError, match="empty"):
        ApiSettings(token=" ")


def test_a_missing_database_fails_at_startup(tmp_path):
    from eventwire.errors import StoreError

    with pytest.raises(StoreError, match="no database"):
        with TestClient(create_app(ApiSettings(db=str(tmp_path / "nope.db")))):
            pass
