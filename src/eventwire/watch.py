"""``eventwire watch``: poll RSS/Atom feeds, fetch new article pages politely, code and store them.

Each poll: every feed that is due is fetched with a conditional GET and parsed; entries never
seen before are queued; every queued entry that is due is fetched (``ingest.fetch.Fetcher``),
extracted (trafilatura, via ``ingest.html.read_html``), coded by the pipeline and stored. A
failure is logged with its reason and either retried later with exponential backoff (timeouts,
5xx, broken feeds) or recorded and skipped for good (404, not HTML, too large, robots.txt,
redirect loops, pages without article text); the watcher itself keeps running.

What it has seen (entry ids and URLs, each feed's ETag/Last-Modified, retry times) lives in a
small SQLite state file, so a restarted watcher continues where it stopped. An entry is marked
done only after its article is committed to the store; a crash in between re-fetches it and the
store answers "unchanged".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .batch import Failure, process
from .config import IngestOptions
from .errors import EventwireError, FetchError, InputError, StoreError
from .ingest import article_hash, finish_article
from .ingest.feeds import FeedEntry, parse_feed
from .ingest.fetch import FEED_TYPES, HTML_TYPES, Fetcher
from .ingest.html import read_html
from .model import Article
from .record import to_record

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, failures INTEGER NOT NULL DEFAULT 0,
    next_try REAL NOT NULL DEFAULT 0, last_error TEXT, polled_at TEXT);
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY, url TEXT NOT NULL, feed TEXT NOT NULL, title TEXT, published TEXT,
    status TEXT NOT NULL,              -- pending | done | failed
    attempts INTEGER NOT NULL DEFAULT 0, next_try REAL NOT NULL DEFAULT 0, reason TEXT,
    updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entries_url ON entries (url);
CREATE INDEX IF NOT EXISTS entries_due ON entries (status, next_try);
"""


def _now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def default_state_path(db: str) -> Path:
    """``x.db`` -> ``x.watch.sqlite`` beside it; for a database URL, ./eventwire-watch.sqlite."""
    if "://" in db and not db.startswith("sqlite:///"):
        return Path("eventwire-watch.sqlite")
    path = Path(db.removeprefix("sqlite:///"))
    return path.with_name(path.stem + ".watch.sqlite")


class WatchState:
    """The watcher's memory in one SQLite file: feeds' validators and backoff, entries' status."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=5)
            self.conn.execute("PRAGMA journal_mode = WAL").fetchone()
            self.conn.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"watch state {self.path}: {exc}",
                             hint="pass another --state path, or delete the file to start afresh "
                                  "(every feed entry will then be fetched again)") from None

    def close(self) -> None:
        self.conn.close()

    def feed(self, url: str) -> tuple[str | None, str | None, int, float]:
        row = self.conn.execute("SELECT etag, last_modified, failures, next_try FROM feeds "
                                "WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1], row[2], row[3]) if row else (None, None, 0, 0.0)

    def feed_ok(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.conn.execute(
            "INSERT INTO feeds (url, etag, last_modified, failures, next_try, last_error,"
            " polled_at) VALUES (?, ?, ?, 0, 0, NULL, ?) ON CONFLICT (url) DO UPDATE SET"
            " etag = excluded.etag, last_modified = excluded.last_modified, failures = 0,"
            " next_try = 0, last_error = NULL, polled_at = excluded.polled_at",
            (url, etag, last_modified, _now_iso()))

    def feed_failed(self, url: str, reason: str, next_try: float) -> int:
        self.conn.execute(
            "INSERT INTO feeds (url, failures, next_try, last_error, polled_at)"
            " VALUES (?, 1, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET failures = failures + 1,"
            " next_try = excluded.next_try, last_error = excluded.last_error,"
            " polled_at = excluded.polled_at",
            (url, next_try, reason, _now_iso()))
        return self.feed(url)[2]

    def known(self, entry: FeedEntry) -> bool:
        """Whether this entry (by id) or its page (by URL) was queued before."""
        return self.conn.execute("SELECT 1 FROM entries WHERE key = ? OR url = ? LIMIT 1",
                                 (entry.key, entry.url)).fetchone() is not None

    def add(self, entry: FeedEntry) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO entries (key, url, feed, title, published, status, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 'pending', ?)",
            (entry.key, entry.url, entry.feed, entry.title,
             entry.published.isoformat() if entry.published else None, _now_iso()))

    def due(self, now: float) -> list[tuple[FeedEntry, int]]:
        rows = self.conn.execute(
            "SELECT key, url, feed, title, published, attempts FROM entries"
            " WHERE status = 'pending' AND next_try <= ? ORDER BY next_try, rowid",
            (now,)).fetchall()
        return [(FeedEntry(key=r[0], url=r[1], feed=r[2], title=r[3],
                           published=dt.date.fromisoformat(r[4]) if r[4] else None), r[5])
                for r in rows]

    def finish(self, key: str, status: str, reason: str | None = None) -> None:
        self.conn.execute("UPDATE entries SET status = ?, reason = ?, attempts = attempts + 1,"
                          " updated_at = ? WHERE key = ?", (status, reason, _now_iso(), key))

    def retry_later(self, key: str, reason: str, next_try: float) -> None:
        self.conn.execute("UPDATE entries SET attempts = attempts + 1, next_try = ?, reason = ?,"
                          " updated_at = ? WHERE key = ?", (next_try, reason, _now_iso(), key))

    def counts(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT status, COUNT(*) FROM entries GROUP BY status"))


@dataclass(frozen=True)
class WatchOptions:
    """How often to poll and how long to keep trying."""

    interval: float = 900.0  # seconds between polls
    max_attempts: int = 5  # tries of one page before it is given up
    retry_base: float = 60.0  # seconds before a page's or feed's first retry; doubles each time
    retry_cap: float = 24 * 3600.0
    batch_size: int = 32  # fetched pages coded together


@dataclass
class PollSummary:
    """What one poll did."""

    feeds: int = 0
    feeds_failed: int = 0
    new_entries: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("fetched", "stored", "recoded", "unchanged", "near_duplicates", "retry", "skipped"), 0))

    def line(self) -> str:
        c = self.counts
        return (f"poll: {self.feeds} feed(s) ({self.feeds_failed} failed), {self.new_entries} new "
                f"entr{'y' if self.new_entries == 1 else 'ies'}, {c['fetched']} page(s) fetched, "
                f"{c['stored']} stored, {c['recoded']} re-coded, {c['unchanged']} already stored, "
                f"{c['near_duplicates']} near-duplicate(s) linked, {c['retry']} to retry, "
                f"{c['skipped']} skipped")


class Watcher:
    """Polls ``feeds`` with ``fetcher``, codes with ``pipeline``, writes to ``store`` alone."""

    def __init__(self, feeds: Sequence[str], *, fetcher: Fetcher, state: WatchState, store: Any,
                 pipeline: Any, options: WatchOptions | None = None,
                 ingest: IngestOptions | None = None, log: Callable[[str], None] | None = None,
                 clock: Callable[[], float] = time.time, inputs: Sequence[str] = (),
                 gate: Any = None) -> None:
        self.feeds = list(feeds)
        self.fetcher = fetcher
        self.state = state
        self.store = store
        self.pipeline = pipeline
        self.options = options or WatchOptions()
        self.ingest = ingest or IngestOptions()
        self.log = log or (lambda _msg: None)
        self.clock = clock
        self.inputs = list(inputs) or self.feeds
        #: ``cluster.NearDuplicateGate``: a syndicated copy of a stored article is linked to it,
        #: not coded again (as in ``eventwire run``).
        self.gate = gate
        self._run_id: str | None = None

    def run(self, *, once: bool = False, stop: threading.Event | None = None) -> None:
        """Poll, then wait ``interval`` seconds, until ``stop`` is set (or after one poll)."""
        stop = stop or threading.Event()
        while not stop.is_set():
            try:
                self.log(self.poll().line())
            except StoreError:
                raise  # the database is gone or locked: nothing can be kept, so stop
            except EventwireError as exc:
                if once:
                    raise
                self.log(f"poll failed: error[{exc.code}]: {exc}; next poll in "
                         f"{self.options.interval:g} s")
            if once:
                return
            stop.wait(self.options.interval)

    def poll(self) -> PollSummary:
        """One pass: read every due feed, then fetch, code and store every due entry."""
        summary = PollSummary()
        for url in self.feeds:
            self._poll_feed(url, summary)
        due = self.state.due(self.clock())
        if due:
            self._run_id = self.store.start_run(pipeline_version=self.pipeline.version,
                                                inputs=self.inputs)
            try:
                self._process(due, summary)
            finally:
                self.store.finish_run(self._run_id, summary.counts)
                self._run_id = None
        return summary

    # --- feeds -----------------------------------------------------------------------------

    def _poll_feed(self, url: str, summary: PollSummary) -> None:
        etag, modified, failures, next_try = self.state.feed(url)
        if next_try > self.clock():
            return
        summary.feeds += 1
        try:
            resp = self.fetcher.fetch(url, accept=FEED_TYPES, etag=etag, last_modified=modified)
            if resp.status == 304:
                self.state.feed_ok(url, etag, modified)
                return
            entries = parse_feed(resp.body, resp.url, resp.headers)
        except FetchError as exc:
            summary.feeds_failed += 1
            wait = self._backoff(failures + 1)
            self.state.feed_failed(url, str(exc), self.clock() + wait)
            self.log(f"feed {url}: [{exc.code}] {exc.reason}; next try in {wait:g} s")
            return
        self.state.feed_ok(url, resp.headers.get("etag"), resp.headers.get("last-modified"))
        for entry in entries:
            if not self.state.known(entry):
                self.state.add(entry)
                summary.new_entries += 1

    # --- entries ---------------------------------------------------------------------------

    def _process(self, due: list[tuple[FeedEntry, int]], summary: PollSummary) -> None:
        fetched: list[tuple[FeedEntry, Article]] = []
        linked: list[tuple[FeedEntry, Any]] = []  # near-copies, marked done once coding is over
        orphans: set[str] = set()
        try:
            for entry, attempts in due:
                self._take(entry, attempts, fetched, linked, summary)
                if len(fetched) >= self.options.batch_size:
                    # Code as we go: a long backlog is stored batch by batch, not at the end.
                    orphans |= self._code(fetched, summary)
                    fetched = []
            if fetched:
                orphans |= self._code(fetched, summary)
        finally:
            if self.gate is not None:
                orphans |= {c.article_id for c in self.gate.finish()}
            for entry, copy in linked:
                if copy.article_id in orphans:  # its original was not stored: try again later
                    self.state.retry_later(entry.key, f"its original {copy.original_id} was not "
                                           "stored", self.clock())
                    summary.counts["retry"] += 1
                    continue
                self.state.finish(entry.key, "done", f"near-duplicate of {copy.original_id}")
                summary.counts["near_duplicates"] += 1
                self.log(f"linked {entry.url}: near-duplicate of {copy.original_id} "
                         f"(Jaccard {copy.jaccard}), not coded")

    def _take(self, entry: FeedEntry, attempts: int, fetched: list[tuple[FeedEntry, Article]],
              linked: list[tuple[FeedEntry, Any]], summary: PollSummary) -> None:
        """Fetch one entry's page; queue it for coding, link it as a copy, or record why not."""
        try:
            article = self._fetch_article(entry)
        except FetchError as exc:
            self._failed(entry, attempts, exc.code, exc.reason, exc.transient, summary)
            return
        except InputError as exc:  # fetched, but no article in it (or not English, ...)
            self._failed(entry, attempts, exc.code, exc.reason, False, summary)
            return
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the watcher
            self._failed(entry, attempts, "EW600", f"{type(exc).__name__}: {exc} (a bug "
                         "in eventwire; please report it)", True, summary)
            return
        summary.counts["fetched"] += 1
        digest = article_hash(article)
        if self.store.seen(digest, self.pipeline.version):
            self.state.finish(entry.key, "done", "already stored")
            summary.counts["unchanged"] += 1
            return
        copy = self.gate.check(article) if self.gate is not None else None
        if copy is not None:
            linked.append((entry, copy))
            return
        fetched.append((entry, article))

    def _code(self, fetched: list[tuple[FeedEntry, Article]], summary: PollSummary) -> set[str]:
        """Code and store the fetched articles; returns the ids of copies whose original failed."""
        orphans: set[str] = set()
        results = process([a for _, a in fetched], self.pipeline)
        for (entry, article), result in zip(fetched, results, strict=True):
            if isinstance(result, Failure):
                self._failed(entry, 0, result.code, result.reason, False, summary)
                if self.gate is not None:
                    orphans |= {c.article_id for c in self.gate.failed(article.origin or "")}
                continue
            outcome = self.store.save(to_record(result, self.pipeline.version), result.text,
                                      article_hash(article), self.pipeline.version)
            summary.counts[outcome] = summary.counts.get(outcome, 0) + 1
            self.state.finish(entry.key, "done", outcome)
            if self.gate is not None:
                self.gate.saved(article)
        return orphans

    def _fetch_article(self, entry: FeedEntry) -> Article:
        resp = self.fetcher.fetch(entry.url, accept=HTML_TYPES)
        article = read_html(resp.body, entry.url, self.ingest, url=resp.url)
        if entry.published is not None:
            # The feed's date is the publisher's structured date for this item; the page's may be
            # htmldate's guess from a year in the body text, so the feed's wins.
            article = dataclasses.replace(article, published=entry.published,
                                          published_source="feed")
        if article.title is None and entry.title:
            article = dataclasses.replace(article, title=entry.title)
        return finish_article(article, None, self.ingest)

    def _failed(self, entry: FeedEntry, attempts: int, code: str, reason: str, transient: bool,
                summary: PollSummary) -> None:
        if transient and attempts + 1 < self.options.max_attempts:
            wait = self._backoff(attempts + 1)
            self.state.retry_later(entry.key, f"[{code}] {reason}", self.clock() + wait)
            summary.counts["retry"] += 1
            self.log(f"retry {entry.url} in {wait:g} s (attempt {attempts + 1}/"
                     f"{self.options.max_attempts}): [{code}] {reason}")
            return
        given_up = " (gave up after {} attempts)".format(attempts + 1) if transient else ""
        self.state.finish(entry.key, "failed", f"[{code}] {reason}{given_up}")
        summary.counts["skipped"] += 1
        self.log(f"skip {entry.url}: [{code}] {reason}{given_up}")
        try:
            self.store.record_failure(self._run_id, entry.url, code, reason + given_up)
        except EventwireError as exc:  # the failure list is a convenience: never stop for it
            self.log(f"could not record the failure in the store: {exc}")

    def _backoff(self, failures: int) -> float:
        return min(self.options.retry_base * 2 ** (failures - 1), self.options.retry_cap)
