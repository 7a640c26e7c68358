"""petrarch2-unittest: share of PETRARCH2 unit-test records whose event structure we reproduce.

Gold: ``petrarch2-unittest/petr_unittest.jsonl``. The actor codes are fictional (Gondor = GON),
so structure is scored, not codes. A record is reproduced when:

- it expects no event (``noevents``, or a story/sentence discard) and we produce none; or
- for every expected event there is a predicted event of the same PLOVER type (the official
  CAMEO -> PLOVER mapping of its code; test-only codes such as 2xx/9xx only need some event)
  with an actor when a source is expected and a recipient when a target is expected, and the
  predicted events of that type name at least as many distinct actors (recipients) as the
  expected distinct sources (targets): "Arnor and Gondor" must give two actors. The discard
  code ``###`` is not an actor.

Records that expect a parser error (dateline, bad_input_parse) are skipped. Subsets: compound
(COMPOUND*/AGENTS categories or several expected sources/targets), passive (PASSIVE ids or
comments on passive voice), negation (not/n't/never in the text), no_event, and per category.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model import Article
from ..ontology import plover_for_cameo
from .base import ErrorSink, article, brief_event, events_of, read_jsonl
from .metrics import Report, safe_div

NAME = "petrarch2-unittest"
FOLDER = "petrarch2-unittest"
FILE = "petr_unittest.jsonl"
DISCARDS = ("storydiscard", "sentencediscard")
_NEGATION = re.compile(r"\b(not|never)\b|n't\b", re.I)


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    items = [r for r in read_jsonl(folder / FILE) if not r.get("error") or r["error"] in DISCARDS]
    return items[:limit] if limit is not None else items


def articles(gold: list[dict[str, Any]]) -> list[Article]:
    return [article(g["text"], g["id"], g.get("date")) for g in gold]


def expects_none(item: dict[str, Any]) -> bool:
    return bool(item.get("noevents")) or item.get("error") in DISCARDS or not item.get("events")


def subsets(item: dict[str, Any]) -> list[str]:
    """The subsets a record belongs to (besides ``all`` and its category)."""
    out: list[str] = []
    evs = item.get("events") or []
    cat = item.get("category") or ""
    if (
        cat.startswith(("COMPOUND", "AGENTS"))
        or len({e["source"] for e in evs}) > 1
        or len({e["target"] for e in evs}) > 1
    ):
        out.append("compound")
    if (
        item["id"].upper().startswith("PASSIVE")
        or "passive" in " ".join(item.get("comments") or []).lower()
    ):
        out.append("passive")
    if _NEGATION.search(item["text"]):
        out.append("negation")
    if expects_none(item):
        out.append("no_event")
    return out


def _gold_type(ev: dict[str, Any]) -> str | None:
    """The PLOVER type of an expected event, None for test-only codes (any type will do)."""
    if not ev.get("cameo_root"):
        return None
    return plover_for_cameo(str(ev["cameo"]))[0]


def _is_actor(code: str | None) -> bool:
    return bool(code) and code != "###"


def reproduced(item: dict[str, Any], pred: list[dict[str, Any]]) -> bool:
    if expects_none(item):
        return not pred
    groups: dict[str | None, list[dict]] = {}
    for ev in item["events"]:
        groups.setdefault(_gold_type(ev), []).append(ev)
    for gtype, gevs in groups.items():
        cands = [p for p in pred if gtype is None or p.get("event_type") == gtype]
        for need_key, pred_key in (("source", "actor"), ("target", "recipient")):
            wanted = {e[need_key] for e in gevs if _is_actor(e.get(need_key))}
            names = {
                (x.get("entity_text") or "").lower()
                for p in cands
                for x in p.get(pred_key) or []
                if x
            }
            if len(names) < len(wanted):
                return False
        if not cands:
            return False
    return True


def score(
    gold: list[dict[str, Any]], records: dict[str, dict], errors: ErrorSink | None = None
) -> Report:
    tally: dict[str, list[int]] = {}
    for item in gold:
        pred = events_of(records.get(item["id"]))
        ok = reproduced(item, pred)
        for name in ["all", *subsets(item), "cat_" + (item.get("category") or "none").lower()]:
            t = tally.setdefault(name, [0, 0])
            t[0] += int(ok)
            t[1] += 1
        if errors and not ok:
            gold_view = [
                {
                    "source": e["source"],
                    "target": e["target"],
                    "cameo": e["cameo"],
                    "type": _gold_type(e),
                }
                for e in item.get("events") or []
            ]
            errors.add(
                item["id"],
                "not_reproduced",
                item["text"],
                gold_view or "no event",
                [brief_event(p) for p in pred],
                category=item.get("category"),
            )
    metrics = {"reproduced": safe_div(*tally.get("all", [0, 0]))}
    for name in ("compound", "passive", "negation", "no_event"):
        if name in tally:
            metrics[f"reproduced_{name}"] = safe_div(*tally[name])
    for name in sorted(k for k in tally if k.startswith("cat_")):
        metrics[f"reproduced_{name}"] = safe_div(*tally[name])
    support = {("reproduced" if k == "all" else f"reproduced_{k}"): v[1] for k, v in tally.items()}
    return Report(
        NAME,
        len(gold),
        metrics,
        {f"n_{k}": v[1] for k, v in tally.items()},
        ["structure only: types and roles, not the fictional actor codes"],
        support=support,
    )
