"""Clustering rules on hand-built mentions: types, distance, date window, participants, counts."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.cluster import Mention, Participant, compare
from eventwire.cluster.mention import from_record, normalise_name
from eventwire.cluster.rules import (
    date_interval,
    date_rule,
    haversine_km,
    participant_rule,
    place_rule,
    size_rule,
    types_compatible,
)
from eventwire.cluster.text import TextIndex, content_words
from eventwire.config import ClusterOptions

OPT = ClusterOptions()
D = dt.date


def m(eid: str = "a:e0", etype: str = "ASSAULT", **kw) -> Mention:
    article = kw.pop("article_id", eid.split(":")[0])
    return Mention(event_id=eid, article_id=article, seq=kw.pop("seq", 0), type=etype, **kw)


# --- types ------------------------------------------------------------------------------------


def test_same_type_is_compatible_and_unrelated_types_are_not():
    assert types_compatible(m(etype="PROTEST"), m(etype="PROTEST"))
    assert not types_compatible(m(etype="ASSAULT"), m(etype="AGREE"))
    assert not types_compatible(m(etype="ACCUSE"), m(etype="REJECT"))


def test_a_riot_coded_as_protest_or_assault_is_compatible():
    assert types_compatible(m(etype="ASSAULT"), m(etype="PROTEST"))


def test_police_force_as_coerce_matches_assault_but_an_arrest_never_does():
    assert types_compatible(m(etype="ASSAULT"), m(etype="COERCE", mode=("crowd-control",)))
    assert not types_compatible(m(etype="ASSAULT"), m(etype="COERCE", mode=("arrest",)))
    assert not compare(m("a:e0"), m("b:e0", "COERCE", mode=("arrest",)), OPT).compatible


# --- places -----------------------------------------------------------------------------------


def test_haversine_matches_a_known_distance():
    # Ahmedabad - Gandhinagar is about 23 km.
    assert haversine_km(23.0258, 72.5873, 23.2156, 72.6369) == pytest.approx(21.7, abs=1.5)


def test_two_towns_within_max_km_match_and_give_evidence():
    a = m(lat=23.0258, lon=72.5873, geo_precision=1, country="IND", place="Ahmedabad")
    b = m(lat=23.2156, lon=72.6369, geo_precision=1, country="IND", place="Gandhinagar")
    verdict = place_rule(a, b, OPT)
    assert verdict.compatible and verdict.evidence == OPT.weight_place


def test_two_towns_farther_than_max_km_are_different_happenings():
    a = m(lat=23.0258, lon=72.5873, geo_precision=1, country="IND")  # Ahmedabad
    b = m(lat=22.3072, lon=73.1812, geo_precision=1, country="IND")  # Vadodara, ~100 km
    verdict = place_rule(a, b, OPT)
    assert not verdict.compatible and "km apart" in verdict.why[0]
    assert place_rule(a, b, ClusterOptions(max_km=150)).compatible


def test_a_region_contains_a_town_of_the_same_admin1_but_not_of_another():
    region = m(
        geo_precision=3, country="IND", admin1="Gujarat", place="Gujarat", lat=22.0, lon=71.0
    )
    town = m(
        geo_precision=1, country="IND", admin1="Gujarat", place="Ahmedabad", lat=23.0, lon=72.6
    )
    other = m(
        geo_precision=1, country="IND", admin1="Uttar Pradesh", place="Ayodhya", lat=26.8, lon=82.2
    )
    inside = place_rule(region, town, OPT)
    assert inside.compatible and inside.evidence == OPT.weight_region
    assert not place_rule(region, other, OPT).compatible


def test_a_town_in_another_country_conflicts_but_two_country_guesses_do_not():
    town = m(geo_precision=1, country="IRQ", lat=30.5, lon=47.8)
    assert not place_rule(town, m(geo_precision=3, country="IND"), OPT).compatible
    assert place_rule(
        m(geo_precision=3, country="TZA"), m(geo_precision=3, country="IND"), OPT
    ).compatible


def test_a_missing_place_is_compatible_and_no_evidence():
    verdict = place_rule(m(), m(lat=1.0, lon=1.0, geo_precision=1), OPT)
    assert verdict.compatible and verdict.evidence == 0


# --- dates ------------------------------------------------------------------------------------


def test_text_dates_within_the_window_match_and_a_named_day_is_evidence():
    a = m(
        date_start=D(2002, 3, 1), date_end=D(2002, 3, 1), date_from_text=True, date_precision="day"
    )
    b = m(
        date_start=D(2002, 3, 2), date_end=D(2002, 3, 2), date_from_text=True, date_precision="day"
    )
    verdict = date_rule(a, b, OPT)
    assert verdict.compatible and verdict.evidence == OPT.weight_date
    c = m(
        date_start=D(2002, 3, 4), date_end=D(2002, 3, 4), date_from_text=True, date_precision="day"
    )
    assert not date_rule(a, c, OPT).compatible
    assert date_rule(a, c, ClusterOptions(date_window_days=3)).compatible


def test_a_month_contains_a_day_but_gives_no_evidence():
    day = m(
        date_start=D(2002, 3, 5), date_end=D(2002, 3, 5), date_from_text=True, date_precision="day"
    )
    month = m(
        date_start=D(2002, 3, 1),
        date_end=D(2002, 3, 31),
        date_from_text=True,
        date_precision="month",
    )
    verdict = date_rule(day, month, OPT)
    assert verdict.compatible and verdict.evidence == 0


def test_an_undated_event_happened_before_publication_within_the_lookback():
    undated = m(published=D(2002, 3, 20))
    assert date_interval(undated, OPT) == (D(2002, 2, 18), D(2002, 3, 20))
    past = m(
        date_start=D(2002, 2, 27),
        date_end=D(2002, 2, 27),
        date_from_text=True,
        date_precision="day",
    )
    later = m(
        date_start=D(2002, 3, 25),
        date_end=D(2002, 3, 25),
        date_from_text=True,
        date_precision="day",
    )
    ancient = m(
        date_start=D(1981, 1, 1),
        date_end=D(1981, 12, 31),
        date_from_text=True,
        date_precision="year",
    )
    assert date_rule(undated, past, OPT).compatible
    assert not date_rule(undated, later, OPT).compatible  # reported before it happened
    assert not date_rule(undated, ancient, OPT).compatible
    assert date_rule(undated, ancient, ClusterOptions(undated_lookback_days=0)).compatible


# --- participants and counts ------------------------------------------------------------------


def test_names_are_normalised_before_matching():
    assert normalise_name("The Police's") == "police"
    assert Participant("ehsan jafri").matches(Participant("ehsan jafri"))
    assert Participant(None, "IND", "COP").matches(Participant(None, "IND", "COP"))
    assert not Participant(None, "IND", "COP").matches(Participant(None, "IND", "MIL"))


def test_police_and_a_mob_as_actors_are_different_happenings():
    police = m(actors=(Participant("police", None, "COP"),))
    mob = m(actors=(Participant("mob"),))
    verdict = participant_rule(police, mob, OPT)
    assert not verdict.compatible and "state force" in verdict.why[0]
    rioters = m(actors=(Participant("rioters", None, "CVL"),))
    assert not participant_rule(police, rioters, OPT).compatible  # sectors COP vs CVL


def test_a_named_victim_is_strong_evidence_and_a_generic_one_weak():
    named = participant_rule(
        m(recipients=(Participant("ehsan jafri"),)),
        m(recipients=(Participant("ehsan jafri"),)),
        OPT,
    )
    generic = participant_rule(
        m(actors=(Participant("police", None, "COP"),)),
        m(actors=(Participant("police", None, "COP"),)),
        OPT,
    )
    assert named.evidence == OPT.weight_named_participant
    assert generic.evidence == OPT.weight_generic_participant


def test_equal_counts_are_evidence_and_different_counts_never_conflict():
    same = size_rule(m(dead=58), m(dead=58), OPT)
    assert same.compatible and same.evidence == OPT.weight_size
    differ = size_rule(m(dead=58), m(dead=60), OPT)
    assert differ.compatible and differ.evidence == 0


# --- text and the whole comparison ------------------------------------------------------------


def test_shared_rare_words_weigh_more_than_common_ones():
    a = m("a:e0", text="A mob set fire to a coach of the Sabarmati Express at Godhra.")
    b = m("b:e0", text="Rioters burnt the Sabarmati Express coach near Godhra station.")
    c = m("c:e0", text="A mob set fire to shops in the market.")
    index = TextIndex([a, b, c])
    assert "sabarmati" in content_words(a.text) and "the" not in content_words(a.text)
    assert index.similarity(a, b)[0] > 0
    assert index.similarity(a, b)[1][0] in {"sabarmati", "express", "godhra", "coach"}


def test_two_events_of_one_sentence_are_never_one_happening():
    a = m("a:e0", seq=0, sentence=3, dead=4)
    b = m("a:e1", seq=1, sentence=3, dead=4)
    verdict = compare(a, b, OPT)
    assert not verdict.compatible and verdict.why == ("same sentence",)


def test_compare_sums_the_evidence_of_every_rule():
    day = {
        "date_start": D(2002, 3, 1),
        "date_end": D(2002, 3, 1),
        "date_from_text": True,
        "date_precision": "day",
    }
    place = {"lat": 23.7, "lon": 72.5, "geo_precision": 1, "country": "IND", "geonameid": 7}
    a = m("a:e0", dead=27, **day, **place)
    b = m("b:e0", dead=27, **day, **place)
    verdict = compare(a, b, OPT)
    assert verdict.compatible
    assert verdict.evidence == OPT.weight_place + OPT.weight_date + OPT.weight_size
    assert "same dead 27" in verdict.why


def test_a_mention_from_a_record_reads_the_contract_fields():
    event = {
        "id": "x:e2",
        "event_type": "ASSAULT",
        "mode": ["destroy"],
        "actor": [{"entity_text": "a mob", "code": None, "sector": None}],
        "recipient": [],
        "date": {"value": "2002-03-01", "precision": "day", "source": "text"},
        "location": {
            "resolved_place": "Sardarpur",
            "lat": 23.6,
            "lon": 72.4,
            "country_code": "IND",
            "admin1": "Gujarat",
            "precision": 1,
            "geonameid": 5,
        },
        "size": {"dead": 27},
        "status": ["reported"],
        "event_text": "27 burnt.",
        "text_info": {"sentence": 4, "start": 0, "end": 9},
    }
    mention = from_record(event, {"id": "x", "published": "2002-03-02", "source": "TOI"}, 2)
    assert (mention.event_id, mention.seq, mention.sentence) == ("x:e2", 2, 4)
    assert mention.date_start == D(2002, 3, 1) and mention.date_from_text
    assert mention.actors[0].name == "mob" and mention.dead == 27 and mention.happened
    assert not from_record({**event, "status": ["negated"]}, {"id": "x"}).happened


def test_small_counts_are_no_evidence():
    assert size_rule(m(dead=1), m(dead=1), OPT).evidence == 0
    assert size_rule(m(dead=3), m(dead=3), OPT).evidence == OPT.weight_size


def test_type_region_and_common_words_alone_are_no_evidence():
    region = {"geo_precision": 3, "country": "IND", "admin1": "Gujarat", "place": "Gujarat"}
    a = m(
        "a:e0",
        text="Police opened fire to disperse the mob near the market.",
        published=D(2002, 3, 4),
        actors=(Participant("police", None, "COP"),),
        **region,
    )
    b = m(
        "b:e0",
        text="Police opened fire to disperse a mob in the old city.",
        published=D(2002, 3, 22),
        actors=(Participant("police", None, "COP"),),
        **region,
    )
    other = m("c:e0", text="The minister visited the relief camps.", published=D(2002, 3, 5))
    verdict = compare(a, b, OPT, TextIndex([a, b, other]))
    assert verdict.compatible and verdict.evidence == 0 and "too little in common" in verdict.why
    # The same sentence reposted is its own anchor.
    copy = m("d:e0", text=a.text, published=D(2002, 3, 5), **region)
    assert compare(a, copy, OPT, TextIndex([a, b, copy, other])).evidence > OPT.min_evidence


def test_one_town_alone_does_not_pin_a_happening_but_a_town_and_a_day_do():
    delhi = {"lat": 28.61, "lon": 77.21, "geo_precision": 1, "country": "IND", "geonameid": 1261481}
    a = m("a:e0", published=D(2002, 3, 8), **delhi)
    b = m("b:e0", published=D(2002, 3, 6), **delhi)
    assert compare(a, b, OPT).evidence == 0  # op-eds datelined New Delhi all month
    day = {
        "date_start": D(2002, 3, 5),
        "date_end": D(2002, 3, 5),
        "date_from_text": True,
        "date_precision": "day",
    }
    c, d = m("c:e0", **delhi, **day), m("d:e0", **delhi, **day)
    assert compare(c, d, OPT).evidence == OPT.weight_place + OPT.weight_date
