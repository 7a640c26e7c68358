"""Throughput and memory of the whole pipeline against spaCy alone, same model, same input, same run.

    .venv/bin/python benchmarks/throughput.py [--docs N] [--workers 1 2]

Input: real conflict news (../shared/data/india-police-events, 1,257 Times of India articles).
Prints articles/s and words/s for spaCy's ``nlp.pipe`` alone and for eventwire's pipeline, the
ratio of the two (the figure to watch; the hardware cancels out), and peak RSS per process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
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
    args = ap.parse_args()

    from eventwire.batch import extract_records, extract_records_parallel
    from eventwire.config import Settings
    from eventwire.registry import load_pipeline
    from eventwire.stages.nlp import load_spacy

    settings = Settings()
    articles = load_articles(args.docs)
    words = sum(len(a.text.split()) for a in articles)
    print(f"corpus: {len(articles)} articles, {words} words (india-police-events)")

    nlp = load_spacy(settings.nlp.model)
    t0 = time.perf_counter()
    for _ in nlp.pipe([a.text for a in articles], batch_size=settings.nlp.batch_size):
        pass
    base = time.perf_counter() - t0
    print(f"spaCy alone      1 proc: {len(articles)/base:7.1f} art/s {words/base:9.0f} w/s")

    for n in args.workers:
        if n == 1:
            pipe = load_pipeline(settings).open()
            t0 = time.perf_counter()
            events = sum(len(r.get("events", [])) for r in extract_records(articles, pipe)
                         if isinstance(r, dict))
            took = time.perf_counter() - t0
            rss = peak_rss_mb()
        else:
            t0 = time.perf_counter()
            events = sum(len(r.get("events", [])) for r in
                         extract_records_parallel(articles, settings, workers=n)
                         if isinstance(r, dict))
            took = time.perf_counter() - t0
            rss = peak_rss_mb(children=True)
        print(f"eventwire        {n} proc: {len(articles)/took:7.1f} art/s {words/took:9.0f} w/s "
              f"ratio to spaCy alone {base/took:5.2f}  events {events}  peak RSS/proc {rss:6.0f} MB")


if __name__ == "__main__":
    main()
