"""The spaCy adapter: sentences, mentions and offsets that point back into the text."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_blank_lines_end_sentences_but_single_newlines_do_not(parse):
    doc = parse("Militias accuse US of attacking bases | News\n\nPolice fired\ntear gas at the crowd.")
    texts = [doc.span_text(s.span).strip() for s in doc.sentences]
    assert texts == ["Militias accuse US of attacking bases | News",
                     "Police fired\ntear gas at the crowd."]


def test_mentions_point_into_the_text(parse):
    doc = parse("Benjamin Netanyahu visited France on Monday.")
    assert doc.mentions
    for m in doc.mentions:
        assert doc.span_text(m.span) == m.text
        assert m.provenance.stage == "nlp" and m.provenance.model
    assert {m.label for m in doc.mentions} >= {"PERSON", "GPE"}
    assert doc.produced == frozenset()  # the fixture runs the stage alone, outside a Pipeline
