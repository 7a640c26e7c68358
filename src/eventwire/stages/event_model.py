"""Article-level steps of the events stage: the learned model's glue, headline repeats.

``load_model(setting, default_path)`` reads the model ``EventsOptions.model`` names;
``proposed_events(stage, sent, ...)`` turns the model's proposal for a sentence without rule
events (:func:`eventwire.learn.apply.propose`) into an Event on the sentence's main clause;
``headline_repeats_dropped(events, doc)`` drops a headline's event that the body reports again.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ..learn.apply import propose
from ..model import EVENT_STATUSES, Document, Event, Provenance, Span
from ..ontology import cameo_code
from .event_roles import ActorIndex, objects, participants, prep_objects, subjects
from .event_rules import TYPE_PREPS, pkey
from .event_status import status_of
from .headlines import event_key


def load_model(setting: str, default_path: Path) -> Any:
    """The event model the option names; None for rules alone ("none", or "auto" before training)."""
    if setting.lower() == "none":
        return None
    from ..learn.model import EventModel  # numpy only; imported when a model is used

    if setting.lower() == "auto":
        return EventModel.load(default_path) if default_path.is_file() else None
    return EventModel.load(setting)


def model_version(setting: str, default_path: Path) -> str | None:
    """The id of the model the option names, read from the file's header alone (cheap); None
    for rules alone. Part of the stage version, so training a model re-codes stored articles."""
    if setting.lower() == "none":
        return None
    path = default_path if setting.lower() == "auto" else Path(setting)
    if not path.is_file():
        return None if setting.lower() == "auto" else "missing"  # open() says how to build it
    import json

    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            return str(json.loads(str(data["meta"])).get("id") or "unknown")
    except (OSError, ValueError, KeyError):
        return "unreadable"  # open() raises the clear error


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


def headline_repeats_dropped(events: list[Event], doc: Document) -> list[Event]:
    """Without the first line's events that a later sentence repeats: same type, status and the
    same coded actors and recipients ("Militias accuse US and Israel" over "... blamed ... on the
    United States and Israel"). Only a first line that is a headline (no final full stop) counts;
    the body's event, with its fuller evidence, stays. Ids are renumbered in order. (Subheadings,
    and repeats only the claims stage can see, go later: ``headlines.drop_headline_repeats``.)"""
    if not events or not doc.sentences:
        return events
    first = doc.sentences[0].span
    if doc.text[first.start : first.end].rstrip().endswith((".", "!", "?", "\u201d", '"')):
        return events
    codes = {a.id: a.code for a in doc.actors}
    later = {event_key(e, codes) for e in events if e.sentence > 0} - {None}
    kept = [e for e in events if not (e.sentence == 0 and event_key(e, codes) in later)]
    if len(kept) == len(events):
        return events
    return [dataclasses.replace(e, id=f"e{i}") for i, e in enumerate(kept)]
