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
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..config import ClusterOptions
from .mention import Mention
from .rules import COMPATIBLE_TYPES, DAY_PRECISIONS, GENERIC_NAMES, Match, compare, date_interval
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


#: Degrees of latitude/longitude per cell of the place blocking grid.
CELL_DEG = 1.0
#: Rare words of a sentence used as blocking keys.
RARE_WORDS = 8


def _cells(m: Mention, reach_km: float) -> list[str]:
    """Grid cells within ``reach_km`` of a town-level place (its own cell alone when reach is 0)."""
    if not m.has_point or m.geo_precision == 3:
        return []
    lat, lon = float(m.lat), float(m.lon)  # type: ignore[arg-type]
    row, col = math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)
    dlat = math.ceil(reach_km / (111.0 * CELL_DEG))
    dlon = math.ceil(reach_km / (111.0 * CELL_DEG * max(math.cos(math.radians(lat)), 0.01)))
    return [
        f"cell:{r}:{c}"
        for r in range(row - dlat, row + dlat + 1)
        for c in range(col - dlon, col + dlon + 1)
    ]


def blocking_keys(
    m: Mention, options: ClusterOptions, text: TextIndex | None, query: bool = False
) -> set[str]:
    """Keys a mention shares with any mention that can give it real evidence.

    Evidence comes from a close town, a day both texts name, a named participant, an equal
    count or shared rare words; each has a key here, so clusters sharing none are not compared.
    ``query`` widens the keys to what the rules accept (neighbouring cells, days in the window).
    Generic participants ("police") are no key: alone they never reach ``min_evidence``.
    """
    keys = set(_cells(m, options.max_km if query else 0.0))
    if m.geonameid is not None and m.geo_precision in (1, 2):
        keys.add(f"gid:{m.geonameid}")
    if m.date_from_text and m.date_start is not None and m.date_precision in DAY_PRECISIONS:
        window = options.date_window_days if query else 0
        for d in range(-window, window + 1):
            keys.add(f"day:{(m.date_start + _dt.timedelta(days=d)).isoformat()}")
    for p in m.actors + m.recipients:
        if p.name and p.name not in GENERIC_NAMES:
            keys.add(f"name:{p.name}")
    for name in ("dead", "injured", "arrested"):
        value = getattr(m, name)
        if value and value >= options.min_specific_count:
            keys.add(f"{name}:{value}")
    if text is not None:
        keys.update(f"word:{w}" for w in text.rare_words(m, RARE_WORDS))
    return keys


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
        """False only when ``span`` starts after every member's latest possible day (cheap skip)."""
        if span is None or span[0] is None or self.open_ended or self.last is None:
            return True
        return span[0] - _dt.timedelta(days=window) <= self.last


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one mention went: its cluster, whether it founded it, the evidence that joined it."""

    mention: Mention
    cluster_id: str
    founded: bool
    match: Match | None = None


class Clusterer:
    """Assigns mentions to happenings one at a time; ``seed`` loads clusters built earlier."""

    def __init__(
        self, options: ClusterOptions | None = None, text: TextIndex | None = None
    ) -> None:
        self.options = options or ClusterOptions()
        self.text = text
        self._clusters: dict[str, Cluster] = {}
        self._founded: dict[str, int] = {}  # cluster id -> founding order (determinism)
        self._by_key: dict[tuple[str, str], set[str]] = {}  # (type group, blocking key) -> clusters
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

    def _new(self, cluster_id: str) -> Cluster:
        cluster = Cluster(cluster_id)
        self._clusters[cluster_id] = cluster
        self._founded[cluster_id] = len(self._founded)
        return cluster

    def _join(self, cluster: Cluster, m: Mention) -> None:
        cluster.add(m, self.options)
        group = type_group(m.type)
        for key in blocking_keys(m, self.options, self.text):
            self._by_key.setdefault((group, key), set()).add(cluster.id)

    def candidates(self, m: Mention) -> list[str]:
        """Clusters of a compatible type sharing a blocking key with ``m``, oldest first."""
        group = type_group(m.type)
        found: set[str] = set()
        for key in blocking_keys(m, self.options, self.text, query=True):
            found |= self._by_key.get((group, key), set())
        return sorted(found, key=self._founded.__getitem__)

    def seed(self, cluster_id: str, members: Iterable[Mention]) -> None:
        """Load a stored cluster as it is (no rule is re-checked): new mentions may join it."""
        members = sorted(members, key=lambda m: m.order)
        if not members:
            return
        cluster = self._clusters.get(cluster_id) or self._new(cluster_id)
        for m in members:
            if m.event_id not in self._assigned:
                self._join(cluster, m)
                self._assigned.add(m.event_id)

    def best_cluster(self, m: Mention) -> tuple[str, Match] | None:
        """The cluster ``m`` would join (most evidence, then the oldest), or None."""
        span = date_interval(m, self.options)
        best: tuple[str, Match] | None = None
        for cid in self.candidates(m):
            cluster = self._clusters[cid]
            if not cluster.may_overlap(span, self.options.date_window_days):
                continue
            strongest: Match | None = None
            total = 0.0
            for other in cluster.members:
                verdict = compare(m, other, self.options, self.text)
                if not verdict.compatible:
                    strongest = None
                    break
                total += verdict.evidence
                if strongest is None or verdict.evidence > strongest.evidence:
                    strongest = verdict
            if strongest is None or strongest.evidence < self.options.min_evidence:
                continue
            # One close member is not enough for a large cluster: the mention must be tied to the
            # cluster as a whole, or clusters grow by chains of loosely related reports.
            if total / len(cluster.members) < self.options.min_mean_evidence:
                continue
            if best is None or strongest.evidence > best[1].evidence:
                best = (cid, strongest)
        return best

    def add(self, m: Mention) -> Assignment | None:
        """Put one mention in its happening; None if it did not happen or is already placed."""
        if not m.type or not m.happened or m.event_id in self._assigned:
            return None
        found = self.best_cluster(m)
        self._assigned.add(m.event_id)
        if found is not None:
            cid, match = found
            self._join(self._clusters[cid], m)
            return Assignment(m, cid, False, match)
        cid = cluster_id_for(m.event_id)
        n = 2
        while cid in self._clusters:  # a re-coded founder whose old cluster lives on
            cid = f"{cluster_id_for(m.event_id)}-{n}"
            n += 1
        self._join(self._new(cid), m)
        return Assignment(m, cid, True)

    def add_all(self, mentions: Iterable[Mention]) -> list[Assignment]:
        """Add mentions in their deterministic order; returns the assignments made."""
        out = []
        for m in sorted(mentions, key=lambda x: x.order):
            a = self.add(m)
            if a is not None:
                out.append(a)
        return out


def cluster_mentions(
    mentions: Iterable[Mention], options: ClusterOptions | None = None
) -> dict[str, tuple[Mention, ...]]:
    """Cluster id -> members for a batch of mentions, from scratch (no store involved)."""
    mentions = list(mentions)
    clusterer = Clusterer(options, TextIndex(mentions))
    clusterer.add_all(mentions)
    return {cid: tuple(ms) for cid, ms in clusterer.clusters.items()}
