"""Exports of stored events to the formats analysts load, streamed from the store.

    with open_store("eventwire.db", create=False) as store:
        n = export(store, "acled-csv", "events_acled.csv", EventFilter(country="IRQ"))

Formats (``FORMATS``): ``acled-csv`` (ACLED's 31 columns), ``gdelt-tsv`` (GDELT 2.0's 61
event-table columns, no header unless ``header=True``), ``plover-jsonl`` (the PLOVER manual's
field names), ``parquet`` (typed Arrow schema) and ``geojson`` (a FeatureCollection of points).
Rows stream from the store a page at a time and are written as they arrive (UTF-8); ``out`` is
a path or "-" for stdout. A file export appears only once complete (written beside it, then
renamed). Each format module has ``chunks(rows, tally, **options)``, the pieces of the file in
order, which the HTTP API streams as a response body.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..store.protocol import EventFilter, EventRow, Store
from . import acled_csv, gdelt_tsv, geojson, parquet, plover_jsonl
from ._io import Tally, open_output


@dataclass(frozen=True)
class Format:
    """One export format: how to produce it and how to label it."""

    name: str
    chunks: Callable[..., Iterator[Any]]  # (rows, tally, **options) -> str or bytes pieces
    binary: bool
    media_type: str
    suffix: str
    leaves_out: str  # which events the format does not carry ("" = none)
    options: frozenset[str] = frozenset()


#: Format name -> Format. Names match ``eventwire export --format``.
FORMATS: dict[str, Format] = {
    f.name: f for f in (
        Format("acled-csv", acled_csv.chunks, False, "text/csv; charset=utf-8", ".csv",
               "events ACLED does not code (verbal, negated or hypothetical, dated coarser than a month)"),
        Format("gdelt-tsv", gdelt_tsv.chunks, False, "text/tab-separated-values; charset=utf-8", ".tsv",
               "events without a CAMEO code or a date, negated or hypothetical events",
               frozenset({"header"})),
        Format("plover-jsonl", plover_jsonl.chunks, False, "application/x-ndjson; charset=utf-8",
               ".jsonl", ""),
        Format("parquet", parquet.chunks, True, "application/vnd.apache.parquet", ".parquet", ""),
        Format("geojson", geojson.chunks, False, "application/geo+json", ".geojson",
               "events without coordinates"),
    )
}

__all__ = ["FORMATS", "Format", "Tally", "export", "get_format", "run_export", "stream"]


def get_format(fmt: str, options: dict[str, Any] | None = None) -> Format:
    """The Format called ``fmt``; ConfigError naming the choices, or an option the format lacks."""
    spec = FORMATS.get(fmt)
    if spec is None:
        raise ConfigError(f"unknown export format {fmt!r}",
                          hint=f"use one of: {', '.join(sorted(FORMATS))}")
    extra = sorted(k for k, v in (options or {}).items() if v and k not in spec.options)
    if extra:
        raise ConfigError(f"option {extra[0]!r} does not apply to the {fmt} export",
                          hint=f"{extra[0]} is for: "
                          + ", ".join(f.name for f in FORMATS.values() if extra[0] in f.options))
    return spec


def _counted(rows: Iterable[EventRow], tally: Tally) -> Iterator[EventRow]:
    for row in rows:
        tally.read += 1
        yield row


def stream(rows: Iterable[EventRow], fmt: str, tally: Tally | None = None,
           **options: Any) -> Iterator[Any]:
    """The pieces (str, or bytes for binary formats) of ``rows`` exported as ``fmt``, lazily."""
    spec = get_format(fmt, options)
    tally = tally if tally is not None else Tally()
    kwargs = {k: v for k, v in options.items() if k in spec.options}
    return spec.chunks(_counted(rows, tally), tally, **kwargs)


def run_export(store: Store, fmt: str, out: str | Path, filters: EventFilter | None = None,
               **options: Any) -> Tally:
    """Write the events matching ``filters`` to ``out`` ('-' = stdout) as ``fmt``; returns the tally."""
    spec = get_format(fmt, options)
    tally = Tally()
    pieces = stream(store.iter_events(filters or EventFilter()), fmt, tally, **options)
    with open_output(out, binary=spec.binary) as fh:
        for piece in pieces:
            fh.write(piece)
    return tally


def export(store: Store, fmt: str, out: str | Path, filters: EventFilter | None = None,
           **options: Any) -> int:
    """Like ``run_export`` but returns only the number of events written."""
    return run_export(store, fmt, out, filters, **options).written
