"""Shared pieces of the command line: the group, settings, progress, errors, option lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from .. import __version__
from ..config import Settings, load_settings
from ..errors import EventwireError, InputError

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


def _with(options: list[Any]) -> Any:
    def wrap(fn: Any) -> Any:
        for option in reversed(options):
            fn = option(fn)
        return fn

    return wrap


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
