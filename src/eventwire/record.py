"""The output contract: one JSON-ready dict per article, built from a finished Document.

This is what ``eventwire extract`` prints, what the store keeps per article and what the
scorers read. Keep it stable; additions are fine, renames are a breaking change (bump
``RECORD_VERSION`` and say so in the README).

Every ``start``/``end`` is a character offset into the article text (``article.text``).
"""

from __future__ import annotations

from typing import Any

from .model import Actor, Claim, ContextCue, DateRef, Document, Event, Participant, Place, Span

RECORD_VERSION = "1"


def _span(span: Span | None) -> dict[str, int | None]:
    return {"start": span.start if span else None, "end": span.end if span else None}


def article_id(doc: Document) -> str:
    """The article id: the input's own id, else the content id set at ingest, else 'doc'."""
    return doc.article.id or "doc"


def global_id(doc: Document, local_id: str) -> str:
    """Event/claim ids are unique across articles: ``<article id>:<local id>``."""
    return f"{article_id(doc)}:{local_id}"


def entity(doc: Document, part: Participant | None) -> dict[str, Any] | None:
    """A PLOVER entity object for one participant: ``{entity_text, code, sector, name, id, start, end}``."""
    if part is None:
        return None
    actor: Actor | None = doc.actor(part.actor_id)
    return {
        "entity_text": part.text,
        "code": actor.code if actor else None,
        "sector": actor.sector if actor else None,
        "name": actor.name if actor else None,
        "id": global_id(doc, actor.id) if actor else None,
        "affiliation": actor.affiliation if actor else None,
        "start": part.span.start,
        "end": part.span.end,
    }


def _date(date: DateRef | None) -> dict[str, Any] | None:
    if date is None:
        return None
    inferred = date.span is None
    return {
        "value": date.value,
        "precision": date.precision,
        "text": date.text,
        **_span(date.span),
        "source": "publication" if inferred else "text",
    }


def _location(doc: Document, event: Event) -> dict[str, Any] | None:
    if event.place is None:
        return None
    place = doc.place(event.place.place_id)
    if place is None:
        return None
    return {
        "extracted_place": place.text,
        "resolved_place": place.name,
        "geonameid": place.geonameid,
        "lat": place.lat,
        "lon": place.lon,
        "country_code": place.country_code,
        "admin1": place.admin1,
        "feature_code": place.feature_code,
        "precision": event.place.precision,
        "relation": place.relation,
        "score": place.score,  # the place's probability of being right, as in "places"
        "start": place.span.start if place.text else None,
        "end": place.span.end if place.text else None,
    }


def event_record(doc: Document, event: Event) -> dict[str, Any]:
    from .ontology import acled_types, quad_class

    sentence = doc.sentences[event.sentence] if event.sentence < len(doc.sentences) else None
    acled_event, acled_sub = acled_types(event, doc)
    return {
        "id": global_id(doc, event.id),
        "event_type": event.type,
        "mode": list(event.mode),
        "actor": [entity(doc, p) for p in event.actors],
        "recipient": [entity(doc, p) for p in event.recipients],
        "date": _date(event.date),
        "location": _location(doc, event),
        "size": {
            "dead": event.casualties.dead,
            "injured": event.casualties.injured,
            "arrested": event.casualties.arrested,
        },
        "status": list(event.status),
        "context": list(event.contexts),
        "event_text": doc.span_text(sentence.span) if sentence else doc.span_text(event.trigger),
        "trigger": {"text": doc.span_text(event.trigger), **_span(event.trigger)},
        "text_info": {
            "sentence": event.sentence,
            **_span(sentence.span if sentence else event.trigger),
        },
        "confidence": round(event.confidence, 3),
        "claims": [global_id(doc, c) for c in event.claims],
        "cameo": event.cameo,
        "quad_class": quad_class(event.type),
        "acled_event_type": acled_event,
        "acled_sub_event_type": acled_sub,
        "provenance": {
            "stage": event.provenance.stage,
            "version": event.provenance.version,
            "rule": event.provenance.rule,
            "model": event.provenance.model,
        },
    }


def claim_record(doc: Document, claim: Claim) -> dict[str, Any]:
    return {
        "id": global_id(doc, claim.id),
        "kind": claim.kind,
        "speaker": entity(doc, claim.speaker),
        "cited_source": claim.cited_source,
        "cited_span": _span(claim.cited_span) if claim.cited_span else None,
        "content": {"text": doc.span_text(claim.content), **_span(claim.content)},
        "events": [global_id(doc, e) for e in claim.events],
        "responsibility": claim.responsibility,
    }


def place_record(place: Place) -> dict[str, Any]:
    return {
        "text": place.text,
        **_span(place.span),
        "geonameid": place.geonameid,
        "name": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "country_code": place.country_code,
        "admin1": place.admin1,
        "feature_code": place.feature_code,
        "precision": place.precision,
        "relation": place.relation,
        # the probability that the place is right when the resolver is calibrated (see README,
        # "Event model"), else the resolver's own score; None for a name nothing resolved
        "score": place.score,
    }


def context_record(doc: Document, cue: ContextCue) -> dict[str, Any]:
    return {
        "context": cue.context,
        "group": cue.group,
        "text": doc.span_text(cue.span),
        "cue": cue.cue,
        "sentence": cue.sentence,
        **_span(cue.span),
    }


def timex_record(timex: DateRef) -> dict[str, Any]:
    return {
        "text": timex.text,
        **_span(timex.span),
        "type": timex.type,
        "value": timex.value,
        "precision": timex.precision,
    }


def actor_record(doc: Document, actor: Actor) -> dict[str, Any]:
    return {
        "id": global_id(doc, actor.id),
        "text": doc.span_text(actor.mentions[0]) if actor.mentions else actor.name,
        "name": actor.name,
        "kind": actor.kind,
        "code": actor.code,
        "sector": actor.sector,
        "affiliation": actor.affiliation,
        "aliases": list(actor.aliases),
        "wikidata": actor.wikidata,
        "mentions": [_span(m) for m in actor.mentions],
    }


def to_record(doc: Document, pipeline_version: str | None = None) -> dict[str, Any]:
    """The output contract for one processed article."""
    a = doc.article
    return {
        "article": {
            "id": article_id(doc),
            "title": a.title,
            "url": a.url,
            "source": a.source,
            "published": a.published.isoformat() if a.published else None,
            "published_source": a.published_source,
            "language": a.language,
        },
        "events": [event_record(doc, e) for e in doc.events],
        "claims": [claim_record(doc, c) for c in doc.claims],
        "places": [place_record(p) for p in doc.places],
        "timexes": [timex_record(t) for t in doc.timexes if t.span is not None],
        "entities": [actor_record(doc, x) for x in doc.actors],
        "contexts": [context_record(doc, c) for c in doc.contexts],
        "meta": {"record_version": RECORD_VERSION, "pipeline_version": pipeline_version},
    }
