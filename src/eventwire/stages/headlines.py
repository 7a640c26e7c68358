"""Headlines and subheadings that restate the body: their events are the body's, told twice.

A news page repeats itself: the title ("Iraqi militias accuse US and Israel of attacking bases")
and subheadings ("Netanyahu threatens Iran") summarise paragraphs that tell the same thing with
their evidence. ``drop_headline_repeats(doc)`` runs once claims are linked (statuses such as
``alleged`` and the speaker behind a quoted "we" are known by then) and drops a headline's event
when a later body sentence has the same event: the same type, assertion and coded actors and
recipients, or, for an alleged deed, the same type alleged. The body's event stays; claims no
longer point at the dropped one.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..model import Document, Event

_UNASSERTED = frozenset({"hypothetical", "negated"})
#: Words at most in a subheading; longer unpunctuated lines are more often broken paragraphs.
MAX_WORDS = 12


def is_headline(doc: Document, index: int) -> bool:
    """The first line, or a line of its own of at most MAX_WORDS words, without a final stop."""
    span = doc.sentences[index].span
    raw = doc.text[span.start : span.end]
    line = raw.strip()
    if not line or line.endswith((".", "!", "?", "\u201d", '"', ":", ";", ",")):
        return False
    if index == 0:
        return True
    start = span.start + len(raw) - len(raw.lstrip())
    end = span.start + len(raw.rstrip())
    before = doc.text[max(0, start - 2) : start]
    after = doc.text[end : end + 2]
    return "\n" in before and (not after.strip() or "\n" in after) and len(line.split()) <= MAX_WORDS


def event_key(e: Event, codes: dict[str, str | None]) -> tuple[Any, ...] | None:
    """What makes two mentions one event: type, assertion, coded actors and recipients (None when
    either side has no code: then nothing says they are the same)."""
    acts = frozenset(codes.get(p.actor_id or "") for p in e.actors) - {None}
    recs = frozenset(codes.get(p.actor_id or "") for p in e.recipients) - {None}
    if not acts or not recs:
        return None
    return (e.type, bool(_UNASSERTED & set(e.status)), acts, recs)


def drop_headline_repeats(doc: Document) -> Document:
    heads = {s.index for s in doc.sentences if is_headline(doc, s.index)}
    if not heads or not doc.events:
        return doc
    codes = {a.id: a.code for a in doc.actors}

    def key(e: Event) -> tuple[Any, ...] | None:
        return event_key(e, codes)

    body = [e for e in doc.events if e.sentence not in heads]

    def repeats(e: Event) -> list[str]:
        """The body's events that tell ``e`` again (none: ``e`` stays)."""
        later = [x for x in body if x.sentence > e.sentence]
        k = key(e)
        same = [x.id for x in later if k is not None and key(x) == k]
        if not same and "alleged" in e.status:
            same = [x.id for x in later if x.type == e.type and "alleged" in x.status]
        return same

    gone = {e.id: r for e in doc.events if e.sentence in heads and (r := repeats(e))}
    if not gone:
        return doc
    # a claim about the headline's event is about the body's events that tell it again
    claims = tuple(
        dataclasses.replace(c, events=tuple(dict.fromkeys(
            j for i in c.events for j in (gone.get(i) or [i]))))
        if set(gone) & set(c.events) else c
        for c in doc.claims
    )
    return dataclasses.replace(doc, events=tuple(e for e in doc.events if e.id not in gone), claims=claims)


def renumbered(doc: Document) -> Document:
    """Event ids back to e0, e1, ... in order after events were merged or dropped, with the claims'
    links following them (an id's gap would read as an event lost)."""
    ids = [e.id for e in doc.events]
    want = [f"e{i}" for i in range(len(ids))]
    if ids == want:
        return doc
    new = dict(zip(ids, want, strict=True))
    events = tuple(dataclasses.replace(e, id=new[e.id]) for e in doc.events)
    claims = tuple(dataclasses.replace(c, events=tuple(new.get(i, i) for i in c.events)) for c in doc.claims)
    return dataclasses.replace(doc, events=events, claims=claims)
