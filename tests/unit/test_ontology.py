"""Ontology tables: quad classes, CAMEO <-> PLOVER, ACLED types."""

from __future__ import annotations

import dataclasses

import pytest

from eventwire.model import (
    PLOVER_TYPES,
    Actor,
    Article,
    Document,
    Event,
    Participant,
    Span,
)
from eventwire.ontology import (
    acled_types,
    cameo_code,
    cameo_root,
    cameo_table,
    plover_for_cameo,
    quad_class,
)


def _event(type_: str, mode: tuple[str, ...] = (), cameo: str | None = None, **kw) -> Event:
    return Event(id="e0", type=type_, trigger=Span(0, 1), sentence=0, mode=mode, cameo=cameo, **kw)


def test_quad_class_covers_every_type():
    assert {quad_class(t) for t in PLOVER_TYPES} == {1, 2, 3, 4}
    assert quad_class("AGREE") == 1
    assert quad_class("AID") == 2
    assert quad_class("THREATEN") == 3
    assert quad_class("ASSAULT") == 4
    with pytest.raises(ValueError):
        quad_class("FIGHT")


def test_cameo_table_is_the_2021_translation():
    table = cameo_table()
    assert len(table) > 250
    assert {plover for plover, _, _ in table.values()} == set(PLOVER_TYPES)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("190", ("ASSAULT", None)),
        ("195", ("ASSAULT", "heavy-weapons")),
        ("163", ("COERCE", "restrict")),  # a cross-root exception of the table
        ("1712", ("ASSAULT", "seize")),
        ("0871", ("RETREAT", "ceasefire")),
        ("082", ("CONCEDE", None)),
        ("112", ("ACCUSE", "disapprove")),
        ("1121", ("ACCUSE", "allege")),
        ("010", (None, None)),  # statements are not PLOVER events
    ],
)
def test_plover_for_cameo(code, expected):
    assert plover_for_cameo(code) == expected


def test_cameo_root():
    assert cameo_root("1831") == "18"
    assert cameo_root(None) is None
    assert cameo_root("x") is None


def test_cameo_code_prefers_own_then_mode_then_type():
    assert cameo_code(_event("ASSAULT", ("aerial",), cameo="186")) == "186"
    assert cameo_code(_event("ASSAULT", ("aerial",))) == "195"
    assert cameo_code(_event("PROTEST", ("hunger",))) == "142"
    assert cameo_code(_event("REJECT")) == "120"


def test_acled_types_by_mode():
    assert acled_types(_event("ASSAULT", ("drone",))) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert acled_types(_event("ASSAULT", ("suicide-attack",))) == (
        "Explosions/Remote violence",
        "Suicide bomb",
    )
    assert acled_types(_event("ASSAULT", ("abduct",))) == (
        "Violence against civilians",
        "Abduction/forced disappearance",
    )
    assert acled_types(_event("PROTEST", ("riot",))) == ("Riots", "Violent demonstration")
    assert acled_types(_event("PROTEST", ("demo",))) == ("Protests", "Peaceful protest")
    assert acled_types(_event("COERCE", ("arrest",))) == ("Strategic developments", "Arrests")
    assert acled_types(_event("AGREE")) == ("Strategic developments", "Agreement")
    assert acled_types(_event("ACCUSE")) == (None, None)


def test_acled_types_uses_actor_sectors():
    def actor(aid: str, sector: str) -> Actor:
        return Actor(id=aid, name=aid, kind="group", code=None, sector=sector, mentions=())

    doc = Document(
        article=Article(text="x"),
        actors=(actor("a1", "MIL"), actor("a2", "CVL"), actor("a3", "REB")),
    )
    p = lambda aid: Participant(aid, Span(0, 1), "x")  # noqa: E731
    on_civilians = _event("ASSAULT", actors=(p("a1"),), recipients=(p("a2"),))
    assert acled_types(on_civilians, doc) == ("Violence against civilians", "Attack")
    clash = _event("ASSAULT", actors=(p("a1"),), recipients=(p("a3"),))
    assert acled_types(clash, doc) == ("Battles", "Armed clash")


def test_acled_types_falls_back_on_participant_words():
    def p(text: str) -> Participant:
        return Participant(None, Span(0, len(text)), text)

    fired = _event("ASSAULT", ("firearms",), recipients=(p("the protesters"),))
    assert acled_types(fired) == ("Protests", "Excessive force against protesters")
    gassed = _event("ASSAULT", ("crowd-control",), recipients=(p("the protesters"),))
    assert acled_types(gassed) == ("Protests", "Protest with intervention")
    on_village = _event("ASSAULT", recipients=(p("villagers"),))
    assert acled_types(on_village) == ("Violence against civilians", "Attack")
    seized_guns = _event("COERCE", ("seize",), cameo="171", recipients=(p("weapons"),))
    assert acled_types(seized_guns) == ("Strategic developments", "Disrupted weapons use")
    took_town = _event("COERCE", ("seize",), cameo="192", actors=(p("Taliban militants"),))
    assert acled_types(took_town) == ("Battles", "Non-state actor overtakes territory")
    army_took = _event("COERCE", ("seize",), cameo="192", actors=(p("government forces"),))
    assert acled_types(army_took) == ("Battles", "Government regains territory")


def test_acled_grenade_from_trigger_text():
    doc = Document(article=Article(text="A grenade attack hit the camp."))
    grenade = Event(id="e0", type="ASSAULT", trigger=Span(2, 16), sentence=0, mode=("explosives",))
    assert acled_types(grenade, doc) == ("Explosions/Remote violence", "Grenade")


def _doc(*events: Event) -> Document:
    return Document(article=Article(text="x" * 40), events=events)


def test_acled_types_read_the_other_events_of_the_sentence():
    def p(text: str) -> Participant:
        return Participant(None, Span(0, len(text)), text)

    # demonstrators detained at their own protest: a protest with intervention, not arrests
    arrest = _event("COERCE", ("arrest",), recipients=(p("activists"),))
    protest = Event(id="e1", type="PROTEST", trigger=Span(2, 3), sentence=0, mode=("demo",))
    assert acled_types(arrest, _doc(arrest, protest)) == ("Protests", "Protest with intervention")
    assert acled_types(arrest) == ("Strategic developments", "Arrests")
    # police force against a crowd that riots: a violent demonstration
    gas = _event("ASSAULT", ("crowd-control",), recipients=(p("protesters"),))
    riot = Event(id="e1", type="PROTEST", trigger=Span(2, 3), sentence=0, mode=("riot",))
    assert acled_types(gas, _doc(gas, riot)) == ("Riots", "Violent demonstration")
    # territory taken after the other side pulled out, with no fight: a non-violent transfer
    took = _event("COERCE", ("seize",), cameo="192", actors=(p("rebel fighters"),))
    left = Event(id="e1", type="RETREAT", trigger=Span(2, 3), sentence=0, mode=("withdraw",))
    assert acled_types(took, _doc(took, left)) == (
        "Strategic developments", "Non-violent transfer of territory")
    fight = Event(id="e2", type="ASSAULT", trigger=Span(4, 5), sentence=0)
    assert acled_types(took, _doc(took, left, fight))[1] == "Non-state actor overtakes territory"
    # another sentence's events say nothing about this one
    elsewhere = dataclasses.replace(protest, sentence=1)
    assert acled_types(arrest, _doc(arrest, elsewhere)) == ("Strategic developments", "Arrests")


def test_clashes_with_protesters_are_a_violent_demonstration():
    text = "Police used tear gas in clashes with protesters."

    def p(word: str) -> Participant:
        i = text.index(word)
        return Participant(None, Span(i, i + len(word)), word)

    gas = Event(id="e0", type="ASSAULT", trigger=Span(5, 20), sentence=0, mode=("crowd-control",),
                actors=(p("Police"),), recipients=(p("protesters"),))
    from eventwire.model import Sentence

    doc = Document(article=Article(text=text), events=(gas,),
                   sentences=(Sentence(0, Span(0, len(text))),))
    assert acled_types(gas, doc) == ("Riots", "Violent demonstration")
    calm = "Police used tear gas to disperse protesters."
    doc2 = Document(article=Article(text=calm), events=(gas,),
                    sentences=(Sentence(0, Span(0, len(calm))),))
    assert acled_types(gas, doc2) == ("Protests", "Protest with intervention")
