"""Exports of stored events to the formats analysts load: PLOVER JSONL and ACLED-style CSV.

    with open_store("eventwire.db", create=False) as store:
        n = export(store, "acled-csv", "events_acled.csv", EventFilter(country="IRQ"))

Rows stream from the store a page at a time and are written as they arrive (UTF-8); ``out`` is
a path or "-" for stdout. A file export appears only once complete (written beside it, then
renamed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from ..errors import ConfigError
from ..store.protocol import EventFilter, EventRow, Store
from . import acled_csv, plover_jsonl
from ._io import open_output

Writer = Callable[[Iterable[EventRow], IO[str]], int]

#: Format name -> writer. Names match ``eventwire export --format``.
FORMATS: dict[str, Writer] = {
    "plover-jsonl": plover_jsonl.write,
    "acled-csv": acled_csv.write,
}

__all__ = ["FORMATS", "export"]


def export(store: Store, fmt: str, out: str | Path, filters: EventFilter | None = None) -> int:
    """Write the events matching ``filters`` to ``out`` ('-' = stdout) as ``fmt``; returns events written."""
    writer = FORMATS.get(fmt)
    if writer is None:
        raise ConfigError(f"unknown export format {fmt!r}",
                          hint=f"use one of: {', '.join(sorted(FORMATS))}")
    with open_output(out) as fh:
        return writer(store.iter_events(filters or EventFilter()), fh)
