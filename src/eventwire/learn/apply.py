"""Rules and model together: each rule event of a sentence gets the model's say, and a record of who won.

``rescore(model, sent, events) -> list[Event]`` is called by the events stage per sentence:

- the model gives the sentence's pentaclass probabilities from the parse and the rule events;
- a REQUEST event's CAMEO code is the one place where the class is open within one PLOVER
  type (an appeal, CAMEO 02, is a statement; a demand, CAMEO 10, verbal conflict). When the
  model prefers the other class by ``SWITCH_MARGIN`` the code changes and the model wins;
- every event's confidence becomes the calibrated probability that its class is the sentence's;
- a sentence where the rules found nothing gets one event from the model alone when it is sure
  of the class (``PROPOSE_MIN``, never for the statement class): ``propose`` gives its type, the
  most probable PLOVER type of that class by the type model; the stage places it on the clause.

``Provenance.model`` records the decision: ``event-model/<id>:agree`` (the model's first class is
the event's), ``:rule`` (the model prefers another class; the rule's type and code stand, with
the model's lower confidence) or ``:model`` (the model changed the code, or proposed the event).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..model import PLOVER_TYPES, Event
from ..ontology import TYPE_CAMEO, pentaclass
from ..stages.token_strings import span_text
from .features import event_class, sentence_features, sentence_vector
from .model import EventModel

#: how much more probable the other class must be before the model recodes a REQUEST
SWITCH_MARGIN = 0.25
_REQUEST_CODES = {0: "020", 3: "100"}
#: how sure the model must be of a sentence's class to propose an event the rules did not find.
#: Every training sentence holds an event (no negatives), so on real news a lower bar invents
#: events: at 0.6 the seed article got three ("the statement came from", "Iraq finds itself").
PROPOSE_MIN = 0.85


def rescore(model: EventModel, sent: Any, events: Sequence[Event]) -> list[Event]:
    """The sentence's events with model-calibrated confidence and the decision in provenance."""
    if not events:
        return []
    probs = model.probs(sentence_features(sent, events), sentence_vector(sent), span_text(sent))
    return [_decide(model, probs, ev) for ev in events]


def _decide(model: EventModel, probs: np.ndarray, ev: Event) -> Event:
    cls = event_class(ev)
    decision = "rule"
    if ev.type == "REQUEST" and cls in _REQUEST_CODES:
        other = 3 if cls == 0 else 0
        if probs[other] - probs[cls] >= SWITCH_MARGIN:
            ev = dataclasses.replace(ev, cameo=_REQUEST_CODES[other])
            cls, decision = other, "model"
    first = int(np.argmax(probs))
    if decision == "rule" and cls == first:
        decision = "agree"
    p_class = float(probs[cls]) if cls is not None else 0.0
    conf = model.confidence(p_class, ev.confidence, cls == first)
    prov = dataclasses.replace(ev.provenance, model=f"{model.name}:{decision}")
    return dataclasses.replace(ev, confidence=round(conf, 3), provenance=prov)


def propose(model: EventModel, sent: Any) -> tuple[str, float] | None:
    """(PLOVER type, class probability) of an event the model finds in a sentence without rule
    events, or None when it is not sure enough or sees a mere statement."""
    feats = sentence_features(sent, [])
    text = span_text(sent)
    probs = model.probs(feats, sentence_vector(sent), text)
    cls = int(np.argmax(probs))
    if cls == 0 or probs[cls] < PROPOSE_MIN:
        return None
    tprobs = model.type_probs(feats, text)
    if tprobs is None:
        return None
    allowed = [i for i, t in enumerate(PLOVER_TYPES) if pentaclass(TYPE_CAMEO[t]) == cls]
    best = max(allowed, key=lambda i: tprobs[i])
    return PLOVER_TYPES[best], float(probs[cls])
