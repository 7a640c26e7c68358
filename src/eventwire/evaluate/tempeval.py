"""tempeval3-train: TIMEX3 extent strict/relaxed P/R/F1, type and value accuracy (TempEval-3 Task A).

Gold: ``tempeval3-train/tbaq_train.jsonl`` (one document per line, DCT as publication date).
Predicted timexes are ``record["timexes"]`` (text spans only; the DCT is not a gold timex).
Strict = identical spans, relaxed = overlapping spans, one-to-one. Type and value accuracy are
over relaxed matches; value F1 = relaxed F1 x value accuracy (the official ranking measure),
type F1 likewise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import Article
from .base import ErrorSink, article, read_jsonl, snippet
from .metrics import Report, match_spans, prf, safe_div

NAME = "tempeval3-train"
FOLDER = "tempeval3-train"
FILE = "tbaq_train.jsonl"


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    return read_jsonl(folder / FILE, limit)


def articles(gold: list[dict[str, Any]]) -> list[Article]:
    return [article(g["text"], g["id"], g.get("dct")) for g in gold]


def score(
    gold: list[dict[str, Any]], records: dict[str, dict], errors: ErrorSink | None = None
) -> Report:
    strict = [0, 0, 0]
    relaxed = [0, 0, 0]
    type_hits = value_hits = 0
    for item in gold:
        text = item["text"]
        g = item.get("timexes") or []
        p = [
            t
            for t in (records.get(item["id"]) or {}).get("timexes") or []
            if t.get("start") is not None
        ]
        gs = [(t["start"], t["end"]) for t in g]
        ps = [(t["start"], t["end"]) for t in p]
        ms = match_spans(gs, ps, "exact")
        mr = match_spans(gs, ps, "overlap")
        for acc, m in ((strict, ms), (relaxed, mr)):
            acc[0], acc[1], acc[2] = acc[0] + m.tp, acc[1] + m.fp, acc[2] + m.fn
        for gi, pi in mr.pairs:
            gt, pt = g[gi], p[pi]
            type_hits += gt.get("type") == pt.get("type")
            value_hits += gt.get("value") == pt.get("value")
            if errors and (gt.get("value") != pt.get("value") or (gs[gi] != ps[pi])):
                errors.add(
                    item["id"],
                    "wrong_value" if gt.get("value") != pt.get("value") else "wrong_extent",
                    snippet(text, gt["start"], gt["end"]),
                    {k: gt.get(k) for k in ("text", "type", "value")},
                    {k: pt.get(k) for k in ("text", "type", "value")},
                    dct=item.get("dct"),
                )
        if errors:
            errors.add_unmatched(
                item["id"], "timex", text, mr, g, p,
                lambda t: {k: t.get(k) for k in ("text", "type", "value")},
                lambda t: {k: t.get(k) for k in ("text", "type", "value")},
                dct=item.get("dct"),
            )
    metrics: dict[str, float] = {}
    for k, v in prf(*strict).items():
        metrics[f"strict_{k}"] = v
    for k, v in prf(*relaxed).items():
        metrics[f"relaxed_{k}"] = v
    metrics["type_acc"] = safe_div(type_hits, relaxed[0])
    metrics["value_acc"] = safe_div(value_hits, relaxed[0])
    metrics["type_f1"] = metrics["relaxed_f1"] * metrics["type_acc"]
    metrics["value_f1"] = metrics["relaxed_f1"] * metrics["value_acc"]
    n_gold = relaxed[0] + relaxed[2]
    return Report(
        NAME,
        len(gold),
        metrics,
        {"gold_timexes": n_gold, "predicted": relaxed[0] + relaxed[1]},
        ["reference: HeidelTime on this set strict F1 83.9, relaxed F1 92.0, value F1 77.3"],
        support={k: n_gold for k in metrics},
    )
