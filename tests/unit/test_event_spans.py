"""Participant spans and event merging on real sentences: the phrase that names each party
(appositions, bracketed short names, places after a group noun, a pronoun's antecedent) and one
event for a noun that says how the verb's event happened ("killed in police firing")."""

from __future__ import annotations

import pytest

from eventwire.stages.casualties import CasualtiesStage

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def run(rule_events):
    casualties = CasualtiesStage()
    return lambda text: casualties(rule_events(text))


def _of(doc, type_):
    found = [e for e in doc.events if e.type == type_]
    assert found, [(e.type, e.status) for e in doc.events]
    return found


def test_a_person_and_the_title_in_apposition_are_one_participant(run):
    doc = run(
        "Vladimir Putin, the Russian president, met Angela Merkel, the German "
        "chancellor, on Saturday."
    )
    e = _of(doc, "CONSULT")[0]
    assert [p.text for p in e.actors] == ["Vladimir Putin, the Russian president"]
    assert [p.text for p in e.recipients] == ["Angela Merkel, the German chancellor"]


def test_a_title_followed_by_the_name_and_a_bracketed_short_name(run):
    doc = run(
        "The church leader Saboi Jum met the Kachin Independence Organization "
        "(KIO) in Myitkyina."
    )
    e = _of(doc, "CONSULT")[0]
    assert [p.text for p in e.actors] == ["The church leader Saboi Jum"]
    assert [p.text for p in e.recipients] == ["the Kachin Independence Organization (KIO)"]


def test_a_list_or_description_in_apposition_stays_out(run):
    doc = run("Benin was refusing admittance to Ghanaians, by far the biggest group involved.")
    texts = [p.text for e in doc.events for p in e.recipients]
    assert not any("biggest group" in t and "Ghanaians" in t for t in texts)


def test_a_place_after_a_group_noun_is_part_of_its_name(run):
    doc = run("Security forces in Guinea opened fire on the protesters.")
    e = _of(doc, "ASSAULT")[0]
    assert [p.text for p in e.actors] == ["Security forces in Guinea"]
    doc = run("Police arrested Tamil residents in Abidjan.")  # the verb's place, not the name's
    assert [p.text for p in _of(doc, "COERCE")[0].recipients] == ["Tamil residents"]


def test_a_pronoun_is_named_by_its_antecedent_in_the_sentence(run):
    doc = run("The European Commission announced that it had suspended humanitarian aid to Kabul.")
    e = _of(doc, "SANCTION")[0]
    assert [p.text for p in e.actors] == ["The European Commission"]
    doc = run("The European Commission met on Monday. It suspended humanitarian aid to Kabul.")
    e = _of(doc, "SANCTION")[0]
    assert [p.text for p in e.actors] == ["It"]  # no antecedent in the sentence: the pronoun


def test_killed_in_police_firing_is_one_event_with_its_count(run):
    doc = run(
        "In 1990, two brothers from Burrabazar were killed in police firing "
        "during the riots."
    )
    (e,) = _of(doc, "ASSAULT")
    assert [p.text for p in e.actors] == ["police"]
    assert e.casualties.dead == 2
    assert any("brothers" in p.text for p in e.recipients)


def test_an_attack_that_kills_stays_one_event(run):
    doc = run("Recent US drone attacks have killed at least eight al-Qaeda leaders since July.")
    (e,) = _of(doc, "ASSAULT")
    assert e.casualties.dead == 8


def test_a_name_and_a_common_noun_description_in_apposition(run):
    doc = run("Salaheddine Sidhoum, Algeria's leading human rights activist, accused the army.")
    e = _of(doc, "ACCUSE")[0]
    assert [p.text for p in e.actors] == [
        "Salaheddine Sidhoum, Algeria's leading human rights activist"
    ]


def test_a_pronoun_named_by_the_full_name_not_its_bracketed_short_name(run):
    doc = run(
        "The Hungarian Civil Liberties Union (TASZ) has said it will refuse to comply with "
        "the European Commission's provisions."
    )
    e = _of(doc, "REJECT")[0]
    assert [p.text for p in e.actors] == ["The Hungarian Civil Liberties Union (TASZ)"]
    assert [p.text for p in e.recipients] == ["the European Commission's provisions"]


@pytest.mark.parametrize(
    ("text", "type_", "actors"),
    [
        ("Egypt finally let free the Egyptian-American Mohamed Soltan.", "RETREAT", ["Egypt"]),
        ("As of January 20, USAID had contributed 90 million dollars to the U.N. appeal.", "AID",
         ["USAID"]),
        ("The United Kingdom and France however have opposed resolutions on uranium weapons.",
         "REJECT", ["The United Kingdom", "France"]),
        ("The Palestinian government, thus, rejects and condemns the US administration's decision.",
         "ACCUSE", ["The Palestinian government"]),
    ],
)
def test_subjects_the_parser_hangs_elsewhere(run, text, type_, actors):
    e = _of(run(text), type_)[0]
    assert [p.text for p in e.actors] == actors


def test_a_list_the_parser_starts_with_an_apposition_is_a_compound_actor(run):
    doc = run("Mordor, the Shire, Fornost and Bree welcomed a resumption of diplomatic ties.")
    e = _of(doc, "SUPPORT")[0]
    assert [p.text for p in e.actors] == ["Mordor", "the Shire", "Fornost", "Bree"]


def test_a_compound_actor_of_a_mutual_act_is_also_its_recipient(run):
    doc = run("The Philippines and France agree that the disputes should go to arbitration.")
    e = _of(doc, "AGREE")[0]
    assert [p.text for p in e.actors] == ["The Philippines", "France"]
    assert [p.text for p in e.recipients] == ["The Philippines", "France"]
    doc = run("Rebels and soldiers attacked the town.")  # no mutual act: no recipients invented
    assert [p.text for p in _of(doc, "ASSAULT")[0].recipients] == ["the town"]


def test_a_multiword_name_and_a_title_in_apposition(run):
    doc = run("Kenzo Oshima, the United Nations Emergency Relief Coordinator, demanded a truce.")
    e = _of(doc, "REQUEST")[0]
    assert [p.text for p in e.actors] == [
        "Kenzo Oshima, the United Nations Emergency Relief Coordinator"
    ]
    assert e.actors[0].actor_id is not None  # coded through the title's organisation


def test_a_place_after_a_passive_agent_is_where_it_happened(run):
    doc = run("The woman was shot by militants in the courtyard of the largest hospital in Gaza.")
    e = _of(doc, "ASSAULT")[0]
    assert [p.text for p in e.actors] == ["militants"]
