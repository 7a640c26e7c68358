"""The learned event model: file format, held-out lookup, rules-vs-model decisions, training.

Model files here are written by hand (numpy only) or trained on a few synthetic rows, so the
tests are fast and need no gold data.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from eventwire.config import EventsOptions
from eventwire.errors import ResourceError
from eventwire.learn import apply as learn_apply
from eventwire.learn.features import sentence_features, text_key
from eventwire.learn.model import FORMAT, EventModel, calibrated
from eventwire.model import PLOVER_TYPES, Event, Provenance, Span
from eventwire.ontology import pentaclass
from eventwire.stages.events import EventsStage


def write_model(
    path, features, full_bias, fold_bias=None, held=(), calibrator=(4.0, 0.0, 0.0, 0.0),
    type_bias=None,
):
    """A model whose class scores are its bias plus 0 per feature: probabilities set by hand."""
    n = len(features)
    biases = [fold_bias if fold_bias is not None else full_bias, full_bias]  # fold 0, then full
    arrays = {"features": np.array(features)}
    for j, b in enumerate(biases):
        arrays[f"w{j}"] = np.zeros((n, 5), np.float32)
        arrays[f"d{j}"] = np.zeros((0, 5), np.float32)
        arrays[f"b{j}"] = np.array(b, np.float32)
    arrays["holdout_keys"] = np.array([text_key(t) for t in held] or ["-"])
    arrays["holdout_folds"] = np.zeros(max(1, len(held)), np.int32)
    arrays["calibrator"] = np.array(calibrator)
    if type_bias is not None:
        for j in range(2):
            arrays[f"tw{j}"] = np.zeros((n, len(PLOVER_TYPES)), np.float32)
            arrays[f"tb{j}"] = np.array([type_bias.get(t, 0.0) for t in PLOVER_TYPES], np.float32)
    arrays["meta"] = np.array(json.dumps({"format": FORMAT, "folds": 1, "id": "test"}))
    np.savez(path, **arrays)
    return path


def test_pentaclass_follows_the_phoenix_roots():
    assert [pentaclass(c) for c in ("010", "020", "036", "057", "070", "0874", "100", "112")] == [
        0, 0, 1, 1, 2, 2, 3, 3,
    ]
    assert [pentaclass(c) for c in ("130", "145", "150", "163", "173", "190", "204")] == [
        3, 4, 4, 3, 4, 4, 4,
    ]
    assert pentaclass(None) is None and pentaclass("xx") is None and pentaclass("25") is None


def test_text_key_ignores_case_and_spacing_only():
    assert text_key("The  army\nshelled it.") == text_key("the army shelled it.")
    assert text_key("The army shelled it.") != text_key("The army shelled them.")


def test_missing_or_bad_model_file_is_a_resource_error(tmp_path):
    with pytest.raises(ResourceError) as err:
        EventModel.load(tmp_path / "none.npz")
    assert "eventwire.learn.train" in str(err.value.hint)
    bad = tmp_path / "bad.npz"
    np.savez(bad, meta=np.array(json.dumps({"format": 99, "folds": 0})))
    with pytest.raises(ResourceError, match="format"):
        EventModel.load(bad)
    with pytest.raises(ResourceError):
        EventsStage(EventsOptions(model=str(tmp_path / "none.npz"))).open()


def test_training_sentences_are_scored_by_their_held_out_fold(tmp_path):
    path = write_model(
        tmp_path / "m.npz", ["bias"], [0, 0, 0, 0, 5.0], fold_bias=[5.0, 0, 0, 0, 0],
        held=["Rebels shelled the town."],
    )
    m = EventModel.load(path)
    seen = m.probs(["bias"], np.zeros(0, np.float32), "rebels  shelled the town.")
    unseen = m.probs(["bias"], np.zeros(0, np.float32), "Rebels shelled the city.")
    assert int(np.argmax(seen)) == 0  # the fold model, which never saw the sentence
    assert int(np.argmax(unseen)) == 4  # the full model
    assert abs(seen.sum() - 1) < 1e-6


def test_calibrator_is_monotone_in_the_model_probability():
    coef = np.array([1.5, 0.5, 0.2, -0.1])
    values = [calibrated(coef, p, 0.8, False) for p in (0.05, 0.3, 0.6, 0.95)]
    assert values == sorted(values) and 0 < values[0] < values[-1] < 1


def _event(type_, cameo, conf=0.8):
    return Event(
        id="e0", type=type_, trigger=Span(0, 1), sentence=0, cameo=cameo, confidence=conf,
        provenance=Provenance("events", "2", rule="x"),
    )


@pytest.fixture(scope="module")
def sentence(parse):
    """A parsed sentence that is no training sentence; the test models weigh only "bias"."""
    return next(iter(parse("Sentence not in training.").parse.sents))


@pytest.mark.parametrize(
    ("bias", "type_", "cameo", "decision", "code"),
    [
        ([0, 0, 0, 0, 4.0], "ASSAULT", "190", "agree", "190"),
        ([4.0, 0, 0, 0, 0], "ASSAULT", "190", "rule", "190"),  # the model cannot retype it
        ([4.0, 0, 0, 0, 0], "REQUEST", "100", "model", "020"),  # appeal, not demand
        ([0, 0, 0, 4.0, 0], "REQUEST", "020", "model", "100"),
        ([0, 0, 0, 4.0, 0], "REQUEST", "100", "agree", "100"),
    ],
)
def test_rescore_records_who_won(tmp_path, sentence, bias, type_, cameo, decision, code):
    m = EventModel.load(write_model(tmp_path / "m.npz", ["bias"], bias))
    (ev,) = learn_apply.rescore(m, sentence, [_event(type_, cameo)])
    assert ev.provenance.model == f"event-model/test:{decision}"
    assert ev.cameo == code
    assert ev.provenance.rule == "x"  # the rule that found it is still named
    agree = decision != "rule"
    assert (ev.confidence > 0.9) == agree and (ev.confidence < 0.1) == (not agree)


def test_stage_uses_the_model_file_it_is_given(tmp_path, parse):
    from eventwire.stages.actors import ActorsStage

    path = write_model(tmp_path / "m.npz", ["bias"], [0, 0, 0, 0, 4.0])
    actors = ActorsStage()
    actors.open()
    doc = actors(parse("Rebels shelled the town on Monday."))
    with_model = EventsStage(EventsOptions(model=str(path)))
    rules_only = EventsStage(EventsOptions(model="none"))
    (a,), (b,) = with_model(doc).events, rules_only(doc).events
    assert a.type == b.type == "ASSAULT"
    assert a.provenance.model == "event-model/test:agree" and b.provenance.model is None


def test_the_model_proposes_an_event_where_rules_found_none(tmp_path, sentence):
    # sure of material cooperation; the type model prefers ASSAULT overall, AID within the class
    path = write_model(
        tmp_path / "m.npz", ["bias"], [0, 0, 4.0, 0, 0], type_bias={"ASSAULT": 3.0, "AID": 1.0}
    )
    assert learn_apply.propose(EventModel.load(path), sentence) == ("AID", pytest.approx(0.93, abs=0.01))
    unsure = write_model(tmp_path / "u.npz", ["bias"], [0, 0, 0.5, 0, 0], type_bias={"AID": 1.0})
    assert learn_apply.propose(EventModel.load(unsure), sentence) is None
    statement = write_model(tmp_path / "s.npz", ["bias"], [4.0, 0, 0, 0, 0], type_bias={"AID": 1.0})
    assert learn_apply.propose(EventModel.load(statement), sentence) is None
    no_types = write_model(tmp_path / "n.npz", ["bias"], [0, 0, 4.0, 0, 0])
    assert learn_apply.propose(EventModel.load(no_types), sentence) is None


def test_stage_places_a_proposed_event_on_the_clause_and_says_the_model_won(tmp_path, parse):
    from eventwire.stages.actors import ActorsStage

    path = write_model(tmp_path / "m.npz", ["bias"], [0, 0, 4.0, 0, 0], type_bias={"AID": 1.0})
    actors = ActorsStage()
    actors.open()
    doc = actors(parse("Germany furnished Jordan with 300 tents. Officials did not furnish more."))
    (ev,) = EventsStage(EventsOptions(model=str(path)))(doc).events  # the negated one: none
    assert (ev.type, ev.sentence, ev.provenance.model, ev.provenance.rule) == (
        "AID", 0, "event-model/test:model", None,
    )
    assert doc.text[ev.trigger.start : ev.trigger.end] == "furnished"
    assert [p.text for p in ev.actors] == ["Germany"] and "Jordan" in [p.text for p in ev.recipients]
    assert EventsStage(EventsOptions(model="none"))(doc).events == ()


def test_features_read_parse_and_rule_events(parse):
    doc = parse("Police did not arrest the protesters.")
    sent = next(iter(doc.parse.sents))
    feats = sentence_features(sent, [_event("COERCE", "173")])
    assert {"v=arrest", "vneg=arrest", "rt=COERCE", "rc=4", "top=COERCE", "nev=1"} <= set(feats)
    assert "rule=none" in sentence_features(sent, [])


def test_training_writes_a_model_the_stage_reads(tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    from eventwire.learn import train

    rng = np.random.default_rng(0)
    rows = []
    for i in range(60):
        label = i % 5
        rows.append(
            {
                "id": str(i), "text": f"sentence {i}", "label": label,
                "feats": ["bias", f"w=cue{label}", f"w=noise{rng.integers(3)}"],
                "vec": np.zeros(2, np.float32),
                "events": [_event("ASSAULT", "190", 0.7)], "keys": {text_key(f"sentence {i}")},
            }
        )
    monkeypatch.setattr(train, "load_items", lambda data: [])
    monkeypatch.setattr(train, "featurize", lambda items, parsed=None: rows)
    # the target model has its own test (test_target_model); no span rows here
    monkeypatch.setattr(train, "train_targets", lambda data, k, parsed=None: ({}, {}, set()))
    out = tmp_path / "model.npz"
    report = train.train(tmp_path, out, 3)
    assert report["oof_model_alone_macro_f1"] > 0.9  # the cue word decides the class
    assert 0 <= report["oof_ece_calibrated"] <= 1
    m = EventModel.load(out)
    assert m.meta["cv"]["folds"] == 3 and len(m.folds) == 3
    p = m.probs(["bias", "w=cue2"], np.zeros(2, np.float32), "a new sentence")
    assert int(np.argmax(p)) == 2
    assert len(m.types) == 4  # a type model per fold and the full one
    assert report["oof_proposed"] == 0  # every row has a rule event


def test_train_command_names_missing_gold(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import cli

    result = CliRunner().invoke(cli, ["train", "--data", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no conflibert-cameo gold" in result.output
    assert not (tmp_path / "none").exists()


def test_the_stage_version_names_the_model_so_training_re_codes(tmp_path, monkeypatch):
    from eventwire.stages import events as events_mod

    monkeypatch.setattr(events_mod, "cache_dir", lambda: tmp_path)  # no model in this cache
    plain = EventsStage(EventsOptions(model="auto")).version
    assert plain == events_mod.VERSION
    assert EventsStage(EventsOptions(model="none")).version == events_mod.VERSION
    path = write_model(tmp_path / events_mod.MODEL_FILE, ["bias"], [0, 0, 0, 0, 4.0])
    model_id = EventModel.load(path).meta["id"]
    assert EventsStage(EventsOptions(model="auto")).version == f"{plain}+model-{model_id}"
    assert EventsStage(EventsOptions(model=str(path))).version == f"{plain}+model-{model_id}"
    assert EventsStage(EventsOptions(model="none")).version == plain
