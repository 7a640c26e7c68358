"""The phrase models (target and source): candidate phrases, when a phrase may become a
recipient, the run-time decisions and their provenance, training out-of-fold.

Models here are stand-ins that score candidates from their feature names, or are trained on a
few synthetic rows, so the tests are fast and need no gold data.
"""

from __future__ import annotations

import numpy as np
import pytest

from eventwire.errors import ResourceError
from eventwire.learn.spans import Candidate, candidates, features
from eventwire.learn.targets import FIRST_MIN, MORE_MIN, _addable, choose, main_event, retarget
from eventwire.model import Event, Participant, Provenance, Span
from eventwire.stages.event_roles import ActorIndex


def _tok(doc, word):
    return next(t for t in doc.parse if t.text == word)


def _texts(doc, cands):
    return {doc.parse[c.start : c.end].text: c.variant for c in cands}


def test_candidates_cover_base_phrases_modifiers_and_coordination(parse):
    doc = parse(
        "Chile and Norway criticised the government of Peru over its handling of the crisis."
    )
    found = _texts(doc, candidates(doc.parse[:]))
    assert found["Chile and Norway"] == "coord"
    assert found["the government"] == "base"
    assert found["the government of Peru"] == "full"
    assert "Peru" in found and "Chile" in found
    assert all(not t.endswith((" of", " and", ",")) for t in found)  # trimmed


def test_features_read_the_path_from_trigger_and_the_rule_spans(parse):
    doc = parse("Rebels attacked a convoy near the border.")
    trig = _tok(doc, "attacked")
    by_text = {doc.parse[c.start : c.end].text: c for c in candidates(doc.parse[:])}
    conv = by_text["a convoy"]
    feats = features(conv, trig, None, [(conv.start, conv.end)], [(0, 1)])
    assert "path=dobj" in feats and "rule_t=exact" in feats and "v=base" in feats
    border = by_text["the border"]
    assert any(f.startswith("prep=near") for f in features(border, trig, None, [], []))


def test_a_place_is_added_only_where_the_act_is_aimed_and_never_a_subject(parse):
    doc = parse("The government sent troops to Qatar and soldiers in Basra.")
    sent = _tok(doc, "sent")
    assert _addable(_tok(doc, "Qatar"), sent)
    assert not _addable(_tok(doc, "Basra"), sent)  # where it happened, not whom it was done to
    assert not _addable(_tok(doc, "government"), sent)  # the subject is the actor's
    doc = parse("The minister met with the envoy.")
    assert _addable(_tok(doc, "envoy"), _tok(doc, "met"))


def test_choose_takes_the_best_phrases_without_overlaps():
    cands = [Candidate(0, 3, "full", None), Candidate(0, 1, "base", None),
             Candidate(5, 6, "base", None), Candidate(8, 9, "base", None)]
    probs = np.array([0.9, 0.95, MORE_MIN + 0.05, MORE_MIN - 0.05])
    picked = [(c.start, c.end) for c, _ in choose(probs, cands)]
    assert picked == [(0, 1), (5, 6)]  # (0, 3) overlaps the better (0, 1); the last is too weak
    assert choose(np.array([FIRST_MIN - 0.01]), cands[:1]) == []


def test_main_event_is_the_most_confident_asserted_one():
    def ev(conf, status=("reported",)):
        return Event(id="e", type="ASSAULT", trigger=Span(0, 1), sentence=0, confidence=conf,
                     status=status)

    assert main_event([ev(0.5), ev(0.9, ("alleged",)), ev(0.7)]) == 2
    assert main_event([ev(0.9, ("alleged",))]) == 0
    assert main_event([]) is None


class _Model:
    """Scores a target candidate 0.9 when it has one of the wanted features, else 0.01; a
    source candidate by ``source`` features the same way (no source model without them)."""

    def __init__(self, *wanted, source=()):
        self.wanted = {"target": set(wanted), "source": set(source)}

    def has_phrases(self, side):
        return bool(self.wanted[side])

    def phrase_probs(self, side, feats, text):
        return np.array([0.9 if self.wanted[side] & set(fs) else 0.01 for fs in feats])


def _event(doc, trigger, recipients=(), actors=()):
    t = _tok(doc, trigger)
    return Event(
        id="e0", type="CONSULT", trigger=Span(t.idx, t.idx + len(t.text)), sentence=0,
        actors=tuple(actors), recipients=tuple(recipients), confidence=0.8,
        provenance=Provenance("events", "6", model="event-model/x:agree", rule="consult.meet"),
    )


def _part(doc, text, actor_id="a1"):
    start = doc.text.index(text)
    return Participant(actor_id, Span(start, start + len(text)), text)


def test_a_rule_recipient_takes_the_phrase_the_model_chose(parse):
    doc = parse("The court rejected Kenya's handling of the drought.")
    event = _event(doc, "rejected", recipients=[_part(doc, "Kenya")])
    (out,) = retarget(_Model("v=full"), doc.parse[:], [event], doc, ActorIndex(doc))
    (rec,) = out.recipients
    assert rec.text == "Kenya's handling of the drought" and rec.actor_id == "a1"
    assert out.provenance.model == "event-model/x:agree;target:span"


def test_the_model_adds_a_target_only_where_the_rules_found_none_and_the_path_allows(parse):
    doc = parse("The minister met with the Qatari envoy in Doha.")
    event = _event(doc, "met", actors=[_part(doc, "The minister", "a0")])
    (out,) = retarget(_Model("prep=with", "prep=in"), doc.parse[:], [event], doc, ActorIndex(doc))
    assert [r.text for r in out.recipients] == ["the Qatari envoy"]  # not "Doha"
    assert out.provenance.model.endswith(";target:added")
    # a phrase holding the event's actor is never its target
    (same,) = retarget(_Model("dep=nsubj"), doc.parse[:], [event], doc, ActorIndex(doc))
    assert same == event


def test_a_rule_actor_takes_the_source_phrase_the_model_chose(parse):
    doc = parse("Jan Novak, the party's spokesman, met with the envoy.")
    event = _event(doc, "met", actors=[_part(doc, "Jan Novak", "a0")],
                   recipients=[_part(doc, "the envoy")])
    model = _Model("nothing", source=("v=full",))
    (out,) = retarget(model, doc.parse[:], [event], doc, ActorIndex(doc))
    (actor,) = out.actors
    assert actor.text == "Jan Novak, the party's spokesman" and actor.actor_id == "a0"
    assert out.recipients == event.recipients
    assert out.provenance.model == "event-model/x:agree;source:span"


def test_without_phrase_models_the_events_are_unchanged(parse):
    doc = parse("The minister met with the envoy.")
    event = _event(doc, "met")
    assert retarget(_Model(), doc.parse[:], [event], doc, ActorIndex(doc)) == [event]
    assert retarget(object(), doc.parse[:], [event], doc, ActorIndex(doc)) == [event]


def test_training_phrases_out_of_fold_writes_weights_the_model_reads(tmp_path):
    pytest.importorskip("sklearn")
    from test_event_model import write_model

    from eventwire.learn import train_targets
    from eventwire.learn.features import text_key
    from eventwire.learn.model import EventModel

    rows = []
    for i in range(30):
        objs = [Candidate(0, 1, "base", None), Candidate(1, 2, "base", None)]
        good = i % 2  # the candidate with the cue is the gold target; the other, the source
        cue = [["bias", "cue" if good == 0 else "other"], ["bias", "cue" if good == 1 else "other"]]
        rows.append({
            "fold": i % 3, "keys": {text_key(f"s{i}")}, "cands": [(0, 1), (1, 2)], "objs": objs,
            "target": {"gold": {(good, good + 1)}, "feats": cue, "rule": set()},
            "source": {"gold": {(1 - good, 2 - good)}, "feats": cue,
                       "rule": {(1 - good, 2 - good)}},
        })
    arrays, report, keys = train_targets.fit_phrases(rows, 3, "target")
    assert report["oof_target_model_prf"][2] > 0.9  # held-out rows: the cue decides
    assert report["oof_target_rules_prf"] == (0.0, 0.0, 0.0)
    assert len(keys) == 30 and {f for _, f in keys} == {0, 1, 2}
    source, srep, _ = train_targets.fit_phrases(rows, 3, "source")
    assert srep["oof_source_rules_prf"] == (1.0, 1.0, 1.0)
    assert set(source) == {"sfeatures"} | {f"s{x}{j}" for x in "wb" for j in range(4)}
    path = write_model(tmp_path / "m.npz", ["bias"], [0, 0, 0, 0, 1.0])
    with np.load(path) as data:
        merged = {k: data[k] for k in data.files}
    merged.update({k: arrays[k] for k in ("gfeatures", "gw0", "gb0")})
    merged["gw1"], merged["gb1"] = arrays["gw3"], arrays["gb3"]  # the file has 1 fold, then full
    np.savez(tmp_path / "t.npz", **merged)
    m = EventModel.load(tmp_path / "t.npz")
    assert m.has_phrases("target") and not m.has_phrases("source")
    p = m.phrase_probs("target", [["bias", "cue"], ["bias", "other"]], "an unseen sentence")
    assert p[0] > 0.5 > p[1]
    assert not EventModel.load(path).has_phrases("target")
    # weights that do not fit the feature list: a clear error at load, not a crash per article
    merged["gw0"] = np.zeros(len(arrays["gfeatures"]) + 1, np.float32)
    np.savez(tmp_path / "bad.npz", **merged)
    with pytest.raises(ResourceError, match="target model's weights do not match"):
        EventModel.load(tmp_path / "bad.npz")
