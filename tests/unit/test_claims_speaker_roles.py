"""First-person participants of an event inside a quote take the quote's speaker."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stages():
    from eventwire.stages.actors import ActorsStage
    from eventwire.stages.claims import ClaimsStage
    from eventwire.stages.events import EventsStage

    out = [ActorsStage(), EventsStage(), ClaimsStage()]
    for s in out:
        if hasattr(s, "open"):
            s.open()
    return out


def run(stages, doc):
    for s in stages:
        doc = s(doc)
    return doc


def test_we_in_a_quote_is_the_speaker(parse, stages):
    doc = run(stages, parse("“We will attack them wherever necessary,” Israeli Prime Minister "
                            "Benjamin Netanyahu said on Monday.", "2019-08-21"))
    speaker = next(c.speaker for c in doc.claims if c.speaker is not None)
    assert speaker.actor_id is not None
    we_events = [e for e in doc.events if any(p.text.lower() == "we" for p in e.actors)]
    assert we_events
    for e in we_events:
        assert all(p.actor_id == speaker.actor_id for p in e.actors if p.text.lower() == "we")
        assert doc.actor(e.actors[0].actor_id).code == "ISR"


def test_we_outside_any_quote_stays_unresolved(parse, stages):
    doc = run(stages, parse("We will attack them wherever necessary.", "2019-08-21"))
    assert all(p.actor_id is None for e in doc.events for p in e.actors if p.text.lower() == "we")
