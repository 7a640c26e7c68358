"""geowebnews, lgl: toponym recognition P/R/F1 and resolution accuracy (km, GeoNames id).

Gold: ``geowebnews/geowebnews.jsonl``, ``lgl/lgl.jsonl`` (one article per line, char offsets).

- recognition: predicted places (``record["places"]`` with a text span) against gold toponyms,
  one-to-one, exact spans and overlapping spans. Policy for GeoWebNews: Demonym, Language and
  Homonym toponyms are not positives (no place is meant), and a prediction on one of them is
  neither a hit nor a false positive. Every LGL toponym is a positive.
- resolution on the gold spans (as Mordecai reports it): each article's gold toponyms that have
  coordinates go through ``eventwire.geo.resolve.Resolver`` over the default gazetteer, all
  together as one document. acc@161km and exact GeoNames id count an unresolved name as a miss;
  mean/median km are over the resolved ones.
- end-to-end: of the gold toponyms (with coordinates) that our own places overlap, the share
  whose place lies within 161 km.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..model import Article
from .base import ErrorSink, article, read_jsonl, snippet
from .metrics import Report, distance_summary, haversine_km, match_spans, overlaps, prf, safe_div

#: text, [(start, end, name)] -> one (lat, lon, geonameid) or None per span.
GoldSpanResolver = Callable[
    [str, list[tuple[int, int, str]]], list[tuple[float, float, int] | None]
]

NOT_PLACES = frozenset({"Demonym", "Language", "Homonym"})
FILES = {"geowebnews": "geowebnews.jsonl", "lgl": "lgl.jsonl"}


def load_for(name: str) -> Callable[[Path, int | None], list[dict[str, Any]]]:
    def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
        return read_jsonl(folder / FILES[name], limit)

    return load


def articles(gold: list[dict[str, Any]]) -> list[Article]:
    return [article(g["text"], g["id"], g.get("dltime")) for g in gold]


def default_resolver() -> GoldSpanResolver | None:
    """The pipeline's resolver over the default gazetteer, or None when it cannot be had."""
    try:
        from ..geo import SqliteGazetteer, ensure_gazetteer
        from ..geo.resolve import Resolver, Toponym
    except ImportError:
        return None
    from ..config import GeoOptions, cache_dir
    from ..stages.event_model import load_model
    from ..stages.events import MODEL_FILE
    from ..stages.geo import calibration_for

    gaz = SqliteGazetteer(ensure_gazetteer())
    gaz.open()
    options = GeoOptions()
    # the geo stage's resolution calibration and threshold, when ``eventwire train`` built one; a
    # training article is resolved with the fold calibration that never saw it
    model = load_model(options.model, cache_dir() / MODEL_FILE)
    model = model if getattr(model, "resolution", None) is not None else None

    def resolve(
        text: str, spans: list[tuple[int, int, str]]
    ) -> list[tuple[float, float, int] | None]:
        resolver = Resolver(gaz, options.min_score, calibration=calibration_for(model, text),
                            min_probability=options.min_probability)
        out = resolver.resolve(text, [Toponym(name, s, e) for s, e, name in spans])
        return [
            (r.candidate.lat, r.candidate.lon, r.candidate.geonameid) if r.candidate else None
            for r in out
        ]

    return resolve


def score_for(name: str) -> Callable[..., Report]:
    def score(
        gold: list[dict[str, Any]],
        records: dict[str, dict],
        errors: ErrorSink | None = None,
        resolver: GoldSpanResolver | None | str = "default",
    ) -> Report:
        return _score(name, gold, records, errors, resolver)

    return score


def _score(
    name: str,
    gold: list[dict[str, Any]],
    records: dict[str, dict],
    errors: ErrorSink | None,
    resolver: GoldSpanResolver | None | str,
) -> Report:
    notes: list[str] = []
    if resolver == "default":
        try:
            resolver = default_resolver()
        except Exception as exc:  # noqa: BLE001 - the recognition scores are still worth having
            notes.append(f"gold-span resolution left out: resolver failed to open ({exc})")
            resolver = None
        if resolver is None and not notes:
            notes.append("gold-span resolution left out: eventwire.geo resolver not available")
    rec_counts = {"exact": [0, 0, 0], "overlap": [0, 0, 0]}
    dists: list[float] = []
    resolved_hits = id_hits = id_total = n_resolvable = 0
    e2e_hits = e2e_total = 0
    for item in gold:
        text = item["text"]
        tops = item.get("toponyms") or []
        pos = [t for t in tops if t.get("type") not in NOT_PLACES]
        neutral = [(t["start"], t["end"]) for t in tops if t.get("type") in NOT_PLACES]
        places = [
            p
            for p in (records.get(item["id"]) or {}).get("places") or []
            if p.get("text") and p.get("start") is not None
        ]
        places = [
            p for p in places if not any(overlaps((p["start"], p["end"]), n) for n in neutral)
        ]
        g_spans = [(t["start"], t["end"]) for t in pos]
        p_spans = [(p["start"], p["end"]) for p in places]
        for mode in ("exact", "overlap"):
            m = match_spans(g_spans, p_spans, mode)
            c = rec_counts[mode]
            c[0], c[1], c[2] = c[0] + m.tp, c[1] + m.fp, c[2] + m.fn
            if mode == "overlap":
                for gi, pi in m.pairs:
                    t, p = pos[gi], places[pi]
                    if t.get("lat") is not None:
                        e2e_total += 1
                        ok = (
                            p.get("lat") is not None
                            and haversine_km(t["lat"], t["lon"], p["lat"], p["lon"]) <= 161
                        )
                        e2e_hits += ok
                if errors:
                    errors.add_unmatched(
                        item["id"], "toponym", text, m, pos, places,
                        lambda t: {"name": t["name"], "start": t["start"], "type": t.get("type")},
                        lambda p: {"text": p["text"], "start": p["start"], "name": p.get("name")},
                    )
        coded = [t for t in pos if t.get("lat") is not None]
        if resolver is None or not coded:
            continue
        got = resolver(text, [(t["start"], t["end"], t["name"]) for t in coded])  # type: ignore[operator]
        for t, r in zip(coded, got, strict=True):
            n_resolvable += 1
            if t.get("geonameid") is not None:
                id_total += 1
                id_hits += bool(r and r[2] == t["geonameid"])
            if r is None:
                dist = None
            else:
                dist = haversine_km(t["lat"], t["lon"], r[0], r[1])
                dists.append(dist)
                resolved_hits += dist <= 161
            if errors and (dist is None or dist > 161):
                errors.add(
                    item["id"],
                    "wrong_resolution",
                    snippet(text, t["start"], t["end"]),
                    {
                        "name": t["name"],
                        "lat": t["lat"],
                        "lon": t["lon"],
                        "geonameid": t.get("geonameid"),
                    },
                    {"lat": r[0], "lon": r[1], "geonameid": r[2], "km": round(dist or 0, 1)}
                    if r
                    else None,
                )
    metrics: dict[str, float] = {}
    for mode in ("exact", "overlap"):
        for k, v in prf(*rec_counts[mode]).items():
            metrics[f"recog_{mode}_{k}"] = v
    if resolver is not None:
        summary = distance_summary(dists)
        metrics["resolve_acc_161km"] = safe_div(resolved_hits, n_resolvable)
        metrics["resolve_exact_id"] = safe_div(id_hits, id_total)
        metrics["resolve_mean_km"] = summary["mean_km"]
        metrics["resolve_median_km"] = summary["median_km"]
        metrics["resolved_share"] = safe_div(len(dists), n_resolvable)
    metrics["e2e_acc_161km"] = safe_div(e2e_hits, e2e_total)
    counts = {
        "gold_toponyms": rec_counts["exact"][0] + rec_counts["exact"][2],
        "predicted": rec_counts["exact"][0] + rec_counts["exact"][1],
        "gold_with_coords": n_resolvable,
        "gold_with_id": id_total,
        "e2e_matched": e2e_total,
    }
    if resolver is not None:
        notes.append(
            "resolution is over every gold toponym with coordinates (modifiers and metonyms too), "
            "not Mordecai's evaluation subset"
        )
    if name == "geowebnews":
        notes.append(
            "Demonym/Language/Homonym toponyms are not positives; predictions on them ignored"
        )
    n_gold = counts["gold_toponyms"]
    support = {f"recog_{m}_{k}": n_gold for m in ("exact", "overlap") for k in ("p", "r", "f1")}
    support.update(
        {
            "resolve_acc_161km": n_resolvable,
            "resolve_exact_id": id_total,
            "e2e_acc_161km": e2e_total,
        }
    )
    return Report(name, len(gold), metrics, counts, notes, support=support)
