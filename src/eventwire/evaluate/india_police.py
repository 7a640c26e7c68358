"""india-police-events: document-level recall (and precision) of KILL, ARREST and FORCE.

Gold: ``india-police-events/india_police_events.jsonl`` (one Times of India article per line,
``doc_labels`` = police actions the annotators found). A document gets our label when it has:

- KILL: an ASSAULT event with a police actor and a death (``size.dead`` > 0, or a killing verb
  as trigger: kill, shot dead, gun down, murder);
- ARREST: a COERCE event with a police actor and mode ``arrest`` (or ``size.arrested`` > 0, or
  an arrest verb as trigger: arrest, detain, custody, round up, nab);
- FORCE: an ASSAULT event with a police actor, or a COERCE event with a police actor and mode
  ``crowd-control`` or ``torture``.

A police actor is a participant with sector COP or whose text names the police (police,
policemen, cops, constable, SRP/RAF/CRPF...). Only the actor side counts: police as victims
do not make a police action. One exception: an arrest with no actor at all ("50 persons were
arrested") counts as a police arrest, since only the police arrest people in these reports.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model import Article
from .base import ErrorSink, article, brief_event, events_of, read_jsonl, snippet
from .metrics import Report, prf

NAME = "india-police-events"
FOLDER = "india-police-events"
FILE = "india_police_events.jsonl"
LABELS = ("KILL", "ARREST", "FORCE")

_POLICE = re.compile(
    r"\b(police\w*|cops?|constables?|constabulary|srp|raf|crpf|bsf|rapid action force"
    r"|security forces|sub-inspectors?|inspectors?|dsp|sp|acp|dcp)\b",
    re.I,
)
_KILL = re.compile(r"kill|shot dead|shoot dead|gunned|gun down|murder", re.I)
_ARREST = re.compile(r"arrest|detain|custody|round(ed)? up|nab|held", re.I)


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    return read_jsonl(folder / FILE, limit)


def articles(gold: list[dict[str, Any]]) -> list[Article]:
    return [article(g["text"], g["id"], g.get("published")) for g in gold]


def is_police(ent: dict[str, Any] | None) -> bool:
    if not ent:
        return False
    return ent.get("sector") == "COP" or bool(_POLICE.search(ent.get("entity_text") or ""))


def event_labels(ev: dict[str, Any]) -> set[str]:
    """The police-action labels one predicted event supports."""
    etype, modes = ev.get("event_type"), set(ev.get("mode") or [])
    size = ev.get("size") or {}
    trigger = (ev.get("trigger") or {}).get("text") or ""
    actors = [a for a in ev.get("actor") or [] if a]
    if not any(is_police(a) for a in actors):
        # An arrest with no named actor ("50 persons were arrested") is a police arrest.
        if etype == "COERCE" and not actors and ("arrest" in modes or _ARREST.search(trigger)):
            return {"ARREST"}
        return set()
    out: set[str] = set()
    if etype == "ASSAULT":
        out.add("FORCE")
        if (size.get("dead") or 0) > 0 or _KILL.search(trigger):
            out.add("KILL")
    elif etype == "COERCE":
        if "arrest" in modes or (size.get("arrested") or 0) > 0 or _ARREST.search(trigger):
            out.add("ARREST")
        if modes & {"crowd-control", "torture"}:
            out.add("FORCE")
    return out


def doc_labels(record: dict | None) -> set[str]:
    out: set[str] = set()
    for ev in events_of(record):
        out |= event_labels(ev)
    return out


def score(
    gold: list[dict[str, Any]], records: dict[str, dict], errors: ErrorSink | None = None
) -> Report:
    counts = {lab: [0, 0, 0] for lab in LABELS}
    for item in gold:
        rec = records.get(item["id"])
        want = set(item.get("doc_labels") or []) & set(LABELS)
        got = doc_labels(rec)
        for lab in LABELS:
            c = counts[lab]
            c[0] += lab in want and lab in got
            c[1] += lab in got and lab not in want
            c[2] += lab in want and lab not in got
        if errors and want != got:
            evidence = [
                s["text"]
                for s in item.get("labelled_sentences") or []
                if set(s.get("labels") or []) & (want - got)
            ]
            police = [brief_event(e) for e in events_of(rec) if event_labels(e)]
            errors.add(
                item["id"],
                "label_mismatch",
                "\n".join(evidence) or snippet(item["text"]),
                sorted(want),
                {"labels": sorted(got), "events": police},
            )
    metrics: dict[str, float] = {}
    for lab in LABELS:
        r = prf(*counts[lab])
        metrics[f"{lab.lower()}_recall"] = r["r"]
        metrics[f"{lab.lower()}_precision"] = r["p"]
        metrics[f"{lab.lower()}_f1"] = r["f1"]
    return Report(
        NAME,
        len(gold),
        metrics,
        {f"gold_{lab}": counts[lab][0] + counts[lab][2] for lab in LABELS},
        ["document level; police must be the actor of an ASSAULT/COERCE event"],
        support={f"{lab.lower()}_recall": counts[lab][0] + counts[lab][2] for lab in LABELS},
    )
