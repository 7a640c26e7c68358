"""`eventwire cluster` speed: events placed per second with blocking keys, against all pairs.

    .venv/bin/python benchmarks/cluster_speed.py --db STORE.db [--events N]

Input: a store already filled by ``eventwire run`` (for example the 1,257 IndiaPoliceEvents
articles of ../shared/data). Both runs cluster the same first N events that happened, from
scratch, in this process: the baseline compares each event with every cluster of a compatible
type (what the clusterer did before blocking), the measured run only with the clusters sharing a
blocking key (a town cell, a day the text names, a count, a named party, a rare word). Prints
events/s of each, the ratio, and whether the two gave the same clusters (blocking can only drop
candidates that share no specific evidence; a difference is listed, not hidden). CPU seconds are
printed beside the wall clock, since other programs may share the machine.
"""

from __future__ import annotations

import argparse
import time

from eventwire.cluster import Clusterer, from_row
from eventwire.cluster.engine import type_group
from eventwire.cluster.text import TextIndex
from eventwire.config import ClusterOptions
from eventwire.store import open_store


class AllPairs(Clusterer):
    """The baseline: every cluster of a compatible type is a candidate."""

    def candidates(self, m):  # type: ignore[no-untyped-def]
        group = type_group(m.type)
        return [
            cid for cid, c in self._clusters.items() if type_group(c.members[0].type) == group
        ]


def timed(cls: type[Clusterer], mentions, options):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    clusterer = cls(options, TextIndex(mentions))
    clusterer.add_all(mentions)
    return clusterer, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="a store filled by eventwire run")
    ap.add_argument("--events", type=int, default=3000, help="events to cluster (first N)")
    args = ap.parse_args()
    with open_store(args.db, create=False) as store:
        mentions = [from_row(r) for r in store.iter_events()]
    mentions = [m for m in mentions if m.happened and m.type][: args.events]
    options = ClusterOptions()
    base, base_wall, base_cpu = timed(AllPairs, mentions, options)
    fast, fast_wall, fast_cpu = timed(Clusterer, mentions, options)
    n = len(mentions)
    print(f"{n} events from {args.db}")
    print(f"all pairs (baseline): {n / base_wall:8.0f} events/s  ({base_wall:.1f} s wall, "
          f"{base_cpu:.1f} s CPU)")
    print(f"blocking keys:        {n / fast_wall:8.0f} events/s  ({fast_wall:.1f} s wall, "
          f"{fast_cpu:.1f} s CPU)")
    print(f"ratio: {base_cpu / fast_cpu:.1f}x less CPU than the baseline")

    def groups(c: Clusterer) -> set[frozenset[str]]:
        return {frozenset(m.event_id for m in ms) for ms in c.clusters.values()}

    a, b = groups(base), groups(fast)
    print(f"same clusters: {a == b} ({len(a)} baseline, {len(b)} with blocking, "
          f"{len(a - b)} baseline clusters not reproduced)")


if __name__ == "__main__":
    main()
