"""Headlines and subheadings that restate the body: their events are dropped, the body's kept.

Runs the default pipeline, since the rule needs what the claims stage knows (an alleged deed, the
speaker behind a quote). The article is written for the test; it is not one of the gold sets.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.model import Article, Document
from eventwire.stages.headlines import is_headline

ARTICLE = """Sudanese rebels accuse army of shelling villages

Rebel leaders in Darfur accused the Sudanese army of shelling three villages near Nyala on Monday, killing four people.

Bashir threatens rebels

President Omar al-Bashir threatened the rebels in a speech in Khartoum on Wednesday.

Troops attack rebel camp

Heavy rain flooded parts of Khartoum on Thursday.
"""


@pytest.fixture(scope="module")
def doc(default_pipeline) -> Document:
    return default_pipeline.run(Article(text=ARTICLE, id="t", published=dt.date(2019, 8, 21)))


def triggers(doc: Document, line: str) -> list[tuple[str, str]]:
    """The events whose trigger is in the sentence that starts with ``line``."""
    sentence = doc.sentence_of(doc.text.index(line))
    return [(e.type, doc.text[e.trigger.start:e.trigger.end]) for e in doc.events
            if e.sentence == sentence.index]


def test_headlines_and_subheadings_are_recognised(doc):
    heads = [doc.text[s.span.start:s.span.end].strip() for s in doc.sentences if is_headline(doc, s.index)]
    assert heads == ["Sudanese rebels accuse army of shelling villages", "Bashir threatens rebels",
                     "Troops attack rebel camp"]


def test_a_headline_event_the_body_repeats_is_dropped_and_the_body_event_kept(doc):
    # the alleged shelling: the body's alleged shelling stays, the title's goes
    assert ("ASSAULT", "shelling") not in triggers(doc, "Sudanese rebels accuse army of shelling villages")
    body = triggers(doc, "Rebel leaders in Darfur")
    assert ("ASSAULT", "shelling") in body
    # the subheading's threat: the same actor and target threaten in the body
    assert triggers(doc, "Bashir threatens rebels") == []
    assert ("THREATEN", "threatened") in triggers(doc, "President Omar al-Bashir")
    # claims about the dropped events point at the body's events instead
    ids = {e.id for e in doc.events}
    assert all(set(c.events) <= ids for c in doc.claims)


def test_a_subheading_the_body_does_not_repeat_keeps_its_event(doc):
    assert [t for t, _ in triggers(doc, "Troops attack rebel camp")] == ["ASSAULT"]


def test_event_ids_stay_contiguous_and_claims_follow_them(doc):
    assert [e.id for e in doc.events] == [f"e{i}" for i in range(len(doc.events))]
    ids = {e.id for e in doc.events}
    assert all(set(c.events) <= ids for c in doc.claims)
