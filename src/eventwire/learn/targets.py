"""The phrase models at run time: what a sentence's main event was done to (its CAMEO target),
who did it (its source), and where each phrase ends.

``retarget(model, sent, events, doc, index)`` is called by the events stage per sentence, after
:func:`.apply.rescore`. The main event is the sentence's most confident asserted one (the event
that gives the sentence its class). Every candidate phrase (:func:`.spans.candidates`) gets each
model's probability of being that event's target, or source; phrases are taken best first,
without overlaps, the first at ``FIRST_MIN`` and any further one at ``MORE_MIN``. Then:

- a rule recipient inside a chosen target phrase keeps its actor and takes the phrase as its
  evidence ("Kenya's handling of the drought" for Kenya; "Chile and Norway" for each),
  and a rule actor inside a chosen source phrase likewise ("X, the group's spokesman"); a phrase
  that overlaps the other side's parties is never taken;
- a chosen target phrase with no rule recipient in it becomes a recipient (its actor resolved as
  the rules resolve one) only when it is clear of the event's actors and its head is a party or a
  place reached from the trigger through objects and target prepositions ("sent troops to X",
  "met with X"): never a subject, nor a place the event happened in ("in X"). ConfliBERT's
  annotators often mark those as targets, and the model learnt to (on the gold, out-of-fold,
  adding them scores higher), but on news they are the event's actors or location, not whom it
  was done to (on the bundled samples: 23 additions in 34 articles, most of them wrong, before
  this rule; 1 after it). The source model adds no actors: where the rules found none, adding the
  subject phrase it chose changed no score;
- rule parties the models did not choose stay: they delimit and add, never remove (dropping rule
  recipients the target model gives under 0.1 lowered both ConfliBERT target F1 and PLOVER
  recipient accuracy).

``Provenance.model`` of a changed event gains ``;target:span`` (a recipient's phrase changed),
``;target:added`` (a recipient came from the model alone) and ``;source:span`` (an actor's
phrase changed), so the output says where a model won. Thresholds were set on out-of-fold
predictions (see :mod:`.train_targets`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..model import Document, Event, Participant, Span
from ..stages.event_recipients import party
from ..stages.token_strings import span_text, token_strings
from .spans import NOUNISH, Candidate, candidates, features_pair

#: probability a first target phrase needs, and any further one
FIRST_MIN = 0.2
MORE_MIN = 0.4
#: statuses of an event a sentence talks about rather than reports (not its main event)
_NOT_ASSERTED = frozenset({"alleged", "denied", "hypothetical"})
#: entity labels of a phrase head that can be a recipient the rules missed
_TARGET_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
#: relations on the way from an added recipient up to the trigger
_PATH_DEPS = frozenset({"dobj", "dative", "pobj", "prep", "conj", "appos", "xcomp", "attr", "oprd"})
#: prepositions that lead to a target: a party "met with X", "sanctions on X"; a place only as
#: where an act is aimed ("sent troops to X"), never where it happened ("in X", "near X")
_PARTY_PREPS = frozenset({"to", "with", "against", "on", "at", "toward", "towards", "into", "over",
                          "for", "upon", "from", "of"})
_PLACE_PREPS = frozenset({"to", "against", "toward", "towards", "into", "on", "upon"})


def main_event(events: Sequence[Event]) -> int | None:
    """Index of the sentence's most confident asserted event (any event when none is asserted)."""
    if not events:
        return None
    pool = [i for i, e in enumerate(events) if not set(e.status) & _NOT_ASSERTED]
    pool = pool or list(range(len(events)))
    return max(pool, key=lambda i: events[i].confidence)  # max keeps the first of ties


def token_span(doc: Any, span: Span) -> tuple[int, int] | None:
    """The parse tokens ``[start, end)`` a character span covers, None when it covers none."""
    sp = doc.char_span(span.start, span.end, alignment_mode="expand")
    return (sp.start, sp.end) if sp is not None and len(sp) else None


def trigger_token(doc: Any, event: Event) -> Any:
    sp = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return sp.root if sp is not None and len(sp) else None


def event_candidates(
    trig: Any, event: Event
) -> tuple[list[Candidate], list[tuple[int, int]], list[tuple[int, int]]]:
    """(candidates of the trigger's sentence, rule recipient spans, rule actor spans) of an event
    whose trigger token is ``trig`` (:func:`trigger_token`)."""
    doc = trig.doc
    rt = [t for t in (token_span(doc, p.span) for p in event.recipients) if t]
    rs = [t for t in (token_span(doc, p.span) for p in event.actors) if t]
    return candidates(trig.sent), rt, rs


def _widens(cands: Sequence[Candidate], spans: Sequence[tuple[int, int]]) -> bool:
    """Whether some candidate phrase holds a rule party's span and more: only then can a model
    change that party's evidence."""
    return any(c.start <= s and e <= c.end and c.end - c.start > e - s
               for c in cands for s, e in spans)


def _addable(head: Any, trig: Any) -> bool:
    """Whether a phrase head may become a recipient the rules did not find: a party or place in
    the trigger's own clause, reached through objects and target prepositions only (never a
    subject, nor a place the event merely happened in)."""
    place = head.ent_type_ in _PLACE_ENTS
    if head.pos_ == "PRON" or not (party(head) or place or head.ent_type_ in _TARGET_ENTS):
        return False
    cur = head
    while cur.i != trig.i:
        if cur.dep_ not in _PATH_DEPS or cur.head.i == cur.i:
            return False
        if cur.dep_ == "prep" and (
            cur.lower_ not in (_PLACE_PREPS if place else _PARTY_PREPS)
            or head.ent_type_ == "FAC"  # "marched to the square": where to, not whom
        ):
            return False
        cur = cur.head
    return True


def _any_addable(trig: Any) -> bool:
    """Whether any noun of the trigger's sentence could become an added recipient."""
    sent, pos = trig.sent, token_strings(trig.doc).pos_
    return any(pos[i] in NOUNISH and i != trig.i and _addable(trig.doc[i], trig)
               for i in range(sent.start, sent.end))


def choose(probs: np.ndarray, cands: Sequence[Candidate]) -> list[tuple[Candidate, float]]:
    """Phrases best first, without overlaps: the first at FIRST_MIN, more at MORE_MIN."""
    out: list[tuple[Candidate, float]] = []
    for i in np.argsort(-probs, kind="stable"):
        p = float(probs[i])
        if p < (FIRST_MIN if not out else MORE_MIN):
            break
        c = cands[i]
        if any(c.start < o.end and o.start < c.end for o, _ in out):
            continue
        out.append((c, p))
    return out


def retarget(
    model: Any, sent: Any, events: list[Event], doc: Document, index: Any
) -> list[Event]:
    """The sentence's events with the main event's recipients delimited and completed by the
    target model and its actors delimited by the source model (see the module docstring);
    unchanged when the model file has no phrase models."""
    k = main_event(events)
    if k is None:
        return events
    event = events[k]
    sides = [side for side in ("target", "source") if getattr(model, "has_phrases", None)
             and model.has_phrases(side)]
    if not sides:
        return events
    trig = trigger_token(sent.doc, event)
    if trig is None:
        return events
    addable = "target" in sides and _any_addable(trig)
    if not (event.recipients or event.actors or addable):
        return events  # nothing the models could change: no rule party, no phrase to add
    cands, rt, rs = event_candidates(trig, event)
    need_target = "target" in sides and (addable or _widens(cands, rt))
    need_source = "source" in sides and _widens(cands, rs)
    if not (need_target or need_source):
        return events
    feats, src_feats = features_pair(cands, trig, event, rt, rs)
    tags: list[str] = []
    if need_target:
        chosen = choose(model.phrase_probs("target", feats, span_text(sent)), cands)
        recipients, changed = _delimited(event.recipients, chosen, rt, rs, sent.doc, doc)
        added = []
        for c, _p in chosen:
            if not any(_overlap(c, t) for t in rt + rs) and _addable(c.head, trig):
                span = _char(sent.doc, c)
                head = c.head
                actor_id = index.lookup(head, Span(head.idx, head.idx + len(head.text)))
                added.append(Participant(actor_id, span, doc.text[span.start : span.end]))
        if changed or added:
            recipients = sorted([*recipients, *added], key=lambda r: r.span.start)
            event = dataclasses.replace(event, recipients=tuple(recipients))
            tags += ["target:span"] * changed + ["target:added"] * bool(added)
    if need_source:
        chosen = choose(model.phrase_probs("source", src_feats, span_text(sent)), cands)
        actors, changed = _delimited(event.actors, chosen, rs, rt, sent.doc, doc)
        if changed:
            event = dataclasses.replace(event, actors=tuple(actors))
            tags.append("source:span")
    if not tags:
        return events
    tag = ";".join(tags)
    prov = dataclasses.replace(
        event.provenance, model=f"{event.provenance.model};{tag}" if event.provenance.model else tag
    )
    out = list(events)
    out[k] = dataclasses.replace(event, provenance=prov)
    return out


def _overlap(c: Candidate, t: tuple[int, int]) -> bool:
    return t[0] < c.end and c.start < t[1]


def _char(spdoc: Any, c: Candidate) -> Span:
    return Span(spdoc[c.start].idx, spdoc[c.end - 1].idx + len(spdoc[c.end - 1].text))


def _delimited(
    parts: Sequence[Participant],
    chosen: list[tuple[Candidate, float]],
    own: list[tuple[int, int]],
    other: list[tuple[int, int]],
    spdoc: Any,
    doc: Document,
) -> tuple[list[Participant], bool]:
    """``parts`` with each one inside a chosen phrase taking that phrase as its evidence (a
    phrase that overlaps the other side's parties is never taken); whether any changed."""
    out = list(parts)
    spans = [token_span(spdoc, p.span) for p in out]
    changed = False
    for c, _p in chosen:
        if any(_overlap(c, t) for t in other):
            continue
        for j, t in enumerate(spans):
            if t is None or not (c.start <= t[0] and t[1] <= c.end):
                continue
            span = _char(spdoc, c)
            if out[j].span != span:
                text = doc.text[span.start : span.end]
                out[j] = dataclasses.replace(out[j], span=span, text=text)
                changed = True
    return out, changed
