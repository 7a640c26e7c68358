"""Pinned quality floors of event detection on the gold sets in ../shared/data.

Scoring (the same as reported to the lead):
- PLOVER GSR dev: a gold event is found when we produce an asserted event (not hypothetical,
  negated or denied) of its type in its sentence; precision counts our distinct (sentence, type)
  pairs; type accuracy compares our most confident asserted event with the gold types.
- ConfliBERT CAMEO: the pentaclass of our most confident asserted event (none -> 0, statement).
- PETRARCH2 unit tests: records without events must stay empty.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from eventwire.model import PLOVER_TYPES
from eventwire.stages.events import EventsStage

PENTACLASS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2, "CONCEDE": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


def _asserted(doc):
    return [e for e in doc.events if not {"hypothetical", "negated", "denied"} & set(e.status)]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.fixture(scope="module")
def run(parse):
    stage = EventsStage()
    stage.open()
    return lambda text: stage(parse(text))


@pytest.mark.integration
def test_plover_gsr_dev_floors(shared_data, run):
    tp = fp = fn = 0
    per: dict[str, Counter] = {t: Counter() for t in PLOVER_TYPES}
    top_ok = n = 0
    with open(shared_data / "plover-gsr-cameo" / "plover_gsr_dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            events = _asserted(run(rec["text"]))
            gold = {e["type"] for e in rec["events"]}
            pred = {e.type for e in events}
            for t in pred | gold:
                key = "tp" if t in pred and t in gold else "fp" if t in pred else "fn"
                per[t][key] += 1
            tp += len(pred & gold)
            fp += len(pred - gold)
            fn += len(gold - pred)
            best = max(events, key=lambda e: e.confidence, default=None)
            n += 1
            top_ok += best is not None and best.type in gold
    p, r = tp / (tp + fp), tp / (tp + fn)
    macro = sum(
        _f1(c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0,
            c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0)
        for c in per.values()
    ) / len(PLOVER_TYPES)
    # measured 2026-11-24: P 0.839 R 0.885 F1 0.861, type accuracy 0.883, macro-F1 0.832
    assert _f1(p, r) >= 0.80
    assert p >= 0.78
    assert top_ok / n >= 0.82
    assert macro >= 0.76


@pytest.mark.integration
def test_conflibert_cameo_pentaclass_floor(shared_data, run):
    correct = n = 0
    with open(shared_data / "conflibert-cameo" / "conflibert_cameo_train.jsonl", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= 400:
                break
            rec = json.loads(line)
            gold = rec["events"][0]["pentaclass"]
            if gold is None:
                continue
            events = _asserted(run(rec["text"]))
            best = max(events, key=lambda e: e.confidence, default=None)
            correct += (PENTACLASS[best.type] if best else 0) == gold
            n += 1
    # measured 2026-11-24: 0.773 on these 400 sentences (0.753 on the whole train file)
    assert correct / n >= 0.72


@pytest.mark.integration
def test_petrarch_no_event_records_stay_empty(shared_data, run):
    empty = total = 0
    with open(shared_data / "petrarch2-unittest" / "petr_unittest.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if not rec["noevents"] or rec.get("error"):
                continue
            total += 1
            empty += not _asserted(run(rec["text"]))
    assert total > 10
    assert empty / total >= 0.5  # measured 11/19
