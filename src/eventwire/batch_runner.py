"""Distributed batch: read inputs, skip what is stored, code on workers, store through one writer.

    with LocalEngine(partial(open_pipeline, settings), workers=2) as engine:
        summary = run_batch(read_batch_inputs(paths), store, engine, version=pipeline_version)

The driver (this process) reads and hashes every article, asks the store whether that content is
already coded by this pipeline version (``Store.seen_many``: one query per block of inputs), and
sends only the rest to the engine in chunks. Workers
load the pipeline once each and return plain records; the driver alone writes, one transaction
per article. That makes a run resumable by construction: kill the driver or a worker at any
point and the same command, run again, skips what was committed and codes the rest; nothing is
stored twice because ``Store.save`` is idempotent on (content hash, pipeline version).

A local worker that dies (kill -9, out of memory, a crash in native code) is replaced: the
chunks it may have held are re-run one at a time, split down to single articles if one keeps
killing its worker, and an article that kills two workers is recorded as a failure.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Protocol

from .batch import Failure, process
from .errors import EventwireError, InputError, PipelineError
from .ingest import article_hash
from .model import Article
from .pipeline import Pipeline
from .record import to_record

#: How many times one article may take its worker down before it is recorded as a failure.
MAX_CRASHES = 2
#: Inputs the driver reads ahead (at least a chunk) to ask the store about them in one query.
LOOKAHEAD = 256
#: Failures listed by ``BatchSummary.report``; the rest are in the store's failures table.
LIST_FAILURES = 20


@dataclass(frozen=True, slots=True)
class Item:
    """One article sent to a worker, with the content hash the driver computed for it."""

    article: Article
    content_hash: str


@dataclass(frozen=True, slots=True)
class Coded:
    """A worker's answer for one article: its output-contract record and the text it indexes."""

    record: dict[str, Any]
    text: str


#: What a worker returns per article: the content hash, then the record or the failure.
Result = tuple[str, Coded | Failure]


def open_pipeline(settings: Any) -> Pipeline:
    """Build and open the pipeline ``settings`` name: what each worker runs once at start."""
    from .registry import load_pipeline

    return load_pipeline(settings).open()


def code_chunk(pipeline: Pipeline, items: list[Item]) -> list[Result]:
    """Code a chunk of articles: one Result per item, in order; a bad article is a Failure."""
    out: list[Result] = []
    for item, done in zip(items, process([i.article for i in items], pipeline,
                                          batch_size=max(len(items), 1)), strict=True):
        if isinstance(done, Failure):
            out.append((item.content_hash, done))
        else:
            out.append((item.content_hash, Coded(to_record(done, pipeline.version), done.text)))
    return out


class Engine(Protocol):
    """Where chunks are coded: ``map`` takes chunks lazily, yields results as they finish."""

    name: str
    workers: int

    def map(self, chunks: Iterator[list[Item]]) -> Iterator[list[Result]]: ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...


# --- the local engine: a process pool that survives the death of a worker ---------------------

_worker: Pipeline | None = None
_worker_error: str | None = None


def _watch_parent(parent: int) -> None:
    # A driver killed with SIGKILL cannot stop its pool; without this its workers would wait on
    # their task queue forever. Exit as soon as we are re-parented.
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(make_pipeline: Callable[[], Pipeline], parent: int) -> None:
    global _worker, _worker_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    try:
        _worker = make_pipeline()
    except EventwireError as exc:
        _worker_error = f"error[{exc.code}]: {exc}"
    except Exception as exc:  # noqa: BLE001 - reported to the driver, which stops the run
        _worker_error = f"{type(exc).__name__}: {exc}"


def _work(items: list[Item]) -> list[Result]:
    if _worker is None:
        raise WorkerSetupError(_worker_error or "the worker has no pipeline")
    return code_chunk(_worker, items)


class WorkerSetupError(Exception):
    """Raised by a worker that could not load the pipeline: every chunk would fail, so stop."""


@dataclass
class _Chunk:
    items: list[Item]
    crashes: int = 0


class LocalEngine:
    """``workers`` processes (spawned), each loading the pipeline once with ``make_pipeline``.

    ``make_pipeline`` must be picklable (a module-level function or a functools.partial of one).
    """

    name = "local"

    def __init__(self, make_pipeline: Callable[[], Pipeline], workers: int = 2,
                 on_event: Callable[[str], None] | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.make_pipeline = make_pipeline
        self.workers = workers
        self.restarts = 0  # pools replaced after a worker died
        self._on_event = on_event or (lambda _msg: None)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")  # no forked copies of databases or models
        self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                         initargs=(self.make_pipeline, os.getpid()))
        return self._pool

    def _close_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(self, chunks: Iterator[list[Item]]) -> Iterator[list[Result]]:
        """Results of every chunk, in completion order; dead workers are replaced, work redone."""
        first = next(chunks, None)
        if first is None:  # everything was stored already: start no worker
            return
        chunks = itertools.chain([first], chunks)
        pool = self._new_pool()
        inflight: dict[Future[list[Result]], _Chunk] = {}
        # Chunks that were in flight when a worker died. They run one at a time, so the next
        # death is pinned on the chunk that caused it.
        suspects: deque[_Chunk] = deque()
        exhausted = False
        try:
            while True:
                broken = False
                try:
                    while suspects and not inflight:
                        inflight[pool.submit(_work, suspects[0].items)] = suspects[0]
                        suspects.popleft()
                    while not suspects and not exhausted and len(inflight) < 2 * self.workers:
                        items = next(chunks, None)
                        if items is None:
                            exhausted = True
                        elif items:
                            chunk = _Chunk(items)
                            try:
                                inflight[pool.submit(_work, items)] = chunk
                            except BrokenProcessPool:
                                suspects.append(chunk)
                                raise
                except BrokenProcessPool:  # a worker died since the last wait
                    broken = True
                if not broken:
                    if not inflight:
                        return
                    alone = len(inflight) == 1
                    done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                    for fut in done:
                        chunk = inflight.pop(fut)
                        try:
                            results = fut.result()
                        except BrokenProcessPool:
                            broken = True
                            yield from self._blame(chunk, alone, suspects)
                            continue
                        except WorkerSetupError as exc:
                            raise PipelineError(
                                f"a batch worker could not load the pipeline: {exc}",
                                hint="fix the error above; `eventwire extract` on one article "
                                     "shows it too") from None
                        except Exception as exc:  # noqa: BLE001 - a bug outside the stages
                            yield from self._isolate(chunk, f"{type(exc).__name__}: {exc}",
                                                     suspects)
                            continue
                        yield results
                if broken:
                    finished = []
                    for fut, chunk in inflight.items():
                        if fut.done() and fut.exception() is None:
                            finished.append(fut.result())
                        else:
                            suspects.append(chunk)
                    inflight.clear()
                    self.restarts += 1
                    self._on_event(f"a worker process died; restarting the pool "
                                   f"({len(suspects)} chunk(s) to redo one at a time)")
                    self._pool.shutdown(wait=False, cancel_futures=True)  # type: ignore[union-attr]
                    pool = self._new_pool()
                    yield from finished
        finally:
            self._close_pool()

    def _blame(self, chunk: _Chunk, alone: bool, suspects: deque[_Chunk]) -> Iterator[list[Result]]:
        """A chunk was in flight when a worker died; if it ran alone, it is the cause."""
        if not alone:
            suspects.append(chunk)
            return
        if len(chunk.items) > 1:
            suspects.extendleft(reversed([_Chunk([i]) for i in chunk.items]))
            return
        chunk.crashes += 1
        if chunk.crashes < MAX_CRASHES:
            suspects.appendleft(chunk)
            return
        item = chunk.items[0]
        yield [(item.content_hash, Failure(
            _origin(item.article), PipelineError.code,
            f"the worker process died {chunk.crashes} times while coding this article "
            "(killed, out of memory, or a crash in native code); it was skipped"))]

    def _isolate(self, chunk: _Chunk, reason: str,
                 suspects: deque[_Chunk]) -> Iterator[list[Result]]:
        """A chunk raised: split it so only the article that raises fails."""
        if len(chunk.items) > 1:
            suspects.extend(_Chunk([i]) for i in chunk.items)
            return
        item = chunk.items[0]
        yield [(item.content_hash, Failure(_origin(item.article), "EW600",
                                           f"{reason} (a bug in eventwire; please report it)"))]


def _origin(article: Article) -> str:
    return article.origin or article.id or "<article>"


# --- the driver --------------------------------------------------------------------------------


@dataclass
class BatchSummary:
    """What a batch run did: counts, time, failures, and the run it resumed if any."""

    run_id: str
    engine: str
    workers: int
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("read", "stored", "recoded", "unchanged", "duplicate", "near_duplicates", "failed"), 0))
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    resumed: str | None = None  # id of an unfinished earlier run over the same inputs
    restarts: int = 0

    @property
    def coded(self) -> int:
        return self.counts["stored"] + self.counts["recoded"]

    def report(self) -> list[str]:
        """The lines printed at the end of ``eventwire batch`` (to stderr)."""
        c = self.counts
        rate = self.coded / self.seconds if self.seconds > 0 else 0.0
        lines = []
        if self.resumed:
            lines.append(f"resumed after unfinished run {self.resumed}")
        lines.append(
            f"{c['read']} read, {c['stored']} stored, {c['recoded']} re-coded, "
            f"{c['unchanged']} skipped as already stored, {c['duplicate']} duplicate(s) in this "
            f"run, {c['failed']} failed"
            + (f", {c['near_duplicates']} near-duplicates linked, not coded"
               if c["near_duplicates"] else "")
            + (" (interrupted: rerun the same command to continue)" if self.interrupted else ""))
        lines.append(f"{self.coded} coded in {self.seconds:.1f} s ({rate:.1f} articles/s) on "
                     f"{self.workers} {self.engine} worker(s); run {self.run_id}"
                     + (f"; {self.restarts} worker restart(s)" if self.restarts else ""))
        for f in self.failures[:LIST_FAILURES]:
            lines.append(f"  failed: {f.origin}: [{f.code}] {f.reason}")
        if len(self.failures) > LIST_FAILURES:
            lines.append(f"  ... and {len(self.failures) - LIST_FAILURES} more, recorded with "
                         f"run {self.run_id} in the store's failures table")
        return lines


def run_batch(
    items: Iterable[Article | InputError],
    store: Any,
    engine: Engine,
    *,
    version: str,
    batch_size: int = 32,
    inputs: Iterable[str] = (),
    on_progress: Callable[[int], None] | None = None,
    gate: Any = None,
) -> BatchSummary:
    """Code every article not yet stored by ``version`` on ``engine``; store results as they come.

    Input errors and articles that fail are recorded in the store (``record_failure``) and the
    run goes on. KeyboardInterrupt stops it cleanly (``summary.interrupted``); a rerun continues.
    ``gate`` (``cluster.NearDuplicateGate``, as in ``eventwire run``) links near-copies of stored
    or admitted articles to their original instead of sending them to be coded.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    advance = on_progress or (lambda _n: None)
    inputs = [str(i) for i in inputs]
    resumed = _unfinished_run(store, inputs, version)
    run_id = store.start_run(pipeline_version=version, inputs=inputs)
    summary = BatchSummary(run_id=run_id, engine=engine.name, workers=engine.workers,
                           resumed=resumed)
    counts = summary.counts
    # Hashes sent and not yet back (a copy of one is a duplicate), with the id the gate knows.
    inflight: dict[str, str] = {}

    def fail(failure: Failure) -> None:
        counts["failed"] += 1
        summary.failures.append(failure)
        store.record_failure(run_id, failure.origin, failure.code, failure.reason)
        advance(1)

    def admitted_failed(failure: Failure) -> None:
        fail(failure)
        for copy in gate.failed(failure.origin) if gate is not None else []:
            # A near-copy waited for this original: it was neither coded nor linked.
            counts["near_duplicates"] -= 1
            fail(Failure(copy.article_id, failure.code,
                         f"near-duplicate of {copy.original_id}, which failed; rerun to code it"))

    # Hashes saved since the last ``seen_many`` query: that query's answer does not know them.
    saved_since: set[str] = set()

    def hashed() -> Iterator[tuple[Article | InputError, str | None, bool]]:
        """(item, its hash, stored by this version already): one ``seen_many`` per block read."""
        source = iter(items)
        while block := list(itertools.islice(source, max(batch_size, LOOKAHEAD))):
            digests = [None if isinstance(i, InputError) else article_hash(i) for i in block]
            saved_since.clear()
            stored = store.seen_many([d for d in digests if d is not None], version)
            for item, digest in zip(block, digests, strict=True):
                yield item, digest, digest is not None and (digest in stored or digest in saved_since)

    def chunks() -> Iterator[list[Item]]:
        # Runs in the driver's thread, between the engine's waits: the store is used by one thread.
        chunk: list[Item] = []
        for item, digest, stored in hashed():
            counts["read"] += 1
            if digest is None:  # an input error in its place among the inputs
                assert isinstance(item, InputError)
                fail(Failure(item.origin or "<input>", item.code, item.reason))
                continue
            if digest in inflight:
                counts["duplicate"] += 1
                advance(1)
            elif stored:
                counts["unchanged"] += 1
                advance(1)
            elif gate is not None and gate.check(item):
                counts["near_duplicates"] += 1  # linked to its original, not coded
                advance(1)
            else:
                inflight[digest] = item.id or digest[:16]
                chunk.append(Item(item, digest))
                if len(chunk) >= batch_size:
                    yield chunk
                    chunk = []
        if chunk:
            yield chunk

    started = time.perf_counter()
    try:
        for results in engine.map(chunks()):
            for digest, result in results:
                aid = inflight.pop(digest, None)
                if isinstance(result, Failure):
                    admitted_failed(result)
                    continue
                outcome = store.save(result.record, result.text, digest, version)
                saved_since.add(digest)
                counts[outcome] = counts.get(outcome, 0) + 1
                if gate is not None and aid is not None:
                    gate.saved(aid)
                advance(1)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        summary.seconds = time.perf_counter() - started
        summary.restarts = getattr(engine, "restarts", 0)
        if gate is not None:
            # Copies of originals left unstored (Ctrl-C) stay unlinked: the rerun handles them.
            counts["near_duplicates"] -= len(gate.finish())
    store.finish_run(run_id, {**counts, "interrupted": 1} if summary.interrupted else counts)
    return summary


def _unfinished_run(store: Any, inputs: list[str], version: str) -> str | None:
    """The last earlier run over the same inputs and pipeline, if it was killed or interrupted."""
    try:
        runs = store.runs()
    except EventwireError:
        return None
    for run in reversed(runs):
        if list(run.inputs) == inputs and run.pipeline_version == version:
            if run.finished_at is None or run.counts.get("interrupted"):
                return run.id
            return None
    return None
