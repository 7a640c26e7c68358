"""Recipients deeper than a verb's object: clauses, thing-nouns standing for a party, places."""

from __future__ import annotations

import pytest

from eventwire.config import EventsOptions
from eventwire.stages.actors import ActorsStage
from eventwire.stages.events import EventsStage

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def run(rule_events):
    def _run(text, type_):
        found = [e for e in rule_events(text).events if e.type == type_]
        assert found, f"no {type_} event in {text!r}"
        return found[0]

    return _run


def test_the_subject_of_what_is_demanded_is_the_recipient(run):
    e = run(
        "The PRC on Tuesday demanded that the US cancel plans to sell weapons "
        "to Taiwan.", "REQUEST"
    )
    assert [p.text for p in e.recipients] == ["the US"]


def test_a_thing_stands_for_the_party_inside_it(run):
    e = run("Settlers attacked the offices of the Palestinian administrators.", "ASSAULT")
    (rec,) = e.recipients
    assert rec.text == "the offices of the Palestinian administrators"  # the phrase is the evidence
    e = run("Rebels dismissed an appeal from President Laurent Gbagbo.", "REJECT")
    # the party a thing comes from is named alone (as ConfliBERT's annotators mostly do:
    # "support from the Montenegro Assembly" -> the Montenegro Assembly)
    assert [p.text for p in e.recipients] == ["President Laurent Gbagbo"]


def test_a_thing_with_no_party_inside_stays(run):
    e = run("Police seized a shipment of cocaine on Monday.", "COERCE")
    assert all("Police" not in p.text for p in e.recipients)


def test_a_place_is_the_recipient_when_no_party_is_named(run):
    e = run("The army imposed a curfew in Abidjan on Sunday.", "COERCE")
    assert [p.text for p in e.recipients] == ["Abidjan"]
    e = run("Police arrested Tamil residents in Abidjan.", "COERCE")
    assert [p.text for p in e.recipients] == ["Tamil residents"]  # a party is named: no place


def test_the_target_of_a_protest(run):
    e = run("Thousands of people blocked streets in defiance of Chinese authorities.", "PROTEST")
    assert "Chinese authorities" in [p.text for p in e.recipients]


def test_the_statement_stands_for_whoever_issued_it(run):
    e = run("Hamas issued a statement on Monday. Israel dismissed the statement.", "REJECT")
    (rec,) = e.recipients
    assert rec.text == "the statement" and rec.actor_id is not None
    e = run("The army said in a statement that it won. Rebels rejected the statement.", "REJECT")
    assert e.recipients[0].text == "the statement" and e.recipients[0].actor_id is not None
    e = run("Rebels rejected the statement.", "REJECT")  # no statement before: no issuer,
    assert e.recipients == ()  # and the statement itself is what is rejected, no recipient


def test_the_doer_of_a_crime_is_whom_an_accusation_concerns(run):
    e = run("Croatia is investigating alleged war crimes by Croatian extremists against Serb "
            "civilians.", "ACCUSE")
    assert "Croatian extremists" in e.recipients[0].text and e.recipients[0].actor_id is not None


def test_both_sides_of_a_meeting_between_them(run):
    e = run("The envoy undertook a mediation mission between Syria and Israel.", "CONSULT")
    assert [p.text for p in e.recipients] == ["Syria", "Israel"]


def test_a_protest_takes_the_recipient_of_its_demand(run):
    e = run("Landowners began a hunger strike to demand the return of property seized by "
            "government forces.", "PROTEST")
    assert any("government forces" in p.text for p in e.recipients)


def test_a_thing_beside_a_party_is_no_recipient(run):
    e = run("Rebels attacked the convoy and the soldiers near the border.", "ASSAULT")
    assert [p.text for p in e.recipients] == ["the soldiers"]


@pytest.mark.parametrize(
    ("text", "accusations"),
    [
        ("Iraqi militias accuse US and Israel of attacks\n\n"
         "Iraqi militias blamed the United States and Israel for the attacks.", 1),
        ("Iraqi militias accused the US and Israel.\n\n"  # a sentence, not a headline
         "Iraqi militias blamed the United States and Israel for the attacks.", 2),
    ],
)
def test_a_headline_repeated_by_the_body_is_one_event(parse, text, accusations):
    actors = ActorsStage()
    actors.open()
    events = EventsStage(EventsOptions(model="none"))(actors(parse(text))).events
    assert sum(e.type == "ACCUSE" for e in events) == accusations
    assert [e.id for e in events] == [f"e{i}" for i in range(len(events))]


def test_a_pronoun_owner_yields_to_the_party_named_in_the_phrase(run):
    e = run(
        "President Levy Mwanawasa has reneged on his commitment to the Zambian "
        "people.", "REJECT"
    )
    assert [p.text for p in e.recipients] == ["the Zambian people"]


def test_a_doer_or_beneficiary_inside_a_thing_is_named_alone_a_possessor_with_it(run):
    e = run("The tribunal condemned alleged war crimes by Croatian extremists.", "ACCUSE")
    assert [p.text for p in e.recipients] == ["Croatian extremists"]
    e = run("A Swiss court rejected the Croatian government's request.", "REJECT")
    assert [p.text for p in e.recipients] == ["the Croatian government's request"]


def test_a_threat_names_its_target_in_a_complement_that_is_no_event(run):
    e = run(
        "Al-Qaeda has threatened to deliver devastating blows to the United "
        "States and Israel.", "THREATEN"
    )
    assert [p.text for p in e.recipients] == ["the United States", "Israel"]


def test_the_dative_of_a_phrase_noun_and_a_refusal(run):
    e = run("Jewish settlers set fire to the offices of the Palestinian administrators.", "ASSAULT")
    assert [p.text for p in e.recipients] == ["the offices of the Palestinian administrators"]
    e = run("Benin was still refusing admittance to Ghanaians.", "REJECT")
    assert "Ghanaians" in [p.text for p in e.recipients]


def test_a_place_under_a_participle_object(run):
    e = run("U.N. helicopters evacuated the wounded from the besieged town of Gorazde.", "AID")
    assert [p.text for p in e.recipients] == ["Gorazde"]


def test_the_one_allowed_parsed_as_the_subject_of_the_infinitive(run):
    e = run(
        "The minister allowed opposition leader Maulana Fazl-ur-Rehman to "
        "bring out a rally.", "CONCEDE"
    )
    assert [p.text for p in e.recipients] == ["opposition leader Maulana Fazl-ur-Rehman"]


def test_a_stranded_preposition_takes_the_next_clause_subject(run):
    e = run(
        "Peru has granted diplomatic asylum to five Panamanian army officers "
        "holed up in a residence.", "AID"
    )
    assert [p.text for p in e.recipients] == ["five Panamanian army officers"]


def test_what_is_agreed_or_given_is_no_recipient_but_what_is_attacked_is(run):
    e = run("At a meeting the strikers accepted a formula for settling the dispute.", "AGREE")
    assert e.recipients == ()
    e = run("Calenardhon welcomed economic rumors about Bree.", "SUPPORT")
    assert [p.text for p in e.recipients] == ["Bree"]  # the party inside, named alone
    e = run("Gunmen attacked a convoy near the border.", "ASSAULT")
    assert [p.text for p in e.recipients] == ["a convoy"]


def test_a_participle_clause_with_its_agent_is_passive(run):
    e = run("Attacked by militants, the soldiers retreated to their base.", "ASSAULT")
    assert [p.text for p in e.actors] == ["militants"]
    assert [p.text for p in e.recipients] == ["the soldiers"]


def test_aid_goes_to_whom_its_purpose_clause_helps(run):
    e = run("The government earmarked 1.5 million euros in aid to help Haiti cope.", "AID")
    assert [p.text for p in e.recipients] == ["Haiti"]
    e = run("The Commission announced assistance of 60 million euros to help refugees.", "AID")
    assert [p.text for p in e.recipients] == ["refugees"]


def test_the_object_of_a_lifted_blockade_and_of_an_investigation(run):
    e = run("Saudi Arabia lifts blockade of Qatar.", "RETREAT")
    assert [p.text for p in e.recipients] == ["Qatar"]
    e = run("Federal Police have launched an investigation into the former minister.", "ACCUSE")
    assert [p.text for p in e.recipients] == ["the former minister"]


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("Workers stopped work on Monday over a bill signed by Labour Minister Dragan Milovanovic.",
         "Labour Minister Dragan Milovanovic"),
        ("Demonstrators rioted following a demonstration calling for the removal of President "
         "Hosni Mubarak.", "President Hosni Mubarak"),
        ("The Homeland Union began collecting signatures in a drive to convince the Lithuanian "
         "Parliament to amend the constitution.", "the Lithuanian Parliament"),
    ],
)
def test_whom_a_protest_is_against_or_means_to_move(run, text, recipient):
    e = run(text, "PROTEST")
    assert any(recipient in p.text for p in e.recipients), [p.text for p in e.recipients]


def test_an_object_shifted_after_an_as_phrase(run):
    e = run("Albania denounced as an ugly crime Serbia's suppression of the unrest.", "ACCUSE")
    assert [p.text for p in e.recipients] == ["Serbia's suppression"]  # possessor and its noun


def test_a_verbal_act_takes_the_place_of_what_it_concerns_a_theme_is_no_recipient(run):
    e = run("Opposition leaders agreed to postpone the demonstration in Baku.", "AGREE")
    assert [p.text for p in e.recipients] == ["Baku"]
    e = run("The Taliban have agreed to a ceasefire in Afghanistan.", "AGREE")
    assert [p.text for p in e.recipients] == ["Afghanistan"]
    e = run("Rebels attacked a military base in Syria.", "ASSAULT")  # once, by its phrase
    assert [p.text for p in e.recipients] == ["a military base in Syria"]


def test_the_guest_of_a_host_and_whom_a_thing_is_for(run):
    e = run("Mordor will be hosting Osgiliath to celebrate May Day.", "CONSULT")
    assert [p.text for p in e.recipients] == ["Osgiliath"]
    e = run("The Indian Prime Minister will be hosting a private dinner for Netanyahu.", "CONSULT")
    assert [p.text for p in e.recipients] == ["Netanyahu"]


@pytest.mark.parametrize(
    ("text", "type_", "recipients"),
    [
        ("The minister called for sanctions against Turkey.", "REQUEST", ["Turkey"]),
        ("Ghana closed its borders with Togo and Burkina Faso.", "COERCE",
         ["Togo", "Burkina Faso"]),
        ("The Taliban rejected an Afghan government offer.", "REJECT",
         ["an Afghan government offer"]),
    ],
)
def test_the_party_of_what_a_phrase_or_its_noun_takes(run, text, type_, recipients):
    assert [p.text for p in run(text, type_).recipients] == recipients


def test_a_protest_target_is_named_with_the_thing_it_owns(run):
    e = run("Thousands rallied in Berlin against Germany's coronavirus rules.", "PROTEST")
    assert "Germany's coronavirus rules" in [p.text for p in e.recipients]


def test_forces_mobilized_are_the_actors_own_the_target_is_whom_they_are_against(run):
    e = run("Israel mobilized the army for a ground assault against Hamas.", "MOBILIZE")
    assert [p.text for p in e.recipients] == ["Hamas"]
