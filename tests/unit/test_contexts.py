"""PLOVER contexts: the cues that tag what an event is about, their evidence, and the lexicon's checks."""

from __future__ import annotations

import pytest

from eventwire.errors import ResourceError
from eventwire.model import Article
from eventwire.record import to_record
from eventwire.stages.contexts import PLOVER_CONTEXTS, ContextsStage, load_lexicon


@pytest.fixture(scope="module")
def pipeline(default_pipeline):
    return default_pipeline


def run(pipeline, text):
    return pipeline.run(Article(text=text, id="t"))


def cues(doc):
    return {(c.context, doc.text[c.span.start : c.span.end], c.group) for c in doc.contexts}


def test_every_packaged_context_is_a_plover_context():
    lex = load_lexicon()
    named = {c.context for cs in lex.cues.values() for c in cs}
    assert named <= set(PLOVER_CONTEXTS)
    # every context of the manual has at least one cue
    assert named == set(PLOVER_CONTEXTS)


def test_natural_and_technological_disasters_keep_their_group(pipeline):
    quake = run(pipeline, "A strong earthquake on Java killed eight people, officials said.")
    assert ("disasters", "earthquake", "natural") in cues(quake)
    blast = run(pipeline, "A gas explosion at a market killed 8 people and injured 40 others.")
    assert ("disasters", "gas explosion", "technological") in cues(blast)
    # the longer cue wins: the gas of a gas explosion is no natural resource
    assert not any(c.context == "natural_resource" for c in blast.contexts)


def test_an_events_contexts_come_from_its_own_sentence(pipeline):
    doc = run(
        pipeline,
        "Police arrested four men in a drug smuggling ring in Vancouver on Monday. "
        "Separately, the president met the Japanese ambassador to discuss trade.",
    )
    arrest = next(e for e in doc.events if e.type == "COERCE")
    assert "illegal_drugs" in arrest.contexts
    assert "diplomatic" not in arrest.contexts
    meeting = next(e for e in doc.events if e.sentence == 1)
    assert "illegal_drugs" not in meeting.contexts
    assert {"diplomatic", "economic"} <= set(meeting.contexts)


def test_contexts_follow_the_manuals_order_without_repeats(pipeline):
    doc = run(pipeline, "Rebels shelled the army's positions near the border, breaking the ceasefire.")
    (ev,) = [e for e in doc.events if e.type == "ASSAULT"]
    assert ev.contexts == tuple(sorted(set(ev.contexts), key=PLOVER_CONTEXTS.index))
    assert ev.contexts[0] == "military"


def test_names_match_as_written_and_a_proper_noun_is_no_cue(pipeline):
    doc = run(pipeline, "Bill Storm, who runs a bakery, said the WHO had praised the town's hospital.")
    found = cues(doc)
    assert ("health", "WHO", None) in found
    assert not any(c[1] in ("Bill", "Storm") for c in found)
    lower = run(pipeline, "The man who spoke said the storm had passed.")
    assert ("health", "who", None) not in cues(lower)
    assert ("disasters", "storm", "natural") in cues(lower)


def test_a_verb_is_no_noun_cue(pipeline):
    doc = run(pipeline, "Gunmen stormed the building and took 12 people hostage.")
    assert not any(c.context == "disasters" for c in doc.contexts)
    assert "terrorism" in {c.context for c in doc.contexts}  # "hostage"


def test_a_verbal_event_between_two_states_is_diplomatic(pipeline):
    doc = run(pipeline, "Russia accused Ukraine of violating the agreement on Tuesday.")
    (ev,) = [e for e in doc.events if e.type == "ACCUSE"]
    assert "diplomatic" in ev.contexts
    (cue,) = [c for c in doc.contexts if c.cue == "interstate event"]
    assert doc.text[cue.span.start : cue.span.end] == "accused"


def test_group_names_are_no_context(pipeline):
    doc = run(pipeline, "Hamas said on Sunday that it welcomed the proposal.")
    assert not any(c.context == "terrorism" for c in doc.contexts)


def test_the_record_carries_contexts_and_their_evidence(pipeline):
    doc = run(pipeline, "Floods killed 30 people in Assam, and the army evacuated thousands.")
    rec = to_record(doc)
    flood = next(c for c in rec["contexts"] if c["context"] == "disasters")
    assert flood["group"] == "natural"
    assert doc.text[flood["start"] : flood["end"]] == flood["text"] == "Floods"
    assert all("context" in e for e in rec["events"])


def test_a_bad_lexicon_names_the_file_and_the_entry(tmp_path):
    bad = tmp_path / "ctx.yaml"
    bad.write_text("contexts:\n  weather:\n    cues: [rain]\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"ctx\.yaml: 'weather' is not a PLOVER context"):
        load_lexicon(bad)
    bad.write_text("contexts: [1, 2\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="cannot be read"):
        load_lexicon(bad)
    bad.write_text("contexts:\n  crime:\n    words: [theft]\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="unknown key"):
        load_lexicon(bad)


def test_a_users_lexicon_replaces_the_packaged_one(tmp_path, parse):
    from eventwire.config import ContextsOptions

    own = tmp_path / "ctx.yaml"
    own.write_text("contexts:\n  environment:\n    cues: [plastic bag]\n", encoding="utf-8")
    stage = ContextsStage(ContextsOptions(lexicon=str(own)))
    doc = stage(parse("The council banned plastic bags on Monday."))
    assert [(c.context, c.cue) for c in doc.contexts] == [("environment", "plastic bag")]


def test_the_proper_noun_code_is_spacys():
    from spacy.parts_of_speech import PROPN

    from eventwire.stages import contexts

    assert contexts._PROPN == PROPN
