"""Group mentions into happenings: deterministic, incremental, complete-link.

Mentions are taken in ``Mention.order`` (publication date, article id, position). Each joins the
existing cluster that it is compatible with *member by member* (complete link: one conflict with
any member keeps it out) and whose best-matching member gives at least ``min_evidence``; of
several, the one with the most evidence wins, then the oldest. Otherwise it founds a new
cluster. Seeding the clusterer with stored clusters and adding only new mentions is the
incremental path; the same mentions in the same order always give the same clusters and ids.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..config import ClusterOptions
from .mention import Mention
from .rules import COMPATIBLE_TYPES, Match, compare, date_interval
from .text import TextIndex


def _type_groups() -> dict[str, str]:
    """PLOVER type -> blocking group: types joined by ``COMPATIBLE_TYPES`` share a group."""
    group: dict[str, str] = {}
    for pair in sorted(COMPATIBLE_TYPES, key=sorted):
        a, b = sorted(pair)
        ga, gb = group.get(a, a), group.get(b, b)
        root = min(ga, gb)
        for t, g in list(group.items()):
            if g in (ga, gb):
                group[t] = root
        group[a] = group[b] = root
    return group


_GROUPS = _type_groups()


def type_group(event_type: str) -> str:
    return _GROUPS.get(event_type, event_type)


def cluster_id_for(event_id: str) -> str:
    """A cluster's id: a short hash of its founding event's id (stable across rebuilds)."""
    return "h" + hashlib.blake2b(event_id.encode("utf-8"), digest_size=6).hexdigest()


@dataclass
class Cluster:
    """One happening being built: its members in join order and the days they may cover."""

    id: str
    members: list[Mention] = field(default_factory=list)
    last: _dt.date | None = None  # latest day any member may have happened on
    open_ended: bool = False  # a member with no date at all: any date may join

    def add(self, m: Mention, options: ClusterOptions) -> None:
        self.members.append(m)
        span = date_interval(m, options)
        if span is None:
            self.open_ended = True
            return
        self.last = span[1] if self.last is None else max(self.last, span[1])

    def may_overlap(self, span: tuple[_dt.date | None, _dt.date] | None, window: int) -> bool:
        """False only when ``span`` starts after every member's latest possible day (a cheap skip)."""
        if span is None or span[0] is None or self.open_ended or self.last is None:
            return True
        return span[0] - _dt.timedelta(days=window) <= self.last


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one mention went: its cluster, whether it founded it, and the evidence that joined it."""

    mention: Mention
    cluster_id: str
    founded: bool
    match: Match | None = None


class Clusterer:
    """Assigns mentions to happenings one at a time; ``seed`` loads clusters built earlier."""

    def __init__(self, options: ClusterOptions | None = None, text: TextIndex | None = None) -> None:
        self.options = options or ClusterOptions()
        self.text = text
        self._clusters: dict[str, Cluster] = {}
        self._by_group: dict[str, list[str]] = {}
        self._assigned: set[str] = set()

    @property
    def clusters(self) -> Mapping[str, Sequence[Mention]]:
        """Cluster id -> its members, in the order the clusters were founded."""
        return {cid: tuple(c.members) for cid, c in self._clusters.items()}

    def cluster_of(self, event_id: str) -> str | None:
        for cid, c in self._clusters.items():
            if any(m.event_id == event_id for m in c.members):
                return cid
        return None

    def _new(self, cluster_id: str, event_type: str) -> Cluster:
        cluster = Cluster(cluster_id)
        self._clusters[cluster_id] = cluster
        self._by_group.setdefault(type_group(event_type), []).append(cluster_id)
        return cluster

    def seed(self, cluster_id: str, members: Iterable[Mention]) -> None:
        """Load a stored cluster as it is (no rule is re-checked): new mentions may join it."""
        members = sorted(members, key=lambda m: m.order)
        if not members:
            return
        cluster = self._clusters.get(cluster_id) or self._new(cluster_id, members[0].type)
        for m in members:
            if m.event_id not in self._assigned:
                cluster.add(m, self.options)
                self._assigned.add(m.event_id)

    def best_cluster(self, m: Mention) -> tuple[str, Match] | None:
        """The cluster ``m`` would join (most evidence, then the oldest), or None."""
        span = date_interval(m, self.options)
        best: tuple[str, Match] | None = None
        for cid in self._by_group.get(type_group(m.type), ()):
            cluster = self._clusters[cid]
            if not cluster.may_overlap(span, self.options.date_window_days):
                continue
            strongest: Match | None = None
            for other in cluster.members:
                verdict = compare(m, other, self.options, self.text)
                if not verdict.compatible:
                    strongest = None
                    break
                if strongest is None or verdict.evidence > strongest.evidence:
                    strongest = verdict
            if strongest is None or strongest.evidence < self.options.min_evidence:
                continue
            if best is None or strongest.evidence > best[1].evidence:
                best = (cid, strongest)
        return best

    def add(self, m: Mention) -> Assignment | None:
        """Put one mention in its happening; None for one that did not happen or is already placed."""
        if not m.type or not m.happened or m.event_id in self._assigned:
            return None
        found = self.best_cluster(m)
        self._assigned.add(m.event_id)
        if found is not None:
            cid, match = found
            self._clusters[cid].add(m, self.options)
            return Assignment(m, cid, False, match)
        cid = cluster_id_for(m.event_id)
        n = 2
        while cid in self._clusters:  # a re-coded founder whose old cluster lives on
            cid = f"{cluster_id_for(m.event_id)}-{n}"
            n += 1
        self._new(cid, m.type).add(m, self.options)
        return Assignment(m, cid, True)

    def add_all(self, mentions: Iterable[Mention]) -> list[Assignment]:
        """Add mentions in their deterministic order; returns the assignments made."""
        out = []
        for m in sorted(mentions, key=lambda x: x.order):
            a = self.add(m)
            if a is not None:
                out.append(a)
        return out


def cluster_mentions(mentions: Iterable[Mention],
                     options: ClusterOptions | None = None) -> dict[str, tuple[Mention, ...]]:
    """Cluster id -> members for a batch of mentions, from scratch (no store involved)."""
    mentions = list(mentions)
    clusterer = Clusterer(options, TextIndex(mentions))
    clusterer.add_all(mentions)
    return {cid: tuple(ms) for cid, ms in clusterer.clusters.items()}
