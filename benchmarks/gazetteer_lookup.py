"""Gazetteer lookup speed and size: ``SqliteGazetteer.candidates`` on real toponyms, in one process.

    .venv/bin/python benchmarks/gazetteer_lookup.py [--rounds 3]

Input: every toponym string of GeoWebNews and LGL (../shared/data, about 7,800 mentions), looked
up as the resolver does (up to 30 candidates each, joined to their place and admin-1 rows). The
baseline, run in the same process on the same names, is the bare indexed ``SELECT`` of the
matching ids, so the ratio says what building Candidate records costs on top of the index.
Targets (issue 5): under 0.2 ms per lookup, the built gazetteer under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

DATA = Path(os.environ.get("EVENTWIRE_SHARED_DATA",
                           Path(__file__).resolve().parents[2] / "shared" / "data"))
FILES = ("geowebnews/geowebnews.jsonl", "lgl/lgl.jsonl")


def names() -> list[str]:
    out = []
    for rel in FILES:
        path = DATA / rel
        if not path.exists():
            sys.exit(f"not found: {path} (set EVENTWIRE_SHARED_DATA)")
        for line in path.open(encoding="utf-8"):
            out.extend(t["name"] for t in json.loads(line).get("toponyms") or [])
    return out


def main() -> None:
    from eventwire.geo import SqliteGazetteer, ensure_gazetteer
    from eventwire.geo.normalize import normalize, variants

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    queries = names()
    path = ensure_gazetteer()
    gaz = SqliteGazetteer(path)
    gaz.open()
    db = gaz._conn()  # the baseline uses the same connection and page cache
    keys = [variants(normalize(q)) for q in queries]

    def bare() -> int:
        found = 0
        for k in keys:
            if k:
                marks = ",".join("?" * len(k))
                found += len(db.execute(f"SELECT geonameid FROM name WHERE norm IN ({marks}) LIMIT 30", k).fetchall())
        return found

    def full() -> int:
        return sum(len(gaz.candidates(q, 30)) for q in queries)

    full()  # warm the page cache for both
    timings: dict[str, list[float]] = {"bare": [], "full": []}
    for _ in range(args.rounds):
        for label, fn in (("bare", bare), ("full", full)):
            t0 = time.perf_counter()
            fn()
            timings[label].append(time.perf_counter() - t0)
    n = len(queries)
    per = {k: statistics.median(v) / n * 1e3 for k, v in timings.items()}
    found = full()
    size_mb = path.stat().st_size / 1e6
    print(f"gazetteer {path}: {size_mb:.1f} MB (target < 300 MB)")
    print(f"{n} lookups of GWN+LGL toponyms, {found / n:.1f} candidates each, median of {args.rounds} rounds")
    print(f"  bare indexed SELECT of ids : {per['bare']:.4f} ms/lookup")
    print(f"  candidates() with records  : {per['full']:.4f} ms/lookup (target < 0.2)")
    print(f"  ratio full / bare          : {per['full'] / per['bare']:.2f}")
    gaz.close()


if __name__ == "__main__":
    main()
