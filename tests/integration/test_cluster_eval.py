"""Clustering against the hand-labelled happenings (``eventwire eval clusters``): what the
floors test does not check. The scores' floors live in quality_floors.json with every other set.
"""

from __future__ import annotations

import pytest

from eventwire.evaluate import evaluate
from eventwire.evaluate.clusters import labels, match_event

pytestmark = [pytest.mark.integration, pytest.mark.shared_data]


@pytest.fixture(scope="module")
def report(shared_data):
    return evaluate("clusters", shared_data)


def test_near_duplicate_gate_links_no_distinct_story(report):
    assert report.failures == 0, report.notes
    assert report.counts["mentions"] == sum(len(h["mentions"]) for h in labels()["happenings"])
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
