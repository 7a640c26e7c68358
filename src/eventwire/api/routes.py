"""The read routes under ``/api/``: thin handlers over the store's query methods and the exporters.

Handlers parse and check parameters, call one store method, and shape its rows (``as_dict``);
what a filter means lives in the store (``EventFilter``), what a format looks like in
``eventwire.export``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse

from ..export import FORMATS, stream
from ..store.protocol import AGGREGATES, SORTS, ClaimFilter, EventFilter, Store
from .app import error_responses
from .models import (
    ActorListOut,
    AggregateOut,
    ArticleDetailOut,
    ArticleListOut,
    ClaimListOut,
    EventDetailOut,
    EventPageOut,
    HealthOut,
)

#: Read routes; ``create_app`` adds the token check (``read_access``) when reads are protected,
#: so the OpenAPI document declares the token exactly where it is needed.
router = APIRouter(prefix="/api")

MAX_LIMIT = 1000
_READ_ERRORS = error_responses(401, 403, 422, 503)


def _store(request: Request) -> Store:
    return request.app.state.store


def _bad(exc: ValueError) -> HTTPException:
    return HTTPException(422, str(exc))


# --- parameters --------------------------------------------------------------------------------

# Dates are strings checked by pattern, then parsed by EventFilter (422 for 2019-02-30): a typed
# date would also take "0" as 1970-01-01.
_DATE: dict[str, Any] = {
    "pattern": r"^\d{4}-\d{2}-\d{2}$",
    "examples": ["2019-08-01"],
    "json_schema_extra": {"format": "date"},
}


def _q(description: str, **kw: Any) -> Any:
    return Query(description=description, **kw)


_Str = str | None


def event_filter(
    country: Annotated[
        _Str, _q("ISO3 code of the event location's country, e.g. IRQ.", max_length=3)
    ] = None,
    admin1: Annotated[
        _Str, _q("Admin-1 (province/state) name of the event location, any case.")
    ] = None,
    actor: Annotated[
        _Str,
        _q(
            "Actor or recipient: text or canonical name (substring, any case) "
            "or code (ISO3, IGO, ...)."
        ),
    ] = None,
    type_: Annotated[_Str, _q("PLOVER event type, e.g. ASSAULT.", alias="type")] = None,
    mode: Annotated[_Str, _q("PLOVER mode, e.g. aerial.")] = None,
    acled_type: Annotated[
        _Str, _q("ACLED event type or sub-event type, e.g. Battles or Air/drone strike.")
    ] = None,
    status: Annotated[
        _Str, _q("Event status: reported, alleged, denied, historical, hypothetical or negated.")
    ] = None,
    since: Annotated[
        _Str, _q("Events whose date range reaches this day or later (YYYY-MM-DD).", **_DATE)
    ] = None,
    until: Annotated[
        _Str, _q("Events whose date range starts on or before this day (YYYY-MM-DD).", **_DATE)
    ] = None,
    bbox: Annotated[
        _Str,
        _q(
            "Bounding box min_lon,min_lat,max_lon,max_lat (WGS 84, edges included).",
            examples=["38,29,49,38"],
        ),
    ] = None,
    q: Annotated[
        _Str,
        _q(
            "Free text, any case, over the evidence: the event sentence, trigger "
            "and participant texts."
        ),
    ] = None,
    min_confidence: Annotated[float | None, _q("Lowest event confidence, 0-1.", ge=0, le=1)] = None,
) -> EventFilter:
    """The EventFilter of the event filter query parameters (422 for a malformed one)."""
    try:
        return EventFilter(
            country=country,
            admin1=admin1,
            actor=actor,
            type=type_,
            mode=mode,
            acled_type=acled_type,
            status=status,
            since=since,
            until=until,
            bbox=bbox,
            text=q,
            min_confidence=min_confidence,
        )  # type: ignore[arg-type]
    except ValueError as exc:
        raise _bad(exc) from None


Filters = Annotated[EventFilter, Depends(event_filter)]
Limit = Annotated[
    int, Query(ge=0, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")
]
MAX_OFFSET = 10**12  # beyond any store; SQL integers overflow at 2**63
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]

#: What ``format``/``Accept`` can ask of GET /api/events: JSON pages, or an export streamed whole.
_FORMAT_OF_MEDIA = {
    "application/json": "json",
    "text/csv": "acled-csv",
    "application/geo+json": "geojson",
    "text/tab-separated-values": "gdelt-tsv",
    "application/x-ndjson": "plover-jsonl",
    "application/vnd.apache.parquet": "parquet",
}
_FORMAT_ALIASES = {
    "json": "json",
    "csv": "acled-csv",
    "geojson": "geojson",
    **{name: name for name in FORMATS},
}
EventFormat = Literal["json", "csv", "geojson", "acled-csv", "gdelt-tsv", "plover-jsonl", "parquet"]


#: OpenAPI schemas of the exports the API can answer with, beyond "a string".
_EXPORT_SCHEMAS: dict[str, dict[str, Any]] = {
    "application/geo+json": {
        "type": "object",
        "required": ["type", "features"],
        "description": "GeoJSON FeatureCollection; events without coordinates are left out and counted.",
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "id", "geometry", "properties"],
                    "properties": {
                        "type": {"type": "string", "enum": ["Feature"]},
                        "id": {"type": "string", "description": "The event id."},
                        "geometry": {
                            "type": "object",
                            "required": ["type", "coordinates"],
                            "properties": {
                                "type": {"type": "string", "enum": ["Point"]},
                                "coordinates": {
                                    "type": "array",
                                    "items": {"type": "number"},
                                    "minItems": 2,
                                    "maxItems": 2,
                                    "description": "[lon, lat], WGS 84.",
                                },
                            },
                        },
                        "properties": {
                            "type": "object",
                            "description": "The event's fields (as in JSON) but lat and lon.",
                        },
                    },
                },
            },
            "eventwire": {
                "type": "object",
                "properties": {"events_without_coordinates": {"type": "integer", "minimum": 0}},
            },
        },
    },
    "application/vnd.apache.parquet": {"type": "string", "format": "binary"},
}


def _negotiate(accept: str | None) -> str | None:
    """The format ``accept`` prefers (q-values honoured): "json" for none or */*, None if none fits."""
    if not accept or not accept.strip():
        return "json"
    best: tuple[float, int, str] | None = None
    for i, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        media = media.lower()
        fmt = "json" if media in ("*/*", "application/*") else _FORMAT_OF_MEDIA.get(media)
        if fmt is None or q <= 0:
            continue
        if best is None or (q, -i) > (best[0], best[1]):
            best = (q, -i, fmt)
    return best[2] if best else None


def _export_response(store: Store, filters: EventFilter, fmt: str) -> StreamingResponse:
    spec = FORMATS[fmt]
    pieces: Iterator[Any] = stream(store.iter_events(filters), fmt)

    async def body() -> AsyncIterator[Any]:
        # Iterated here, on the event loop's thread: the store is not shared with worker threads.
        for piece in pieces:
            yield piece

    return StreamingResponse(
        body(),
        media_type=spec.media_type,
        headers={"Content-Disposition": f'inline; filename="events{spec.suffix}"'},
    )


# --- routes ------------------------------------------------------------------------------------


@router.get(
    "/health",
    response_model=HealthOut,
    summary="Service health and store counts",
    responses=error_responses(401, 403, 503),
)
async def health(request: Request) -> dict[str, Any]:
    """Whether the API is up, the events and articles the store holds, and the pipeline version."""
    counts = _store(request).counts(("events", "articles"))
    return {
        "status": "ok",
        "events": counts.get("events", 0),
        "articles": counts.get("articles", 0),
        "pipeline_version": request.app.state.pipeline.version,
    }


@router.get(
    "/events",
    response_model=EventPageOut,
    summary="Events, filtered, sorted and paginated",
    responses={
        200: {
            "description": "A page of events (JSON), or every matching event as ACLED-style CSV, "
            "GeoJSON, GDELT TSV, PLOVER JSONL or Parquet.",
            "content": {
                media: {"schema": _EXPORT_SCHEMAS.get(media, {"type": "string"})}
                for media in _FORMAT_OF_MEDIA
                if media != "application/json"
            },
        },
        **error_responses(401, 403, 406, 422, 503),
    },
)
async def events(
    request: Request,
    filters: Filters,
    sort: Annotated[
        Literal[SORTS],
        Query(
            description="Order: date, published, confidence or dead; "  # type: ignore[valid-type]
            "'-' first for descending. Missing values last."
        ),
    ] = "date",
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_LIMIT,
            description=f"Events per page, default 100, at most {MAX_LIMIT}. "
            "For CSV/GeoJSON and other exports: the most events to write (default all).",
        ),
    ] = None,
    format: Annotated[
        EventFormat | None,
        Query(  # noqa: A002 - the public parameter name
            description="Response format; overrides Accept. csv = ACLED-style CSV. Exports are streamed "
            "whole (not paged): sort and cursor apply to JSON only."
        ),
    ] = None,
) -> Any:
    """Events matching every filter given. JSON pages carry `next_cursor` (keyset pagination, stable
    under inserts) and `total`. `Accept: text/csv` or `format=csv` gives ACLED-style CSV (only the
    events ACLED codes), `Accept: application/geo+json` or `format=geojson` a GeoJSON
    FeatureCollection (located events)."""
    fmt = _FORMAT_ALIASES[format] if format else _negotiate(request.headers.get("accept"))
    if fmt is None:
        raise HTTPException(
            406,
            "cannot answer in any media type the Accept header lists: use "
            + ", ".join(_FORMAT_OF_MEDIA)
            + " (or the format parameter)",
        )
    store = _store(request)
    cursor = cursor or None  # an empty parameter is no parameter
    if fmt != "json":
        if cursor is not None:
            raise HTTPException(
                422, "cursor applies to JSON pages only: exports stream every matching event"
            )
        if limit is not None:
            filters = EventFilter(**{**_fields(filters), "limit": limit})
        return _export_response(store, filters, fmt)
    try:
        page = store.page_events(filters, limit=limit or 100, cursor=cursor, sort=sort)
    except ValueError as exc:
        raise _bad(exc) from None
    return {
        "items": [r.as_dict() for r in page.rows],
        "next_cursor": page.next_cursor,
        "total": page.total,
    }


def _fields(f: EventFilter) -> dict[str, Any]:
    return {name: getattr(f, name) for name in f.__dataclass_fields__}


@router.get(
    "/events/{event_id}",
    response_model=EventDetailOut,
    summary="One event with its evidence",
    responses=error_responses(401, 403, 404, 503),
)
async def event(
    request: Request,
    event_id: Annotated[str, Path(description="Event id, e.g. seed-iraq-militias-2019-08-21:e1.")],
) -> dict[str, Any]:
    """The event, its output-contract record (every field with its character span), the claims
    about it and its article's citation."""
    row = _store(request).event(event_id)
    if row is None:
        raise HTTPException(
            404, f"no event {event_id!r} in the store (list them with GET /api/events)"
        )
    out = row.as_dict(full=True)
    out["article"] = {
        "id": row.article_id,
        "title": row.title,
        "url": row.url,
        "source": row.source,
        "published": row.published,
    }
    return out


@router.get(
    "/articles", response_model=ArticleListOut, summary="Stored articles", responses=_READ_ERRORS
)
async def articles(request: Request, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Stored articles (without text), by publication date then id."""
    store = _store(request)
    return {
        "items": [a.as_dict() for a in store.articles(limit=limit, offset=offset)],
        "total": store.counts(("articles",))["articles"],
    }


@router.get(
    "/articles/{article_id}",
    response_model=ArticleDetailOut,
    summary="One article with its text and record",
    responses=error_responses(401, 403, 404, 503),
)
async def article(
    request: Request,
    article_id: Annotated[str, Path(description="Article id (GET /api/articles lists them).")],
) -> dict[str, Any]:
    """The article, its text, and its full output-contract record (events, claims, places,
    timexes, entities), every span a character offset into the text."""
    detail = _store(request).article(article_id)
    if detail is None:
        raise HTTPException(
            404, f"no article {article_id!r} in the store (list them with GET /api/articles)"
        )
    return {"article": detail.article.as_dict(), "text": detail.text, "record": dict(detail.record)}


@router.get(
    "/actors",
    response_model=ActorListOut,
    summary="Actors with their aliases",
    responses=_READ_ERRORS,
)
async def actors(
    request: Request,
    q: Annotated[
        str | None, Query(description="Name, alias or text contains this (any case).")
    ] = None,
    code: Annotated[str | None, Query(description="Actor code, e.g. IRQ or IGO.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Actors across articles, grouped by canonical name and code, with aliases and counts."""
    try:
        rows = _store(request).actors(query=q, code=code, limit=limit, offset=offset)
    except ValueError as exc:
        raise _bad(exc) from None
    return {"items": [a.as_dict() for a in rows]}


@router.get(
    "/claims", response_model=ClaimListOut, summary="Claims: who says what", responses=_READ_ERRORS
)
async def claims(
    request: Request,
    kind: Annotated[
        str | None, Query(description="Claim kind, e.g. accusation, denial, report.")
    ] = None,
    speaker: Annotated[
        str | None, Query(description="Speaker text or name (substring, any case) or code.")
    ] = None,
    article_id: Annotated[str | None, Query(description="Only claims in this article.")] = None,
    event_id: Annotated[str | None, Query(description="Only claims about this event.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Claims with speaker, cited source, content and the events they concern."""
    try:
        f = ClaimFilter(
            kind=kind,
            speaker=speaker,
            article_id=article_id,
            event_id=event_id,
            limit=limit,
            offset=offset,
        )
        rows = _store(request).claims(f)
    except ValueError as exc:
        raise _bad(exc) from None
    return {"items": [c.as_dict() for c in rows]}


@router.get(
    "/aggregates",
    response_model=AggregateOut,
    summary="Event counts per bucket, for charts",
    responses=_READ_ERRORS,
)
async def aggregates(
    request: Request,
    filters: Filters,
    by: Annotated[
        Literal[AGGREGATES],
        Query(  # type: ignore[valid-type]
            description="Bucket: day, week (ISO, 2019-W33), month, year, country, admin1, type, "
            "acled_type or status. Date buckets count an event at its first day; undated "
            "events are left out of them."
        ),
    ],
) -> dict[str, Any]:
    """How many events matching the filters fall in each bucket."""
    try:
        buckets = _store(request).aggregate(by, filters)
    except ValueError as exc:
        raise _bad(exc) from None
    return {"by": by, "buckets": [{"key": str(k), "count": int(n)} for k, n in buckets]}
