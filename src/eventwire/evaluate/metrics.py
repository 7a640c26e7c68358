"""Scoring arithmetic shared by the gold-set scorers: P/R/F1, macro-F1, span matching, haversine.

Pure functions over plain values (no pipeline, no files) so every number can be checked by hand.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

EARTH_RADIUS_KM = 6371.0088


def safe_div(num: float, den: float) -> float:
    """num / den, or 0.0 when den is 0 (an empty set scores 0, never NaN)."""
    return num / den if den else 0.0


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts: ``{"p", "r", "f1"}`` (0.0 where undefined)."""
    p, r = safe_div(tp, tp + fp), safe_div(tp, tp + fn)
    return {"p": p, "r": r, "f1": safe_div(2 * p * r, p + r)}


def per_label_counts(
    pairs: Iterable[tuple[Hashable | None, Hashable | None]],
) -> dict[Hashable, list[int]]:
    """``{label: [tp, fp, fn]}`` from (gold, predicted) pairs; None stands for "no label"."""
    counts: dict[Hashable, list[int]] = {}
    for gold, pred in pairs:
        if gold is not None:
            counts.setdefault(gold, [0, 0, 0])
        if pred is not None:
            counts.setdefault(pred, [0, 0, 0])
        if gold is not None and gold == pred:
            counts[gold][0] += 1
            continue
        if pred is not None:
            counts[pred][1] += 1
        if gold is not None:
            counts[gold][2] += 1
    return counts


def macro_f1(
    pairs: Iterable[tuple[Hashable | None, Hashable | None]],
    labels: Sequence[Hashable] | None = None,
) -> float:
    """Mean per-label F1 over ``labels`` (default: every label seen in gold or prediction).

    A label in ``labels`` with neither gold nor predicted items is left out of the mean (its F1
    is undefined); None ("no label") is never a class of its own, so it only costs recall.
    """
    counts = per_label_counts(pairs)
    keys = [k for k in (labels if labels is not None else counts) if k in counts]
    if not keys:
        return 0.0
    return sum(prf(*counts[k])["f1"] for k in keys) / len(keys)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when the half-open spans [a0, a1) and [b0, b1) share at least one position."""
    return a[0] < b[1] and b[0] < a[1]


@dataclass(frozen=True)
class SpanMatch:
    """One-to-one matching of gold and predicted spans: matched index pairs and leftovers."""

    pairs: tuple[tuple[int, int], ...]  # (gold index, predicted index)
    unmatched_gold: tuple[int, ...]
    unmatched_pred: tuple[int, ...]

    @property
    def tp(self) -> int:
        return len(self.pairs)

    @property
    def fp(self) -> int:
        return len(self.unmatched_pred)

    @property
    def fn(self) -> int:
        return len(self.unmatched_gold)


def match_spans(
    gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]], mode: str = "exact"
) -> SpanMatch:
    """Match spans one-to-one, ``mode`` "exact" (same offsets) or "overlap" (any shared character).

    Each gold span takes at most one prediction, so a duplicated prediction counts once as a hit
    and once as a false positive. Overlap matching takes exact pairs first, then the overlapping
    pair with the most shared characters, so a result does not depend on list order.
    """
    if mode not in ("exact", "overlap"):
        raise ValueError(f"mode must be 'exact' or 'overlap', not {mode!r}")
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used_p and tuple(p) == tuple(g):
                pairs.append((gi, pi))
                used_g.add(gi)
                used_p.add(pi)
                break
    if mode == "overlap":
        cands = []
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            for pi, p in enumerate(pred):
                if pi not in used_p and overlaps(g, p):
                    shared = min(g[1], p[1]) - max(g[0], p[0])
                    cands.append((-shared, gi, pi))
        for _, gi, pi in sorted(cands):
            if gi not in used_g and pi not in used_p:
                pairs.append((gi, pi))
                used_g.add(gi)
                used_p.add(pi)
    return SpanMatch(
        tuple(sorted(pairs)),
        tuple(i for i in range(len(gold)) if i not in used_g),
        tuple(i for i in range(len(pred)) if i not in used_p),
    )


def bio_spans(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """Labelled token spans ``(label, start, end)`` (end exclusive) from BIO tags.

    An ``I-X`` that does not continue an ``X`` span starts a new one (the lenient CoNLL reading).
    """
    spans: list[tuple[str, int, int]] = []
    label, start = None, 0
    for i, tag in enumerate(list(tags) + ["O"]):
        kind, _, name = tag.partition("-")
        continues = kind == "I" and name == label
        if label is not None and not continues:
            spans.append((label, start, i))
            label = None
        if kind in ("B", "I") and not continues:
            label, start = name, i
    return spans


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS84 points (spherical Earth)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_summary(errors_km: Sequence[float], threshold_km: float = 161.0) -> dict[str, float]:
    """acc@threshold, mean and median error (km) of a list of distances; zeros when empty."""
    if not errors_km:
        return {"acc_161km": 0.0, "mean_km": 0.0, "median_km": 0.0}
    return {
        "acc_161km": sum(e <= threshold_km for e in errors_km) / len(errors_km),
        "mean_km": statistics.fmean(errors_km),
        "median_km": statistics.median(errors_km),
    }


@dataclass
class Report:
    """What one scorer run gives: headline metrics, counts, notes and the run's cost."""

    dataset: str
    items: int  # gold items scored (sentences, snippets, documents)
    metrics: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    failures: int = 0  # items the pipeline could not process (scored as empty output)
    runtime_s: float = 0.0
    errors_written: int = 0
    support: dict[str, int] = field(
        default_factory=dict
    )  # gold items behind a metric, where not ``items``

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "items": self.items,
            "metrics": {k: round(v, 4) for k, v in self.metrics.items()},
            "counts": dict(self.counts),
            "notes": list(self.notes),
            "failures": self.failures,
            "runtime_s": round(self.runtime_s, 2),
            "errors_written": self.errors_written,
            "support": dict(self.support),
        }

    def format(self) -> str:
        """A plain-text table: one metric per line, then counts and notes."""
        lines = [
            f"{self.dataset}: {self.items} items, {self.failures} failures, "
            f"{self.runtime_s:.1f}s"
        ]
        width = max((len(k) for k in self.metrics), default=0)
        for k, v in self.metrics.items():
            shown = f"{v:.1f}" if k.endswith("_km") else f"{100 * v:.1f}"
            lines.append(f"  {k.ljust(width)}  {shown}")
        if self.counts:
            lines.append("  counts: " + ", ".join(f"{k}={v}" for k, v in self.counts.items()))
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)
