"""Build the event model from the development gold and report cross-validated scores honestly.

Usage: ``python -m eventwire.learn.train [--data ../shared/data] [--out FILE] [--folds 5]``
(needs the ``learn`` extra: scikit-learn). Deterministic: the same data and versions give the
same file.

What it trains on: the ConfliBERT CAMEO sentences with a pentaclass label
(``conflibert-cameo``: train file and the moved test rows; GPL-3.0 data, so the weights are built
on the user's machine into the cache and never shipped in the repository). Features come from the
same spaCy parse and the same rule events (``nlp``, ``actors``, ``events`` with the model off) as
at run time. The same file holds the phrase models (:mod:`.train_targets`, on ConfliBERT's spans)
and the place model (:mod:`.train_places`, on the event-location sentences, MIT).

What is held out: sentences go to ``--folds`` folds by a hash of their normalised text (equal
texts share a fold). Every printed score is out-of-fold: the classifier that scores a sentence
never saw it, and the calibrator is itself cross-validated over the same folds. The file keeps the
fold models and the text keys of the training sentences, so the pipeline scores a training
sentence with its fold's model (see :mod:`.model`): ``eventwire eval`` stays out-of-fold too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from ..config import GeoOptions, cache_dir
from ..errors import EventwireError, ResourceError
from ..evaluate.base import read_jsonl
from ..model import PLOVER_TYPES
from .apply import PROPOSE_MIN, SWITCH_MARGIN
from .features import event_class, sentence_features, sentence_vector, text_key
from .model import FORMAT, N_CLASSES, calibrated, calibrator_inputs, reliability
from .train_places import train_places
from .train_resolution import train_resolution
from .train_targets import rule_documents, train_targets

FILES = ("conflibert_cameo_train.jsonl", "conflibert_cameo_test_moved.jsonl")
MIN_COUNT = 2  # features seen fewer times are dropped
C = 0.5  # inverse L2 strength of the classifier; fixed, not tuned on the folds
DENSE_SCALE = 0.5  # the parser's token vectors beside the binary features


def load_items(data: Path) -> list[dict[str, Any]]:
    folder = data / "conflibert-cameo"
    if not folder.is_dir():
        raise ResourceError(
            f"no conflibert-cameo gold in {data}", hint="pass --data with the shared data folder"
        )
    items: list[dict[str, Any]] = []
    for name in FILES:
        for it in read_jsonl(folder / name, None):
            cls = (it.get("events") or [{}])[0].get("pentaclass")
            if cls is not None:
                items.append({"id": it["id"], "text": it["text"], "label": int(cls)})
    return items


def featurize(
    items: list[dict[str, Any]], parsed: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Parse each item with the rule pipeline (model off) and read its features (``parsed``:
    see :func:`.train_targets.rule_documents`)."""
    docs = rule_documents(items, parsed)
    rows = []
    for it, doc in zip(items, docs, strict=True):
        span = doc.parse[:]  # the whole item: most are one sentence
        events = list(doc.events)
        keys = {text_key(it["text"])} | {text_key(s.text) for s in doc.parse.sents}
        rows.append(
            {
                **it,
                "feats": sentence_features(span, events),
                "vec": sentence_vector(span),
                "events": events,
                "keys": keys,
                "fold": None,
            }
        )
    return rows


def assign_folds(rows: list[dict[str, Any]], k: int) -> None:
    for r in rows:
        r["fold"] = int(text_key(r["text"]), 16) % k


def _matrix(rows: list[dict[str, Any]], vocab: dict[str, int]) -> Any:
    from scipy import sparse

    ind, ptr = [], [0]
    for r in rows:
        ind.extend(vocab[f] for f in r["feats"] if f in vocab)
        ptr.append(len(ind))
    x = sparse.csr_matrix((np.ones(len(ind)), ind, ptr), shape=(len(rows), len(vocab)))
    dense = np.stack([r["vec"] for r in rows]) * DENSE_SCALE
    return sparse.hstack([x, sparse.csr_matrix(dense)]).tocsr()


def fit(rows: list[dict[str, Any]], vocab: dict[str, int]) -> tuple[np.ndarray, ...]:
    from sklearn.linear_model import LogisticRegression

    y = np.array([r["label"] for r in rows])
    clf = LogisticRegression(C=C, max_iter=3000)
    clf.fit(_matrix(rows, vocab), y)
    coef = np.zeros((N_CLASSES, clf.coef_.shape[1]))
    bias = np.full(N_CLASSES, -30.0)  # a class absent from the training rows is never chosen
    for j, cls in enumerate(clf.classes_):
        coef[cls] = clf.coef_[j]
        bias[cls] = clf.intercept_[j]
    n = len(vocab)
    return coef[:, :n].T.copy(), (coef[:, n:] * DENSE_SCALE).T.copy(), bias


def text_only(feats: list[str]) -> list[str]:
    """The features that do not read rule events (the type model runs where rules found none)."""
    return [f for f in feats if not f.startswith(("rt=", "rc=", "rr=", "rs=", "top", "nev=", "rule="))]


def fit_types(rows: list[dict[str, Any]], vocab: dict[str, int]) -> tuple[np.ndarray, ...]:
    """PLOVER type model on text features; silver labels: the type of the top rule event when
    its class is the gold class (the only type labels the ConfliBERT sentences give)."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    x_rows, y = [], []
    for r in rows:
        top = max(r["events"], key=lambda e: e.confidence, default=None)
        if top is not None and event_class(top) == r["label"]:
            x_rows.append(r)
            y.append(PLOVER_TYPES.index(top.type))
    ind, ptr = [], [0]
    for r in x_rows:
        ind.extend(vocab[f] for f in text_only(r["feats"]) if f in vocab)
        ptr.append(len(ind))
    x = sparse.csr_matrix((np.ones(len(ind)), ind, ptr), shape=(len(x_rows), len(vocab)))
    coef = np.zeros((len(PLOVER_TYPES), len(vocab)))
    bias = np.full(len(PLOVER_TYPES), -30.0)
    if len(set(y)) < 2:  # one type or none: a constant model
        for t in set(y):
            bias[t] = 0.0
        return coef.T.copy(), bias
    clf = LogisticRegression(C=C, max_iter=3000).fit(x, np.array(y))
    for j, t in enumerate(clf.classes_):
        coef[t], bias[t] = clf.coef_[j], clf.intercept_[j]
    return coef.T.copy(), bias


def _probs(lin: tuple[np.ndarray, ...], row: dict[str, Any], vocab: dict[str, int]) -> np.ndarray:
    w, d, b = lin
    z = w[[vocab[f] for f in row["feats"] if f in vocab]].sum(axis=0) + b + row["vec"] @ d
    e = np.exp(z - z.max())
    return e / e.sum()


def _event_rows(row: dict[str, Any], probs: np.ndarray) -> list[tuple[list[float], int, int]]:
    """(calibrator inputs, label, event class) per rule event, after the model's REQUEST recode."""
    out = []
    first = int(np.argmax(probs))
    for ev in row["events"]:
        cls = event_class(ev)
        if ev.type == "REQUEST" and cls in (0, 3):
            other = 3 if cls == 0 else 0
            if probs[other] - probs[cls] >= SWITCH_MARGIN:
                cls = other
        p = float(probs[cls]) if cls is not None else 0.0
        out.append((calibrator_inputs(p, ev.confidence, cls == first), int(cls == row["label"]), cls))
    return out


def _fit_calibrator(samples: list[tuple[list[float], int, int]]) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    x = np.array([s[0] for s in samples])
    y = np.array([s[1] for s in samples])
    lr = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    return np.concatenate([lr.coef_[0], lr.intercept_])


def macro_f1(pairs: list[tuple[int, int | None]]) -> float:
    f1s = []
    for c in range(N_CLASSES):
        tp = sum(g == c and p == c for g, p in pairs)
        fp = sum(g != c and p == c for g, p in pairs)
        fn = sum(g == c and p != c for g, p in pairs)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / N_CLASSES


def train(data: Path, out: Path, k: int) -> dict[str, Any]:
    items = load_items(data)
    parsed: dict[str, Any] = {}  # text -> rule-coded Document, shared with the phrase models
    rows = featurize(items, parsed)
    assign_folds(rows, k)
    counts = Counter(f for r in rows for f in r["feats"])
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    oof: list[np.ndarray | None] = [None] * len(rows)
    fold_models, type_models = [], []
    for fold in range(k):
        lin = fit([r for r in rows if r["fold"] != fold], vocab)
        fold_models.append(lin)
        type_models.append(fit_types([r for r in rows if r["fold"] != fold], vocab))
        for i, r in enumerate(rows):
            if r["fold"] == fold:
                oof[i] = _probs(lin, r, vocab)
    full = fit(rows, vocab)
    type_models.append(fit_types(rows, vocab))
    # model-led events: sentences where the rules found nothing and the model is sure
    proposed = [
        (r["label"], int(np.argmax(p)))
        for r, p in zip(rows, oof, strict=True)
        if not r["events"] and int(np.argmax(p)) != 0 and p.max() >= PROPOSE_MIN
    ]
    # calibrator: fitted per fold on the other folds' out-of-fold rows, scored on its own fold
    per_row = [_event_rows(r, p) for r, p in zip(rows, oof, strict=True)]
    cal_conf: list[float] = []
    cal_hit: list[int] = []
    raw_conf: list[float] = []
    pairs_rule, pairs_model, pairs_both = [], [], []
    for fold in range(k):
        train_s = [s for r, ev in zip(rows, per_row, strict=True) if r["fold"] != fold for s in ev]
        coef = _fit_calibrator(train_s)
        for r, p, evs in zip(rows, oof, per_row, strict=True):
            if r["fold"] != fold:
                continue
            confs = [calibrated(coef, *_undo(s[0])) for s in evs]
            cal_conf += confs
            cal_hit += [s[1] for s in evs]
            raw_conf += [min(1.0, max(0.0, ev.confidence)) for ev in r["events"]]
            top_rule = max(r["events"], key=lambda e: e.confidence, default=None)
            pairs_rule.append((r["label"], event_class(top_rule) if top_rule else None))
            pairs_model.append((r["label"], int(np.argmax(p))))
            best = max(range(len(evs)), key=lambda j: confs[j], default=None)
            pairs_both.append((r["label"], evs[best][2] if best is not None else None))
    calibrator = _fit_calibrator([s for ev in per_row for s in ev])
    ece, table = reliability(cal_conf, cal_hit)
    ece_raw, _ = reliability(raw_conf, cal_hit)
    report = {
        "items": len(rows),
        "folds": k,
        "features": len(vocab),
        "oof_model_alone_macro_f1": macro_f1(pairs_model),
        "oof_rules_alone_macro_f1": macro_f1(pairs_rule),
        "oof_rules_plus_model_macro_f1": macro_f1(pairs_both),
        "oof_events": len(cal_conf),
        "oof_ece_calibrated": ece,
        "oof_ece_rule_confidence": ece_raw,
        "oof_no_rule_sentences": sum(1 for r in rows if not r["events"]),
        "oof_proposed": len(proposed),
        "oof_proposed_right_class": sum(g == p for g, p in proposed),
    }
    meta = {
        "format": FORMAT,
        "folds": k,
        "trained_on": "conflibert-cameo (" + ", ".join(FILES) + "); places: event-location",
        "cv": report,
        "C": C,
    }
    arrays: dict[str, np.ndarray] = {"features": np.array(sorted(vocab, key=vocab.get))}
    for j, (w, d, b) in enumerate([*fold_models, full]):
        arrays[f"w{j}"], arrays[f"d{j}"], arrays[f"b{j}"] = (
            w.astype(np.float32), d.astype(np.float32), b.astype(np.float32)
        )
    for j, (w, b) in enumerate(type_models):
        arrays[f"tw{j}"], arrays[f"tb{j}"] = w.astype(np.float32), b.astype(np.float32)
    # the target model: same folds (text hash), its own items (every span-annotated sentence)
    target_arrays, target_report, target_keys = train_targets(data, k, parsed)
    arrays.update(target_arrays)
    report.update(target_report)
    # the place model: same folds, Halterman's event-location sentences
    place_arrays, place_report, place_keys = train_places(data, k)
    arrays.update(place_arrays)
    report.update(place_report)
    # the resolution calibration: same folds, the GeoWebNews and LGL articles
    res_arrays, res_report, res_keys = train_resolution(data, k)
    arrays.update(res_arrays)
    report.update(res_report)
    holdout = {key: r["fold"] for r in rows for key in r["keys"]}
    for key, fold in sorted(target_keys | place_keys | res_keys):
        holdout.setdefault(key, fold)  # a text both sets hold has one fold: its hash's
    keys = sorted(holdout.items())
    arrays["holdout_keys"] = np.array([kk for kk, _ in keys])
    arrays["holdout_folds"] = np.array([f for _, f in keys], dtype=np.int32)
    arrays["calibrator"] = calibrator
    digest = hashlib.sha1()
    for name in sorted(arrays):
        digest.update(np.ascontiguousarray(arrays[name]).tobytes())
    meta["id"] = digest.hexdigest()[:8]
    arrays["meta"] = np.array(json.dumps(meta, sort_keys=True))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(out)
    report["id"] = meta["id"]
    report["reliability"] = table
    return report


def _undo(inputs: list[float]) -> tuple[float, float, bool]:
    """calibrator_inputs back to (p_class, rule_conf, top)."""
    logit, rule_conf, top = inputs
    return float(1 / (1 + np.exp(-logit))), rule_conf, bool(top)


def main(argv: list[str] | None = None, prog: str = "python -m eventwire.learn.train") -> int:
    from ..stages.events import MODEL_FILE

    ap = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=None, help=f"default: cache_dir()/{MODEL_FILE}")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    out = args.out or cache_dir() / MODEL_FILE
    try:
        import sklearn  # noqa: F401  (training only; run time needs numpy alone)
    except ImportError:
        print("error: training needs scikit-learn: pip install 'eventwire[learn]'", file=sys.stderr)
        return 2
    try:
        rep = train(args.data, out, args.folds)
    except EventwireError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"event model {rep['id']} -> {out}")
    print(f"  trained on {rep['items']} ConfliBERT sentences, {rep['features']} features, {rep['folds']}-fold CV")
    print("  out-of-fold pentaclass macro-F1 (what eventwire eval sees):")
    print(f"    rules alone (top rule event)   {100 * rep['oof_rules_alone_macro_f1']:.1f}")
    print(f"    model alone (sentence class)   {100 * rep['oof_model_alone_macro_f1']:.1f}")
    print(f"    rules + model (top calibrated) {100 * rep['oof_rules_plus_model_macro_f1']:.1f}")
    print(
        f"  model-led events where rules found none (class p >= {PROPOSE_MIN}): "
        f"{rep['oof_proposed']} of {rep['oof_no_rule_sentences']} sentences, "
        f"{rep['oof_proposed_right_class']} of the right class"
    )
    print(f"  calibration over {rep['oof_events']} held-out rule events (ECE, 10 bins):")
    print(f"    rule confidence {rep['oof_ece_rule_confidence']:.3f}  calibrated {rep['oof_ece_calibrated']:.3f}")
    print("\n".join(rep["reliability"]))
    for side in ("target", "source"):
        print(
            f"  {side} phrases of the main event, on {rep[f'{side}_items']} span-annotated "
            f"sentences ({rep[f'{side}_features']} features; {rep[f'{side}_reachable']} of "
            f"{rep[f'{side}_gold']} gold {side}s among the candidates), out-of-fold P/R/F1:"
        )
        for name in ("rules", "model"):
            p, r, f = rep[f"oof_{side}_{name}_prf"]
            print(f"    {name:<6} {100 * p:5.1f} {100 * r:5.1f} {100 * f:5.1f}")
    if rep["resolution_items"]:
        print(
            f"  toponym resolution, on {rep['resolution_items']} gold toponyms resolved on their "
            f"gold spans ({', '.join(rep['resolution_sets'])}; {100 * rep['resolution_right']:.1f}% "
            "right within 161 km), calibration out of fold (ECE, 10 bins):"
        )
        print(f"    resolver score {rep['resolution_ece_score']:.3f}  calibrated "
              f"{rep['resolution_ece_calibrated']:.3f}")
        print("\n".join(rep["resolution_reliability"]))
        for t, n, hits in rep["resolution_drops"]:
            mark = "  (the default [geo] min_probability)" if t == GeoOptions().min_probability else ""
            print(f"    under p {t:.1f}: {n} places, {hits} of them right{mark}")
    else:
        print(f"  toponym resolution: no GeoWebNews or LGL gold under {args.data}, so no "
              "calibration (a place's score is the resolver's own)")
    if not rep["place_items"]:
        print(f"  event places: no {args.data}/event-location gold, so no place model "
              "(the geo rules decide)")
        return 0
    print(
        f"  event places, on {rep['place_items']} event-location sentences "
        f"({rep['place_features']} features; {rep['place_reachable']} of "
        f"{rep['place_with_gold']} marked places among the candidates), out-of-fold accuracy "
        "all / with a place / with none:"
    )
    for name in ("rules", "model"):
        a, wp, np_ = rep["oof_place"][name]
        print(f"    {name:<6} {100 * a:5.1f} {100 * wp:5.1f} {100 * np_:5.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
