"""The ``eventwire`` command: a thin Click layer over ingest, the pipeline, the store and the exports.

Data goes to stdout, progress and errors to stderr. Errors print as ``error[EWnnn]: message``
and exit with status 2 (bad input or usage) or 1 (anything else eventwire refused).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from . import __version__
from .config import Settings, load_settings
from .errors import EventwireError, InputError

INPUT_FORMATS = ["auto", "text", "html", "jsonl", "csv"]


def _err(message: str) -> None:
    click.echo(message, err=True)


def _fail(exc: EventwireError) -> None:
    _err(f"error[{exc.code}]: {exc}")
    raise SystemExit(2 if isinstance(exc, InputError) else 1)


def _date(_ctx: Any, _param: Any, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


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


@contextmanager
def _pipeline(settings: Settings) -> Iterator[Any]:
    from .registry import load_pipeline

    pipeline = load_pipeline(settings)
    try:
        pipeline.open()
        yield pipeline
    finally:
        pipeline.close()


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """eventwire: news articles in, a database of coded political and conflict events out."""
    try:
        ctx.obj = {"settings": load_settings(config)}
    except EventwireError as exc:
        _fail(exc)


def _inputs(
    settings: Settings, inputs: tuple[str, ...], input_format: str, published: dt.date | None
) -> Iterator[Any]:
    from .ingest import read_inputs

    return read_inputs(
        list(inputs),
        input_format=input_format,
        published=published,
        options=settings.ingest,
        stdin=sys.stdin,
    )


input_options = [
    click.argument("inputs", nargs=-1, required=True),
    click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for inputs that carry none."),
    click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True),
    click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
]


def _with(options: list[Any]) -> Any:
    def wrap(fn: Any) -> Any:
        for option in reversed(options):
            fn = option(fn)
        return fn

    return wrap


@cli.command()
@_with(input_options)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.pass_context
def extract(ctx: click.Context, inputs: tuple[str, ...], published: dt.date | None,
            input_format: str, quiet: bool, fmt: str) -> None:
    """Print one JSON record per article (no database). INPUT: file, directory, glob or '-'."""
    from .batch import Failure, extract_records

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


def _print_record_table(record: dict[str, Any]) -> None:
    art = record["article"]
    click.echo(f"# {art['id']}  {art.get('title') or ''}  ({art.get('published') or 'no date'})")
    for ev in record["events"]:
        click.echo("  " + "  ".join(_event_cells(ev)))


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


def _near_duplicate_gate(store: Any, settings: Settings) -> Any:
    """The near-duplicate gate of ``run`` ([cluster] near_duplicates = false turns it off)."""
    if not settings.cluster.near_duplicates:
        return None
    from .cluster import NearDuplicateGate

    return NearDuplicateGate.open(store, settings.cluster)


@cli.command()
@_with(input_options)
@click.option("--db", default=None, help="Database path or postgresql:// URL (default ./eventwire.db).")
@click.pass_context
def run(ctx: click.Context, inputs: tuple[str, ...], published: dt.date | None,
        input_format: str, quiet: bool, db: str | None) -> None:
    """Process articles and store their events in the database; reruns store nothing twice."""
    from .batch import Failure, process
    from .ingest import article_hash
    from .record import to_record
    from .store import open_store

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
                # Articles already stored by this pipeline version are skipped before any work.
                for item in _inputs(settings, inputs, input_format, published):
                    counts["read"] += 1
                    if isinstance(item, InputError) or not store.seen(article_hash(item), version):
                        if (gate is not None and not isinstance(item, InputError)
                                and gate.check(item)):
                            counts["near_duplicates"] += 1  # linked to its original, not coded
                            progress.advance()
                            continue
                        yield item
                    else:
                        counts["unchanged"] += 1
                        progress.advance()

            from .ingest import count_articles

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


def _stop_on_sigterm() -> None:
    """Treat SIGTERM (systemd, Kubernetes, plain `kill`) like Ctrl-C: stop cleanly, say so."""
    import signal

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


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
    from .batch_inputs import count_batch_inputs, read_batch_inputs
    from .batch_runner import LocalEngine, open_pipeline, run_batch
    from .registry import load_pipeline
    from .store import open_store

    settings = _settings(ctx)
    workers = workers or os.cpu_count() or 1
    make = functools.partial(open_pipeline, settings)
    try:
        version = load_pipeline(settings).version  # built, not opened: the workers open it
        if engine == "ray":
            from .batch_ray import RayEngine

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
    from .ingest.feeds import read_feed_list
    from .ingest.fetch import FetchOptions, Fetcher
    from .store import open_store
    from .watch import Watcher, WatchOptions, WatchState, default_state_path

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


#: The event filters of ``eventwire events`` and ``export``, the same as the HTTP API's
#: (``GET /api/events``); ``_event_filter`` turns their values into an ``EventFilter``.
event_filter_options = [
    click.option("--country", help="ISO3 code of the event location's country."),
    click.option("--admin1", help="Admin-1 (province/state) name of the event location."),
    click.option("--actor", help="Actor or recipient text, name or code (substring, any case)."),
    click.option("--type", "type_", help="PLOVER event type, e.g. ASSAULT."),
    click.option("--mode", help="PLOVER mode, e.g. aerial."),
    click.option("--acled-type", help="ACLED event type or sub-event type."),
    click.option("--status", help="Event status, e.g. reported or negated."),
    click.option("--since", callback=_date, help="Earliest event date (YYYY-MM-DD)."),
    click.option("--until", callback=_date, help="Latest event date (YYYY-MM-DD)."),
    click.option("--bbox", help="Bounding box min_lon,min_lat,max_lon,max_lat."),
    click.option("--text", "q", help="Free text over the evidence (sentence, trigger, participants)."),
    click.option("--min-confidence", type=click.FloatRange(0, 1), help="Lowest event confidence."),
    click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many events."),
]


def _event_filter(filters: dict[str, Any]) -> Any:
    """The ``EventFilter`` of ``event_filter_options``' values; exits 2 naming a bad one."""
    from .store import EventFilter

    values = dict(filters)
    values["type"], values["text"] = values.pop("type_"), values.pop("q")
    try:
        return EventFilter(**values)
    except ValueError as exc:
        _err(f"error: {exc}")
        raise SystemExit(2) from None


@cli.command()
@click.option("--db", default=None, help="Database path or postgresql:// URL (default ./eventwire.db).")
@_with(event_filter_options)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@click.pass_context
def events(ctx: click.Context, db: str | None, fmt: str, **filters: Any) -> None:
    """List stored events, filtered (the filters of `export` and GET /api/events)."""
    from .store import open_store

    f = _event_filter(filters)
    try:
        with open_store(db or _settings(ctx).db, create=False) as store:
            rows = store.events(f)
    except EventwireError as exc:
        _fail(exc)
    _print_rows([r.as_dict() for r in rows], fmt, _EVENT_COLUMNS)


_EVENT_COLUMNS = ["event_id", "article_id", "date", "type", "mode", "actor", "recipient",
                  "place", "country", "dead", "injured", "arrested", "status"]


def _print_rows(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> None:
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False, default=str))
        return
    if fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else columns,
                                extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _cell(v) for k, v in r.items()})
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in columns])
    Console(width=max(160, Console().width)).print(table)
    _err(f"{len(rows)} row(s)")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


@cli.command()
@click.option("--db", default=None, help="Database path or postgresql:// URL (default ./eventwire.db).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.pass_context
def articles(ctx: click.Context, db: str | None, fmt: str) -> None:
    """List stored articles with their ids."""
    from .store import open_store

    try:
        with open_store(db or _settings(ctx).db, create=False) as store:
            rows = [r.as_dict() for r in store.articles()]
    except EventwireError as exc:
        _fail(exc)
    _print_rows(rows, fmt, ["id", "published", "title", "source", "events"])


@cli.command()
@click.argument("article_id")
@click.option("--db", default=None, help="Database path or postgresql:// URL (default ./eventwire.db).")
@click.pass_context
def show(ctx: click.Context, article_id: str, db: str | None) -> None:
    """Show an article's text with each event, actor, place, date and claim against its evidence."""
    from .store import open_store
    from .show import render

    try:
        with open_store(db or _settings(ctx).db, create=False) as store:
            detail = store.article(article_id)
    except EventwireError as exc:
        _fail(exc)
    if detail is None:
        _err(f"error: no article {article_id!r} in the database (list them with `eventwire articles`)")
        raise SystemExit(2)
    click.echo(render(detail.text, detail.record, color=sys.stdout.isatty()))


@cli.command()
@click.argument("out")
@click.option("--db", default=None, help="Database path or URL (default ./eventwire.db).")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["acled-csv", "gdelt-tsv", "plover-jsonl", "parquet", "geojson"]))
@click.option("--header", is_flag=True, help="gdelt-tsv only: a first line of column names "
              "(GDELT ships none).")
@_with(event_filter_options)
@click.pass_context
def export(ctx: click.Context, out: str, db: str | None, fmt: str, header: bool,
           **filters: Any) -> None:
    """Export stored events to OUT ('-' for stdout): ACLED CSV, GDELT TSV, PLOVER JSONL, Parquet, GeoJSON."""
    from .export import FORMATS, run_export
    from .store import open_store

    if header and fmt != "gdelt-tsv":
        raise click.UsageError("--header applies to --format gdelt-tsv only")
    f = _event_filter(filters)
    try:
        with open_store(db or _settings(ctx).db, create=False) as store:
            tally = run_export(store, fmt, out, f, header=header)
    except EventwireError as exc:
        _fail(exc)
    left = (f" ({tally.left_out} left out: {FORMATS[fmt].leaves_out})"
            if tally.left_out else "")
    _err(f"{tally.written} event(s) written to {out}{left}")


@cli.command()
@click.option("--db", default=None, help="Database path or URL (default ./eventwire.db).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token", default=None, help="API token for POST /api/articles "
              "(default $EVENTWIRE_API_TOKEN; without one, ingest is disabled).")
@click.option("--protect-reads", is_flag=True, help="Reads need the token too.")
@click.option("--max-body", type=click.IntRange(min=1), default=2_000_000, show_default=True,
              help="Largest POST body in bytes.")
@click.pass_context
def serve(ctx: click.Context, db: str | None, host: str, port: int, token: str | None,
          protect_reads: bool, max_body: int) -> None:
    """Serve the HTTP API (/api/, /openapi.json) and the dashboard (/) over the store."""
    import uvicorn

    from .api import ApiSettings, create_app, env_token
    from .store import open_store

    settings = _settings(ctx)
    target = db or settings.db
    try:
        api = ApiSettings(db=target, token=token or env_token(), protect_reads=protect_reads,
                          max_body_bytes=max_body, config=settings)
        open_store(target, create=False).close()  # a wrong --db fails here, with a clear message
    except EventwireError as exc:
        _fail(exc)
    _err(f"serving {target}: dashboard at http://{host}:{port}/, API under /api/ "
         f"(OpenAPI at /openapi.json), ingest {'on' if api.token else 'off (no --token)'}; "
         "Ctrl-C stops")
    uvicorn.run(create_app(api), host=host, port=port, log_level="warning")


@cli.command(name="eval")
@click.argument("dataset")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None,
              help="Folder of gold sets (default ../shared/data or $EVENTWIRE_SHARED_DATA).")
@click.option("--limit", type=int, default=None, help="Score only the first N items.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False), default=None,
              help="Write every miss (JSONL) to this file.")
@click.pass_context
def eval_(ctx: click.Context, dataset: str, data_dir: str | None, limit: int | None,
          as_json: bool, errors_path: str | None) -> None:
    """Score the pipeline on a gold set in ../shared/data (or 'all'); see README "Quality"."""
    from .evaluate import DATASETS, default_data_dir, evaluate
    from .registry import load_pipeline

    names = list(DATASETS) if dataset == "all" else [dataset]
    unknown = [n for n in names if n not in DATASETS]
    if unknown:
        _err(f"error: unknown dataset {unknown[0]!r}; choose one of: all, {', '.join(DATASETS)}")
        raise SystemExit(2)
    data = data_dir or str(default_data_dir())
    reports = []
    try:
        pipeline = load_pipeline(_settings(ctx)).open()
        for i, name in enumerate(names):
            errors = errors_path
            if errors_path and len(names) > 1:
                errors = errors_path.replace(".jsonl", "") + f".{name}.jsonl"
            if len(names) > 1:
                _err(f"[{i + 1}/{len(names)}] {name} ...")
            try:
                report = evaluate(name, data, limit=limit, errors_path=errors, pipeline=pipeline)
            except FileNotFoundError as exc:
                _err(f"error: {exc}")
                raise SystemExit(2) from None
            reports.append(report)
            if not as_json:
                click.echo(report.format())
                click.echo("")
        pipeline.close()
    except EventwireError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2))


@cli.command()
@click.option("--db", default=None, help="Database path (default ./eventwire.db).")
@click.option("--rebuild", is_flag=True,
              help="Forget the stored happenings and cluster every event anew.")
@click.option("--no-update", is_flag=True, help="Only print the stored happenings; change nothing.")
@click.option("--format", "fmt", type=click.Choice(["summary", "table", "jsonl"]),
              default="summary", show_default=True,
              help="summary: what the update did; table/jsonl: the canonical events.")
@click.option("--min-sources", type=click.IntRange(min=1), default=1, show_default=True,
              help="Only happenings reported by at least this many articles.")
@click.option("--type", "type_", help="PLOVER event type, e.g. ASSAULT.")
@click.option("--country", help="ISO3 code of the happening's place.")
@click.option("--limit", type=click.IntRange(min=0), default=None)
@click.pass_context
def cluster(ctx: click.Context, db: str | None, rebuild: bool, no_update: bool, fmt: str,
            min_sources: int, type_: str | None, country: str | None, limit: int | None) -> None:
    """Group stored events reporting the same happening into canonical events with sources."""
    from .cluster import update_clusters
    from .store import open_store
    from .store.clusters import ClusterFilter, ClusterStore

    settings = _settings(ctx)
    summary = None
    try:
        with open_store(db or settings.db, create=False) as store:
            if not no_update:
                summary = update_clusters(store, settings.cluster, rebuild=rebuild)
            rows = [] if fmt == "summary" else ClusterStore(store).canonical_events(ClusterFilter(
                type=type_, country=country, min_sources=min_sources, limit=limit))
    except EventwireError as exc:
        _fail(exc)
    if fmt == "summary":
        click.echo(summary.format() if summary is not None else "nothing updated (--no-update)")
        return
    if summary is not None:
        _err(summary.format().splitlines()[1])
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    _print_rows([_happening_cells(r) for r in rows], "table",
                ["id", "type", "date", "place", "sources", "events", "reports", "dead", "first",
                 "last"])


def _happening_cells(c: dict[str, Any]) -> dict[str, Any]:
    dead = (c.get("size") or {}).get("dead")
    return {
        "id": c["id"], "type": c["event_type"], "date": (c.get("date") or {}).get("value"),
        "place": (c.get("location") or {}).get("place"), "sources": c["source_count"],
        "events": c["event_count"], "reports": c["report_count"],
        "dead": None if not dead else (str(dead["value"]) if dead["min"] == dead["max"]
                                       else f"{dead['min']}-{dead['max']}"),
        "first": c["first_report"], "last": c["last_report"],
    }


@cli.group()
def gazetteer() -> None:
    """Build or import the place gazetteer."""


@gazetteer.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if it exists.")
@click.option("--quiet", "-q", is_flag=True)
@click.pass_context
def gazetteer_build(ctx: click.Context, force: bool, quiet: bool) -> None:
    """Build the embedded gazetteer from the packaged GeoNames data (once; about 30 s)."""
    from .geo import build_gazetteer, ensure_gazetteer

    options = _settings(ctx).geo
    try:
        if force:
            path = build_gazetteer(options.gazetteer, progress=None if quiet else _err)
        else:
            path = ensure_gazetteer(options, progress=None if quiet else _err)
    except EventwireError as exc:
        _fail(exc)
    if not quiet:
        _err(f"gazetteer ready: {path}")


@gazetteer.command("import-geonames")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--alternate-names", type=click.Path(exists=True, dir_okay=False),
              help="alternateNamesV2.zip (or .txt) to add every alternate name.")
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="Gazetteer file to write (default: the one eventwire uses).")
@click.option("--quiet", "-q", is_flag=True)
@click.pass_context
def gazetteer_import(ctx: click.Context, file: str, alternate_names: str | None,
                     output: str | None, quiet: bool) -> None:
    """Build the gazetteer from a GeoNames dump you downloaded (allCountries.zip, IQ.zip, ...)."""
    from .geo import default_gazetteer_path, import_geonames

    path = output or _settings(ctx).geo.gazetteer or str(default_gazetteer_path())
    try:
        import_geonames(file, path, progress=None if quiet else _err,
                        alternate_names=alternate_names)
    except EventwireError as exc:
        _fail(exc)
    _err(f"gazetteer built from {file}: {path}")


@cli.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def train(args: tuple[str, ...]) -> None:
    """Build the event model from ../shared/data (needs the `learn` extra); --help for options."""
    from .learn.train import main as train_main

    raise SystemExit(train_main(list(args), prog="eventwire train"))


def main() -> None:
    try:
        cli(standalone_mode=True)
    except EventwireError as exc:  # pragma: no cover - commands catch their own
        _fail(exc)


if __name__ == "__main__":
    main()
