"""Claims across sentences: a statement that argues the denial before it, "responsible for what
happened", an event a finding re-mentions, complicity as an accusation, vows that promise."""

from __future__ import annotations

import dataclasses

import pytest

from eventwire.model import Actor, Document, Event, Participant, Span
from eventwire.stages.claims import ClaimsStage

pytestmark = pytest.mark.integration


def _span(doc: Document, text: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(text, start + 1)
    return Span(start, start + len(text))


def _event(doc: Document, trigger: str, type_: str, eid: str, occurrence: int = 0, **kw) -> Event:
    span = _span(doc, trigger, occurrence)
    sent = next(s.index for s in doc.sentences if s.span.start <= span.start < s.span.end)
    return Event(id=eid, type=type_, trigger=span, sentence=sent, **kw)


def _actor(doc: Document, aid: str, *mentions: str) -> Actor:
    return Actor(
        id=aid,
        name=mentions[0],
        kind="group",
        code=None,
        sector=None,
        mentions=tuple(_span(doc, m) for m in mentions),
    )


def run(doc: Document, events=(), actors=()) -> Document:
    return ClaimsStage()(dataclasses.replace(doc, events=tuple(events), actors=tuple(actors)))


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(c.kind, doc.span_text(c.content)[:30]) for c in doc.claims]


DENIAL = (
    "The army rejected the accusation. "
    "“Our troops acted within the rules of engagement at all times,” he said."
)


def test_quote_after_a_denial_argues_it_and_he_speaks_for_the_denier(parse):
    doc = parse(DENIAL)
    out = run(doc, actors=[_actor(doc, "a1", "The army")])
    assert [c.kind for c in out.claims] == ["denial", "denial"], kinds(out)
    assert out.claims[1].speaker.actor_id == "a1"
    assert out.claims[1].speaker.text == "he"  # the evidence stays the pronoun


def test_quote_arguing_a_rejected_statement_concerns_its_events(parse):
    denial = DENIAL.replace("the accusation", "the statement")
    doc = parse("The militia said the army shelled the village. " + denial)
    ev = _event(doc, "shelled", "ASSAULT", "e0")
    out = run(doc, events=[ev], actors=[_actor(doc, "a1", "The army")])
    said, rejected, quote = out.claims
    assert said.events == rejected.events == quote.events == ("e0",), kinds(out)
    assert quote.kind == "denial"


def test_quote_after_a_denial_by_someone_else_stays_a_statement(parse):
    doc = parse(DENIAL)
    # the actors stage tied "he" to another actor (a witness named earlier)
    he = doc.text.index(" he said") + 1
    witness = dataclasses.replace(_actor(doc, "a2", "The army"), mentions=(Span(he, he + 2),))
    out = run(doc, actors=[_actor(doc, "a1", "The army"), witness])
    assert [c.kind for c in out.claims] == ["denial", "statement"], kinds(out)


def test_quote_two_sentences_after_a_denial_stays_a_statement(parse):
    doc = parse(
        "The army rejected the accusation. The village was quiet on Sunday. "
        "“Our troops acted within the rules of engagement at all times,” he said."
    )
    out = run(doc, actors=[_actor(doc, "a1", "The army")])
    assert [c.kind for c in out.claims] == ["denial", "statement"], kinds(out)


def test_a_carried_denial_is_not_carried_on_by_the_next_he_said(parse):
    doc = parse(DENIAL + " He said the weather in the region had been mild all week.")
    out = run(doc, actors=[_actor(doc, "a1", "The army")])
    assert [c.kind for c in out.claims] == ["denial", "denial", "statement"], kinds(out)


ANAPHOR = (
    "Two bombings hit the market on Monday. The rebels blamed the bombings on the army. "
    "“The army alone is responsible for {what},” the group said."
)


def test_responsible_for_what_happened_concerns_the_blamed_events(parse):
    doc = parse(ANAPHOR.format(what="what happened"))
    out = run(doc, events=[_event(doc, "bombings", "ASSAULT", "e0")])
    blame, quote = out.claims
    assert blame.events == ("e0",) and quote.kind == "accusation"
    assert quote.events == ("e0",)
    assert out.events[0].claims == (blame.id, quote.id)


def test_responsible_for_something_else_concerns_no_blamed_event(parse):
    doc = parse(ANAPHOR.format(what="the fuel shortage"))
    out = run(doc, events=[_event(doc, "bombings", "ASSAULT", "e0")])
    assert out.claims[1].kind == "accusation" and out.claims[1].events == ()


REMENTION = (
    "A blast last week at a market in northern Kabul killed three people. "
    "A police investigation found that the blast {which} was caused by a suicide bomber."
)


def test_event_a_finding_re_mentions_is_the_earlier_event(parse):
    doc = parse(REMENTION.format(which="last week in Kabul"))
    first = _event(doc, "blast", "ASSAULT", "e0", mode=("explosives",))
    again = _event(doc, "blast", "ASSAULT", "e1", occurrence=1, mode=("suicide-attack",))
    out = run(doc, events=[first, again])
    assert [e.id for e in out.events] == ["e0"]
    assert out.events[0].mode == ("explosives", "suicide-attack")
    (finding,) = out.claims
    assert finding.kind == "finding" and finding.events == ("e0",)


def test_event_a_finding_names_differently_stays_its_own(parse):
    doc = parse(REMENTION.format(which="on Friday in Herat"))
    first = _event(doc, "blast", "ASSAULT", "e0")
    again = _event(doc, "blast", "ASSAULT", "e1", occurrence=1)
    out = run(doc, events=[first, again])
    assert [e.id for e in out.events] == ["e0", "e1"]
    assert out.claims[0].events == ("e1",)


def test_event_with_its_own_perpetrator_is_not_a_re_mention(parse):
    doc = parse(REMENTION.format(which="last week in Kabul"))
    first = _event(doc, "blast", "ASSAULT", "e0")
    bomber = Participant(None, _span(doc, "a suicide bomber"), "a suicide bomber")
    again = _event(doc, "blast", "ASSAULT", "e1", occurrence=1, actors=(bomber,))
    assert [e.id for e in run(doc, events=[first, again]).events] == ["e0", "e1"]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Officials said Turkey had allowed foreign fighters to cross the border.", "accusation"),
        ("He said the US had authorized four drones to enter the region.", "accusation"),
        ("Officials said the government allowed troops to withdraw from the town.", "statement"),
        ("Officials said police allowed protesters to enter the square.", "statement"),
    ],
)
def test_letting_armed_agents_act_is_an_accusation(parse, text, kind):
    (claim,) = run(parse(text)).claims
    assert claim.kind == kind


def test_a_vow_is_a_promise_unless_the_events_stage_made_it_a_threat(parse):
    doc = parse("The minister vowed to rebuild the destroyed schools before winter.")
    (claim,) = run(doc).claims
    assert claim.kind == "statement"
    threat = _event(doc, "vowed", "THREATEN", "e0")
    (claim,) = run(doc, events=[threat]).claims
    assert claim.kind == "threat"


AUTHOR = "The statement came from the Northern Alliance. {middle}He said the army had shelled the villages."


def test_he_said_right_after_the_statement_came_from_x_speaks_for_x(parse):
    doc = parse(AUTHOR.format(middle=""))
    (claim,) = run(doc, actors=[_actor(doc, "a1", "Northern Alliance")]).claims
    assert claim.speaker.actor_id == "a1" and claim.speaker.text == "He"


def test_he_said_two_sentences_after_the_statement_stays_open(parse):
    doc = parse(AUTHOR.format(middle="The army moved north on Sunday. "))
    (claim,) = run(doc, actors=[_actor(doc, "a1", "Northern Alliance")]).claims
    assert claim.speaker.actor_id is None


@pytest.fixture(scope="module")
def police_articles(shared_data, nlp_stage):
    """Three IndiaPoliceEvents articles run through actors, events (as configured) and claims."""
    import json

    from eventwire.model import Article
    from eventwire.stages.actors import ActorsStage
    from eventwire.stages.events import EventsStage

    wanted = {"66", "302", "420"}
    texts = {}
    with open(shared_data / "india-police-events" / "docs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if str(row["doc_id"]) in wanted:
                texts[str(row["doc_id"])] = row["doc_text"]
    actors, events = ActorsStage(), EventsStage()
    actors.open()
    events.open()
    return {
        k: ClaimsStage()(events(actors(nlp_stage(Document(article=Article(text=t))))))
        for k, t in texts.items()
    }


@pytest.mark.parametrize(
    "doc_id, content, kind",
    [
        # "X denied that ... . he said ...": the denial argued
        ("302", "the government had only made a request to the court", "denial"),
        ("66", "the union government, from the very beginning, made it clear", "denial"),
        # "... he has been holding the bjp government there responsible. he said that ..."
        ("420", "certain elements are out to create communal tension", "accusation"),
    ],
)
def test_kinds_on_real_articles(police_articles, doc_id, content, kind):
    doc = police_articles[doc_id]
    found = [c for c in doc.claims if content in doc.span_text(c.content)]
    assert found, [doc.span_text(c.content)[:50] for c in doc.claims]
    assert found[0].kind == kind


def test_a_pledge_to_cut_taxes_is_a_promise(nlp_stage):
    """A GeoWebNews sentence (gwn-195): no THREATEN, and the claim is a statement."""
    from eventwire.model import Article
    from eventwire.stages.actors import ActorsStage
    from eventwire.stages.events import EventsStage

    text = (
        "At a campaign stop in Ciudad Juarez, he called for an extended free-trade zone and "
        "pledged to slash the unpopular value-added tax, or IVA, from 16% to 8%."
    )
    actors, events = ActorsStage(), EventsStage()
    actors.open()
    events.open()
    doc = ClaimsStage()(events(actors(nlp_stage(Document(article=Article(text=text))))))
    assert "THREATEN" not in {e.type for e in doc.events}
    pledged = [c for c in doc.claims if "slash the unpopular" in doc.span_text(c.content)]
    assert pledged and pledged[0].kind == "statement"
