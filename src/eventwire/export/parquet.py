"""Parquet via pyarrow: one row per event with a typed schema (``SCHEMA``), written in row groups.

Columns are the keys of ``GET /api/events`` with Arrow types: lists for the multi-valued
columns (mode, actor, status, ...), ``date32`` for ``date_start``/``date_end``, a UTC
timestamp for ``coded_at``, integers for counts and precisions; ``date`` keeps the coded TIMEX
value as text ("2019-W33") and ``published`` the article's date as stored. Two JSON text
columns make the file lossless: ``record_json`` (the event's output-contract record) and
``claims_json`` (the claim records about it). Rows are buffered ``ROW_GROUP`` at a time, so
memory stays flat for exports of any size.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..store.protocol import EventRow
from ._io import Tally

ROW_GROUP = 2000

_S, _LS = pa.string(), pa.list_(pa.string())
SCHEMA = pa.schema([
    ("event_id", _S), ("article_id", _S), ("seq", pa.int32()), ("type", _S), ("mode", _LS),
    ("context", _LS), ("actor", _LS), ("actor_code", _LS), ("recipient", _LS), ("recipient_code", _LS),
    ("date", _S), ("date_precision", _S), ("date_start", pa.date32()), ("date_end", pa.date32()),
    ("place", _S), ("country", _S), ("admin1", _S), ("lat", pa.float64()), ("lon", pa.float64()),
    ("geo_precision", pa.int8()), ("geo_score", pa.float64()), ("dead", pa.int32()), ("injured", pa.int32()),
    ("arrested", pa.int32()), ("status", _LS), ("confidence", pa.float64()), ("cameo", _S),
    ("quad_class", pa.int8()), ("acled_event_type", _S), ("acled_sub_event_type", _S),
    ("event_text", _S), ("url", _S), ("title", _S), ("source", _S), ("published", _S),
    ("language", _S), ("pipeline_version", _S), ("coded_at", pa.timestamp("ms", tz="UTC")),
    ("record_json", _S), ("claims_json", _S),
])


def _date(value: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(value) if value else None


def _time(value: str | None) -> _dt.datetime | None:
    if not value:
        return None
    t = _dt.datetime.fromisoformat(value)
    return t if t.tzinfo else t.replace(tzinfo=_dt.timezone.utc)


def parquet_row(row: EventRow) -> dict[str, Any]:
    """One event as a dict matching ``SCHEMA``."""
    out = row.as_dict()
    out["context"] = list(row.record.get("context") or [])
    out["date_start"] = _date(row.date_start)
    out["date_end"] = _date(row.date_end)
    out["coded_at"] = _time(row.coded_at)
    out["record_json"] = json.dumps(dict(row.record), ensure_ascii=False)
    out["claims_json"] = json.dumps([dict(c) for c in row.claims], ensure_ascii=False)
    return out


class _Sink:
    """A write-only file object that hands its bytes out as they come (for streamed responses)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._pos = 0
        self.closed = False

    def write(self, data: Any) -> int:
        b = bytes(data)
        self._parts.append(b)
        self._pos += len(b)
        return len(b)

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def chunks(rows: Iterable[EventRow], tally: Tally | None = None) -> Iterator[bytes]:
    """The Parquet file's bytes, a row group at a time as rows arrive (the footer comes last)."""
    sink = _Sink()
    with pq.ParquetWriter(sink, SCHEMA, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        n = 0
        for row in rows:
            batch.append(parquet_row(row))
            n += 1
            if tally is not None:
                tally.written += 1
            if len(batch) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
                batch = []
                yield sink.take()
        if batch or n == 0:
            # An empty export is still a valid file with the schema.
            writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
    yield sink.take()


def write(rows: Iterable[EventRow], out: IO[bytes]) -> int:
    """Write the Parquet file to a binary stream as rows arrive; returns rows written."""
    tally = Tally()
    for chunk in chunks(rows, tally):
        out.write(chunk)
    return tally.written
