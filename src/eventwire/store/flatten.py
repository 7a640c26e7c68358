"""Turn one output-contract record into the rows of the normalised tables: pure Python, no SQL.

Backend-neutral on purpose: SQLite and PostgreSQL insert the same tuples. The column order of
each tuple matches the INSERT statements in ``queries.py``.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Separator for multi-valued text columns (modes, statuses): values are stored as "|a|b|" so
#: a filter can match one value exactly with LIKE '%|a|%' on any backend.
SEP = "|"

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")
_CENTURY = re.compile(r"^(\d{2})X{0,2}$")
# Northern-hemisphere meteorological seasons, as TIMEX3 annotators usually read them.
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}


def _month_end(year: int, month: int) -> _dt.date:
    return _dt.date(year, month, calendar.monthrange(year, month)[1])


def date_range(value: str | None) -> tuple[str | None, str | None]:
    """ISO (first day, last day) a TIMEX3 value covers, or (None, None) for PAST_REF, None, junk."""
    if not value:
        return None, None
    v = value.strip().upper()
    try:
        if m := _DAY.match(v):
            d = _dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d.isoformat(), d.isoformat()
        if m := _WEEK.match(v):
            start = _dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start.isoformat(), (start + _dt.timedelta(days=6)).isoformat()
        if m := _MONTH.match(v):
            y, mo = int(m[1]), int(m[2])
            return _dt.date(y, mo, 1).isoformat(), _month_end(y, mo).isoformat()
        if m := _QUARTER.match(v):
            y, q = int(m[1]), int(m[2])
            return _dt.date(y, 3 * q - 2, 1).isoformat(), _month_end(y, 3 * q).isoformat()
        if m := _HALF.match(v):
            y, h = int(m[1]), int(m[2])
            return _dt.date(y, 6 * h - 5, 1).isoformat(), _month_end(y, 6 * h).isoformat()
        if m := _SEASON.match(v):
            y = int(m[1])
            first, last = _SEASON_MONTHS[m[2]]
            end = _month_end(y + 1, last - 12) if last > 12 else _month_end(y, last)
            return _dt.date(y, first, 1).isoformat(), end.isoformat()
        if m := _YEAR.match(v):
            y = int(m[1])
            return _dt.date(y, 1, 1).isoformat(), _dt.date(y, 12, 31).isoformat()
        if m := _DECADE.match(v):
            y = int(m[1]) * 10
            return _dt.date(max(y, 1), 1, 1).isoformat(), _dt.date(y + 9, 12, 31).isoformat()
        if m := _CENTURY.match(v):
            y = int(m[1]) * 100
            return _dt.date(max(y, 1), 1, 1).isoformat(), _dt.date(y + 99, 12, 31).isoformat()
    except ValueError:  # 2019-02-30, week 54: an impossible date is stored undated, not guessed
        return None, None
    return None, None


def multi(values: Any) -> str:
    """A list of short strings as "|a|b|" (empty list -> "")."""
    vals = [str(v) for v in (values or []) if v]
    return SEP + SEP.join(vals) + SEP if vals else ""


def split_multi(text: str | None) -> tuple[str, ...]:
    return tuple(v for v in (text or "").split(SEP) if v)


def search_key(*parts: Any) -> str:
    """Case-folded text for substring search (SQL lower() is ASCII-only in SQLite)."""
    return "\n".join(str(p).casefold() for p in parts if p)


def dumps(obj: Any) -> str:
    """Compact UTF-8 JSON that keeps the record's key order (``show`` prints it as built)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _int(v: Any) -> int | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _float(v: Any) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


@dataclass(frozen=True, slots=True)
class Rows:
    """Every table's rows for one article, ready for executemany."""

    article: tuple[Any, ...]
    events: list[tuple[Any, ...]]
    event_actors: list[tuple[Any, ...]]
    entities: list[tuple[Any, ...]]
    places: list[tuple[Any, ...]]
    claims: list[tuple[Any, ...]]
    claim_events: list[tuple[Any, ...]]
    timexes: list[tuple[Any, ...]]


def _participant_text(ent: Mapping[str, Any]) -> str:
    return str(ent.get("entity_text") or ent.get("name") or ent.get("code") or "")


def event_search(ev: Mapping[str, Any]) -> str:
    """The free-text key of an event: its sentence, trigger and participants' texts and names."""
    trig = ev.get("trigger") or {}
    parts: list[Any] = [ev.get("event_text"), trig.get("text")]
    for p in list(ev.get("actor") or []) + list(ev.get("recipient") or []):
        if p:
            parts += [p.get("entity_text"), p.get("name")]
    return search_key(*parts)


def claim_search(c: Mapping[str, Any]) -> str:
    """The speaker key of a claim: the speaker's text and canonical name."""
    sp = c.get("speaker") or {}
    return search_key(sp.get("entity_text"), sp.get("name"), sp.get("text")) if sp else ""


def admin1_key(value: Any) -> str | None:
    return str(value).strip().casefold() if value else None


def flatten(record: Mapping[str, Any], text: str, content_hash: str, pipeline_version: str,
            now: str, stored_at: str | None = None) -> Rows:
    """All rows for one article record; ``stored_at`` keeps the first-stored time on a re-code."""
    art = record.get("article") or {}
    aid = art.get("id")
    if not aid:
        raise ValueError("record['article']['id'] is missing: build records with eventwire.record.to_record")
    aid = str(aid)
    events = list(record.get("events") or [])
    claims = list(record.get("claims") or [])
    entities = list(record.get("entities") or [])
    meta = record.get("meta") or {}

    article = (
        aid, content_hash, pipeline_version, _str(meta.get("record_version")),
        _str(art.get("title")), _str(art.get("url")), _str(art.get("source")),
        _str(art.get("published")), _str(art.get("language")), len(events),
        text, dumps(record), stored_at or now, now,
    )

    wikidata = {str(e["id"]): str(e["wikidata"]) for e in entities if e.get("id") and e.get("wikidata")}
    # Claims about an event, whichever side names the link (event.claims or claim.events).
    claims_by_id = {str(c.get("id")): c for c in claims}
    claims_of: dict[str, list[Mapping[str, Any]]] = {}
    for c in claims:
        for eid in c.get("events") or []:
            claims_of.setdefault(str(eid), []).append(c)

    ev_rows, actor_rows = [], []
    for seq, ev in enumerate(events):
        eid = str(ev.get("id") or f"{aid}:e{seq}")
        date = ev.get("date") or {}
        start, end = date_range(date.get("value"))
        loc = ev.get("location") or {}
        size = ev.get("size") or {}
        trig = ev.get("trigger") or {}
        about = list(claims_of.get(eid, []))
        for cid in ev.get("claims") or []:
            c = claims_by_id.get(str(cid))
            if c is not None and all(c is not x for x in about):
                about.append(c)
        parts = [("actor", p) for p in ev.get("actor") or [] if p] + [
            ("recipient", p) for p in ev.get("recipient") or [] if p]
        wd = {str(p["id"]): wikidata[str(p["id"])] for _, p in parts if p.get("id") in wikidata}
        ev_rows.append((
            aid, seq, eid, _str(ev.get("event_type")) or "", multi(ev.get("mode")),
            _str(date.get("value")), _str(date.get("precision")), start, end, _str(date.get("source")),
            _str(loc.get("resolved_place") or loc.get("extracted_place")),
            _int(loc.get("geonameid")), _str(loc.get("country_code")).upper() if loc.get("country_code") else None,
            _str(loc.get("admin1")), _float(loc.get("lat")), _float(loc.get("lon")), _int(loc.get("precision")),
            _int(size.get("dead")), _int(size.get("injured")), _int(size.get("arrested")),
            multi(ev.get("status")), _float(ev.get("confidence")), _str(ev.get("cameo")),
            _str(ev.get("quad_class")), _str(ev.get("acled_event_type")), _str(ev.get("acled_sub_event_type")),
            _str(ev.get("event_text")), _str(trig.get("text")), _int(trig.get("start")), _int(trig.get("end")),
            dumps(ev), dumps(about), dumps(wd), event_search(ev), admin1_key(loc.get("admin1")),
        ))
        counters = {"actor": 0, "recipient": 0}
        for role, p in parts:
            pos = counters[role]
            counters[role] += 1
            actor_rows.append((
                aid, seq, role, pos, _str(p.get("id")), _participant_text(p), _str(p.get("name")),
                _str(p.get("code")).upper() if p.get("code") else None, _str(p.get("sector")),
                _str(p.get("affiliation")), _int(p.get("start")), _int(p.get("end")),
                search_key(p.get("entity_text"), p.get("name")),
            ))

    entity_rows = [
        (aid, seq, _str(e.get("id")), _str(e.get("text")), _str(e.get("name")), _str(e.get("kind")),
         _str(e.get("code")).upper() if e.get("code") else None, _str(e.get("sector")),
         _str(e.get("affiliation")), _str(e.get("wikidata")), dumps(e.get("aliases") or []),
         dumps(e.get("mentions") or []), search_key(e.get("text"), e.get("name"), *(e.get("aliases") or [])))
        for seq, e in enumerate(entities)
    ]
    place_rows = [
        (aid, seq, _str(p.get("text")), _int(p.get("start")), _int(p.get("end")), _int(p.get("geonameid")),
         _str(p.get("name")), _float(p.get("lat")), _float(p.get("lon")),
         _str(p.get("country_code")).upper() if p.get("country_code") else None, _str(p.get("admin1")),
         _str(p.get("feature_code")), _int(p.get("precision")), _str(p.get("relation")))
        for seq, p in enumerate(record.get("places") or [])
    ]
    claim_rows, claim_event_rows = [], []
    for seq, c in enumerate(claims):
        sp = c.get("speaker") or {}
        content = c.get("content") or {}
        claim_rows.append((
            aid, seq, _str(c.get("id")), _str(c.get("kind")), _participant_text(sp) if sp else None,
            _str(sp.get("code")).upper() if sp.get("code") else None, _str(sp.get("id")),
            _str(c.get("cited_source")), _str(content.get("text")), _int(content.get("start")),
            _int(content.get("end")), dumps(c), claim_search(c),
        ))
        for eid in dict.fromkeys(str(e) for e in c.get("events") or []):
            claim_event_rows.append((aid, seq, eid))
    timex_rows = [
        (aid, seq, _str(t.get("text")), _int(t.get("start")), _int(t.get("end")), _str(t.get("type")),
         _str(t.get("value")), _str(t.get("precision")), *date_range(t.get("value")))
        for seq, t in enumerate(record.get("timexes") or [])
    ]
    return Rows(article, ev_rows, actor_rows, entity_rows, place_rows, claim_rows, claim_event_rows, timex_rows)
