"""Where the pipeline's time goes: each stage's share of the whole, measured in one run.

    .venv/bin/python benchmarks/stage_share.py [--docs N] [--repeat R]

Input: real conflict news (../shared/data/india-police-events). Runs the default pipeline in
batches exactly as ``eventwire run`` does (``Pipeline.pipe``), with a timer around every stage
call, and prints each stage's CPU seconds (process time, so other work on the machine does not
distort the shares) and its share of the pipeline's total. Issue 6 asks the dates stage
(temporal expressions and event dating) to take no more than 5% of it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import load_articles  # noqa: E402  (the same corpus loader as the throughput benchmark)


class Timed:
    """A stage wrapped with a stopwatch; ``pipe`` and ``__call__`` both count."""

    def __init__(self, stage, totals: dict[str, float]) -> None:
        self.stage, self.totals = stage, totals
        self.name, self.version = stage.name, stage.version
        self.requires, self.produces = stage.requires, stage.produces
        if hasattr(stage, "pipe"):
            self.pipe = self._pipe

    def open(self) -> None:
        opener = getattr(self.stage, "open", None)
        if opener is not None:
            opener()

    def close(self) -> None:
        closer = getattr(self.stage, "close", None)
        if closer is not None:
            closer()

    def _pipe(self, docs):
        t = time.process_time()
        out = list(self.stage.pipe(docs))
        self.totals[self.name] += time.process_time() - t
        return out

    def __call__(self, doc):
        t = time.process_time()
        out = self.stage(doc)
        self.totals[self.name] += time.process_time() - t
        return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=2, help="passes over the input; the fastest counts")
    args = ap.parse_args()

    from eventwire.pipeline import Pipeline
    from eventwire.registry import load_pipeline

    articles = load_articles(args.docs)
    words = sum(len(a.text.split()) for a in articles)
    base = load_pipeline()
    best: dict[str, float] | None = None
    for _ in range(args.repeat):
        totals: dict[str, float] = defaultdict(float)
        pipeline = Pipeline([Timed(s, totals) for s in base.stages])
        pipeline.open()
        for _doc in pipeline.pipe(articles, batch_size=32):
            pass
        if best is None or sum(totals.values()) < sum(best.values()):
            best = dict(totals)
    pipeline.close()
    assert best is not None
    total = sum(best.values())
    print(f"{len(articles)} articles, {words:,} words; pipeline {total:.2f} CPU s "
          f"({len(articles) / total:.1f} articles/s), fastest of {args.repeat} passes")
    print(f"{'stage':<12} {'CPU s':>8} {'share':>7}")
    for name in base.names:
        print(f"{name:<12} {best[name]:>8.2f} {100 * best[name] / total:>6.1f}%")


if __name__ == "__main__":
    main()
