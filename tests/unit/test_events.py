"""Event detection: lexicon, roles, status, dedupe. Parsed sentences use the real spaCy model."""

from __future__ import annotations

import dataclasses

import pytest

from eventwire.config import EventsOptions
from eventwire.errors import ResourceError
from eventwire.model import PLOVER_TYPES, Actor, Article, Document, Span
from eventwire.ontology import plover_for_cameo
from eventwire.stages.event_lexicon import load_lexicon
from eventwire.stages.events import EventsStage


@pytest.fixture(scope="module")
def stage() -> EventsStage:
    s = EventsStage(EventsOptions())
    s.open()
    return s


# --- without the model ----------------------------------------------------------------------


CAMEO_APPEALS = frozenset({"020", "021", "022", "023", "024", "025", "026", "027", "028"})


def test_lexicon_covers_all_types_with_valid_cameo():
    lex = load_lexicon()
    assert {e.type for e in lex.entries.values()} == set(PLOVER_TYPES)
    for entry in lex.entries.values():
        assert entry.cameo, entry.id
        if entry.type == "REQUEST" and entry.cameo in CAMEO_APPEALS:
            # CAMEO 02 (appeals) has no PLOVER row; PLOVER types an appeal REQUEST
            assert plover_for_cameo(entry.cameo)[0] is None, entry.id
        else:
            assert plover_for_cameo(entry.cameo)[0] is not None, entry.id
        assert 0 < entry.weight <= 1
    assert ("drone", "strike") in lex.nouns
    assert any(p.rest == (frozenset({"fire"}),) for p in lex.phrases["open"])


def test_lexicon_words_on_off_yes_no_stay_words(tmp_path):
    lex = load_lexicon()
    assert "on" in lex.entries["request.appeal"].recipient_preps  # "call on X"
    assert "true" not in lex.entries["accuse.blame"].recipient_preps
    own = tmp_path / "lex.yaml"
    own.write_text(
        "entries:\n- {id: x, type: REQUEST, cameo: '020', verbs: [urge], needs_object: true,"
        " recipient_preps: [on, off, yes, no]}\n",
        encoding="utf-8",
    )
    entry = load_lexicon(own).entries["x"]
    assert entry.recipient_preps == {"on", "off", "yes", "no"} and entry.needs_object is True


def test_bad_lexicon_is_a_resource_error(tmp_path):
    bad = tmp_path / "lex.yaml"
    bad.write_text("entries:\n- {id: x, type: FIGHT, verbs: [fight]}\n", encoding="utf-8")
    with pytest.raises(ResourceError):
        load_lexicon(bad)


def test_stage_contract_and_no_parse():
    s = EventsStage()
    assert s.requires == {"sentences", "mentions", "parse", "actors"}
    assert s.produces == {"events"}
    doc = s(Document(article=Article(text="Rebels attacked the town.")))
    assert doc.events == ()


# --- parsed sentences ---------------------------------------------------------------------


def _events(stage, parse, text, published=None):
    doc = stage(parse(text, published))
    return doc, doc.events


def _one(events, type_):
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, [(e.type, e.status) for e in events]
    return found[0]


@pytest.mark.integration
def test_active_voice_with_mode(stage, parse):
    doc, events = _events(
        stage, parse, "Israeli jets bombed a Hamas training camp in Gaza on Monday."
    )
    e = _one(events, "ASSAULT")
    assert e.status == ("reported",)
    assert "aerial" in e.mode
    assert [p.text for p in e.actors] == ["Israeli jets"]
    assert [p.text for p in e.recipients] == ["a Hamas training camp"]
    assert doc.span_text(e.trigger) == "bombed"
    assert e.provenance.stage == "events" and e.provenance.rule == "assault.aerial"
    assert e.cameo == "195" and 0 <= e.confidence <= 1


@pytest.mark.integration
def test_passive_voice(stage, parse):
    _, events = _events(stage, parse, "Three soldiers were killed by militants near the border.")
    e = _one(events, "ASSAULT")
    assert [p.text for p in e.actors] == ["militants"]
    assert [p.text for p in e.recipients] == ["Three soldiers"]


@pytest.mark.integration
def test_compound_actors_are_lists(stage, parse):
    _, events = _events(
        stage, parse, "The militia accused the United States and Israel of attacking its bases."
    )
    accuse = _one(events, "ACCUSE")
    assert [p.text for p in accuse.actors] == ["The militia"]
    assert [p.text for p in accuse.recipients] == ["the United States", "Israel"]
    attack = _one(events, "ASSAULT")
    assert attack.status == ("alleged",)
    assert [p.text for p in attack.actors] == ["the United States", "Israel"]


@pytest.mark.integration
def test_blame_on_gives_recipient(stage, parse):
    _, events = _events(
        stage, parse, "The group blamed the explosions on the United States and Israel."
    )
    e = _one(events, "ACCUSE")
    assert [p.text for p in e.recipients] == ["the United States", "Israel"]


@pytest.mark.integration
def test_negation(stage, parse):
    _, events = _events(stage, parse, "The army did not attack the village.")
    assert _one(events, "ASSAULT").status == ("negated",)
    _, events = _events(stage, parse, "No one was killed in the shooting.")
    assert all("negated" in e.status for e in events if e.type == "ASSAULT")


@pytest.mark.integration
def test_hypothetical_and_topic_nouns(stage, parse):
    _, events = _events(
        stage, parse, "If Israel carried out the bombing, it would be an escalation."
    )
    assert all(e.status == ("hypothetical",) for e in events)
    _, events = _events(
        stage, parse, "Analysts dismissed speculation that Israel would strike targets in Iraq."
    )
    assert [e.status for e in events if e.type == "ASSAULT"] == [("hypothetical",)]
    _, events = _events(stage, parse, "There was speculation about an attack.")
    assert not [e for e in events if e.type == "ASSAULT" and e.status == ("reported",)]


@pytest.mark.integration
def test_threat_reported_threatened_act_hypothetical(stage, parse):
    _, events = _events(stage, parse, "Iran threatened to attack American bases in the region.")
    threat = _one(events, "THREATEN")
    assert threat.status == ("reported",)
    assert [p.text for p in threat.actors] == ["Iran"]
    assert _one(events, "ASSAULT").status == ("hypothetical",)


@pytest.mark.integration
def test_future_cooperation_is_agree(stage, parse):
    _, events = _events(stage, parse, "Syria says it will withdraw its troops from Lebanon.")
    agree = _one(events, "AGREE")
    assert agree.status == ("reported",)
    assert agree.provenance.rule == "intent:retreat.withdraw"
    assert _one(events, "RETREAT").status == ("hypothetical",)


@pytest.mark.integration
def test_refusal_to_yield_is_reject(stage, parse):
    _, events = _events(stage, parse, "The government will not lift the ban on the party.")
    assert _one(events, "REJECT").status == ("reported",)


@pytest.mark.integration
def test_must_in_reported_speech_is_request(stage, parse):
    _, events = _events(
        stage, parse, "Russia said on Tuesday that Sudan must return the helicopter."
    )
    e = _one(events, "REQUEST")
    assert [p.text for p in e.actors] == ["Russia"]
    assert [p.text for p in e.recipients] == ["Sudan"]


@pytest.mark.integration
def test_nominal_events(stage, parse):
    _, events = _events(stage, parse, "A drone attack hit a weapons depot on Tuesday.")
    e = _one(events, "ASSAULT")
    assert "drone" in e.mode and [p.text for p in e.recipients] == ["a weapons depot"]
    _, events = _events(stage, parse, "Several explosions hit a base used by the militia.")
    assert "explosives" in _one(events, "ASSAULT").mode
    _, events = _events(stage, parse, "Thousands of protesters took to the streets of Algiers.")
    assert _one(events, "PROTEST").status == ("reported",)
    _, events = _events(stage, parse, "The rebels carried out an attack on a police station.")
    e = _one(events, "ASSAULT")
    assert [p.text for p in e.actors] == ["The rebels"]
    assert [p.text for p in e.recipients] == ["a police station"]


@pytest.mark.integration
def test_one_event_per_trigger_group(stage, parse):
    _, events = _events(
        stage, parse, "Three civilians were killed in a suicide car bombing in central Baghdad."
    )
    e = _one(events, "ASSAULT")
    assert "suicide-attack" in e.mode
    assert [p.text for p in e.recipients] == ["Three civilians"]


@pytest.mark.integration
def test_reported_speech_speaker_is_not_actor(stage, parse):
    _, events = _events(stage, parse, "Officials said the rebels ambushed a convoy on Sunday.")
    assert [e.type for e in events] == ["ASSAULT"]
    assert [p.text for p in events[0].actors] == ["the rebels"]


@pytest.mark.integration
def test_relative_clause_subject(stage, parse):
    _, events = _events(stage, parse, "The militia that attacked the convoy was later disbanded.")
    e = _one(events, "ASSAULT")
    assert [p.text for p in e.actors] == ["The militia"]


@pytest.mark.integration
def test_no_event_sentences(stage, parse):
    for text in (
        "The minister said the economy is growing.",
        "The spokesman declined to comment on the report.",
        "The company will announce its results next week.",
    ):
        _, events = _events(stage, parse, text)
        assert [e for e in events if e.status == ("reported",)] == [], text


@pytest.mark.integration
def test_historical(stage, parse):
    _, events = _events(
        stage,
        parse,
        "The last time Israel struck Iraq was in 1981, when Israeli warplanes bombed a reactor.",
        published="2019-08-21",
    )
    bombed = [e for e in events if e.type == "ASSAULT" and "aerial" in e.mode]
    assert bombed and "historical" in bombed[0].status


@pytest.mark.integration
def test_participants_resolve_to_actors(stage, parse):
    doc = parse("Iraqi militias accuse US and Israel of attacking bases.")
    text = doc.text
    us = Span(text.index("US"), text.index("US") + 2)
    isr = Span(text.index("Israel"), text.index("Israel") + 6)
    militias = Span(0, len("Iraqi militias"))
    actors = (
        Actor(
            id="a1",
            name="Popular Mobilization Forces",
            kind="group",
            code="IRQ",
            sector="PRM",
            mentions=(militias,),
        ),
        Actor(
            id="a2", name="United States", kind="country", code="USA", sector=None, mentions=(us,)
        ),
        Actor(id="a3", name="Israel", kind="country", code="ISR", sector=None, mentions=(isr,)),
    )
    doc = stage(dataclasses.replace(doc, actors=actors))
    accuse = _one(doc.events, "ACCUSE")
    assert [p.actor_id for p in accuse.actors] == ["a1"]
    assert [p.actor_id for p in accuse.recipients] == ["a2", "a3"]


@pytest.mark.integration
def test_min_confidence_filters(parse):
    strict = EventsStage(EventsOptions(min_confidence=0.99))
    assert strict(parse("Rebels attacked the town.")).events == ()


@pytest.mark.integration
def test_strike_is_air_strike_or_labour_strike(stage, parse):
    _, events = _events(stage, parse, "The army launched air strikes on rebel positions.")
    assert [e.type for e in events] == ["ASSAULT"]
    assert "aerial" in events[0].mode
    _, events = _events(stage, parse, "Dock workers began a general strike on Monday.")
    assert [e.type for e in events] == ["PROTEST"]


@pytest.mark.integration
def test_phrase_noun_and_holder_recipients(stage, parse):
    _, events = _events(stage, parse, "Iran summoned the British ambassador on Sunday.")
    e = _one(events, "ACCUSE")
    assert [p.text for p in e.recipients] == ["the British ambassador"]
    doc = parse("Explosions hit a position held by the militia near the base.")
    start = doc.text.index("the militia")
    militia = Actor(
        id="a1",
        name="militia",
        kind="group",
        code=None,
        sector="PRM",
        mentions=(Span(start, start + len("the militia")),),
    )
    doc = stage(dataclasses.replace(doc, actors=(militia,)))
    e = _one(doc.events, "ASSAULT")
    assert [p.actor_id for p in e.recipients] == ["a1"]
