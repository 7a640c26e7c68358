"""HTML pages: article text and metadata (title, author, site, date, canonical URL) by trafilatura.

The date comes from trafilatura's metadata, which runs htmldate over meta tags, structured data,
the URL and the page; the page's file date (the clock) is never used.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re

from ..config import IngestOptions
from ..errors import EmptyInputError, EncodingError, MalformedInputError
from ..model import Article
from .checks import check_binary, check_size, decode_utf8, normalise_newlines


def read_html(data: bytes, origin: str, options: IngestOptions, url: str | None = None) -> Article:
    """One article from the bytes of an HTML page; raises the InputError that says what is wrong."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    check_size(len(data), options, origin)
    check_binary(data, origin)
    html = _decode(data, origin)
    if trafilatura.load_html(html) is None:
        # trafilatura refuses fragments without an <html> root; a saved fragment is still HTML.
        html = f"<html><body>{html}</body></html>"
    if trafilatura.load_html(html) is None:
        raise MalformedInputError(
            "could not be parsed as HTML",
            origin=origin,
            hint="check that it is an HTML page, or pass --input-format text",
        )
    extracted = None
    # Precision first; then recall, which keeps short pages the default settings drop.
    for favor_recall in (False, True):
        extracted = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            favor_recall=favor_recall,
        )
        if extracted is not None and (extracted.text or "").strip():
            break
    if extracted is None or not (extracted.text or "").strip():
        raise EmptyInputError(
            "no article text found in the HTML page",
            origin=origin,
            hint="check that the page holds the article itself (not a script-rendered shell), "
            "or save the article text as a .txt file",
        )
    published = _date(extracted.date)
    return Article(
        text=_paragraphs(extracted.text),
        title=_clean(extracted.title),
        url=_clean(extracted.url) or url,
        source=_clean(extracted.sitename) or _clean(extracted.hostname),
        author=_clean(extracted.author),
        published=published,
        published_source="html-meta" if published else None,
        origin=origin,
    )


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)


def _decode(data: bytes, origin: str) -> str:
    """UTF-8, else the charset the page declares in a <meta> tag (strictly), else EncodingError."""
    try:
        return decode_utf8(data, origin, guess=False)
    except EncodingError:
        m = _META_CHARSET.search(data[:4096])
        if m:
            try:
                name = codecs.lookup(m.group(1).decode("ascii")).name
                if name != "utf-8":
                    return data.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass
        return decode_utf8(data, origin)


def _paragraphs(text: str) -> str:
    # trafilatura joins blocks with one newline; a blank line between paragraphs keeps a
    # headline or list item from running into the next sentence when the text is segmented.
    lines = [line.strip() for line in normalise_newlines(text).split("\n")]
    return "\n\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
