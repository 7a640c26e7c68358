"""Batch inputs: files, directories, globs and JSONL/CSV/Parquet shards -> a stream of articles.

Everything but Parquet goes through :func:`eventwire.ingest.read_inputs` (same formats, same
errors, same origins); Parquet shards are read here, a row group at a time, with pyarrow. A
Parquet row is a record like a JSON line: ``text`` required, and ``id``, ``title``, ``url``,
``source``, ``author``, ``published``, ``language`` optional; its origin is ``file:[row]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .config import IngestOptions
from .errors import InputError, MalformedInputError
from .ingest import INPUT_FORMATS, count_articles, finish_article, read_inputs
from .ingest.records import record_to_article
from .ingest.sources import Source, expand_inputs
from .model import Article

#: What ``eventwire batch --input-format`` accepts.
BATCH_INPUT_FORMATS = (*INPUT_FORMATS, "parquet")
PARQUET_SUFFIXES = (".parquet", ".pq")
_PARQUET_MAGIC = b"PAR1"


def is_parquet(source: Source, input_format: str) -> bool:
    """Whether ``source`` is read as Parquet: by --input-format, by extension, or by magic bytes."""
    if input_format != "auto":
        return input_format == "parquet"
    if source.path is None:
        return False
    if source.path.suffix.lower() in PARQUET_SUFFIXES:
        return True
    return source.read(4) == _PARQUET_MAGIC


def read_batch_inputs(
    inputs: Sequence[str],
    *,
    input_format: str = "auto",
    published: dt.date | None = None,
    options: IngestOptions | None = None,
) -> Iterator[Article | InputError]:
    """Articles (or InputErrors in their place) from every input, in order, Parquet included."""
    if input_format not in BATCH_INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {BATCH_INPUT_FORMATS}, not {input_format!r}")
    options = options or IngestOptions()
    other_format = "auto" if input_format == "parquet" else input_format
    for given in inputs:
        if given == "-":  # stdin is never Parquet; read_inputs knows how to read it
            yield from read_inputs(["-"], input_format=other_format, published=published,
                                   options=options)
            continue
        for source in expand_inputs([given]):
            if isinstance(source, InputError):
                yield source if not source.hint else type(source)(
                    f"{source.reason}; {source.hint}", origin=source.origin)
            elif is_parquet(source, input_format):
                yield from _read_parquet(source, published, options)
            else:
                yield from read_inputs([source.name], input_format=other_format,
                                       published=published, options=options)


def count_batch_inputs(inputs: Sequence[str], input_format: str = "auto") -> int | None:
    """A cheap count of the articles in ``inputs`` (Parquet: from its footer), for progress."""
    if "-" in inputs:
        return None
    other_format = "auto" if input_format == "parquet" else input_format
    total = 0
    for given in inputs:
        for source in expand_inputs([given]):
            if isinstance(source, InputError) or source.path is None:
                total += 1
            elif is_parquet(source, input_format):
                total += _parquet_rows(source.path)
            else:
                total += count_articles([source.name], other_format) or 0
    return total


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path).metadata.num_rows
    except Exception:  # noqa: BLE001 - a broken file counts as the one failure it will report
        return 1


def _read_parquet(
    source: Source, published: dt.date | None, options: IngestOptions
) -> Iterator[Article | InputError]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    assert source.path is not None
    try:
        shard = pq.ParquetFile(source.path)
    except (OSError, pa.ArrowException) as exc:
        yield MalformedInputError(
            f"not a readable Parquet file ({exc}); check that it is not truncated, or pass "
            "--input-format for its real format", origin=source.name)
        return
    if "text" not in shard.schema_arrow.names:
        yield MalformedInputError(
            f"Parquet file has no 'text' column (columns: {', '.join(shard.schema_arrow.names)}); "
            "name the article body column 'text'", origin=source.name)
        return
    row = 0
    try:
        # A row group at a time: a shard of any size is never loaded whole.
        for batch in shard.iter_batches(batch_size=1024):
            for record in batch.to_pylist():
                origin = f"{source.name}:[{row}]"
                row += 1
                try:
                    article = record_to_article(_plain_record(record), origin, options)
                    yield finish_article(article, published, options)
                except InputError as exc:
                    yield exc if not exc.hint else type(exc)(f"{exc.reason}; {exc.hint}",
                                                             origin=exc.origin)
    except (OSError, pa.ArrowException) as exc:
        yield MalformedInputError(f"Parquet file is damaged after row {row} ({exc}); the rest "
                                  "of the file was not read", origin=source.name)


def _plain_record(record: dict[str, Any]) -> dict[str, Any]:
    """Parquet's typed values as the JSON-like values the record reader takes (dates as ISO)."""
    out = dict(record)
    value = out.get("published")
    if isinstance(value, (dt.date, dt.datetime)):
        out["published"] = value.isoformat()
    rid = out.get("id")
    if isinstance(rid, (int, float)) and not isinstance(rid, bool):
        out["id"] = str(rid)
    return out
