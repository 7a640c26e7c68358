"""One canonical event per happening: its sources, report dates, best fields and the disagreements.

``canonical(cluster_id, mentions, copies)`` returns a JSON-ready dict (the export form):

    {id, event_type, types: {TYPE: n}, mode, date: {value, precision, start, end},
     location: {place, geonameid, lat, lon, country_code, admin1, precision},
     actors: [{name, code, sector, sources}], recipients: [...],
     size: {dead|injured|arrested: {value, min, max, by_source: {article_id: n}}},
     status, source_count, report_count, event_count, first_report, last_report,
     sources: [{article_id, event_ids, title, url, source, published}],
     copies: [{article_id, original_id, jaccard, url, source, published}],
     disagreements: {field: what each source says}}

The best value of a field comes from the most precise member (town before region, day before
month), then the most frequent. Counts that differ are never averaged: ``value`` is the most
recent report's (tolls grow as bodies are found), next to ``min``, ``max`` and every source's own.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..model import DATE_PRECISIONS
from .mention import Mention

SIZE_FIELDS = ("dead", "injured", "arrested")


def _iso(d: _dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _precision_rank(p: str | None) -> int:
    return DATE_PRECISIONS.index(p) if p in DATE_PRECISIONS else len(DATE_PRECISIONS)


def _best_date(ms: Sequence[Mention]) -> dict[str, Any] | None:
    dated = [m for m in ms if m.date_start is not None]
    if not dated:
        return None
    # Prefer a date the text states over one inferred from publication, then the finest precision,
    # then the most reported value, then the earliest report.
    votes = Counter(m.date_value for m in dated)
    best = min(
        dated,
        key=lambda m: (
            not m.date_from_text,
            _precision_rank(m.date_precision),
            -votes[m.date_value],
            m.order,
        ),
    )
    return {
        "value": best.date_value,
        "precision": best.date_precision,
        "start": _iso(best.date_start),
        "end": _iso(best.date_end or best.date_start),
        "source": "text" if best.date_from_text else "publication",
        "earliest": _iso(min(m.date_start for m in dated if m.date_start)),
        "latest": _iso(max((m.date_end or m.date_start) for m in dated if m.date_start)),
    }


def _best_location(ms: Sequence[Mention]) -> dict[str, Any] | None:
    placed = [m for m in ms if m.place or m.has_point]
    if not placed:
        return None
    votes = Counter(m.geonameid or m.place for m in placed)
    best = min(
        placed, key=lambda m: (m.geo_precision or 9, -votes[m.geonameid or m.place], m.order)
    )
    return {
        "place": best.place,
        "geonameid": best.geonameid,
        "lat": best.lat,
        "lon": best.lon,
        "country_code": best.country,
        "admin1": best.admin1,
        "precision": best.geo_precision,
    }


def _participants(ms: Sequence[Mention], role: str) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for m in ms:
        for p in getattr(m, role):
            key = p.key()
            g = groups.setdefault(
                key,
                {
                    "name": p.name,
                    "text": p.text,
                    "code": p.code,
                    "sector": p.sector,
                    "sources": set(),
                },
            )
            g["code"] = g["code"] or p.code
            g["sector"] = g["sector"] or p.sector
            g["sources"].add(m.article_id)
    out = [{**g, "sources": len(g["sources"])} for g in groups.values()]
    return sorted(out, key=lambda g: (-g["sources"], g["name"] or ""))


def _size(ms: Sequence[Mention]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in SIZE_FIELDS:
        by_source: dict[str, int] = {}
        for m in sorted(ms, key=lambda x: x.order):
            v = getattr(m, name)
            if v is not None:
                # One article may give several counts for one happening: keep its largest.
                by_source[m.article_id] = max(v, by_source.get(m.article_id, v))
        if not by_source:
            continue
        values = list(by_source.values())
        out[name] = {
            "value": values[-1],
            "min": min(values),
            "max": max(values),
            "by_source": by_source,
        }
    return out


def _source_of(ms: Sequence[Mention]) -> list[dict[str, Any]]:
    by_article: dict[str, dict[str, Any]] = {}
    for m in sorted(ms, key=lambda x: x.order):
        s = by_article.setdefault(
            m.article_id,
            {
                "article_id": m.article_id,
                "event_ids": [],
                "title": m.title,
                "url": m.url,
                "source": m.source,
                "published": _iso(m.published),
            },
        )
        s["event_ids"].append(m.event_id)
    return list(by_article.values())


def _disagreements(ms: Sequence[Mention], size: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, s in size.items():
        if s["min"] != s["max"]:
            out[name] = dict(s["by_source"])
    if len({m.type for m in ms}) > 1:
        out["event_type"] = {m.event_id: m.type for m in ms}
    dates = {m.event_id: m.date_value for m in ms if m.date_from_text and m.date_value}
    if len(set(dates.values())) > 1:
        out["date"] = dates
    places = {m.event_id: m.place for m in ms if m.place and m.geo_precision in (1, 2)}
    if len(set(places.values())) > 1:
        out["place"] = places
    return out


def canonical(
    cluster_id: str, mentions: Iterable[Mention], copies: Iterable[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """The canonical event of one cluster (see the module docstring for its keys)."""
    ms = sorted(mentions, key=lambda m: m.order)
    if not ms:
        raise ValueError(f"cluster {cluster_id} has no members")
    types = Counter(m.type for m in ms)
    # Most reported type; ties go to the type of the earliest report.
    first_type = {t: i for i, t in reversed(list(enumerate(m.type for m in ms)))}
    event_type = min(types, key=lambda t: (-types[t], first_type[t]))
    size = _size(ms)
    sources = _source_of(ms)
    copy_list = [dict(c) for c in copies]
    published = [m.published for m in ms if m.published] + [
        _dt.date.fromisoformat(c["published"][:10]) for c in copy_list if c.get("published")
    ]
    return {
        "id": cluster_id,
        "event_type": event_type,
        "types": dict(sorted(types.items())),
        "mode": sorted({x for m in ms for x in m.mode}),
        "date": _best_date(ms),
        "location": _best_location(ms),
        "actors": _participants(ms, "actors"),
        "recipients": _participants(ms, "recipients"),
        "size": size,
        "status": sorted({x for m in ms for x in m.status}),
        "source_count": len(sources),
        "report_count": len(sources) + len(copy_list),
        "event_count": len(ms),
        "outlets": sorted({s["source"] for s in sources if s["source"]}),
        "first_report": _iso(min(published)) if published else None,
        "last_report": _iso(max(published)) if published else None,
        "sources": sources,
        "copies": copy_list,
        "disagreements": _disagreements(ms, size),
    }
