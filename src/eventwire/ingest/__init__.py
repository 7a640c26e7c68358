"""Read articles from files, directories, globs and stdin: text, HTML, JSON lines, CSV.

``read_inputs`` yields one :class:`~eventwire.model.Article` per article in input order; an input
that cannot be read yields an :class:`~eventwire.errors.InputError` in its place (its message names
the file, line or row and says what to do) and reading goes on.

Every article leaves here with: LF line ends; an ``id`` (the input's, else :func:`content_id`);
``language`` (checked against ``IngestOptions.languages``); ``origin``; and ``published`` from, in
order of trust, the record's own field ("field"), the HTML metadata ("html-meta"), the
``published`` argument ("option"), or a dated wire dateline opening the text ("dateline").
The clock is never a source of dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import Any

from ..config import IngestOptions
from ..errors import EmptyInputError, InputError, MalformedInputError
from ..model import Article
from .checks import check_binary, check_language, check_size, decode_utf8
from .dateline import dateline_date
from .dedup import (
    article_hash,
    band_keys,
    canonical_text,
    content_id,
    near_duplicate_key,
    near_duplicate_similarity,
)
from .html import read_html
from .records import iter_csv, iter_jsonl, parse_published, record_to_article
from .sources import (
    FORMATS,
    Source,
    count_articles,
    expand_inputs,
    format_from_name,
    sniff_format,
)
from .text import read_text

__all__ = [
    "FORMATS",
    "INPUT_FORMATS",
    "article_hash",
    "count_articles",
    "band_keys",
    "canonical_text",
    "content_id",
    "dateline_date",
    "finish_article",
    "near_duplicate_key",
    "near_duplicate_similarity",
    "parse_published",
    "read_bytes",
    "read_inputs",
    "sniff_format",
]

#: What ``input_format`` accepts.
INPUT_FORMATS = ("auto", "text", "html", "jsonl", "csv")


def read_inputs(
    inputs: Sequence[str],
    *,
    input_format: str = "auto",
    published: dt.date | None = None,
    options: IngestOptions | None = None,
    stdin: Any = None,
) -> Iterator[Article | InputError]:
    """Articles (or InputErrors in their place) from files, dirs, globs and '-' (stdin), in order.

    ``input_format`` other than "auto" applies to every input; "auto" goes by extension, then
    sniffs the first bytes. ``published`` is the date for articles that carry none of their own.
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {INPUT_FORMATS}, not {input_format!r}")
    options = options or IngestOptions()
    for source in expand_inputs(inputs, stdin):
        if isinstance(source, InputError):
            yield _self_contained(source)
            continue
        for item in _read_source(source, input_format, published, options):
            yield _self_contained(item) if isinstance(item, InputError) else item


def read_bytes(
    data: bytes,
    *,
    name: str = "<input>",
    input_format: str = "auto",
    published: dt.date | None = None,
    options: IngestOptions | None = None,
) -> Iterator[Article | InputError]:
    """The same as :func:`read_inputs` for bytes already in memory (an upload, a fetched page)."""
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {INPUT_FORMATS}, not {input_format!r}")
    for item in _read_source(
        Source(name=name, data=data), input_format, published, options or IngestOptions()
    ):
        yield _self_contained(item) if isinstance(item, InputError) else item


def _self_contained(error: InputError) -> InputError:
    """The same error with its hint folded into the reason: batch runs report ``reason`` alone."""
    if not error.hint:
        return error
    return type(error)(f"{error.reason}; {error.hint}", origin=error.origin)


def finish_article(article: Article, published: dt.date | None, options: IngestOptions) -> Article:
    """Fill in id, language and published (option, then dateline); raises InputError."""
    origin = article.origin or article.id or "<article>"
    language = check_language(article.text, options, origin, declared=article.language)
    date, source = article.published, article.published_source
    if date is None:
        if published is not None:
            date, source = published, "option"
        else:
            found = dateline_date(article.text)
            if found is not None:
                date, source = found, "dateline"
    return dataclasses.replace(
        article,
        id=article.id or content_id(article),
        language=language,
        published=date,
        published_source=source if date is not None else None,
    )


def _format_of(source: Source, input_format: str) -> str:
    if input_format != "auto":
        return input_format
    by_name = format_from_name(source.name) if source.path is not None else None
    if by_name:
        return by_name
    return sniff_format(source.read(4096))


def _read_source(
    source: Source, input_format: str, published: dt.date | None, options: IngestOptions
) -> Iterator[Article | InputError]:
    try:
        fmt = _format_of(source, input_format)
        if fmt in ("text", "html"):
            items: Iterator[Article | InputError] = iter([_read_document(source, fmt, options)])
        else:
            items = _read_records(source, fmt, options)
        for item in items:
            if isinstance(item, InputError):
                yield item
                continue
            try:
                yield finish_article(item, published, options)
            except InputError as exc:
                yield exc
    except InputError as exc:
        yield exc
    except (OSError, EOFError) as exc:  # unreadable file, broken gzip
        yield InputError(
            f"cannot read: {getattr(exc, 'strerror', None) or exc}",
            origin=source.name,
            hint="check that the file exists, is readable and is not truncated",
        )


def _read_document(source: Source, fmt: str, options: IngestOptions) -> Article:
    size = source.size_on_disk()
    if size is not None:
        check_size(size, options, source.name)  # before reading: a huge file is never loaded
    data = source.read(options.max_bytes + 1)
    if fmt == "html":
        return read_html(data, source.name, options)
    return read_text(data, source.name, options)


def _read_records(
    source: Source, fmt: str, options: IngestOptions
) -> Iterator[Article | InputError]:
    # Record files may be far bigger than one article: max_bytes applies to each record's text.
    check_binary(source.read(4096), source.name)
    if fmt == "jsonl":
        with source.open() as stream:
            yield from iter_jsonl(stream, source.name, options)
    elif fmt == "csv":
        with source.open() as stream:
            yield from iter_csv(stream, source.name, options)
    else:
        yield from _iter_json(source, options)


def _iter_json(source: Source, options: IngestOptions) -> Iterator[Article | InputError]:
    """A JSON array of records (or one record object); origins are ``file:[index]``."""
    text = decode_utf8(source.read(), source.name)
    if not text.strip():
        raise EmptyInputError(
            "file is empty", origin=source.name, hint="add articles or remove the file"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedInputError(
            f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
            origin=source.name,
            hint="fix the JSON, or write one object per line as JSON lines (.jsonl)",
        ) from None
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        origin = f"{source.name}:[{index}]" if isinstance(data, list) else source.name
        if not isinstance(record, dict):
            yield MalformedInputError(
                f"record is a JSON {type(record).__name__}, not an object",
                origin=origin,
                hint='give each article as an object: {"text": "...", "published": "YYYY-MM-DD"}',
            )
            continue
        try:
            yield record_to_article(record, origin, options)
        except InputError as exc:
            yield exc
