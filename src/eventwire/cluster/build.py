"""(Re)build the happenings of a store: ``update_clusters(store)`` behind ``eventwire cluster``.

Incremental by default: stored clusters are loaded as they are, events not yet in a cluster
(new articles, re-coded ones) join them or found new ones, and only canonical events that
changed are rewritten. ``rebuild=True`` starts from nothing (use it after changing the
settings; the result is then independent of the order articles arrived in).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..config import ClusterOptions
from ..store.clusters import ClusterStore
from .canonical import canonical
from .engine import Clusterer
from .mention import Mention, from_row
from .text import TextIndex


@dataclass(frozen=True)
class ClusterSummary:
    """What one ``update_clusters`` did and what the store holds after it."""

    events: int  # stored events read
    clusterable: int  # of them, events that happened (not hypothetical or negated)
    new_members: int  # events placed in this run
    joined: int  # of those, events that joined an existing happening
    founded: int  # happenings founded in this run
    happenings: int  # happenings stored after the run
    multi_source: int  # happenings reported by two or more articles
    rewritten: int  # canonical events written (new or changed)
    dropped: int  # happenings removed (all their events were re-coded away)
    near_duplicates: int  # copies linked to stored articles instead of coded
    largest: list[dict[str, Any]] = field(default_factory=list)  # the five best-sourced happenings

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def format(self) -> str:
        lines = [
            (
                f"{self.events} stored events, {self.clusterable} that happened; "
                f"{self.new_members} placed now ({self.joined} joined a happening, "
                f"{self.founded} founded one)"
            ),
            (
                f"{self.happenings} happenings, {self.multi_source} reported by 2+ articles; "
                f"{self.rewritten} canonical events written, {self.dropped} dropped; "
                f"{self.near_duplicates} near-duplicate articles linked"
            ),
        ]
        for c in self.largest:
            date = (c.get("date") or {}).get("value") or "?"
            place = (c.get("location") or {}).get("place") or "-"
            dead = (c.get("size") or {}).get("dead") or {}
            toll = (
                f" dead {dead['min']}-{dead['max']}"
                if dead and dead["min"] != dead["max"]
                else (f" dead {dead['value']}" if dead else "")
            )
            lines.append(
                f"  {c['id']}  {c['event_type']:<8} {date:<10} {place:<20} "
                f"{c['source_count']} sources, {c['event_count']} events, "
                f"{c['first_report']}..{c['last_report']}{toll}"
            )
        return "\n".join(lines)


def copies_by_original(links: ClusterStore) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for nd in links.near_duplicates():
        out[nd.original_id].append(
            {
                "article_id": nd.article_id,
                "original_id": nd.original_id,
                "jaccard": nd.jaccard,
                "title": nd.title,
                "url": nd.url,
                "source": nd.source,
                "published": nd.published,
            }
        )
    return out


def _copies_for(
    ms: Sequence[Mention], copies: Mapping[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for m in ms:
        for c in copies.get(m.article_id, ()):
            seen.setdefault(c["article_id"], c)
    return sorted(seen.values(), key=lambda c: (c.get("published") or "", c["article_id"]))


def update_clusters(
    store: Any, options: ClusterOptions | None = None, rebuild: bool = False
) -> ClusterSummary:
    """Cluster the store's events into happenings, store the canonical events; return a summary."""
    options = options or ClusterOptions()
    links = ClusterStore(store)
    mentions = [from_row(r) for r in store.iter_events()]
    happened = [m for m in mentions if m.happened and m.type]
    stored = {} if rebuild else links.memberships()
    before = {} if rebuild else links.stored_canonical()

    clusterer = Clusterer(options, TextIndex(mentions))
    seeded: dict[str, list[Mention]] = defaultdict(list)
    fresh: list[Mention] = []
    for m in happened:
        placed = stored.get((m.article_id, m.seq))
        if placed is not None:
            seeded[placed[0]].append(m)
        else:
            fresh.append(m)
    for cid in sorted(seeded, key=lambda c: min(m.order for m in seeded[c])):
        clusterer.seed(cid, seeded[cid])
    assignments = clusterer.add_all(fresh)

    copies = copies_by_original(links)
    canon: dict[str, dict[str, Any]] = {}
    for cid, ms in clusterer.clusters.items():
        c = canonical(cid, ms, _copies_for(ms, copies))
        if before.get(cid) != json.dumps(c, sort_keys=True, ensure_ascii=False):
            canon[cid] = c
    drop = sorted(set(before) - set(clusterer.clusters))
    rows = [
        (
            a.mention.article_id,
            a.mention.seq,
            a.mention.event_id,
            a.cluster_id,
            a.match.evidence if a.match else None,
        )
        for a in assignments
    ]
    links.write(canon, rows, drop=drop, rebuild=rebuild)

    all_canon = links.canonical_events()
    return ClusterSummary(
        events=len(mentions),
        clusterable=len(happened),
        new_members=len(assignments),
        joined=sum(1 for a in assignments if not a.founded),
        founded=sum(1 for a in assignments if a.founded),
        happenings=len(all_canon),
        multi_source=sum(1 for c in all_canon if c["source_count"] > 1),
        rewritten=len(canon),
        dropped=len(drop),
        near_duplicates=len(links.near_duplicates()),
        largest=all_canon[:5],
    )
