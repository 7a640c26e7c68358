"""clusters: pairwise precision/recall/F1 of event clustering against hand-labelled happenings.

Gold: ``data/clusters/happenings.yaml`` (in this package), written by reading real articles of
india-police-events (referenced by id; texts read from ``../shared/data``) and the bundled
Wikinews samples. Each labelled mention is (article, character offset of the words that report
the happening). The whole pipeline runs on every labelled article; then every event of those
articles is clustered (``cluster_mentions``, default settings), exactly as ``eventwire cluster``
would cluster a store holding only them.

A mention is matched to the predicted event of its sentence whose type is compatible with the
gold type and whose trigger is nearest the offset (within ``MAX_TRIGGER_DISTANCE`` characters).
Pairwise scores run over all pairs of labelled mentions: a pair is predicted "same" when both
mentions matched events of one predicted cluster. Unmatched mentions (the pipeline found no such
event) are singletons: they cost recall, so ``pair_f1`` is end to end. ``found_pair_*`` score
only pairs whose two mentions both matched an event (the clustering alone).

The same file lists article pairs checked by hand for near-duplication; ``neardup_*`` scores the
gate (``NearDuplicateIndex`` at the default threshold) on them, with no pipeline involved.
"""

from __future__ import annotations

import itertools
from importlib import resources
from pathlib import Path
from typing import Any

from ..model import Article
from .base import ErrorSink, article, read_jsonl, snippet
from .metrics import Report, prf

NAME = "clusters"
FOLDER = "india-police-events"
FILE = "india_police_events.jsonl"
LABELS = "data/clusters/happenings.yaml"
#: Farthest a predicted trigger may be from the labelled offset and still stand for the mention.
MAX_TRIGGER_DISTANCE = 150


def labels(path: str | Path | None = None) -> dict[str, Any]:
    """The hand-labelled file: ``{version, happenings: [...], near_duplicates: [...]}``."""
    import yaml

    if path is not None:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return yaml.safe_load(resources.files("eventwire").joinpath(LABELS).read_text(encoding="utf-8"))


def _samples_file() -> Path:
    return Path(__file__).resolve().parents[3] / "samples" / "wikinews.jsonl"


def _texts(folder: Path, wanted: set[str]) -> dict[str, dict[str, Any]]:
    """Article dicts by id for the wanted ids, from the gold folder and the bundled samples."""
    out: dict[str, dict[str, Any]] = {}
    for row in read_jsonl(folder / FILE):
        if row["id"] in wanted:
            out[row["id"]] = row
    samples = _samples_file()
    if samples.is_file():
        for row in read_jsonl(samples):
            if row["id"] in wanted:
                out[row["id"]] = row
    return out


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """One item per labelled article (its text and mentions), then one per near-duplicate pair.

    ``limit`` keeps the first N happenings (and every near-duplicate pair).
    """
    spec = labels()
    happenings = spec["happenings"][:limit] if limit is not None else spec["happenings"]
    pairs = spec.get("near_duplicates") or []
    wanted = {m["article"] for h in happenings for m in h["mentions"]}
    wanted |= {p[k] for p in pairs for k in ("a", "b")}
    texts = _texts(folder, wanted)
    by_article: dict[str, dict[str, Any]] = {}
    for h in happenings:
        for m in h["mentions"]:
            row = texts.get(m["article"])
            if row is None:
                continue  # a sample article missing from an installed copy: reported by score()
            item = by_article.setdefault(
                m["article"],
                {
                    "kind": "article",
                    "id": row["id"],
                    "text": row["text"],
                    "published": row.get("published"),
                    "title": row.get("title"),
                    "url": row.get("url"),
                    "source": row.get("source"),
                    "mentions": [],
                },
            )
            item["mentions"].append(
                {"happening": h["id"], "type": h["type"], "at": int(m["at"]), "note": m.get("note")}
            )
    items: list[dict[str, Any]] = list(by_article.values())
    for p in pairs:
        if p["a"] in texts and p["b"] in texts:
            items.append(
                {
                    "kind": "pair",
                    "a": p["a"],
                    "b": p["b"],
                    "copy": bool(p["copy"]),
                    "text_a": texts[p["a"]]["text"],
                    "text_b": texts[p["b"]]["text"],
                    "reason": p.get("reason"),
                }
            )
    items.append(
        {
            "kind": "meta",
            "labelled_mentions": sum(len(h["mentions"]) for h in happenings),
            "happenings": len(happenings),
        }
    )
    return items


def articles(gold: list[dict[str, Any]]) -> list[Article]:
    out = []
    for g in gold:
        if g["kind"] == "article":
            a = article(g["text"], g["id"], g.get("published"))
            out.append(
                Article(
                    text=a.text,
                    id=a.id,
                    published=a.published,
                    origin=a.origin,
                    title=g.get("title"),
                    url=g.get("url"),
                    source=g.get("source"),
                )
            )
    return out


def match_event(events: list[dict[str, Any]], at: int, gold_type: str) -> dict[str, Any] | None:
    """The predicted event standing for a labelled mention (see the module docstring), or None.

    Of the events of the sentence holding ``at``, one of the gold type wins over one of a
    compatible type (an arrest never stands for an assault); then the nearest trigger.
    """
    from ..cluster.mention import Mention
    from ..cluster.rules import types_compatible

    best: tuple[tuple[bool, int], dict[str, Any]] | None = None
    for ev in events:
        info = ev.get("text_info") or {}
        start, end = info.get("start"), info.get("end")
        if start is None or end is None or not start <= at < end:
            continue
        etype = str(ev.get("event_type") or "")
        gold = Mention("gold", "", 0, gold_type)
        pred = Mention("pred", "", 0, etype, mode=tuple(ev.get("mode") or ()))
        if not types_compatible(gold, pred):
            continue
        trig = ev.get("trigger") or {}
        t0, t1 = trig.get("start"), trig.get("end")
        if t0 is None:
            continue
        t1 = t1 if t1 is not None else t0
        dist = 0 if t0 <= at < t1 else min(abs(t0 - at), abs(t1 - at))
        key = (etype != gold_type, dist)
        if dist <= MAX_TRIGGER_DISTANCE and (best is None or key < best[0]):
            best = (key, ev)
    return best[1] if best else None


def _pairwise(assigned: list[tuple[str, str | None]]) -> tuple[int, int, int]:
    """(tp, fp, fn) over all pairs of (gold cluster, predicted cluster or None = singleton)."""
    tp = fp = fn = 0
    for (g1, p1), (g2, p2) in itertools.combinations(assigned, 2):
        same_gold = g1 == g2
        same_pred = p1 is not None and p1 == p2
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return tp, fp, fn


def score(
    gold: list[dict[str, Any]], records: dict[str, dict], errors: ErrorSink | None = None
) -> Report:
    from ..cluster import cluster_mentions, from_records
    from ..config import ClusterOptions

    items = [g for g in gold if g["kind"] == "article"]
    meta = next((g for g in gold if g["kind"] == "meta"), {})
    clusters = cluster_mentions(from_records(records[g["id"]] for g in items if g["id"] in records))
    cluster_of = {m.event_id: cid for cid, ms in clusters.items() for m in ms}

    assigned: list[tuple[str, str | None]] = []
    found: list[tuple[str, str | None]] = []
    where: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]] = []
    for g in items:
        events = (records.get(g["id"]) or {}).get("events") or []
        for m in g["mentions"]:
            ev = match_event(events, m["at"], m["type"])
            cid = cluster_of.get(ev["id"]) if ev else None
            assigned.append((m["happening"], cid))
            if ev is not None and cid is not None:
                found.append((m["happening"], cid))
            where.append((g, m, ev))
    tp, fp, fn = _pairwise(assigned)
    ftp, ffp, ffn = _pairwise(found)
    # False links the clustering could not avoid: the coder made one event of two happenings.
    events_of = [(m["happening"], ev["id"] if ev else None) for _g, m, ev in where]
    fp_one_event = sum(
        1
        for (g1, e1), (g2, e2) in itertools.combinations(events_of, 2)
        if e1 is not None and e1 == e2 and g1 != g2
    )
    end = prf(tp, fp, fn)
    alone = prf(ftp, ffp, ffn)

    threshold = ClusterOptions().near_duplicate_threshold
    nd_tp = nd_fp = nd_fn = 0
    pairs = [g for g in gold if g["kind"] == "pair"]
    nd_rows = _near_duplicate_verdicts(pairs, threshold)
    for p, (said, j) in zip(pairs, nd_rows, strict=True):
        nd_tp += p["copy"] and said
        nd_fp += said and not p["copy"]
        nd_fn += p["copy"] and not said
        if errors is not None and said != p["copy"]:
            errors.add(
                f"{p['a']}~{p['b']}",
                "missed_copy" if p["copy"] else "false_copy",
                p["reason"] or "",
                p["copy"],
                {"jaccard": round(j, 3), "threshold": threshold},
            )
    nd = prf(nd_tp, nd_fp, nd_fn)

    if errors is not None:
        _write_misses(errors, where, cluster_of)
    n_mentions = len(assigned)
    report = Report(
        dataset=NAME,
        items=n_mentions,
        metrics={
            "pair_p": end["p"],
            "pair_r": end["r"],
            "pair_f1": end["f1"],
            "found_pair_p": alone["p"],
            "found_pair_r": alone["r"],
            "found_pair_f1": alone["f1"],
            "mentions_found": len(found) / n_mentions if n_mentions else 0.0,
            "neardup_p": nd["p"],
            "neardup_r": nd["r"],
            "neardup_f1": nd["f1"],
        },
        counts={
            "happenings": int(meta.get("happenings", 0)),
            "articles": len(items),
            "mentions": n_mentions,
            "mentions_found": len(found),
            "gold_pairs": tp + fn,
            "pair_tp": tp,
            "pair_fp": fp,
            "pair_fn": fn,
            "pair_fp_one_event": fp_one_event,
            "predicted_clusters": len(clusters),
            "neardup_pairs": len(pairs),
            "neardup_tp": nd_tp,
            "neardup_fp": nd_fp,
            "neardup_fn": nd_fn,
        },
        support={
            "pair_p": tp + fp,
            "pair_r": tp + fn,
            "pair_f1": tp + fn,
            "found_pair_f1": ftp + ffn,
            "neardup_f1": nd_tp + nd_fn,
        },
    )
    missing = int(meta.get("labelled_mentions", n_mentions)) - n_mentions
    if missing:
        report.notes.append(
            f"{missing} labelled mentions skipped: their articles were not found "
            f"(samples/wikinews.jsonl or the gold folder)"
        )
    report.notes.append(
        f"near-duplicates scored at the default threshold {threshold}; "
        + _threshold_sweep(pairs, nd_rows)
    )
    return report


def _threshold_sweep(pairs: list[dict[str, Any]], rows: list[tuple[bool, float]]) -> str:
    """P/R of "Jaccard estimate >= t" at a few thresholds (the estimate alone, no LSH)."""
    out = []
    for t in (0.6, 0.7, 0.8, 0.9):
        tp = sum(1 for p, (_, j) in zip(pairs, rows, strict=True) if p["copy"] and j >= t)
        fp = sum(1 for p, (_, j) in zip(pairs, rows, strict=True) if not p["copy"] and j >= t)
        fn = sum(1 for p, (_, j) in zip(pairs, rows, strict=True) if p["copy"] and j < t)
        s = prf(tp, fp, fn)
        out.append(f"{t:.1f}: P {100 * s['p']:.1f} R {100 * s['r']:.1f}")
    return "estimate >= " + ", ".join(out)


def _near_duplicate_verdicts(
    pairs: list[dict[str, Any]], threshold: float
) -> list[tuple[bool, float]]:
    """For each pair: whether the gate links b to a (a indexed alone), and the Jaccard estimate."""
    from ..cluster.neardup import NearDuplicateIndex
    from ..ingest.dedup import near_duplicate_key, near_duplicate_similarity

    out = []
    for p in pairs:
        ka, kb = near_duplicate_key(p["text_a"]), near_duplicate_key(p["text_b"])
        index = NearDuplicateIndex(threshold)
        index.add(p["a"], ka)
        out.append((index.best(kb) is not None, near_duplicate_similarity(ka, kb)))
    return out


def _write_misses(errors: ErrorSink, where: list, cluster_of: dict[str, str]) -> None:
    """One row per labelled mention that found no event or sits apart from its happening."""
    by_happening: dict[str, list[str | None]] = {}
    for _g, m, ev in where:
        by_happening.setdefault(m["happening"], []).append(cluster_of.get(ev["id"]) if ev else None)
    for g, m, ev in where:
        if ev is None:
            errors.add(
                g["id"],
                "no_event",
                snippet(g["text"], m["at"], m["at"] + 40),
                m["happening"],
                None,
                note=m.get("note"),
            )
            continue
        cid = cluster_of.get(ev["id"])
        mates = [c for c in by_happening[m["happening"]] if c is not None]
        if cid is None or mates.count(cid) < len(mates):
            errors.add(
                g["id"],
                "split",
                snippet(g["text"], m["at"], m["at"] + 40),
                m["happening"],
                {
                    "event": ev["id"],
                    "cluster": cid,
                    "type": ev.get("event_type"),
                    "date": (ev.get("date") or {}).get("value"),
                    "place": ((ev.get("location") or {}).get("resolved_place")),
                    "size": ev.get("size"),
                },
                note=m.get("note"),
            )
