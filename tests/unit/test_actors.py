"""Actors stage rules on sentences parsed by the real spaCy model, and a gold-set floor."""

from __future__ import annotations

import json

import pytest

from eventwire.config import ActorsOptions
from eventwire.model import Span
from eventwire.stages.actors import ActorsStage, actor_for_span

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stage(actors_stage) -> ActorsStage:
    return actors_stage


@pytest.fixture
def code(stage, parse):
    """``code(text, published=None)`` -> (document with actors, lookup(substring) -> Actor)."""

    def _code(text, published=None):
        doc = stage(parse(text, published))

        def at(sub, nth=0):
            start = -1
            for _ in range(nth + 1):
                start = text.index(sub, start + 1)
            return actor_for_span(doc, Span(start, start + len(sub)))

        return doc, at

    return _code


def coding(actor):
    return (actor.code, actor.sector) if actor is not None else None


def test_agent_nouns_coded_by_nationality_modifiers(code):
    doc, at = code("Iraqi police arrested dozens of protesters while US forces and Israeli warplanes "
                   "struck militants.")
    assert coding(at("Iraqi police")) == ("IRQ", "COP")
    assert coding(at("US forces")) == ("USA", "MIL")
    assert coding(at("Israeli warplanes")) == ("ISR", "MIL")
    assert at("militants").sector == "REB" and at("militants").code is None


def test_backed_is_an_affiliation_not_the_code(code):
    doc, at = code("Iranian-backed Iraqi paramilitary groups have blamed the United States.")
    groups = at("paramilitary groups")
    assert coding(groups) == ("IRQ", "PRM") and groups.affiliation == "IRN"
    assert coding(at("United States")) == ("USA", None)


def test_possessive_and_prepositional_countries(code):
    doc, at = code("Iran's army shelled villages, and rebels in Sudan attacked the police of Chad.")
    assert coding(at("army")) == ("IRN", "MIL")
    assert coding(at("rebels")) == ("SDN", "REB")
    assert coding(at("police")) == ("TCD", "COP")


def test_coordinated_nationalities_give_one_actor_each(code):
    doc, at = code("Senior Hungarian and Romanian officials agreed on Wednesday.")
    assert coding(at("Hungarian")) == ("HUN", "GOV")
    assert coding(at("Romanian officials")) == ("ROU", "GOV")
    assert at("Hungarian") is not at("Romanian officials")


def test_title_and_nationality_before_a_name(code):
    doc, at = code("Iraqi Prime Minister Adel Abdul Mahdi ordered the depots moved, and President "
                   "Jean Dupont of Benin objected.", "2019-08-21")
    pm = at("Adel Abdul Mahdi")
    assert coding(pm) == ("IRQ", "GOV")
    assert doc.text[pm.mentions[0].start:].startswith("Iraqi Prime Minister")
    assert coding(at("Jean Dupont")) == ("BEN", "GOV")


def test_leaders_dictionary_and_surnames(code):
    doc, at = code("Prime Minister Benjamin Netanyahu spoke on Monday. Netanyahu said he would act.",
                   "2019-08-19")
    bibi = at("Benjamin Netanyahu")
    assert coding(bibi) == ("ISR", "GOV") and bibi.wikidata == "Q43723"
    assert at("Netanyahu", 1) is bibi
    assert at("he") is bibi  # the last person subject


def test_unknown_person_repeated_surname(code):
    doc, at = code("Opposition leader Maria Kovacs was arrested. Police said Kovacs resisted.")
    kovacs = at("Maria Kovacs")
    assert kovacs.sector == "OPP" and kovacs.kind == "person"
    assert at("Kovacs", 1) is kovacs


def test_acronym_and_aliases_defined_in_text(code):
    text = ("The statement came from the Popular Mobilization Forces (FMP), or Hashd al-Shaabi, a "
            "coalition of militias. A PMF commander denied it. The National Resistance Union (NRU) "
            "said the NRU would fight, and the group later withdrew.")
    doc, at = code(text)
    pmf = at("Popular Mobilization Forces")
    assert coding(pmf) == ("IRQ", "PRM")
    assert at("FMP") is pmf and at("Hashd al-Shaabi") is pmf and at("PMF") is pmf
    nru = at("National Resistance Union")
    assert nru is not None and nru is not pmf
    assert at("NRU") is nru and at("NRU", 1) is nru
    assert at("group") is nru  # "the group" -> the nearest named group


def test_also_known_as_and_parenthesised_alternatives(code):
    doc, at = code("The deal was signed by Jamal Hassan Ibrahimi, also known as Abu Layla, on Monday. "
                   "The Islamic State of Iraq and the Levant (ISIL, or ISIS) rejected it.")
    assert at("Abu Layla") is at("Jamal Hassan Ibrahimi")
    isil = at("Islamic State of Iraq and the Levant")
    assert coding(isil) == ("IMG", "REB")
    assert at("ISIL") is isil and at("ISIS") is isil


def test_acronym_by_initials_in_another_order(code):
    doc, at = code("The Union of Democratic Forces won the vote. Later the UFD said it had withdrawn.")
    udf = at("Union of Democratic Forces")
    assert udf is not None and udf.kind == "organization" and udf.sector == "LAB"  # a union
    assert at("UFD") is udf


def test_capitals_as_governments_and_as_places(code):
    doc, at = code("Tensions between Washington and Tehran grew as a bomb exploded in Baghdad.")
    assert coding(at("Washington")) == ("USA", "GOV")
    assert coding(at("Tehran")) == ("IRN", "GOV")
    baghdad = at("Baghdad")
    assert baghdad.kind == "city" and coding(baghdad) == ("IRQ", None)


def test_igos_and_member_nouns(code):
    doc, at = code("NATO warplanes bombed Serb positions while Hamas gunmen fired on UN peacekeepers.")
    assert coding(at("NATO")) == ("IGO", "MIL")
    assert coding(at("Hamas gunmen")) == ("PSE", "REB")
    assert coding(at("UN peacekeepers")) == ("IGO", "MIL")


def test_pronouns_stay_precise(code):
    doc, at = code("The ministry said it was studying the plan. It is unclear whether it will pass. "
                   "“We will act,” a spokesman said.")
    assert at("it") is at("ministry")  # same sentence, a subject antecedent
    assert at("It") is None  # "it is unclear": no actor
    assert at("it", 1) is None  # a subordinate clause does not reach back a sentence
    assert at("We") is None  # inside a quote: not resolved


def test_setting_codes_an_uncoded_title(code):
    doc, at = code("President Omar El Bashir on Thursday shortened the curfew imposed in Sudan.")
    assert coding(at("President Omar El Bashir")) == ("SDN", "GOV")
    doc, at = code("Israel attacked militants on Monday.")
    assert at("militants").code is None  # the acting country is not the militants' country


def test_one_actor_per_real_actor(code):
    doc, at = code("Iraqi police arrested two men. The police said the men were armed. "
                   "Iraq's government praised the police.")
    assert at("police", 1) is at("Iraqi police") and at("police", 2) is at("Iraqi police")
    assert coding(at("government")) == ("IRQ", "GOV")
    ids = [a.id for a in doc.actors]
    assert len(ids) == len(set(ids))
    for actor in doc.actors:
        assert actor.provenance.stage == "actors" and actor.mentions


def test_a_group_noun_on_a_named_group_is_that_group(code):
    doc, at = code("The al-Shabaab militant group attacked a hotel. Hamas militants fired rockets. "
                   "Osama bin Laden's al-Qaeda terror network threatened the United States.")
    assert at("militant group") is at("al-Shabaab") and at("al-Shabaab").name == "al-Shabaab"
    # members of a group are their own actor, coded by it; a person before the name only owns it
    assert at("militants") is not at("Hamas") and coding(at("militants"))[0] == "PSE"
    assert at("terror network") is at("al-Qaeda") and at("terror network").code == "IMG"
    assert at("Osama bin Laden") is not at("al-Qaeda")


def test_a_leader_s_forces_and_government_are_the_leader_s_country(code):
    doc, at = code("Assad's forces shelled Douma. Putin's government said it would respond.",
                   "2019-08-21")
    assert coding(at("forces")) == ("SYR", "MIL")
    assert coding(at("government")) == ("RUS", "GOV")


def test_a_group_qualified_by_a_name_is_not_that_group(code):
    doc, at = code("The Hamas-linked militant group fired rockets. Hamas said nothing.")
    group = at("militant group")
    assert group is None or group is not at("Hamas", 1)


def test_led_groups_stay_apart_and_capital_names_the_government(code):
    doc, at = code("US forces patrolled the border. The US-led coalition said Moscow had refused.")
    coalition = at("US-led coalition")
    assert coding(coalition) == ("USA", "MIL") and coalition.affiliation == "USA"
    assert coalition is not at("US forces")
    assert at("Moscow").name == "Government of Russia" and coding(at("Moscow")) == ("RUS", "GOV")


def test_places_tagged_as_people_are_not_actors(code):
    doc, at = code("Protesters gathered at Pearl Roundabout while troops fought in Mutsamudu.")
    assert at("Pearl Roundabout") is None
    assert at("Mutsamudu") is None or at("Mutsamudu").kind != "person"


def test_user_dictionary_in_the_stage(parse, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("organizations:\n  - {name: Blue Lantern Front, code: MDG, sector: REB}\n",
                     encoding="utf-8")
    stage = ActorsStage(ActorsOptions(dictionaries=(str(extra),)))
    doc = stage(parse("The Blue Lantern Front attacked a convoy."))
    front = [a for a in doc.actors if a.name == "Blue Lantern Front"]
    assert front and coding(front[0]) == ("MDG", "REB")


# --- the PLOVER gold standard (dev split) ------------------------------------------------------

#: Measured 2026-11-24 on plover_gsr_dev.jsonl: 260 gold spans, code 0.877, sector 0.811 (159 with a
#: sector). Floors sit a little below so that a real regression fails.
CODE_FLOOR = 0.84
SECTOR_FLOOR = 0.76


def test_plover_gsr_actor_codes(stage, parse, shared_data):
    path = shared_data / "plover-gsr-cameo" / "plover_gsr_dev.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    spans = codes_ok = sectors = sectors_ok = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        doc = stage(parse(text, record["date"]))
        for event in record["events"]:
            for gold in (event.get("source") or []) + (event.get("target") or []):
                wanted = gold["text"].split("..")[0].strip()
                start = text.find(wanted)
                if start < 0:
                    continue  # the coder edited the span ("Ghanians", "West German")
                actor = actor_for_span(doc, Span(start, start + len(wanted)))
                spans += 1
                codes_ok += actor is not None and actor.code == gold["code"]
                sector = (gold.get("sector") or "")[:3].upper()
                if sector and sector != "***":
                    sectors += 1
                    sectors_ok += actor is not None and actor.sector == sector
    assert spans > 200
    assert codes_ok / spans >= CODE_FLOOR, f"code accuracy {codes_ok / spans:.3f}"
    assert sectors_ok / sectors >= SECTOR_FLOOR, f"sector accuracy {sectors_ok / sectors:.3f}"


def test_a_titled_person_takes_the_one_country_of_the_sentence(code):
    doc, at = code("Judge Alejandro Rivera opened fraud investigations against 28 Chilean officials.")
    assert at("Judge Alejandro Rivera").code == "CHL"
    doc, at = code("Judge Alejandro Rivera met Chilean and Peruvian officials.")
    assert at("Judge Alejandro Rivera").code is None  # two countries: no guess


def test_it_with_a_disposition_is_its_antecedent(code):
    doc, at = code("Syria says it is willing to withdraw its troops from Lebanon.")
    assert at("it") is at("Syria")
    doc, at = code("Syria says it is clear that talks failed.")
    assert at("it") is None  # "it is clear": no actor
