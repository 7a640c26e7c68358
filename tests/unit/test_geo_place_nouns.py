"""Names that a place noun marks as places, whatever the small NER model tagged them.

Runs the default pipeline (packaged model and gazetteer): the point is the NER's mislabels
("Dubuwa" as PERSON), which a hand-built Document would not reproduce.
"""

from __future__ import annotations

import pytest

from eventwire.model import Article


@pytest.fixture(scope="module")
def pipeline(default_pipeline):
    return default_pipeline


def places(pipeline, text: str) -> list[str]:
    return [p.text for p in pipeline.run(Article(text=text, id="t")).places]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen crossed over to Dubuwa village in Chad and killed six people.", {"Dubuwa", "Chad"}),
        ("Rebels shelled the settlement of Rashah overnight.", {"Rashah"}),
        ("Jets struck the towns of Khan Touman, Aleis and Alzorba on Monday.", {"Khan Touman", "Aleis", "Alzorba"}),
        ("The incident happened in the Chattar area of Dera Murad district.", {"Chattar", "Dera Murad"}),
        ("Rebels launched an assault in the northern Hama countryside.", {"Hama"}),
        # the parts and surroundings of a place: whatever the NER called the name
        ("Fighters stormed the defenses at the southern slope of Tal Al-Bardah.", {"Tal Al-Bardah"}),
        ("Troops shelled the hills of Ein Tini and Meidoun.", {"Ein Tini", "Meidoun"}),
        # a name in apposition to a place noun
        ("Gunmen entered a mosque for dusk prayers in Malir, a low-income area of Karachi.", {"Malir"}),
        ("Miringa, a village in Biu, came under attack on Sunday.", {"Miringa"}),
        # a name after a locative preposition and a compass adjective
        ("Four IS terrorists were killed in southern Kobane during an attack.", {"Kobane"}),
        # a junction or a crossing the name is of
        ("Fighting erupted at Siinaay junction in Kismayo.", {"Siinaay"}),
    ],
)
def test_a_place_noun_makes_the_name_a_place(pipeline, text, expected):
    assert expected <= set(places(pipeline, text))


def test_a_singular_noun_takes_one_name(pipeline):
    found = places(pipeline, "Troops entered the town of Rashah, Aleis and Kafr Nabl were calm.")
    assert "Rashah" in found and "Aleis" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Meanwhile, a village in the north was attacked.",  # an adverb, not a name
        "John Smith, a city councilman, said the vote was close.",  # "city" does not head the phrase
    ],
)
def test_an_apposition_needs_a_name_and_a_place_noun(pipeline, text):
    assert not {"Meanwhile", "John Smith", "Smith"} & set(places(pipeline, text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Rebels attempted to enter the strategic town of Tal Al-‘Eiss for the second time.", "Tal Al-‘Eiss"),
        ("The Taliban had captured Mazar-e-Sharif in May.", "Mazar-e-Sharif"),
        ("A man was shot dead while driving his car in the Al-Tarikh area of Jiddah.", "Al-Tarikh"),
        ("Fighting continued in Sheikh Sa’eed on Monday.", "Sheikh Sa’eed"),
    ],
)
def test_a_name_the_ner_cut_after_its_first_word_is_whole(pipeline, text, name):
    # "Tal" (hill), "Mazar" (shrine), "Al" (the) open a name and are never all of it
    assert name in places(pipeline, text)
