"""GeoJSON (RFC 7946): a FeatureCollection of Point features, one per located event.

Each feature's ``id`` is the event id, its geometry ``[lon, lat]`` (WGS 84) and its properties
the event's row (``EventRow.as_dict()``, every key of ``GET /api/events`` but ``lat``/``lon``).
Events without coordinates are left out and counted in the collection's foreign member
``"eventwire": {"events_without_coordinates": n}``, written after the features (the count is
known only at the end of the stream). The document is streamed one feature at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..store.protocol import EventRow
from ._io import Tally

_HEAD = '{"type":"FeatureCollection","features":[\n'


def feature(row: EventRow) -> dict[str, Any] | None:
    """The GeoJSON Feature of one event, or None when it has no coordinates."""
    if row.lat is None or row.lon is None:
        return None
    props = row.as_dict()
    props.pop("lat", None)
    props.pop("lon", None)
    return {"type": "Feature", "id": row.event_id,
            "geometry": {"type": "Point", "coordinates": [row.lon, row.lat]},
            "properties": props}


def chunks(rows: Iterable[EventRow], tally: Tally | None = None) -> Iterator[str]:
    """The FeatureCollection in pieces: head, one feature per located row as it arrives, tail."""
    yield _HEAD
    written = skipped = 0
    for row in rows:
        feat = feature(row)
        if feat is None:
            skipped += 1
            continue
        yield ("" if written == 0 else ",\n") + json.dumps(feat, ensure_ascii=False,
                                                           separators=(",", ":"))
        written += 1
        if tally is not None:
            tally.written += 1
    yield '\n],"eventwire":' + json.dumps({"events_without_coordinates": skipped}) + "}\n"


def write(rows: Iterable[EventRow], out: IO[str]) -> int:
    """Write the FeatureCollection as rows arrive; returns the number of features written."""
    tally = Tally()
    for chunk in chunks(rows, tally):
        out.write(chunk)
    return tally.written
