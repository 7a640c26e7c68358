"""Feed lists (text, OPML) and feed bodies (RSS, Atom, broken) -> entries."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.errors import EmptyInputError, FeedError, InputError, MalformedInputError
from eventwire.ingest.feeds import parse_feed, read_feed_list

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Wire</title><link>http://news.test/</link>
<item><title>Clashes in Goma</title><link>http://news.test/a/1</link><guid>wire-1</guid>
<pubDate>Tue, 03 Mar 2020 22:30:00 -0500</pubDate></item>
<item><title>Relative</title><link>/a/2</link></item>
<item><title>No link at all</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title><id>urn:feed</id>
<updated>2021-05-01T10:00:00Z</updated>
<entry><title>Strike in Lagos</title><id>urn:e1</id><link rel="alternate" href="http://atom.test/s/1"/>
<updated>2021-05-01T10:00:00Z</updated></entry>
</feed>"""


def test_rss_entries_keep_ids_resolve_links_and_take_utc_dates():
    entries = parse_feed(RSS, "http://news.test/rss.xml")
    assert [(e.key, e.url) for e in entries] == [
        ("http://news.test/wire-1", "http://news.test/a/1"),  # feedparser resolves the guid
        ("http://news.test/a/2", "http://news.test/a/2")]
    assert entries[0].published == dt.date(2020, 3, 4)  # 22:30 -05:00 is the 4th in UTC
    assert entries[0].title == "Clashes in Goma" and entries[0].feed == "http://news.test/rss.xml"


def test_atom_entries():
    (entry,) = parse_feed(ATOM, "http://atom.test/feed")
    assert (entry.key, entry.url, entry.published) == ("urn:e1", "http://atom.test/s/1",
                                                        dt.date(2021, 5, 1))


@pytest.mark.parametrize("body", [b"<rss><channel><item><title>unclosed", b"\x00\x01 not xml",
                                  b"<html><body><p>A home page, not a feed.</p></body></html>"])
def test_broken_or_non_feed_bodies_are_feed_errors_worth_retrying(body):
    with pytest.raises(FeedError) as info:
        parse_feed(body, "http://news.test/broken.xml")
    assert info.value.transient and info.value.code == "EW707"
    assert info.value.url == "http://news.test/broken.xml"


def test_feed_list_from_text_with_comments_and_repeats(tmp_path):
    path = tmp_path / "feeds.txt"
    path.write_text("# wires\nhttp://a.test/rss\n\n  https://b.test/atom#frag  \nhttp://a.test/rss\n")
    assert read_feed_list(path) == ["http://a.test/rss", "https://b.test/atom#frag"]


def test_feed_list_from_opml(tmp_path):
    path = tmp_path / "feeds.opml"
    path.write_text('<?xml version="1.0"?><opml version="2.0"><head/><body>'
                    '<outline text="World"><outline type="rss" xmlUrl="http://a.test/rss"/>'
                    '<outline type="rss" xmlUrl="ftp://nope.test/x"/></outline>'
                    '<outline type="rss" xmlUrl="https://b.test/feed"/></body></opml>')
    assert read_feed_list(path) == ["http://a.test/rss", "https://b.test/feed"]


def test_bad_feed_lists_say_what_to_do(tmp_path):
    bad = tmp_path / "feeds.txt"
    bad.write_text("http://ok.test/rss\nnot a url\n")
    with pytest.raises(MalformedInputError, match="not an http"):
        read_feed_list(bad)
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n")
    with pytest.raises(EmptyInputError):
        read_feed_list(empty)
    broken = tmp_path / "x.opml"
    broken.write_text("<opml><body><outline")
    with pytest.raises(MalformedInputError, match="OPML"):
        read_feed_list(broken)
    with pytest.raises(InputError, match="cannot read"):
        read_feed_list(tmp_path / "missing.txt")
