"""Commands for the project's tools: eval, gazetteer, train."""

from __future__ import annotations

import json

import click

from ..errors import EventwireError
from .common import (
    _err,
    _fail,
    _settings,
    cli,
)


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
    from ..evaluate import DATASETS, default_data_dir, evaluate
    from ..registry import load_pipeline

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


@cli.group()
def gazetteer() -> None:
    """Build or import the place gazetteer."""


@gazetteer.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if it exists.")
@click.option("--quiet", "-q", is_flag=True)
@click.pass_context
def gazetteer_build(ctx: click.Context, force: bool, quiet: bool) -> None:
    """Build the embedded gazetteer from the packaged GeoNames data (once; about 30 s)."""
    from ..geo import build_gazetteer, ensure_gazetteer

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
    from ..geo import default_gazetteer_path, import_geonames

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
    """Build the event, phrase and place models from ../shared/data (needs the `learn` extra);
    --help for options."""
    from ..learn.train import main as train_main

    raise SystemExit(train_main(list(args), prog="eventwire train"))

