"""Response models of the HTTP API: what ``/openapi.json`` documents and every response conforms to.

They mirror the store's rows (``store/protocol.py``: ``EventRow.as_dict()`` and friends) field
for field: article, actor and claim models are made from the rows themselves (``_mirror``); the
event model is written out for its field descriptions. Records (the output contract) stay
free-form objects.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..store.protocol import ActorRow, ArticleRow, ClaimRow


class _Model(BaseModel):
    # A field the store adds to its rows later passes through (documented ones are still checked)
    # rather than failing every response.
    model_config = ConfigDict(extra="allow")


class ErrorOut(_Model):
    """Every 4xx answer: one sentence saying what was wrong and what to do."""

    detail: str = Field(description="What was wrong with the request, and what to do.")


class HealthOut(_Model):
    status: Literal["ok"]
    events: int = Field(description="Events stored.")
    articles: int = Field(description="Articles stored.")
    pipeline_version: str | None = Field(
        description="Pipeline version of the most recently coded article (null when empty)."
    )


class EventOut(_Model):
    """One stored event (``EventRow.as_dict()``)."""

    event_id: str
    article_id: str
    seq: int = Field(description="Position of the event in its article.")
    type: str = Field(description="PLOVER event type, e.g. ASSAULT.")
    mode: list[str] = Field(description="PLOVER modes, e.g. aerial.")
    actor: list[str] = Field(description="Actor texts (or canonical names).")
    actor_code: list[str | None]
    recipient: list[str]
    recipient_code: list[str | None]
    date: str | None = Field(
        description="Date as coded (TIMEX value): 2019-08-21, 2019-W33, 2019-08, 1981."
    )
    date_precision: str | None
    date_start: str | None = Field(description="First day the date covers (ISO).")
    date_end: str | None = Field(description="Last day the date covers (ISO).")
    place: str | None
    country: str | None = Field(description="ISO3 code of the event location's country.")
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None = Field(
        description="ACLED geo_precision: 1 town/site, 2 near/part of, 3 region/country."
    )
    geo_score: float | None = Field(
        description="Probability (0-1) that the location's place is right, within 161 km, when "
        "the resolver is calibrated; null without a scored location."
    )
    dead: int | None
    injured: int | None
    arrested: int | None
    status: list[str] = Field(
        description="reported, alleged, denied, historical, hypothetical, negated."
    )
    confidence: float | None
    cameo: str | None
    quad_class: int | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    event_text: str | None = Field(description="The evidence sentence.")
    url: str | None
    title: str | None
    source: str | None = Field(description="The outlet.")
    published: str | None
    language: str | None
    pipeline_version: str
    coded_at: str = Field(description="When the article was (re)coded (ISO UTC).")


class EventPageOut(_Model):
    items: list[EventOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )
    total: int = Field(description="Events matching the filters, over all pages.")


class ArticleRef(_Model):
    id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None


class EventDetailOut(EventOut):
    """One event with its evidence (the output-contract record), the claims about it and its article."""

    record: dict[str, Any] = Field(
        description="The event's output-contract record: trigger, actor/recipient entities, location, "
        "date and text_info, each with start/end character offsets into the article text."
    )
    claims: list[dict[str, Any]] = Field(description="Claim records that concern this event.")
    wikidata: dict[str, str] = Field(description="Wikidata ids of participants, by actor id.")
    article: ArticleRef


def _mirror(row: type, doc: str) -> Any:
    """The response model of a store row (``store/protocol.py``): its fields, in order, as JSON
    types (``as_dict()`` turns tuples into lists), so the row and its model cannot drift apart."""

    def json_type(hint: Any) -> Any:
        origin = typing.get_origin(hint)
        if origin is tuple:
            return list[typing.get_args(hint)[0]]  # type: ignore[valid-type]
        if origin is Mapping:
            return dict[str, Any]
        return hint

    hints = typing.get_type_hints(row)
    fields = {f.name: (json_type(hints[f.name]), ...) for f in dataclasses.fields(row)}
    name = row.__name__.removesuffix("Row") + "Out"
    return create_model(name, __base__=_Model, __doc__=doc, **fields)  # type: ignore[call-overload]


ArticleOut = _mirror(ArticleRow, "One stored article, without its text.")


class ArticleListOut(_Model):
    items: list[ArticleOut]
    total: int = Field(description="Articles stored.")


class ArticleDetailOut(_Model):
    article: ArticleOut
    text: str = Field(description="The article text every start/end offset points into.")
    record: dict[str, Any] = Field(description="The article's full output-contract record.")


ActorOut = _mirror(ActorRow, "One actor across articles, by canonical name and code.")


class ActorListOut(_Model):
    items: list[ActorOut]


ClaimOut = _mirror(ClaimRow, "One stored claim with its output-contract record.")


class ClaimListOut(_Model):
    items: list[ClaimOut]


class BucketOut(_Model):
    key: str
    count: int


class AggregateOut(_Model):
    by: str
    buckets: list[BucketOut]


class ArticleIn(BaseModel):
    """An article to code (``POST /api/articles`` with ``Content-Type: application/json``)."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not ignored

    text: str = Field(description="The article body.")
    id: str | None = Field(
        default=None, description="Your id for it; by default a hash of the text."
    )
    title: str | None = None
    url: str | None = None
    source: str | None = Field(default=None, description="The outlet.")
    published: str | None = Field(
        default=None, description="Publication date, YYYY-MM-DD or ISO 8601."
    )


class IngestOut(_Model):
    article_id: str
    outcome: Literal["stored", "unchanged", "recoded", "linked"] = Field(
        description="stored: new; unchanged: already stored by this pipeline version; recoded: "
        "stored before by another pipeline version; linked: a near-copy of the stored article "
        "original_id, linked to it and not coded."
    )
    events: int = Field(description="Events coded in the article (0 when linked).")
    original_id: str | None = Field(
        default=None, description="linked only: the stored article this one is a near-copy of."
    )
    jaccard: float | None = Field(
        default=None, description="linked only: estimated word 5-shingle Jaccard similarity."
    )
