"""Clustering against the hand-labelled happenings (``eventwire eval clusters``): a pinned floor.

The floor is what ``eventwire eval clusters`` printed when it was pinned (2026-12-02), less the
project's tolerance (one binomial standard error over the metric's support, at least 0.02). It
lives here until the lead moves ``clusters`` from EXTRA_DATASETS into DATASETS and
quality_floors.json.
"""

from __future__ import annotations

import pytest

from eventwire.evaluate import evaluate, tolerance_for
from eventwire.evaluate.clusters import labels, match_event

pytestmark = [pytest.mark.integration, pytest.mark.shared_data]

#: metric -> score pinned from `eventwire eval clusters` (full set, default settings).
FLOORS = {"pair_f1": 0.106, "found_pair_f1": 0.176, "neardup_f1": 0.654, "mentions_found": 0.803}


@pytest.fixture(scope="module")
def report(shared_data):
    return evaluate("clusters", shared_data)


def test_clustering_holds_its_floor(report):
    assert report.failures == 0, report.notes
    assert report.counts["mentions"] == sum(len(h["mentions"]) for h in labels()["happenings"])
    low = []
    for name, pinned in FLOORS.items():
        tol = tolerance_for(report.support.get(name, report.items))
        if report.metrics[name] < pinned - tol:
            low.append(f"{name} = {report.metrics[name]:.3f} < {pinned:.3f} - {tol:.3f}")
    assert not low, "\n".join(low) + "\n" + report.format()


def test_near_duplicate_gate_links_no_distinct_story(report):
    # Precision is the promise of the gate: a story it links is never coded, so never lost twice.
    assert report.counts["neardup_fp"] == 0, report.format()


def test_labels_point_inside_their_articles(shared_data):
    import json

    texts = {}
    with (shared_data / "india-police-events" / "india_police_events.jsonl").open(
        encoding="utf-8"
    ) as fh:
        for line in fh:
            row = json.loads(line)
            texts[row["id"]] = row["text"]
    spec = labels()
    assert len(spec["happenings"]) >= 15 and all(h["reason"] for h in spec["happenings"])
    for h in spec["happenings"]:
        for m in h["mentions"]:
            if m["article"].startswith("ipe-"):
                assert 0 <= m["at"] < len(texts[m["article"]]), (h["id"], m)


def test_a_mention_matches_the_nearest_event_of_its_type_in_its_sentence():
    events = [
        {
            "id": "a:e0",
            "event_type": "COERCE",
            "mode": ["arrest"],
            "text_info": {"start": 0, "end": 100},
            "trigger": {"start": 10, "end": 18},
        },
        {
            "id": "a:e1",
            "event_type": "ASSAULT",
            "mode": [],
            "text_info": {"start": 0, "end": 100},
            "trigger": {"start": 60, "end": 65},
        },
        {
            "id": "a:e2",
            "event_type": "ASSAULT",
            "mode": [],
            "text_info": {"start": 100, "end": 200},
            "trigger": {"start": 120, "end": 125},
        },
    ]
    assert match_event(events, 12, "ASSAULT")["id"] == "a:e1"  # an arrest never stands for it
    assert match_event(events, 12, "COERCE")["id"] == "a:e0"
    assert match_event(events, 150, "ASSAULT")["id"] == "a:e2"
    assert match_event(events, 150, "AGREE") is None
