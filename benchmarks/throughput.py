"""Throughput and memory of the whole pipeline against spaCy alone, same model, same input, same run.

    .venv/bin/python benchmarks/throughput.py [--docs N] [--workers 1 2] [--rounds R] [--warmup W]
                                              [--stock-rules]

Input: real conflict news (../shared/data/india-police-events, 1,257 Times of India articles).
Prints articles/s and words/s for spaCy's ``nlp.pipe`` alone (the model as ``spacy.load`` gives
it) and for eventwire's pipeline, the ratio of the two (the figure to watch; the hardware cancels
out), and peak RSS per process. A third line times spaCy as eventwire loads it (paragraph breaks,
and the attribute ruler and lemmatizer run as the faster stand-ins of
``eventwire.stages.spacy_rules``, same output), so the ratio splits into what eventwire saves
inside spaCy and what its own stages cost. ``--stock-rules`` also times, in every round, the
pipeline with ``[nlp] fast_rules = false`` against spaCy alone timed again right before it: the
before and after of the stand-ins in one process, where the machine's drift hits both.

On one process both sides first process the same ``--warmup`` articles untimed (a model's first
batches pay one-off costs: spaCy's about 3 s here, eventwire's its stages' first lookups), then
``--rounds`` rounds each time spaCy alone and then eventwire over the same articles, so that a
spell of load on the machine hits both sides of a round; it prints every round and the median
ratio. The cold first pass of each side is printed too. Several processes (``--workers 2``) are
timed once from a cold start, worker start-up and model loading included.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = Path(os.environ.get("EVENTWIRE_SHARED_DATA", HERE.parent.parent / "shared" / "data"))


def load_articles(n: int):
    from eventwire.model import Article

    path = DATA / "india-police-events" / "india_police_events.jsonl"
    if not path.exists():
        sys.exit(f"benchmark corpus not found: {path} (set EVENTWIRE_SHARED_DATA)")
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            out.append(Article(text=rec["text"], id=rec["id"],
                               published=dt.date.fromisoformat(rec["published"])))
            if len(out) >= n:
                break
    return out


def peak_rss_mb(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds on one process; the median counts")
    ap.add_argument("--warmup", type=int, default=20, help="articles each side processes untimed first")
    ap.add_argument("--stock-rules", action="store_true",
                    help="also time the pipeline with spaCy's own attribute ruler and lemmatizer")
    args = ap.parse_args()

    from eventwire.batch import extract_records, extract_records_parallel
    from eventwire.config import Settings
    from eventwire.registry import load_pipeline
    from eventwire.stages.nlp import load_spacy

    settings = Settings()
    articles = load_articles(args.docs)
    warm = load_articles(args.docs + args.warmup)[args.docs:]
    words = sum(len(a.text.split()) for a in articles)
    print(f"corpus: {len(articles)} articles, {words} words (india-police-events); "
          f"{len(warm)} more to warm up")

    import spacy

    nlp = spacy.load(settings.nlp.model)
    ours = load_spacy(settings.nlp.model, settings.nlp.fast_rules)
    pipe = load_pipeline(settings).open() if 1 in args.workers else None
    stock = None
    if args.stock_rules and pipe is not None:
        stock = load_pipeline(
            dataclasses.replace(settings, nlp=dataclasses.replace(settings.nlp, fast_rules=False))
        ).open()

    def spacy_alone(batch, model=nlp) -> float:
        t0 = time.perf_counter()
        for _ in model.pipe([a.text for a in batch], batch_size=settings.nlp.batch_size):
            pass
        return time.perf_counter() - t0

    def eventwire(batch, which=None) -> tuple[float, int]:
        t0 = time.perf_counter()
        events = sum(len(r.get("events", [])) for r in extract_records(batch, which or pipe)
                     if isinstance(r, dict))
        return time.perf_counter() - t0, events

    def line(who: str, took: float) -> str:
        return f"{who:16s} {len(articles)/took:7.1f} art/s {words/took:9.0f} w/s"

    base_times = []
    if pipe is not None:
        if warm:
            cold_base = spacy_alone(warm)
            spacy_alone(warm, ours)
            cold_ew, _ = eventwire(warm)
            if stock is not None:
                eventwire(warm, stock)
            print(f"warm-up, {len(warm)} articles: spaCy alone {len(warm)/cold_base:.1f} art/s, "
                  f"eventwire {len(warm)/cold_ew:.1f} art/s (cold; not in the ratio)")
        ratios, own, stock_ratios = [], [], []
        for r in range(1, max(1, args.rounds) + 1):
            base = spacy_alone(articles)
            inside = spacy_alone(articles, ours)
            took, events = eventwire(articles)
            base_times.append(base)
            ratios.append(base / took)
            own.append(inside / took)
            print(f"round {r}: {line('spaCy alone', base)} | "
                  f"{line('eventwire 1 proc', took)} ratio {base/took:5.2f}  events {events}")
            print(f"         {line('spaCy as loaded', inside)} (ratio to spaCy alone "
                  f"{base/inside:5.2f}; eventwire's stages leave {inside/took:5.2f} of it)")
            if stock is not None:
                base2 = spacy_alone(articles)
                took2, _ = eventwire(articles, stock)
                stock_ratios.append(base2 / took2)
                print(f"         {line('spaCy alone', base2)} | "
                      f"{line('stock rules', took2)} ratio {base2/took2:5.2f}")
        print(f"eventwire        1 proc: median ratio to spaCy alone {statistics.median(ratios):5.2f} "
              f"over {len(ratios)} rounds (min {min(ratios):.2f}, max {max(ratios):.2f}); "
              f"to spaCy as eventwire loads it {statistics.median(own):5.2f}  "
              f"peak RSS/proc {peak_rss_mb():6.0f} MB")
        if stock_ratios:
            print(f"eventwire with spaCy's own attribute ruler and lemmatizer: median ratio "
                  f"{statistics.median(stock_ratios):5.2f} (min {min(stock_ratios):.2f}, "
                  f"max {max(stock_ratios):.2f})")
    for n in args.workers:
        if n == 1:
            continue
        base = statistics.median(base_times) if base_times else spacy_alone(articles)
        t0 = time.perf_counter()
        events = sum(len(r.get("events", [])) for r in
                     extract_records_parallel(articles, settings, workers=n)
                     if isinstance(r, dict))
        took = time.perf_counter() - t0
        print(f"eventwire        {n} proc: {len(articles)/took:7.1f} art/s {words/took:9.0f} w/s "
              f"ratio to spaCy alone (1 proc) {base/took:5.2f}  events {events}  "
              f"peak RSS/proc {peak_rss_mb(children=True):6.0f} MB (cold start included)")


if __name__ == "__main__":
    main()
