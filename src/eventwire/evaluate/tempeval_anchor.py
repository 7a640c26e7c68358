"""tempeval3-anchoring: does each event we detect get the date TimeBank's annotators tied it to?

Gold: the TLINKs of ``tempeval3-train/**/*.tml`` that put an EVENT inside a TIMEX3 (the event
IS_INCLUDED in, is SIMULTANEOUS with or DURING the timex, or the timex INCLUDES it), where the
timex, or the document creation time (DCT), has a calendar value (1998, 1998-11, 1998-11-20,
1998-W47). An event may have several such anchors (the DCT and "Friday"); a date matching any of
them counts. Predicted: the events of the same end-to-end record as every other scorer, matched to
a gold anchored EVENT when our trigger overlaps its span.

Metrics, over the matched events: ``date_acc`` (our value equals an anchor's), ``date_consistent``
(our day range lies inside an anchor's, or an anchor's inside ours: right at another grain),
``text_date_acc`` (the same as date_acc over the events we dated from a text expression rather
than the publication date), and, on the same events in the same run, ``dct_baseline_acc``: the
accuracy of giving every event the publication date, the baseline a dater has to beat.
``coverage`` is the share of gold anchored events that one of our events overlaps.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

from ..model import Article
from ..store.flatten import date_range
from .base import ErrorSink, article, read_jsonl, snippet
from .metrics import Report, safe_div

NAME = "tempeval3-anchoring"
FOLDER = "tempeval3-train"
FILE = "tbaq_train.jsonl"

#: Relations that put the event inside the time, by which side names the time.
_EVENT_IN_TIME = frozenset({"IS_INCLUDED", "SIMULTANEOUS", "DURING"})  # event REL time
_TIME_HOLDS_EVENT = frozenset({"INCLUDES", "SIMULTANEOUS", "DURING"})  # time REL event
_CALENDAR = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?|-W\d\d)?$")
_TAG = re.compile(r"<(/?)([A-Z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _text_and_events(tml: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """The plain text of <TEXT> (tags removed, entities unescaped) and each EVENT's offsets."""
    body = tml[tml.index("<TEXT>") + len("<TEXT>") : tml.index("</TEXT>")]
    out: list[str] = []
    length = 0
    events: dict[str, tuple[int, int]] = {}
    open_event: tuple[str, int] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        piece = html.unescape(body[pos : m.start()])
        out.append(piece)
        length += len(piece)
        pos = m.end()
        closing, tag, attrs = m.group(1), m.group(2), m.group(3)
        if tag == "EVENT":
            if closing and open_event is not None:
                events[open_event[0]] = (open_event[1], length)
                open_event = None
            elif not closing:
                eid = dict(_ATTR.findall(attrs)).get("eid")
                open_event = (eid, length) if eid else None
    out.append(html.unescape(body[pos:]))
    return "".join(out), events


def _anchors(tml: str, dct: str | None, timex_values: dict[str, str]) -> dict[str, set[str]]:
    """Event id -> the calendar values of the times the TLINKs put it in."""
    instances = {
        a.get("eiid"): a.get("eventID")
        for a in (dict(_ATTR.findall(m.group(0))) for m in re.finditer(r"<MAKEINSTANCE[^>]*>", tml))
    }
    values = dict(timex_values)
    if dct:
        values["t0"] = dct
    out: dict[str, set[str]] = {}
    for m in re.finditer(r"<TLINK[^>]*>", tml):
        a = dict(_ATTR.findall(m.group(0)))
        rel = a.get("relType", "")
        if "eventInstanceID" in a and "relatedToTime" in a and rel in _EVENT_IN_TIME:
            ei, tid = a["eventInstanceID"], a["relatedToTime"]
        elif "timeID" in a and "relatedToEventInstance" in a and rel in _TIME_HOLDS_EVENT:
            ei, tid = a["relatedToEventInstance"], a["timeID"]
        else:
            continue
        value, eid = values.get(tid), instances.get(ei)
        if eid and value and _CALENDAR.match(value):
            out.setdefault(eid, set()).add(value)
    return out


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The TBAQ documents with ``anchored``: [{start, end, text, anchors}] per document."""
    docs = read_jsonl(folder / FILE, limit)
    for doc in docs:
        doc["anchored"] = []
        path = folder / doc.get("file", "")
        if not path.is_file():
            continue
        tml = path.read_text(encoding="utf-8")
        text, spans = _text_and_events(tml)
        if text != doc["text"]:  # offsets would not line up: leave the document out, loudly
            doc["anchor_note"] = "text of the .tml differs from tbaq_train.jsonl"
            continue
        timexes = {t["tid"]: t.get("value") for t in doc.get("timexes") or [] if t.get("tid")}
        for eid, values in sorted(_anchors(tml, doc.get("dct"), timexes).items()):
            if eid in spans:
                s, e = spans[eid]
                doc["anchored"].append(
                    {"id": eid, "start": s, "end": e, "text": text[s:e], "anchors": sorted(values)}
                )
    return docs


def articles(gold: list[dict[str, Any]]) -> list[Article]:
    return [article(g["text"], g["id"], g.get("dct")) for g in gold]


def _our_range(date: dict[str, Any]) -> tuple[str | None, str | None]:
    """The days our date covers; an undated past event inferred from publication covers the week
    up to it (rule "publication-week": value is the publication day, precision "week")."""
    value = date.get("value")
    start, end = date_range(value)
    if date.get("source") == "publication" and date.get("precision") == "week" and end:
        start = (dt.date.fromisoformat(end) - dt.timedelta(days=6)).isoformat()
    return start, end


def _inside(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    return None not in a and None not in b and b[0] <= a[0] and a[1] <= b[1]  # type: ignore[operator]


def score(
    gold: list[dict[str, Any]], records: dict[str, dict], errors: ErrorSink | None = None
) -> Report:
    total = matched = exact = consistent = dct_hits = from_text = text_exact = 0
    skipped = 0
    for item in gold:
        if item.get("anchor_note"):
            skipped += 1
        events = [
            e for e in (records.get(item["id"]) or {}).get("events") or []
            if (e.get("trigger") or {}).get("start") is not None
        ]
        for g in item.get("anchored") or []:
            total += 1
            ours = next(
                (e for e in events
                 if e["trigger"]["start"] < g["end"] and g["start"] < e["trigger"]["end"]),
                None,
            )
            if ours is None:
                continue
            matched += 1
            date = ours.get("date") or {}
            value = date.get("value")
            ok = value in g["anchors"]
            mine = _our_range(date)
            fits = ok or any(
                _inside(mine, date_range(a)) or _inside(date_range(a), mine) for a in g["anchors"]
            )
            exact += ok
            consistent += fits
            dct_hits += item.get("dct") in g["anchors"]
            if date.get("source") == "text":
                from_text += 1
                text_exact += ok
            if errors and not ok:
                errors.add(
                    item["id"],
                    "wrong_date" if fits is False else "other_grain",
                    snippet(item["text"], g["start"], g["end"]),
                    {"event": g["text"], "anchors": g["anchors"]},
                    {"trigger": ours["trigger"]["text"], "date": date},
                    dct=item.get("dct"),
                )
    metrics = {
        "date_acc": safe_div(exact, matched),
        "date_consistent": safe_div(consistent, matched),
        "text_date_acc": safe_div(text_exact, from_text),
        "dct_baseline_acc": safe_div(dct_hits, matched),
        "coverage": safe_div(matched, total),
    }
    report = Report(
        dataset=NAME,
        items=len(gold),
        metrics=metrics,
        counts={"gold_anchored_events": total, "matched": matched, "dated_from_text": from_text},
        support={
            "date_acc": matched, "date_consistent": matched, "text_date_acc": from_text,
            "dct_baseline_acc": matched, "coverage": total,
        },
    )
    report.notes.append(
        f"{matched} of {total} gold-anchored events matched by our triggers; "
        f"{from_text} of them dated from a text expression"
    )
    if skipped:
        report.notes.append(f"{skipped} documents left out: their .tml text differs from the jsonl")
    return report
