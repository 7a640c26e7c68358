"""plover-gsr-cameo: PLOVER event detection, type, actors/recipients, mode and casualties.

Gold: ``plover-gsr-cameo/plover_gsr_dev.jsonl`` (one sentence per line, 1-2 coded events).
Each sentence is one article. Gold and predicted events of a sentence are paired one-to-one:
same type first, then any leftover pair in order (so a wrong type still counts as a detection).

- detection P/R/F1: paired events are hits, unpaired predictions false positives, unpaired gold misses.
  Only asserted predictions are scored: an event whose status says hypothetical or negated
  ("threatened to shell", "would strike", "did not attack") is one PLOVER does not code, and the
  gold never has it. ``detect_p_all`` is the precision with every prediction kept, for comparison.
- type accuracy: share of gold events paired with a prediction of the same type;
  type macro-F1 over the 16 PLOVER types (an unpaired gold event is a miss for its type, an
  unpaired prediction a false positive for its type).
- actor/recipient code and sector accuracy, over paired gold events whose gold side has a code
  (sector): a hit when any predicted participant on that side has one of the gold codes
  (sectors). For a reciprocal gold event (markup SRC/TAR, empty target) either predicted side counts.
- mode accuracy (GSR 2016 modes mapped to v0.8 names) and dead/injured exact match, over paired
  gold events that carry them.
- context P/R/F1 (micro, over paired events): the GSR's 2016 context words and our v0.8 contexts
  both mapped onto the vocabulary they share (GSR_CONTEXTS; "refugees" is refugee, our
  executive/legislative/political_institutions are political, ...). Contexts on either side
  outside that vocabulary are not scored. The GSR coders give one or two contexts an event; we
  tag every context cued in the sentence, so precision is the weaker side by design.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import PLOVER_TYPES, Article
from .base import ErrorSink, article, brief_event, events_of, read_jsonl
from .metrics import Report, macro_f1, prf, safe_div

NAME = "plover-gsr-cameo"
FOLDER = "plover-gsr-cameo"
FILE = "plover_gsr_dev.jsonl"

#: GSR 2016 mode names -> PLOVER v0.8 mode names (only where the meaning is the same).
OLD_MODES = {
    "strike-hun": "hunger",
    "strike-gen": "strike",
    "riot-spon": "riot",
    "demo-org": "demo",
    "detain": "arrest",
    "assassinate": "targeted",
    "confiscate": "seize",
}


def load(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    return read_jsonl(folder / FILE, limit)


def articles(gold: list[dict[str, Any]]) -> list[Article]:
    return [article(g["text"], g["id"], g.get("date")) for g in gold]


def pair_events(gold: list[dict], pred: list[dict]) -> list[tuple[int | None, int | None]]:
    """(gold index, pred index) pairs, same type first; None on one side for the unpaired."""
    used_p: set[int] = set()
    paired: dict[int, int] = {}
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used_p and p.get("event_type") == g.get("type"):
                paired[gi] = pi
                used_p.add(pi)
                break
    free = [pi for pi in range(len(pred)) if pi not in used_p]
    for gi in range(len(gold)):
        if gi not in paired and free:
            paired[gi] = free.pop(0)
            used_p.add(paired[gi])
    out: list[tuple[int | None, int | None]] = [(gi, paired.get(gi)) for gi in range(len(gold))]
    out += [(None, pi) for pi in range(len(pred)) if pi not in used_p]
    return out


def _number(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _side_hits(gold_side: list[dict], pred_side: list[dict], key: str) -> bool | None:
    """None when the gold side has no value for ``key``; else whether any prediction matches one."""
    wanted = {str(x.get(key)).upper() for x in gold_side if x.get(key)}
    if not wanted:
        return None
    return any(str(p.get(key) or "").upper() in wanted for p in pred_side if p)


_UNASSERTED = frozenset({"hypothetical", "negated"})

#: The GSR's context words (2016) -> the shared vocabulary; PLOVER v0.8 contexts -> the same.
GSR_CONTEXTS = {
    **{w: w for w in ("military", "diplomatic", "legal", "economic", "terrorism", "election",
                      "cbrn", "cyber", "religion")},
    "refugee": "refugee", "refugees": "refugee",
    "political": "political", "politics": "political", "government": "political",
    "resource": "resource", "resources": "resource", "rights": "rights",
}
V08_CONTEXTS = {
    "military": "military", "peacekeeping": "military", "diplomatic": "diplomatic",
    "legal": "legal", "economic": "economic", "terrorism": "terrorism", "election": "election",
    "cbrn": "cbrn", "cyber": "cyber", "religion_ethnicity": "religion",
    "migration": "refugee", "asylum": "refugee",
    "executive": "political", "legislative": "political", "political_institutions": "political",
    "pro_democracy": "political", "pro_autocracy": "political",
    "natural_resource": "resource", "environment": "resource",
    "human_rights": "rights", "rights_freedoms": "rights", "repression": "rights",
}


def context_counts(gold_event: dict, pred_event: dict) -> tuple[int, int, int]:
    """(tp, fp, fn) of one paired event's contexts on the shared vocabulary."""
    want = {GSR_CONTEXTS[c] for c in gold_event.get("context") or [] if c in GSR_CONTEXTS}
    got = {V08_CONTEXTS[c] for c in pred_event.get("context") or [] if c in V08_CONTEXTS}
    return len(want & got), len(got - want), len(want - got)


def score(
    gold: list[dict[str, Any]], records: dict[str, dict], errors: ErrorSink | None = None
) -> Report:
    tp = fp = fn = 0
    n_all_pred = tp_all = 0
    type_pairs: list[tuple[str | None, str | None]] = []
    type_hits = 0
    n_gold = 0
    acc: dict[str, list[int]] = {}  # metric -> [hits, total]
    ctx = [0, 0, 0]  # context tp, fp, fn

    def tally(name: str, hit: bool | None) -> None:
        if hit is not None:
            a = acc.setdefault(name, [0, 0])
            a[0] += int(hit)
            a[1] += 1

    for item in gold:
        gev = item.get("events") or []
        all_pev = events_of(records.get(item["id"]))
        pev = [p for p in all_pev if not _UNASSERTED & set(p.get("status") or ())]
        n_all_pred += len(all_pev)
        tp_all += sum(gi is not None and pi is not None for gi, pi in pair_events(gev, all_pev))
        n_gold += len(gev)
        for gi, pi in pair_events(gev, pev):
            g = gev[gi] if gi is not None else None
            p = pev[pi] if pi is not None else None
            type_pairs.append((g["type"] if g else None, p.get("event_type") if p else None))
            if g is None:
                fp += 1
                if errors:
                    errors.add(item["id"], "spurious_event", item["text"], None, brief_event(p))
                continue
            if p is None:
                fn += 1
                if errors:
                    errors.add(item["id"], "missed_event", item["text"], _gold_brief(g), None)
                continue
            tp += 1
            type_hits += p.get("event_type") == g["type"]
            for i, n in enumerate(context_counts(g, p)):
                ctx[i] += n
            if errors and p.get("event_type") != g["type"]:
                errors.add(item["id"], "wrong_type", item["text"], _gold_brief(g), brief_event(p))
            src, tgt = g.get("source") or [], g.get("target") or []
            p_act, p_rec = p.get("actor") or [], p.get("recipient") or []
            if g.get("reciprocal") and not tgt:
                p_act = p_rec = p_act + p_rec
            for side, gside, pside in (("actor", src, p_act), ("recipient", tgt, p_rec)):
                for key in ("code", "sector"):
                    hit = _side_hits(gside, pside, key)
                    tally(f"{side}_{key}_acc", hit)
                    if errors and hit is False:
                        errors.add(
                            item["id"],
                            f"wrong_{side}_{key}",
                            item["text"],
                            _gold_brief(g),
                            brief_event(p),
                        )
            mode = g.get("mode_gsr") or g.get("mode_implied")
            if mode:
                tally("mode_acc", OLD_MODES.get(mode, mode) in (p.get("mode") or []))
            size = p.get("size") or {}
            for key in ("dead", "injured"):
                want = _number(g.get(key))
                if want is not None:
                    tally(f"{key}_acc", size.get(key) == want)
    metrics = {f"detect_{k}": v for k, v in prf(tp, fp, fn).items()}
    metrics["detect_p_all"] = safe_div(tp_all, n_all_pred)
    metrics["type_acc"] = safe_div(type_hits, n_gold)
    metrics["type_macro_f1"] = macro_f1(type_pairs, PLOVER_TYPES)
    metrics.update({f"context_{k}": v for k, v in prf(*ctx).items()})
    for name in (
        "actor_code_acc",
        "actor_sector_acc",
        "recipient_code_acc",
        "recipient_sector_acc",
        "mode_acc",
        "dead_acc",
        "injured_acc",
    ):
        if name in acc:
            metrics[name] = safe_div(*acc[name])
    counts = {"gold_events": n_gold, "tp": tp, "fp": fp, "fn": fn,
              "unasserted_predictions_not_scored": n_all_pred - sum(1 for p in type_pairs if p[1])}
    counts.update({f"n_{k}": v[1] for k, v in acc.items()})
    notes = ["actor/recipient accuracy is over detected gold events whose gold side has a value"]
    support = {k: v[1] for k, v in acc.items()}
    support.update({"detect_f1": n_gold, "type_acc": n_gold, "type_macro_f1": n_gold,
                    "context_f1": ctx[0] + ctx[2]})
    return Report(NAME, len(gold), metrics, counts, notes, support=support)


def _gold_brief(g: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": g.get("type"),
        "mode": g.get("mode_gsr") or g.get("mode_implied"),
        "source": g.get("source"),
        "target": g.get("target"),
        "event_text": g.get("event_text"),
        "dead": g.get("dead"),
        "injured": g.get("injured"),
    }
