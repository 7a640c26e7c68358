"""Calibrate the resolver's choices on gold toponyms: the probability that a place is right.

The resolver's score (:mod:`eventwire.geo.resolve`) ranks readings of one name well, but as a
number it says little: on the GeoWebNews and LGL gold spans a choice scoring 0.6 is right about
half of the time, and 1.0 (the cap) nine times in ten. This module fits a logistic regression
over :func:`~eventwire.geo.resolve.decision_inputs` (the score, its lead over the best reading
more than 161 km away, how many such rivals there are, the place's kind and population) to
whether the choice lies within 161 km of the gold point, on every gold toponym of both sets,
resolved by the rules with the article's gold spans (as ``eventwire eval`` resolves them).

Folds are documents, by the same text hash as the other models, so the printed reliability is
out-of-fold, and the file keeps every article's text key with its fold: ``eventwire eval`` on
GeoWebNews or LGL resolves a training article with the fold calibration that never saw it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..evaluate.geo import FILES, NOT_PLACES, load_for
from ..geo.resolve import Resolver, Toponym, decision_inputs, haversine_km
from .features import text_key
from .model import logistic, reliability

#: L2 strength of the logistic regression (scikit-learn's C); the inputs are few and dense
C = 1.0
#: thresholds whose trade (places left unresolved, how many of them right) the report prints
THRESHOLDS = (0.2, 0.3, 0.4, 0.5)


def load_rows(data: Path, k: int) -> list[dict[str, Any]]:
    """One row per resolved gold toponym: decision inputs, whether it is right, fold, set."""
    from ..geo import SqliteGazetteer, ensure_gazetteer

    gaz = SqliteGazetteer(ensure_gazetteer())
    gaz.open()
    rows = []
    try:
        resolver = Resolver(gaz)
        for name in FILES:
            if not (data / name).is_dir():
                continue
            for item in load_for(name)(data / name, None):
                gold = [t for t in item.get("toponyms") or []
                        if t.get("lat") is not None and t.get("type") not in NOT_PLACES]
                if not gold:
                    continue
                key = text_key(item["text"])
                fold = int(key, 16) % k
                got = resolver.resolve(item["text"], [Toponym(t["name"], t["start"], t["end"]) for t in gold])
                for t, r in zip(gold, got, strict=True):
                    if r.candidate is None:
                        continue
                    right = haversine_km(t["lat"], t["lon"], r.candidate.lat, r.candidate.lon) <= 161
                    rows.append({"inputs": decision_inputs(r), "right": int(right), "fold": fold,
                                 "key": key, "set": name, "score": min(1.0, r.score)})
    finally:
        gaz.close()
    return rows


def _matrix(rows: list[dict[str, Any]], names: list[str]) -> np.ndarray:
    return np.array([[r["inputs"].get(n, 0.0) for n in names] for r in rows], dtype=np.float64)


def _fit(rows: list[dict[str, Any]], names: list[str]) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    y = np.array([r["right"] for r in rows])
    if len(set(y.tolist())) < 2:
        return np.zeros(len(names)), float(10.0 if y.size and y[0] else -10.0)
    clf = LogisticRegression(C=C, max_iter=2000).fit(_matrix(rows, names), y)
    return clf.coef_[0].astype(np.float64), float(clf.intercept_[0])


def train_resolution(data: Path, k: int) -> tuple[dict[str, np.ndarray], dict[str, Any], set]:
    """The calibration's arrays (prefix ``r``), its out-of-fold report and the (text key, fold) of
    its articles; nothing when ``data`` holds neither gold set."""
    rows = load_rows(data, k)
    if not rows:
        return {}, {"resolution_items": 0}, set()
    names = sorted({n for r in rows for n in r["inputs"]})
    models, oof = [], [0.0] * len(rows)
    for fold in range(k):
        w, b = _fit([r for r in rows if r["fold"] != fold], names)
        models.append((w, b))
        for i, r in enumerate(rows):
            if r["fold"] == fold:
                oof[i] = logistic(w, b, names, r["inputs"])
    models.append(_fit(rows, names))
    y = [r["right"] for r in rows]
    ece, table = reliability(oof, y)
    ece_raw, _ = reliability([r["score"] for r in rows], y)
    drops = []
    for t in THRESHOLDS:
        sel = [yi for pi, yi in zip(oof, y, strict=True) if pi < t]
        drops.append((t, len(sel), sum(sel)))
    arrays: dict[str, np.ndarray] = {"rfeatures": np.array(names)}
    for j, (w, b) in enumerate(models):
        arrays[f"rw{j}"], arrays[f"rb{j}"] = w.astype(np.float32), np.array(b, dtype=np.float32)
    report = {
        "resolution_items": len(rows),
        "resolution_sets": sorted({r["set"] for r in rows}),
        "resolution_right": sum(y) / len(y),
        "resolution_ece_score": ece_raw,
        "resolution_ece_calibrated": ece,
        "resolution_reliability": table,
        "resolution_drops": drops,
    }
    return arrays, report, {(r["key"], r["fold"]) for r in rows}
