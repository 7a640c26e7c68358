"""Train the phrase models (see :mod:`.targets`) on ConfliBERT's spans, out-of-fold.

Items: the ConfliBERT sentences with span annotation (``has_spans``). Each is parsed and coded
by the rule pipeline (``nlp``, ``actors``, ``events``, model off); its main event's candidate
phrases (:func:`.spans.candidates`) are the rows, labelled 1 when the phrase is exactly a gold
target (T) or reciprocal (R) span on the gold tokens for the target model, a source (S) or
reciprocal span for the source model. Per side, a logistic regression per fold (sentences
to folds by the same text hash as the event model) and one on all items; every printed score is
out-of-fold, and the file keeps every item's text key with its fold, so ``eventwire eval`` scores
a training sentence with the fold model that never saw it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from ..config import EventsOptions, Settings
from ..evaluate.base import article, read_jsonl
from ..evaluate.conflibert import char_to_tokens, token_offsets
from ..evaluate.metrics import bio_spans
from .features import text_key
from .model import PHRASE_KEYS
from .spans import features_pair
from .targets import choose, event_candidates, main_event, trigger_token

FILES = ("conflibert_cameo_train.jsonl", "conflibert_cameo_test_moved.jsonl")
C = 0.5  # inverse L2 strength, as for the event model; fixed, not tuned on the folds
MIN_COUNT = 2


def rule_documents(
    items: list[dict[str, Any]], parsed: dict[str, Any] | None = None
) -> list[Any]:
    """Each item's text parsed and coded by the rule pipeline (``nlp``, ``actors``, ``events``
    with the model off), as both models are trained on it. ``parsed`` (text -> Document) keeps
    what was parsed for the next call: the event and the phrase models share most sentences."""
    from ..registry import load_pipeline

    parsed = {} if parsed is None else parsed
    todo = list({it["text"]: it for it in items if it["text"] not in parsed}.values())
    if todo:
        settings = Settings(stages=("nlp", "actors", "events"), events=EventsOptions(model="none"))
        pipe = load_pipeline(settings)
        pipe.open()
        try:
            for it, doc in zip(todo, pipe.pipe(article(it["text"], it["id"]) for it in todo),
                               strict=True):
                parsed[it["text"]] = doc
        finally:
            pipe.close()
    return [parsed[it["text"]] for it in items]


def load_rows(data: Path, k: int, parsed: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """One row per span-annotated sentence: gold target spans, candidates with features, the
    rule recipients' spans (all on the gold tokens) and the fold."""
    items = [
        it for name in FILES for it in read_jsonl(data / "conflibert-cameo" / name, None)
        if it.get("has_spans")
    ]
    docs = rule_documents(items, parsed)
    rows = []
    for it, doc in zip(items, docs, strict=True):
        offsets = token_offsets(it["text"], it["tokens"])
        spdoc = doc.parse

        def on_gold(s: int, e: int, spdoc: Any = spdoc, offsets: Any = offsets) -> Any:
            return char_to_tokens(offsets, spdoc[s].idx, spdoc[e - 1].idx + len(spdoc[e - 1].text))

        gold = bio_spans(it["tags"])
        row: dict[str, Any] = {
            "fold": int(text_key(it["text"]), 16) % k,
            "keys": {text_key(it["text"])} | {text_key(s.text) for s in spdoc.sents},
            "cands": [], "objs": [],
        }
        for side, lab in (("target", "T"), ("source", "S")):
            row[side] = {"gold": {(s, e) for g, s, e in gold if g in (lab, "R")},
                         "feats": [], "rule": set()}
        rows.append(row)
        events = list(doc.events)
        m = main_event(events)
        if m is None:
            continue
        event = events[m]
        trig = trigger_token(spdoc, event)
        if trig is None:
            continue
        cands, rt, rs = event_candidates(trig, event)
        row["cands"] = [on_gold(c.start, c.end) for c in cands]
        row["objs"] = cands
        row["target"]["feats"], row["source"]["feats"] = features_pair(cands, trig, event, rt, rs)
        for side, spans in (("target", rt), ("source", rs)):
            row[side]["rule"] = {on_gold(s, e) for s, e in spans} - {None}
    return rows


def _matrix(feats: list[list[str]], vocab: dict[str, int]) -> Any:
    from scipy import sparse

    ind, ptr = [], [0]
    for fs in feats:
        ind.extend(vocab[f] for f in fs if f in vocab)
        ptr.append(len(ind))
    return sparse.csr_matrix((np.ones(len(ind)), ind, ptr), shape=(len(feats), len(vocab)))


def _fit(rows: list[dict[str, Any]], side: str, vocab: dict[str, int]) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    feats = [f for r in rows for f in r[side]["feats"]]
    y = np.array([int(c in r[side]["gold"]) for r in rows for c in r["cands"]])
    if len(set(y.tolist())) < 2:
        return np.zeros(len(vocab)), -30.0
    clf = LogisticRegression(C=C, max_iter=3000).fit(_matrix(feats, vocab), y)
    return clf.coef_[0].copy(), float(clf.intercept_[0])


def _prf(pairs: list[tuple[set, set]]) -> tuple[float, float, float]:
    tp = sum(len(p & g) for p, g in pairs)
    fp = sum(len(p - g) for p, g in pairs)
    fn = sum(len(g - p) for p, g in pairs)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def train_targets(
    data: Path, k: int, parsed: dict[str, Any] | None = None
) -> tuple[dict[str, np.ndarray], dict[str, Any], set]:
    """(arrays for the model file, out-of-fold report, {(text key, fold)} of the items): the
    target and the source phrase models (``parsed``: see :func:`rule_documents`)."""
    rows = load_rows(data, k, parsed)
    arrays: dict[str, np.ndarray] = {}
    report: dict[str, Any] = {}
    keys: set = set()
    for side in ("target", "source"):
        a, rep, kk = fit_phrases(rows, k, side)
        arrays.update(a)
        report.update(rep)
        keys |= kk
    return arrays, report, keys


def fit_phrases(
    rows: list[dict[str, Any]], k: int, side: str
) -> tuple[dict[str, np.ndarray], dict[str, Any], set]:
    """The ``side`` ("target" or "source") phrase model on rows made by :func:`load_rows`."""
    counts = Counter(f for r in rows for fs in r[side]["feats"] for f in fs)
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    models = []
    chosen_pairs, rule_pairs = [], []
    for fold in range(k):
        w, b = _fit([r for r in rows if r["fold"] != fold], side, vocab)
        models.append((w, b))
        for r in rows:
            if r["fold"] != fold:
                continue
            picked: set = set()
            if r[side]["feats"]:
                z = np.asarray(_matrix(r[side]["feats"], vocab) @ w).ravel() + b
                probs = 1.0 / (1.0 + np.exp(-z))
                picked = {r["cands"][r["objs"].index(c)] for c, _ in choose(probs, r["objs"])}
                picked.discard(None)
            chosen_pairs.append((picked, r[side]["gold"]))
            rule_pairs.append((r[side]["rule"], r[side]["gold"]))
    models.append(_fit(rows, side, vocab))
    key = PHRASE_KEYS[side]
    arrays: dict[str, np.ndarray] = {f"{key}features": np.array(sorted(vocab, key=vocab.get))}
    for j, (w, b) in enumerate(models):
        arrays[f"{key}w{j}"] = np.asarray(w, dtype=np.float32)
        arrays[f"{key}b{j}"] = np.array(b, dtype=np.float32)
    report = {
        f"{side}_items": len(rows),
        f"{side}_features": len(vocab),
        f"{side}_reachable": sum(len(r[side]["gold"] & set(r["cands"])) for r in rows),
        f"{side}_gold": sum(len(r[side]["gold"]) for r in rows),
        f"oof_{side}_rules_prf": _prf(rule_pairs),
        f"oof_{side}_model_prf": _prf(chosen_pairs),
    }
    keys = {(key_, r["fold"]) for r in rows for key_ in r["keys"]}
    return arrays, report, keys
