"""Plumbing shared by the scorers: gold files, running the pipeline, per-error output.

A scorer module exposes ``NAME``, ``FOLDER``, ``load(folder, limit) -> list[gold item]``,
``articles(gold) -> list[Article]`` and ``score(gold, records, errors) -> Report`` where
``records`` maps an article id to its output-contract dict (absent = the pipeline failed on it,
scored as "produced nothing"). A scorer that also probes a stage with the gold exposes
``probe(gold)``: it returns a callable that sees each finished Document (``run_records``'s
``on_document``) and is handed back to ``score(..., probe=...)``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..model import Article

#: Characters of context kept around a miss in the errors file (whole texts can be long).
CONTEXT_CHARS = 400


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` JSON objects of a JSONL file (all when limit is None)."""
    out: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(out) >= limit:
                break
            if line.strip():
                out.append(json.loads(line))
    return out


def parse_date(value: str | None) -> dt.date | None:
    """A YYYY-MM-DD prefix as a date, None when absent or malformed."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def article(text: str, id: str, published: str | dt.date | None = None) -> Article:
    """One gold item as pipeline input."""
    if isinstance(published, str):
        published = parse_date(published)
    return Article(text=text, id=id, published=published, origin=id)


def snippet(text: str, start: int | None = None, end: int | None = None) -> str:
    """The text around [start, end), or its head when no span is given, for the errors file."""
    if start is None or len(text) <= CONTEXT_CHARS:
        return text[:CONTEXT_CHARS]
    half = CONTEXT_CHARS // 2
    lo = max(0, start - half)
    return text[lo : max(end or start, lo) + half]


class ErrorSink:
    """Collects one dict per miss; ``write`` saves them as JSONL."""

    def __init__(self, dataset: str) -> None:
        self.dataset = dataset
        self.rows: list[dict[str, Any]] = []

    def add(
        self, item_id: str, kind: str, text: str, gold: Any, produced: Any, **extra: Any
    ) -> None:
        self.rows.append(
            {
                "dataset": self.dataset,
                "id": item_id,
                "kind": kind,
                "text": text,
                "gold": gold,
                "produced": produced,
                **extra,
            }
        )

    def add_unmatched(
        self,
        item_id: str,
        what: str,
        text: str,
        match: Any,
        gold: list[dict[str, Any]],
        pred: list[dict[str, Any]],
        gold_brief: Any,
        pred_brief: Any,
        **extra: Any,
    ) -> None:
        """One ``missed_<what>`` row per unmatched gold span, one ``spurious_<what>`` per prediction."""
        for gi in match.unmatched_gold:
            g = gold[gi]
            self.add(item_id, f"missed_{what}", snippet(text, g["start"], g["end"]),
                     gold_brief(g), None, **extra)
        for pi in match.unmatched_pred:
            p = pred[pi]
            self.add(item_id, f"spurious_{what}", snippet(text, p["start"], p["end"]),
                     None, pred_brief(p), **extra)

    def write(self, path: str | Path) -> int:
        with Path(path).open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in self.rows)
        return len(self.rows)


def events_of(record: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The events of a record, [] for a missing record."""
    return list(record.get("events") or []) if record else []


def brief_event(ev: dict[str, Any]) -> dict[str, Any]:
    """The parts of a predicted event worth showing next to a miss."""

    def ents(xs: Iterable[dict | None]) -> list[dict]:
        return [
            {"text": x.get("entity_text"), "code": x.get("code"), "sector": x.get("sector")}
            for x in xs
            if x
        ]

    loc = ev.get("location") or {}
    return {
        "type": ev.get("event_type"),
        "mode": ev.get("mode"),
        "trigger": (ev.get("trigger") or {}).get("text"),
        "actor": ents(ev.get("actor") or []),
        "recipient": ents(ev.get("recipient") or []),
        "cameo": ev.get("cameo"),
        "size": ev.get("size"),
        "location": loc.get("extracted_place"),
        "acled": ev.get("acled_event_type"),
    }


def run_records(
    articles: list[Article],
    pipeline: Any = None,
    on_document: Callable[[str, Any, Any], None] | None = None,
) -> tuple[dict[str, dict], int]:
    """Run articles through the default pipeline (or ``pipeline``): ``({article id: record}, failures)``.

    Same code path as ``eventwire extract`` (``batch.process`` then ``record.to_record``).
    ``on_document(article id, document, pipeline)``, when given, sees each finished Document
    before it is dropped (for scorers that probe a stage with the gold, e.g. event-location).
    """
    from ..batch import Failure, process
    from ..record import to_record

    opened = pipeline is None
    if pipeline is None:
        from ..registry import load_pipeline

        pipeline = load_pipeline()
        pipeline.open()
    records: dict[str, dict] = {}
    failures = 0
    try:
        for art, doc in zip(articles, process(articles, pipeline), strict=True):
            if isinstance(doc, Failure):
                failures += 1
                continue
            records[art.id or ""] = to_record(doc, pipeline.version)
            if on_document is not None:
                on_document(art.id or "", doc, pipeline)
    finally:
        if opened and hasattr(pipeline, "close"):
            pipeline.close()
    return records, failures
