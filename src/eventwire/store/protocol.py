"""The Store protocol and the frozen rows its readers return (never cursors): backend-neutral.

A store keeps one output-contract record per article (``eventwire.record.to_record``), split into
normalised tables for filtering plus the full record JSON for ``show``. SQLite
(``store/sqlite.py``) and PostgreSQL (``store/postgres.py``) implement it on one shared base
(``store/base.py``).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, Protocol, runtime_checkable

#: What ``eventwire.store`` re-exports from here.
__all__ = [
    "AGGREGATES", "SORTS", "ActorRow", "ArticleDetail", "ArticleRow", "ClaimFilter", "ClaimRow",
    "EventFilter", "EventPage", "EventRow", "FailureRow", "RunRow", "SaveOutcome", "Store",
]

#: What ``Store.save`` did with an article.
SaveOutcome = Literal["stored", "unchanged", "recoded"]


def _plain(value: Any) -> Any:
    """Tuples to lists so a row's dict is JSON-ready."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to read; every field is optional and they combine with AND.

    ``since``/``until`` keep events whose date range overlaps the window (a month-precision
    "2019-08" matches ``since=2019-08-20``); events without a date are left out when either is
    set. ``actor`` matches a participant (actor or recipient) whose text or canonical name
    contains it (any case) or whose code equals it. Order is deterministic: event date
    (undated last), then article id, then the event's position in its article.
    """

    country: str | None = None  # ISO3 of the event location's country
    type: str | None = None  # PLOVER type, e.g. ASSAULT
    actor: str | None = None
    since: _dt.date | str | None = None
    until: _dt.date | str | None = None
    mode: str | None = None
    status: str | None = None  # one of model.EVENT_STATUSES
    min_confidence: float | None = None
    article_id: str | None = None
    limit: int | None = None
    offset: int = 0
    admin1: str | None = None  # admin-1 name of the event location, any case
    acled_type: str | None = None  # ACLED event type or sub-event type, any case
    #: (min_lon, min_lat, max_lon, max_lat), edges included; min_lon > max_lon crosses 180°.
    bbox: tuple[float, float, float, float] | None = None
    text: str | None = None  # substring, any case, of event_text, trigger or participant texts
    ids: tuple[str, ...] | None = None  # only these event ids (an empty tuple matches nothing)

    def __post_init__(self) -> None:
        if self.bbox is not None:
            object.__setattr__(self, "bbox", _bbox(self.bbox))
        if self.ids is not None:
            ids = (self.ids,) if isinstance(self.ids, str) else tuple(str(i) for i in self.ids)
            object.__setattr__(self, "ids", ids)
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"limit must be >= 0, not {self.limit}")
        if self.offset < 0:
            raise ValueError(f"offset must be >= 0, not {self.offset}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if isinstance(value, _dt.datetime):  # compare days, not "2019-08-01T00:00:00" strings
                object.__setattr__(self, name, value.date())
            elif isinstance(value, str):
                try:
                    object.__setattr__(self, name, _dt.date.fromisoformat(value))
                except ValueError:
                    raise ValueError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def _bbox(value: Any) -> tuple[float, float, float, float]:
    """Validate a bounding box given as 4 numbers or "minlon,minlat,maxlon,maxlat"."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    try:
        box = tuple(float(v) for v in parts)
    except (TypeError, ValueError):
        box = ()
    if len(box) != 4 or any(math.isnan(v) or math.isinf(v) for v in box):
        raise ValueError(f"bbox must be 4 numbers min_lon,min_lat,max_lon,max_lat, not {value!r}")
    min_lon, min_lat, max_lon, max_lat = box
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise ValueError(f"bbox longitudes must lie in [-180, 180], not {value!r}")
    if not (-90 <= min_lat <= max_lat <= 90):
        raise ValueError(f"bbox latitudes must satisfy -90 <= min_lat <= max_lat <= 90, not {value!r}")
    return box  # type: ignore[return-value]


#: Orders ``Store.page_events`` accepts: a key, "-" for descending; values missing sort last.
SORTS = ("date", "-date", "published", "-published", "confidence", "-confidence", "dead", "-dead")

#: Buckets ``Store.aggregate`` accepts.
AGGREGATES = ("day", "week", "month", "year", "country", "admin1", "type", "acled_type", "status")


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event with the columns filters use, its article's citation and its full record."""

    event_id: str
    article_id: str
    seq: int  # position of the event in its article
    type: str
    mode: tuple[str, ...]
    actor: tuple[str, ...]  # participant text (or canonical name when no text)
    actor_code: tuple[str | None, ...]
    recipient: tuple[str, ...]
    recipient_code: tuple[str | None, ...]
    date: str | None  # TIMEX value as coded: 2019-08-21, 2019-W33, 2019-08, 1981
    date_precision: str | None
    date_start: str | None  # ISO first day the date covers
    date_end: str | None  # ISO last day the date covers
    place: str | None
    country: str | None  # ISO3
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    #: the probability that the location's place is right (its record's ``location.score``; None
    #: for no location, an unresolved one, or a record coded before places were scored)
    geo_score: float | None
    dead: int | None
    injured: int | None
    arrested: int | None
    status: tuple[str, ...]
    confidence: float | None
    cameo: str | None
    quad_class: Any
    acled_event_type: str | None
    acled_sub_event_type: str | None
    event_text: str | None
    url: str | None
    title: str | None
    source: str | None  # the outlet
    published: str | None
    language: str | None
    pipeline_version: str
    coded_at: str  # ISO UTC time the article was (re)coded into the store
    #: The event's output-contract record (``record.event_record``), as stored.
    record: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: The claim records that concern this event (by id, either direction).
    claims: tuple[Mapping[str, Any], ...] = field(default=(), compare=False, repr=False)
    #: Wikidata ids of participants, by global actor id, where the actor stage found one.
    wikidata: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def as_dict(self, full: bool = False) -> dict[str, Any]:
        """The row as a JSON-ready dict; ``full`` adds the record, claims and wikidata ids."""
        skip = () if full else ("record", "claims", "wikidata")
        out = {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.name not in skip}
        if full:
            out["claims"] = list(self.claims)
            out["record"] = dict(self.record)
            out["wikidata"] = dict(self.wikidata)
        return out


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of ``Store.page_events``: its rows, the cursor of the next page (None at the end)
    and how many events match the filters in all."""

    rows: list[EventRow]
    next_cursor: str | None
    total: int


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One actor across articles, grouped by canonical name and code (``Store.actors``)."""

    name: str
    code: str | None
    sector: str | None  # the sector most often coded for it
    aliases: tuple[str, ...]  # other names and texts it appears under, most frequent first
    wikidata: str | None
    events: int  # events it takes part in (as actor or recipient)
    articles: int  # articles that mention it

    def as_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which claims to read (``Store.claims``); fields combine with AND; order: article, position.

    ``speaker`` matches a speaker whose text or canonical name contains it (any case) or whose
    code equals it; ``event_id`` keeps claims that name that event.
    """

    kind: str | None = None
    speaker: str | None = None
    article_id: str | None = None
    event_id: str | None = None
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"limit must be >= 0, not {self.limit}")
        if self.offset < 0:
            raise ValueError(f"offset must be >= 0, not {self.offset}")


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One stored claim with the columns filters use and its output-contract record."""

    claim_id: str | None
    article_id: str
    kind: str | None
    speaker_text: str | None
    speaker_code: str | None
    cited_source: str | None
    content_text: str | None
    events: tuple[str, ...]  # ids of the events the claim names
    record: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict, record included (claims are small and their spans are the point)."""
        out = {f.name: _plain(getattr(self, f.name)) for f in fields(self)}
        out["record"] = dict(self.record)
        return out


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One stored article without its text."""

    id: str
    content_hash: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    language: str | None
    pipeline_version: str
    events: int
    stored_at: str  # first stored (ISO UTC)
    updated_at: str  # last (re)coded (ISO UTC)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """One stored article with its text and full output-contract record (for ``show``)."""

    article: ArticleRow
    text: str
    record: Mapping[str, Any] = field(compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True, slots=True)
class RunRow:
    """One ``eventwire run`` as bookkept by ``start_run``/``finish_run``."""

    id: str
    pipeline_version: str | None
    inputs: tuple[str, ...]
    started_at: str
    finished_at: str | None
    counts: Mapping[str, int] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) if f.name != "counts" else dict(self.counts)
                for f in fields(self)}


@dataclass(frozen=True, slots=True)
class FailureRow:
    """One input that failed during a run (the dead-letter list)."""

    run_id: str
    origin: str | None
    code: str | None
    reason: str
    at: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@runtime_checkable
class Store(Protocol):
    """Where processed articles live. One connection per object; each ``save`` is one
    all-or-nothing transaction, idempotent on (content hash, pipeline version)."""

    path: str

    def save(self, record: Mapping[str, Any], text: str, content_hash: str,
             pipeline_version: str) -> SaveOutcome:
        """Store one article's record: "stored" (new), "unchanged" (same hash and version), "recoded"."""
        ...

    def seen(self, content_hash: str, pipeline_version: str) -> bool:
        """Whether this exact content is already stored by this pipeline version (skip its work)."""
        ...

    def seen_many(self, content_hashes: Iterable[str], pipeline_version: str) -> set[str]:
        """The subset of ``content_hashes`` already stored by this pipeline version (one query
        per chunk of hashes, for drivers that check many articles at once)."""
        ...

    def start_run(self, pipeline_version: str | None = None, inputs: Sequence[str] = ()) -> str: ...

    def finish_run(self, run_id: str, counts: Mapping[str, int]) -> None: ...

    def record_failure(self, run_id: str | None, origin: str | None, code: str | None,
                       reason: str) -> None: ...

    def events(self, filters: EventFilter | None = None) -> list[EventRow]: ...

    def iter_events(self, filters: EventFilter | None = None) -> Iterator[EventRow]:
        """Like ``events`` but streamed in pages, for exports of any size."""
        ...

    def event(self, event_id: str) -> EventRow | None:
        """One event by id, or None."""
        ...

    def page_events(self, filters: EventFilter | None = None, *, limit: int = 100,
                    cursor: str | None = None, sort: str = "date") -> EventPage:
        """A page of events in ``sort`` order after ``cursor`` (keyset pagination, stable under
        inserts). ValueError for a malformed cursor, an unknown sort, or filters.limit/offset set."""
        ...

    def aggregate(self, by: str, filters: EventFilter | None = None) -> list[tuple[str, int]]:
        """Event counts per bucket (``AGGREGATES``); events without a value for ``by`` are left out."""
        ...

    def actors(self, query: str | None = None, code: str | None = None, limit: int = 100,
               offset: int = 0) -> list[ActorRow]: ...

    def claims(self, filters: ClaimFilter | None = None) -> list[ClaimRow]: ...

    def articles(self, limit: int | None = None, offset: int = 0) -> list[ArticleRow]: ...

    def article(self, article_id: str) -> ArticleDetail | None: ...

    def article_by_hash(self, content_hash: str) -> ArticleRow | None:
        """The stored article with this content hash (``ingest.article_hash``), or None."""
        ...

    def counts(self, tables: Sequence[str] | None = None) -> dict[str, int]:
        """Rows per table (only ``tables`` when given), plus ``events:<TYPE>`` for all tables."""
        ...

    def runs(self) -> list[RunRow]: ...

    def failures(self, run_id: str | None = None) -> list[FailureRow]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...
