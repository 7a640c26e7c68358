"""The place model: candidates and features, which candidates it may pick, its last word in the
geo stage (and what it leaves to the rules), the model file, training out-of-fold.

Models here are stand-ins that score candidates from their feature names, or are trained on a
few synthetic rows, so the tests are fast and need no gold data. Sentences are invented.
"""

from __future__ import annotations

import numpy as np
import pytest

from eventwire.config import GeoOptions
from eventwire.learn.places import KEEP_MIN, PICK_MIN, candidates, decide, eligible, features
from eventwire.model import Event, Span


class _Model:
    """Scores a place candidate 0.9 when it has one of the wanted features, else 0.05."""

    def __init__(self, *wanted):
        self.wanted = set(wanted)

    def has_phrases(self, side):
        return side == "place"

    def phrase_probs(self, side, feats, text):
        assert side == "place"
        return np.array([0.9 if self.wanted & set(fs) else 0.05 for fs in feats])


@pytest.fixture(scope="module")
def geo_stage():
    from eventwire.stages.geo import GeoStage

    stage = GeoStage(GeoOptions(model="none"))
    stage.open()
    yield stage
    stage.close()


@pytest.fixture(scope="module")
def coded(rule_events, geo_stage):
    """``coded(text) -> Document`` through nlp, actors, the events rules and the geo rules."""
    return lambda text: geo_stage(rule_events(text))


def _event(doc, trigger):
    at = doc.text.index(trigger)
    ev = next((e for e in doc.events if e.trigger.start <= at < e.trigger.end), None)
    return ev or Event("probe", "", Span(at, at + len(trigger)), doc.sentence_of(at).index)


def _place_text(doc, ev):
    return None if ev.place is None else doc.place(ev.place.place_id).text


def test_candidates_are_the_sentence_toponyms_with_what_the_rules_know_of_them(coded):
    doc = coded("Gunmen from Syria attacked a checkpoint in Mosul. Iraq condemned it.")
    ev = _event(doc, "attacked")
    cands = candidates(doc, ev, doc.places)
    assert [c.text for c in cands] == ["Syria", "Mosul"]  # not Iraq: another sentence
    by_text = dict(zip([c.text for c in cands], features(doc, ev, cands, cands[1]), strict=True))
    mosul, syria = set(by_text["Mosul"]), set(by_text["Syria"])
    assert {"rule", "prep=in", "attached", "after"} <= mosul
    assert "rule_elsewhere" in syria and "prep=from" in syria and "not_where" in syria


def test_features_say_how_the_sentences_toponyms_relate(coded):
    doc = coded("In Dagestan on Wednesday, police shot two gunmen in the town of Buinaksk "
                "in Dagestan.")
    ev = _event(doc, "shot")
    cands = candidates(doc, ev, doc.places)
    assert [c.text for c in cands] == ["Dagestan", "Buinaksk", "Dagestan"]
    first, town, last = (set(f) for f in features(doc, ev, cands, None))
    # "the town of X in Y": the town is named as one, the finest, and nested in the region
    assert {"named_town", "finest", "nested_smaller"} <= town
    assert "nested_larger" in last and "coarser" in first
    assert "holds_finer_same_country" in first and "holds_finer_same_country" not in town
    # the region is named twice: the first mention is the nearer the trigger
    assert "repeat_nearer" in first and "repeat_farther" in last


def test_only_what_the_rules_would_consider_is_eligible():
    assert eligible(["bias", "prep=in", "attached"])
    for veto in ("src=demonym", "src=modifier", "modifier", "not_where", "in_actor"):
        assert not eligible(["bias", veto])
    assert eligible(["bias", "in_actor_located"])  # "militants in Gaza fired": where they were


def test_decide_takes_the_best_eligible_candidate_that_reaches_the_threshold():
    feats = [["modifier"], ["attached"], ["attached"]]
    probs = np.array([0.95, PICK_MIN + 0.1, PICK_MIN + 0.2])
    assert decide(probs, feats, ["a", "b", "c"]) == "c"  # "a" is a modifier
    assert decide(np.array([0.95, 0.1, PICK_MIN - 0.01]), feats, ["a", "b", "c"]) is None
    assert decide(np.array([]), [], []) is None


def test_below_the_threshold_the_rules_place_stays_while_the_model_gives_it_a_chance():
    feats = [["rule", "attached"], ["attached"]]
    assert decide(np.array([KEEP_MIN + 0.01, 0.2]), feats, ["rules'", "b"]) == "rules'"
    assert decide(np.array([KEEP_MIN - 0.01, 0.2]), feats, ["rules'", "b"]) is None
    assert decide(np.array([KEEP_MIN + 0.01, 0.2]), feats, ["rules'", "b"], keep_min=None) is None
    # a candidate that reaches PICK_MIN wins over the rules' place
    assert decide(np.array([KEEP_MIN + 0.01, PICK_MIN]), feats, ["rules'", "b"]) == "b"


def test_the_model_has_the_last_word_and_the_event_says_so(coded, geo_stage, monkeypatch):
    text = "Rebels from Homs shelled a market in Hama."
    rules = coded(text)
    ev = _event(rules, "shelled")
    assert _place_text(rules, ev) == "Hama"
    monkeypatch.setattr(geo_stage, "_model", _Model("nothing"))
    dropped = coded(text)
    ev = _event(dropped, "shelled")
    # the model finds no toponym of the sentence to be the place: the country of the rules'
    # place stands in, at precision 3, pointing at no text
    country = dropped.place(ev.place.place_id) if ev.place is not None else None
    assert country is not None and country.provenance.rule == "sentence-country"
    assert (country.country_code, country.text, ev.place.precision) == ("SYR", "", 3)
    assert ev.provenance.model.endswith("place:none")
    assert geo_stage.place_for(dropped, ev) is None


def test_a_set_aside_place_gives_its_country_not_the_articles(coded, geo_stage, monkeypatch):
    text = ("Officials in Washington, New York and Chicago said on Monday that a contractor "
            "from Ohio was killed in Kabul.")
    rules = coded(text)
    assert _place_text(rules, _event(rules, "killed")) == "Kabul"
    monkeypatch.setattr(geo_stage, "_model", _Model("nothing"))
    doc = coded(text + " Nobody commented. Gunmen attacked a bus later that day.")
    country = doc.place(_event(doc, "killed").place.place_id)
    assert (country.country_code, country.provenance.rule) == ("AFG", "sentence-country")
    # an event whose sentence names no place falls back to the article's dominant country
    fallback = doc.place(_event(doc, "attacked").place.place_id)
    assert (fallback.country_code, fallback.provenance.rule) == ("USA", "dominant-country")


def test_statements_keep_the_rules_place(coded, geo_stage, monkeypatch):
    monkeypatch.setattr(geo_stage, "_model", _Model("nothing"))
    doc = coded("The minister accused Iran of lying, he said in Baghdad on Monday.")
    accuse = [e for e in doc.events if e.type == "ACCUSE"]
    assert accuse and all("place:" not in (e.provenance.model or "") for e in accuse)


def test_a_name_on_the_event_noun_is_where_it_was(coded):
    # (the events stage takes "Kandahar" for the bombers; it is still where the bombing was)
    doc = coded("Seven soldiers died in the Kandahar bombing on Monday.")
    bombing = [e for e in doc.events if doc.text[e.trigger.start : e.trigger.end] == "bombing"]
    assert bombing and _place_text(doc, bombing[0]) == "Kandahar"


def test_training_out_of_fold_writes_weights_the_model_reads(tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    from test_event_model import write_model

    from eventwire.learn import train_places
    from eventwire.learn.features import text_key
    from eventwire.learn.model import EventModel

    rows = []
    for i in range(120):
        good = i % 3  # 0, 1: the cued candidate is the place; 2: none is, and none is cued
        feats = [
            ["bias", "cue" if good == 0 else "other"],
            ["bias", "cue" if good == 1 else "other"],
        ]
        rows.append(
            {
                "fold": i % 4,
                "keys": {text_key(f"s{i}")},
                "feats": feats,
                "labels": [int(good == 0), int(good == 1)],
                "has_gold": good != 2,
                "verbal": False,
                "rule_right": good == 0,
            }
        )
    monkeypatch.setattr(train_places, "load_rows", lambda data, k: rows)
    # without the event-location gold there is no place model (the geo rules decide)
    assert train_places.train_places(tmp_path, 4) == ({}, {"place_items": 0}, set())
    (tmp_path / "event-location").mkdir()
    (tmp_path / "event-location" / "event_location_dev.jsonl").touch()
    arrays, report, keys = train_places.train_places(tmp_path, 4)
    model_all, _with, _none = report["oof_place"]["model"]
    assert model_all > 0.9 and report["oof_place"]["rules"][0] < 0.5
    assert len(keys) == 120 and {f for _, f in keys} == {0, 1, 2, 3}
    assert set(arrays) == {"pfeatures"} | {
        f"p{x}{j}" for x in ("tf", "tt", "tl", "tr", "tv", "b") for j in range(5)
    }
    path = write_model(tmp_path / "m.npz", ["bias"], [0, 0, 0, 0, 1.0])
    with np.load(path) as data:
        merged = {k: data[k] for k in data.files}
    merged["pfeatures"] = arrays["pfeatures"]
    for x in ("tf", "tt", "tl", "tr", "tv", "b"):  # the file has 1 fold, then the full model
        merged[f"p{x}0"], merged[f"p{x}1"] = arrays[f"p{x}0"], arrays[f"p{x}4"]
    np.savez(tmp_path / "p.npz", **merged)
    m = EventModel.load(tmp_path / "p.npz")
    assert m.has_phrases("place") and not m.has_phrases("target")
    p = m.phrase_probs("place", [["bias", "cue"], ["bias", "other"]], "an unseen sentence")
    assert p[0] > PICK_MIN > p[1]
