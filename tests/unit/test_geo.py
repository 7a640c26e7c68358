"""Unit tests for eventwire.geo and the geo stage on a fake gazetteer and hand-built Documents."""

from __future__ import annotations

import pytest

from eventwire.config import GeoOptions
from eventwire.geo import Candidate, Country, FakeGazetteer, Gazetteer, normalize
from eventwire.geo.normalize import variants
from eventwire.geo.resolve import Resolver, Toponym, haversine_km
from eventwire.geo.toponyms import offset_point
from eventwire.model import Actor, Article, Document, Event, Mention, Participant, Provenance, Sentence, Span
from eventwire.stages.geo import GeoStage

IRQ = Country("IQ", "IRQ", "Iraq", 33.0, 44.0, 99237, "Baghdad", 38_000_000, ("Iraqi", "Iraqis"))
USA = Country("US", "USA", "United States", 39.76, -98.5, 6252001, "Washington", 327_000_000, ("American",))
FRA = Country("FR", "FRA", "France", 46.0, 2.0, 3017382, "Paris", 67_000_000, ("French",))


def cand(gid, name, lat, lon, cc, cc3, fcode="PPL", pop=0, a1=None, a1name=None, fcl="P"):
    return Candidate(gid, name, lat, lon, cc, cc3, a1, a1name, fcl, fcode, pop)


@pytest.fixture
def gaz() -> FakeGazetteer:
    return FakeGazetteer(
        places=[
            (cand(98182, "Baghdad", 33.34058, 44.40088, "IQ", "IRQ", "PPLC", 7_216_000, "IQ.07", "Baghdad"), ["بغداد"]),
            (cand(98112, "Balad", 34.01485, 44.14574, "IQ", "IRQ", "PPL", 42_088, "IQ.18", "Salah ad Din"), []),
            (cand(99072, "Mosul", 36.335, 43.11889, "IQ", "IRQ", "PPLA", 1_739_800, "IQ.15", "Ninawa"), []),
            (cand(99532, "Basrah", 30.50852, 47.7804, "IQ", "IRQ", "PPL", 1_326_564), ["Al Basrah", "Basra"]),
            (cand(-1000001, "Balad Southeast Air Base", 33.9402, 44.3616, "IQ", "IRQ", "AIRB", 0, fcl="S"),
             ["Balad air base"]),
            (cand(99237, "Iraq", 33.0, 44.0, "IQ", "IRQ", "PCLI", 38_000_000, fcl="A"), []),
            (cand(6252001, "United States", 39.76, -98.5, "US", "USA", "PCLI", 327_000_000, fcl="A"), ["US", "USA"]),
            (cand(2988507, "Paris", 48.85341, 2.3488, "FR", "FRA", "PPLC", 2_138_551, "FR.11", "Ile-de-France"), []),
            (cand(4717560, "Paris", 33.66094, -95.55551, "US", "USA", "PPL", 24_782, "US.TX", "Texas"), []),
            (cand(4736286, "Texas", 31.25, -99.25, "US", "USA", "ADM1", 22_000_000, "US.TX", "Texas", "A"), []),
            (cand(3017382, "France", 46.0, 2.0, "FR", "FRA", "PCLI", 67_000_000, fcl="A"), []),
        ],
        countries=[IRQ, USA, FRA],
    )


# --- normalisation and lookups -------------------------------------------------------------------

def test_normalize_strips_diacritics_case_and_punctuation():
    assert normalize("Şalāḩ ad Dīn") == "salah ad din"
    assert normalize("U.S.") == "us"
    assert normalize("Karbala'") == "karbala"
    assert normalize("  al-Anbar  ") == "al anbar"
    assert normalize("") == ""
    assert variants("al anbar") == ["al anbar", "anbar"]
    assert variants("the hague") == ["the hague", "hague"]
    assert variants("al") == ["al"]


def test_fake_is_a_gazetteer(gaz):
    assert isinstance(gaz, Gazetteer)


def test_candidates_by_alternate_and_script(gaz):
    assert [c.geonameid for c in gaz.candidates("Basra")] == [99532]
    assert gaz.candidates("Basra")[0].match == "alt"
    assert [c.geonameid for c in gaz.candidates("بغداد")] == [98182]
    assert gaz.candidates("al-Basrah")[0].geonameid == 99532
    assert [c.name for c in gaz.candidates("PARIS")][:1] == ["Paris"]
    assert gaz.country("IRQ") is IRQ and gaz.country("iraq") is IRQ
    assert gaz.demonym("Iraqis") is IRQ and gaz.country("Iraqi") is None


@pytest.mark.parametrize("bad", ["", " ", "!!!", "'", "北京", "🙂", "a" * 5000, "\x00", None, 12])
def test_bad_lookups_never_raise(gaz, bad):
    assert gaz.candidates(bad) == []  # type: ignore[arg-type]
    assert gaz.country(bad) is None  # type: ignore[arg-type]


# --- resolution ----------------------------------------------------------------------------------

def test_country_name_resolves_to_the_country(gaz):
    [r] = Resolver(gaz).resolve("Fighting in Iraq.", [Toponym("Iraq", 12, 16)])
    assert r.candidate.feature_code == "PCLI" and r.country is IRQ


def test_comma_context_picks_the_small_namesake(gaz):
    text = "He moved to Paris, Texas, last year."
    [r] = Resolver(gaz).resolve(text, [Toponym("Paris", 12, 17)])
    assert r.candidate.geonameid == 4717560
    [r] = Resolver(gaz).resolve("He moved to Paris last year.", [Toponym("Paris", 12, 17)])
    assert r.candidate.geonameid == 2988507


def test_document_country_context_moves_an_ambiguous_name(gaz):
    text = "Officials in the United States and in Texas said Paris was quiet."
    tops = [Toponym("United States", 17, 30), Toponym("Texas", 41, 46), Toponym("Paris", 52, 57)]
    res = Resolver(gaz).resolve(text, tops)
    assert res[2].candidate.geonameid == 4717560


def test_min_score_leaves_weak_matches_unresolved(gaz):
    [r] = Resolver(gaz, min_score=0.99).resolve("near Balad", [Toponym("Balad", 5, 10)])
    assert r.candidate is None
    [r] = Resolver(gaz, min_score=0.2).resolve("near Balad", [Toponym("Balad", 5, 10)])
    assert r.candidate.geonameid == 98112


def test_unknown_name_is_unresolved_not_an_error(gaz):
    [r] = Resolver(gaz).resolve("in Xyzzyville", [Toponym("Xyzzyville", 3, 13)])
    assert r.candidate is None and r.score == 0.0


def test_offset_point_and_haversine():
    lat, lon = offset_point(33.34058, 44.40088, 80, 0)
    assert haversine_km(33.34058, 44.40088, lat, lon) == pytest.approx(80, abs=0.5)
    assert lat > 33.34058 and lon == pytest.approx(44.40088, abs=1e-6)
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)


# --- the stage on hand-built documents -----------------------------------------------------------

PROV = Provenance("test", "0")


def make_doc(text: str, places: list[str], events=(), actors=(), other=()) -> Document:
    """A Document whose sentences split on '. ' and whose GPE mentions are the given strings."""
    sentences, start = [], 0
    for i, part in enumerate(text.split(". ")):
        end = start + len(part) + (2 if start + len(part) < len(text) else 0)
        sentences.append(Sentence(i, Span(start, min(end, len(text)))))
        start = end
    mentions, cursor = [], 0
    for k, (name, label) in enumerate([(p, "GPE") for p in places] + [(o, "ORG") for o in other]):
        at = text.index(name, cursor if label == "GPE" else 0)
        if label == "GPE":
            cursor = at + len(name)
        sent = next(s.index for s in sentences if s.span.start <= at < s.span.end)
        mentions.append(Mention(f"m{k}", Span(at, at + len(name)), name, label, sent, PROV))
    return Document(article=Article(text=text), sentences=tuple(sentences), mentions=tuple(mentions),
                    actors=tuple(actors), events=tuple(events))


def part(text: str, name: str) -> Participant:
    at = text.index(name)
    return Participant(None, Span(at, at + len(name)), name)


def trig(text: str, word: str) -> Span:
    at = text.index(word)
    return Span(at, at + len(word))


def run(gaz, doc: Document) -> Document:
    return GeoStage(GeoOptions(), gazetteer=gaz)(doc)


def test_stage_contract():
    stage = GeoStage()
    assert stage.requires == {"sentences", "mentions", "parse", "actors", "events"}
    assert stage.produces == {"places", "event_places", "place_actors"}


def test_relative_locations_and_parts(gaz):
    text = "A blast hit a depot about 80 km north of Baghdad. Rockets fell on southern Baghdad. Troops moved near Balad."
    doc = run(gaz, make_doc(text, ["Baghdad", "Baghdad", "Balad"]))
    north, south, near = doc.places
    assert north.relation == "80 km N of Baghdad" and north.precision == 2
    assert haversine_km(33.34058, 44.40088, north.lat, north.lon) == pytest.approx(80, abs=1)
    assert north.lat > 33.34058
    assert south.relation == "southern part of Baghdad" and south.precision == 2
    assert (south.lat, south.lon) == (33.34058, 44.40088)
    assert near.relation == "near Balad" and near.geonameid == 98112 and near.country_code == "IRQ"


def test_facility_suffix_extends_the_span(gaz):
    text = "Explosions shook the Balad air base overnight."
    doc = run(gaz, make_doc(text, ["Balad"]))
    [p] = doc.places
    assert p.text == "Balad air base" and p.feature_code == "AIRB"
    assert p.geonameid is None  # airportsdata entries have no GeoNames id
    assert p.precision == 1


def test_country_place_is_iso3_precision_3(gaz):
    doc = run(gaz, make_doc("Protests spread across France.", ["France"]))
    [p] = doc.places
    assert (p.country_code, p.precision, p.feature_code, p.geonameid) == ("FRA", 3, "PCLI", 3017382)


def test_attack_located_in_its_sentence_not_at_the_actors(gaz):
    text = "Iraq blamed the United States for the rocket strike on Mosul."
    ev = Event("e1", "ASSAULT", trig(text, "strike"), 0, actors=(part(text, "the United States"),))
    acc = Event("e2", "ACCUSE", trig(text, "blamed"), 0, actors=(part(text, "Iraq"),),
                recipients=(part(text, "the United States"),))
    doc = run(gaz, make_doc(text, ["Iraq", "the United States", "Mosul"], events=[ev, acc]))
    assault, accuse = doc.events
    assert doc.place(assault.place.place_id).name == "Mosul" and assault.place.precision == 1
    # a statement's place is not a toponym that merely appears in it: fall back to the country
    fallback = doc.place(accuse.place.place_id)
    assert accuse.place.precision == 3 and fallback.country_code == "IRQ"


def test_previous_sentence_then_dominant_country(gaz):
    text = "Gunmen entered Mosul at dawn. They attacked a police post. Officials in Iraq condemned it."
    e1 = Event("e1", "ASSAULT", trig(text, "attacked"), 1)
    e2 = Event("e2", "ASSAULT", trig(text, "condemned"), 2, actors=(part(text, "Officials in Iraq"),))
    doc = run(gaz, make_doc(text, ["Mosul", "Iraq"], events=[e1, e2]))
    assert doc.place(doc.events[0].place.place_id).name == "Mosul"
    p2 = doc.place(doc.events[1].place.place_id)
    assert p2.country_code == "IRQ" and doc.events[1].place.precision == 3


def test_dominant_country_made_when_only_cities_are_named(gaz):
    text = "Markets reopened in Basra. The government said it would talk."
    ev = Event("e1", "CONSULT", trig(text, "talk"), 1)
    doc = run(gaz, make_doc(text, ["Basra"], events=[ev]))
    p = doc.place(doc.events[0].place.place_id)
    assert p is not None and p.feature_code == "PCLI" and p.country_code == "IRQ" and p.span == Span(0, 0)
    assert p in doc.places


def test_no_places_no_events_is_fine(gaz):
    doc = run(gaz, make_doc("Nothing happened.", []))
    assert doc.places == () and doc.events == ()
    ev = Event("e1", "ASSAULT", Span(0, 7), 0)
    doc = run(gaz, make_doc("Nothing happened.", [], events=[ev]))
    assert doc.events[0].place is None


def test_actor_codes_vote_for_the_dominant_country(gaz):
    text = "The ministry said talks would continue."
    actor = Actor("a1", "Iraqi government", "organization", "IRQ", "GOV", (Span(0, 12),))
    doc = run(gaz, make_doc(text, [], events=[Event("e1", "CONSULT", trig(text, "talks"), 0)], actors=[actor]))
    assert doc.place(doc.events[0].place.place_id).country_code == "IRQ"


def test_unresolved_toponym_kept_without_coordinates(gaz):
    doc = run(gaz, make_doc("Clashes in Xyzzyville.", ["Xyzzyville"]))
    [p] = doc.places
    assert p.text == "Xyzzyville" and p.lat is None and p.geonameid is None


def test_fallback_country_never_points_at_an_actor_mention(gaz):
    text = "Iraq captured the town after a battle."
    ev = Event("e1", "ASSAULT", trig(text, "captured"), 0, actors=(part(text, "Iraq"),))
    doc = run(gaz, make_doc(text, ["Iraq"], events=[ev]))
    chosen = doc.place(doc.events[0].place.place_id)
    # "Iraq" is who captured, not where: the country fallback is a place of its own, without a span
    assert chosen.country_code == "IRQ" and chosen.span == Span(0, 0) and doc.events[0].place.precision == 3


def test_a_place_inside_the_target_locates_the_attack(gaz):
    text = "Gunmen stormed the village of Xyzzyville while Mosul slept."
    ev = Event("e1", "ASSAULT", trig(text, "stormed"), 0, actors=(part(text, "Gunmen"),),
               recipients=(part(text, "the village of Xyzzyville"),))
    doc = run(gaz, make_doc(text, ["Xyzzyville", "Mosul"], events=[ev]))
    chosen = doc.place(doc.events[0].place.place_id)
    assert chosen.text == "Xyzzyville" and chosen.lat is None


def test_the_most_specific_name_wins_even_when_the_gazetteer_lacks_it(gaz):
    text = "A bomb killed two people in the Xyzzy district of Mosul."
    ev = Event("e1", "ASSAULT", trig(text, "killed"), 0)
    doc = run(gaz, make_doc(text, ["Xyzzy", "Mosul"], events=[ev]))
    assert doc.place(doc.events[0].place.place_id).text == "Xyzzy"
    text = "A bomb killed two people in Mosul, Iraq."
    doc = run(gaz, make_doc(text, ["Mosul", "Iraq"], events=[Event("e1", "ASSAULT", trig(text, "killed"), 0)]))
    assert doc.place(doc.events[0].place.place_id).name == "Mosul"  # a town before its country


def test_a_named_part_of_the_town_is_the_events_place(gaz):
    text = "Gunmen attacked Baghdad, in the district of Xyzzy, on Friday."
    ev = Event("e1", "ASSAULT", trig(text, "attacked"), 0, recipients=(part(text, "Baghdad"),))
    doc = run(gaz, make_doc(text, ["Baghdad", "Xyzzy"], events=[ev]))
    assert doc.place(doc.events[0].place.place_id).text == "Xyzzy"  # the target town's named part
    text = "Gunmen attacked Baghdad on Friday, and Xyzzy was calm."
    ev = Event("e1", "ASSAULT", trig(text, "attacked"), 0, recipients=(part(text, "Baghdad"),))
    doc = run(gaz, make_doc(text, ["Baghdad", "Xyzzy"], events=[ev]))
    assert doc.place(doc.events[0].place.place_id).text == "Baghdad"


def test_an_inherited_town_is_marked_and_not_precision_1(gaz):
    text = "Baghdad police said. In Baghdad, streets flooded in Xyzzy. Baghdad again."
    doc = run(gaz, make_doc(text, ["Baghdad", "Baghdad", "Xyzzy", "Baghdad"]))
    xyzzy = doc.places[2]
    assert xyzzy.text == "Xyzzy" and xyzzy.geonameid == 98182 and xyzzy.precision == 2
    assert xyzzy.relation == "in Baghdad (the story's town)" and xyzzy.provenance.rule == "inherited-town"
