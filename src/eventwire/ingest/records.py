"""JSON lines and CSV: one article per line or row, with at least ``text``.

Optional fields: ``id``, ``title``, ``url``, ``source``, ``author``, ``published`` (ISO date or
datetime, or an RFC 2822 feed date), ``language``. Other fields are ignored. Every record's
origin is ``file:LINE`` (for CSV, the line where the row starts), and a bad record is yielded as
an InputError in its place so the rest of the file is still read.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..config import IngestOptions
from ..errors import (
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    MalformedInputError,
)
from ..model import Article
from .checks import check_size, normalise_newlines

#: Record fields copied to the Article as they are (after stripping).
_STRING_FIELDS = ("title", "url", "source", "author")


def parse_published(value: Any, origin: str) -> dt.date | None:
    """A record's ``published`` value as a date: ISO date/datetime or RFC 2822; '' or null -> None.

    A datetime keeps its own calendar day (not converted to UTC): relative dates in the text
    ("yesterday") are written from the publisher's local day.
    """
    if value is None:
        return None
    if isinstance(value, (int, float)) or not isinstance(value, str):
        raise MalformedInputError(
            f"'published' is {value!r}, not a date",
            origin=origin,
            hint="write it as YYYY-MM-DD or an ISO 8601 datetime",
        )
    text = value.strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("z", "Z")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    raise MalformedInputError(
        f"'published' is {value!r}, not a date this reader understands",
        origin=origin,
        hint="write it as YYYY-MM-DD or ISO 8601 (2019-08-21T10:00:00Z), or leave it empty",
    )


def record_to_article(record: dict[str, Any], origin: str, options: IngestOptions) -> Article:
    """One JSON object or CSV row -> Article (published_source 'field' when it has a date).

    The record's ``language`` goes to Article.language unchecked; the caller checks it.
    """
    if "text" not in record or record["text"] is None:
        raise MalformedInputError(
            "record has no 'text' field",
            origin=origin,
            hint="give every record the article body in a 'text' field",
        )
    text = record["text"]
    if not isinstance(text, str):
        raise MalformedInputError(
            f"'text' is a {type(text).__name__}, not a string",
            origin=origin,
            hint="put the article body in 'text' as one string",
        )
    check_size(len(text.encode("utf-8")), options, origin, what="article text")
    text = normalise_newlines(text)
    if not text.strip():
        raise EmptyInputError(
            "'text' is empty", origin=origin, hint="fill in the text or remove the record"
        )
    published = parse_published(record.get("published"), origin)
    fields: dict[str, Any] = {}
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, (dict, list)) and str(value).strip():
            fields[name] = str(value).strip()
    rid = record.get("id")
    if isinstance(rid, (dict, list)):
        raise MalformedInputError(
            f"'id' is a {type(rid).__name__}", origin=origin, hint="make 'id' a string or a number"
        )
    language = record.get("language")
    return Article(
        text=text,
        id=str(rid).strip() if rid is not None and str(rid).strip() else None,
        published=published,
        published_source="field" if published else None,
        language=str(language).strip() if isinstance(language, str) and language.strip() else None,
        origin=origin,
        **fields,
    )


def iter_jsonl(
    lines: Iterable[bytes], name: str, options: IngestOptions
) -> Iterator[Article | InputError]:
    """Articles from JSON lines (bytes, one object per line); blank lines are skipped."""
    for lineno, raw in enumerate(lines, start=1):
        origin = f"{name}:{lineno}"
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield EncodingError(
                f"line is not valid UTF-8 (byte 0x{raw[exc.start : exc.start + 1].hex()} "
                f"at column {exc.start + 1})",
                origin=origin,
                hint="convert the file to UTF-8 (iconv -f <its encoding> -t UTF-8) or fix the line",
            )
            continue
        try:
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield MalformedInputError(
                f"line is not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line",
                origin=origin,
            )
            continue
        except RecursionError:
            yield MalformedInputError(
                "line nests JSON too deeply; fix or remove the line", origin=origin
            )
            continue
        if not isinstance(record, dict):
            yield MalformedInputError(
                f"line is a JSON {type(record).__name__}, not an object",
                origin=origin,
                hint='write one object per line: {"text": "...", "published": "YYYY-MM-DD"}',
            )
            continue
        try:
            yield record_to_article(record, origin, options)
        except InputError as exc:
            yield exc


def iter_csv(
    stream: IO[bytes], name: str, options: IngestOptions
) -> Iterator[Article | InputError]:
    """Articles from a CSV file with a header row naming the columns (``text`` required)."""
    # Rows are decoded as they are read; a bad byte stops the file (the csv parser cannot resync).
    text_stream = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    # The default 128 KiB field limit is below a long article; allow what max_bytes allows.
    if csv.field_size_limit() < options.max_bytes + 1:
        csv.field_size_limit(options.max_bytes + 1)
    try:
        yield from _iter_csv_rows(text_stream, name, options)
    finally:
        # Hand the byte stream back to its owner; closing the wrapper later would close it twice.
        text_stream.detach()


def _iter_csv_rows(
    text_stream: IO[str], name: str, options: IngestOptions
) -> Iterator[Article | InputError]:
    reader = csv.reader(text_stream, strict=True)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as exc:
        yield _csv_error(exc, f"{name}:1")
        return
    if header is None:
        yield EmptyInputError(
            "CSV file is empty", origin=name, hint="add a header row and articles, or remove it"
        )
        return
    columns = [h.strip().lower() for h in header]
    if "text" not in columns:
        yield MalformedInputError(
            f"CSV header has no 'text' column (columns: {', '.join(header) or 'none'})",
            origin=f"{name}:1",
            hint="name the article body column 'text'",
        )
        return
    start = reader.line_num + 1
    while True:
        origin = f"{name}:{start}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            yield _csv_error(exc, origin)
            return
        except csv.Error as exc:
            yield _csv_error(exc, origin)
            start = reader.line_num + 1
            continue
        start = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            yield MalformedInputError(
                f"row has {len(row)} fields but the header has {len(columns)}",
                origin=origin,
                hint="quote fields that contain commas or newlines with double quotes",
            )
            continue
        record = {c: (v if v != "" else None) for c, v in zip(columns, row, strict=True)}
        if record.get("text") is None:
            record["text"] = ""
        try:
            yield record_to_article(record, origin, options)
        except InputError as exc:
            yield exc


def _csv_error(exc: Exception, origin: str) -> InputError:
    if isinstance(exc, UnicodeDecodeError):
        return EncodingError(
            "CSV is not valid UTF-8; the rest of the file was not read",
            origin=origin,
            hint="convert the file to UTF-8 (iconv -f <its encoding> -t UTF-8)",
        )
    message = str(exc)
    if "field larger than field limit" in message:
        return InputTooLargeError(
            "a field is over the size limit",
            origin=origin,
            hint="split the article or raise [ingest] max_bytes in eventwire.toml",
        )
    return MalformedInputError(
        f"row is not valid CSV ({message})",
        origin=origin,
        hint="quote fields that contain commas, quotes or newlines, doubling inner quotes",
    )
