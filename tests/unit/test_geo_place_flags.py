"""What keeps a toponym from being an event's place: the geo stage's "not where" (origin,
destination, partner) and "modifier" ("Iraqi forces") tests, on real parses (default pipeline).

These flags decide which toponyms the rules and the place model may choose at all
(:func:`eventwire.learn.places.eligible`), so they are tested on their own, apart from whatever
the trained model would pick.
"""

from __future__ import annotations

import pytest

from eventwire.model import Article, Span
from eventwire.stages import geo as g


@pytest.fixture(scope="module")
def pipeline(default_pipeline):
    return default_pipeline


def flags(pipeline, text: str, trigger: str, name: str):
    """(not_where, is_modifier, governing preposition) of the place ``name`` for the event at
    ``trigger``."""
    doc = pipeline.run(Article(text=text, id="t"))
    at = text.index(trigger)
    trig = Span(at, at + len(trigger))
    place = next(p for p in doc.places if p.text == name)
    return (g._not_where(doc, place, trig), g._is_modifier(doc, place.span, trig),
            g._governing_prep(doc, place.span))


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        # "on X" after a verb of coming down on or closing in on a place: where it landed
        ("Shells and bombs rained down on Aleppo on Monday night.", "rained", "Aleppo"),
        ("About 5,000 demonstrators marched on Manila's financial district.", "marched", "Manila"),
        # "on" land or a site named by its noun ("on Jolo island")
        ("Government troops captured five suspected militants on Jolo island on Sunday.",
         "captured", "Jolo"),
        # a place that is the object of a verb under the preposition is that verb's object, not
        # the preposition's ("by storming X", "after capturing X")
        ("ISIS began the assault by storming the Al-Maqabar area at dawn.", "storming",
         "Al-Maqabar"),
        ("The militants executed 24 civilians after capturing Buyir village in northern Syria.",
         "executed", "Buyir"),
        # "between" under a crossing or a border is where the crossing is
        (("Troops shot an Israeli civilian near the main cargo crossing between Israel and the "
          "Gaza Strip on Monday."), "shot", "Gaza Strip"),
        # "close to X" is near X
        ("Government troops destroyed 14 rebel bunkers close to Jaffna on Sept. 10.", "destroyed",
         "Jaffna"),
        # a numbered road
        ("The brigade headed west on Route 9 while the infantry followed.", "headed", "Route 9"),
        # where a movement went, for the act it went there to do
        ("Hundreds of activists came to Rome to protest.", "protest", "Rome"),
        ("Thousands of people took to Sarajevo's streets to support the government.", "support",
         "Sarajevo"),
    ],
)
def test_where_it_happened_is_not_blocked(pipeline, text, trigger, name):
    not_where, _, _ = flags(pipeline, text, trigger, name)
    assert not not_where


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        ("The US imposed sanctions on Libya on Monday.", "imposed", "Libya"),
        ("Iraq and Kuwait held talks between Baghdad and Kuwait City.", "held", "Baghdad"),
        ("Refugees fled from Aleppo to Turkey.", "fled", "Aleppo"),
        # what was sent went there, not the sender
        ("He sent a letter to Moscow to protest the decision.", "protest", "Moscow"),
    ],
)
def test_origins_targets_and_partners_stay_blocked(pipeline, text, trigger, name):
    not_where, _, _ = flags(pipeline, text, trigger, name)
    assert not_where


def test_close_to_reads_as_near(pipeline):
    *_, prep = flags(pipeline, "Government troops destroyed 14 rebel bunkers close to Jaffna.",
                     "destroyed", "Jaffna")
    assert prep == "near"


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        # a name before a noun of land, water or a site names where: no modifier
        ("The Stark was patrolling Gulf waters the night of May 17.", "patrolling", "Gulf"),
        ("He patrolled along the Yangtze River dikes for four hours.", "patrolled",
         "Yangtze River"),
        ("The small team patrolled up and down Tikrit backstreets.", "patrolled", "Tikrit"),
    ],
)
def test_a_name_before_a_noun_of_land_is_a_place(pipeline, text, trigger, name):
    _, modifier, _prep = flags(pipeline, text, trigger, name)
    assert not modifier


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        ("Iraqi forces entered the town.", "entered", "Iraqi"),
        ("The Baghdad government condemned the attack.", "condemned", "Baghdad"),
    ],
)
def test_a_name_before_an_actor_noun_stays_a_modifier(pipeline, text, trigger, name):
    _, modifier, _ = flags(pipeline, text, trigger, name)
    assert modifier


def test_a_noun_tagged_as_a_verb_keeps_its_preposition(pipeline):
    """"along the Yangtze River dikes": the tagger's VERB "dikes" is the preposition's object, so
    "along" still governs the name."""
    *_, prep = flags(pipeline, "He patrolled along the Yangtze River dikes for four hours.",
                     "patrolled", "Yangtze River")
    assert prep == "along"
