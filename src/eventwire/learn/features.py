"""Sentence features for the event model: cheap reads of the spaCy parse and the rule events.

``sentence_features(sent, events) -> list[str]`` gives binary feature names; ``sentence_vector``
the mean of the parser's own token vectors (``Doc.tensor``), so nothing beyond the spaCy model
already loaded is needed. Training and run time call the same functions on the same parse.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..model import Event
from ..ontology import cameo_code, pentaclass
from ..stages.token_strings import token_strings

#: words that carry the verbal / material distinction even though spaCy calls them stop words
_KEEP_STOP = frozenset({"not", "no", "never", "will", "would", "could", "must", "should", "may"})
_SPACE = re.compile(r"\s+")


def event_class(event: Event) -> int | None:
    """The pentaclass of an event's CAMEO code (its own, else its type's default)."""
    return pentaclass(cameo_code(event))


def text_key(text: str) -> str:
    """A short stable key of a sentence's text (case and spacing ignored) for held-out lookups."""
    norm = _SPACE.sub(" ", text).strip().lower()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def sentence_features(sent: Any, events: Sequence[Event]) -> list[str]:
    """Binary features of one spaCy sentence and the rule events found in it."""
    feats: set[str] = {"bias"}
    # read from the per-parse attribute table: a Token object per word costs more than the rest
    ts = token_strings(sent.doc)
    lemmas, lowers, deps, ents = ts.lemmas, ts.lowers, ts.deps, ts.ents
    for i in range(sent.start, sent.end):
        if not ts.alpha[i] or (ts.stop[i] and lowers[i] not in _KEEP_STOP):
            continue
        lemma = lemmas[i]
        feats.add(f"w={lemma}")
        if ts.pos_[i] == "VERB":
            feats.add(f"v={lemma}")
            for child in ts.children(i):
                dep = deps[child]
                if dep in {"dobj", "prep"}:
                    feats.add(f"vo={lemma}_{lemmas[child]}")
                elif dep == "neg":
                    feats.add(f"vneg={lemma}")
                elif dep in {"aux", "auxpass"} and lowers[child] in _KEEP_STOP:
                    feats.add(f"vaux={lowers[child]}")
        if deps[i] == "ROOT":
            feats.add(f"root={lemma}")
        if ents[i]:
            feats.add(f"ent={ents[i]}")
    if not events:
        feats.add("rule=none")
    best = max(events, key=lambda e: e.confidence, default=None)
    for ev in events:
        cls = event_class(ev)
        rule = ev.provenance.rule or ""
        feats.add(f"rt={ev.type}")
        feats.add(f"rc={cls}")
        feats.add(f"rr={rule}")
        for status in ev.status:
            feats.add(f"rs={ev.type}_{status}")
        if ev is best:
            feats.add(f"top={ev.type}")
            feats.add(f"topc={cls}")
            feats.add(f"topr={rule}")
    feats.add(f"nev={min(len(events), 3)}")
    return sorted(feats)


def sentence_vector(sent: Any) -> np.ndarray:
    """Mean of the parser's token vectors over the sentence (zeros when the model keeps none)."""
    tensor = getattr(sent.doc, "tensor", None)
    if tensor is None or not len(tensor) or tensor.shape[0] < sent.end:
        return np.zeros(0, dtype=np.float32)
    return np.asarray(tensor[sent.start : sent.end].mean(axis=0), dtype=np.float32)
