"""Train the place model (see :mod:`.places`) on Halterman's event locations, out-of-fold.

Items: ``event-location/event_location_dev.jsonl``, one (sentence, event trigger) pair per line
with the place(s) an annotator marked as where THAT event happened, or none. Each sentence is
coded by the rule pipeline (every default stage, the event and place models off). The row's
event is the coded event at the gold trigger or, where the coder found none, an untyped event
there (as ``eventwire eval`` asks the chooser); its candidates are the sentence's toponyms
(:func:`.places.candidates`), labelled 1 when one overlaps a marked place. Boosted trees
per fold (sentences to folds by the same text hash as the event model) and on all rows;
every printed score is out-of-fold, and the file keeps every item's text key with its fold, so
``eventwire eval`` scores a training sentence with the fold model that never saw it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from ..config import EventsOptions, GeoOptions, Settings
from ..errors import ResourceError
from ..evaluate.base import article, read_jsonl
from ..evaluate.event_location import event_at
from ..evaluate.metrics import overlaps
from ..stages.geo import VERBAL_TYPES
from .features import text_key
from .model import PHRASE_KEYS
from .places import PICK_MIN, candidates, decide, features
from .trees import Forest, binary_rows, export

FOLDER = "event-location"
FILE = "event_location_dev.jsonl"
#: gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier, exported to numpy by
#: .trees): the place depends on conjunctions a linear model cannot weigh ("in" before the trigger
#: of a killing but not of a statement). Out of fold, with the same features and PICK_MIN, trees
#: scored 77.3-77.7 over settings of 150-300 trees, rate 0.05-0.1, 15-31 leaves, where the logistic
#: regression the model was before scored 76.3; these are the cheapest of the best.
TREES = 150
RATE = 0.1
LEAVES = 31
#: a feature seen on fewer candidates than a leaf must hold can never split: left out. 40 rather
#: than 20: with the features of :func:`.places._relations`, out of fold over three splits of the
#: sentences 80.05 on average either way, and fewer leaves that lean on a rare feature (a town the
#: NER calls NORP, "killed ... in Samarra", had 0.26 with leaves of 20, 0.31 with 40)
MIN_COUNT = 40


def load_rows(data: Path, k: int) -> list[dict[str, Any]]:
    """One row per gold (sentence, trigger): candidate features, labels, the rules' answer."""
    from ..registry import load_pipeline

    path = data / FOLDER / FILE
    if not path.is_file():
        raise ResourceError(
            f"no event-location gold at {path}", hint="pass --data with the shared data folder"
        )
    items = read_jsonl(path, None)
    texts = list(dict.fromkeys(it["text"] for it in items))
    settings = Settings(events=EventsOptions(model="none"), geo=GeoOptions(model="none"))
    pipe = load_pipeline(settings)
    pipe.open()
    try:
        geo = next(s for s in pipe.stages if hasattr(s, "place_for"))
        docs = dict(
            zip(
                texts, pipe.pipe(article(t, f"evloc-{i}") for i, t in enumerate(texts)), strict=True
            )
        )
        rows = []
        for it in items:
            doc = docs[it["text"]]
            ev = event_at(doc, it["trigger"])
            rule = geo.place_for(doc, ev)
            cands = candidates(doc, ev, doc.places)
            gold = [(t["start"], t["end"]) for t in it.get("toponyms") or []]
            labels = [
                int(any(overlaps((c.span.start, c.span.end), g) for g in gold)) for c in cands
            ]
            rows.append(
                {
                    "fold": int(text_key(it["text"]), 16) % k,
                    "keys": {text_key(it["text"])}
                    | {text_key(doc.text[s.span.start : s.span.end]) for s in doc.sentences},
                    "feats": features(doc, ev, cands, rule),
                    "labels": labels,
                    "has_gold": bool(gold),
                    "verbal": ev.type in VERBAL_TYPES,
                    "rule_right": (
                        not gold
                        if rule is None
                        else any(overlaps((rule.span.start, rule.span.end), g) for g in gold)
                    ),
                }
            )
    finally:
        pipe.close()
    return rows


def _fit(rows: list[dict[str, Any]], vocab: dict[str, int]) -> Forest:
    from sklearn.ensemble import HistGradientBoostingClassifier

    feats = [f for r in rows for f in r["feats"]]
    y = np.array([lab for r in rows for lab in r["labels"]])
    if len(set(y.tolist())) < 2:
        return Forest.constant(-30.0)
    clf = HistGradientBoostingClassifier(
        max_iter=TREES, learning_rate=RATE, max_leaf_nodes=LEAVES, min_samples_leaf=MIN_COUNT,
        early_stopping=False, random_state=0,
    ).fit(binary_rows(feats, vocab), y)
    return Forest.from_arrays(*export(clf))


def _right(row: dict[str, Any], probs: np.ndarray) -> bool:
    """Whether the run-time decision is right: the rules' for statements, else the model's."""
    if row["verbal"]:
        return row["rule_right"]
    picked = decide(probs, row["feats"], list(range(len(probs))), PICK_MIN)
    return row["labels"][picked] == 1 if picked is not None else not row["has_gold"]


def train_places(data: Path, k: int) -> tuple[dict[str, np.ndarray], dict[str, Any], set]:
    """The place model's arrays, its out-of-fold report and the (text key, fold) of its items;
    nothing (the geo stage keeps its rules) when ``data`` has no event-location gold."""
    if not (data / FOLDER / FILE).is_file():
        return {}, {"place_items": 0}, set()
    rows = load_rows(data, k)
    counts = Counter(f for r in rows for fs in r["feats"] for f in set(fs))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    models, right = [], []
    for fold in range(k):
        forest = _fit([r for r in rows if r["fold"] != fold], vocab)
        models.append(forest)
        for r in rows:
            if r["fold"] == fold:  # scored as at run time: the exported arrays, numpy alone
                z = forest.margin(binary_rows(r["feats"], vocab))
                right.append((r, _right(r, 1.0 / (1.0 + np.exp(-z)))))
    models.append(_fit(rows, vocab))
    key = PHRASE_KEYS["place"]
    arrays: dict[str, np.ndarray] = {f"{key}features": np.array(sorted(vocab, key=vocab.get))}
    for j, forest in enumerate(models):
        arrays.update({f"{key}{a}{j}": v for a, v in forest.to_arrays().items()})
        arrays[f"{key}b{j}"] = np.array(forest.baseline, dtype=np.float32)

    def share(sel: list[tuple[dict[str, Any], bool]], rule: bool) -> float:
        hits = [r["rule_right"] if rule else ok for r, ok in sel]
        return sum(hits) / len(hits) if hits else 0.0

    with_place = [(r, ok) for r, ok in right if r["has_gold"]]
    no_place = [(r, ok) for r, ok in right if not r["has_gold"]]
    report = {
        "place_items": len(rows),
        "place_features": len(vocab),
        "place_reachable": sum(1 for r in rows if r["has_gold"] and any(r["labels"])),
        "place_with_gold": len(with_place),
        "oof_place": {
            name: (share(right, rule), share(with_place, rule), share(no_place, rule))
            for name, rule in (("rules", True), ("model", False))
        },
    }
    keys = {(kk, r["fold"]) for r in rows for kk in r["keys"]}
    return arrays, report, keys
