"""case2021-task2: coarse ACLED event-type macro-F1 per snippet, recall of ATTRIB and DIPLO.

Gold: ``case2021-task2/case2021_task2_dev.jsonl`` (one labelled snippet per line, one article each).
Gold coarse class: the label's ACLED event type (Battles, Explosions/Remote violence, Violence
against civilians, Protests, Riots, Strategic developments), else the label itself (ATTRIB,
DIPLO, ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER).

Our coarse class for a snippet (the documented mapping):
1. ATTRIB when a claim of responsibility, an accusation or a denial is tied to an ASSAULT
   event whose perpetrator only such a claim names or denies (status alleged or denied); a
   report ("a watchdog said women were raped by police") is no attribution;
2. NATURAL_DISASTER or MAN_MADE_DISASTER (by the cue's EM-DAT group, natural or technological)
   when the most confident ACLED-typed event has the PLOVER context ``disasters``, or when no
   event has an ACLED type and the text has a disaster cue (an earthquake that kills is no
   one's attack);
3. ORG_CRIME when the text has a crime, illegal_drugs or trafficking context and the most
   confident ACLED-typed event, if any, is a strategic development (the arrests and charges that
   end a criminal case are not ACLED's political arrests);
4. else the ACLED event type of the most confident event that has one and is not hypothetical
   or negated (``acled_event_type`` of the output contract, from ``ontology.acled_types``;
   "threatened to strike back" strikes no one), except that a protest with any riot event
   beside it is Riots (ACLED: violent demonstrators make a demonstration a riot, whatever the
   police did);
5. else DIPLO when any event is of a diplomatic type (DIPLO_TYPES: verbal co-operation and
   conflict, sanctions, aid, diplomatic concessions) or has a CAMEO 16 code (reduced relations,
   sanctions, embargoes: COERCE in PLOVER, no ACLED category);
6. else no class (a miss).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import Article
from .base import ErrorSink, article, brief_event, events_of, read_jsonl
from .metrics import Report, macro_f1, per_label_counts, prf, safe_div

NAME = "case2021-task2"
FOLDER = "case2021-task2"
FILE = "case2021_task2_dev.jsonl"

ACLED_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
UNSEEN = ("ATTRIB", "DIPLO", "ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER")
COARSE = ACLED_TYPES + UNSEEN

#: PLOVER types that count as a diplomatic action (CASE's DIPLO: sanctions, threats, calls,
#: praise, condemnation, expulsions of diplomats).
DIPLO_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "SANCTION",
        "AID",
        "COOPERATE",
        "RETREAT",
    }
)


_UNASSERTED = frozenset({"hypothetical", "negated"})

#: PLOVER contexts that make an arrest or seizure a criminal case (CASE's ORG_CRIME).
CRIME_CONTEXTS = frozenset({"crime", "illegal_drugs", "trafficking"})


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    return read_jsonl(folder / FILE, limit)


def articles(gold: list[dict[str, Any]]) -> list[Article]:
    return [article(g["text"], g["id"]) for g in gold]


def gold_class(item: dict[str, Any]) -> str:
    ev = (item.get("events") or [{}])[0]
    return ev.get("acled_event_type") or ev["type"]


def predict_class(record: dict | None) -> str | None:
    evs = events_of(record)
    types = {e.get("event_type") for e in evs}
    attributed = {
        e.get("id") for e in evs
        if e.get("event_type") == "ASSAULT" and {"alleged", "denied"} & set(e.get("status") or ())
    }
    for claim in (record or {}).get("claims") or []:
        attributing = claim.get("responsibility") or claim.get("kind") in ("accusation", "denial")
        if attributing and attributed & set(claim.get("events") or []):
            return "ATTRIB"
    cues = (record or {}).get("contexts") or []
    disaster = [c.get("group") for c in cues if c.get("context") == "disasters"]
    acled = [
        e for e in evs
        if e.get("acled_event_type") and not _UNASSERTED & set(e.get("status") or ())
    ]
    top = max(acled, key=lambda e: e.get("confidence") or 0.0) if acled else None
    if disaster and (top is None or "disasters" in (top.get("context") or [])):
        natural = disaster.count("natural") >= disaster.count("technological")
        return "NATURAL_DISASTER" if natural else "MAN_MADE_DISASTER"
    if CRIME_CONTEXTS & {c.get("context") for c in cues} and (
        top is None or top["acled_event_type"] == "Strategic developments"
    ):
        return "ORG_CRIME"
    if top is not None:
        if top["acled_event_type"] == "Protests" and any(
            e["acled_event_type"] == "Riots" for e in acled
        ):
            return "Riots"  # ACLED: a demonstration with violent demonstrators is a riot
        return top["acled_event_type"]
    if types & DIPLO_TYPES or any(str(e.get("cameo") or "").startswith("16") for e in evs):
        return "DIPLO"  # CAMEO 16: reduced relations, sanctions and embargoes
    return None


def score(
    gold: list[dict[str, Any]], records: dict[str, dict], errors: ErrorSink | None = None
) -> Report:
    pairs: list[tuple[str, str | None]] = []
    for item in gold:
        rec = records.get(item["id"])
        g, p = gold_class(item), predict_class(rec)
        pairs.append((g, p))
        if errors and g != p:
            errors.add(
                item["id"],
                "wrong_class",
                item["text"],
                {"class": g, "label": item["events"][0]["type"]},
                {"class": p, "events": [brief_event(e) for e in events_of(rec)]},
            )
    counts = per_label_counts(pairs)
    seen = [c for c in COARSE if c in {g for g, _ in pairs}]
    metrics = {
        "coarse_macro_f1": macro_f1(pairs, seen),
        "acled_macro_f1": macro_f1(pairs, [c for c in ACLED_TYPES if c in seen]),
        "coarse_acc": safe_div(sum(g == p for g, p in pairs), len(pairs)),
    }
    for label in ("ATTRIB", "DIPLO"):
        if label in counts:
            metrics[f"{label.lower()}_recall"] = prf(*counts[label])["r"]
            metrics[f"{label.lower()}_precision"] = prf(*counts[label])["p"]
    support = {
        f"{lab.lower()}_recall": counts[lab][0] + counts[lab][2]
        for lab in ("ATTRIB", "DIPLO")
        if lab in counts
    }
    return Report(
        NAME,
        len(gold),
        metrics,
        {f"gold_{k}": v[0] + v[2] for k, v in counts.items() if v[0] + v[2]},
        ["macro-F1 is over the coarse classes present in the gold sample"],
        support=support,
    )
