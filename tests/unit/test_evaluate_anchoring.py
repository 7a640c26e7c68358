"""tempeval3-anchoring scorer: TimeML parsing (EVENT offsets, TLINK anchors) and known answers."""

from __future__ import annotations

import json

import pytest

from eventwire.evaluate import tempeval_anchor
from eventwire.evaluate.base import ErrorSink

TML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">Jan 8</TIMEX3></DCT>
<TEXT>Rebels <EVENT eid="e1" class="OCCURRENCE">attacked</EVENT> a post on <TIMEX3 tid="t1" type="DATE" value="1998-01-05">Monday</TIMEX3> &amp; police <EVENT eid="e2" class="OCCURRENCE">arrested</EVENT> two. Talks <EVENT eid="e3" class="OCCURRENCE">began</EVENT> <TIMEX3 tid="t2" type="DURATION" value="P1W">a week</TIMEX3> ago.</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST"/>
<MAKEINSTANCE eventID="e3" eiid="ei3" tense="PAST"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
<TLINK lid="l2" relType="INCLUDES" timeID="t0" relatedToEventInstance="ei2"/>
<TLINK lid="l3" relType="BEFORE" eventInstanceID="ei2" relatedToTime="t1"/>
<TLINK lid="l4" relType="IS_INCLUDED" eventInstanceID="ei3" relatedToTime="t2"/>
</TimeML>
"""
TEXT = "Rebels attacked a post on Monday & police arrested two. Talks began a week ago."


@pytest.fixture()
def folder(tmp_path):
    (tmp_path / "TimeBank").mkdir()
    (tmp_path / "TimeBank" / "d.tml").write_text(TML, encoding="utf-8")
    doc = {
        "id": "d", "dct": "1998-01-08", "text": TEXT, "file": "TimeBank/d.tml",
        "timexes": [
            {"start": 26, "end": 32, "text": "Monday", "type": "DATE", "value": "1998-01-05",
             "tid": "t1"},
            {"start": 68, "end": 74, "text": "a week", "type": "DURATION", "value": "P1W",
             "tid": "t2"},
        ],
    }
    (tmp_path / "tbaq_train.jsonl").write_text(json.dumps(doc) + "\n", encoding="utf-8")
    return tmp_path


def test_load_reads_event_offsets_and_calendar_anchors(folder):
    (doc,) = tempeval_anchor.load(folder)
    anchored = {a["text"]: a["anchors"] for a in doc["anchored"]}
    # "began" is tied only to a DURATION (no calendar value), BEFORE is not an anchor
    assert anchored == {"attacked": ["1998-01-05"], "arrested": ["1998-01-08"]}
    for a in doc["anchored"]:
        assert TEXT[a["start"] : a["end"]] == a["text"]


def test_a_text_that_differs_from_the_jsonl_is_left_out(folder):
    path = folder / "tbaq_train.jsonl"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["text"] = TEXT.replace("Rebels", "Rebel")
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    (loaded,) = tempeval_anchor.load(folder)
    assert loaded["anchored"] == [] and loaded["anchor_note"]


def event(trigger: str, value: str, precision: str = "day", source: str = "text") -> dict:
    start = TEXT.index(trigger)
    return {
        "trigger": {"text": trigger, "start": start, "end": start + len(trigger)},
        "date": {"value": value, "precision": precision, "source": source},
    }


def test_known_answer(folder):
    gold = tempeval_anchor.load(folder)
    record = {"events": [
        event("attacked", "1998-01-05"),  # right
        event("arrested", "1998-01-05"),  # wrong day (gold: the DCT)
    ]}
    sink = ErrorSink("t")
    r = tempeval_anchor.score(gold, {"d": record}, sink)
    assert r.metrics["date_acc"] == pytest.approx(1 / 2)
    assert r.metrics["dct_baseline_acc"] == pytest.approx(1 / 2)
    assert r.metrics["coverage"] == pytest.approx(1.0)
    assert [row["kind"] for row in sink.rows] == ["wrong_date"]


def test_other_grain_and_the_publication_week_are_consistent(folder):
    gold = tempeval_anchor.load(folder)
    record = {"events": [
        event("attacked", "1998-W02", "week"),  # the week holding Monday 1998-01-05
        event("arrested", "1998-01-09", "week", "publication"),  # covers 01-03..01-09
    ]}
    r = tempeval_anchor.score(gold, {"d": record})
    assert r.metrics["date_acc"] == 0.0
    assert r.metrics["date_consistent"] == pytest.approx(1.0)


def test_no_events_scores_zero_coverage(folder):
    r = tempeval_anchor.score(tempeval_anchor.load(folder), {})
    assert r.metrics["coverage"] == 0.0 and r.metrics["date_acc"] == 0.0
