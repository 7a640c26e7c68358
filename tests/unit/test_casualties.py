"""Casualty counts: number reading, per-rule extraction on parsed sentences, attachment to events."""

from __future__ import annotations

import dataclasses

import pytest

from eventwire.model import Casualties, Document, Event, Span
from eventwire.stages.casualties import CasualtiesStage, find_counts
from eventwire.stages.casualty_numbers import parse_number


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["one"], 1),
        (["twenty", "-", "nine"], 29),
        (["twenty-nine"], 29),
        (["1,200"], 1200),
        (["a", "dozen"], 12),
        (["half", "a", "dozen"], 6),
        (["two", "hundred"], 200),
        (["3", "thousand"], 3000),
        (["dozens"], None),
        (["several"], None),
    ],
)
def test_parse_number(words, value):
    assert parse_number(words) == value


def counts(parse, text):
    doc = parse(text)
    return sorted((m.kind, m.value) for s in doc.parse.sents for m in find_counts(s))


CASES = [
    (
        "The blast sent rockets into the city, killing one and injuring 29 others.",
        [("dead", 1), ("injured", 29)],
    ),
    ("Two people died in the clashes.", [("dead", 2)]),
    ("Twenty-nine soldiers were killed.", [("dead", 29)]),
    ("A dozen protesters were detained on Friday.", [("arrested", 12)]),
    (
        "At least 12 people were killed and more than 100 were wounded.",
        [("dead", 12), ("injured", 100)],
    ),
    ("Police arrested 15 people on Monday.", [("arrested", 15)]),
    ("1,200 people were arrested after the march.", [("arrested", 1200)]),
    ("The death toll rose to 30.", [("dead", 30)]),
    ("Ahmed Khan was killed in the attack.", [("dead", 1)]),
    ("No one was hurt in the blast.", [("injured", 0)]),
    ("There were no casualties.", [("dead", 0), ("injured", 0)]),
    ("The blast killed three soldiers and two civilians.", [("dead", 5)]),
    ("12 dead and 40 injured in the bombing.", [("dead", 12), ("injured", 40)]),
    ("A policeman was shot dead by militants.", [("dead", 1)]),
    ("Three people lost their lives in the firing.", [("dead", 3)]),
    (
        "Overnight, two persons were killed in the village and six in the town.",
        [("dead", 2), ("dead", 6)],
    ),
    (
        "29 persons have been arrested in the first incident, 18 in the second incident and 46 in the third.",
        [("arrested", 29), ("arrested", 18), ("arrested", 46)],
    ),
    ("The attack left seven people dead, including four police officers.", [("dead", 7)]),
    ("Scores of people were injured.", []),  # vague quantity: no count
    ("Dozens were arrested.", []),
    ("Nobody can be arrested without a warrant.", []),  # modal: not a reported count
    ("The talks killed the proposal's chances.", []),
]


@pytest.mark.integration
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_counts(parse, text, expected):
    assert counts(parse, text) == sorted(expected)


def _event(doc: Document, trigger: str, type_: str, eid: str, occurrence: int = 0) -> Event:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(trigger, start + 1)
    span = Span(start, start + len(trigger))
    sent = next(s.index for s in doc.sentences if s.span.start <= start < s.span.end)
    return Event(id=eid, type=type_, trigger=span, sentence=sent)


def _with_events(doc: Document, *events: Event) -> Document:
    return dataclasses.replace(doc, events=events, produced=doc.produced | {"events"})


@pytest.mark.integration
def test_counts_go_to_the_assault_not_the_other_event(parse):
    doc = parse("Police arrested 15 people after a bomb attack killed 4 people in the market.")
    doc = _with_events(
        doc, _event(doc, "arrested", "COERCE", "e0"), _event(doc, "attack", "ASSAULT", "e1")
    )
    out = CasualtiesStage()(doc)
    coerce, assault = out.events
    assert coerce.casualties.arrested == 15 and coerce.casualties.dead is None
    assert assault.casualties.dead == 4 and assault.casualties.arrested is None
    # evidence spans point at the number and the casualty word
    texts = {out.span_text(s) for s in assault.casualties.spans}
    assert {"4", "killed"} <= texts
    assert assault.casualties.provenance.stage == "casualties"
    assert coerce.casualties.provenance.rule == "own-trigger"


@pytest.mark.integration
def test_one_number_is_not_counted_for_two_events(parse):
    doc = parse("Gunmen stormed the hotel and opened fire, killing 9 people.")
    doc = _with_events(
        doc, _event(doc, "stormed", "ASSAULT", "e0"), _event(doc, "opened fire", "ASSAULT", "e1")
    )
    out = CasualtiesStage()(doc)
    deads = [e.casualties.dead for e in out.events]
    assert sorted(deads, key=lambda v: v or 0) == [None, 9]


@pytest.mark.integration
def test_continuing_sentence_attaches_to_previous_assault(parse):
    doc = parse(
        "A car bomb exploded near the market on Sunday. Five people were killed and 20 wounded."
    )
    doc = _with_events(doc, _event(doc, "exploded", "ASSAULT", "e0"))
    (ev,) = CasualtiesStage()(doc).events
    assert ev.casualties.dead == 5 and ev.casualties.injured == 20
    assert ev.casualties.provenance.rule == "previous-sentence"


@pytest.mark.integration
def test_no_attachment_across_an_intervening_event(parse):
    doc = parse("A car bomb exploded near the market. Later, police arrested 3 men who fled.")
    doc = _with_events(
        doc, _event(doc, "exploded", "ASSAULT", "e0"), _event(doc, "arrested", "COERCE", "e1")
    )
    bomb, arrest = CasualtiesStage()(doc).events
    assert bomb.casualties == Casualties()  # the arrest sentence has its own event
    assert arrest.casualties.arrested == 3


@pytest.mark.integration
def test_toll_does_not_override_the_events_own_count(parse):
    doc = parse(
        "The overall toll touched 544 on Wednesday, excluding the 58 persons killed in the train attack."
    )
    doc = _with_events(doc, _event(doc, "killed", "ASSAULT", "e0"))
    (ev,) = CasualtiesStage()(doc).events
    assert ev.casualties.dead == 58


@pytest.mark.integration
def test_larger_count_for_same_event_wins(parse):
    doc = parse("The attack killed 10 people, including three children.")
    doc = _with_events(doc, _event(doc, "attack", "ASSAULT", "e0"))
    (ev,) = CasualtiesStage()(doc).events
    assert ev.casualties.dead == 10


def test_stage_contract_and_no_parse():
    stage = CasualtiesStage()
    assert stage.requires == frozenset({"sentences", "parse", "events"})
    assert stage.produces == frozenset({"casualties"})
    from eventwire.model import Article

    doc = Document(article=Article(text="x"))
    assert stage(doc) is doc


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police arrested a 22-year-old housewife after the theft.", [("arrested", 1)]),
        ("Burning anyone is against the faith, and such a killing is rare.", []),
        ("Some families opt to kill the foetus.", []),
        ("Hezbollah guerrillas killed the deputy chief of the militia on Sunday.", [("dead", 1)]),
        ("Police arrested the gang on Sunday.", []),
        ("Four people were arrested, according to police.", [("arrested", 4)]),
    ],
)
def test_ages_generic_nouns_infinitives_and_singular_victims(parse, text, expected):
    assert counts(parse, text) == sorted(expected)
