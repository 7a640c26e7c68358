"""Commands that read articles and code them: extract, run, batch, watch."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..config import Settings
from ..errors import EventwireError, InputError
from .common import (
    INPUT_FORMATS,
    _date,
    _err,
    _fail,
    _settings,
    _with,
    cli,
)

#: Inputs read per ``seen_many`` query in ``eventwire run``.
_SEEN_BLOCK = 256

input_options = [
    click.argument("inputs", nargs=-1, required=True),
    click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for inputs that carry none."),
    click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True),
    click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
]


@cli.command()
@_with(input_options)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.pass_context
def extract(ctx: click.Context, inputs: tuple[str, ...], published: dt.date | None,
            input_format: str, quiet: bool, fmt: str) -> None:
    """Print one JSON record per article (no database). INPUT: file, directory, glob or '-'."""
    from ..batch import Failure, extract_records

    settings = _settings(ctx)
    failures = 0
    try:
        with _pipeline(settings) as pipeline:
            for item in extract_records(
                _inputs(settings, inputs, input_format, published), pipeline, settings.nlp.batch_size
            ):
                if isinstance(item, Failure):
                    failures += 1
                    _err(f"error[{item.code}]: {item.reason if item.origin in item.reason else item.origin + ': ' + item.reason}")
                    continue
                if fmt == "jsonl":
                    click.echo(json.dumps(item, ensure_ascii=False))
                else:
                    _print_record_table(item)
    except EventwireError as exc:
        _fail(exc)
    if failures:
        raise SystemExit(1)


@cli.command()
@_with(input_options)
@click.option("--db", default=None, help="Database path or postgresql:// URL (default ./eventwire.db).")
@click.pass_context
def run(ctx: click.Context, inputs: tuple[str, ...], published: dt.date | None,
        input_format: str, quiet: bool, db: str | None) -> None:
    """Process articles and store their events in the database; reruns store nothing twice."""
    from ..batch import Failure, process
    from ..ingest import article_hash
    from ..record import to_record
    from ..store import open_store

    settings = _settings(ctx)
    counts = {"read": 0, "stored": 0, "recoded": 0, "unchanged": 0, "failed": 0,
              "near_duplicates": 0}
    failures: list[Failure] = []
    interrupted = False
    try:
        store = open_store(db or settings.db)
    except EventwireError as exc:
        _fail(exc)
    try:
        with _pipeline(settings) as pipeline:
            version = pipeline.version
            run_id = store.start_run(pipeline_version=version, inputs=list(inputs))
            gate = _near_duplicate_gate(store, settings)

            def todo() -> Iterator[Any]:
                # Articles already stored by this pipeline version are skipped before any work:
                # one ``seen_many`` query per block of inputs read, not one query per article.
                source = iter(_inputs(settings, inputs, input_format, published))
                while block := list(itertools.islice(source, _SEEN_BLOCK)):
                    digests = [None if isinstance(i, InputError) else article_hash(i) for i in block]
                    stored = store.seen_many([d for d in digests if d is not None], version)
                    yield from fresh(block, digests, stored)

            def fresh(block: list[Any], digests: list[str | None], stored: set[str]) -> Iterator[Any]:
                for item, digest in zip(block, digests, strict=True):
                    counts["read"] += 1
                    if digest is None or digest not in stored:
                        if (gate is not None and not isinstance(item, InputError)
                                and gate.check(item)):
                            counts["near_duplicates"] += 1  # linked to its original, not coded
                            progress.advance()
                            continue
                        yield item
                    else:
                        counts["unchanged"] += 1
                        progress.advance()

            from ..ingest import count_articles

            total = count_articles(list(inputs), input_format) if not quiet else None
            progress = _Progress(quiet, total, "articles")
            # Each article is saved in one transaction, so Ctrl-C or a kill loses at most the
            # article being written; the rerun skips what is stored and completes the rest.
            try:
                for result in process(todo(), pipeline, settings.nlp.batch_size):
                    if isinstance(result, Failure):
                        counts["failed"] += 1
                        failures.append(result)
                        store.record_failure(run_id, result.origin, result.code, result.reason)
                        for copy in gate.failed(result.origin) if gate is not None else []:
                            # A copy waited for this original: it was neither coded nor linked.
                            counts["near_duplicates"] -= 1
                            counts["failed"] += 1
                            failures.append(Failure(copy.article_id, result.code,
                                                    f"near-duplicate of {copy.original_id}, which "
                                                    "failed; rerun to code it"))
                    else:
                        outcome = store.save(
                            to_record(result, version), result.text,
                            article_hash(result.article), version,
                        )
                        counts[outcome] = counts.get(outcome, 0) + 1
                        if gate is not None:
                            gate.saved(result.article)
                    progress.advance()
            except KeyboardInterrupt:
                interrupted = True
            finally:
                progress.close()
                if gate is not None:
                    # Copies of originals a Ctrl-C left unstored stay unlinked: a rerun links them.
                    counts["near_duplicates"] -= len(gate.finish())
            store.finish_run(run_id, counts)
    except EventwireError as exc:
        _fail(exc)
    finally:
        store.close()
    _err(
        f"{counts['read']} read, {counts['stored']} stored, {counts['recoded']} re-coded, "
        f"{counts['unchanged']} skipped as already stored, {counts['failed']} failed"
        + (f", {counts['near_duplicates']} near-duplicates linked, not coded"
           if counts["near_duplicates"] else "")
        + (" (interrupted: rerun to complete)" if interrupted else "")
    )
    for f in failures:
        _err(f"  failed: {f.origin}: [{f.code}] {f.reason}")
    if interrupted:
        raise SystemExit(130)
    if counts["failed"]:
        raise SystemExit(1)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--input-format", type=click.Choice(INPUT_FORMATS + ["parquet"]), default="auto",
              show_default=True)
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--db", default=None, help="Database path or postgresql:// URL (default ./eventwire.db).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes or Ray actors (default: the CPU count).")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Articles per chunk sent to a worker (default: [nlp] batch_size).")
@click.option("--ray-address", default=None,
              help="Ray cluster to join ('auto' on a cluster node); default $RAY_ADDRESS, else a local Ray.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def batch(ctx: click.Context, inputs: tuple[str, ...], input_format: str, published: dt.date | None,
          db: str | None, engine: str, workers: int | None, batch_size: int | None,
          ray_address: str | None, quiet: bool) -> None:
    """Process many articles on worker processes (or Ray); resumable: rerun to continue.

    INPUT: files, directories, globs, JSONL/CSV/Parquet shards. One writer stores the results.
    """
    import functools
    import os

    _stop_on_sigterm()
    from ..batch_inputs import count_batch_inputs, read_batch_inputs
    from ..batch_runner import LocalEngine, open_pipeline, run_batch
    from ..registry import load_pipeline
    from ..store import open_store

    settings = _settings(ctx)
    workers = workers or os.cpu_count() or 1
    make = functools.partial(open_pipeline, settings)
    try:
        version = load_pipeline(settings).version  # built, not opened: the workers open it
        if engine == "ray":
            from ..batch_ray import RayEngine

            runner: Any = RayEngine(make, workers, address=ray_address, on_event=_err)
        else:
            runner = LocalEngine(make, workers, on_event=_err)
        store = open_store(db or settings.db)
    except EventwireError as exc:
        _fail(exc)
    try:
        # Counting reads every shard once more: only worth it when a bar will show it.
        total = count_batch_inputs(list(inputs), input_format) \
            if not quiet and sys.stderr.isatty() else None
        progress = _Progress(quiet, total, "articles")
        try:
            gate = _near_duplicate_gate(store, settings)  # as in `run`: copies are linked
            with runner:
                summary = run_batch(
                    read_batch_inputs(list(inputs), input_format=input_format,
                                      published=published, options=settings.ingest),
                    store, runner, version=version,
                    batch_size=batch_size or settings.nlp.batch_size,
                    inputs=list(inputs), on_progress=progress.advance, gate=gate)
        finally:
            progress.close()
    except EventwireError as exc:
        _fail(exc)
    finally:
        store.close()
    for line in summary.report():
        _err(line)
    if summary.interrupted:
        raise SystemExit(130)
    if summary.counts["failed"]:
        raise SystemExit(1)


@cli.command()
@click.argument("feeds", type=click.Path(dir_okay=False))
@click.option("--interval", type=click.FloatRange(min=1), default=900, show_default=True,
              help="Seconds between two polls of the feeds.")
@click.option("--db", default=None, help="Database path or postgresql:// URL (default ./eventwire.db).")
@click.option("--state", "state_path", type=click.Path(dir_okay=False), default=None,
              help="Watch state file (default: beside the database, NAME.watch.sqlite).")
@click.option("--once", is_flag=True, help="Poll once, process what is new, and exit.")
@click.option("--host-interval", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between two requests to one host (robots.txt Crawl-delay wins if longer).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds to wait for a server to connect or send.")
@click.pass_context
def watch(ctx: click.Context, feeds: str, interval: float, db: str | None, state_path: str | None,
          once: bool, host_interval: float, timeout: float) -> None:
    """Poll RSS/Atom feeds (FEEDS: a text file of URLs, or OPML); fetch, code and store new articles."""
    from ..ingest.feeds import read_feed_list
    from ..ingest.fetch import Fetcher, FetchOptions
    from ..store import open_store
    from ..watch import Watcher, WatchOptions, WatchState, default_state_path

    def log(message: str) -> None:
        _err(f"{dt.datetime.now(dt.timezone.utc):%H:%M:%SZ} {message}")

    _stop_on_sigterm()

    settings = _settings(ctx)
    target = db or settings.db
    try:
        urls = read_feed_list(feeds)
        store = open_store(target)
    except EventwireError as exc:
        _fail(exc)
    try:
        state = WatchState(state_path or default_state_path(str(target)))
        fetcher = Fetcher(options=FetchOptions(min_interval=host_interval, timeout=timeout,
                                               max_bytes=settings.ingest.max_bytes), log=log)
        with _pipeline(settings) as pipeline:
            watcher = Watcher(urls, fetcher=fetcher, state=state, store=store, pipeline=pipeline,
                              options=WatchOptions(interval=interval), ingest=settings.ingest,
                              log=log, inputs=[feeds], gate=_near_duplicate_gate(store, settings))
            log(f"watching {len(urls)} feed(s) from {feeds}; state in {state.path}"
                + ("" if once else f"; polling every {interval:g} s (Ctrl-C stops)"))
            try:
                watcher.run(once=once)
            except KeyboardInterrupt:
                log("stopped; the next start continues from the saved state")
                raise SystemExit(130) from None
            finally:
                state.close()
                fetcher.close()
    except EventwireError as exc:
        _fail(exc)
    finally:
        store.close()


def _stop_on_sigterm() -> None:
    """Treat SIGTERM (systemd, Kubernetes, plain `kill`) like Ctrl-C: stop cleanly, say so."""
    import signal

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def _near_duplicate_gate(store: Any, settings: Settings) -> Any:
    """The near-duplicate gate of ``run`` ([cluster] near_duplicates = false turns it off)."""
    if not settings.cluster.near_duplicates:
        return None
    from ..cluster import NearDuplicateGate

    return NearDuplicateGate.open(store, settings.cluster)


def _print_record_table(record: dict[str, Any]) -> None:
    art = record["article"]
    click.echo(f"# {art['id']}  {art.get('title') or ''}  ({art.get('published') or 'no date'})")
    for ev in record["events"]:
        click.echo("  " + "  ".join(_event_cells(ev)))


def _inputs(
    settings: Settings, inputs: tuple[str, ...], input_format: str, published: dt.date | None
) -> Iterator[Any]:
    from ..ingest import read_inputs

    return read_inputs(
        list(inputs),
        input_format=input_format,
        published=published,
        options=settings.ingest,
        stdin=sys.stdin,
    )


@contextmanager
def _pipeline(settings: Settings) -> Iterator[Any]:
    from ..registry import load_pipeline

    pipeline = load_pipeline(settings)
    try:
        pipeline.open()
        yield pipeline
    finally:
        pipeline.close()


class _Progress:
    """A progress bar with rate and ETA on a terminal; silent with --quiet or when stderr is not a TTY."""

    def __init__(self, quiet: bool, total: int | None, label: str) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self._bar: Any = None
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn(label),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._task = self._bar.add_task(label, total=total, rate="")
            self._bar.start()
            self._start = dt.datetime.now()

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)
            done = self._bar.tasks[0].completed
            secs = max((dt.datetime.now() - self._start).total_seconds(), 1e-6)
            self._bar.update(self._task, rate=f"{done / secs:.1f} art/s")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _who(entities: list[dict[str, Any]]) -> str:
    parts = []
    for e in entities:
        code = "/".join(x for x in (e.get("code"), e.get("sector")) if x)
        parts.append(f"{e['entity_text']}" + (f" [{code}]" if code else ""))
    return "; ".join(parts) or "-"


def _event_cells(ev: dict[str, Any]) -> list[str]:
    date = ev.get("date") or {}
    loc = ev.get("location") or {}
    size = ev.get("size") or {}
    sz = " ".join(f"{k}={v}" for k, v in size.items() if v is not None)
    mode = f":{','.join(ev['mode'])}" if ev.get("mode") else ""
    return [
        f"{ev['event_type']}{mode}",
        f"{_who(ev['actor'])} -> {_who(ev['recipient'])}",
        f"{date.get('value') or '?'}({date.get('precision') or '?'})",
        f"{loc.get('resolved_place') or loc.get('extracted_place') or '-'}"
        + (f" [{loc['country_code']}]" if loc.get("country_code") else ""),
        ",".join(ev.get("status") or []),
        sz,
    ]
