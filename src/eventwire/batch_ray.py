"""The Ray engine (extra ``eventwire[ray]``): a pool of actors, each loading the pipeline once.

The driver stays the one reader and the one writer (``batch_runner.run_batch``); Ray only codes.
Each actor is restarted by Ray whenever its process dies and the chunk it held is retried
(``max_task_retries``); a chunk that still fails is split, and each of its articles is coded
alone on an otherwise idle actor, so that only the article that kills its actor is recorded as a
failure. With ``address=None`` Ray starts a local
instance on this machine, or joins the cluster named by $RAY_ADDRESS.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from .batch import Failure
from .batch_runner import Item, Result, WorkerSetupError, code_chunk
from .errors import ConfigError, EventwireError, PipelineError
from .pipeline import Pipeline

#: Ray retries a chunk this many times on a restarted actor before we split it.
TASK_RETRIES = 2
#: rounds of those retries an article alone gets before it is a failure: a first round can be
#: spent on an actor that another article's chunk killed and that is still restarting
ALONE_ROUNDS = 2


class _Coder:
    """One actor: the pipeline loaded once in ``__init__``, then chunk after chunk."""

    def __init__(self, make_pipeline: Callable[[], Pipeline]) -> None:
        # A failed load is kept and raised per chunk: an actor whose __init__ raises is
        # restarted by Ray over and over before anyone hears why.
        self.pipeline: Pipeline | None = None
        self.error: str | None = None
        try:
            self.pipeline = make_pipeline()
        except EventwireError as exc:
            self.error = f"error[{exc.code}]: {exc}"
        except Exception as exc:  # noqa: BLE001 - reported to the driver, which stops the run
            self.error = f"{type(exc).__name__}: {exc}"

    def code(self, items: list[Item]) -> list[Result]:
        if self.pipeline is None:
            raise WorkerSetupError(self.error or "the worker has no pipeline")
        return code_chunk(self.pipeline, items)


def import_ray() -> Any:
    """The ``ray`` module, or a ConfigError that says how to install it."""
    try:
        import ray
    except ImportError:
        raise ConfigError("--engine ray needs Ray, which is not installed",
                          hint="pip install 'eventwire[ray]', or use --engine local") from None
    return ray


class RayEngine:
    """``workers`` Ray actors (1 CPU each) on a local Ray instance or a cluster at ``address``."""

    name = "ray"

    def __init__(self, make_pipeline: Callable[[], Pipeline], workers: int = 2,
                 address: str | None = None, init_options: dict[str, Any] | None = None,
                 on_event: Callable[[str], None] | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.make_pipeline = make_pipeline
        self.workers = workers
        self.address = address
        self.init_options = init_options or {}
        self.restarts = 0
        self._on_event = on_event or (lambda _msg: None)
        self._started = False
        self._actors: list[Any] = []
        self._ray: Any = None

    def __enter__(self) -> RayEngine:
        ray = self._ray = import_ray()
        if not ray.is_initialized():
            options = {"include_dashboard": False, "logging_level": logging.WARNING,
                       **self.init_options}
            try:
                ray.init(address=self.address, **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise ConfigError(f"cannot start or join Ray at {self.address or 'local'}: {exc}",
                                  hint="check --ray-address / $RAY_ADDRESS and that the cluster "
                                       "runs the same Ray and Python versions") from None
            self._started = True
        # Restart a dead actor without limit (a long run may lose many to OOM or preemption);
        # retry its chunk a bounded number of times, so a poison article ends as a failure.
        actor = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=TASK_RETRIES)(_Coder)
        self._actors = [actor.remote(self.make_pipeline) for _ in range(self.workers)]
        return self

    def __exit__(self, *exc: object) -> None:
        ray = self._ray
        for a in self._actors:
            ray.kill(a)
        self._actors = []
        if self._started:
            ray.shutdown()
            self._started = False

    def map(self, chunks: Iterator[list[Item]]) -> Iterator[list[Result]]:
        """Results of every chunk in completion order; two chunks queued per actor at most.

        The articles of a chunk that failed are suspects: each is coded alone on an actor that
        holds nothing else, so that when a poison article kills that actor again, no innocent
        article queued beside it spends its retries (Ray may rerun a dead actor's queue in
        any order) and ends as a failure or is lost.
        """
        ray = self._ray
        if not self._actors:
            raise RuntimeError("use RayEngine as a context manager")
        inflight: dict[Any, tuple[list[Item], int]] = {}  # ref -> (its articles, its actor)
        load = [0] * len(self._actors)  # chunks in flight on each actor
        alone = [False] * len(self._actors)  # an actor coding a suspect, and nothing else
        suspects: deque[list[Item]] = deque()
        rounds: dict[str, int] = {}  # an article alone: how many rounds of retries it has failed
        exhausted = False

        def submit(items: list[Item], k: int) -> None:
            inflight[self._actors[k].code.remote(items)] = (items, k)
            load[k] += 1

        while True:
            for k in sorted(range(len(self._actors)), key=load.__getitem__):
                if alone[k]:
                    continue
                if suspects:
                    if load[k] == 0:  # otherwise let this actor drain, then take a suspect
                        submit(suspects.popleft(), k)
                        alone[k] = True
                    continue
                while load[k] < 2 and not exhausted:
                    items = next(chunks, None)
                    if items is None:
                        exhausted = True
                    else:
                        submit(items, k)
            if not inflight:
                if suspects:  # cannot happen: an idle actor always takes one
                    raise RuntimeError("the Ray engine holds suspects but no actor took them")
                return
            ready, _ = ray.wait(list(inflight), num_returns=1)
            for ref in ready:
                items, k = inflight.pop(ref)
                load[k] -= 1
                alone[k] = False
                try:
                    yield ray.get(ref)
                except (ray.exceptions.RayActorError, ray.exceptions.RayTaskError) as exc:
                    cause = getattr(exc, "cause", None)
                    if isinstance(cause, WorkerSetupError):
                        raise PipelineError(f"a Ray worker could not load the pipeline: {cause}",
                                            hint="check that eventwire, its model and its "
                                                 "gazetteer are installed on every node") from None
                    self.restarts += 1
                    if len(items) > 1:
                        self._on_event(f"a chunk failed on Ray ({type(exc).__name__}); "
                                       "retrying its articles one by one")
                        suspects.extend([i] for i in items)
                        continue
                    item = items[0]
                    rounds[item.content_hash] = rounds.get(item.content_hash, 0) + 1
                    if rounds[item.content_hash] < ALONE_ROUNDS:
                        # its retries may have met an actor still restarting after another
                        # article killed it: one more round, at the back of the queue
                        suspects.append(items)
                        continue
                    origin = item.article.origin or item.article.id or "<article>"
                    yield [(item.content_hash, Failure(
                        origin, PipelineError.code,
                        f"a Ray worker failed {ALONE_ROUNDS * (TASK_RETRIES + 1)} times on "
                        f"this article ({type(exc).__name__}); it was skipped"))]
