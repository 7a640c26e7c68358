"""Regression (issue 2): spaCy makes a new Token object on every access, so ``tok.head is tok``
is never true and a climb to the root never ended; this sentence hung the events stage."""

from __future__ import annotations

import threading

import pytest

pytestmark = pytest.mark.integration


def test_climb_to_root_terminates(parse):
    from eventwire.stages.actors import ActorsStage
    from eventwire.stages.events import EventsStage

    doc = parse("BEIRUT, Lebanon --  Days after seizing the Syrian desert city of Palmyra, "
                "Islamic State militants destroyed a famous statue.", "2016-03-28")
    actors, events = ActorsStage(), EventsStage()
    actors.open()
    events.open()
    out: list = []
    worker = threading.Thread(target=lambda: out.append(events(actors(doc))), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert out, "the events stage did not finish within 60 s"
    assert "ASSAULT" in {e.type for e in out[0].events}
