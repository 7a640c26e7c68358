"""What clustering reads of one coded event: a flat, frozen ``Mention`` from a store row or record.

A mention is one event as one article reports it. Clustering compares mentions, never raw
records, so the rules in ``rules.py`` are testable on hand-built mentions.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Statuses that say the event did not (or not yet) happen: such events never form a happening.
NOT_HAPPENED = frozenset({"hypothetical", "negated"})

_DETERMINERS = frozenset(
    {"the", "a", "an", "some", "several", "many", "two", "three", "its", "their"}
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor or recipient: normalised name, ISO3/IGO code, PLOVER sector (each may be None)."""

    name: str | None
    code: str | None = None
    sector: str | None = None
    text: str | None = None  # as written in the article, for display

    def matches(self, other: Participant) -> bool:
        """Same participant: equal names, or equal codes whose sectors agree (or one is unknown).

        Names must be equal after normalising: sharing a word is not enough ("singh" names many
        people); the text rule weighs shared rare words instead.
        """
        if self.name and other.name and self.name == other.name:
            return True
        if self.code and other.code and self.code == other.code:
            if self.sector and other.sector:
                return self.sector == other.sector
            # A bare country code ("IND") is compatible with any sector of it, but says little.
            return False
        return False

    def specific(self) -> bool:
        """Whether a match on this participant is evidence (a name, or a code with a sector)."""
        return bool(self.name) or bool(self.code and self.sector)

    def key(self) -> str:
        """A display/grouping key: the name, else code/sector."""
        return self.name or "/".join(x for x in (self.code, self.sector) if x) or "?"


def normalise_name(text: str | None) -> str | None:
    """Casefolded words without leading determiners or possessives: 'The Police' -> 'police'."""
    if not text:
        return None
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    words = [w for w in words if w != "s"]  # "police's" -> police
    return " ".join(words) or None


def participant(entity: Mapping[str, Any] | None) -> Participant | None:
    """A Participant from an output-contract entity object (None for an empty one)."""
    if not entity:
        return None
    text = entity.get("entity_text") or entity.get("name")
    name = normalise_name(entity.get("name") or entity.get("entity_text"))
    code, sector = entity.get("code") or None, entity.get("sector") or None
    if not (name or code):
        return None
    return Participant(name=name, code=code, sector=sector, text=text)


def _date(value: Any) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Mention:
    """One event as one article reports it, reduced to what the clustering rules compare."""

    event_id: str
    article_id: str
    seq: int
    type: str
    published: _dt.date | None = None
    date_start: _dt.date | None = None
    date_end: _dt.date | None = None
    date_value: str | None = None
    date_precision: str | None = None
    date_from_text: bool = False  # False: the date was inferred from the publication date
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None  # ACLED: 1 town/site, 2 near/part of, 3 region/country
    geonameid: int | None = None
    place: str | None = None
    country: str | None = None
    admin1: str | None = None
    actors: tuple[Participant, ...] = ()
    recipients: tuple[Participant, ...] = ()
    mode: tuple[str, ...] = ()
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    status: tuple[str, ...] = ()
    confidence: float | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None  # the outlet
    text: str | None = None  # the sentence that reports the event
    sentence: int | None = None  # its index in the article

    @property
    def order(self) -> tuple[Any, ...]:
        """The processing order: publication date (undated last), article, position."""
        return (self.published is None, self.published or _dt.date.min, self.article_id, self.seq)

    @property
    def happened(self) -> bool:
        """Whether the article asserts the event took place (not hypothetical, not negated)."""
        return not (set(self.status) & NOT_HAPPENED)

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None


def _location_fields(loc: Mapping[str, Any] | None) -> dict[str, Any]:
    loc = loc or {}
    return {
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "geo_precision": loc.get("precision"),
        "geonameid": loc.get("geonameid"),
        "place": loc.get("resolved_place") or loc.get("extracted_place"),
        "country": loc.get("country_code"),
        "admin1": loc.get("admin1"),
    }


def from_record(event: Mapping[str, Any], article: Mapping[str, Any], seq: int = 0) -> Mention:
    """A Mention from an output-contract event and its record's ``article`` object."""
    from ..store.flatten import date_range

    date = event.get("date") or {}
    start, end = date_range(date.get("value"))
    size = event.get("size") or {}
    return Mention(
        event_id=str(event.get("id") or f"{article.get('id')}:{seq}"),
        article_id=str(article.get("id") or ""),
        seq=seq,
        type=str(event.get("event_type") or ""),
        published=_date(article.get("published")),
        date_start=_date(start),
        date_end=_date(end),
        date_value=date.get("value"),
        date_precision=date.get("precision"),
        date_from_text=date.get("source") == "text",
        **_location_fields(event.get("location")),
        actors=tuple(p for p in map(participant, event.get("actor") or []) if p),
        recipients=tuple(p for p in map(participant, event.get("recipient") or []) if p),
        mode=tuple(event.get("mode") or ()),
        dead=size.get("dead"),
        injured=size.get("injured"),
        arrested=size.get("arrested"),
        status=tuple(event.get("status") or ()),
        confidence=event.get("confidence"),
        title=article.get("title"),
        url=article.get("url"),
        source=article.get("source"),
        text=event.get("event_text"),
        sentence=(event.get("text_info") or {}).get("sentence"),
    )


def from_records(records: Any) -> list[Mention]:
    """Every event of output-contract records (an iterable of article dicts) as Mentions."""
    out: list[Mention] = []
    for record in records:
        article = record.get("article") or {}
        for seq, event in enumerate(record.get("events") or []):
            out.append(from_record(event, article, seq))
    return out


def from_row(row: Any) -> Mention:
    """A Mention from a store ``EventRow`` (its stored record carries the participants)."""
    record = dict(row.record or {})
    article = {
        "id": row.article_id,
        "published": row.published,
        "title": row.title,
        "url": row.url,
        "source": row.source,
    }
    mention = from_record(record, article, row.seq) if record else None
    if mention is not None and mention.event_id == row.event_id:
        return mention
    # No stored record (or another id): fall back on the row's own columns.
    return Mention(
        event_id=row.event_id,
        article_id=row.article_id,
        seq=row.seq,
        type=row.type,
        published=_date(row.published),
        date_start=_date(row.date_start),
        date_end=_date(row.date_end),
        date_value=row.date,
        date_precision=row.date_precision,
        date_from_text=False,
        lat=row.lat,
        lon=row.lon,
        geo_precision=row.geo_precision,
        place=row.place,
        country=row.country,
        admin1=row.admin1,
        actors=tuple(
            Participant(normalise_name(t), c)
            for t, c in zip(row.actor, row.actor_code, strict=False)
        ),
        recipients=tuple(
            Participant(normalise_name(t), c)
            for t, c in zip(row.recipient, row.recipient_code, strict=False)
        ),
        mode=tuple(row.mode),
        dead=row.dead,
        injured=row.injured,
        arrested=row.arrested,
        status=tuple(row.status),
        confidence=row.confidence,
        title=row.title,
        url=row.url,
        source=row.source,
        text=row.event_text,
    )
