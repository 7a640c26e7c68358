"""Commands over the store: events, articles, show, export, serve, cluster."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..errors import EventwireError
from .common import (
    _err,
    _fail,
    _settings,
    _with,
    cli,
    event_filter_options,
)


@cli.command()
@click.option("--db", default=None, help="Database path or postgresql:// URL (default ./eventwire.db).")
@_with(event_filter_options)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@click.pass_context
def events(ctx: click.Context, db: str | None, fmt: str, **filters: Any) -> None:
    """List stored events, filtered (the filters of `export` and GET /api/events)."""
    from ..store import open_store

    f = _event_filter(filters)
    try:
        with open_store(db or _settings(ctx).db, create=False) as store:
            rows = store.events(f)
    except EventwireError as exc:
        _fail(exc)
    _print_rows([r.as_dict() for r in rows], fmt, _EVENT_COLUMNS)


@cli.command()
@click.option("--db", default=None, help="Database path or postgresql:// URL (default ./eventwire.db).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.pass_context
def articles(ctx: click.Context, db: str | None, fmt: str) -> None:
    """List stored articles with their ids."""
    from ..store import open_store

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
    from ..show import render
    from ..store import open_store

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
    from ..export import FORMATS, run_export
    from ..store import open_store

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

    from ..api import ApiSettings, create_app, env_token
    from ..store import open_store

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
    from ..cluster import update_clusters
    from ..store import open_store
    from ..store.clusters import ClusterFilter, ClusterStore

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


_EVENT_COLUMNS = ["event_id", "article_id", "date", "type", "mode", "actor", "recipient",
                  "place", "country", "dead", "injured", "arrested", "status"]


def _event_filter(filters: dict[str, Any]) -> Any:
    """The ``EventFilter`` of ``event_filter_options``' values; exits 2 naming a bad one."""
    from ..store import EventFilter

    values = dict(filters)
    values["type"], values["text"] = values.pop("type_"), values.pop("q")
    try:
        return EventFilter(**values)
    except ValueError as exc:
        _err(f"error: {exc}")
        raise SystemExit(2) from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value)
