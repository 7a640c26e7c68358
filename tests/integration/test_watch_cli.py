"""`eventwire watch --once` with the real pipeline against a feed served on localhost: the page is
fetched, extracted, coded and stored; a second run finds nothing new and asks conditionally."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import cli
from eventwire.store import open_store

pytestmark = pytest.mark.integration

SEED = json.loads((Path(__file__).resolve().parents[2] / "samples" / "seed-article.jsonl").read_text())


def page() -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in SEED["text"].split("\n") if p.strip())
    return (f"<html><head><title>{SEED.get('title') or 'Report'}</title></head><body><article>"
            f"{paragraphs}</article></body></html>").encode()


@pytest.fixture
def server():
    hits: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            hits[self.path] = hits.get(self.path, 0) + 1
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/feed.xml":
                if self.headers.get("If-None-Match") == '"f1"':
                    self.send_response(304)
                    self.end_headers()
                    return
                body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
                        f"<item><title>Seed</title><link>{base}/story</link>"
                        f"<pubDate>{'Wed, 21 Aug 2019 12:00:00 GMT'}</pubDate></item>"
                        f"</channel></rss>").encode()
                ctype, extra = "application/rss+xml", {"ETag": '"f1"'}
            elif self.path == "/story":
                body, ctype, extra = page(), "text/html; charset=utf-8", {}
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in extra.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", hits
    srv.shutdown()
    srv.server_close()


def test_watch_once_fetches_codes_and_stores_then_finds_nothing_new(server, tmp_path):
    base, hits = server
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test feed\n{base}/feed.xml\n")
    db = tmp_path / "ew.db"
    args = ["watch", str(feeds), "--once", "--db", str(db), "--host-interval", "0"]
    first = CliRunner(mix_stderr=False).invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == 0, first.stderr
    assert "1 new entry, 1 page(s) fetched, 1 stored" in first.stderr
    assert (tmp_path / "ew.watch.sqlite").exists()
    with open_store(db, create=False) as store:
        (article,) = store.articles()
        assert article.url == f"{base}/story"
        assert article.published == "2019-08-21"
        events = store.events()
    assert any(e.type == "ASSAULT" for e in events)
    second = CliRunner(mix_stderr=False).invoke(cli, args, catch_exceptions=False)
    assert second.exit_code == 0, second.stderr
    assert "0 new entries, 0 page(s) fetched" in second.stderr
    assert hits["/story"] == 1 and hits["/feed.xml"] == 2
