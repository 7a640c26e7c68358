"""The resolution calibration: what a choice's probability reads, the threshold, training and loading."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from eventwire.geo import Candidate, FakeGazetteer
from eventwire.geo.resolve import Resolver, Toponym, decision_inputs
from eventwire.stages.geo import calibration_for

sys.path.insert(0, str(Path(__file__).parent))


def cand(gid, name, lat, lon, cc, fcode="PPL", pop=0, a1=None, fcl="P"):
    return Candidate(gid, name, lat, lon, cc, None, a1, None, fcl, fcode, pop)


@pytest.fixture
def gaz() -> FakeGazetteer:
    return FakeGazetteer(places=[
        (cand(2964574, "Dublin", 53.33, -6.25, "IE", "PPLC", 1_024_027, "IE.L"), []),
        (cand(5152333, "Dublin", 40.10, -83.11, "US", "PPL", 45_098, "US.OH"), []),
        (cand(5152334, "Dublin", 40.12, -83.10, "US", "PPL", 10, "US.OH"), []),  # the same place
        (cand(4188985, "Columbus", 39.96, -83.0, "US", "PPL", 913_175, "US.OH"), []),
    ])


def _resolve(resolver: Resolver, text: str, names: list[str]):
    return resolver.resolve(text, [Toponym(n, text.index(n), text.index(n) + len(n)) for n in names])


def test_a_choice_records_its_lead_over_readings_of_other_places(gaz):
    dublin, columbus = _resolve(Resolver(gaz), "Dublin is far from Columbus.", ["Dublin", "Columbus"])
    assert dublin.candidate.geonameid == 5152333  # beside Columbus: Dublin, Ohio
    # one rival, Ireland's capital: the other Ohio record lies within 161 km, the same place
    assert dublin.rivals == 1 and dublin.margin is not None and dublin.margin > 0
    assert columbus.rivals == 0 and columbus.margin is None
    inputs = decision_inputs(dublin)
    assert inputs["kind=town"] == 1.0 and inputs["no_rival"] == 0.0 and 0 < inputs["margin"] <= 1
    assert decision_inputs(columbus)["no_rival"] == 1.0
    assert dublin.probability is None  # no calibration, no probability


def test_a_choice_under_the_threshold_is_left_unresolved_with_its_probability(gaz):
    seen = []

    def calibration(r):
        seen.append(r.toponym.text)
        return 0.9 if r.toponym.text == "Columbus" else 0.15

    kept = _resolve(Resolver(gaz, calibration=calibration), "Dublin and Columbus.", ["Dublin", "Columbus"])
    assert [r.probability for r in kept] == [0.15, 0.9] and all(r.candidate for r in kept)
    dublin, columbus = _resolve(Resolver(gaz, calibration=calibration, min_probability=0.2),
                                "Dublin and Columbus.", ["Dublin", "Columbus"])
    assert dublin.candidate is None and dublin.probability == 0.15
    assert columbus.candidate is not None and columbus.probability == 0.9
    assert set(seen) == {"Dublin", "Columbus"}


def test_training_writes_a_calibration_the_model_reads(tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    from test_event_model import write_model

    from eventwire.learn import train_resolution
    from eventwire.learn.features import text_key
    from eventwire.learn.model import EventModel

    rng = np.random.default_rng(0)
    rows = []
    for i in range(400):
        margin = float(rng.uniform(0, 1))
        right = int(rng.uniform() < margin)  # the lead is the probability of being right
        rows.append({"inputs": {"margin": margin, "score": 0.9}, "right": right, "fold": i % 4,
                     "key": text_key(f"article {i // 4}"), "set": "lgl", "score": 0.9})
    monkeypatch.setattr(train_resolution, "load_rows", lambda data, k: [])
    assert train_resolution.train_resolution(tmp_path, 4) == ({}, {"resolution_items": 0}, set())
    monkeypatch.setattr(train_resolution, "load_rows", lambda data, k: rows)
    arrays, report, keys = train_resolution.train_resolution(tmp_path, 4)
    # the resolver's score (0.9 everywhere) says nothing; the calibration follows the margin
    assert report["resolution_ece_calibrated"] < 0.08 < report["resolution_ece_score"]
    assert set(arrays) == {"rfeatures"} | {f"r{x}{j}" for x in ("w", "b") for j in range(5)}
    assert {f for _, f in keys} == {0, 1, 2, 3}
    path = write_model(tmp_path / "m.npz", ["bias"], [0, 0, 0, 0, 1.0], held=["article 0"])
    with np.load(path) as data:
        merged = {k: data[k] for k in data.files}
    merged["rfeatures"] = arrays["rfeatures"]
    merged["rw0"], merged["rb0"] = arrays["rw0"], np.array(-30.0, np.float32)  # fold 0: never sure
    merged["rw1"], merged["rb1"] = arrays["rw4"], arrays["rb4"]  # the full model
    np.savez(tmp_path / "r.npz", **merged)
    m = EventModel.load(tmp_path / "r.npz")
    low = m.resolution_probability({"margin": 0.05, "score": 0.9}, None)
    high = m.resolution_probability({"margin": 0.95, "score": 0.9}, None)
    assert low is not None and high is not None and low < 0.3 and high > 0.7
    # a training article is scored by its held-out fold's calibration
    assert m.fold_of("article 0") == 0 and m.fold_of("an unseen article") is None
    assert m.resolution_probability({"margin": 0.95}, 0) < 0.01
    calibrate = calibration_for(m, "article 0")
    assert calibrate is not None and calibration_for(None, "article 0") is None


def test_a_model_file_with_mismatched_calibration_weights_is_refused(tmp_path):
    from test_event_model import write_model

    from eventwire.errors import ResourceError
    from eventwire.learn.model import EventModel

    path = write_model(tmp_path / "m.npz", ["bias"], [0, 0, 0, 0, 1.0])
    with np.load(path) as data:
        merged = {k: data[k] for k in data.files}
    merged["rfeatures"] = np.array(["margin", "score"])
    for j in range(2):
        merged[f"rw{j}"], merged[f"rb{j}"] = np.zeros(3, np.float32), np.array(0.0, np.float32)
    np.savez(tmp_path / "bad.npz", **merged)
    with pytest.raises(ResourceError, match="calibration"):
        EventModel.load(tmp_path / "bad.npz")


def test_a_place_record_carries_its_score():
    from eventwire.model import Place, Span
    from eventwire.record import place_record

    rec = place_record(Place("pl0", Span(0, 6), "Dublin", 5152333, "Dublin", 40.1, -83.11, score=0.42))
    assert rec["score"] == 0.42 and rec["name"] == "Dublin"
    assert place_record(Place("pl1", Span(0, 4), "Nowy"))["score"] is None


def test_an_event_location_and_its_plover_export_carry_the_places_score():
    import datetime as dt

    from eventwire.export.plover_jsonl import _location as plover_location
    from eventwire.model import Article, Document, Event, EventPlace, Place, Span
    from eventwire.record import _location

    place = Place("pl0", Span(10, 16), "Dublin", 5152333, "Dublin", 40.1, -83.11, score=0.42)
    event = Event("e0", "PROTEST", Span(0, 9), 0, place=EventPlace("pl0", 1))
    doc = Document(article=Article(text="Protests in Dublin.", id="a", published=dt.date(2026, 1, 1)),
                   places=(place,), events=(event,))
    loc = _location(doc, event)
    assert loc is not None and loc["score"] == 0.42 and loc["resolved_place"] == "Dublin"
    assert plover_location(loc)["score"] == 0.42
