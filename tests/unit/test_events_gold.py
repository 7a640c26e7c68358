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
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "CONCEDE": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "SANCTION": 3,
    "PROTEST": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
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
        _f1(
            c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0,
            c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0,
        )
        for c in per.values()
    ) / len(PLOVER_TYPES)
    # measured 2026-11-24: P 0.836 R 0.900 F1 0.867, type accuracy 0.898, macro-F1 0.842
    assert _f1(p, r) >= 0.80
    assert p >= 0.78
    assert top_ok / n >= 0.82
    assert macro >= 0.76


@pytest.mark.integration
def test_conflibert_cameo_pentaclass_and_actor_floors(shared_data, run):
    correct = n = 0
    a_tp = a_fp = a_fn = 0  # actor spans: ours vs gold source/reciprocal, by text containment

    def near(text: str, gold: list[str]) -> bool:
        return any(g and (text in g or g in text) for g in gold)

    with open(
        shared_data / "conflibert-cameo" / "conflibert_cameo_train.jsonl", encoding="utf-8"
    ) as fh:
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
            if rec.get("has_spans"):
                sources = rec["events"][0]["source"] + rec["events"][0]["reciprocal"]
                ours = [p.text for p in best.actors] if best else []
                a_tp += sum(near(t, sources) for t in ours)
                a_fp += sum(not near(t, sources) for t in ours)
                a_fn += sum(not any(near(t, [g]) for t in ours) for g in sources)
    # measured 2026-11-24 on these 400 sentences: pentaclass 0.78 (0.775 on the whole file);
    # actor P 0.88 R 0.71 F1 0.78 (302 sentences with spans)
    assert correct / n >= 0.72
    assert 2 * a_tp / (2 * a_tp + a_fp + a_fn) >= 0.72


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


@pytest.mark.integration
def test_case2021_acled_event_type_floor(shared_data, run):
    from eventwire.ontology import acled_types

    correct = n = 0
    path = shared_data / "case2021-task2" / "case2021_task2_dev.jsonl"
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            gold = json.loads(line)["events"][0]
            if gold["subtask"] != 1:
                continue
            doc = run(json.loads(line)["text"])
            typed = [(e, acled_types(e, doc)) for e in _asserted(doc)]
            typed = [(e, a) for e, a in typed if a[0]]
            best = max(typed, key=lambda x: x[0].confidence, default=(None, (None, None)))[1]
            correct += best[0] == gold["acled_event_type"]
            n += 1
    # measured 2026-11-24: ACLED event type 0.596, sub-event type 0.471 (n=208)
    assert correct / n >= 0.52
