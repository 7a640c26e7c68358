"""Feeds: the list of feeds to watch (a text file or OPML) and their entries (RSS/Atom, feedparser).

A feed list is a text file with one feed URL per line (blank lines and ``#`` comments skipped)
or an OPML file whose ``<outline xmlUrl=...>`` elements name the feeds. A feed body is parsed
by feedparser, which reads RSS 0.9x/1.0/2.0 and Atom and tolerates small breakage; a body that
yields no entries and is flagged malformed is a :class:`~eventwire.errors.FeedError`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..errors import EmptyInputError, FeedError, InputError, MalformedInputError


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: a stable key (the entry id, else its link) and the page to fetch."""

    key: str
    url: str
    feed: str
    title: str | None = None
    published: dt.date | None = None


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs from a text file (one per line) or an OPML file, in order, without repeats."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the feed list: {exc.strerror or exc}", origin=str(path),
                         hint="give a text file with one feed URL per line, or an OPML file"
                         ) from None
    head = data.lstrip()[:200].lower()
    if p.suffix.lower() in (".opml", ".xml") or head.startswith((b"<?xml", b"<opml")):
        urls = _opml_urls(data, str(path))
    else:
        urls = _text_urls(data, str(path))
    if not urls:
        raise EmptyInputError("the feed list names no feeds", origin=str(path),
                              hint="add one http(s) feed URL per line")
    return list(dict.fromkeys(urls))


def _text_urls(data: bytes, origin: str) -> list[str]:
    urls = []
    for lineno, raw in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):  # whole-line comments only: URLs may hold '#'
            continue
        if urlsplit(line).scheme not in ("http", "https") or not urlsplit(line).netloc:
            raise MalformedInputError(f"{line!r} is not an http(s) URL",
                                      origin=f"{origin}:{lineno}",
                                      hint="write one feed URL per line; start comments with #")
        urls.append(line)
    return urls


def _opml_urls(data: bytes, origin: str) -> list[str]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise MalformedInputError(f"not valid OPML/XML ({exc})", origin=origin,
                                  hint="fix the file, or list one feed URL per line in a .txt "
                                       "file") from None
    urls = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and urlsplit(url).scheme in ("http", "https"):
            urls.append(url)
    return urls


def parse_feed(body: bytes, feed_url: str,
               headers: Mapping[str, str] | None = None) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed body; raises FeedError if it is not a readable feed."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": feed_url,
                                                      **dict(headers or {})})
    if not parsed.get("version") and not parsed.entries:
        raise FeedError("not an RSS/Atom feed (no channel or feed element)", url=feed_url,
                        hint="check that the URL is the feed itself, not the site's home page")
    entries = []
    for e in parsed.entries:
        link = _entry_link(e, feed_url)
        if not link:
            continue
        key = (e.get("id") or e.get("guid") or link).strip()
        entries.append(FeedEntry(key=key, url=link, feed=feed_url,
                                 title=(e.get("title") or "").strip() or None,
                                 published=_entry_date(e)))
    if parsed.bozo and not entries:
        # Broken XML that still gave usable entries is accepted (feedparser is lenient on
        # purpose); broken XML that gave nothing is an error worth retrying.
        exc = parsed.get("bozo_exception")
        raise FeedError(f"not a readable RSS/Atom feed ({type(exc).__name__}: {str(exc)[:160]})",
                        url=feed_url, hint="check the feed URL in a browser; it is retried on "
                                           "the next poll")
    return entries


def _entry_link(entry: Mapping, feed_url: str) -> str | None:
    link = (entry.get("link") or "").strip()
    if not link:
        for candidate in entry.get("links") or []:
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"].strip()
                break
    if not link:
        return None
    link = urljoin(feed_url, link)
    return link if urlsplit(link).scheme in ("http", "https") else None


def _entry_date(entry: Mapping) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    # feedparser gives UTC struct_time; keep the UTC calendar day.
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.timezone.utc).date()
