"""Statements about acts versus acts: claims of responsibility, voiced accord, condolences,
appeals, and the statuses that tell an act reported from one only talked about.

CAMEO codes "X claimed responsibility for the attack" as a statement (015) and PLOVER keeps the
attack with X as its perpetrator on X's word; these tests hold both halves.
"""

from __future__ import annotations

import pytest

from eventwire.model import Article


@pytest.fixture(scope="module")
def pipeline(default_pipeline):
    return default_pipeline


def run(pipeline, text):
    return pipeline.run(Article(text=text, id="t"))


def actor_texts(ev):
    return [p.text for p in ev.actors]


def test_claim_of_responsibility_names_the_earlier_attack_alleged(pipeline):
    doc = run(
        pipeline,
        "A suicide bomber killed 12 people at a market in Kabul on Tuesday. "
        "The Taliban claimed responsibility for the attack.",
    )
    assert len(doc.events) == 1  # "the attack" is the bombing, not a second event
    ev = doc.events[0]
    assert ev.type == "ASSAULT"
    assert actor_texts(ev) == ["The Taliban"]
    assert ev.status == ("alleged",)
    (claim,) = doc.claims
    assert claim.kind == "statement" and claim.speaker.text == "The Taliban"
    assert claim.events == (ev.id,)
    assert claim.id in ev.claims


def test_claim_of_responsibility_in_one_sentence(pipeline):
    doc = run(pipeline, "The Taliban claimed responsibility for the attack in Kandahar on Monday.")
    (ev,) = [e for e in doc.events if e.type == "ASSAULT"]
    assert actor_texts(ev) == ["The Taliban"]
    assert ev.status == ("alleged",)
    assert doc.claims and doc.claims[0].events == (ev.id,)


def test_nobody_claiming_responsibility_is_no_claim(pipeline):
    doc = run(
        pipeline,
        "Gunmen attacked a police station in Kano on Friday. "
        "No group has claimed responsibility for the attack.",
    )
    assert doc.claims == ()
    first = doc.events[0]
    assert actor_texts(first) == ["Gunmen"] and first.status == ("reported",)


def test_agreeing_with_a_view_is_no_agreement(pipeline):
    doc = run(pipeline, "FDA officials said they agree with the recommendation of the panel.")
    assert [e.type for e in doc.events] == []
    assert [c.kind for c in doc.claims] == ["statement"]


@pytest.mark.parametrize(
    "text",
    ["Iran agreed with Russia on a new gas deal.", "Pakistan agreed with India to reopen the border."],
)
def test_agreeing_with_a_party_on_a_deal_or_to_act_is_agree(pipeline, text):
    assert [e.type for e in run(pipeline, text).events][:1] == ["AGREE"]


def test_offering_condolences_is_a_statement_not_an_offer(pipeline):
    doc = run(pipeline, "A senior UAE diplomat offered his condolences to the families on Monday.")
    assert "AGREE" not in [e.type for e in doc.events]
    assert [c.kind for c in doc.claims] == ["statement"]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Shinzo Abe has pushed for the constitution to be revised by 2020.", "Shinzo Abe"),
        ("Afghan President Ashraf Ghani issued a plea to the Taliban to talk to his government.",
         "Afghan President Ashraf Ghani"),
    ],
)
def test_appeals_are_requests(pipeline, text, actor):
    evs = [e for e in run(pipeline, text).events if e.type == "REQUEST"]
    assert evs and actor_texts(evs[0]) == [actor]
    assert evs[0].cameo == "020"


@pytest.mark.parametrize(
    "text",
    [
        "Iraqi forces have launched further airstrikes on ISIL fighters in Mosul's Old City.",
        "Turkish police on Monday launched operations to detain 110 soldiers in Ankara.",
    ],
)
def test_acts_launched_are_reported_not_hypothetical(pipeline, text):
    evs = [e for e in run(pipeline, text).events if e.type in {"ASSAULT", "COERCE"}]
    assert evs and evs[0].status == ("reported",)


def test_threatened_further_attacks_stay_a_threat(pipeline):
    doc = run(pipeline, "Hamas threatened further attacks on Israel.")
    assert [e.type for e in doc.events] == ["THREATEN"]
