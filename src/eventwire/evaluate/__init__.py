"""``eventwire eval``: score the pipeline on the gold sets in ../shared/data.

``evaluate(dataset, data_dir, limit=None, errors_path=None) -> Report`` loads a gold set, runs
its items through the same code path as ``eventwire extract`` (``batch.extract_records``) and
scores the records. ``DATASETS`` names the scorers. ``pin_floors()`` rewrites
``data/quality_floors.json`` from a run on each set's fixed CI sample; ``floor_failures`` checks
a report against it (``tests/test_quality_floors.py``).

Re-pin after a deliberate change in quality::

    .venv/bin/python -c "from eventwire.evaluate import pin_floors; pin_floors()"
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from . import (
    case2021,
    clusters,
    conflibert,
    event_location,
    geo,
    india_police,
    petrarch,
    plover,
    tempeval,
    tempeval_anchor,
)
from .base import ErrorSink, run_records
from .metrics import Report

__all__ = [
    "DATASETS",
    "Report",
    "Scorer",
    "default_data_dir",
    "evaluate",
    "floor_failures",
    "load_floors",
    "pin_floors",
]


@dataclass(frozen=True)
class Scorer:
    """One gold set: where it lives, how to read it, turn it into articles and score records."""

    name: str
    folder: str
    load: Callable[[Path, int | None], list[dict[str, Any]]]
    articles: Callable[[list[dict[str, Any]]], list[Any]]
    score: Callable[..., Report]
    ci_limit: int  # items in the fixed CI sample of the floor test (the first N of the file)
    headline: tuple[str, ...]  # the metrics the floors pin
    probe: Callable[[list[dict[str, Any]]], Any] | None = None  # sees each Document (base.py)


def _scorer(mod: Any, ci_limit: int, headline: tuple[str, ...]) -> Scorer:
    return Scorer(mod.NAME, mod.FOLDER, mod.load, mod.articles, mod.score, ci_limit, headline,
                  getattr(mod, "probe", None))


DATASETS: dict[str, Scorer] = {
    s.name: s
    for s in (
        _scorer(
            plover,
            128,
            ("detect_f1", "type_acc", "type_macro_f1", "actor_code_acc", "recipient_code_acc"),
        ),
        _scorer(conflibert, 400, ("pentaclass_macro_f1", "source_f1", "target_f1")),
        _scorer(
            case2021, 256, ("coarse_macro_f1", "acled_macro_f1", "attrib_recall", "diplo_recall")
        ),
        _scorer(petrarch, 277, ("reproduced", "reproduced_compound", "reproduced_no_event")),
        Scorer(
            "geowebnews",
            "geowebnews",
            geo.load_for("geowebnews"),
            geo.articles,
            geo.score_for("geowebnews"),
            100,
            ("recog_exact_f1", "recog_overlap_f1", "resolve_acc_161km", "e2e_acc_161km"),
        ),
        Scorer(
            "lgl",
            "lgl",
            geo.load_for("lgl"),
            geo.articles,
            geo.score_for("lgl"),
            150,
            ("recog_exact_f1", "recog_overlap_f1", "resolve_acc_161km", "e2e_acc_161km"),
        ),
        _scorer(india_police, 250, ("kill_recall", "arrest_recall", "force_recall")),
        _scorer(event_location, 900, ("accuracy", "trigger_found", "linking_accuracy")),
        _scorer(tempeval, 120, ("strict_f1", "relaxed_f1", "value_f1")),
        _scorer(tempeval_anchor, 80, ("date_acc", "date_consistent")),
        _scorer(clusters, 18, ("pair_f1", "found_pair_f1", "neardup_f1")),
    )
}


def default_data_dir() -> Path:
    """$EVENTWIRE_SHARED_DATA, else ../shared/data next to the repository (or the working dir)."""
    env = os.environ.get("EVENTWIRE_SHARED_DATA")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    for cand in (repo.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"):
        if cand.is_dir():
            return cand
    return repo.parent / "shared" / "data"


def _folder(scorer: Scorer, data_dir: Path) -> Path:
    """The gold set's folder: DIR/<folder>, or DIR itself when it already is that folder."""
    sub = data_dir / scorer.folder
    if sub.is_dir():
        return sub
    if data_dir.name == scorer.folder:
        return data_dir
    raise FileNotFoundError(
        f"gold set {scorer.name!r} not found under {data_dir} "
        f"(expected {sub}); pass --data DIR or set EVENTWIRE_SHARED_DATA"
    )


def evaluate(
    dataset: str,
    data_dir: str | Path | None = None,
    limit: int | None = None,
    errors_path: str | Path | None = None,
    pipeline: Any = None,
) -> Report:
    """Score the pipeline on one gold set (its first ``limit`` items); misses to ``errors_path``.

    ``pipeline`` (optional) is an opened Pipeline to reuse; by default the configured one is
    loaded, opened and closed here. Raises KeyError for an unknown dataset name and
    FileNotFoundError when the gold set is missing.
    """
    if dataset not in DATASETS:
        raise KeyError(f"unknown dataset {dataset!r}; known: {', '.join(DATASETS)}")
    scorer = DATASETS[dataset]
    started = time.perf_counter()
    gold = scorer.load(_folder(scorer, Path(data_dir) if data_dir else default_data_dir()), limit)
    probe = scorer.probe(gold) if scorer.probe is not None else None
    records, failures = run_records(scorer.articles(gold), pipeline, probe)
    sink = ErrorSink(dataset) if errors_path else None
    report = scorer.score(gold, records, sink, **({"probe": probe} if probe is not None else {}))
    report.failures = failures
    if failures:
        report.notes.append(f"{failures} items failed in the pipeline and were scored as empty")
    if sink is not None and errors_path:
        report.errors_written = sink.write(errors_path)
    report.runtime_s = time.perf_counter() - started
    return report


# --- quality floors ------------------------------------------------------------------------

FLOORS_FILE = "data/quality_floors.json"


def tolerance_for(items: int) -> float:
    """One binomial standard error at p = 0.5 over ``items`` gold items (at least 0.02).

    The pipeline is deterministic, so re-running the same sample gives the same scores (measured:
    two runs, identical numbers); the tolerance is how far a score over this many gold items moves
    when a handful flip, the size of change a test should not call a regression. Each pinned
    metric gets the tolerance of its own support (e.g. the 8 ATTRIB snippets, not all 256).
    """
    return round(max(0.02, 0.5 / math.sqrt(max(items, 1))), 3)


def load_floors(path: str | Path | None = None) -> dict[str, Any]:
    """The pinned floors: ``{"datasets": {name: {"limit", "tolerance", "metrics"}}}``."""
    if path is not None:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    text = resources.files("eventwire").joinpath(FLOORS_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def floor_failures(report: Report, floor: dict[str, Any]) -> list[str]:
    """Messages for each pinned metric that fell below floor - tolerance ([] when all hold)."""
    default = float(floor.get("tolerance", 0.0))
    out = []
    for name, pinned in (floor.get("metrics") or {}).items():
        tol = float((floor.get("tolerances") or {}).get(name, default))
        got = report.metrics.get(name)
        if got is None:
            out.append(f"{report.dataset}: metric {name} missing (pinned {pinned:.3f})")
        elif got < pinned - tol:
            out.append(f"{report.dataset}: {name} = {got:.3f} < floor {pinned:.3f} - {tol:.3f}")
    return out


def pin_floors(
    data_dir: str | Path | None = None,
    datasets: list[str] | None = None,
    path: str | Path | None = None,
    pipeline: Any = None,
    progress: Callable[[str], None] | None = print,
) -> dict[str, Any]:
    """Run each scorer on its CI sample and write the scores as floors; returns the file's dict.

    ``path`` defaults to the packaged ``src/eventwire/data/quality_floors.json``. Datasets not
    named keep their existing entry.
    """
    target = Path(path) if path else Path(__file__).resolve().parent.parent / FLOORS_FILE
    current = json.loads(target.read_text(encoding="utf-8")) if target.is_file() else {}
    entries: dict[str, Any] = dict(current.get("datasets") or {})
    own = None
    if pipeline is None:
        from ..registry import load_pipeline

        own = pipeline = load_pipeline()
        pipeline.open()
    try:
        for name in datasets or list(DATASETS):
            scorer = DATASETS[name]
            report = evaluate(name, data_dir, scorer.ci_limit, pipeline=pipeline)
            if progress:
                progress(report.format())
            entries[name] = {
                "limit": scorer.ci_limit,
                "items": report.items,
                "tolerance": tolerance_for(report.items),
                "runtime_s": round(report.runtime_s, 1),
                "metrics": {
                    m: round(report.metrics[m], 4) for m in scorer.headline if m in report.metrics
                },
                "tolerances": {
                    m: tolerance_for(report.support.get(m, report.items))
                    for m in scorer.headline
                    if m in report.metrics
                },
            }
    finally:
        if own is not None:
            own.close()
    doc = {
        "about": "Scores of the pipeline on each gold set's fixed CI sample (first `limit` items). "
        "tests/test_quality_floors.py fails when a score drops below metric - tolerance. "
        "Rewrite with: python -c 'from eventwire.evaluate import pin_floors; pin_floors()'",
        "pipeline_version": getattr(pipeline, "version", None),
        "datasets": {k: entries[k] for k in sorted(entries)},
    }
    target.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return doc
