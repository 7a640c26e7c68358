"""One event per happening: near-duplicate articles linked, events across articles clustered.

    from eventwire.cluster import update_clusters, cluster_records
    summary = update_clusters(store)              # the store's events -> stored happenings
    happenings = cluster_records(records)         # output-contract records -> canonical events

``neardup``: MinHash LSH over article signatures; ``NearDuplicateGate`` is the hook that keeps
``eventwire run`` from coding a syndicated copy twice. ``rules``: when two event mentions can be
one happening (type, date window, place distance, participants, counts). ``engine``: the
deterministic, incremental complete-link clusterer. ``canonical``: the canonical event with its
sources and disagreements. ``build``: the store-level update behind ``eventwire cluster``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..config import ClusterOptions
from .build import ClusterSummary, update_clusters
from .canonical import canonical
from .engine import Assignment, Clusterer, cluster_mentions
from .mention import Mention, Participant, from_record, from_records, from_row
from .neardup import NearDuplicateGate, NearDuplicateIndex
from .rules import Match, compare

__all__ = [
    "Assignment",
    "ClusterOptions",
    "ClusterSummary",
    "Clusterer",
    "Match",
    "Mention",
    "NearDuplicateGate",
    "NearDuplicateIndex",
    "Participant",
    "canonical",
    "cluster_mentions",
    "cluster_records",
    "compare",
    "from_record",
    "from_records",
    "from_row",
    "update_clusters",
]


def cluster_records(
    records: Iterable[Mapping[str, Any]], options: ClusterOptions | None = None
) -> list[dict[str, Any]]:
    """Canonical events (dicts) of output-contract records clustered in memory, no store needed."""
    clusters = cluster_mentions(from_records(records), options)
    return [canonical(cid, ms) for cid, ms in clusters.items()]
