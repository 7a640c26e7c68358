"""The watcher against feeds and pages served by a local HTTP server (http.server in a thread):
valid RSS and Atom, a broken feed, a redirect loop, a slow page, huge pages, a PDF, 404 and 500
answers, robots.txt, a page without article text. Each is logged with its reason and retried or
skipped; the watcher keeps going; a restarted watcher keeps its state and sends conditional GETs.

The pipeline is a fake (no spaCy) so the HTTP side stays fast; tests/integration/test_watch_cli.py
runs the real one."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eventwire.ingest.fetch import FetchOptions, Fetcher
from eventwire.model import Document
from eventwire.store import open_store
from eventwire.watch import Watcher, WatchOptions, WatchState, default_state_path

PARAGRAPHS = [
    "Police in the northern city fired tear gas on Tuesday to disperse several hundred "
    "protesters who had gathered outside the provincial governor's office, witnesses said.",
    "The demonstrators were demanding the release of a local journalist who was arrested last "
    "week after publishing a report about corruption in the regional water authority.",
    "A spokesman for the provincial police said officers had acted with restraint and that "
    "eleven people were detained for questioning. Two officers were treated for minor injuries.",
]


def article_html(title: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>{title}</title><meta property='article:published_time' "
            f"content='2024-03-05'></head><body><nav>Home | World</nav><article><h1>{title}</h1>"
            f"{body}<p>{title} was reported by our correspondent.</p></article>"
            "<footer>Copyright</footer></body></html>").encode()


class FakePipeline:
    version = "fake-watch-1"

    def pipe_documents(self, docs):
        return [dataclasses.replace(d) for d in docs]

    def run(self, doc):
        return self.pipe_documents([doc if isinstance(doc, Document) else Document(article=doc)])[0]


class Site:
    """Routes of the local server; ``hits`` counts requests per path, ``conditional`` 304s sent."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.conditional = 0
        self.flaky_failures = 2  # /a/flaky answers 500 this many times, then the page
        self.base = ""

    def rss(self) -> bytes:
        items = ["good1", "slow", "huge", "huge-chunked", "report.pdf", "missing", "flaky", "loop",
                 "empty"]
        xml = "".join(f"<item><title>{i}</title><link>{self.base}/a/{i}</link>"
                      f"<guid>rss-{i}</guid><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
                      for i in items)
        xml += f"<item><title>secret</title><link>{self.base}/private/secret</link></item>"
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{xml}</channel></rss>'.encode()

    def atom(self) -> bytes:
        return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>A</title><id>urn:a</id><updated>2024-03-05T00:00:00Z</updated>"
                f'<entry><title>good2</title><id>urn:good2</id><link href="{self.base}/b/good2"/>'
                f"<updated>2024-03-05T00:00:00Z</updated></entry>"
                # the same page as an RSS item: fetched once
                f'<entry><title>again</title><id>urn:again</id><link href="{self.base}/a/good1"/>'
                f"<updated>2024-03-05T00:00:00Z</updated></entry></feed>").encode()


def make_handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def send(self, status, ctype="text/html; charset=utf-8", body=b"", headers=None,
                 length=True):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802 - http.server's name
            path = self.path
            site.hits[path] += 1
            try:
                self.route(path)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the slow page): expected

        def route(self, path):
            if path == "/robots.txt":
                self.send(200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
            elif path == "/rss.xml":
                if self.headers.get("If-None-Match") == '"rss-v1"':
                    site.conditional += 1
                    self.send(304, body=b"")
                else:
                    self.send(200, "application/rss+xml", site.rss(), {"ETag": '"rss-v1"'})
            elif path == "/atom.xml":
                self.send(200, "application/atom+xml", site.atom(),
                          {"Last-Modified": "Tue, 05 Mar 2024 00:00:00 GMT"})
            elif path == "/broken.xml":
                self.send(200, "application/rss+xml", b"<rss><channel><item><title>oops")
            elif path in ("/a/good1", "/b/good2"):
                self.send(200, body=article_html(path.rsplit("/", 1)[-1]))
            elif path == "/a/slow":
                time.sleep(1.2)
                self.send(200, body=article_html("slow"))
            elif path == "/a/huge":
                self.send(200, body=b"<html><body>" + b"<p>word</p>" * 30000 + b"</body></html>")
            elif path == "/a/huge-chunked":  # no Content-Length: the cap must bite while reading
                self.send(200, body=b"<html><body>" + b"<p>word</p>" * 30000, length=False)
            elif path == "/a/report.pdf":
                self.send(200, "application/pdf", b"%PDF-1.4 not a page")
            elif path == "/a/flaky":
                if site.flaky_failures > 0:
                    site.flaky_failures -= 1
                    self.send(500, body=b"oops")
                else:
                    self.send(200, body=article_html("flaky"))
            elif path == "/a/loop":
                self.send(302, headers={"Location": "/a/loop2"})
            elif path == "/a/loop2":
                self.send(302, headers={"Location": "/a/loop"})
            elif path == "/copies.xml":
                self.send(200, "application/rss+xml", (
                    f'<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>'
                    f"<item><title>orig</title><link>{site.base}/b/good2</link></item>"
                    f"<item><title>copy</title><link>{site.base}/c/syndicated</link></item>"
                    f"</channel></rss>").encode())
            elif path == "/c/syndicated":  # the same story as /b/good2 with a credit line
                self.send(200, body=article_html("good2").replace(
                    b"</article>", b"<p>Reporting by wire staff.</p></article>"))
            elif path == "/a/trickle":  # every read is quick, the whole answer is slow
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(12):
                    self.wfile.write(b"<p>" + b"x" * 70000 + b"</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            elif path == "/a/empty":
                self.send(200, body=b"<html><body><script>app()</script></body></html>")
            else:
                self.send(404, body=b"not found")

    return Handler


@pytest.fixture
def site():
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(s))
    server.daemon_threads = True
    server.handle_error = lambda *a: None  # a client that hung up is not a test failure
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield s
    server.shutdown()
    server.server_close()


def make_watcher(site, tmp_path, log):
    feeds = [f"{site.base}/rss.xml", f"{site.base}/atom.xml", f"{site.base}/broken.xml",
             f"{site.base}/nofeed.xml"]
    fetcher = Fetcher(options=FetchOptions(timeout=0.4, total_timeout=3, min_interval=0,
                                           retries=1, backoff=0.01, max_bytes=200_000), log=log.append)
    store = open_store(tmp_path / "ew.db")
    state = WatchState(default_state_path(str(tmp_path / "ew.db")))
    watcher = Watcher(feeds, fetcher=fetcher, state=state, store=store, pipeline=FakePipeline(),
                      options=WatchOptions(retry_base=0.0, max_attempts=3), log=log.append)
    return watcher, store, state


def test_watcher_stores_good_pages_logs_every_bad_one_and_resumes_from_its_state(site, tmp_path):
    log: list[str] = []
    watcher, store, state = make_watcher(site, tmp_path, log)
    first = watcher.poll()
    text = "\n".join(log)
    assert first.feeds == 4 and first.feeds_failed == 2
    assert first.new_entries == 11  # 10 RSS items + good2; the Atom copy of good1 is known by URL
    assert first.counts["stored"] == 2
    ids = {a.url: a for a in store.articles()}
    assert set(ids) == {f"{site.base}/a/good1", f"{site.base}/b/good2"}
    assert ids[f"{site.base}/a/good1"].published == "2024-03-05"
    # Every refusal is logged with its reason.
    for expected in [
        f"feed {site.base}/broken.xml: [EW707] not a readable RSS/Atom feed",
        f"feed {site.base}/nofeed.xml: [EW701] HTTP 404",
        f"retry {site.base}/a/slow in 0 s (attempt 1/3): [EW702]",
        f"retry {site.base}/a/flaky in 0 s (attempt 1/3): [EW701] HTTP 500",
        f"skip {site.base}/a/huge: [EW704] response is ",
        f"skip {site.base}/a/huge-chunked: [EW704] response is more",
        f"skip {site.base}/a/report.pdf: [EW705] content type 'application/pdf' is not one of",
        f"skip {site.base}/a/missing: [EW701] HTTP 404",
        f"skip {site.base}/a/loop: [EW706] redirect loop: {site.base}/a/loop -> {site.base}/a/loop2"
        f" -> {site.base}/a/loop",
        f"skip {site.base}/private/secret: [EW703] robots.txt disallows it",
        f"skip {site.base}/a/empty: [EW401] no article text found",
    ]:
        assert expected in text, expected
    assert site.hits["/private/secret"] == 0
    assert site.hits["/robots.txt"] == 1
    failures = {f.origin: f.code for f in store.failures()}
    assert failures[f"{site.base}/a/report.pdf"] == "EW705"
    assert len(failures) == 7
    store.close()
    state.close()

    # A restarted watcher: the RSS feed is asked conditionally (304), done pages are not fetched
    # again, the flaky page now answers and is stored, the slow one is retried once more.
    log.clear()
    watcher, store, state = make_watcher(site, tmp_path, log)
    second = watcher.poll()
    assert site.conditional == 1
    assert second.new_entries == 0
    assert second.counts["stored"] == 1
    assert f"{site.base}/a/flaky" in {a.url for a in store.articles()}
    assert site.hits["/a/good1"] == 1 and site.hits["/a/report.pdf"] == 1
    assert f"retry {site.base}/a/slow in 0 s (attempt 2/3)" in "\n".join(log)
    # Third time the slow page is given up, and the watcher still answers.
    log.clear()
    third = watcher.poll()
    assert third.counts["skipped"] == 1
    assert f"skip {site.base}/a/slow: [EW702]" in "\n".join(log)
    assert "gave up after 3 attempts" in "\n".join(log)
    assert state.counts() == {"done": 3, "failed": 8}
    store.close()
    state.close()


def test_run_once_logs_a_summary_line(site, tmp_path):
    log: list[str] = []
    watcher, store, state = make_watcher(site, tmp_path, log)
    watcher.feeds = [f"{site.base}/atom.xml"]
    watcher.run(once=True)
    assert log[-1].startswith("poll: 1 feed(s) (0 failed), 2 new entries, 2 page(s) fetched, "
                              "2 stored")
    store.close()
    state.close()


def test_state_path_sits_beside_the_database(tmp_path):
    assert default_state_path(str(tmp_path / "x.db")) == tmp_path / "x.watch.sqlite"
    assert str(default_state_path("postgresql://u@h/db")) == "eventwire-watch.sqlite"


def test_an_article_already_in_the_store_is_not_coded_again(site, tmp_path):
    from eventwire.ingest.html import read_html
    from eventwire.ingest import article_hash
    from eventwire.record import to_record
    from eventwire.config import IngestOptions

    pre = read_html(article_html("good2"), "x", IngestOptions())
    with open_store(tmp_path / "ew.db") as store:
        store.save(to_record(Document(article=dataclasses.replace(pre, id="pre")), "fake-watch-1"),
                   pre.text, article_hash(pre), "fake-watch-1")
    log: list[str] = []
    watcher, store, state = make_watcher(site, tmp_path, log)
    watcher.feeds = [f"{site.base}/atom.xml"]
    summary = watcher.poll()
    assert summary.counts["unchanged"] == 1 and summary.counts["stored"] == 1
    store.close()
    state.close()


def test_the_watch_loop_keeps_polling_through_errors_until_stopped(site, tmp_path):
    stop = threading.Event()
    polls: list[str] = []

    def log(message: str) -> None:
        if message.startswith("poll:"):
            polls.append(message)
            if len(polls) == 3:
                stop.set()

    watcher, store, state = make_watcher(site, tmp_path, [])
    watcher.log = log
    watcher.feeds = [f"{site.base}/broken.xml", f"{site.base}/atom.xml"]
    watcher.options = WatchOptions(interval=0.01, retry_base=0.0)
    watcher.run(stop=stop)
    assert len(polls) == 3
    assert polls[0].startswith("poll: 2 feed(s) (1 failed), 2 new entries")
    assert polls[2].startswith("poll: 2 feed(s) (1 failed), 0 new entries")
    assert site.hits["/broken.xml"] == 3 and site.hits["/a/good1"] == 1
    store.close()
    state.close()


def test_a_syndicated_copy_is_linked_to_its_original_not_coded(site, tmp_path):
    from eventwire.cluster import NearDuplicateGate

    log: list[str] = []
    watcher, store, state = make_watcher(site, tmp_path, log)
    watcher.feeds = [f"{site.base}/copies.xml"]
    watcher.gate = NearDuplicateGate.open(store)
    summary = watcher.poll()
    assert (summary.counts["stored"], summary.counts["near_duplicates"]) == (1, 1)
    assert [a.url for a in store.articles()] == [f"{site.base}/b/good2"]
    assert any(line.startswith(f"linked {site.base}/c/syndicated: near-duplicate of ")
               for line in log)
    assert state.counts() == {"done": 2}
    store.close()
    state.close()


def test_a_response_that_trickles_past_the_total_deadline_is_cut_off(site):
    from eventwire.errors import FetchTimeoutError

    fetcher = Fetcher(options=FetchOptions(timeout=1.0, total_timeout=0.3, min_interval=0,
                                           retries=0, max_bytes=10_000_000))
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match="took longer than 0.3 s") as info:
        fetcher.fetch(f"{site.base}/a/trickle")
    assert info.value.transient
    assert time.monotonic() - started < 1.0  # not the 1.2 s the server would take


def test_a_backlog_is_coded_batch_by_batch(site, tmp_path):
    log: list[str] = []
    watcher, store, state = make_watcher(site, tmp_path, log)
    watcher.feeds = [f"{site.base}/atom.xml", f"{site.base}/copies.xml"]
    watcher.options = WatchOptions(batch_size=1, retry_base=0.0)
    coded: list[int] = []
    original = watcher._code
    watcher._code = lambda fetched, summary: coded.append(len(fetched)) or original(fetched, summary)
    summary = watcher.poll()
    # good2, good1 (from the Atom feed) and the syndicated page, one batch each; without a gate
    # the copy is coded like any page.
    assert coded == [1, 1, 1]
    assert summary.counts["stored"] == 3
    store.close()
    state.close()
