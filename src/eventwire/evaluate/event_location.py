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

``linking_accuracy`` scores the event-place chooser alone, on every row, the way Halterman (2019)
scores his tagger: given the gold trigger. Where the coder found the event, the chooser's answer
is the one in the output; where it did not (many triggers are verbs outside PLOVER, such as
"patrolled"), the probe asks the geo stage's chooser (``GeoStage.place_for``) about an untyped
event at the gold trigger, with no actors or recipients, in the same processed document.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from ..model import Article, Document, Event, Span
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


def event_at(doc: Document, trigger: dict[str, Any]) -> Event:
    """The coded event whose trigger overlaps the gold trigger, else an untyped event there with
    no actors or recipients (what the chooser is asked about when the coder found none)."""
    span = Span(trigger["start"], trigger["end"])
    ev = next((e for e in doc.events if e.trigger.overlaps(span)), None)
    if ev is None:
        sentence = doc.sentence_of(span.start)
        ev = Event("gold-trigger", "", span, sentence.index if sentence else 0)
    return ev


class Linker:
    """The probe: the geo stage's event-place chooser asked about every gold trigger.

    Keeps only each row's answer (``{"location": {start, end, extracted_place}}``), not the
    Documents. Rows whose document never reaches it (a pipeline failure) have no answer.
    """

    def __init__(self, gold: list[dict[str, Any]]) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for item in gold:
            self.rows[item["_article"]].append(item)
        self.answers: dict[str, dict[str, Any]] = {}

    def __call__(self, article_id: str, doc: Document, pipeline: Any) -> None:
        geo = next((s for s in getattr(pipeline, "stages", ()) if hasattr(s, "place_for")), None)
        if geo is None:
            return
        for item in self.rows.get(article_id, ()):
            place = geo.place_for(doc, event_at(doc, item["trigger"]))
            loc = {} if place is None else {"start": place.span.start, "end": place.span.end,
                                            "extracted_place": place.text}
            self.answers[item["id"]] = {"location": loc}


def probe(gold: list[dict[str, Any]]) -> Linker:
    return Linker(gold)


def score(
    gold: list[dict[str, Any]],
    records: dict[str, dict],
    errors: ErrorSink | None = None,
    probe: Linker | None = None,
) -> Report:
    tally = {k: [0, 0] for k in ("all", "found", "with_place", "no_place", "linked",
                                 "linked_with_place", "linked_no_place")}
    for item in gold:
        ev = find_event(records.get(item["_article"]), item["trigger"])
        places = item.get("toponyms") or []
        ok = ev is not None and place_right(ev, places)
        for key in ("all", "with_place" if places else "no_place") + (("found",) if ev else ()):
            tally[key][0] += ok
            tally[key][1] += 1
        if probe is not None:
            answer = probe.answers.get(item["id"])
            linked = answer is not None and place_right(answer, places)
            for key in ("linked", "linked_with_place" if places else "linked_no_place"):
                tally[key][0] += linked
                tally[key][1] += 1
            if errors and not linked:
                loc = (answer or {}).get("location") or {}
                errors.add(item["id"], "linked_wrong_place", item["text"],
                           {"trigger": item["trigger"]["text"], "places": [p["name"] for p in places]},
                           {"place": loc.get("extracted_place"), "start": loc.get("start")},
                           coder_found=ev is not None)
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
    if probe is not None:
        metrics["linking_accuracy"] = safe_div(*tally["linked"])
        metrics["linking_accuracy_with_place"] = safe_div(*tally["linked_with_place"])
        metrics["linking_accuracy_no_place"] = safe_div(*tally["linked_no_place"])
    support = {
        "accuracy": tally["all"][1],
        "accuracy_found": tally["found"][1],
        "accuracy_with_place": tally["with_place"][1],
        "accuracy_no_place": tally["no_place"][1],
        "trigger_found": tally["all"][1],
    }
    if probe is not None:
        support.update(linking_accuracy=tally["linked"][1],
                       linking_accuracy_with_place=tally["linked_with_place"][1],
                       linking_accuracy_no_place=tally["linked_no_place"][1])
    return Report(
        NAME,
        len(gold),
        metrics,
        {f"n_{k}": v[1] for k, v in tally.items() if v[1] or not k.startswith("linked")},
        support=support,
        notes=["a row whose trigger we did not find counts as wrong in accuracy; linking_accuracy "
               "asks the place chooser about the gold trigger (see the module docstring)"],
    )
