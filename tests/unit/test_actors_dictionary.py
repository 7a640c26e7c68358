"""Actor dictionary: country data, matching, dates, YAML extension and errors (no spaCy model)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.config import ActorsOptions
from eventwire.errors import ConfigError
from eventwire.model import Actor, Article, Document, Span
from eventwire.stages.actor_dictionary import load_dictionary, pluralize, tokenize
from eventwire.stages.actors import ActorsStage, actor_for_span


@pytest.fixture(scope="module")
def dictionary():
    return load_dictionary()


def test_tokenize_keeps_dotted_abbreviations_and_offsets():
    toks = tokenize("U.S. forces, al-Qaeda’s men")
    assert [t for _, _, t in toks] == ["U.S.", "forces", ",", "al", "-", "Qaeda", "'", "s", "men"]
    text = "U.S. forces, al-Qaeda’s men"
    assert all(text[s:e].replace("\u2019", "'") == t for s, e, t in toks)


@pytest.mark.parametrize(
    ("word", "plural"),
    [("militia", "militias"), ("police", "police"), ("authority", "authorities"),
     ("armed forces", "armed forces"), ("gunman", "gunmen"), ("security force", "security forces")],
)
def test_pluralize(word, plural):
    assert pluralize(word) == plural


def test_countries_from_package_and_curated(dictionary):
    assert dictionary.country_of("Iraq") == "IRQ"
    assert dictionary.country_of("Iraqi") == "IRQ"
    assert dictionary.country_of("Tehran") == "IRN"  # capital from countryinfo
    assert dictionary.country_of("Washington") == "USA"  # curated capital
    assert dictionary.country_of("U.S.") == "USA"
    assert dictionary.country_of("American") == "USA"  # not the Northern Mariana Islands
    assert dictionary.country_of("Chinese") == "CHN"  # not Hong Kong or Macau
    assert dictionary.country_names["GBR"] == "United Kingdom"
    # two-letter ISO codes that are English words are no country
    assert dictionary.country_of("IN") is None and dictionary.country_of("IT") is None
    # the package's demonyms in the plural too, where English adds an s
    assert dictionary.country_of("Ghanaians") == "GHA" and dictionary.country_of("Cameroonians") == "CMR"
    assert dictionary.country_of("Chineses") is None and dictionary.country_of("Frenchs") is None


def test_scan_is_case_aware_and_longest_first(dictionary):
    hits = dictionary.scan("Let us meet US officials and the Islamic State of Iraq and the Levant.")
    found = [(h.text, h.what, h.code) for h in hits]
    assert ("US", "demonym", "USA") in found or ("US", "country", "USA") in found
    assert not any(h.text == "us" for h in hits)
    isil = [h for h in hits if h.what == "entry"]
    assert isil and isil[0].text == "Islamic State of Iraq and the Levant" and isil[0].code == "IMG"
    assert not any(h.text == "Iraq" for h in hits)  # inside the longer name


def test_scan_matches_lowercase_particles(dictionary):
    hits = dictionary.scan("an attack claimed by al-Qaeda on Monday")
    assert [(h.text, h.code) for h in hits] == [("al-Qaeda", "IMG")]


def test_leader_sector_depends_on_the_date(dictionary):
    entry = dictionary.entries["p:hosni mubarak"]
    assert entry.coding(dt.date(2005, 1, 1)) == ("EGY", "GOV")
    assert entry.coding(dt.date(2015, 1, 1)) == ("EGY", None)  # out of office
    assert entry.coding(None) == ("EGY", "GOV")
    taliban = dictionary.entries["o:taliban"]
    assert taliban.coding(dt.date(2010, 1, 1)) == ("AFG", "REB")
    assert taliban.coding(dt.date(2022, 1, 1)) == ("AFG", "GOV")


def test_a_shared_alias_goes_to_whoever_held_office_that_day(dictionary):
    def who(day):
        return [h.entry.name for h in dictionary.scan("Assad met Bush.", day)]

    assert who(dt.date(1995, 6, 1)) == ["Hafez al-Assad", "George H. W. Bush"]
    assert who(dt.date(2005, 6, 1)) == ["Bashar al-Assad", "George W. Bush"]


def test_user_yaml_extends_and_later_files_win(tmp_path):
    first = tmp_path / "a.yaml"
    first.write_text(
        "organizations:\n"
        "  - {name: Northern Hawks Brigade, aliases: [NHB], code: NER, sector: REB, kind: group}\n"
        "agents:\n  PRM: [village guard]\n",
        encoding="utf-8",
    )
    second = tmp_path / "b.yaml"
    second.write_text(
        "organizations:\n  - {name: Northern Hawks Brigade, aliases: [NHB], code: MLI, sector: PRM}\n",
        encoding="utf-8",
    )
    d = load_dictionary([first, second])
    hits = d.scan("The NHB attacked.")
    assert [(h.text, h.code, h.entry.sector) for h in hits] == [("NHB", "MLI", "PRM")]
    assert d.agent_sector(["village", "guards"]) == "PRM"
    assert d.country_of("Iraq") == "IRQ"  # the built-in data is still there


def test_bad_yaml_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("organizations:\n  - {name: X, code: [IRQ\n  - {name: Y}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_dictionary([bad])
    assert "bad.yaml" in str(info.value) and "line" in str(info.value)


def test_malformed_entries_and_missing_file_are_config_errors(tmp_path):
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("people:\n  - {code: USA}\n", encoding="utf-8")  # no name
    with pytest.raises(ConfigError, match="wrong.yaml"):
        load_dictionary([wrong])
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("actors: []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown section"):
        load_dictionary([unknown])
    with pytest.raises(ConfigError, match="not found"):
        load_dictionary([tmp_path / "missing.yaml"])


def test_stage_contract_is_cheap_and_needs_no_parse():
    stage = ActorsStage(ActorsOptions())
    assert stage._dictionary is None  # nothing loaded by the constructor
    assert stage.requires == {"sentences", "mentions", "parse"} and stage.produces == {"actors"}
    doc = stage(Document(article=Article(text="Iraqi police arrested protesters.")))
    assert doc.actors == ()


def test_actor_for_span_prefers_the_tightest_mention():
    text = "Iraqi Prime Minister Adel Abdul Mahdi met US forces."
    iraq = Actor("a0", "Iraq", "country", "IRQ", None, (Span(0, 5),))
    pm = Actor("a1", "Adel Abdul Mahdi", "person", "IRQ", "GOV", (Span(0, 37),))
    us = Actor("a2", "US forces", "group", "USA", "MIL", (Span(42, 51),))
    doc = Document(article=Article(text=text), actors=(iraq, pm, us))
    assert actor_for_span(doc, Span(6, 37)) is pm  # contained in the person's mention only
    assert actor_for_span(doc, Span(0, 5)) is iraq  # both contain it: the tightest wins
    assert actor_for_span(doc, Span(38, 51)) is us  # overlap
    assert actor_for_span(doc, Span(52, 53)) is None
