"""Near-duplicate articles: a MinHash LSH index (datasketch) and the gate ``eventwire run`` asks.

A syndicated copy or a re-post with small edits is not coded again: ``NearDuplicateGate.check``
finds its original among the stored articles (and those admitted earlier in the same run) and
returns the link, which is stored with the Jaccard estimate once the original is stored. The
signatures are the ingest's ``near_duplicate_key`` (64-slot MinHash of word 5-shingles).

Use in a run loop (``cli.run`` does exactly this; any batch runner can, in its driver)::

    gate = NearDuplicateGate.open(store, settings.cluster)
    for article in articles:
        if store.seen(...): continue
        if gate.check(article) is not None: continue   # linked to its original, not coded
        ... code it; after store.save(...): gate.saved(article or its id)
        ... on a failure: copies = gate.failed(origin)  # they waited for it: report them
    gate.finish()   # at the end (or on Ctrl-C): copies still waiting are left for a rerun
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..config import ClusterOptions
from ..ingest.dedup import NUM_PERM, article_hash, near_duplicate_key, near_duplicate_similarity
from ..model import Article
from ..store.clusters import ClusterStore, NearDuplicate


def _minhash(key: Sequence[int]) -> Any:
    from datasketch import MinHash  # imported here: it pulls in scipy (~1 s)

    # The scheme of the MinHash ``near_duplicate_key`` made (datasketch refuses to guess it).
    return MinHash(num_perm=len(key), seed=1, hashvalues=list(key), scheme=_scheme())


_SCHEME: list[str] = []


def _scheme() -> str:
    if not _SCHEME:
        from datasketch import MinHash

        _SCHEME.append(MinHash(num_perm=1, seed=1).scheme)
    return _SCHEME[0]


#: How far below the near-duplicate threshold the LSH bands are cut (see NearDuplicateIndex).
LSH_MARGIN = 0.2


class NearDuplicateIndex:
    """MinHash LSH over article signatures; ``best(key)``: the closest one over the threshold."""

    def __init__(self, threshold: float = 0.8, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"near-duplicate threshold must be in (0, 1], not {threshold}")
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        # LSH only proposes candidates; each is then checked against the threshold on its
        # Jaccard estimate. Banded for the threshold itself, datasketch finds a pair at Jaccard
        # 0.8 only a third of the time with 64 slots, so the bands are cut for a lower threshold
        # and weighted toward recall: a pair at the threshold is proposed with p > 0.99.
        self._lsh = MinHashLSH(
            threshold=max(0.3, threshold - LSH_MARGIN), num_perm=num_perm, weights=(0.2, 0.8)
        )
        self._keys: dict[str, tuple[int, ...]] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._keys

    def add(self, article_id: str, key: Sequence[int]) -> None:
        """Index one article (re-adding an id replaces its signature)."""
        key = tuple(int(v) for v in key)
        if len(key) != self.num_perm:
            raise ValueError(
                f"signature of {article_id} has {len(key)} slots, expected {self.num_perm}"
            )
        if article_id in self._keys:
            self.remove(article_id)
        self._lsh.insert(article_id, _minhash(key))
        self._keys[article_id] = key
        self._order.setdefault(article_id, len(self._order))

    def remove(self, article_id: str) -> None:
        if article_id in self._keys:
            self._lsh.remove(article_id)
            del self._keys[article_id]

    def best(self, key: Sequence[int], exclude: str | None = None) -> tuple[str, float] | None:
        """(article id, Jaccard estimate) of the closest indexed article at or above the threshold.

        LSH proposes candidates; each is kept only if its estimated Jaccard reaches the
        threshold. Ties go to the article indexed first (the original, not a later copy).
        """
        key = tuple(int(v) for v in key)
        found: tuple[str, float] | None = None
        for cand in self._lsh.query(_minhash(key)):
            if cand == exclude:
                continue
            j = near_duplicate_similarity(key, self._keys[cand])
            if j < self.threshold:
                continue
            if found is None or (j, -self._order[cand]) > (found[1], -self._order[found[0]]):
                found = (cand, j)
        return found


@dataclass
class NearDuplicateGate:
    """The run-path hook: links near-copies of stored or admitted articles, not coding them."""

    links: ClusterStore
    index: NearDuplicateIndex
    #: Articles admitted in this run and not yet stored: id -> (content hash, signature, origin).
    _pending: dict[str, tuple[str, tuple[int, ...], str]] = field(default_factory=dict)
    #: Copies waiting for their original (admitted in this run) to be stored.
    _waiting: dict[str, list[NearDuplicate]] = field(default_factory=dict)
    linked: int = 0

    @classmethod
    def open(cls, store: Any, options: ClusterOptions | None = None) -> NearDuplicateGate:
        """Build the index from the store's signatures, signing stored articles that lack one."""
        options = options or ClusterOptions()
        links = ClusterStore(store)
        index = NearDuplicateIndex(options.near_duplicate_threshold)
        for aid, chash, text in links.unsigned():
            # Articles stored before schema 3 or by a runner without this hook.
            links.save_signature(aid, chash, near_duplicate_key(text))
        for aid, key in links.signatures():
            if len(key) == index.num_perm:
                index.add(aid, key)
        return cls(links, index)

    def check(self, article: Article) -> NearDuplicate | None:
        """The link if ``article`` is a near-copy (do not code it), else None (it is admitted)."""
        chash = article_hash(article)
        known = self.links.link_for(chash)
        if known is not None:  # linked by an earlier run
            return known
        key = near_duplicate_key(article.text)
        aid = article.id or chash[:16]
        hit = self.index.best(key, exclude=aid)
        if hit is None:
            self.index.add(aid, key)
            self._pending[aid] = (chash, key, article.origin or aid)
            return None
        original, jaccard = hit
        nd = NearDuplicate(
            article_id=aid,
            content_hash=chash,
            original_id=original,
            jaccard=round(jaccard, 4),
            title=article.title,
            url=article.url,
            source=article.source,
            published=article.published.isoformat()
            if isinstance(article.published, _dt.date)
            else None,
        )
        if original in self._pending:
            self._waiting.setdefault(original, []).append(nd)
        else:
            self.links.link(nd)
        self.linked += 1
        return nd

    def saved(self, article: Article | str) -> None:
        """The article (or its id) is stored: keep its signature, flush the links waiting on it."""
        aid = article if isinstance(article, str) else article.id or article_hash(article)[:16]
        pending = self._pending.pop(aid, None)
        if pending is None:
            return
        chash, key, _origin = pending
        self.links.save_signature(aid, chash, key)
        for nd in self._waiting.pop(aid, []):
            self.links.link(nd)

    def failed(self, origin: str) -> list[NearDuplicate]:
        """An admitted article failed: forget it; return the copies that waited (not coded)."""
        for aid, (_h, _k, o) in list(self._pending.items()):
            if o == origin or aid == origin:
                del self._pending[aid]
                self.index.remove(aid)
                return self._waiting.pop(aid, [])
        return []

    def finish(self) -> list[NearDuplicate]:
        """Copies whose original was never stored in this run (report them; a rerun codes them)."""
        orphans = [nd for nds in self._waiting.values() for nd in nds]
        self._waiting.clear()
        for aid in list(self._pending):
            self.index.remove(aid)
        self._pending.clear()
        return orphans


def link_all(
    pairs: Iterable[tuple[str, Sequence[int]]], threshold: float = 0.8
) -> list[tuple[str, str, float]]:
    """Offline: (copy id, original id, Jaccard) for signatures in order (each vs. earlier ones)."""
    index = NearDuplicateIndex(threshold)
    out = []
    for aid, key in pairs:
        hit = index.best(key, exclude=aid)
        if hit is not None:
            out.append((aid, hit[0], hit[1]))
        else:
            index.add(aid, key)
    return out
