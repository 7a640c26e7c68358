"""Claims: quotes, reported speech, kinds, speakers, cited sources and links to events."""

from __future__ import annotations

import dataclasses

import pytest

from eventwire.model import Actor, Document, Event, Participant, Span
from eventwire.stages.claims import ClaimsStage, find_quotes

pytestmark = pytest.mark.integration


def _span(doc: Document, text: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(text, start + 1)
    return Span(start, start + len(text))


def _event(
    doc: Document, trigger: str, type_: str, eid: str, actors: tuple[str, ...] = (), **kw
) -> Event:
    span = _span(doc, trigger)
    sent = next(s.index for s in doc.sentences if s.span.start <= span.start < s.span.end)
    parts = tuple(Participant(None, _span(doc, a), a) for a in actors)
    return Event(id=eid, type=type_, trigger=span, sentence=sent, actors=parts, **kw)


def _actor(doc: Document, aid: str, *mentions: str, sector: str | None = None) -> Actor:
    return Actor(
        id=aid,
        name=mentions[0],
        kind="group",
        code=None,
        sector=sector,
        mentions=tuple(_span(doc, m) for m in mentions),
    )


def run(doc: Document, events=(), actors=()) -> Document:
    doc = dataclasses.replace(doc, events=tuple(events), actors=tuple(actors))
    return ClaimsStage()(doc)


def only(doc: Document):
    assert len(doc.claims) == 1, [(c.kind, doc.span_text(c.content)) for c in doc.claims]
    return doc.claims[0]


def test_find_quotes_curly_straight_and_scare_quotes():
    text = (
        'He said “we will win this war.” Then "this is the end of it," and the “peace plan” failed.'
    )
    spans = [text[s.start : s.end] for s in find_quotes(text)]
    assert spans == ["we will win this war.", "this is the end of it,"]


def test_quote_attributed_by_statement_signed_by(parse):
    doc = parse(
        "“The first entity responsible for what happened are the foreign forces,” "
        "the statement said, signed by deputy chief Jamal Ahmed."
    )
    actor = _actor(doc, "a1", "deputy chief Jamal Ahmed")
    claim = only(run(doc, actors=[actor]))
    assert claim.kind == "accusation"
    assert claim.speaker is not None and claim.speaker.actor_id == "a1"
    assert doc.span_text(claim.content).startswith("The first entity responsible")
    assert claim.provenance.stage == "claims" and claim.provenance.rule == "quote"


def test_statement_author_from_previous_sentence(parse):
    doc = parse(
        "Wednesday's statement came from the Northern Alliance. "
        "“We will hold the occupiers accountable for every attack,” the statement said."
    )
    actor = _actor(doc, "a1", "Northern Alliance")
    claim = only(run(doc, actors=[actor]))
    assert claim.speaker.actor_id == "a1"
    assert claim.kind == "threat"


def test_said_x_inversion_and_quote_spanning_sentences(parse):
    doc = parse('"The talks went well. We expect a deal within weeks," said the foreign minister.')
    claim = only(run(doc))
    assert doc.span_text(claim.content) == "The talks went well. We expect a deal within weeks,"
    assert claim.kind == "statement"
    assert claim.speaker.text == "the foreign minister" and claim.speaker.actor_id is None


def test_unattributed_quote_continues_previous_speaker(parse):
    doc = parse(
        "“Our mission is only to train local forces,” he said.\n\n"
        "“We are operating here at the invitation of the government.”"
    )
    he = Actor(
        id="a7",
        name="Colonel Smith",
        kind="person",
        code="USA",
        sector="MIL",
        mentions=(_span(doc, "he"),),
    )
    out = run(doc, actors=[he])
    assert [c.provenance.rule for c in out.claims] == ["quote", "quote-continued"]
    assert all(c.speaker.actor_id == "a7" for c in out.claims)


def test_reported_speech_statement(parse):
    doc = parse("The ministry said that the border crossing was closed on Monday.")
    claim = only(run(doc))
    assert claim.kind == "statement"
    assert doc.span_text(claim.content) == "that the border crossing was closed on Monday"
    assert claim.speaker.text == "The ministry"


def test_accusation_marks_event_alleged_and_links_it(parse):
    doc = parse("The rebels accused the army of shelling the village.")
    ev = _event(doc, "shelling", "ASSAULT", "e1", actors=("the army",))
    acc = _event(doc, "accused", "ACCUSE", "e0", actors=("The rebels",))
    out = run(doc, events=[acc, ev])
    claim = only(out)
    assert claim.kind == "accusation" and claim.events == ("e1",)
    acc_out, ev_out = out.events
    assert ev_out.status == ("alleged",) and ev_out.claims == (claim.id,)
    assert acc_out.status == ("reported",) and acc_out.claims == ()


def test_blame_refers_to_explosion_events_in_earlier_sentence(parse):
    doc = parse(
        "Two explosions hit the weapons depot on Monday. "
        "The militia blamed the explosions on the government."
    )
    ev = _event(doc, "explosions", "ASSAULT", "e0")
    out = run(doc, events=[ev])
    claim = only(out)
    assert claim.kind == "accusation" and claim.events == ("e0",)
    assert out.events[0].status == ("alleged",)


def test_rejecting_the_statement_links_to_its_events_without_denying(parse):
    doc = parse("The militia said the army shelled the village. The army rejected the statement.")
    ev = _event(doc, "shelled", "ASSAULT", "e0", actors=("the army",))
    out = run(doc, events=[ev])
    said, rejected = out.claims
    assert said.events == ("e0",) and rejected.kind == "denial" and rejected.events == ("e0",)
    assert out.events[0].claims == (said.id, rejected.id)
    assert "denied" not in out.events[0].status


def test_denial_of_occurrence_marks_denied(parse):
    doc = parse("The army denied that any attack took place in the village.")
    ev = _event(doc, "attack", "ASSAULT", "e0")
    out = run(doc, events=[ev])
    claim = only(out)
    assert claim.kind == "denial"
    assert out.events[0].status == ("denied",)


def test_denial_of_responsibility_does_not_deny_the_event(parse):
    doc = parse("The group denied carrying out the bombing.")
    ev = _event(doc, "bombing", "ASSAULT", "e0")
    out = run(doc, events=[ev])
    assert only(out).kind == "denial"
    assert out.events[0].status == ("reported",)


def test_warning_is_a_threat(parse):
    claim = only(run(parse("The president warned that the army would strike the rebel camps.")))
    assert claim.kind == "threat"


def test_finding_with_according_to_outlet(parse):
    doc = parse(
        "A government investigation found that the fire was caused by a rocket, "
        "according to the Associated Press."
    )
    claim = only(run(doc))
    assert claim.kind == "finding"
    assert doc.span_text(claim.content) == "that the fire was caused by a rocket"
    assert claim.cited_source == "the Associated Press"
    assert doc.span_text(claim.cited_span) == "the Associated Press"
    assert claim.speaker.text == "A government investigation"


def test_told_outlet_is_cited_source(parse):
    doc = parse("The commander told Reuters that the troops had withdrawn from the town.")
    claim = only(run(doc))
    assert claim.cited_source == "Reuters"
    assert claim.speaker.text == "The commander"


def test_according_to_non_outlet_is_the_speaker(parse):
    doc = parse("Five people were arrested in the raid, according to police.")
    claim = only(run(doc))
    assert claim.speaker.text == "police" and claim.cited_source is None
    assert doc.span_text(claim.content).startswith("Five people were arrested")


def test_quoted_in_newspaper(parse):
    doc = parse(
        "“Nobody has immunity, and we will act against them,” he said, quoted in the Jerusalem Post."
    )
    claim = only(run(doc))
    assert claim.kind == "threat"
    assert claim.cited_source == "the Jerusalem Post"


def test_contract_and_empty_parse():
    from eventwire.model import Article

    stage = ClaimsStage()
    assert stage.requires == frozenset({"sentences", "parse", "actors", "events"})
    assert stage.produces == frozenset({"claims"})
    assert stage(Document(article=Article(text="x"))).claims == ()


def test_holding_responsible_is_an_accusation_about_the_event(parse):
    doc = parse("The government held the rebels responsible for the bombing.")
    ev = _event(doc, "bombing", "ASSAULT", "e0")
    out = run(doc, events=[ev])
    claim = only(out)
    assert claim.kind == "accusation" and claim.events == ("e0",)
    assert claim.speaker.text == "The government"
    assert out.events[0].status == ("alleged",)


def test_colon_quote_and_no_truth_denial(parse):
    doc = parse("The spokesman said: “We have no information about any arrests in the city.”")
    claim = only(run(doc))
    assert claim.speaker.text == "The spokesman" and claim.provenance.rule == "quote"
    denial = only(run(parse("The minister said there was no truth in the reports of a massacre.")))
    assert denial.kind == "denial"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The UN envoy expressed his concern about the fighting in Gaza.", "concern"),
        ("Taiwan's envoy offered condolences to the family of the judge.", "condolences"),
        ("The Government of Eritrea declined to comment on the dispute.", "comment"),
        ("The Norwegian Government is considering the possibility of covering the cost.", "possibility"),
    ],
)
def test_stated_attitudes_and_options_are_statements(parse, text, content):
    (claim,) = run(parse(text)).claims
    assert claim.kind == "statement"
    assert content in parse(text).text[claim.content.start : claim.content.end]
    assert claim.speaker is not None


@pytest.mark.parametrize(
    "text",
    [
        "The company expressed the parcel to Berlin.",  # not an attitude
        "The ministry refused to pay the fine.",  # a refusal, not "no comment"
        "The council is considering the budget.",  # not a policy option noun
    ],
)
def test_other_objects_are_not_statements(parse, text):
    assert run(parse(text)).claims == ()
