"""The Store protocol and the frozen rows its readers return (never cursors): backend-neutral.

A store keeps one output-contract record per article (``eventwire.record.to_record``), split into
normalised tables for filtering plus the full record JSON for ``show``. SQLite implements it
today (``store/sqlite.py``); PostgreSQL will implement the same protocol.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, Protocol, runtime_checkable

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

    def __post_init__(self) -> None:
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
    """Where processed articles live. One writer; each ``save`` is one all-or-nothing transaction."""

    path: str

    def save(self, record: Mapping[str, Any], text: str, content_hash: str,
             pipeline_version: str) -> SaveOutcome:
        """Store one article's record: "stored" (new), "unchanged" (same hash and version), "recoded"."""
        ...

    def seen(self, content_hash: str, pipeline_version: str) -> bool:
        """Whether this exact content is already stored by this pipeline version (skip its work)."""
        ...

    def start_run(self, pipeline_version: str | None = None, inputs: Sequence[str] = ()) -> str: ...

    def finish_run(self, run_id: str, counts: Mapping[str, int]) -> None: ...

    def record_failure(self, run_id: str | None, origin: str | None, code: str | None,
                       reason: str) -> None: ...

    def events(self, filters: EventFilter | None = None) -> list[EventRow]: ...

    def iter_events(self, filters: EventFilter | None = None) -> Iterator[EventRow]:
        """Like ``events`` but streamed in pages, for exports of any size."""
        ...

    def articles(self) -> list[ArticleRow]: ...

    def article(self, article_id: str) -> ArticleDetail | None: ...

    def counts(self) -> dict[str, int]: ...

    def runs(self) -> list[RunRow]: ...

    def failures(self, run_id: str | None = None) -> list[FailureRow]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...
