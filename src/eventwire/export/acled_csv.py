"""ACLED-style CSV: ACLED's 31 export columns, in ACLED's order, filled from what we code.

Which events are written (ACLED codes only some kinds of event):
- events whose record has an ``acled_event_type`` (set by ``eventwire.ontology.acled_types``):
  Battles, Explosions/Remote violence and Violence against civilians (from PLOVER ASSAULT),
  Protests and Riots (PROTEST, ASSAULT:crowd-control), Strategic developments (COERCE, AGREE,
  MOBILIZE, RETREAT:ceasefire/withdraw/disarm, ASSAULT:destroy). Verbal events (ACCUSE,
  THREATEN, REQUEST, REJECT, CONSULT, SUPPORT, ...) have no ACLED type and are left out;
- not ``negated`` or ``hypothetical`` (ACLED records only what happened);
- dated to the month or finer (ACLED has no coarser time precision); undated events are left out.

Columns we cannot fill stay empty: region, admin2, admin3, source_scale, and inter codes for
actors without a sector. Conventions: ``event_id_cnty`` is our stable event id; ``event_date``
is ISO YYYY-MM-DD, the first day the coded date covers (``time_precision`` 1 day, 2 week,
3 month); ``fatalities`` is 0 when no death toll is reported (ACLED's convention);
``notes`` is the evidence sentence; ``tags`` carries status, injured and arrested counts;
``timestamp`` is the Unix time the article was last (re)coded.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ..store.protocol import EventRow
from ._countries import country as _country
from ._io import Tally

COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)

#: Date precisions ACLED can express, and its time_precision code for each.
TIME_PRECISION = {"time": 1, "day": 1, "week": 2, "month": 3}
#: Statuses of events that did not happen (as far as the text says).
EXCLUDED_STATUSES = frozenset({"negated", "hypothetical"})

# ACLED actor-type ("inter") codes from PLOVER sectors. State forces operating outside their
# own country are "External/Other forces" (8) in ACLED, as are international organisations.
_STATE = frozenset({"MIL", "COP", "GOV", "JUD", "LEG", "SPY"})
_INTER_BY_SECTOR = {
    "REB": 2, "INS": 2, "PRM": 3, "UAF": 3, "PTY": 3,
    "CVL": 7, "JRN": 7, "REF": 7, "EDU": 7, "MED": 7, "LAB": 7, "AGR": 7, "BUS": 7, "REL": 7,
    "SOC": 7, "ELI": 7,
}
_INTERNATIONAL = frozenset({"IGO", "UNO", "NGO", "EUR", "IMG", "MNC"})


def disorder_type(event_type: str, sub_event_type: str | None) -> str:
    """ACLED's disorder type for an event type (our reading of the ACLED codebook)."""
    if event_type == "Strategic developments":
        return "Strategic developments"
    if event_type == "Protests":
        return ("Political violence; Demonstrations"
                if sub_event_type == "Excessive force against protesters" else "Demonstrations")
    if event_type == "Riots":
        return "Political violence" if sub_event_type == "Mob violence" else "Demonstrations"
    return "Political violence"


def inter_code(p: Mapping[str, Any] | None, event_country: str | None, event_type: str,
               first: bool) -> int | None:
    """ACLED inter code (1-8) of a participant, or None when we cannot tell."""
    if not p:
        return None
    if first and event_type == "Protests":
        return 6
    if first and event_type == "Riots":
        return 5
    code, sector = (p.get("code") or "").upper(), (p.get("sector") or "").upper()
    if code in _INTERNATIONAL:
        return 8
    if sector in _STATE:
        return 8 if code and event_country and code != event_country else 1
    return _INTER_BY_SECTOR.get(sector)


def _name(p: Mapping[str, Any]) -> str:
    return str(p.get("name") or p.get("entity_text") or p.get("code") or "")


def _timestamp(iso: str) -> int | str:
    try:
        return int(_dt.datetime.fromisoformat(iso).timestamp())
    except (TypeError, ValueError):
        return ""


def acled_row(row: EventRow) -> dict[str, Any] | None:
    """One ACLED CSV row for an event, or None when ACLED would not code it (see module doc)."""
    etype, sub = row.acled_event_type, row.acled_sub_event_type
    if not etype or EXCLUDED_STATUSES & set(row.status):
        return None
    tp = TIME_PRECISION.get(row.date_precision or "")
    if tp is None or not row.date_start:
        return None
    ev = row.record
    actors = [p for p in ev.get("actor") or [] if p]
    recipients = [p for p in ev.get("recipient") or [] if p]
    country = (row.country or "").upper() or None
    a1, a2 = (actors[0] if actors else None), (recipients[0] if recipients else None)
    inter1 = inter_code(a1, country, etype, True)
    inter2 = inter_code(a2, country, etype, False)
    interaction: int | str = ""
    if inter1 and inter2:
        interaction = int(f"{min(inter1, inter2)}{max(inter1, inter2)}")
    elif inter1 and a2 is None:
        interaction = inter1 * 10  # ACLED's "sole" codes: 10 sole state forces action, 60 sole protesters
    known = _country(country)
    name, iso = (known.name, known.isonumeric) if known else ("", None)
    tags = [f"status={s}" for s in row.status if s != "reported"]
    tags += [f"{k}={getattr(row, k)}" for k in ("injured", "arrested") if getattr(row, k) is not None]
    return {
        "event_id_cnty": row.event_id,
        "event_date": row.date_start,
        "year": int(row.date_start[:4]),
        "time_precision": tp,
        "disorder_type": disorder_type(etype, sub),
        "event_type": etype,
        "sub_event_type": sub or "",
        "actor1": _name(a1) if a1 else "",
        "assoc_actor_1": "; ".join(_name(p) for p in actors[1:]),
        "inter1": inter1 or "",
        "actor2": _name(a2) if a2 else "",
        "assoc_actor_2": "; ".join(_name(p) for p in recipients[1:]),
        "inter2": inter2 or "",
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting"
        if etype == "Violence against civilians" or (inter2 == 7 and etype != "Strategic developments")
        else "",
        "iso": iso if iso is not None else "",
        "region": "",
        "country": name,
        "admin1": row.admin1 or "",
        "admin2": "",
        "admin3": "",
        "location": row.place or "",
        "latitude": row.lat if row.lat is not None else "",
        "longitude": row.lon if row.lon is not None else "",
        "geo_precision": row.geo_precision if row.geo_precision is not None else "",
        "source": row.source or "",
        "source_scale": "",
        "notes": " ".join((row.event_text or "").split()),
        "fatalities": row.dead if row.dead is not None else 0,
        "tags": "; ".join(tags),
        "timestamp": _timestamp(row.coded_at),
    }


def chunks(rows: Iterable[EventRow], tally: Tally | None = None) -> Iterator[str]:
    """The header, then one CSV line per ACLED-codable event, each yielded as its row arrives."""
    tally = tally if tally is not None else Tally()
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        line = acled_row(row)
        if line is not None:
            writer.writerow(line)
            tally.written += 1
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    if buf.tell():  # the header of an export with no rows
        yield buf.getvalue()


def write(rows: Iterable[EventRow], out: IO[str]) -> int:
    """Write the header and one row per ACLED-codable event as rows arrive; returns rows written."""
    tally = Tally()
    for chunk in chunks(rows, tally):
        out.write(chunk)
    return tally.written
