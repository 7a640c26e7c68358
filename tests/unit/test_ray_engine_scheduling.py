"""RayEngine.map's scheduling, against a fake Ray that takes the worst case: when an article
kills an actor, every chunk queued on that actor fails with it (real Ray may rerun a dead
actor's queue in any order, so an innocent chunk can spend its retries on its neighbour's kills).
Only the article that kills is a failure; nothing is lost. Real Ray runs in
tests/integration/test_batch_ray.py."""

from __future__ import annotations

import itertools
import types

from eventwire.batch import Failure
from eventwire.batch_ray import RayEngine
from eventwire.batch_runner import Item
from eventwire.model import Article


class _ActorDied(Exception):
    pass


class _FakeRay:
    exceptions = types.SimpleNamespace(RayActorError=_ActorDied, RayTaskError=_ActorDied)

    def __init__(self) -> None:
        self.queued: dict[int, tuple[int, list[Item]]] = {}  # ref -> (actor, its articles)
        self.refs = itertools.count()
        self.max_queue = 0

    def wait(self, refs, num_returns=1):
        return refs[:num_returns], refs[num_returns:]

    def get(self, ref):
        actor, items = self.queued.pop(ref)
        queue = [its for a, its in [(actor, items), *self.queued.values()] if a == actor]
        if any("POISON" in i.article.text for its in queue for i in its):
            raise _ActorDied(f"actor {actor} died")
        return [(i.content_hash, f"coded {i.article.id}") for i in items]


class _FakeActor:
    def __init__(self, ray: _FakeRay, number: int) -> None:
        self.code = types.SimpleNamespace(remote=self._remote)
        self.ray, self.number = ray, number

    def _remote(self, items):
        ref = next(self.ray.refs)
        self.ray.queued[ref] = (self.number, items)
        queue = sum(1 for a, _ in self.ray.queued.values() if a == self.number)
        self.ray.max_queue = max(self.ray.max_queue, queue)
        return ref


def _engine(workers: int) -> tuple[RayEngine, _FakeRay]:
    fake = _FakeRay()
    engine = RayEngine(lambda: None, workers=workers)
    engine._ray = fake
    engine._actors = [_FakeActor(fake, k) for k in range(workers)]
    return engine, fake


def _items(n: int, poison: set[int]) -> list[Item]:
    return [Item(Article(text=f"Story {i}." + (" POISON" if i in poison else ""), id=f"s{i}",
                         origin=f"in:{i}"), f"h{i}") for i in range(n)]


def _run(engine: RayEngine, items: list[Item], size: int):
    chunks = iter([items[i:i + size] for i in range(0, len(items), size)])
    results = [r for chunk in engine.map(chunks) for r in chunk]
    coded = sorted(h for h, r in results if not isinstance(r, Failure))
    failed = sorted(r.origin for _, r in results if isinstance(r, Failure))
    return coded, failed, results


def test_one_actor_an_innocent_article_beside_a_poison_one_is_coded():
    engine, _ = _engine(workers=1)
    coded, failed, results = _run(engine, _items(4, poison={1}), size=2)
    assert coded == ["h0", "h2", "h3"]
    assert failed == ["in:1"]
    assert len(results) == 4  # one answer per article, none twice


def test_two_actors_two_poison_articles_many_chunks():
    engine, _ = _engine(workers=2)
    coded, failed, results = _run(engine, _items(23, poison={4, 17}), size=3)
    assert coded == sorted(f"h{i}" for i in range(23) if i not in {4, 17})
    assert failed == ["in:17", "in:4"]
    assert len(results) == 23


def test_without_a_poison_article_chunks_are_pipelined_two_per_actor():
    engine, fake = _engine(workers=2)
    coded, failed, _ = _run(engine, _items(20, poison=set()), size=2)
    assert len(coded) == 20 and failed == []
    assert fake.max_queue == 2
