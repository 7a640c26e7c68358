"""The stand-ins for spaCy's attribute ruler and rule lemmatizer (stages/spacy_rules.py) give
every token the attributes the stock components give, on real news and on the ruler's rare
patterns (several tokens, regular expressions, exceptions), and are used only where they can."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.stages import spacy_rules
from eventwire.stages.nlp import load_spacy
from eventwire.stages.spacy_rules import FastAttributeRuler, speed_up

REPO = Path(__file__).resolve().parents[2]

ATTRS = ("ORTH", "POS", "TAG", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START")
#: the ruler's multi-token, regular-expression and dependency patterns, and a space token
RARE = (
    "Y'all ain't gon na believe it: nothin' works, let's go.  C'm on, we got ta leave.\n\n"
    "There is a man who was there; that is what those said. It's been done, hasn't it?"
)


@pytest.fixture(scope="module")
def models():
    stock = load_spacy(Settings().nlp.model, fast_rules=False)
    fast = load_spacy(Settings().nlp.model)
    return stock, fast


def rows(doc):
    return doc.to_array(list(ATTRS)).tolist(), [(t.lemma_, str(t.morph), t.pos_) for t in doc]


def texts() -> list[str]:
    out = [RARE]
    for name in ("wikinews.jsonl", "seed-article.jsonl"):
        with (REPO / "samples" / name).open(encoding="utf-8") as fh:
            out += [json.loads(line)["text"] for line in fh if line.strip()]
    return out


def test_the_loaded_model_runs_the_stand_ins(models):
    stock, fast = models
    assert fast.pipe_names == stock.pipe_names
    assert type(fast.get_pipe("attribute_ruler").inner) is FastAttributeRuler
    assert type(fast.get_pipe("lemmatizer").inner) is spacy_rules.FastLemmatizer
    assert not hasattr(stock.get_pipe("attribute_ruler"), "inner")


def test_every_token_gets_the_stock_attributes(models):
    stock, fast = models
    docs = texts()
    assert len(docs) > 30
    for text, a, b in zip(docs, stock.pipe(docs), fast.pipe(docs), strict=True):
        assert rows(b) == rows(a), text[:80]


def test_the_rare_patterns_fire(models):
    _, fast = models
    doc = fast(RARE)
    got = {(t.text, t.i): (t.lemma_, t.pos_, t.dep_) for t in doc}
    lemma = {t.text: t.lemma_ for t in doc}
    assert lemma["nothin'"] == "nothing"  # a regular expression
    assert lemma["ai"] == "be" and lemma["C'm"] == "come"  # two tokens, the first set
    assert [t.lemma_ for t in doc if t.text == "na"] == ["to"]  # two tokens, the second set
    assert [t.lemma_ for t in doc if t.text == "'s" and doc[t.i - 1].lower_ == "let"] == ["us"]
    there = next(t for t in doc if t.text == "There")
    assert doc[there.i + 1].pos_ == "VERB"  # "there is": a dependency and a word
    assert any(v == (" ", "SPACE", "dep") for v in got.values())  # a space token


def test_a_ruler_with_patterns_it_cannot_answer_keeps_the_stock_component():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "x"})
    assert FastAttributeRuler.of(ruler) is None
    ruler2 = spacy.blank("en").add_pipe("attribute_ruler")
    ruler2.add([[{"LENGTH": 3}]], {"LEMMA": "x"})
    assert FastAttributeRuler.of(ruler2) is None
    assert speed_up(nlp) == []  # nothing swapped, the stock ruler stays
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"


def test_the_memo_starts_afresh_when_full(models, monkeypatch):
    stock, fast = models
    monkeypatch.setattr(spacy_rules, "MEMO_MAX", 5)
    fresh = FastAttributeRuler.of(fast.get_pipe("attribute_ruler").inner.ruler)
    text = texts()[1]
    doc = fast(text)
    fresh(doc)  # the same rules again, from an empty memo that may hold five keys
    assert 0 < len(fresh.memo) <= 5
    assert rows(doc) == rows(stock(text))
