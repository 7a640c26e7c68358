"""`eventwire batch` throughput from 1 to N workers, against spaCy alone, in one command.

    .venv/bin/python benchmarks/batch_scaling.py [--docs N] [--workers 1 2] [--engine local|ray]

Input: real conflict news (../shared/data/india-police-events, Times of India articles).
For each worker count, the whole batch path runs: read and hash the articles, skip none (a fresh
SQLite store each time), code them on the workers, store every record through the one writer.
Prints articles/s (wall clock, worker start-up included, as a user sees it), the ratio to spaCy's
``nlp.pipe`` alone on one process (measured first, same model, same articles: the hardware
cancels out), the speed-up over one worker, the peak RSS of each worker and of the driver, and
CPU milliseconds per article in the workers and in the driver (which, unlike the wall clock, do
not change when other programs share the machine).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = Path(os.environ.get("EVENTWIRE_SHARED_DATA", HERE.parent.parent / "shared" / "data"))
CORPUS = DATA / "india-police-events" / "india_police_events.jsonl"


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used, in seconds."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class MeasuredPipeline:
    """The real pipeline, noting its process's peak RSS in ``outdir/<pid>`` after every chunk."""

    def __init__(self, pipeline, outdir: str) -> None:
        self.pipeline = pipeline
        self.version = pipeline.version
        self.out = Path(outdir) / str(os.getpid())

    def _note(self) -> None:
        self.out.write_text(f"{peak_rss_mb():.1f} {cpu_seconds():.3f}")

    def pipe_documents(self, docs):
        try:
            return self.pipeline.pipe_documents(docs)
        finally:
            self._note()

    def run(self, doc):
        try:
            return self.pipeline.run(doc)
        finally:
            self._note()


def measured_pipeline(settings, outdir: str) -> MeasuredPipeline:
    from eventwire.batch_runner import open_pipeline

    return MeasuredPipeline(open_pipeline(settings), outdir)


def load_articles(n: int):
    from eventwire.batch_inputs import read_batch_inputs

    if not CORPUS.exists():
        sys.exit(f"benchmark corpus not found: {CORPUS} (set EVENTWIRE_SHARED_DATA)")
    out = []
    for item in read_batch_inputs([str(CORPUS)]):
        if hasattr(item, "text"):
            out.append(item)
        if len(out) >= n:
            break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--engine", choices=["local", "ray"], default="local")
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    import spacy

    from eventwire.batch_runner import LocalEngine, run_batch
    from eventwire.config import Settings
    from eventwire.registry import load_pipeline
    from eventwire.store import open_store

    settings = Settings()
    articles = load_articles(args.docs)
    words = sum(len(a.text.split()) for a in articles)
    print(f"corpus: {len(articles)} articles, {words} words (india-police-events); "
          f"{os.cpu_count()} CPU(s); engine {args.engine}; batch size {args.batch_size}")

    t0 = time.perf_counter()
    pipeline = load_pipeline(settings).open()
    load_s = time.perf_counter() - t0
    version = pipeline.version
    pipeline.close()
    nlp = spacy.load(settings.nlp.model)  # spaCy alone: the model as spaCy loads it
    t0 = time.perf_counter()
    for _ in nlp.pipe([a.text for a in articles], batch_size=args.batch_size):
        pass
    base = time.perf_counter() - t0
    print(f"spaCy alone        1 proc : {len(articles) / base:7.1f} art/s {words / base:8.0f} w/s"
          f"   (pipeline load in one process: {load_s:.1f} s)")

    first_rate = None
    for n in args.workers:
        with tempfile.TemporaryDirectory() as tmp:
            make = functools.partial(measured_pipeline, settings, tmp)
            if args.engine == "ray":
                from eventwire.batch_ray import RayEngine

                engine = RayEngine(make, workers=n, init_options={"num_cpus": n})
            else:
                engine = LocalEngine(make, workers=n)
            t0, c0 = time.perf_counter(), cpu_seconds()
            with open_store(Path(tmp) / "bench.db") as store, engine:
                summary = run_batch(articles, store, engine, version=version,
                                    batch_size=args.batch_size)
            took, driver_cpu = time.perf_counter() - t0, cpu_seconds() - c0
            notes = [p.read_text().split() for p in Path(tmp).iterdir() if p.name.isdigit()]
            peaks = sorted(float(rss) for rss, _ in notes)
            worker_cpu = sum(float(cpu) for _, cpu in notes)
        rate = summary.coded / took
        first_rate = first_rate or rate
        print(f"eventwire batch    {n} wkr  : {rate:7.1f} art/s {words / took:8.0f} w/s   "
              f"ratio to spaCy alone {base / took:5.2f}   speed-up vs {args.workers[0]} worker(s) "
              f"{rate / first_rate:4.2f}x   stored {summary.counts['stored']} failed "
              f"{summary.counts['failed']}   peak RSS per worker "
              f"{', '.join(f'{p:.0f}' for p in peaks)} MB")
        # CPU per article does not depend on what else the machine runs; wall clock does.
        print(f"{'':28}CPU per article: workers {1000 * worker_cpu / len(articles):.0f} ms "
              f"(load included), driver {1000 * driver_cpu / len(articles):.1f} ms")
    print(f"driver (reader + writer) peak RSS {peak_rss_mb():.0f} MB (includes the spaCy baseline)")
    print(json.dumps({"note": "one run, shared machine: differences under ~10% are noise"}))


if __name__ == "__main__":
    main()
