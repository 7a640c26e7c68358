"""GDELT 2.0 event-table style TSV: GDELT's 61 columns, in GDELT's order, tab-separated, no header.

GDELT ships its ``*.export.CSV`` files without a header line; so do we by default
(``header=True``, ``eventwire export --header``, adds one line of the column names). Which
events are written: those with a CAMEO code (every GDELT row has an EventCode) that are not
``negated`` or ``hypothetical``, dated by the event's date or, when undated, by the article's
publication date (GDELT dates events by their report); events with neither are left out.

Conventions where our data differs from GDELT's:
- ``GlobalEventID`` is an integer (GDELT's type) derived from our event id: the first 13 hex
  digits of its SHA-1 (``gdelt_event_id``), stable across exports and below 2**52;
- ``Actor*Code`` is the CAMEO actor code, country/group code plus the sector where the sector is
  a CAMEO role code (``IRQMIL``); ``Actor*Name`` the canonical name in capitals, as GDELT writes;
- ``NumMentions``/``NumSources``/``NumArticles`` are 1: each stored event comes from one article;
- ``GoldsteinScale``, ``AvgTone``, religion, ethnic and ADM2 codes are empty (not coded), and so
  is every ``Actor1Geo_*``/``Actor2Geo_*`` column (we locate the event, not its actors);
- ``ActionGeo_CountryCode`` is the FIPS 10-4 code as in GDELT; ``ActionGeo_ADM1Code`` is the
  FIPS country code for a country-level place (as GDELT does) and empty otherwise (we keep the
  admin-1 name, not its code); ``ActionGeo_FeatureID`` is the GeoNames id;
- ``IsRootEvent`` is 1 for an event in the article's first sentence;
- ``FractionDate`` is YYYY.FFFF, FFFF the part of the year gone by at the start of the day.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ..store.protocol import EventRow
from ._countries import country as _country
from ._io import Tally

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "Fullname", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

COLUMNS: tuple[str, ...] = (
    ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{c}" for c in _ACTOR)
    + tuple(f"Actor2{c}" for c in _ACTOR)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"Actor1Geo_{c}" for c in _GEO)
    + tuple(f"Actor2Geo_{c}" for c in _GEO)
    + tuple(f"ActionGeo_{c}" for c in _GEO)
    + ("DATEADDED", "SOURCEURL")
)

EXCLUDED_STATUSES = frozenset({"negated", "hypothetical"})
#: PLOVER sectors that are also CAMEO actor role codes, and the two whose CAMEO code differs
#: (CAMEO "MED" is the media, "HLH" health).
_CAMEO_ROLE = {s: s for s in ("COP", "GOV", "INS", "JUD", "MIL", "OPP", "PTY", "REB", "SPY", "UAF",
                              "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "LAB", "LEG", "REF", "REL",
                              "NGO", "MNC", "IGO")}
_CAMEO_ROLE.update({"JRN": "MED", "MED": "HLH"})
#: Codes of groups rather than countries (PLOVER's international codes).
_GROUPS = frozenset({"IGO", "UNO", "NGO", "EUR", "IMG", "MNC", "ISM"})


def gdelt_event_id(event_id: str) -> int:
    """GDELT's integer GlobalEventID for one of our event ids: stable, below 2**52."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:13], 16)


def _actor(p: Mapping[str, Any] | None) -> list[Any]:
    if not p:
        return [""] * len(_ACTOR)
    code = (p.get("code") or "").upper()
    role = _CAMEO_ROLE.get((p.get("sector") or "").upper(), "")
    is_group = code in _GROUPS
    name = str(p.get("name") or p.get("entity_text") or "")
    return [
        code + (role if role != code else ""),
        " ".join(name.split()).upper(),
        "" if is_group else code,
        code if is_group else "",
        "", "", "",
        role, "", "",
    ]


def _geo_type(row: EventRow, feature_code: str | None) -> int | str:
    """GDELT Geo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1)."""
    if row.lat is None or row.lon is None:
        return 1 if row.country else ""
    us = (row.country or "").upper() == "USA"
    fc = (feature_code or "").upper()
    if fc.startswith("PCL") or fc == "TERR":
        return 1
    if fc.startswith("ADM1") or (not fc and row.geo_precision == 3 and row.admin1):
        return 2 if us else 5
    if not fc and row.geo_precision == 3:
        return 1
    return 3 if us else 4


def _fullname(row: EventRow, country_name: str) -> str:
    parts: list[str] = []
    for part in (row.place, row.admin1, country_name):
        if part and part not in parts:
            parts.append(part)
    return ", ".join(parts)


def _fraction(day: _dt.date) -> float:
    start = _dt.date(day.year, 1, 1)
    days = (_dt.date(day.year + 1, 1, 1) - start).days
    return round(day.year + (day - start).days / days, 4)


def _dateadded(coded_at: str) -> int | str:
    try:
        t = _dt.datetime.fromisoformat(coded_at).astimezone(_dt.timezone.utc)
    except (TypeError, ValueError):
        return ""
    return int(t.strftime("%Y%m%d%H%M%S"))


def _event_day(row: EventRow) -> _dt.date | None:
    for value in (row.date_start, (row.published or "")[:10]):
        if value:
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                continue
    return None


def gdelt_row(row: EventRow) -> list[Any] | None:
    """One GDELT event-table row (61 values) for an event, or None when it is left out (module doc)."""
    if not row.cameo or EXCLUDED_STATUSES & set(row.status):
        return None
    day = _event_day(row)
    if day is None:
        return None
    ev = row.record
    actors = [p for p in ev.get("actor") or [] if p]
    recipients = [p for p in ev.get("recipient") or [] if p]
    loc = ev.get("location") or {}
    known = _country(row.country)
    fips = (known.fips or "") if known else ""
    geo_type = _geo_type(row, loc.get("feature_code"))
    cameo = str(row.cameo)
    text_info = ev.get("text_info") or {}
    action_geo = [
        geo_type,
        _fullname(row, known.name if known else "") if geo_type != "" else "",
        fips,
        fips if geo_type == 1 else "",
        "",
        row.lat if row.lat is not None else "",
        row.lon if row.lon is not None else "",
        loc.get("geonameid") if loc.get("geonameid") is not None else "",
    ]
    return [
        gdelt_event_id(row.event_id),
        int(day.strftime("%Y%m%d")),
        int(day.strftime("%Y%m")),
        day.year,
        _fraction(day),
        *_actor(actors[0] if actors else None),
        *_actor(recipients[0] if recipients else None),
        1 if text_info.get("sentence") == 0 else 0,
        cameo,
        cameo[:3],
        cameo[:2],
        row.quad_class if row.quad_class is not None else "",
        "",  # GoldsteinScale: not coded
        1, 1, 1,
        "",  # AvgTone: not coded
        *[""] * len(_GEO),
        *[""] * len(_GEO),
        *action_geo,
        _dateadded(row.coded_at),
        row.url or "",
    ]


def _cell(value: Any) -> str:
    # GDELT files are read by splitting on tabs, with no quoting: whitespace inside a cell
    # (tabs, newlines) is collapsed to single spaces so a row is always one line of 61 cells.
    return "" if value is None else " ".join(str(value).split())


def chunks(rows: Iterable[EventRow], tally: Tally | None = None, *, header: bool = False) -> Iterator[str]:
    """Tab-separated GDELT lines (a header line first only with ``header``), one per row as it arrives."""
    if header:
        yield "\t".join(COLUMNS) + "\n"
    for row in rows:
        line = gdelt_row(row)
        if line is None:
            continue
        if tally is not None:
            tally.written += 1
        yield "\t".join(_cell(v) for v in line) + "\n"


def write(rows: Iterable[EventRow], out: IO[str], *, header: bool = False) -> int:
    """Write GDELT rows as they arrive; returns rows written (not counting a header)."""
    tally = Tally()
    for chunk in chunks(rows, tally, header=header):
        out.write(chunk)
    return tally.written
