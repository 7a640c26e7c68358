"""The events stage's use of the learned model: loading it, and placing the events it proposes.

``load_model(setting, default_path)`` reads the model ``EventsOptions.model`` names;
``proposed_events(stage, sent, ...)`` turns the model's proposal for a sentence without rule
events (:func:`eventwire.learn.apply.propose`) into an Event on the sentence's main clause.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ..learn.apply import propose
from ..model import EVENT_STATUSES, Document, Event, Provenance, Span
from ..ontology import cameo_code
from .event_roles import ActorIndex, objects, participants, prep_objects, status_of, subjects
from .event_rules import TYPE_PREPS, pkey


def load_model(setting: str, default_path: Path) -> Any:
    """The event model the option names; None for rules alone ("none", or "auto" before training)."""
    if setting.lower() == "none":
        return None
    from ..learn.model import EventModel  # numpy only; imported when a model is used

    if setting.lower() == "auto":
        return EventModel.load(default_path) if default_path.is_file() else None
    return EventModel.load(setting)


def proposed_events(
    stage: Any, sent: Any, sent_i: int, n: int, doc: Document, index: ActorIndex
) -> list[Event]:
    """The model's event for a sentence the rules found nothing in, placed on its main clause
    (the reported clause under a speech verb); none for a negated or unreal clause."""
    model, lex = stage._model, stage.lexicon
    found = propose(model, sent)
    if found is None:
        return []
    type_, prob = found
    verb = sent.root
    if verb.lemma_.lower() in lex.speech_verbs:
        verb = next((c for c in verb.children if c.dep_ == "ccomp"), verb)
    if verb.pos_ not in {"VERB", "AUX"}:
        return []
    status, _future = status_of(verb, verb, lex)
    if {"negated", "hypothetical"} & status:
        return []
    acts = participants(subjects(verb), doc, index)
    recs = participants(objects(verb) + prep_objects(verb, TYPE_PREPS[type_]), doc, index)
    recs = tuple(r for r in recs if pkey(r) not in {pkey(a) for a in acts})
    event = Event(
        id=f"e{n}",
        type=type_,
        trigger=Span(verb.idx, verb.idx + len(verb.text)),
        sentence=sent_i,
        actors=acts,
        recipients=recs,
        status=tuple(s for s in EVENT_STATUSES if s in status) or ("reported",),
        confidence=round(prob, 3),
        provenance=Provenance(stage.name, stage.version, model=f"{model.name}:model", rule=None),
    )
    return [dataclasses.replace(event, cameo=cameo_code(event))]
