"""Local batch processing: articles in, records out, going on past bad articles.

``process`` is the one code path shared by ``eventwire extract``, ``eventwire run``, the
scorers of ``eventwire eval`` and the API: it runs the pipeline in batches and yields, in
input order, either a finished Document or the error that stopped that one article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .errors import EventwireError, InputError, StageError
from .model import Article, Document
from .pipeline import Pipeline
from .record import to_record


@dataclass(frozen=True)
class Failure:
    """One article (or input) that could not be processed, and why."""

    origin: str
    code: str
    reason: str


def _origin(article: Article) -> str:
    return article.origin or article.id or "<article>"


def process(
    items: Iterable[Article | InputError],
    pipeline: Pipeline,
    batch_size: int = 32,
) -> Iterator[Document | Failure]:
    """Run every article through the pipeline in batches; errors become Failures in their place."""
    pending: list[Article | InputError] = []
    for item in items:
        pending.append(item)
        if len(pending) >= batch_size:
            yield from _run_batch(pending, pipeline)
            pending = []
    if pending:
        yield from _run_batch(pending, pipeline)


def _run_batch(items: list[Article | InputError], pipeline: Pipeline) -> list[Document | Failure]:
    articles = [x for x in items if isinstance(x, Article)]
    try:
        done = iter(pipeline.pipe_documents([Document(article=a) for a in articles]))
        results: dict[int, Document | Failure] = {id(a): next(done) for a in articles}
    except StageError:
        # One bad article must not sink its batch: redo the batch one by one to isolate it.
        results = {}
        for a in articles:
            try:
                results[id(a)] = pipeline.run(a)
            except EventwireError as exc:
                results[id(a)] = Failure(_origin(a), exc.code, str(exc))
    out: list[Document | Failure] = []
    for item in items:
        if isinstance(item, InputError):
            reason = f"{item.reason}; {item.hint}" if item.hint else item.reason
            out.append(Failure(item.origin or "<input>", item.code, reason))
        else:
            out.append(results[id(item)])
    return out


def extract_records(
    items: Iterable[Article | InputError], pipeline: Pipeline, batch_size: int = 32
) -> Iterator[dict | Failure]:
    """``process`` then the output contract: what ``eventwire extract`` prints, one per input."""
    for result in process(items, pipeline, batch_size):
        yield result if isinstance(result, Failure) else to_record(result, pipeline.version)


# --- parallel by processes ---------------------------------------------------------------------
# Each worker loads the pipeline once (initializer) and returns plain records, since a spaCy Doc
# is costly to send between processes. Order is kept: results come back per chunk, in order.

_worker_pipeline: Pipeline | None = None


def _init_worker(settings: object) -> None:
    global _worker_pipeline
    from .registry import load_pipeline

    _worker_pipeline = load_pipeline(settings).open()  # type: ignore[arg-type]


def _work(chunk: list[Article | InputError]) -> list[dict | Failure]:
    assert _worker_pipeline is not None
    return list(extract_records(chunk, _worker_pipeline, batch_size=len(chunk) or 1))


def extract_records_parallel(
    items: Iterable[Article | InputError],
    settings: object,
    workers: int = 2,
    batch_size: int = 32,
) -> Iterator[dict | Failure]:
    """Like ``extract_records`` but on ``workers`` processes, each with its own pipeline."""
    import itertools
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")  # no forked copies of open databases or models
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(settings,)) as pool:
        iterator = iter(items)
        window: list = []
        while True:
            chunk = list(itertools.islice(iterator, batch_size))
            if chunk:
                window.append(pool.submit(_work, chunk))
            # Keep a few chunks in flight per worker; yield the oldest when the window is full.
            while window and (len(window) > 2 * workers or not chunk):
                yield from window.pop(0).result()
            if not chunk:
                break
