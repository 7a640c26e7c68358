"""Unit tests for round-2 geoparsing: demonyms, co-mention support, name back-offs, focus, recognition."""

from __future__ import annotations

import pytest

from eventwire.geo import Candidate, Country, FakeGazetteer
from eventwire.geo.resolve import Resolver, Toponym, _backoffs
from eventwire.geo.toponyms import recognise
from eventwire.model import Article, Document, Mention, Provenance, Sentence, Span

RUS = Country("RU", "RUS", "Russia", 60.0, 100.0, 2017370, "Moscow", 144_000_000, ("Russian",))
USA = Country("US", "USA", "United States", 39.76, -98.5, 6252001, "Washington", 327_000_000, ("American",))
IRL = Country("IE", "IRL", "Ireland", 53.0, -8.0, 2963597, "Dublin", 4_900_000, ("Irish",))
CAN = Country("CA", "CAN", "Canada", 60.0, -96.0, 6251999, "Ottawa", 37_000_000, ("Canadian",))
PROV = Provenance("test", "0")


def cand(gid, name, lat, lon, cc, cc3, fcode="PPL", pop=0, a1=None, fcl="P"):
    return Candidate(gid, name, lat, lon, cc, cc3, a1, None, fcl, fcode, pop)


@pytest.fixture
def gaz() -> FakeGazetteer:
    return FakeGazetteer(
        places=[
            (cand(2017370, "Russia", 60.0, 100.0, "RU", "RUS", "PCLI", 144_000_000, fcl="A"), []),
            (cand(6251999, "Canada", 60.0, -96.0, "CA", "CAN", "PCLI", 37_000_000, fcl="A"), []),
            (cand(4680000, "Canadian", 35.9, -100.4, "US", "USA", "PPL", 2_000, "US.TX"), []),
            (cand(2964574, "Dublin", 53.33, -6.25, "IE", "IRL", "PPLC", 1_024_027, "IE.L"), []),
            (cand(5152333, "Dublin", 40.10, -83.11, "US", "USA", "PPL", 45_098, "US.OH"), []),
            (cand(4188985, "Columbus", 39.96, -83.0, "US", "USA", "PPL", 913_175, "US.OH"), []),
            (cand(5165418, "Ohio", 40.25, -83.0, "US", "USA", "ADM1", 11_000_000, "US.OH", "A"), []),
            (cand(4829764, "Oconee County", 33.8, -83.4, "US", "USA", "ADM2", 40_000, "US.GA", "A"), []),
            (cand(5368361, "Los Angeles", 34.05, -118.24, "US", "USA", "PPL", 3_820_914, "US.CA"), []),
            (cand(4335045, "New Orleans", 29.95, -90.07, "US", "USA", "PPL", 389_617, "US.LA"), []),
            (cand(1814991, "China", 35.0, 105.0, "CN", "CHN", "PCLI", 1_400_000_000, fcl="A"), []),
            (cand(4681000, "China", 30.05, -94.33, "US", "USA", "PPL", 1_130, "US.TX"), []),
            (cand(4736286, "Texas", 31.25, -99.25, "US", "USA", "ADM1", 22_000_000, "US.TX", "A"), []),
        ],
        countries=[RUS, USA, IRL, CAN],
    )


def resolve(gaz, text: str, names: list[str]) -> list:
    tops, cursor = [], 0
    for n in names:
        at = text.index(n, cursor)
        tops.append(Toponym(n, at, at + len(n)))
        cursor = at + len(n)
    return Resolver(gaz).resolve(text, tops)


def test_demonym_resolves_to_its_country(gaz):
    (r,) = resolve(gaz, "Russian troops crossed.", ["Russian"])
    assert r.candidate is not None and r.candidate.name == "Russia"
    (r,) = resolve(gaz, "The Russians left.", ["Russians"])
    assert r.candidate is not None and r.candidate.name == "Russia"


def test_demonym_beats_a_small_namesake_town(gaz):
    (r,) = resolve(gaz, "Canadian officials said.", ["Canadian"])
    assert r.candidate.geonameid == 6251999


def test_demonyms_can_be_switched_off(gaz):
    (r,) = Resolver(gaz, demonyms=False).resolve("Russian troops.", [Toponym("Russian", 0, 7)])
    assert r.candidate is None


def test_comentioned_state_moves_a_repeated_name_to_its_namesake(gaz):
    text = "Dublin council met. Dublin and Columbus agreed. Dublin, in Ohio, pays. Dublin again."
    out = resolve(gaz, text, ["Dublin", "Dublin", "Columbus", "Dublin", "Ohio", "Dublin"])
    assert {r.candidate.geonameid for r in out if r.toponym.text == "Dublin"} == {5152333}


def test_without_context_the_prominent_reading_wins(gaz):
    (r,) = resolve(gaz, "Dublin council met.", ["Dublin"])
    assert r.candidate.geonameid == 2964574


def test_context_does_not_pull_a_country_to_a_hamlet(gaz):
    out = resolve(gaz, "Texas firms trade with China.", ["Texas", "China"])
    assert out[1].candidate.geonameid == 1814991


@pytest.mark.parametrize(("name", "expected"), [
    ("Oconee", "Oconee County"), ("Loudon Co.", "Loudon County"), ("South Los Angeles", "Los Angeles"),
    ("Port of Tacoma", "Tacoma"), ("Birmingham City", "Birmingham"), ("W. Va.", "W.Va."),
])
def test_backoffs(name, expected):
    assert expected in _backoffs(name)


def test_backoff_finds_the_county_and_the_city(gaz):
    out = resolve(gaz, "In Oconee and South Los Angeles.", ["Oconee", "South Los Angeles"])
    assert out[0].candidate.name == "Oconee County"
    assert out[1].candidate.name == "Los Angeles"


def test_street_inherits_the_story_town_only_when_clear(gaz):
    text = "New Orleans police said. In New Orleans, Royal Street was shut."
    out = resolve(gaz, text, ["New Orleans", "New Orleans", "Royal Street"])
    assert out[2].candidate is not None and out[2].candidate.name == "New Orleans"
    assert out[2].score < out[0].score
    (alone,) = resolve(gaz, "Royal Street was shut.", ["Royal Street"])
    assert alone.candidate is None


def make_doc(text: str, mentions: list[tuple[str, str]]) -> Document:
    ms, cursor = [], 0
    for k, (name, label) in enumerate(mentions):
        at = text.index(name, cursor)
        cursor = at + len(name)
        ms.append(Mention(f"m{k}", Span(at, at + len(name)), name, label, 0, PROV))
    return Document(article=Article(text=text), sentences=(Sentence(0, Span(0, len(text))),),
                    mentions=tuple(ms))


def test_recognise_adds_demonyms_repeats_and_embedded_places(gaz):
    text = "Russian envoys met in Dublin. Dublin police and the Ohio State Patrol said Dublin was calm."
    doc = make_doc(text, [("Russian", "NORP"), ("Dublin", "GPE"), ("Ohio State Patrol", "ORG")])
    found = recognise(doc, gaz)
    texts = [(f.text, f.span.start) for f in found]
    assert ("Russian", 0) in texts and any(f.demonym for f in found if f.text == "Russian")
    assert [t for t, _ in texts].count("Dublin") == 3
    assert ("Ohio", text.index("Ohio")) in texts


def test_recognise_drops_a_gpe_the_story_uses_as_a_surname(gaz):
    text = "Mike Canadian spoke. Canadian said the plan works."
    doc = make_doc(text, [("Mike Canadian", "PERSON"), ("Canadian", "GPE")])
    doc = Document(article=doc.article, sentences=doc.sentences,
                   mentions=(doc.mentions[0], Mention("m1", Span(21, 29), "Canadian", "GPE", 0, PROV)))
    assert [f.text for f in recognise(doc, gaz) if not f.demonym] == []


def test_place_fused_to_led_or_backed_never_locates_an_event():
    from eventwire.geo.toponyms import _MODIFIER

    text = "the US-led coalition and Iran-backed militias, a London-based group, in Basra"
    assert _MODIFIER.match(text, text.index("US") + 2)
    assert _MODIFIER.match(text, text.index("Iran") + 4)
    assert _MODIFIER.match(text, text.index("London") + 6)
    assert not _MODIFIER.match(text, text.index("Basra") + 5)


def test_recognised_spans_are_the_names_without_article_or_possessive(gaz):
    text = "Troops crossed the Russia border. Canada's envoy and the Ohio police met."
    doc = make_doc(text, [("the Russia", "GPE"), ("Canada's", "GPE"), ("the Ohio", "GPE")])
    found = recognise(doc, gaz)
    assert [f.text for f in found] == ["Russia", "Canada", "Ohio"]
    assert all(text[f.span.start:f.span.end] == f.text for f in found)


def test_recognise_drops_ner_places_nothing_supports(gaz):
    text = "Yulia met IoTX staff on Royal Street in Dublin."
    doc = make_doc(text, [("Yulia", "GPE"), ("IoTX", "GPE"), ("Royal Street", "FAC"), ("Dublin", "GPE")])
    assert [f.text for f in recognise(doc, gaz)] == ["Royal Street", "Dublin"]


def test_recognise_takes_country_orgs_and_continent_demonyms():
    gaz = FakeGazetteer(
        places=[(cand(6255148, "Europe", 48.7, 9.1, None, None, "CONT", 700_000_000, fcl="L"), ["EU"])],
        countries=[CAN],
    )
    text = "Canada and the EU agreed. European leaders and Europeans cheered. Mike said so."
    doc = make_doc(text, [("Canada", "ORG"), ("EU", "ORG"), ("European", "NORP"), ("Europeans", "NORP"),
                          ("Mike", "PERSON")])
    found = recognise(doc, gaz)
    assert [f.text for f in found] == ["Canada", "EU", "European", "Europeans"]
    assert [f.demonym for f in found] == [False, False, True, True]


def test_province_codes_read_in_the_storys_country():
    bc = cand(5909050, "British Columbia", 53.99, -125.0, "CA", "CAN", "ADM1", 4_600_000, "CA.02", "A")
    wa_au = cand(2058645, "Western Australia", -25.0, 122.0, "AU", "AUS", "ADM1", 2_600_000, "AU.08", "A")
    wa_us = cand(5815135, "Washington", 47.5, -120.5, "US", "USA", "ADM1", 7_000_000, "US.WA", "A")
    australia = cand(2077456, "Australia", -25.0, 135.0, "AU", "AUS", "PCLI", 25_000_000, fcl="A")
    aus = Country("AU", "AUS", "Australia", -25.0, 135.0, 2077456, "Canberra", 25_000_000, ("Australian",))
    gaz = FakeGazetteer(places=[(cand(6251999, "Canada", 60.0, -96.0, "CA", "CAN", "PCLI", 37_000_000, fcl="A"), []),
                                (bc, ["CA-BC"]), (wa_au, ["AU-WA"]), (wa_us, []), (australia, [])],
                        countries=[CAN, aus, USA])
    out = resolve(gaz, "Canada said BC will pay.", ["Canada", "BC"])
    assert out[1].candidate.geonameid == 5909050
    out = resolve(gaz, "Australia said water in WA is clean.", ["Australia", "WA"])
    assert out[1].candidate.geonameid == 2058645
    (alone,) = resolve(gaz, "BC will pay.", ["BC"])
    assert alone.candidate is None  # no country in the story: no guess


def test_a_bare_county_name_in_a_story_about_its_state():
    georgia = cand(4197000, "Georgia", 32.75, -83.5, "US", "USA", "ADM1", 10_000_000, "US.GA", "A")
    county = cand(4181182, "Barrow County", 33.99, -83.71, "US", "USA", "ADM2", 80_000, "US.GA", "A")
    town = cand(5880054, "Utqiagvik", 71.29, -156.79, "US", "USA", "PPL", 4_400, "US.AK")
    gaz = FakeGazetteer(places=[(georgia, []), (county, []), (town, ["Barrow"])], countries=[USA])
    out = resolve(gaz, "Schools in Georgia closed; Barrow followed.", ["Georgia", "Barrow"])
    assert out[1].candidate.geonameid == 4181182
    (alone,) = resolve(gaz, "Barrow followed.", ["Barrow"])
    assert alone.candidate.geonameid == 5880054  # no state in the story: the town


def test_institutions_resolve_to_the_place_they_name_not_to_a_namesake_hamlet(gaz):
    out = resolve(gaz, "The Bank of Texas and the China Institute met.", ["Bank of Texas", "China Institute"])
    assert out[0].candidate.geonameid == 4736286  # the place after "of"
    assert out[1].candidate is None or out[1].candidate.geonameid != 4681000  # not China, Texas (1,130)
    (r,) = resolve(gaz, "Fishing on the Dublin River.", ["Dublin River"])
    assert r.candidate is not None and r.candidate.name == "Dublin"  # a river: the town it is named after


def test_recognise_reads_datelines_and_mislabelled_people(gaz):
    ohio_cities = FakeGazetteer(
        places=[(cand(4188985, "Columbus", 39.96, -83.0, "US", "USA", "PPL", 913_175, "US.OH"), []),
                (cand(1255053, "Tamil Nadu", 11.0, 78.0, "IN", "IND", "ADM1", 72_000_000, "IN.25", "A"), []),
                (cand(2964574, "Dublin", 53.33, -6.25, "IE", "IRL", "PPLC", 1_024_027, "IE.L"), [])],
        countries=[USA, IRL])
    text = ("COLUMBUS, Ohio (AP) - Tamil Nadu said Dublin won. Officials in Dublin agreed. "
            "Dublin's mayor and Mr Smith left.")
    doc = make_doc(text, [("Tamil Nadu", "PERSON"), ("Dublin", "PERSON"), ("Dublin", "GPE"), ("Dublin's", "PERSON"),
                          ("Smith", "PERSON")])
    found = [f.text for f in recognise(doc, ohio_cities)]
    assert found == ["COLUMBUS", "Tamil Nadu", "Dublin", "Dublin", "Dublin"]


def test_untagged_prominent_place_is_recognised():
    import spacy

    nlp = spacy.blank("en")
    text = "Troops captured Columbus and Smallville yesterday."
    parsed = nlp(text)
    for tok in parsed:
        tok.pos_ = "PROPN" if tok.text[:1].isupper() and tok.i else "NOUN"
    gaz = FakeGazetteer(places=[(cand(4188985, "Columbus", 39.96, -83.0, "US", "USA", "PPL", 913_175, "US.OH"), []),
                                (cand(1, "Smallville", 39.0, -95.0, "US", "USA", "PPL", 3_000, "US.KS"), [])],
                        countries=[USA])
    doc = Document(article=Article(text=text), sentences=(Sentence(0, Span(0, len(text))),), parse=parsed)
    assert [f.text for f in recognise(doc, gaz)] == ["Columbus"]  # a city of 100,000, not a hamlet


def test_organisations_named_after_their_building_are_sites(gaz):
    text = "In Dublin, Mass at Holy Redeemer Church; Dublin High School closed; the Catholic Church spoke."
    doc = make_doc(text, [("Dublin", "GPE"), ("Holy Redeemer Church", "ORG"), ("Dublin High School", "ORG"),
                          ("the Catholic Church", "ORG")])
    # a school named after the town reads as the town; a generic church body is no place
    assert [f.text for f in recognise(doc, gaz)] == ["Dublin", "Holy Redeemer Church", "Dublin"]


def test_plain_unknown_names_inherit_only_a_clear_story_town(gaz):
    text = "New Orleans police said. In New Orleans, Bywater flooded. New Orleans again. Texans left."
    out = resolve(gaz, text, ["New Orleans", "New Orleans", "Bywater", "New Orleans", "Texans"])
    assert out[2].candidate.name == "New Orleans" and out[2].inherited and out[2].score == 0.2
    assert out[4].candidate.name == "Texas" and not out[4].inherited  # a people's name: its state, no neighbourhood
    out = resolve(gaz, "In New Orleans, Bywater flooded.", ["New Orleans", "Bywater"])
    assert out[1].candidate is None  # one mention is no clear story town for a plain name


def test_iso_codes_and_bare_generic_words_are_not_places(gaz):
    text = "BA flights and the IRL Group; the Centre said Ireland and the UK agreed."
    doc = make_doc(text, [("BA", "ORG"), ("IRL Group", "ORG"), ("Centre", "GPE"), ("Ireland", "GPE")])
    assert [f.text for f in recognise(doc, gaz)] == ["Ireland"]


def test_a_name_before_a_place_noun_is_a_place(gaz):
    text = "Gunmen attacked Xyzzy town and the Qwerty district; Kurdish region and Mexico City stayed calm."
    doc = make_doc(text, [])
    assert [f.text for f in recognise(doc, gaz) if not f.demonym] == ["Xyzzy", "Qwerty"]  # "Kurdish": a people


@pytest.fixture
def new_york() -> FakeGazetteer:
    return FakeGazetteer(places=[
        (cand(5128638, "New York", 43.0, -75.5, "US", "USA", "ADM1", 31_000_000, "US.NY", "A"), []),
        (cand(5128581, "New York City", 40.71, -74.01, "US", "USA", "PPL", 8_800_000, "US.NY"), ["New York"]),
        (cand(5110302, "Brooklyn", 40.65, -73.95, "US", "USA", "PPL", 2_600_000, "US.NY"), []),
        (cand(5106834, "Albany", 42.65, -73.76, "US", "USA", "PPLA", 97_000, "US.NY"), []),
        (cand(5116303, "Elmira", 42.09, -76.81, "US", "USA", "PPL", 28_000, "US.NY"), []),
    ], countries=[USA])


def test_longer_form_in_the_story_decides_the_reading(new_york):
    text = "Police in New York City said on Monday that New York had seen fewer shootings."
    city, short = resolve(new_york, text, ["New York City", "New York"])
    assert city.candidate.geonameid == short.candidate.geonameid == 5128581


def test_big_city_is_backed_by_the_places_around_it(new_york):
    text = "Fans in Brooklyn cheered. The New York team won."
    _, ny = resolve(new_york, text, ["Brooklyn", "New York"])
    assert ny.candidate.geonameid == 5128581
    text = "Lawmakers in Albany and Elmira said New York would cut taxes."
    *_, ny = resolve(new_york, text, ["Albany", "Elmira", "New York"])
    assert ny.candidate.geonameid == 5128638  # upstate places back the state


def test_western_and_arab_name_regions():
    gaz = FakeGazetteer(places=[
        (cand(9408659, "Western Europe", 50.2, 7.4, None, None, "RGN", 190_000_000, fcl="L"), []),
        (cand(6957698, "Arabia", 25.0, 45.0, None, None, "RGN", 61_000_000, fcl="L"), []),
        (cand(4830455, "Arab", 34.3, -86.5, "US", "USA", "PPL", 8_000, "US.AL"), []),
    ])
    west, arab = resolve(gaz, "Western diplomats met Arab leaders.", ["Western", "Arab"])
    assert west.candidate.geonameid == 9408659 and arab.candidate.geonameid == 6957698
    gaz.add(cand(400000, "Western", 0.3, 34.6, "KE", "KEN", "ADM1", 4_300_000, "KE.09", "A"))
    (west,) = resolve(gaz, "Western leaders met.", ["Western"])
    assert west.candidate.geonameid == 9408659  # the West, though a province has the name


def test_camel_case_acronyms_are_not_places(gaz):
    gaz.add(cand(3000001, "Modena", 44.6, 10.9, "IT", "ITA", "PPL", 180_000, "IT.05"), ["MoD"])
    text = "The MoD said the soldier died near Columbus."
    doc = make_doc(text, [("MoD", "GPE"), ("Columbus", "GPE")])
    assert [f.text for f in recognise(doc, gaz)] == ["Columbus"]


def test_places_and_demonyms_inside_other_entities(gaz):
    gaz.add(cand(5378538, "Oakland", 37.8, -122.27, "US", "USA", "PPL", 433_031, "US.CA"))
    gaz.add(cand(5368000, "Surprise", 33.6, -112.4, "US", "USA", "PPL", 143_148, "US.AZ"))
    gaz.add_country(Country("NO", "NOR", "Norway", 62.0, 10.0, 3144096, "Oslo", 5_300_000, ("Norwegian",)))
    text = ("The Kidney Foundation of Canada and Canadian Blood Services paid 40 US dollars. "
            "The Oakland Athletics beat Rainbow Kitten Surprise. No-Confidence Motion fails.")
    doc = make_doc(text, [("The Kidney Foundation of Canada", "ORG"), ("Canadian Blood Services", "ORG"),
                          ("40 US dollars", "MONEY"), ("The Oakland Athletics", "ORG"),
                          ("Rainbow Kitten Surprise", "WORK_OF_ART"), ("No-Confidence Motion", "ORG")])
    found = {f.text: f for f in recognise(doc, gaz)}
    assert {"Canada", "Canadian", "US", "Oakland"} <= set(found)
    assert found["Canadian"].demonym and not found["Canada"].demonym
    assert found["Oakland"].span.start == text.index("Oakland")
    assert "Surprise" not in found and "No" not in found  # a town only inside an ORG; no country codes


def test_ner_mislabels_that_are_places(gaz):
    gaz.add(cand(2759661, "Almelo", 52.36, 6.66, "NL", "NLD", "PPL", 72_000, "NL.15"))
    gaz.add(cand(2464470, "Tunis", 36.82, 10.17, "TN", "TUN", "PPLC", 693_210, "TN.38"))
    gaz.add(cand(3333158, "Kent", 51.2, 0.7, "GB", "GBR", "ADM2", 1_500_000, "GB.ENG", "A"))
    gaz.add(cand(5350937, "Fresno", 36.75, -119.77, "US", "USA", "PPL", 520_000, "US.CA"))
    gaz.add(cand(147288, "Azerbaijan", 40.5, 47.5, "AZ", "AZE", "PCLI", 9_900_000, fcl="A"))
    gaz.add_country(Country("AZ", "AZE", "Azerbaijan", 40.5, 47.5, 147288, "Baku", 9_900_000, ("Azerbaijani",)))
    text = ("Trains stop in Almelo. Talks in Tunis went on. Races at Brands Hatch, Kent. 8 April. "
            "Azerbaijani soldiers laid mines near Fresno, Calif. Kent said so. Almelo, Kent, Tunis and Ohio agree.")
    doc = make_doc(text, [("Almelo", "PERSON"), ("Tunis", "NORP"), ("Brands Hatch", "FAC"), ("Kent", "PERSON"),
                          ("Azerbaijani", "PERSON"), ("Fresno", "GPE"), ("Calif.", "GPE"), ("Kent", "PERSON"),
                          ("Almelo", "PERSON"), ("Kent", "PERSON")])
    found = [(f.text, f.span.start) for f in recognise(doc, gaz)]
    for name, at in [("Almelo", text.index("Almelo")), ("Tunis", text.index("Tunis")),
                     ("Kent", text.index("Kent")), ("Calif.", text.index("Calif."))]:
        assert (name, at) in found
    assert any(f.demonym for f in recognise(doc, gaz) if f.text == "Azerbaijani")
    assert ("Kent", text.index("Kent said")) not in found  # a person where nothing says place
    assert ("Kent", text.index("Kent, Tunis")) not in found  # a list of names goes on


def test_a_name_the_story_uses_mostly_for_a_person_is_no_place(gaz):
    gaz.add(cand(1815000, "Chenzhou", 25.8, 113.0, "CN", "CHN", "PPL", 1_900_000, "CN.11"), ["Chen"])
    text = "Chen was charged. Chen denied it. Prosecutors said Chen lied. Chen is a town."
    doc = make_doc(text, [("Chen", "PERSON"), ("Chen", "PERSON"), ("Chen", "GPE"), ("Chen", "PERSON")])
    assert [f.text for f in recognise(doc, gaz)] == []
    doc = make_doc(text, [("Chen", "GPE"), ("Chen", "GPE"), ("Chen", "PERSON"), ("Chen", "GPE")])
    assert [f.text for f in recognise(doc, gaz)] == ["Chen"] * 4  # mostly a place: kept and spread


def test_a_building_lies_in_the_town_named_next_to_it(gaz):
    text = ("Doctors at MetroHealth Medical Center in Columbus said so. Officials in Dublin, Ohio agreed. "
            + "Nothing else happened. " * 20 + "Staff of the Quux Memorial Hospital left.")
    out = resolve(gaz, text, ["MetroHealth Medical Center", "Columbus", "Dublin", "Ohio", "Quux Memorial Hospital"])
    assert out[0].candidate.name == "Columbus" and out[0].inherited  # no town leads: the nearest one
    assert out[4].candidate is None  # no town within a few lines


def test_demonyms_of_admin_units_and_spaced_state_abbreviations(gaz):
    gaz.add(cand(6643410, "Abkhazia", 43.0, 41.0, "GE", "GEO", "ADM1", 242_862, "GE.02", "A"))
    gaz.add(cand(567293, "Dagestan", 43.0, 47.0, "RU", "RUS", "ADM1", 3_182_054, "RU.17", "A"))
    gaz.add(cand(4826850, "West Virginia", 38.5, -80.5, "US", "USA", "ADM1", 1_800_000, "US.WV", "A"))
    text = "Abkhaz and Dagestani fighters met a Texan from Wheeling, W. Va."
    out = resolve(gaz, text, ["Abkhaz", "Dagestani", "Texan", "W. Va."])
    assert [r.candidate.name for r in out] == ["Abkhazia", "Dagestan", "Texas", "West Virginia"]


def test_places_no_ner_mention_covers(gaz):
    gaz.add(cand(4930956, "Boston", 42.36, -71.06, "US", "USA", "PPL", 653_833, "US.MA"))
    gaz.add(cand(2651000, "Cheshire", 53.2, -2.6, "GB", "GBR", "ADM2", 1_000_000, "GB.ENG", "A"))
    gaz.add(cand(2640000, "Oulton Park", 53.18, -2.62, "GB", "GBR", "PPL", 1_000, "GB.ENG"))
    gaz.add(cand(5000001, "College", 64.86, -147.8, "US", "USA", "PPL", 12_000, "US.AK"))
    gaz.add_country(Country("SV", "SLV", "El Salvador", 13.8, -88.9, 3585968, "San Salvador", 6_400_000,
                            ("Salvadoran",)))
    text = ("By Nate Raymond. BOSTON (Reuters) - Racing at Oulton Park, Cheshire. 23 June. "
            "Salvadoran migrants waited. MORE COLLEGE BASKETBALL: the college said.")
    doc = make_doc(text, [("Oulton Park", "FAC")])
    found = {f.text: f for f in recognise(doc, gaz)}
    assert {"BOSTON", "Cheshire", "Salvadoran"} <= set(found) and found["Salvadoran"].demonym
    assert "COLLEGE" not in found  # a word the story also writes in lower case


def test_national_bodies_and_canadian_abbreviations(gaz):
    gaz.add(cand(6255148, "Europe", 48.7, 9.1, None, None, "CONT", 741_000_000, fcl="L"))
    gaz.add(cand(3996063, "Mexico", 23.0, -102.0, "MX", "MEX", "PCLI", 128_000_000, fcl="A"))
    gaz.add(cand(6252001, "United States", 39.76, -98.5, "US", "USA", "PCLI", 327_000_000, fcl="A"))
    gaz.add(cand(6093943, "Ontario", 49.25, -84.5, "CA", "CAN", "ADM1", 12_861_940, "CA.08", "A"))
    gaz.add(cand(5379439, "Ontario", 34.06, -117.65, "US", "USA", "PPL", 175_000, "US.CA"))
    gaz.add_country(Country("MX", "MEX", "Mexico", 23.0, -102.0, 3996063, "Mexico City", 128_000_000, ("Mexican",)))
    text = "The Mexican Senate, the US Federal Reserve and the European Commission met in Kingston, Ont."
    senate, fed, commission, ont = resolve(gaz, text, ["Mexican Senate", "US Federal Reserve",
                                                       "European Commission", "Ont."])
    assert senate.candidate.name == "Mexico" and fed.candidate.name == "United States"
    assert commission.candidate.name == "Europe"
    assert ont.candidate.feature_code == "ADM1" and ont.candidate.country == "CA"


def test_peoples_name_their_land():
    gaz = FakeGazetteer(places=[
        (cand(6290252, "Serbia", 44.0, 21.0, "RS", "SRB", "PCLI", 7_000_000, fcl="A"), []),
        (cand(1227603, "Sri Lanka", 7.75, 80.75, "LK", "LKA", "PCLI", 21_000_000, fcl="A"), []),
        (cand(1529047, "Xinjiang Uygur Zizhiqu", 42.0, 86.0, "CN", "CHN", "ADM1", 25_000_000, "CN.13", "A"),
         ["Xinjiang"]),
    ])
    serbs, sinhalese, uyghurs = resolve(gaz, "Serbs, Sinhalese and Uyghurs marched.", ["Serbs", "Sinhalese", "Uyghurs"])
    assert [r.candidate.country for r in (serbs, sinhalese, uyghurs)] == ["RS", "LK", "CN"]


def test_a_reading_next_to_another_names_reading_wins():
    gaz = FakeGazetteer(places=[
        (cand(264371, "Athens", 37.98, 23.73, "GR", "GRC", "PPLC", 664_046, "GR.ESYE31"), []),
        (cand(4671545, "Athens", 32.20, -95.85, "US", "USA", "PPL", 12_788, "US.TX"), []),
        (cand(4697000, "Henderson County", 32.21, -95.85, "US", "USA", "ADM2", 82_000, "US.TX", "A"), []),
        (cand(4297000, "Henderson County", 37.80, -87.57, "US", "USA", "ADM2", 46_000, "US.KY", "A"), []),
        (cand(4481000, "Henderson County", 35.34, -82.48, "US", "USA", "ADM2", 116_000, "US.NC", "A"), []),
    ])
    athens, county = resolve(gaz, "Deputies in Athens said Henderson County roads were closed.",
                             ["Athens", "Henderson County"])
    assert athens.candidate.geonameid == 4671545 and county.candidate.admin1 == "US.TX"
    (athens,) = resolve(gaz, "Tourists flocked to Athens.", ["Athens"])
    assert athens.candidate.geonameid == 264371  # nothing next to the small one: the capital


def test_a_town_before_a_residents_noun_is_a_place(gaz):
    gaz.add(cand(5044000, "Winona", 44.05, -91.64, "US", "USA", "PPL", 27_000, "US.MN"))
    doc = make_doc("A Winona man was found.", [("Winona", "ORG")])
    assert [(f.text, f.span.start) for f in recognise(doc, gaz)] == [("Winona", 2)]
    doc = make_doc("Shares of Winona rose.", [("Winona", "ORG")])
    assert recognise(doc, gaz) == []  # a company of that name


def test_an_all_capitals_article_is_scanned_within_a_bound(gaz):
    from eventwire.geo import toponyms

    text = "DUBLIN (AP) - " + "POLICE SAID FIVE PEOPLE DIED ON MONDAY NEAR COLUMBUS. " * 400
    calls = []
    real = gaz.candidates
    gaz.candidates = lambda name, limit=20: calls.append(name) or real(name, limit)
    found = recognise(make_doc(text, []), gaz)
    assert found[0].text == "DUBLIN"
    assert len(calls) < 3 * toponyms._MAX_CAPS_LOOKUPS  # not one lookup per word of the article


def test_a_name_listed_beside_a_place_is_one_when_the_gazetteer_has_it_in_that_country():
    gaz = FakeGazetteer(
        places=[
            (cand(9001, "Qaryat Alif", 33.1, 44.1, "IQ", "IRQ", "PPL", 80_000), ["Alif"]),
            (cand(9002, "Beta", 32.6, 44.0, "IQ", "IRQ", "PPL", 120_000), []),
            (cand(9003, "Gamma", 40.0, -80.0, "US", "USA", "PPL", 5_000), []),
        ],
        countries=[USA],
    )
    # the NER calls the first town a person; listed with Beta, in Beta's country, it is a town
    text = "Gunmen attacked checkpoints in Alif and Beta. Gamma and Beta met Smith."
    doc = make_doc(text, [("Alif", "PERSON"), ("Beta", "GPE"), ("Gamma", "PERSON"), ("Beta", "GPE"),
                          ("Smith", "PERSON")])
    found = [f.text for f in recognise(doc, gaz)]
    assert found[:2] == ["Alif", "Beta"]
    assert "Gamma" not in found  # a Gamma the gazetteer has only in another country
    assert "Smith" not in found


def test_a_person_after_in_is_a_city_by_another_of_its_names_but_an_acronym_is_not():
    gaz = FakeGazetteer(
        places=[
            (cand(9101, "Al Hillah", 32.5, 44.4, "IQ", "IRQ", "PPL", 455_000), ["Hilla"]),
            (cand(9102, "Qaryat Delta", 33.0, 44.0, "IQ", "IRQ", "PPL", 30_000), ["Delta"]),
            (cand(9103, "Toluca", 19.3, -99.7, "MX", "MEX", "PPLA", 490_000), ["TLC"]),
        ],
        countries=[USA],
    )
    text = "A bomb exploded in Hilla. Police patrolled in Delta. No student graduated from TLC."
    doc = make_doc(text, [("Hilla", "PERSON"), ("Delta", "PERSON"), ("TLC", "ORG")])
    found = [f.text for f in recognise(doc, gaz)]
    assert "Hilla" in found
    assert "Delta" not in found  # another name of a town of 30,000: not enough for a "person"
    assert "TLC" not in found  # an airport code among a city's names


def test_a_full_stop_the_tokenizer_leaves_on_a_name_at_a_line_end_is_not_the_names():
    from eventwire.geo.found import _trim

    for text, name in [("Fighting went on in Hama.\n", "Hama"), ("They fled to Hama.", "Hama"),
                       ("They fled to Springfield, Mass.\n", "Springfield, Mass."),
                       ("Troops left the U.S.\n", "U.S."), ("He was in Hama. Then", "Hama.")]:
        start = text.index(name.split(",")[0])
        s, e = _trim(text, start, start + len(name) + (1 if name == "Hama" else 0))
        assert text[s:e] == name, text


def test_an_alternate_name_counts_as_the_places_own_only_when_it_spells_it():
    from eventwire.geo.toponyms import _spelled

    hama = Candidate(170063, "Ḩamāh", 35.13, 36.76, "SY", "SYR", None, None, "P", "PPL", 460_602, match="alt")
    topeka = Candidate(4280539, "Topeka", 39.05, -95.68, "US", "USA", None, None, "P", "PPL", 125_963,
                       match="alt")
    tal_afar = Candidate(97990, "Tall ‘Afar", 36.38, 42.45, "IQ", "IRQ", None, None, "P", "PPL", 0, match="alt")
    assert _spelled(hama, "Hama") and _spelled(tal_afar, "Tal Afar")
    assert not _spelled(topeka, "Google")  # one of Topeka's GeoNames alternates


def test_according_to_cites_a_source_not_a_place():
    from eventwire.geo.toponyms import _after_locative

    text = "according to Sana, and flights to Sana"
    assert not _after_locative(text, text.index("Sana"))
    assert _after_locative(text, text.rindex("Sana"))


def test_initials_the_article_spells_out_are_read_as_the_name():
    gaz = FakeGazetteer(places=[
        (cand(3573591, "Trinidad and Tobago", 11.0, -61.0, "TT", "TTO", "PCLI", 1_300_000, fcl="A"), []),
        (cand(953987, "South Africa", -29.0, 24.0, "ZA", "ZAF", "PCLI", 58_000_000, fcl="A"), []),
        (cand(102358, "Saudi Arabia", 25.0, 45.0, "SA", "SAU", "PCLI", 34_000_000, fcl="A"), []),
    ])
    text = "Dominica thanked Trinidad and Tobago for its help. T&T sent a ship."
    _, tt = resolve(gaz, text, ["Trinidad and Tobago", "T&T"])
    assert tt.candidate is not None and tt.candidate.geonameid == 3573591
    # the spelling nearest before the initials wins; with none, the first after
    text = "Saudi Arabia and, later, South Africa signed. SA officials said so."
    assert resolve(gaz, text, ["SA"])[0].candidate.geonameid == 953987
    assert resolve(gaz, "SA officials met. South Africa said so.", ["SA"])[0].candidate.geonameid == 953987
    # initials nothing in the text spells out stay unresolved
    assert resolve(gaz, "SA officials met in the capital.", ["SA"])[0].candidate is None
