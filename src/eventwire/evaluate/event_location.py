"""event-location: share of events whose chosen place is the gold place.

Gold: ``event-location/event_location_dev.jsonl``: a sentence, one event trigger and the
span(s) of where THAT event happened (none when the sentence says nowhere). Rows that share a
sentence are run as one article. For each row the predicted event is the one whose trigger
overlaps the gold trigger (else, none found). It is right when:

- the gold has a place and the event's ``location`` span overlaps a gold location span
  (or, lacking a span, its extracted name equals a gold name, case-insensitive);
- the gold has no place and the event has no located place from the text.

``accuracy`` is over all rows (a missed trigger counts as wrong); ``accuracy_found`` over the
rows whose trigger we found; ``with_place``/``no_place`` split the rows by gold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import Article
from .base import ErrorSink, article, brief_event, events_of, read_jsonl
from .metrics import Report, overlaps, safe_div

NAME = "event-location"
FOLDER = "event-location"
FILE = "event_location_dev.jsonl"


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    items = read_jsonl(folder / FILE, limit)
    ids: dict[str, str] = {}
    for it in items:
        it["_article"] = ids.setdefault(it["text"], it["id"])
    return items


def articles(gold: list[dict[str, Any]]) -> list[Article]:
    seen: dict[str, Article] = {}
    for g in gold:
        if g["_article"] not in seen:
            seen[g["_article"]] = article(g["text"], g["_article"], g.get("date"))
    return list(seen.values())


def find_event(record: dict | None, trigger: dict[str, Any]) -> dict[str, Any] | None:
    span = (trigger["start"], trigger["end"])
    for ev in events_of(record):
        t = ev.get("trigger") or {}
        if t.get("start") is not None and overlaps((t["start"], t["end"]), span):
            return ev
    return None


def place_right(ev: dict[str, Any], gold_places: list[dict[str, Any]]) -> bool:
    loc = ev.get("location") or {}
    has_text = bool(loc.get("extracted_place"))
    if not gold_places:
        return not has_text
    if not has_text:
        return False
    if loc.get("start") is not None:
        return any(
            overlaps((loc["start"], loc["end"]), (g["start"], g["end"])) for g in gold_places
        )
    return loc["extracted_place"].lower() in {g["name"].lower() for g in gold_places}


def score(
    gold: list[dict[str, Any]], records: dict[str, dict], errors: ErrorSink | None = None
) -> Report:
    tally = {k: [0, 0] for k in ("all", "found", "with_place", "no_place")}
    for item in gold:
        ev = find_event(records.get(item["_article"]), item["trigger"])
        places = item.get("toponyms") or []
        ok = ev is not None and place_right(ev, places)
        for key in ("all", "with_place" if places else "no_place") + (("found",) if ev else ()):
            tally[key][0] += ok
            tally[key][1] += 1
        if errors and not ok:
            errors.add(
                item["id"],
                "wrong_place" if ev else "trigger_not_found",
                item["text"],
                {"trigger": item["trigger"]["text"], "places": [p["name"] for p in places]},
                brief_event(ev) if ev else None,
            )
    metrics = {
        "accuracy": safe_div(*tally["all"]),
        "accuracy_found": safe_div(*tally["found"]),
        "accuracy_with_place": safe_div(*tally["with_place"]),
        "accuracy_no_place": safe_div(*tally["no_place"]),
        "trigger_found": safe_div(tally["found"][1], tally["all"][1]),
    }
    support = {
        "accuracy": tally["all"][1],
        "accuracy_found": tally["found"][1],
        "accuracy_with_place": tally["with_place"][1],
        "accuracy_no_place": tally["no_place"][1],
        "trigger_found": tally["all"][1],
    }
    return Report(
        NAME,
        len(gold),
        metrics,
        {f"n_{k}": v[1] for k, v in tally.items()},
        support=support,
        notes=["a row whose trigger we did not find counts as wrong in accuracy"],
    )
